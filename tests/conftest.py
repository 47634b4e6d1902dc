"""Fixtures that mirror the pipeline: a tiny archive on disk, then each stage built on the one before."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from build_tools.diagnostics import Diagnostics, Severity
from build_tools.link import Archive
from build_tools.pipeline import Inputs, PipelineResult, PreparedArticle, load_inputs, prepare_articles, run_pipeline

REPO = Path(__file__).resolve().parent.parent
"""The repository: the tool (`build_tools/`, `mkdocs.yml`, `docs/`, `overrides/`). Tests never read its content."""
SEED = Path(__file__).resolve().parent / "fixtures" / "seed"
"""The frozen seed archive (`articles/`, `annotations/`, `permalinks.txt`): what the tool's tests run on."""
CONTENT_CHECKS = Path(__file__).resolve().parent / "content"
"""Checks of the live archive (`make check-content`): run only when named on the command line."""
SEED_CONTENT = ("articles", "annotations", "permalinks.txt", "redirects.yml")
"""What `seed_checkout` copies from the frozen seed (`redirects.yml` if it has one)."""
SITE_FILES = ("mkdocs.yml", "docs", "overrides")
"""What a buildable archive needs besides its content, copied from the repository: these are the tool."""

TINY_FILES = {
    "articles/daily-2020-01-01-budget.txt": (
        "Home | World | Share\n"
        "Budget talks collapse\n"
        "\n"
        "Budget talks collapse\n"
        "1 Jan, 2020 10:30\n"
        "\n"
        "LONDON, January 1. The finance minister, Jane Roe, said talks had failed.\n"
        "\n"
        '"We will not sign a budget that cuts pensions," Roe said on Monday.\n'
        "\n"
        "READ MORE: Pensions explained\n"
        "\n"
        "The opposition leader John Doe called the claim 'a fantasy — nothing more'.\n"
        "\n"
        "Newsletter\n"
        "Sign up today\n"
    ),
    "articles/herald-2020-01-02-budget.txt": (
        "Minister: no pension cuts\n"
        "\n"
        "HERALD - Jane Roe insisted: \u201cWe will not sign a budget that cuts pensions.\u201d\n"
        "\n"
        "Doe disagreed.\n"
    ),
    "articles/herald-2020-01-03-unannotated.txt": "Quiet day\n\nNothing happened today.\n",
    "annotations/outlets.yml": """\
        daily:
          name: The Daily
          url: https://daily.example.org
          country: GB
          language: en
          cleaning:
            detect: ['^Home \\| World']
            drop_lines:
              - {pattern: '^Home \\| World', reason: navigation}
            trailer:
              - {pattern: '^Newsletter$', reason: newsletter box}
            timestamp: {pattern: '^\\d{1,2} [A-Z][a-z]{2}, \\d{4} \\d{2}:\\d{2}$', format: '%d %b, %Y %H:%M'}
            dateline: '^(?P<place>[A-Z]+), '
            read_more: '^READ MORE: (?P<title>.+)$'
        herald:
          name: The Herald
          cleaning:
            detect: ['^HERALD - ']
        """,
    "annotations/speakers.yml": """\
        jane-roe:
          name: Jane Roe
          type: person
          aliases: [Roe]
          roles:
            - {title: Finance minister, organization: finance-ministry}
        john-doe:
          name: John Doe
          type: person
          aliases: [Doe]
        finance-ministry:
          name: Finance Ministry
          type: organization
        """,
    "annotations/events.yml": """\
        budget-2020:
          title: Budget talks of 2020
          date: "2020-01-01"
          tags: [budget]
        """,
    "annotations/tags.yml": """\
        budget:
          title: Budget
        pensions:
          title: Pensions
          description: Old-age pensions.
        """,
    "annotations/articles/daily-2020-01-01-budget.yml": """\
        article:
          event: budget-2020
          tags: [budget]
        claims:
          - id: talks-failed
            quote: talks had failed
            speaker: jane-roe
            cue: said
            kind: indirect
            summary: The minister says the budget talks failed.
          - id: no-pension-cuts
            quote: We will not sign a budget that cuts pensions,
            speaker: jane-roe
            cue: Roe said
            kind: direct
            summary: The minister rules out a budget that cuts pensions.
            tags: [pensions]
            relations:
              - same-as: herald-2020-01-02-budget#no-cuts
          - id: fantasy
            quote: a fantasy — nothing more
            speaker: john-doe
            cue: called
            kind: direct
            summary: The opposition leader dismisses the minister's claim.
            relations:
              - contradicts: daily-2020-01-01-budget#no-pension-cuts
        references:
          - same-event: herald-2020-01-02-budget
        notes: A tiny article for tests.
        """,
    "annotations/articles/herald-2020-01-02-budget.yml": """\
        article:
          published: "2020-01-02"
          event: budget-2020
        claims:
          - id: no-cuts
            quote: We will not sign a budget that cuts pensions.
            speaker: jane-roe
            cue: insisted
            kind: direct
            summary: The minister rules out a budget that cuts pensions.
        """,
}


def write_tree(root: Path, files: dict[str, str]) -> None:
    """Write files (dedented YAML, raw articles as given) under `root`."""
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        text = content if relative.startswith("articles/") else textwrap.dedent(content)
        path.write_text(text, encoding="utf-8")


def copy_into(root: Path, source: Path, names: tuple[str, ...]) -> None:
    """Copy the named files and folders of `source` that exist into `root`."""
    root.mkdir(parents=True, exist_ok=True)
    for name in names:
        if (source / name).is_dir():
            shutil.copytree(source / name, root / name)
        elif (source / name).is_file():
            shutil.copy(source / name, root / name)


def mkdocs_build(root: Path, site: Path | str = "site") -> str:
    """`mkdocs build --strict` of the checkout at `root` into `site`, as a user runs it; what it logged."""
    import os  # noqa: PLC0415
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    mkdocs = Path(sys.executable).with_name("mkdocs")
    completed = subprocess.run(
        [str(mkdocs), "build", "--strict", "--site-dir", str(site)],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stderr


def bench_generate(root: Path, n: int) -> None:
    """Write the benchmark generator's synthetic archive of `n` articles into `root` (`bench/generate.py`)."""
    import importlib.util  # noqa: PLC0415 - only the tests of benchmark-sized archives need it
    import sys  # noqa: PLC0415

    spec = importlib.util.spec_from_file_location("bench_generate", REPO / "bench" / "generate.py")
    assert spec is not None
    assert spec.loader is not None
    module = sys.modules.get(spec.name)
    if module is None:
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # Its dataclasses look their module up.
        spec.loader.exec_module(module)
    module.generate(root, n)


def seed_checkout(root: Path) -> Path:
    """A buildable checkout at `root`: the frozen seed's content with the repository's site configuration."""
    copy_into(root, SEED, SEED_CONTENT)
    copy_into(root, REPO, SITE_FILES)
    return root


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Leave out the content checks unless they are named (`pytest tests/content`, as `make check-content` runs).

    They check the live archive, not the tool, and a plain `pytest` is the tool's test suite.
    """
    if collection_path != CONTENT_CHECKS:
        return None
    named = [Path(arg.partition("::")[0]).resolve() for arg in config.args]
    return None if any(path == CONTENT_CHECKS or CONTENT_CHECKS in path.parents for path in named) else True


SLOW_FIXTURES = {
    "seed_site": "site",
    "server_url": "browser",
    "built_tiny": "site",
    "two_builds": "site",
    "payload_site": "site",
    "safety_browser": "browser",
    "redirected": "site",
    "event_site": "site",
    "event_url": "browser",
    "bench_archive": "slow",
}
"""Fixtures that build a site or drive a browser, and the marker each test that uses one (even indirectly) gets.

`seed_site` is defined here, `server_url` in `browser/conftest.py` and `content/conftest.py`
(`event_site` and `event_url` in `browser/conftest.py`),
`redirected` in `test_import_permalinks.py`, `bench_archive` in `test_page_cache.py`, the others in `test_build_safety.py`.
"""


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark tests by what they need (`make unit` leaves out `site`, `browser` and `slow`).

    A test that builds a site through a fixture is marked by that fixture; a test that builds one
    in its body carries the marker itself.
    """
    for item in items:
        for fixture, marker in SLOW_FIXTURES.items():
            if fixture in getattr(item, "fixturenames", ()):
                item.add_marker(marker)


@pytest.fixture(name="tiny_archive")
def fixture_tiny_archive(tmp_path: Path) -> Path:
    """A small archive on disk: two outlets, three articles (one unannotated), one statement."""
    write_tree(tmp_path, TINY_FILES)
    return tmp_path


@pytest.fixture(name="edit_archive")
def fixture_edit_archive(tiny_archive: Path) -> Callable[[str, str], Path]:
    """A function that replaces one file of the tiny archive and returns the archive root."""

    def edit(relative: str, content: str) -> Path:
        write_tree(tiny_archive, {relative: content})
        return tiny_archive

    return edit


@pytest.fixture(name="tiny_inputs")
def fixture_tiny_inputs(tiny_archive: Path) -> tuple[Inputs, Diagnostics]:
    """The pipeline's first step on the tiny archive: registries loaded and validated, article files found."""
    diagnostics = Diagnostics()
    return load_inputs(tiny_archive, diagnostics), diagnostics


@pytest.fixture(name="tiny_prepared")
def fixture_tiny_prepared(tiny_inputs: tuple[Inputs, Diagnostics]) -> dict[str, PreparedArticle]:
    """Each article of the tiny archive loaded, validated, cleaned and anchored, by id (all without errors)."""
    inputs, _ = tiny_inputs
    prepared = {item.article_id: item for item in prepare_articles(inputs, cache=False)}
    errors = [str(d) for item in prepared.values() for d in item.diagnostics if d.severity is Severity.ERROR]
    assert not errors, errors
    return prepared


@pytest.fixture(name="tiny_result")
def fixture_tiny_result(tiny_archive: Path) -> PipelineResult:
    """The whole pipeline run on the tiny archive."""
    return run_pipeline(tiny_archive)


@pytest.fixture(name="tiny_linked")
def fixture_tiny_linked(tiny_result: PipelineResult) -> Archive:
    """The tiny archive, linked (the pipeline must succeed)."""
    assert tiny_result.archive is not None, [str(d) for d in tiny_result.diagnostics.errors]
    return tiny_result.archive


@pytest.fixture(name="tiny_linked_once", scope="session")
def fixture_tiny_linked_once(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    """The tiny archive linked once for the whole run, for tests that only read it (render, search, export)."""
    root = tmp_path_factory.mktemp("tiny")
    write_tree(root, TINY_FILES)
    result = run_pipeline(root)
    assert result.archive is not None, [str(d) for d in result.diagnostics.errors]
    return result.archive


@pytest.fixture(name="seed_root", scope="session")
def fixture_seed_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A checkout of the frozen seed for tests that only read it (the pipeline writes its cache there)."""
    return seed_checkout(tmp_path_factory.mktemp("seed-root"))


@pytest.fixture(name="seed_result", scope="session")
def fixture_seed_result(seed_root: Path) -> PipelineResult:
    """The pipeline run on the frozen seed archive."""
    return run_pipeline(seed_root)


@pytest.fixture(name="seed_site", scope="session")
def fixture_seed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The frozen seed built with `mkdocs build --strict` in a checkout of its own, as a user would."""
    workdir = seed_checkout(tmp_path_factory.mktemp("seed"))
    site = workdir / "site"
    mkdocs_build(workdir, site)
    return site


@pytest.fixture(name="playwright_driver", scope="session")
def fixture_playwright_driver() -> Iterator[object]:
    """One Playwright driver for the whole run: its synchronous API allows only one at a time."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - only the browser tests need it

    with sync_playwright() as driver:
        yield driver

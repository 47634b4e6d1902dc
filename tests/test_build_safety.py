"""Building is safe: a failed build keeps the previous site, builds are reproducible, nothing injects.

The tiny archive (`tests/conftest.py`) is built with the repository's `mkdocs.yml`, `docs/` and
theme overrides. For injection, hostile payloads go into every free-text field of the tiny
archive (`tests/payloads.py`); the built HTML is read as a browser tokenizes it
(`tests/htmltree.py`), then every page type is opened in headless Chromium, served from 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
import textwrap
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from build_tools.cli import main
from tests.conftest import REPO, SITE_FILES, TINY_FILES, copy_into, write_tree
from tests.htmltree import Node, parse_file, visible_text
from tests.payloads import DAILY, FIELDS_SHOWN, dump, payload, payload_files
from tests.sitecheck import serve

ARCHIVE = Path(sys.executable).with_name("archive")


# --------------------------------------------------------------------------------------------
# Helpers: archives, builds, snapshots
# --------------------------------------------------------------------------------------------


def make_archive(root: Path, files: dict[str, str] = TINY_FILES) -> Path:
    """Write an archive (the tiny one by default) with the repository's site configuration."""
    write_tree(root, files)
    copy_into(root, REPO, SITE_FILES)
    return root


def build_in_process(
    root: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> tuple[int, str]:
    """`archive build` through `build_tools.cli.main`: (exit status, everything printed or logged).

    MkDocs reports through `logging` (to stderr in a real process; to caplog under pytest). The
    environment is restored afterwards: the plugin fixes SOURCE_DATE_EPOCH for the process.
    """
    saved = os.environ.copy()
    try:
        status = main(["--root", str(root), "build"])
    finally:
        os.environ.clear()
        os.environ.update(saved)
    out, err = capsys.readouterr()
    return status, out + err + caplog.text


def build_process(root: Path, site_dir: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`archive build` in a fresh process with a clean environment, as CI runs it."""
    command = [str(ARCHIVE), "--root", str(root), "build"]
    if site_dir is not None:
        command += ["--site-dir", str(site_dir)]
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    completed = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False, env=env)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return completed


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file's bytes and every folder (as None) under `folder`, by relative path."""
    return {
        path.relative_to(folder).as_posix(): (path.read_bytes() if path.is_file() else None)
        for path in sorted(folder.rglob("*"))
    }


def differences(a: dict[str, bytes | None], b: dict[str, bytes | None]) -> list[str]:
    return sorted(
        [f"only in the first: {p}" for p in a.keys() - b.keys()]
        + [f"only in the second: {p}" for p in b.keys() - a.keys()]
        + [f"differs: {p}" for p in a.keys() & b.keys() if a[p] != b[p]]
    )


# --------------------------------------------------------------------------------------------
# 1. A failed build keeps the previous site
# --------------------------------------------------------------------------------------------

BREAKAGES = {
    "unknown-speaker": (
        DAILY,
        textwrap.dedent(TINY_FILES[DAILY]).replace("speaker: jane-roe", "speaker: jane-row", 1),
        "annotations/articles/daily-2020-01-01-budget.yml:7:14: error: unknown speaker 'jane-row' (did you mean 'jane-roe'?)",
    ),
    "yaml-syntax-error": (
        DAILY,
        'article:\n  title: "Budget talks collapse\n',
        "annotations/articles/daily-2020-01-01-budget.yml:",
    ),
    # Fails late, in MkDocs' strict mode, after pages were written into the staging folder.
    "broken-link-in-docs": (
        "docs/about.md",
        (REPO / "docs" / "about.md").read_text(encoding="utf-8") + "\n[A page that does not exist](missing-page.md)\n",
        "missing-page.md",
    ),
}


@pytest.fixture(name="built_tiny", scope="module")
def fixture_built_tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny archive, built once into its `site/` (copied by the tests that change it)."""
    root = make_archive(tmp_path_factory.mktemp("built") / "archive")
    build_process(root)
    return root


@pytest.mark.parametrize("breakage", list(BREAKAGES))
def test_failed_build_keeps_the_previous_site(
    breakage: str,
    built_tiny: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    root = tmp_path / "archive"
    shutil.copytree(built_tiny, root, symlinks=True)
    before = snapshot(root / "site")
    relative, content, message = BREAKAGES[breakage]
    (root / relative).write_text(content, encoding="utf-8")

    status, output = build_in_process(root, capsys, caplog)

    assert status == 1
    assert message in output
    assert "Traceback" not in output
    changed = differences(before, snapshot(root / "site"))
    assert not changed, "\n".join(changed)
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site")) == []


def test_successful_build_replaces_the_site(
    built_tiny: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    root = tmp_path / "archive"
    shutil.copytree(built_tiny, root, symlinks=True)
    (root / "site" / "stale.html").write_text("left over", encoding="utf-8")
    status, output = build_in_process(root, capsys, caplog)
    assert status == 0, output
    assert not (root / "site" / "stale.html").exists()
    assert (root / "site" / "articles" / "daily-2020-01-01-budget" / "index.html").is_file()
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site")) == []


# --------------------------------------------------------------------------------------------
# 2. Same inputs, same bytes
# --------------------------------------------------------------------------------------------


@pytest.fixture(name="two_builds", scope="module")
def fixture_two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, float, float]:
    """The tiny archive built twice, into two folders, in two processes: (site a, site b, start, end)."""
    root = make_archive(tmp_path_factory.mktemp("twice") / "archive")
    start = time.time()
    build_process(root, root / "site-a")
    build_process(root, root / "site-b")
    return root / "site-a", root / "site-b", start, time.time()


def test_two_builds_are_byte_identical(two_builds: tuple[Path, Path, float, float]) -> None:
    site_a, site_b, _, _ = two_builds
    differing = differences(snapshot(site_a), snapshot(site_b))
    assert not differing, "\n".join(differing)


def test_output_does_not_carry_the_build_date(two_builds: tuple[Path, Path, float, float]) -> None:
    site, _, start, end = two_builds
    # The tiny archive's inputs are from 2020: today's date can only come from the clock, unless a
    # hand-written page of docs/ says it (a benchmark run dated the day it ran).
    days = {datetime.fromtimestamp(t, tz).strftime("%Y-%m-%d") for t in (start, end) for tz in (UTC, None)}
    written = "".join(p.read_text(encoding="utf-8") for p in (site.parent / "docs").rglob("*.md"))
    days = {day for day in days if day not in written}
    stamped = [
        f"{path.relative_to(site)} contains {day}"
        for path in sorted(site.rglob("*"))
        if path.is_file()
        for day in sorted(days)
        if day.encode() in path.read_bytes()
    ]
    for path in sorted(site.rglob("*.gz")):
        mtime = int.from_bytes(path.read_bytes()[4:8], "little")
        if mtime and datetime.fromtimestamp(mtime, UTC).strftime("%Y-%m-%d") in days:
            stamped.append(f"{path.relative_to(site)} has the gzip time {mtime}")
    assert not stamped, "\n".join(stamped)


def test_site_folder_is_readable_like_any_build_output(two_builds: tuple[Path, Path, float, float]) -> None:
    # A web server running as another user must be able to read site/; MkDocs creates it with the
    # umask's permissions, and so should the build that swaps a staging folder into place.
    site, _, _, _ = two_builds
    umask = os.umask(0)
    os.umask(umask)
    assert oct(stat.S_IMODE(site.stat().st_mode)) == oct(0o777 & ~umask)


# --------------------------------------------------------------------------------------------
# 3. Injection: payloads in every free-text field
# --------------------------------------------------------------------------------------------


@pytest.fixture(name="payload_site", scope="module")
def fixture_payload_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_archive(tmp_path_factory.mktemp("payloads") / "archive", payload_files())
    build_process(root)
    return root / "site"


def html_pages(site: Path) -> Iterator[tuple[str, Node]]:
    """Every HTML page of a built site as (path in the site, tree), read as a browser tokenizes it (see `tests.htmltree`)."""
    for path in sorted(site.rglob("*.html")):
        yield path.relative_to(site).as_posix(), parse_file(path)


def attributes(tree: Node) -> Iterator[tuple[str, str, str]]:
    """(tag, attribute name, value) of every attribute of every element, duplicates included."""
    for node in tree.iter():
        for name, value in node.attributes:
            yield node.tag, name, value


URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "xlink:href", "poster", "data", "background"}
SCRIPT_SCHEMES = re.compile(r"^\s*(javascript|data|vbscript):", re.IGNORECASE)


def test_payload_archive_passes_the_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_archive(tmp_path / "archive", payload_files())
    status = main(["--root", str(root), "check"])
    assert status == 0, capsys.readouterr().out


def test_no_element_has_an_event_handler(payload_site: Path) -> None:
    # The theme itself uses no on* attributes, so any is injected.
    found = [
        f"{page}: <{tag} {name}={value[:60]!r}>"
        for page, tree in html_pages(payload_site)
        for tag, name, value in attributes(tree)
        if name.startswith("on")
    ]
    assert not found, "\n".join(found)


def test_no_script_carries_a_payload(payload_site: Path) -> None:
    found = []
    for page, tree in html_pages(payload_site):
        for script in tree.find_all("script"):
            text = script.text()
            if script.get("type").endswith("json"):
                json.loads(text)  # data blocks may hold the payload as data, but must stay one JSON value
            elif "__pwned" in text:
                found.append(f"{page}: <script>{text[:60]}")
    assert not found, "\n".join(found)


def test_no_link_or_source_uses_a_script_scheme(payload_site: Path) -> None:
    found = [
        f"{page}: <{tag} {name}={value[:60]!r}>"
        for page, tree in html_pages(payload_site)
        for tag, name, value in attributes(tree)
        if name in URL_ATTRIBUTES and SCRIPT_SCHEMES.match(value)
    ]
    assert not found, "\n".join(found)


def test_nothing_points_at_the_payloads_host(payload_site: Path) -> None:
    found = [
        f"{page}: <{tag} {name}={value[:60]!r}>"
        for page, tree in html_pages(payload_site)
        for tag, name, value in attributes(tree)
        if (name in URL_ATTRIBUTES or tag == "img") and "evil.example" in value
    ]
    assert not found, "\n".join(found)


def test_templates_in_payloads_are_not_evaluated(payload_site: Path) -> None:
    evaluated = [
        path.relative_to(payload_site).as_posix()
        for path in sorted(payload_site.rglob("*"))
        if path.is_file() and b"JINJAJINJAJINJA" in path.read_bytes()
    ]
    assert not evaluated, "\n".join(evaluated)


def test_data_files_stay_well_formed(payload_site: Path) -> None:
    for path in sorted(payload_site.rglob("*.json")) + sorted(payload_site.rglob("*.jsonld")):
        json.loads(path.read_text(encoding="utf-8"))
    for path in sorted(payload_site.rglob("*.xml")):
        ET.parse(path)


@pytest.mark.parametrize(("label", "page"), list(FIELDS_SHOWN.items()))
def test_payload_is_shown_as_text(label: str, page: str, payload_site: Path) -> None:
    assert payload(label) in visible_text(parse_file(payload_site / page / "index.html"))


URL_FIELDS: dict[str, Callable[[dict], None]] = {
    "article-url": lambda f: f[DAILY]["article"].__setitem__("url", "{url}"),
    "article-archived-url": lambda f: f[DAILY]["article"].__setitem__("archived_url", "{url}"),
    "review-source": lambda f: f[DAILY]["claims"][0]["review"]["sources"].__setitem__(0, "{url}"),
    "external-source-url": lambda f: f[DAILY]["claims"][3]["relations"][0]["refutes"].__setitem__("url", "{url}"),
    "reference-url": lambda f: f[DAILY]["references"][1]["cites"].__setitem__("url", "{url}"),
    "speaker-link": lambda f: f["annotations/speakers.yml"]["payload-person"]["links"].__setitem__(0, "{url}"),
    "outlet-url": lambda f: f["annotations/outlets.yml"]["daily"].__setitem__("url", "{url}"),
}
SCRIPT_URLS = ("javascript:window.__pwned=1", "data:text/html,<script>window.__pwned=1</script>", "//evil.example/x")


@pytest.mark.parametrize("url", SCRIPT_URLS)
@pytest.mark.parametrize("field", list(URL_FIELDS))
def test_url_fields_refuse_other_schemes(
    field: str, url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = payload_files()
    data = {k: yaml.safe_load(v) for k, v in files.items() if k.startswith("annotations/")}
    URL_FIELDS[field](data)
    files.update({k: dump(v).replace("'{url}'", json.dumps(url)) for k, v in data.items()})
    write_tree(tmp_path, files)
    status = main(["--root", str(tmp_path), "check"])
    refused = [line for line in capsys.readouterr().out.splitlines() if "expected an http or https URL" in line]
    assert status == 1
    # An outlet with a bad URL is left out, so its articles' outlets are reported unknown too.
    assert [line.split(": ", 1)[1] for line in refused] == [f"error: expected an http or https URL, got '{url}'"]


# --------------------------------------------------------------------------------------------
# 4. The payload site in a browser
# --------------------------------------------------------------------------------------------

BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PAGE_TYPES = {
    "home": "",
    "article": "articles/daily-2020-01-01-budget/",
    "article-with-payload-headline": "articles/herald-2020-01-02-budget/",
    "speaker": "speakers/payload-person/",
    "outlet": "outlets/daily/",
    "event": "events/budget-2020/",
    "tag": "tags/budget/",
    "claims-index": "claims/",
    "statement": "statements/*/",
    "timeline": "timeline/",
}
"""Each page type, by its URL (a glob for pages whose id is derived)."""


@pytest.fixture(name="served_site", scope="module")
def fixture_served_site(payload_site: Path) -> Iterator[str]:
    """The payload site on http://127.0.0.1:<port>/ (the server is listening before the first test)."""
    with serve(payload_site) as url:
        yield url + "/"


SETTLED = """() => new Promise(resolve => {
  // Whatever hovering and focusing set off has run: every image has loaded or failed (so its onload or
  // onerror has fired), then two frames have been drawn.
  const pending = [...document.images].filter(img => !img.complete).map(img => new Promise(done => {
    img.addEventListener("load", done, {once: true});
    img.addEventListener("error", done, {once: true});
  }));
  Promise.all(pending).then(() => requestAnimationFrame(() => requestAnimationFrame(() => resolve(true))));
})"""


@pytest.fixture(name="safety_browser", scope="module")
def fixture_safety_browser(playwright_driver: Any) -> Iterator[object]:
    browser = playwright_driver.chromium.launch(executable_path="/usr/bin/chromium", args=BROWSER_ARGS)
    yield browser
    browser.close()


def _page_url(site: Path, pattern: str) -> str:
    if "*" not in pattern:
        return pattern
    matches = sorted(p.parent.relative_to(site).as_posix() + "/" for p in site.glob(pattern + "index.html"))
    assert matches, f"no page matches {pattern}"
    return matches[0]


@pytest.mark.parametrize("page_type", list(PAGE_TYPES))
def test_page_runs_no_payload_in_a_browser(
    page_type: str, payload_site: Path, served_site: str, safety_browser: Any
) -> None:
    context = safety_browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    dialogs: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.goto(served_site + _page_url(payload_site, PAGE_TYPES[page_type]), wait_until="load")
        for selector in ("mark.claim[data-claim]", ".claim-pin a, .claim-pin button"):
            markers = page.locator(selector)
            for index in range(markers.count()):
                markers.nth(index).hover(force=True, timeout=2000)
                markers.nth(index).focus(timeout=2000)
        page.evaluate(SETTLED)
        pwned = page.evaluate("typeof window.__pwned")
    finally:
        context.close()
    other_hosts = sorted(
        {url for url in requests if urlsplit(url).scheme in ("http", "https") and urlsplit(url).hostname != "127.0.0.1"}
    )
    assert pwned == "undefined"
    assert dialogs == []
    assert other_hosts == []

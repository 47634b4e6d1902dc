"""The frozen seed builds the same with ProperDocs, the continuation of MkDocs 1.x, as with MkDocs.

Both engines build their own checkout of the seed with `--strict`, and every file of the two sites
is compared byte for byte (the archive plugin dates both builds by the newest article, so even the
sitemap's dates agree). The only differences allowed are listed in `EXPLAINED`, each with its
reason; anything else fails with the files and lines that differ.
"""

from __future__ import annotations

import difflib
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import pytest

from tests.conftest import SEED, seed_checkout

pytestmark = pytest.mark.site


@dataclass(frozen=True, slots=True)
class Explained:
    """A difference between the two builds that is expected, and why."""

    pattern: re.Pattern[bytes]
    """What differs: the MkDocs build's bytes matching this are replaced by the ProperDocs build's."""
    why: str
    """Why the engines differ there."""


EXPLAINED = {
    "generator meta tag": Explained(
        re.compile(rb'<meta name="generator" content="mkdocs-[^"]*">'),
        "Material's base.html writes `mkdocs-{{ mkdocs_version }}` into every page it renders; ProperDocs "
        "gives `mkdocs_version` as `ProperDocs <version>` where MkDocs gives its own version",
    ),
}
"""Every difference allowed between the MkDocs and the ProperDocs build."""


def build(engine: str, root: Path) -> Path:
    """Build the checkout at `root` with `engine` (mkdocs or properdocs) from this environment; the site."""
    site = root / "site"
    command = [
        str(Path(sys.executable).with_name(engine)),
        "build",
        "--strict",
        "-f",
        "mkdocs.yml",
        "--site-dir",
        str(site),
    ]
    environment = os.environ | {"NO_MKDOCS_2_WARNING": "1"}
    completed = subprocess.run(command, cwd=root, env=environment, capture_output=True, text=True, check=False)
    assert completed.returncode == 0, f"{engine} build failed:\n{completed.stderr}"
    return site


def tree(site: Path) -> dict[str, bytes]:
    """Every file of a built site, by its path relative to the site."""
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def compare(mkdocs: dict[str, bytes], properdocs: dict[str, bytes]) -> tuple[dict[str, list[str]], list[str]]:
    """Which files differ by which explained difference, and every unexplained difference, described."""
    explained: dict[str, list[str]] = {name: [] for name in EXPLAINED}
    unexplained = [f"{path}: only in the MkDocs build" for path in sorted(mkdocs.keys() - properdocs.keys())]
    unexplained += [f"{path}: only in the ProperDocs build" for path in sorted(properdocs.keys() - mkdocs.keys())]
    for path in sorted(mkdocs.keys() & properdocs.keys()):
        reference, candidate = mkdocs[path], properdocs[path]
        for name, difference in EXPLAINED.items():
            replaced = _explain(difference.pattern, reference, candidate)
            if replaced != reference:
                explained[name].append(path)
                reference = replaced
        if reference != candidate:
            unexplained.append(f"{path}: differs\n{_diff(reference, candidate)}")
    return explained, unexplained


def _explain(pattern: re.Pattern[bytes], reference: bytes, candidate: bytes) -> bytes:
    """`reference` with the one match of `pattern` replaced by the one match in `candidate` (unchanged unless each has one)."""
    (reference_matches, candidate_matches) = (pattern.findall(reference), pattern.findall(candidate))
    if len(reference_matches) != 1 or len(candidate_matches) != 1:
        return reference
    return pattern.sub(lambda _: candidate_matches[0], reference)


def _diff(reference: bytes, candidate: bytes) -> str:
    """The first lines of a unified diff of two files (MkDocs first), as text."""
    lines = difflib.unified_diff(
        reference.decode(errors="replace").splitlines(),
        candidate.decode(errors="replace").splitlines(),
        "mkdocs",
        "properdocs",
        lineterm="",
    )
    return "\n".join(list(lines)[:20])


@pytest.fixture(name="two_engines", scope="module")
def fixture_two_engines(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The frozen seed built with MkDocs and with ProperDocs, each in a checkout of its own."""
    return (
        build("mkdocs", seed_checkout(tmp_path_factory.mktemp("mkdocs"))),
        build("properdocs", seed_checkout(tmp_path_factory.mktemp("properdocs"))),
    )


def test_properdocs_builds_the_seed_as_mkdocs_does_but_for_the_listed_differences(two_engines) -> None:
    mkdocs_site, properdocs_site = two_engines
    mkdocs, properdocs = tree(mkdocs_site), tree(properdocs_site)
    explained, unexplained = compare(mkdocs, properdocs)
    assert unexplained == [], "\n".join(unexplained)
    # The one difference is on every page Material renders (each carries the tag) and nowhere else.
    pages = sorted(path for path, content in mkdocs.items() if b'<meta name="generator"' in content)
    assert explained == {"generator meta tag": pages}


def test_each_engine_names_itself_in_the_generator_tag(two_engines) -> None:
    """The builds really ran on the two engines: a ProperDocs that fell back to MkDocs would fail here."""
    mkdocs_site, properdocs_site = two_engines
    material = version("mkdocs-material")
    generator = '<meta name="generator" content="{}, mkdocs-material-{}">'
    mkdocs_page = (mkdocs_site / "index.html").read_text(encoding="utf-8")
    properdocs_page = (properdocs_site / "index.html").read_text(encoding="utf-8")
    assert generator.format(f"mkdocs-{version('mkdocs')}", material) in mkdocs_page
    assert generator.format(f"mkdocs-ProperDocs {version('properdocs')}", material) in properdocs_page


def test_both_builds_are_the_whole_site(two_engines) -> None:
    """Every seed article has its page, and the search index was written: the comparison covers the archive."""
    for site in two_engines:
        for article in sorted((SEED / "articles").glob("*.txt")):
            assert (site / "articles" / article.stem / "index.html").is_file(), article.stem
        assert (site / "pagefind" / "pagefind-entry.json").is_file()
        assert (site / "sitemap.xml").is_file()


def _page(engine: str, text: str) -> bytes:
    return f'<head>\n<meta name="generator" content="mkdocs-{engine}, mkdocs-material-9.8.2">\n</head>\n<p>{text}</p>\n'.encode()


def test_the_comparison_reports_what_the_list_does_not_explain() -> None:
    """A difference besides the generator tag, and a file in one build only, are reported, not explained away."""
    mkdocs = {
        "same.html": _page("1.6.1", "text"),
        "tag.html": _page("1.6.1", "text"),
        "other.html": _page("1.6.1", "old"),
        "gone.json": b"{}",
    }
    properdocs = {
        "same.html": _page("1.6.1", "text"),
        "tag.html": _page("ProperDocs 1.6.7", "text"),
        "other.html": _page("ProperDocs 1.6.7", "new"),
    }
    explained, unexplained = compare(mkdocs, properdocs)
    assert explained == {"generator meta tag": ["other.html", "tag.html"]}
    assert [entry.partition("\n")[0] for entry in unexplained] == [
        "gone.json: only in the MkDocs build",
        "other.html: differs",
    ]
    changed = [line for line in unexplained[1].splitlines()[1:] if line[:1] in "-+" and line[:3] not in {"---", "+++"}]
    assert changed == ["-<p>old</p>", "+<p>new</p>"]  # the tag was explained away, the text was not

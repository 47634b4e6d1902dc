"""Load stage: raw articles and YAML files in, position-carrying trees and diagnostics out."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from build_tools.diagnostics import Diagnostics, Origin
from build_tools.load import Sources, YamlMap, YamlScalar, YamlSeq, load_sources, parse_yaml

DAILY_YML = "annotations/articles/daily-2020-01-01-budget.yml"

BAD_ID = "(expected lowercase letters, digits and hyphens, starting with a letter or digit)"


def load(root: Path) -> tuple[Sources, list[str]]:
    """Load `root` and return the sources with every diagnostic as printed."""
    diagnostics = Diagnostics()
    sources = load_sources(root, diagnostics)
    return sources, [str(d) for d in diagnostics.sorted()]


def parse(text: str) -> tuple[YamlMap | YamlSeq | YamlScalar | None, list[str]]:
    """Parse YAML text as `x.yml` and return the tree with every diagnostic as printed."""
    diagnostics = Diagnostics()
    root = parse_yaml("x.yml", text, diagnostics)
    return root, [str(d) for d in diagnostics.sorted()]


def test_tiny_archive_loads_without_problems(tiny_sources: tuple[Sources, Diagnostics]) -> None:
    sources, diagnostics = tiny_sources
    assert not diagnostics.items
    assert list(sources.articles) == [
        "daily-2020-01-01-budget",
        "herald-2020-01-02-budget",
        "herald-2020-01-03-unannotated",
    ]
    assert set(sources.annotations) == {"daily-2020-01-01-budget", "herald-2020-01-02-budget"}
    assert set(sources.registries) == {"speakers", "outlets", "events", "tags"}


def test_values_carry_their_1_based_line_and_column(tiny_sources: tuple[Sources, Diagnostics]) -> None:
    sources, _ = tiny_sources
    root = sources.annotations["daily-2020-01-01-budget"].root
    assert isinstance(root, YamlMap)
    claims = root.entries["claims"]
    assert isinstance(claims, YamlSeq)
    first = claims.items[0]
    assert isinstance(first, YamlMap)
    quote = first.entries["quote"]
    assert quote == YamlScalar("talks had failed", Origin(DAILY_YML, 6, 12), "str")
    assert first.key_origins["quote"] == Origin(DAILY_YML, 6, 5)
    assert first.origin == Origin(DAILY_YML, 5, 5)


def test_columns_count_code_points_not_bytes() -> None:
    root, problems = parse('a: ["été", x]\n')
    assert not problems
    assert isinstance(root, YamlMap)
    items = root.entries["a"]
    assert isinstance(items, YamlSeq)
    assert items.items[1].origin == Origin("x.yml", 1, 12)


def test_duplicate_key_is_an_error_naming_the_first_line() -> None:
    root, problems = parse("claims:\n  - id: a\n    quote: one\n    quote: two\n")
    assert problems == ["x.yml:4:5: error: duplicate key 'quote' (first written at line 3)"]
    assert isinstance(root, YamlMap)
    claims = root.entries["claims"]
    assert isinstance(claims, YamlSeq)
    claim = claims.items[0]
    assert isinstance(claim, YamlMap)
    assert claim.entries["quote"] == YamlScalar("one", Origin("x.yml", 3, 12), "str")


def test_duplicate_key_in_an_annotation_file(edit_archive: Callable[[str, str], Path]) -> None:
    root = edit_archive(
        DAILY_YML,
        """\
        article:
          event: budget-2020
        notes: first
        notes: second
        """,
    )
    _, problems = load(root)
    assert problems == [f"{DAILY_YML}:4:1: error: duplicate key 'notes' (first written at line 3)"]


def test_alias_is_refused() -> None:
    root, problems = parse("a: &x 1\nb: *x\n")
    assert problems == ["x.yml:1:4: error: YAML anchors and aliases are not allowed; write the value out"]
    assert isinstance(root, YamlMap)
    assert "b" not in root.entries


def test_anchor_without_alias_is_harmless() -> None:
    # Only reuse (an alias) can expand a document; a lone anchor reads as the plain value.
    root, problems = parse("a: &x 1\n")
    assert problems == []
    assert isinstance(root, YamlMap)
    assert root.entries["a"].value == 1


def test_billion_laughs_finishes_fast_with_the_alias_error() -> None:
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, 10)]
    started = time.perf_counter()
    _, problems = parse("\n".join(lines) + "\n")
    assert time.perf_counter() - started < 1.0
    assert problems
    assert all(p.endswith(": error: YAML anchors and aliases are not allowed; write the value out") for p in problems)


def test_python_tag_is_refused_and_nothing_runs() -> None:
    _, problems = parse("x: !!python/object/apply:os.system ['echo pwned']\n")
    assert problems == [
        (
            "x.yml:1:4: error: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed; "
            "only plain values, lists and mappings are"
        )
    ]


def test_dates_stay_strings() -> None:
    root, problems = parse("date: 2017-08-02\nat: 2017-08-02T19:09:00+03:00\nquoted: '2017-08-02'\n")
    assert not problems
    assert isinstance(root, YamlMap)
    assert root.entries["date"] == YamlScalar("2017-08-02", Origin("x.yml", 1, 7), "timestamp")
    assert root.entries["at"] == YamlScalar("2017-08-02T19:09:00+03:00", Origin("x.yml", 2, 5), "timestamp")
    assert root.entries["quoted"] == YamlScalar("2017-08-02", Origin("x.yml", 3, 9), "str")


def test_bom_and_crlf_give_warnings_and_the_article_still_loads(tiny_archive: Path) -> None:
    path = tiny_archive / "articles" / "wire-2020-01-04-bom.txt"
    path.write_bytes("\ufeffHeadline\r\n\r\nBody text.\r\n".encode())
    sources, problems = load(tiny_archive)
    assert problems == [
        "articles/wire-2020-01-04-bom.txt:1:1: warning: file has Windows (CRLF) line ends; they are read as LF",
        "articles/wire-2020-01-04-bom.txt:1:1: warning: file starts with a byte-order mark; it is ignored",
    ]
    article = sources.articles["wire-2020-01-04-bom"]
    assert article.text.startswith("Headline")
    assert article.path == "articles/wire-2020-01-04-bom.txt"


def test_non_utf8_article_is_an_error_with_line_and_column(tiny_archive: Path) -> None:
    (tiny_archive / "articles" / "wire-2020-01-04-latin.txt").write_bytes(b"Headline\n\nCaf\xe9 open\n")
    sources, problems = load(tiny_archive)
    assert problems == [
        "articles/wire-2020-01-04-latin.txt:3:4: error: file is not valid UTF-8 (byte 0xe9); save it as UTF-8"
    ]
    assert "wire-2020-01-04-latin" not in sources.articles


def test_non_utf8_column_counts_code_points(tiny_archive: Path) -> None:
    # Origin columns are code points; "été " before the bad byte is 4 of them (6 bytes).
    (tiny_archive / "articles" / "wire-2020-01-04-latin.txt").write_bytes("été ".encode() + b"\xff\n")
    _, problems = load(tiny_archive)
    assert problems == [
        "articles/wire-2020-01-04-latin.txt:1:5: error: file is not valid UTF-8 (byte 0xff); save it as UTF-8"
    ]


@pytest.mark.parametrize("content", ["", "  \n\n\t\n"])
def test_empty_article_is_an_error(tiny_archive: Path, content: str) -> None:
    (tiny_archive / "articles" / "wire-2020-01-04-empty.txt").write_text(content, encoding="utf-8")
    sources, problems = load(tiny_archive)
    assert problems == ["articles/wire-2020-01-04-empty.txt:1:1: error: article file is empty"]
    assert "wire-2020-01-04-empty" not in sources.articles


def test_index_is_a_reserved_article_id(tiny_archive: Path) -> None:
    (tiny_archive / "articles" / "index.txt").write_text("Headline\n\nBody.\n", encoding="utf-8")
    sources, problems = load(tiny_archive)
    assert problems == [
        (
            "articles/index.txt:1:1: error: article file name 'index' is reserved "
            "(it names the list of all articles); choose another id"
        )
    ]
    assert "index" not in sources.articles


@pytest.mark.parametrize("name", ["Wire-2020", "wire_2020", "-wire", "wire.2020"])
def test_article_file_name_must_be_a_slug(tiny_archive: Path, name: str) -> None:
    (tiny_archive / "articles" / f"{name}.txt").write_text("Headline\n\nBody.\n", encoding="utf-8")
    sources, problems = load(tiny_archive)
    assert problems == [
        f"articles/{name}.txt:1:1: error: article file name '{name}' is not a valid article id {BAD_ID}"
    ]
    assert name not in sources.articles


def test_annotation_file_name_must_be_a_slug(tiny_archive: Path) -> None:
    (tiny_archive / "annotations" / "articles" / "Daily.yml").write_text("notes: x\n", encoding="utf-8")
    sources, problems = load(tiny_archive)
    assert problems == [
        f"annotations/articles/Daily.yml:1:1: error: annotation file name 'Daily' is not a valid article id {BAD_ID}"
    ]
    assert "Daily" not in sources.annotations

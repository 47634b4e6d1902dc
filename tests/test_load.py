"""Load stage: raw articles and YAML files in, position-carrying trees and diagnostics out."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from build_tools.diagnostics import Diagnostics, Origin, Stage
from build_tools.load import (
    YamlMap,
    YamlNode,
    YamlRefused,
    YamlScalar,
    YamlSeq,
    load_site_files,
    load_yaml,
    parse_yaml,
)
from build_tools.pipeline import Inputs, PreparedArticle, load_inputs, prepare_articles

DAILY_YML = "annotations/articles/daily-2020-01-01-budget.yml"

BAD_ID = "(expected lowercase letters, digits and hyphens, starting with a letter or digit)"


def load(root: Path) -> tuple[Inputs, dict[str, PreparedArticle], list[str]]:
    """Run the pipeline's per-article stages on `root`: its inputs, each article prepared, and what loading found.

    The messages are those of the load stage (files that cannot be read), as printed.
    """
    diagnostics = Diagnostics()
    inputs = load_inputs(root, diagnostics)
    prepared = {item.article_id: item for item in prepare_articles(inputs, cache=False)}
    for item in prepared.values():
        diagnostics.extend(item.diagnostics)
    return inputs, prepared, [str(d) for d in diagnostics.sorted() if d.stage is Stage.FILE]


def parse(text: str) -> tuple[YamlNode | None, list[str]]:
    """Parse YAML text as `x.yml` and return the tree with every diagnostic as printed."""
    diagnostics = Diagnostics()
    root = parse_yaml("x.yml", text, diagnostics)
    return root, [str(d) for d in diagnostics.sorted()]


def test_tiny_archive_loads_without_problems(
    tiny_inputs: tuple[Inputs, Diagnostics], tiny_prepared: dict[str, PreparedArticle]
) -> None:
    inputs, diagnostics = tiny_inputs
    assert not diagnostics.items
    assert not [d for item in tiny_prepared.values() for d in item.diagnostics]
    ids = ["daily-2020-01-01-budget", "herald-2020-01-02-budget", "herald-2020-01-03-unannotated"]
    assert list(inputs.articles.raw) == ids
    assert list(tiny_prepared) == ids
    assert all(item.raw is not None for item in tiny_prepared.values())
    assert set(inputs.articles.annotations) == {"daily-2020-01-01-budget", "herald-2020-01-02-budget"}
    assert set(inputs.files.registries) == {"speakers", "outlets", "events", "tags"}


def test_values_carry_their_1_based_line_and_column(tiny_archive: Path) -> None:
    root = load_yaml(tiny_archive, tiny_archive / DAILY_YML, Diagnostics()).root
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
    _, _, problems = load(root)
    assert problems == [f"{DAILY_YML}:4:1: error: duplicate key 'notes' (first written at line 3)"]


def test_alias_is_refused_where_it_is_used() -> None:
    root, problems = parse("a: &x 1\nb: *x\n")
    assert problems == [
        "x.yml:2:4: error: YAML alias '*x' is not allowed; write the value out instead (it repeats '&x' from line 1)"
    ]
    assert isinstance(root, YamlMap)
    # The key stays, holding a placeholder: checks neither report it missing nor report the alias again.
    assert root.entries["b"] == YamlRefused(Origin("x.yml", 2, 4))


def test_one_message_per_reused_anchor() -> None:
    _, problems = parse("a: &x 1\nb: *x\nc: [*x, *x]\nd: *y\n")
    assert problems == [
        (
            "x.yml:2:4: error: YAML alias '*x' is not allowed; write the value out instead "
            "(it repeats '&x' from line 1; '*x' is also used 2 more times, at line 3)"
        ),
        "x.yml:4:4: error: YAML alias '*y' is not allowed; write the value out instead",
    ]


def test_anchor_without_alias_is_harmless() -> None:
    # Only reuse (an alias) can expand a document; a lone anchor reads as the plain value.
    root, problems = parse("a: &x 1\n")
    assert problems == []
    assert isinstance(root, YamlMap)
    assert root.entries["a"] == YamlScalar(1, Origin("x.yml", 1, 4), "int")


def test_billion_laughs_finishes_fast_with_the_alias_error() -> None:
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, 10)]
    started = time.process_time()  # CPU time: an expanded bomb costs minutes of it, a busy machine none
    _, problems = parse("\n".join(lines) + "\n")
    assert time.process_time() - started < 1.0
    assert len(problems) == 9  # One per reused anchor, l0 to l8.
    assert all(": error: YAML alias '*l" in p for p in problems)


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
    _, prepared, problems = load(tiny_archive)
    assert problems == [
        "articles/wire-2020-01-04-bom.txt:1:1: warning: file has Windows (CRLF) line ends; they are read as LF",
        "articles/wire-2020-01-04-bom.txt:1:1: warning: file starts with a byte-order mark; it is ignored",
    ]
    article = prepared["wire-2020-01-04-bom"].raw
    assert article is not None
    assert article.text.startswith("Headline")
    assert article.path == "articles/wire-2020-01-04-bom.txt"


def test_non_utf8_article_is_an_error_with_line_and_column(tiny_archive: Path) -> None:
    (tiny_archive / "articles" / "wire-2020-01-04-latin.txt").write_bytes(b"Headline\n\nCaf\xe9 open\n")
    inputs, prepared, problems = load(tiny_archive)
    assert problems == [
        "articles/wire-2020-01-04-latin.txt:3:4: error: file is not valid UTF-8 (byte 0xe9 is 'é' in Latin-1/Windows-1252); save it as UTF-8"
    ]
    # The article exists (its URL is not reported missing), but it has no text.
    assert "wire-2020-01-04-latin" in inputs.articles.article_ids
    assert prepared["wire-2020-01-04-latin"].raw is None
    assert prepared["wire-2020-01-04-latin"].raw_unreadable


def test_non_utf8_column_counts_code_points(tiny_archive: Path) -> None:
    # Origin columns are code points; "été " before the bad byte is 4 of them (6 bytes).
    (tiny_archive / "articles" / "wire-2020-01-04-latin.txt").write_bytes("été ".encode() + b"\xff\n")
    _, _, problems = load(tiny_archive)
    assert problems == [
        "articles/wire-2020-01-04-latin.txt:1:5: error: file is not valid UTF-8 (byte 0xff); save it as UTF-8"
    ]


@pytest.mark.parametrize("content", ["", "  \n\n\t\n"])
def test_empty_article_is_an_error(tiny_archive: Path, content: str) -> None:
    (tiny_archive / "articles" / "wire-2020-01-04-empty.txt").write_text(content, encoding="utf-8")
    _, prepared, problems = load(tiny_archive)
    assert problems == ["articles/wire-2020-01-04-empty.txt:1:1: error: article file is empty"]
    assert prepared["wire-2020-01-04-empty"].raw is None


def test_index_is_a_reserved_article_id(tiny_archive: Path) -> None:
    (tiny_archive / "articles" / "index.txt").write_text("Headline\n\nBody.\n", encoding="utf-8")
    inputs, prepared, problems = load(tiny_archive)
    assert problems == [
        (
            "articles/index.txt:1:1: error: article file name 'index' is reserved "
            "(it names the list of all articles); choose another id"
        )
    ]
    assert "index" not in inputs.articles.article_ids
    assert "index" not in prepared


@pytest.mark.parametrize("name", ["Wire-2020", "wire_2020", "-wire", "wire.2020"])
def test_article_file_name_must_be_a_slug(tiny_archive: Path, name: str) -> None:
    (tiny_archive / "articles" / f"{name}.txt").write_text("Headline\n\nBody.\n", encoding="utf-8")
    inputs, prepared, problems = load(tiny_archive)
    assert problems == [
        f"articles/{name}.txt:1:1: error: article file name '{name}' is not a valid article id {BAD_ID}"
    ]
    assert name not in inputs.articles.article_ids
    assert name not in prepared


def test_annotation_file_name_must_be_a_slug(tiny_archive: Path) -> None:
    (tiny_archive / "annotations" / "articles" / "Daily.yml").write_text("notes: x\n", encoding="utf-8")
    inputs, prepared, problems = load(tiny_archive)
    assert problems == [
        f"annotations/articles/Daily.yml:1:1: error: annotation file name 'Daily' is not a valid article id {BAD_ID}"
    ]
    assert "Daily" not in inputs.articles.annotations
    assert "Daily" not in prepared


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "claims:\n  - id: a\n    quote: the text\n       speaker: reuters\n",
            "x.yml:4:8: error: YAML syntax error: line 4 is indented more than the block it belongs to "
            "(column 8; 'quote:' on line 3 is at column 5): indent it to column 5",
            id="key-indented-more-than-its-siblings",
        ),
        pytest.param(
            "article:\n    outlet: herald\n  published: x\n",
            "x.yml:3:3: error: YAML syntax error: line 3 is indented less than the block above it (column 3; "
            "'outlet:' on line 2 is at column 5): indent it to column 5 to continue that block, or to column 1 "
            "(like 'article:' on line 1)",
            id="key-between-two-blocks",
        ),
        pytest.param(
            "claims:\n  - id: a\n    quote: b\n   - id: c\n",
            "x.yml:4:4: error: YAML syntax error: line 4 is indented more than the block it belongs to "
            "(column 4; '- id:' on line 2 is at column 3): indent it to column 3",
            id="list-item-indented-more-than-the-list",
        ),
        pytest.param(
            "claims:\n  - id: a\n    relations:\n      - same-as: x#y\n        - contradicts: x#z\n",
            "x.yml:5:9: error: YAML syntax error: line 5 is indented more than the block it belongs to "
            "(column 9; '- same-as:' on line 4 is at column 7): indent it to column 7",
            id="relation-indented-under-the-one-before",
        ),
        pytest.param(
            "claims:\n  - id: a\n  \tquote: b\n",
            "x.yml:3:3: error: YAML syntax error: line 3 is indented with a tab; YAML indents with spaces only: "
            "replace the tab with spaces",
            id="tab-after-spaces",
        ),
        pytest.param(
            "article:\n  title: Minister: no cuts\n",
            "x.yml:2:18: error: YAML syntax error: ': ' inside a value starts a new key; put the whole value in quotes",
            id="colon-inside-a-value",
        ),
    ],
)
def test_syntax_errors_say_how_to_fix_the_line(text: str, expected: str) -> None:
    root, problems = parse(text)
    assert root is None
    assert problems == [expected]


def test_a_file_with_a_syntax_error_gives_that_error_alone() -> None:
    # The duplicate key and the alias before the syntax error are not reported: the file is unreadable.
    _, problems = parse("a: &x 1\na: 2\nb: *x\nc: [unclosed\n")
    assert len(problems) == 1
    assert "YAML syntax error" in problems[0]


def test_unreadable_files_are_marked_so(edit_archive: Callable[[str, str], Path]) -> None:
    root = edit_archive(DAILY_YML, "article:\n\tevent: budget-2020\n")
    assert load_yaml(root, root / DAILY_YML, Diagnostics()).unreadable
    assert not load_yaml(root, root / "annotations/articles/herald-2020-01-02-budget.yml", Diagnostics()).unreadable
    # Nothing is derived from it: the article has no annotation, and none of its claims is known.
    _, prepared, _ = load(root)
    checked = prepared["daily-2020-01-01-budget"].checked
    assert checked is not None
    assert checked.annotation is None
    assert not checked.claims_known


def test_a_value_left_out_before_a_comment_keeps_the_comment() -> None:
    root, problems = parse("relations:\n  - contradicts: #other-claim\n")
    assert problems == []
    assert isinstance(root, YamlMap)
    relations = root.entries["relations"]
    assert isinstance(relations, YamlSeq)
    relation = relations.items[0]
    assert isinstance(relation, YamlMap)
    value = relation.entries["contradicts"]
    assert value == YamlScalar(None, Origin("x.yml", 2, 18), "null")
    assert isinstance(value, YamlScalar)
    assert value.raw == "#other-claim"


def test_a_registry_is_parsed_again_only_when_its_bytes_change(tmp_path: Path) -> None:
    # A preview parses the registries on every edit; an unchanged file keeps its tree and its problems.
    speakers = tmp_path / "annotations" / "speakers.yml"
    speakers.parent.mkdir(parents=True)
    speakers.write_text("ann:\n  name: Ann\nann:\n  name: Ann again\n", encoding="utf-8")
    first, second = Diagnostics(), Diagnostics()
    before = load_site_files(tmp_path, first).registries["speakers"]
    again = load_site_files(tmp_path, second).registries["speakers"]
    assert again is before
    assert [str(d) for d in second.items] == [str(d) for d in first.items]
    assert any("duplicate key" in str(d) for d in first.items), first.items
    speakers.write_text("ann:\n  name: Ann\n", encoding="utf-8")
    changed = Diagnostics()
    after = load_site_files(tmp_path, changed).registries["speakers"]
    assert after is not before
    assert isinstance(after.root, YamlMap)
    assert list(after.root.entries) == ["ann"]
    assert changed.items == []

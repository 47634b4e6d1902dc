"""Writing claims into annotation files (`archive claim add|edit|remove`, the annotate form, `archive import`).

Every change must be only its own lines: the tests compare the file's unified diff with the lines
expected, on the frozen seed (written in the repository's style: blank lines between claims,
flow lists, double quotes where needed) and on files written otherwise (comments, no blank lines,
dashes at the key's column, CRLF line endings).
"""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import io
import textwrap
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools import annotate, cli
from build_tools.annotate import (
    ABSENT,
    AnnotateError,
    ClaimEdit,
    ClaimFields,
    ConflictError,
    Selection,
    add_claim,
    edit_claim,
    file_digest,
    remove_claim,
    with_claims_added,
)
from build_tools.model import UnnamedSpeaker
from build_tools.pipeline import run_pipeline
from tests.conftest import seed_checkout

RT = "rt-2017-08-02-false-from-start-to-finish"
TASS = "tass-2017-08-02-secret-graves"
TASS_YML = f"annotations/articles/{TASS}.yml"
REPEATED = "The Russian Defense Ministry thus commented on a Reuters report on the alleged Russian fatalities in Syria"


@pytest.fixture(name="seed")
def fixture_seed(tmp_path: Path) -> Path:
    """A checkout of the frozen seed that a test may change."""
    return seed_checkout(tmp_path / "repo")


def changed_lines(before: str | None, after: str) -> list[str]:
    """The lines a change adds (+) and removes (-), in order, as the unified diff gives them."""
    diff = difflib.unified_diff((before or "").splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def text_of(root: Path, relative: str = TASS_YML) -> str:
    return (root / relative).read_text(encoding="utf-8")


def clean_text(root: Path, article_id: str) -> str:
    archive = run_pipeline(root, permalinks=False).archive
    assert archive is not None
    return archive.articles[article_id].clean.text


# --------------------------------------------------------------------------------------------
# Adding
# --------------------------------------------------------------------------------------------


def test_add_writes_only_the_new_claim(seed: Path) -> None:
    before = text_of(seed)
    fields = ClaimFields(
        speaker="igor-konashenkov",
        cue="According to Konashenkov",
        kind="indirect",
        summary="The spokesman says: Reuters tried before.",
        tags=("media-criticism",),
        relations=((("same-as", f"{RT}#not-the-first-time"),)),
    )
    change = add_claim(seed, TASS, "this news agency has repeatedly tried to discredit", fields)
    assert change.written
    assert change.new_text == text_of(seed)
    # The new claim and a blank line (difflib shows the blank after it: the same lines either way).
    assert changed_lines(before, change.new_text) == [
        "+  - id: this-news-agency-has-repeatedly",
        "+    quote: this news agency has repeatedly tried to discredit",
        "+    speaker: igor-konashenkov",
        "+    cue: According to Konashenkov",
        "+    kind: indirect",
        '+    summary: "The spokesman says: Reuters tried before."',
        "+    tags: [media-criticism]",
        "+    relations:",
        f"+      - same-as: {RT}#not-the-first-time",
        "+",
    ]
    # The blank line before `references:` stays where it was: the new claim is the last one.
    assert change.new_text.split("\n  - id: this-news-agency")[1].split("\n\n")[1].startswith("references:")


def test_add_reports_the_checks_problems_with_the_new_claim(seed: Path) -> None:
    change = add_claim(seed, TASS, "this news agency", ClaimFields(speaker="konashenkov", summary="A test."))
    assert change.written
    assert not change.ok
    messages = [f"{d.severity.value}: {d.message}" for d in change.diagnostics]
    assert "error: unknown speaker 'konashenkov' (did you mean 'igor-konashenkov'?)" in messages
    assert all(d.origin.path == TASS_YML for d in change.diagnostics)


def test_add_gives_an_id_from_the_words_unique_in_the_file(seed: Path) -> None:
    first = add_claim(seed, TASS, "has repeatedly tried", ClaimFields(summary="One."))
    assert first.claim_id == "has-repeatedly-tried"
    assert annotate._new_id("the Well aware", ["well-aware", "well-aware-2"]) == "well-aware-3"
    with pytest.raises(AnnotateError, match="the file already has a claim 'well-aware'; choose another id"):
        add_claim(seed, TASS, "Konashenkov stressed", ClaimFields(claim_id="well-aware"))


def test_a_quote_that_does_not_anchor_is_reported_as_check_reports_it(seed: Path) -> None:
    before = (seed / TASS_YML).read_bytes()
    change = add_claim(seed, TASS, "Reuters admitted that its report was wrong", ClaimFields(summary="No."))
    assert not change.written
    assert (seed / TASS_YML).read_bytes() == before
    [problem] = change.diagnostics
    assert problem.message.startswith("quote not found in the article; the closest text (")
    # It points where the quote would have been written.
    written = add_claim(seed, TASS, "Konashenkov stressed", ClaimFields(summary="x"), dry_run=True).new_text
    line = next(n for n, text in enumerate(written.splitlines(), 1) if text == "    quote: Konashenkov stressed")
    assert (problem.origin.path, problem.origin.line, problem.origin.column) == (TASS_YML, line, 12)


def test_an_ambiguous_quote_is_refused_with_checks_message(seed: Path) -> None:
    change = add_claim(seed, TASS, REPEATED, ClaimFields(summary="Twice."))
    assert not change.written
    [problem] = change.diagnostics
    assert problem.message.startswith("ambiguous quote: it matches 2 places: (1) paragraph 1:")
    assert problem.message.endswith('add suffix: "." to pick match 2')


def test_a_prefix_chooses_between_places_and_the_shortest_context_is_written(seed: Path) -> None:
    change = add_claim(seed, TASS, Selection(REPEATED, prefix="in Syria as rumors"), ClaimFields(summary="x"))
    assert change.written
    # The place chosen by the long prefix is told apart by one word before it (the headline's last).
    assert "+    prefix: rumors" in changed_lines(None, change.new_text)


def test_a_selection_is_written_with_the_shortest_context(seed: Path) -> None:
    text = clean_text(seed, TASS)
    first = text.index(REPEATED)
    second = text.index(REPEATED, first + 1)
    later = add_claim(seed, TASS, (second, second + len(REPEATED)), ClaimFields(kind="assertion", summary="x"))
    earlier = add_claim(seed, TASS, (first, first + len(REPEATED)), ClaimFields(kind="assertion", summary="y"))
    assert "+    suffix: ." in changed_lines(None, later.new_text)
    assert "+    prefix: rumors" in changed_lines(later.new_text, earlier.new_text)
    assert later.ok
    assert earlier.ok
    archive = run_pipeline(seed).archive
    assert archive is not None
    spans = {c.ref.claim_id: (c.span.start, c.span.end) for c in archive.articles[TASS].claims}
    assert spans[later.claim_id] == (second, second + len(REPEATED))
    assert spans[earlier.claim_id] == (first, first + len(REPEATED))


def test_a_selection_drops_surrounding_spaces_and_must_match_a_given_quote(seed: Path) -> None:
    text = clean_text(seed, TASS)
    start = text.index("According to Konashenkov")
    change = add_claim(seed, TASS, (start - 1, start + 24), ClaimFields(summary="x"), dry_run=True)
    assert "+    quote: According to Konashenkov" in changed_lines(None, change.new_text)
    wrong = add_claim(seed, TASS, Selection("Peskov said", (start, start + 24)), ClaimFields(summary="x"))
    assert [d.message for d in wrong.diagnostics] == [
        f"the selection {start}-{start + 24} reads 'According to Konashenkov', not the quote given"
    ]


def test_the_article_s_own_words_are_written_not_the_quote_as_typed(seed: Path) -> None:
    change = add_claim(seed, TASS, "the ministry's spokesman Major General", ClaimFields(summary="x"))
    assert "+    quote: the ministry’s spokesman Major General" in changed_lines(None, change.new_text)
    assert not [d for d in change.diagnostics if "quote" in d.message]  # No "copy it exactly" warning left.


def test_strings_are_quoted_only_where_needed(seed: Path) -> None:
    fields = ClaimFields(
        speaker=UnnamedSpeaker("a source: close to the ministry", "russian-defense-ministry"),
        cue="he noted",
        kind="direct",
        summary="yes",
        tags=("casualties",),
    )
    change = add_claim(seed, TASS, "lies from beginning to end", fields, dry_run=True)
    assert changed_lines(text_of(seed), change.new_text)[2:6] == [
        '+    speaker: {unnamed: "a source: close to the ministry", affiliation: russian-defense-ministry}',
        "+    cue: he noted",
        "+    kind: direct",
        '+    summary: "yes"',  # Plain `yes` would read back as a boolean in YAML 1.1, as the archive reads YAML.
    ]


def test_dry_run_writes_nothing(seed: Path) -> None:
    before = (seed / TASS_YML).read_bytes()
    change = add_claim(seed, TASS, "According to Konashenkov", ClaimFields(summary="x"), dry_run=True)
    assert not change.written
    assert change.diff.startswith(f"--- a/{TASS_YML}\n+++ b/{TASS_YML}\n")
    assert (seed / TASS_YML).read_bytes() == before
    assert change.digest == hashlib.sha256(before).hexdigest()


def test_the_file_is_created_with_the_schema_header(seed: Path) -> None:
    (seed / "annotations" / "articles" / f"{RT}.yml").unlink()
    (seed / "permalinks.txt").unlink()
    change = add_claim(
        seed,
        RT,
        "it causes nothing but contempt",
        ClaimFields(speaker="russian-defense-ministry", kind="indirect", summary="Contempt."),
        expected_digest=ABSENT,
    )
    assert change.old_text is None
    assert change.diff.startswith("--- /dev/null\n")
    assert change.new_text == textwrap.dedent(f"""\
        # yaml-language-server: $schema=../../schemas/annotation.schema.json
        # Annotations of articles/{RT}.txt: see docs/contributing.md.
        claims:
          - id: causes-nothing-but-contempt
            quote: it causes nothing but contempt
            speaker: russian-defense-ministry
            kind: indirect
            summary: Contempt.
        """)
    assert change.ok, [str(d) for d in change.diagnostics]


def test_a_stub_s_empty_claims_list_becomes_a_block(seed: Path) -> None:
    stub = textwrap.dedent("""\
        # yaml-language-server: $schema=../../schemas/annotation.schema.json
        article:
          outlet: rt  # detected
          tags: []
        claims: []  # none yet

        # 1 suggested claim (direct quotations found in the text).
        #  - id: contempt
        """)
    (seed / "annotations" / "articles" / f"{RT}.yml").write_text(stub, encoding="utf-8")
    change = add_claim(seed, RT, "it causes nothing but contempt", ClaimFields(summary="x"), dry_run=True)
    assert changed_lines(stub, change.new_text) == [
        "-claims: []  # none yet",
        "+claims:  # none yet",
        "+  - id: causes-nothing-but-contempt",
        "+    quote: it causes nothing but contempt",
        f"+    {annotate.SPEAKER_PLACEHOLDER}",
        "+    kind: direct",
        "+    summary: x",
    ]


def test_a_file_in_another_style_keeps_its_style(seed: Path) -> None:
    written = textwrap.dedent("""\
        article:
            outlet: tass
        # Claims, in text order.
        claims:
        - id: well-aware   # the ministry knows
          quote: The Russian Defense Ministry is well aware who is behind this publication
          speaker: igor-konashenkov
          kind: direct
          summary: The ministry knows who is behind it.
          relations:
          - same-as: rt-2017-08-02-false-from-start-to-finish#no-exception
        # Notes follow.
        notes: A file written by hand.
        """)
    (seed / TASS_YML).write_text(written, encoding="utf-8")
    change = add_claim(seed, TASS, "Konashenkov stressed", ClaimFields(summary="x", tags=("media-criticism",)))
    assert changed_lines(written, change.new_text) == [
        "+- id: konashenkov-stressed",
        "+  quote: Konashenkov stressed",
        f"+  {annotate.SPEAKER_PLACEHOLDER}",
        "+  kind: direct",
        "+  summary: x",
        "+  tags: [media-criticism]",
    ]
    assert change.new_text.endswith(
        "#no-exception\n- id: konashenkov-stressed" + change.new_text.split("stressed", 1)[1]
    )


# --------------------------------------------------------------------------------------------
# Editing, re-pointing, removing
# --------------------------------------------------------------------------------------------


def test_edit_changes_only_the_lines_of_the_fields_changed(seed: Path) -> None:
    before = text_of(seed)
    edit = ClaimEdit(
        ClaimFields(cue="Konashenkov said", tags=("media-criticism", "sources"), relations=(("same-as", f"{RT}#x"),)),
        unset=frozenset({"speaker"}),
    )
    change = edit_claim(seed, TASS, "well-aware", edit, dry_run=True)
    assert changed_lines(before, change.new_text) == [
        "-    speaker: igor-konashenkov",
        "-    cue: Konashenkov stressed",
        "+    cue: Konashenkov said",
        "-    tags: [media-criticism]",
        "+    tags: [media-criticism, sources]",
        "+    relations:",
        f"+      - same-as: {RT}#x",
    ]


def test_edit_adds_relations_after_those_written(seed: Path) -> None:
    before = text_of(seed)
    edit = ClaimEdit(ClaimFields(relations=(("contradicts", f"{RT}#official-figures"),)))
    change = edit_claim(seed, TASS, "no-secret-graves", edit, dry_run=True)
    assert changed_lines(before, change.new_text) == [f"+      - contradicts: {RT}#official-figures"]
    same = edit_claim(seed, TASS, "no-secret-graves", ClaimEdit(ClaimFields(tags=("casualties", "russian-military"))))
    assert not same.written
    assert same.new_text == before


def test_a_claim_that_no_longer_anchors_is_re_pointed_to_its_new_words(seed: Path) -> None:
    raw = seed / "articles" / f"{TASS}.txt"
    raw.write_text(raw.read_text(encoding="utf-8").replace("is well aware who", "knows very well who"), "utf-8")
    assert any("well-aware" in str(d) or "quote not found" in d.message for d in run_pipeline(seed).diagnostics.errors)
    new_words = "The Russian Defense Ministry knows very well who is behind this publication and who helped prepare it"
    change = edit_claim(seed, TASS, "well-aware", ClaimEdit(selection=Selection(new_words)))
    assert changed_lines(None, change.new_text).count(f"+    quote: {new_words}") == 1
    assert changed_lines(text_of(seed) and change.old_text, change.new_text) == [
        "-    quote: The Russian Defense Ministry is well aware who is behind this publication and who helped prepare it",
        f"+    quote: {new_words}",
    ]
    assert change.ok, [str(d) for d in change.diagnostics]


def test_remove_takes_the_claim_and_one_separator(seed: Path) -> None:
    before = text_of(seed)
    middle = remove_claim(seed, TASS, "well-aware", dry_run=True)
    removed = changed_lines(before, middle.new_text)
    assert removed[0] == "-  - id: well-aware"
    assert removed[-1] == "-"
    assert all(line.startswith("-") for line in removed)
    last = remove_claim(seed, TASS, "british-servicemen", dry_run=True)
    lines = before.splitlines()
    start = lines.index("  - id: british-servicemen")
    # The last claim goes with the blank line before it; the one before `references:` stays.
    assert changed_lines(before, last.new_text) == [f"-{line}" for line in lines[start : start + 9]] + ["-"]
    assert "#only-slightly-mentioned\n\n  - id: well-aware" in last.new_text
    assert "tags: [media-criticism]\n\nreferences:" in last.new_text


def test_remove_takes_the_comment_written_above_the_claim(seed: Path) -> None:
    written = textwrap.dedent("""\
        claims:
          - id: one
            quote: Konashenkov stressed
            kind: direct
            summary: x
            # a comment inside the claim, kept with it

          # about the second claim
          - id: two
            quote: he emphasized
            kind: direct
            summary: y

        notes: n
        """)
    (seed / TASS_YML).write_text(written, encoding="utf-8")
    change = remove_claim(seed, TASS, "two", dry_run=True)
    assert changed_lines(written, change.new_text) == [
        "-  # about the second claim",
        "-  - id: two",
        "-    quote: he emphasized",
        "-    kind: direct",
        "-    summary: y",
        "-",
    ]
    assert "# a comment inside the claim, kept with it\n\nnotes: n" in change.new_text
    only = remove_claim(seed, TASS, "one", dry_run=True)
    assert "claims:\n  # about the second claim\n  - id: two" in only.new_text
    (seed / TASS_YML).write_text(only.new_text, encoding="utf-8")
    empty = remove_claim(seed, TASS, "two", dry_run=True)
    assert empty.new_text == "claims: []\n\nnotes: n\n"


def test_required_fields_cannot_be_unset(seed: Path) -> None:
    with pytest.raises(AnnotateError, match=r"cannot unset 'summary' of claim 'well-aware'"):
        edit_claim(seed, TASS, "well-aware", ClaimEdit(unset=frozenset({"summary"})))


def test_an_unknown_claim_is_refused_with_the_ids_there_are(seed: Path) -> None:
    with pytest.raises(AnnotateError, match=r"no claim 'not-there' in this file \(claims: repudiated-secret-graves, "):
        remove_claim(seed, TASS, "not-there")


# --------------------------------------------------------------------------------------------
# Safety: concurrent changes, paths, line endings
# --------------------------------------------------------------------------------------------


def test_a_file_changed_since_it_was_read_is_not_overwritten(seed: Path) -> None:
    digest = file_digest(seed, TASS)
    first = remove_claim(seed, TASS, "well-aware", expected_digest=digest)
    assert first.written
    assert first.digest == file_digest(seed, TASS)
    after_first = (seed / TASS_YML).read_bytes()
    with pytest.raises(ConflictError, match="the file changed since it was read"):
        remove_claim(seed, TASS, "blind-eye", expected_digest=digest)  # A second tab, still on the old file.
    assert (seed / TASS_YML).read_bytes() == after_first
    assert remove_claim(seed, TASS, "blind-eye", expected_digest=first.digest).written


def test_an_editor_saving_during_the_change_wins(seed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    encoded = annotate._encoded

    def editor_saves_meanwhile(text: str, before: bytes | None) -> bytes:
        (seed / TASS_YML).write_text("notes: saved by an editor\n", encoding="utf-8")
        return encoded(text, before)

    monkeypatch.setattr(annotate, "_encoded", editor_saves_meanwhile)
    with pytest.raises(ConflictError, match="the file changed while the change was being made"):
        remove_claim(seed, TASS, "well-aware")
    assert text_of(seed) == "notes: saved by an editor\n"
    assert not [p for p in (seed / "annotations" / "articles").iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("article_id", ["../tass", "TASS", "index", "tass/../../x", ""])
def test_ids_that_are_not_article_ids_are_refused(seed: Path, article_id: str) -> None:
    with pytest.raises(AnnotateError, match="is not an article id"):
        add_claim(seed, article_id, "x", ClaimFields())


def test_an_article_that_does_not_exist_is_refused(seed: Path) -> None:
    with pytest.raises(AnnotateError, match=r"articles/no-such-article.txt: error: no such article"):
        add_claim(seed, "no-such-article", "x", ClaimFields())


def test_a_linked_annotation_file_is_not_written_through(seed: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yml"
    outside.write_text(text_of(seed), encoding="utf-8")
    (seed / TASS_YML).unlink()
    (seed / TASS_YML).symlink_to(outside)
    with pytest.raises(AnnotateError, match="the annotation file is a link"):
        remove_claim(seed, TASS, "well-aware")
    assert outside.read_text(encoding="utf-8").count("- id: well-aware") == 1


def test_line_endings_and_mode_are_kept(seed: Path) -> None:
    path = seed / TASS_YML
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    path.chmod(0o640)
    change = remove_claim(seed, TASS, "well-aware")
    assert change.written
    data = path.read_bytes()
    assert b"\r\n" in data
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert path.stat().st_mode & 0o777 == 0o640


def test_a_file_that_is_not_yaml_is_refused_with_its_position(seed: Path) -> None:
    (seed / TASS_YML).write_text("claims:\n  - id: x\n    quote: [unclosed\n", encoding="utf-8")
    with pytest.raises(AnnotateError, match=rf"^{TASS_YML}:\d+:\d+: error: the file is not valid YAML"):
        add_claim(seed, TASS, "Konashenkov stressed", ClaimFields())


def test_duplicate_keys_are_refused(seed: Path) -> None:
    (seed / TASS_YML).write_text("claims: []\nclaims: []\n", encoding="utf-8")
    with pytest.raises(AnnotateError, match="not valid YAML"):
        add_claim(seed, TASS, "Konashenkov stressed", ClaimFields())


# --------------------------------------------------------------------------------------------
# The writer of `archive import`, and the command line
# --------------------------------------------------------------------------------------------


def test_import_s_writer_keeps_comments() -> None:
    text = "# kept\nclaims:\n  - id: a  # kept too\n    quote: q\n    kind: direct\n    summary: s\nnotes: n\n"
    entry = {"id": "b", "quote": "it: yes", "kind": "indirect", "summary": "", "speaker": "x"}
    assert with_claims_added(text, [entry]) == text.replace(
        "notes: n", '  - id: b\n    quote: "it: yes"\n    speaker: x\n    kind: indirect\n    summary: ""\nnotes: n'
    )


def run_cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(list(args))
    return status, out.getvalue(), err.getvalue()


def test_claim_add_prints_the_diff_the_problems_and_suggestions(seed: Path) -> None:
    status, out, err = run_cli(
        "--root",
        str(seed),
        "claim",
        "add",
        RT,
        "--quote",
        "there are no, and never were [there] any alleged ‘secret’ burials",
        "--speaker",
        "russian-defense-ministry",
        "--kind",
        "direct",
        "--summary",
        "The ministry denies secret burials.",
    )
    assert status == 0, err
    assert out.startswith(f"--- a/annotations/articles/{RT}.yml\n+++ b/annotations/articles/{RT}.yml\n@@ ")
    assert f"annotations/articles/{RT}.yml: added claim 'there-no-never-there-any' (file digest " in out
    assert "\n0 errors, 0 warnings\n" in out  # Inside the words of 'no-secret-burials': allowed, other words.
    assert f": note: likely the same statement as {TASS}#no-secret-graves (" in out


def test_claim_commands_report_mistakes_and_exit_1(seed: Path) -> None:
    status, out, _ = run_cli("--root", str(seed), "claim", "add", TASS, "--quote", "not in the text at all")
    assert status == 1
    assert f"{TASS_YML}: nothing written\n{TASS_YML}:121:12: error: quote not found in the article" in out
    assert out.endswith("1 error, 0 warnings\n")
    status, _, err = run_cli("--root", str(seed), "claim", "remove", TASS, "well-aware", "--digest", "0" * 64)
    assert status == 1
    assert "the file changed since it was read" in err
    status, _, err = run_cli("--root", str(seed), "claim", "add", TASS, "--start", "3")
    assert status == 2
    assert "--start and --end go together" in err


def test_claim_edit_and_remove_from_the_command_line(seed: Path) -> None:
    status, out, _ = run_cli("--root", str(seed), "claim", "edit", TASS, "well-aware", "--unset", "cue", "--dry-run")
    assert status == 0
    assert "-    cue: Konashenkov stressed\n" in out
    assert f"{TASS_YML}: would have edited claim 'well-aware' (dry run, nothing written)" in out
    status, out, _ = run_cli("--root", str(seed), "claim", "remove", TASS, "well-aware")
    assert "-  - id: well-aware\n" in out
    # Its URL was published: removing the claim asks for a redirect, as `check` would.
    assert status == 1
    assert f"error: published URL 'articles/{TASS}/#claim-well-aware' would disappear" in out


# --------------------------------------------------------------------------------------------
# Any string reads back as written, and only the new lines change
# --------------------------------------------------------------------------------------------

BASE = textwrap.dedent("""\
    article:
      outlet: tass  # a comment
    claims:
      - id: first
        quote: "Konashenkov stressed"
        kind: direct
        summary: One.

    notes: n
    """)


@settings(max_examples=60, deadline=None)
@given(
    quote=st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=60),
    summary=st.text(st.characters(exclude_categories=("Cs",)), max_size=40),
    tags=st.lists(st.text("abc-:, #'\"[]{}", min_size=1, max_size=6), max_size=3),
)
def test_any_string_reads_back_as_written(quote: str, summary: str, tags: list[str]) -> None:
    entry = {"id": "new-claim", "quote": quote, "kind": "direct", "summary": summary, "tags": tags}
    text = with_claims_added(BASE, [entry])
    assert all(line.startswith("+") for line in changed_lines(BASE, text))
    claims = yaml.safe_load(text)["claims"]  # The archive's own loader: PyYAML, YAML 1.1.
    assert claims == [yaml.safe_load(BASE)["claims"][0], entry]

"""One mistake, one message: each mistake a contributor makes gives exactly one message, at its place.

A mistake must not flood the pull request with its consequences: one over-indented line of an
annotation file could otherwise give 39 errors (its syntax error, then every relation to its
claims and every URL it publishes reported missing), and GitHub would show none of the real
ones. Each case below makes one mistake in a copy of the tiny archive (`tests/conftest.py`, with
the URLs it publishes recorded in `permalinks.txt`, so that a vanished URL would be reported) or
of the frozen seed, and pins the one message it must give, word for word: contributors read
these messages. Made all at once, in one run across several files, the mistakes give exactly the
sum of their messages, root causes first.

Three more mistakes (a changed word in a direct quote, straight against curly quotes, a quote that
appears twice) belong to anchoring and are pinned in `tests/test_anchor.py`.

A file with Windows (CRLF) line ends gives one warning: it is read exactly like the same file with
LF ends (YAML, the cleaner and the anchoring all treat CRLF as one line end), and the warning tells
a contributor their editor writes CRLF before a diff shows every line changed.
"""

from __future__ import annotations

import json
import re
import shutil
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from build_tools.cli import main
from build_tools.diagnostics import Diagnostic, Origin, Severity, Stage, format_github_summary
from build_tools.load import PERMALINKS_FILE
from build_tools.permalinks import current_permalinks, updated_permalinks
from build_tools.pipeline import run_pipeline
from tests.conftest import TINY_FILES, seed_checkout, write_tree

DAILY = "annotations/articles/daily-2020-01-01-budget.yml"
HERALD = "annotations/articles/herald-2020-01-02-budget.yml"
QUIET = "annotations/articles/herald-2020-01-03-unannotated.yml"
DAILY_TXT = "articles/daily-2020-01-01-budget.txt"
HERALD_TXT = "articles/herald-2020-01-02-budget.txt"
SPEAKERS = "annotations/speakers.yml"
OUTLETS = "annotations/outlets.yml"
EVENTS = "annotations/events.yml"
RT = "annotations/articles/rt-2017-08-02-false-from-start-to-finish.yml"
RT_TXT = "articles/rt-2017-08-02-false-from-start-to-finish.txt"
TASS = "annotations/articles/tass-2017-08-02-secret-graves.yml"

CAFE = "annotations/articles/wire-2020-01-04-cafe.yml"
LONG = "annotations/articles/wire-2020-01-05-long.yml"
HUGE_TXT = "articles/wire-2020-01-06-huge.txt"

FIVE_MB = 5_000_000
LONG_QUOTE = ("talks had failed " + "and failed again " * 352).strip()
"""6,000 characters: over a quote's limit, far under the file's."""

# --------------------------------------------------------------------------------------------
# Mistakes as edits of files
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Replace:
    """Replace the one occurrence of `old` in a file by `new` (same number of lines: places stay put)."""

    path: str
    old: str
    new: str


@dataclass(frozen=True)
class Write:
    """Write a file (new, or in place of the archive's)."""

    path: str
    text: str


@dataclass(frozen=True)
class Encode:
    """Save a file with Windows line ends (`crlf`) or in Latin-1/Windows-1252 (`cp1252`)."""

    path: str
    how: str


@dataclass(frozen=True)
class LinkOutside:
    """Replace a file by a link to a copy of it outside the repository."""

    path: str


Edit = Replace | Write | Encode | LinkOutside


@dataclass(frozen=True)
class Mistake:
    """One mistake and the one message it gives."""

    name: str
    edits: tuple[Edit, ...]
    expected: tuple[str, ...]
    """Every line the mistake adds to `archive check`'s output: one, unless the case says why not."""
    stage: Stage = Stage.SCHEMA
    """The check that reports it (the output puts earlier stages first)."""
    archive: str = "tiny"
    """`tiny` or `seed`."""
    together: bool = True
    """Whether it is made in the run that makes every mistake at once (`False` where it would hide others)."""


def error(path: str, line: int, column: int, message: str) -> str:
    return f"{path}:{line}:{column}: error: {message}"


def warning(path: str, line: int, column: int, message: str) -> str:
    return f"{path}:{line}:{column}: warning: {message}"


def apply(root: Path, edits: tuple[Edit, ...]) -> None:
    """Make the edits: text edits first, then the encodings they are saved in."""
    texts: dict[str, str] = {}
    for edit in edits:
        if isinstance(edit, Write):
            texts[edit.path] = edit.text
        elif isinstance(edit, Replace):
            text = texts.get(edit.path) or (root / edit.path).read_text(encoding="utf-8")
            assert text.count(edit.old) == 1, f"{edit.old!r} is not in {edit.path} exactly once"
            assert edit.old.count("\n") == edit.new.count("\n"), "an edit must keep every line in place"
            texts[edit.path] = text.replace(edit.old, edit.new)
    for edit in edits:
        if isinstance(edit, LinkOutside):
            outside = root.parent / "outside" / edit.path
            outside.parent.mkdir(parents=True, exist_ok=True)
            (root / edit.path).replace(outside)
            (root / edit.path).symlink_to(outside)
    encodings = {edit.path: edit.how for edit in edits if isinstance(edit, Encode)}
    for path in encodings.keys() - texts.keys():
        texts[path] = (root / path).read_text(encoding="utf-8")
    for path, text in texts.items():
        how = encodings.get(path)
        data = text.replace("\n", "\r\n").encode() if how == "crlf" else text.encode(how or "utf-8")
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(data)


TAB = "is indented with a tab; YAML indents with spaces only: replace the tab with spaces"
CLAIM_TARGET = "a claim id ('<article-id>#<claim-id>', or '#<claim-id>' in the same article)"
LATIN_1 = "Latin-1/Windows-1252); save it as UTF-8"
OUTSIDE = "file is a link to a place outside the repository; copy the file in instead"

LONG_YML = "claims:\n  - id: long\n    quote: " + "x" * FIVE_MB + "\n    kind: assertion\n    summary: Too long.\n"
HUGE = "Huge\n\n" + "word " * (FIVE_MB // 5)

MISTAKES = [
    # ---- The mistakes of the issue, one each --------------------------------------------------
    Mistake(
        "speaker-typo",
        (Replace(DAILY, "    speaker: jane-roe\n    cue: Roe said", "    speaker: jane-ro\n    cue: Roe said"),),
        # Not linked either: `same-as` would compare the speakers and call them different.
        (error(DAILY, 13, 14, "unknown speaker 'jane-ro' (did you mean 'jane-roe'?)"),),
        Stage.REFERENCE,
    ),
    Mistake(
        "over-indented-line",
        (Replace(EVENTS, '  date: "2020-01-01"', '     date: "2020-01-01"'),),
        # The events file does not parse: the event it declares is not reported unknown in the two
        # annotation files that name it, and its page's URL is not reported missing.
        (
            error(
                EVENTS,
                3,
                6,
                "YAML syntax error: line 3 is indented more than the block it belongs to (column 6; 'title:' on "
                "line 2 is at column 3): indent it to column 3",
            ),
        ),
        Stage.FILE,
    ),
    Mistake(
        "over-indented-line-in-an-annotation-file",
        (Replace(HERALD, "    speaker: jane-roe", "       speaker: jane-roe"),),
        # Nothing is derived from the file: not the relation of the other article to its claim, nor
        # the URLs of its claim and of the statement that claim makes with the other article.
        (
            error(
                HERALD,
                7,
                8,
                "YAML syntax error: line 7 is indented more than the block it belongs to (column 8; 'quote:' on "
                "line 6 is at column 5): indent it to column 5",
            ),
        ),
        Stage.FILE,
        together=False,
    ),
    Mistake(
        "tab-indentation",
        (Write(QUIET, 'article:\n  outlet: herald\n\tpublished: "2020-01-03"\n'),),
        (error(QUIET, 3, 1, f"YAML syntax error: line 3 {TAB}"),),
        Stage.FILE,
    ),
    Mistake(
        "duplicate-claim-id",
        (
            Write(
                HERALD,
                textwrap.dedent(TINY_FILES[HERALD])
                + "  - id: no-cuts\n    quote: Doe disagreed.\n    speaker: john-doe\n"
                "    kind: indirect\n    summary: The opposition leader disagrees.\n",
            ),
        ),
        (error(HERALD, 11, 9, "duplicate claim id 'no-cuts' (first used at line 5)"),),
    ),
    Mistake(
        "missing-quote",
        (
            Replace(
                DAILY,
                "    quote: We will not sign a budget that cuts pensions,",
                "    # quote: We will not sign a budget that cuts pensions,",
            ),
        ),
        # The claim is still known by its id: the relation of another claim to it is fine.
        (error(DAILY, 11, 5, "missing required key 'quote' in claim"),),
    ),
    Mistake(
        "unknown-tag",
        (Replace(DAILY, "tags: [pensions]", "tags: [pension]"),),
        (error(DAILY, 17, 12, "unknown tag 'pension' (did you mean 'pensions'?)"),),
        Stage.REFERENCE,
    ),
    Mistake(
        "relation-to-a-missing-claim",
        (Replace(DAILY, "same-as: herald-2020-01-02-budget#no-cuts", "same-as: herald-2020-01-02-budget#no-cut"),),
        (
            error(
                DAILY, 19, 9, "unknown claim 'no-cut' in article 'herald-2020-01-02-budget' (did you mean 'no-cuts'?)"
            ),
        ),
        Stage.REFERENCE,
    ),
    Mistake(
        "impossible-date",
        (Replace(HERALD, '"2020-01-02"', '"2017-02-30"'),),
        (error(HERALD, 2, 14, "'2017-02-30' is not a real date (February 2017 has 28 days)"),),
    ),
    Mistake(
        "yaml-alias",
        (
            Replace(
                DAILY,
                "    kind: direct\n    summary: The minister",
                "    kind: &direct direct\n    summary: The minister",
            ),
            Replace(
                DAILY, "    kind: direct\n    summary: The opposition", "    kind: *direct\n    summary: The opposition"
            ),
        ),
        (
            error(
                DAILY,
                24,
                11,
                "YAML alias '*direct' is not allowed; write the value out instead (it repeats '&direct' from line 15)",
            ),
        ),
        Stage.FILE,
    ),
    Mistake(
        "crlf-annotation-file",
        (Encode(DAILY, "crlf"),),
        (warning(DAILY, 1, 1, "file has Windows (CRLF) line ends; they are read as LF"),),
        Stage.FILE,
    ),
    Mistake(
        "crlf-raw-article",
        (Encode(HERALD_TXT, "crlf"),),
        # Its quote is still found: anchoring reads the lines as the LF file's.
        (warning(HERALD_TXT, 1, 1, "file has Windows (CRLF) line ends; they are read as LF"),),
        Stage.FILE,
    ),
    Mistake(
        "latin-1-annotation-file",
        (
            Write("articles/wire-2020-01-04-cafe.txt", "Café opens\n\nThe café opened today.\n"),
            Write(CAFE, 'article:\n  outlet: herald\n  published: "2020-01-04"\nnotes: Un café.\n'),
            Encode(CAFE, "cp1252"),
        ),
        (error(CAFE, 4, 14, f"file is not valid UTF-8 (byte 0xe9 is 'é' in {LATIN_1}"),),
        Stage.FILE,
    ),
    Mistake(
        "latin-1-raw-article",
        (Encode(DAILY_TXT, "cp1252"),),
        # The article's page and its claims' URLs are not reported missing.
        (error(DAILY_TXT, 13, 60, f"file is not valid UTF-8 (byte 0x97 is '—' in {LATIN_1}"),),
        Stage.FILE,
    ),
    Mistake(
        "five-megabyte-quote",
        (Write("articles/wire-2020-01-05-long.txt", "Long quote\n\nShort text.\n"), Write(LONG, LONG_YML)),
        (error(LONG, 1, 1, f"file is {len(LONG_YML):,} bytes; the limit is 1,000,000"),),
        Stage.FILE,
    ),
    Mistake(
        "five-megabyte-file",
        (Write(HUGE_TXT, HUGE),),
        (error(HUGE_TXT, 1, 1, f"article file is {len(HUGE):,} bytes; the limit is 2,000,000"),),
        Stage.FILE,
    ),
    # ---- More cascades the issue names -----------------------------------------------------------
    Mistake(
        "quote-longer-than-its-limit",
        (Replace(DAILY, "quote: talks had failed", f"quote: {LONG_QUOTE}"),),
        (error(DAILY, 6, 12, "text is 6,000 characters long; the limit is 5,000"),),
    ),
    Mistake(
        "bad-kind",
        (Replace(DAILY, "kind: indirect", "kind: indirectly"),),
        (error(DAILY, 9, 11, "'indirectly' is not one of direct, indirect, assertion (did you mean 'indirect'?)"),),
    ),
    Mistake(
        "typo-inside-an-unnamed-speaker",
        (Replace(HERALD, "    speaker: jane-roe", "    speaker: {unamed: a government source}"),),
        # Neither "missing 'unnamed'" nor "claim has no speaker".
        (error(HERALD, 7, 15, "unknown key 'unamed' in unnamed speaker (did you mean 'unnamed'?)"),),
    ),
    Mistake(
        "speaker-entry-with-a-bad-field",
        (Replace(SPEAKERS, "  type: person\n  aliases: [Roe]", "  type: persn\n  aliases: [Roe]"),),
        # The speaker is still known: the claims naming jane-roe are fine.
        (error(SPEAKERS, 3, 9, "'persn' is not one of person, organization (did you mean 'person'?)"),),
    ),
    Mistake(
        "unknown-outlet",
        (Replace(HERALD, "  event: budget-2020", "  outlet: cnn"),),
        (error(HERALD, 3, 11, "unknown outlet 'cnn'; outlets are declared in annotations/outlets.yml"),),
        Stage.REFERENCE,
    ),
    Mistake(
        "outlets-file-does-not-parse",
        (Replace(OUTLETS, "  cleaning:\n    detect: ['^HERALD - ']", "    cleaning:\n    detect: ['^HERALD - ']"),),
        # No outlet is "not detected", no quote is looked for in a text cleaned without its rules.
        (
            error(
                OUTLETS,
                17,
                5,
                "YAML syntax error: line 17 is indented more than the block it belongs to (column 5; 'name:' on "
                "line 16 is at column 3): indent it to column 3",
            ),
        ),
        Stage.FILE,
        together=False,
    ),
    Mistake(
        "speakers-file-does-not-parse",
        (Replace(SPEAKERS, "  name: Jane Roe", '  name: "Jane Roe'),),
        # No claim's speaker is reported unknown, no speaker page's URL missing.
        (error(SPEAKERS, 2, 9, "YAML syntax error: this quoted text is never closed; add the closing quote"),),
        Stage.FILE,
        together=False,
    ),
    Mistake(
        "annotation-file-linked-from-outside",
        (LinkOutside(HERALD),),
        # Its claim is unknown, not absent: neither the relation to it nor its URL is reported.
        (error(HERALD, 1, 1, OUTSIDE),),
        Stage.FILE,
        together=False,
    ),
    Mistake(
        "raw-article-linked-from-outside",
        (LinkOutside(DAILY_TXT),),
        # The annotation file still has its article; the article's page is not reported missing.
        (error(DAILY_TXT, 1, 1, OUTSIDE),),
        Stage.FILE,
        together=False,
    ),
    Mistake(
        "relation-to-a-claim-of-the-same-article-as-hash-id",
        (Replace(DAILY, "contradicts: daily-2020-01-01-budget#no-pension-cuts", "contradicts: '#no-pension-cuts'"),),
        (),
        together=False,
    ),
    Mistake(
        "relation-to-a-claim-of-the-same-article-as-bare-id",
        (Replace(DAILY, "contradicts: daily-2020-01-01-budget#no-pension-cuts", "contradicts: no-pension-cuts"),),
        (),
        together=False,
    ),
    Mistake(
        "relation-target-read-as-a-comment",
        (Replace(DAILY, "contradicts: daily-2020-01-01-budget#no-pension-cuts", "contradicts: #no-pension-cuts"),),
        (
            error(
                DAILY,
                27,
                22,
                f"expected {CLAIM_TARGET} or a mapping (external source), got nothing (' #' starts a comment in "
                'YAML: write "#no-pension-cuts" in quotes)',
            ),
        ),
        together=False,
    ),
    # ---- The seed ----------------------------------------------------------------------------------
    Mistake(
        "seed-over-indented-line",
        (Replace(RT, "    speaker: reuters\n    cue: claims", "       speaker: reuters\n    cue: claims"),),
        # The issue's own example: it gave this error and 38 more (9 "unknown article", 29 "URL would disappear").
        (
            error(
                RT,
                10,
                8,
                "YAML syntax error: line 10 is indented more than the block it belongs to (column 8; 'quote:' on "
                "line 9 is at column 5): indent it to column 5",
            ),
        ),
        Stage.FILE,
        archive="seed",
    ),
    Mistake(
        "seed-speaker-typo",
        (
            Replace(
                TASS,
                "    speaker: igor-konashenkov\n    cue: said on Wednesday",
                "    speaker: konashenkov\n    cue: said on Wednesday",
            ),
        ),
        # The kind of message the contributor guide shows (docs/contributing.md).
        (error(TASS, 11, 14, "unknown speaker 'konashenkov' (did you mean 'igor-konashenkov'?)"),),
        Stage.REFERENCE,
        archive="seed",
    ),
    Mistake(
        "seed-latin-1-raw-article",
        (Encode(RT_TXT, "cp1252"),),
        (error(RT_TXT, 10, 1, f"file is not valid UTF-8 (byte 0x93 is '“' in {LATIN_1}"),),
        Stage.FILE,
        archive="seed",
    ),
]
MISTAKES_BY_NAME = {m.name: m for m in MISTAKES}
TOGETHER = [m for m in MISTAKES if m.together and m.archive == "tiny"]


# --------------------------------------------------------------------------------------------
# Archives to make them in
# --------------------------------------------------------------------------------------------


def problems(root: Path) -> list[str]:
    """Every line `archive check` prints for `root`, but the count."""
    return [str(d) for d in run_pipeline(root, cache=False).diagnostics.sorted()]


@dataclass
class Template:
    """An archive to copy, and what `archive check` prints for it unchanged."""

    root: Path
    baseline: list[str] = field(default_factory=list)


@pytest.fixture(name="templates", scope="module")
def fixture_templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Template]:
    """The tiny archive, with every URL it publishes recorded, and the frozen seed."""
    tiny = tmp_path_factory.mktemp("tiny-template")
    write_tree(tiny, TINY_FILES)
    result = run_pipeline(tiny, cache=False)
    assert result.archive is not None, [str(d) for d in result.diagnostics.errors]
    (tiny / PERMALINKS_FILE).write_text(updated_permalinks((), current_permalinks(result.archive)), encoding="utf-8")
    seed = seed_checkout(tmp_path_factory.mktemp("seed-template") / "seed")
    return {name: Template(root, problems(root)) for name, root in (("tiny", tiny), ("seed", seed))}


@pytest.fixture(name="archive_copy")
def fixture_archive_copy(templates: dict[str, Template], tmp_path: Path) -> Callable[[str], Path]:
    """A function that copies one of the templates into the test's folder."""

    def copy(name: str) -> Path:
        root = tmp_path / name
        shutil.copytree(templates[name].root, root)
        return root

    return copy


def added(lines: list[str], baseline: list[str]) -> list[str]:
    """The lines a mistake adds: `lines` without (one occurrence of) each line of the unchanged archive's."""
    left = list(baseline)
    kept = []
    for line in lines:
        if line in left:
            left.remove(line)
        else:
            kept.append(line)
    return kept


def test_the_archives_publish_urls_a_cascade_would_report(templates: dict[str, Template]) -> None:
    # The tiny archive's own URLs are recorded, so a mistake that made one vanish would say so.
    published = (templates["tiny"].root / PERMALINKS_FILE).read_text(encoding="utf-8")
    assert "articles/herald-2020-01-02-budget/#claim-no-cuts\n" in published
    assert "events/budget-2020/\n" in published
    assert re.search(r"^statements/", published, re.MULTILINE)
    assert [line for line in templates["tiny"].baseline if ": error: " in line] == []
    assert templates["seed"].baseline == []


# --------------------------------------------------------------------------------------------
# One at a time
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("mistake", [pytest.param(m, id=m.name) for m in MISTAKES])
def test_one_mistake_gives_one_message(
    mistake: Mistake, archive_copy: Callable[[str], Path], templates: dict[str, Template]
) -> None:
    root = archive_copy(mistake.archive)
    apply(root, mistake.edits)
    assert added(problems(root), templates[mistake.archive].baseline) == list(mistake.expected)


def test_a_claim_with_three_problems_gives_each_once(
    archive_copy: Callable[[str], Path], templates: dict[str, Template]
) -> None:
    # Before, a missing quote dropped the claim, and its duplicate id was then never reported.
    root = archive_copy("tiny")
    block = "  - id: no-cuts\n    speaker: jane-roe\n    kind: quote\n    summary: Again.\n"
    apply(root, (Write(HERALD, textwrap.dedent(TINY_FILES[HERALD]) + block),))
    assert sorted(added(problems(root), templates["tiny"].baseline)) == [
        error(HERALD, 11, 5, "missing required key 'quote' in claim"),
        error(HERALD, 11, 9, "duplicate claim id 'no-cuts' (first used at line 5)"),
        error(HERALD, 13, 11, "'quote' is not one of direct, indirect, assertion"),
    ]


# --------------------------------------------------------------------------------------------
# All at once
# --------------------------------------------------------------------------------------------


def test_the_mistakes_make_several_files_wrong() -> None:
    files = {edit.path for mistake in TOGETHER for edit in mistake.edits}
    assert len(TOGETHER) >= 15
    assert len(files) >= 8


@pytest.fixture(name="all_at_once")
def fixture_all_at_once(archive_copy: Callable[[str], Path]) -> Path:
    """The tiny archive with every mistake that can be made together."""
    root = archive_copy("tiny")
    apply(root, tuple(edit for mistake in TOGETHER for edit in mistake.edits))
    return root


def test_all_mistakes_at_once_give_the_sum_of_their_messages(all_at_once: Path, templates: dict[str, Template]) -> None:
    reported = added(problems(all_at_once), templates["tiny"].baseline)
    assert sorted(reported) == sorted(line for mistake in TOGETHER for line in mistake.expected)


def test_root_causes_come_first(all_at_once: Path, templates: dict[str, Template]) -> None:
    stage_of = {line: mistake.stage for mistake in TOGETHER for line in mistake.expected}
    reported = added(problems(all_at_once), templates["tiny"].baseline)
    stages = [stage_of[line] for line in reported]
    assert stages == sorted(stages)
    assert stages[0] is Stage.FILE


# --------------------------------------------------------------------------------------------
# On the pull request: within GitHub's limits, and every message in the job summary
# --------------------------------------------------------------------------------------------


def run_github(root: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    status = main(["--root", str(root), "check", "--format", "github"])
    assert status == 1
    return capsys.readouterr().out.splitlines()


def test_github_annotations_stay_within_its_limits_root_causes_first(
    all_at_once: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    lines = run_github(all_at_once, capsys)
    everything = run_pipeline(all_at_once, cache=False).diagnostics.sorted()
    errors = [d for d in everything if d.severity.value == "error"]
    warnings = [d for d in everything if d.severity.value == "warning"]
    annotations, notice = lines[:-1], lines[-1]
    assert len([a for a in annotations if a.startswith("::error ")]) == 10
    assert len([a for a in annotations if a.startswith("::warning ")]) == min(10, len(warnings))
    # The first annotations are the files that could not be read: the errors to fix first.
    shown = [a for a in annotations if a.startswith("::error ")]
    assert [s.split("::")[-1] for s in shown] == [d.message for d in errors[:10]]
    assert errors[0].stage is Stage.FILE
    hidden = len(everything) - len(annotations)
    hidden_errors = len(errors) - 10
    assert notice == (
        f"::notice::{hidden} more problems ({hidden_errors} errors, {hidden - hidden_errors} warnings) not annotated "
        "here: GitHub shows at most 10 errors and 10 warnings per step; run `archive check` to see every problem"
    )


def test_every_message_goes_to_the_job_summary(
    all_at_once: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("Earlier output of the step.\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    lines = run_github(all_at_once, capsys)
    assert lines[-1].endswith("; every problem is listed in the job summary")
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("Earlier output of the step.\n## archive check: ")
    everything = run_pipeline(all_at_once, cache=False).diagnostics.sorted()
    # A heading per file, then one item per problem.
    assert text.count("\n### `") == len({d.origin.path for d in everything})
    assert text.count("\n- ") == len(everything)
    assert f"\n### `{EVENTS}`\n\n- 3:6 **error** YAML syntax error: line 3 is indented more" in text
    # The offending line is quoted, indentation kept.
    assert '<br>`     date: "2020-01-01"`\n' in text
    # Contributors' text is shown, never read as Markdown or HTML.
    assert "\\*direct" in text


def test_the_job_summary_keeps_within_its_size_limit(
    all_at_once: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    summary = tmp_path / "summary.md"
    # Another command of the step has nearly filled the summary.
    summary.write_text("x" * (1024 * 1024 - 2_000), encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    run_github(all_at_once, capsys)
    assert summary.stat().st_size <= 1024 * 1024
    assert re.search(r"\n\*\d+ more problems not shown: a job summary holds at most 1 MiB;", summary.read_text())


def test_json_output_is_unchanged_by_the_limits(all_at_once: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["--root", str(all_at_once), "check", "--format", "json"])
    document = json.loads(capsys.readouterr().out)
    expected = sum(len(m.expected) for m in TOGETHER)
    assert len(document["diagnostics"]) == document["errors"] + document["warnings"] >= expected


def test_the_job_summary_shows_contributors_text_literally() -> None:
    origin = Origin("annotations/articles/x.yml", 3, 12)
    hostile = Diagnostic(origin, Severity.ERROR, "expected text, got '<img src=x onerror=alert(1)> @maintainer *x*'")
    summary = format_github_summary([hostile], lambda _: "    quote: ``two`` and `one` <b>")
    assert summary == (
        "## archive check: 1 error, 0 warnings\n\n### `annotations/articles/x.yml`\n\n"
        "- 3:12 **error** expected text, got '\\<img src=x onerror=alert(1)\\> \\@maintainer \\*x\\*'"
        "<br>```    quote: ``two`` and `one` <b>```\n"
    )

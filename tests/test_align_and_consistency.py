"""Word-by-word alignment of wordings (pairs and triples) and the relation consistency checks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from build_tools.align import Change, align
from build_tools.pipeline import run_pipeline
from build_tools.render.compare import inline_difference

TASS = (
    "Attempts to present individuals who have nothing to do with the armed forces, let alone the operation "
    "in Syria, as those killed in action are lies from beginning to end"
)
RT = (
    "Attempts to present private individuals, who aren’t related to the Russian Armed Forces and the "
    "operation in Syria, as such – are false from start to finish"
)


def readings(wordings: list[str]) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    alignment = align(wordings)
    return [(s.readings, tuple(c.value for c in s.changes)) for s in alignment.segments]


def test_identical_wordings_form_one_agreeing_segment() -> None:
    alignment = align(["no grounds to doubt", "No grounds to doubt"])
    assert [(s.readings, s.variant) for s in alignment.segments] == [
        (("no grounds to doubt", "No grounds to doubt"), False)
    ]
    assert alignment.agreement == 1.0


def test_pair_marks_substitutions_additions_and_omissions() -> None:
    segments = readings(["lies from beginning to end", "are false from start to finish"])
    assert segments == [
        (("", "are"), ("same", "added")),
        (("lies", "false"), ("same", "substituted")),
        (("from", "from"), ("same", "same")),
        (("beginning", "start"), ("same", "substituted")),
        (("to", "to"), ("same", "same")),
        (("end", "finish"), ("same", "substituted")),
    ]


def test_pair_of_the_seed_wordings_keeps_shared_runs_together() -> None:
    alignment = align([TASS, RT])
    same = [s.readings[0] for s in alignment.segments if not s.variant]
    assert "Attempts to present" in same
    assert "the operation in Syria, as" in same
    changed = {s.readings[0]: s.changes[1] for s in alignment.segments if s.variant}
    assert changed["lies"] is Change.SUBSTITUTED
    assert changed["let"] is Change.OMITTED
    assert changed["alone"] is Change.SUBSTITUTED
    assert ("", "private") in [(s.readings[0], s.readings[1]) for s in alignment.segments]


def test_triple_is_aligned_column_by_column() -> None:
    third = "Attempts to present individuals who have nothing to do with the army as killed in action are false from beginning to end"
    alignment = align([TASS, RT, third])
    assert alignment.witnesses == 3
    assert all(len(column) == 3 for column in alignment.columns)
    by_base = {s.readings[0]: s for s in alignment.segments}
    # Every wording keeps all its words, in order.
    for witness, wording in enumerate([TASS, RT, third]):
        words = [c[witness] for c in alignment.columns if c[witness] is not None]
        assert "".join(words) == "".join(wording.split())
    assert by_base["lies"].changes == (Change.SAME, Change.SUBSTITUTED, Change.SUBSTITUTED)
    assert by_base["beginning"].changes == (Change.SAME, Change.SUBSTITUTED, Change.SAME)
    assert by_base["Attempts to present"].changes == (Change.SAME, Change.SAME, Change.SAME)


def test_inline_difference_marks_what_the_second_wording_changed() -> None:
    html = inline_difference("lies from beginning to end", "are false from start to finish")
    assert html == (
        '<ins title="added">are</ins> <del title="instead of">lies</del> <ins class="reworded" '
        'title="worded differently">false</ins> from <del title="instead of">beginning</del> '
        '<ins class="reworded" title="worded differently">start</ins> to <del title="instead of">end</del> '
        '<ins class="reworded" title="worded differently">finish</ins>'
    )
    escaped = inline_difference("a quote", "a <script> quote")
    assert "<script>" not in escaped
    assert "&lt;" in escaped


# ---- Consistency checks, with their messages and positions ------------------------------------

DAILY = "annotations/articles/daily-2020-01-01-budget.yml"
HERALD = "annotations/articles/herald-2020-01-02-budget.yml"


def _problems(edit: Callable[[str, str], Path], files: dict[str, str]) -> list[str]:
    root = None
    for path, content in files.items():
        root = edit(path, content)
    assert root is not None
    return [str(d) for d in run_pipeline(root).diagnostics.sorted()]


HERALD_TWO_CLAIMS = """\
article:
  published: "2020-01-02"
claims:
  - id: no-cuts
    quote: We will not sign a budget that cuts pensions.
    speaker: jane-roe
    kind: direct
    summary: The minister rules out a budget that cuts pensions.
    relations:
      - refutes: herald-2020-01-02-budget#disagreed
  - id: disagreed
    quote: Doe disagreed.
    speaker: john-doe
    kind: indirect
    summary: The opposition leader disagrees.
    relations:
      - refutes: herald-2020-01-02-budget#no-cuts
"""


def test_refutation_cycle_is_an_error_at_the_relation(edit_archive: Callable[[str, str], Path]) -> None:
    problems = _problems(edit_archive, {HERALD: HERALD_TWO_CLAIMS})
    assert problems == [
        (
            f"{HERALD}:10:9: error: refutes forms a cycle: herald-2020-01-02-budget#no-cuts refutes "
            "herald-2020-01-02-budget#disagreed refutes herald-2020-01-02-budget#no-cuts; "
            "a claim cannot refute what refutes it"
        )
    ]


def test_refutation_cycle_through_three_claims(edit_archive: Callable[[str, str], Path]) -> None:
    three = HERALD_TWO_CLAIMS.replace(
        "      - refutes: herald-2020-01-02-budget#no-cuts\n",
        "      - refutes: daily-2020-01-01-budget#talks-failed\n",
    )
    root = edit_archive(HERALD, three)
    text = (root / DAILY).read_text()
    text = text.replace(
        "    summary: The minister says the budget talks failed.\n",
        "    summary: The minister says the budget talks failed.\n    relations:\n"
        "      - refutes: herald-2020-01-02-budget#no-cuts\n",
    )
    (root / DAILY).write_text(text)
    problems = [str(d) for d in run_pipeline(root).diagnostics.errors]
    assert len(problems) == 1
    assert "refutes forms a cycle: " in problems[0]
    cycle = problems[0].split("cycle: ", 1)[1].split(";", 1)[0]
    assert cycle.count(" refutes ") == 3


def test_a_one_way_refutation_is_fine(edit_archive: Callable[[str, str], Path]) -> None:
    one_way = HERALD_TWO_CLAIMS.replace("    relations:\n      - refutes: herald-2020-01-02-budget#no-cuts\n", "")
    assert _problems(edit_archive, {HERALD: one_way}) == []

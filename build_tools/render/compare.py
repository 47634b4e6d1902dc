"""Wordings side by side: an alignment in, HTML out (an alignment table and inline differences)."""

from __future__ import annotations

from collections.abc import Sequence

from build_tools.align import Alignment, Change, align
from build_tools.render.markup import text as body_text  # entity-escaped: safe in Markdown and HTML alike

_CHANGE_LABEL = {
    Change.SAME: "same",
    Change.SUBSTITUTED: "worded differently",
    Change.ADDED: "added",
    Change.OMITTED: "left out",
}


def alignment_table(labels: Sequence[str], alignment: Alignment) -> str:
    """An HTML table: one row per wording, one column per segment; variant places marked.

    Args:
        labels: Already-safe HTML labels of the wordings (outlet, date), in alignment order.
        alignment: The aligned wordings.

    """
    rows = []
    for witness, label in enumerate(labels):
        cells = []
        for segment in alignment.segments:
            change = segment.change(witness)
            reading = segment.readings[witness]
            css = "variant" if segment.variant else "agree"
            if witness and change is not Change.SAME:
                css += f" change-{change.value}"
            content = body_text(reading) if reading else '<span class="gap" aria-label="nothing here">∅</span>'
            title = f' title="{_CHANGE_LABEL[change]}"' if witness and change is not Change.SAME else ""
            cells.append(f'<td class="{css}"{title}>{content}</td>')
        rows.append(f'<tr><th scope="row">{label}</th>{"".join(cells)}</tr>')
    legend = (
        '<p class="alignment-legend">Compared with the first row: '
        '<span class="change-substituted">worded differently</span> '
        '<span class="change-added">added</span> <span class="change-omitted">left out</span>; '
        "identical runs are shown plain. "
        f"{round(alignment.agreement * 100)}% of the first wording's words are the same in every wording.</p>"
    )
    return (
        '<div class="alignment-wrap" tabindex="0" role="region" aria-label="Wordings aligned word by word">'
        f'<table class="alignment"><tbody>{"".join(rows)}</tbody></table></div>\n{legend}'
    )


def inline_difference(base: str, other: str) -> str:
    """`other` as HTML with what differs from `base` marked: <ins> added, <del> left out, <mark> reworded."""
    alignment = align([base, other])
    parts = []
    for segment in alignment.segments:
        change = segment.change(1)
        own, theirs = body_text(segment.readings[0]), body_text(segment.readings[1])
        if change is Change.SAME:
            parts.append(theirs)
        elif change is Change.ADDED:
            parts.append(f'<ins title="added">{theirs}</ins>')
        elif change is Change.OMITTED:
            parts.append(f'<del title="left out">{own}</del>')
        else:
            parts.append(
                f'<del title="instead of">{own}</del> <ins class="reworded" title="worded differently">{theirs}</ins>'
            )
    return " ".join(p for p in parts if p)

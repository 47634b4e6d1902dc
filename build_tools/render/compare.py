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
            # A gap says what it is: words this wording leaves out, or words only others have.
            gap = "(left out)" if witness else "(added by others)"
            content = body_text(reading) if reading else f'<span class="gap">{gap}</span>'
            title = f' title="{_CHANGE_LABEL[change]}"' if witness and change is not Change.SAME else ""
            cells.append(f'<td class="{css}"{title}>{content}</td>')
        rows.append(f'<tr><th scope="row">{label}</th>{"".join(cells)}</tr>')
    legend = (
        '<p class="alignment-legend">Each row is one wording, the first appearance on top; each column lines up '
        "the same words across wordings, and the words that differ are in bold. "
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


def difference_sentence(base: str, other: str) -> str:
    """What `other` changes in `base`, in words a reader needs no legend for (HTML, quotes escaped).

    "Word for word the same." or, for example, "Says “false from start to finish” where the first
    has “lies from beginning to end”; adds “private”."
    """
    alignment = align([base, other])
    said = []
    for segment in alignment.segments:
        change = segment.change(1)
        own, theirs = body_text(segment.readings[0]), body_text(segment.readings[1])
        if change is Change.ADDED:
            said.append(f"adds “<ins>{theirs}</ins>”")
        elif change is Change.OMITTED:
            said.append(f"leaves out “<del>{own}</del>”")
        elif change is Change.SUBSTITUTED:
            said.append(f"says “<ins>{theirs}</ins>” where the first has “<del>{own}</del>”")
    if not said:
        return "Word for word the same as the first appearance."
    text = "; ".join(said)
    return text[0].upper() + text[1:] + "."

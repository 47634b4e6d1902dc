"""Small charts drawn at build time as inline SVG: counts over time, stacked by series; pure.

Each chart comes with its text alternative: a title and description for assistive technology,
and the same numbers as a table that readers can open. Series are told apart by shade and by
their order in the legend, and every bar carries its numbers as a tooltip.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from build_tools.render.markup import attr, body_text

WIDTH = 640
HEIGHT = 180
MARGIN_LEFT = 36
MARGIN_BOTTOM = 34
MAX_BUCKETS = 60
PALETTE = ("#3f51b5", "#00897b", "#f9a825", "#c62828", "#6a1b9a", "#5d4037", "#546e7a", "#ef6c00")
"""Series colours (the last one is reused for "other" when there are more series)."""


def buckets_for(dates: Iterable[str]) -> tuple[str, int]:
    """The bucket width for these ISO dates: days, months or years, whichever keeps the bars few."""
    known = sorted(d for d in dates if d)
    if not known:
        return "day", 10
    days = {d[:10] for d in known}
    months = {d[:7] for d in known}
    if len(days) <= MAX_BUCKETS and (len(months) <= 2):
        return "day", 10
    if len(months) <= MAX_BUCKETS:
        return "month", 7
    return "year", 4


def count_by(items: Iterable[tuple[str, str]], width: int) -> tuple[list[str], dict[str, list[int]]]:
    """Counts of (date, series) pairs per bucket (date prefix of `width`) and series, buckets in order."""
    pairs = [(date[:width], series) for date, series in items if date]
    buckets = sorted({b for b, _ in pairs})
    counts = Counter(pairs)
    names = sorted({s for _, s in pairs}, key=lambda s: (-sum(v for (b, n), v in counts.items() if n == s), s))
    if len(names) > len(PALETTE):
        kept = set(names[: len(PALETTE) - 1])
        counts = Counter((b, s if s in kept else "other") for b, s in pairs)
        names = [*names[: len(PALETTE) - 1], "other"]
    return buckets, {name: [counts[(b, name)] for b in buckets] for name in names}


def bar_chart(title: str, buckets: Sequence[str], series: dict[str, list[int]], unit: str, ident: str) -> str:
    """A stacked bar chart with a legend and its numbers as a table; empty when there is nothing to show."""
    if not buckets:
        return ""
    totals = [sum(values[i] for values in series.values()) for i in range(len(buckets))]
    peak = max(totals) or 1
    plot_width = WIDTH - MARGIN_LEFT - 8
    plot_height = HEIGHT - MARGIN_BOTTOM - 10
    step = plot_width / len(buckets)
    bar = max(2.0, step * 0.7)
    parts = [
        (
            f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
            f'aria-labelledby="{ident}-title {ident}-desc" xmlns="http://www.w3.org/2000/svg">'
        ),
        f'<title id="{ident}-title">{body_text(title)}</title>',
        f'<desc id="{ident}-desc">{body_text(_describe(buckets, totals, unit))}</desc>',
        f'<line class="chart-axis" x1="{MARGIN_LEFT}" y1="{HEIGHT - MARGIN_BOTTOM}" x2="{WIDTH - 4}" y2="{HEIGHT - MARGIN_BOTTOM}"/>',
        f'<text class="chart-label" x="{MARGIN_LEFT - 6}" y="16" text-anchor="end">{peak}</text>',
        f'<text class="chart-label" x="{MARGIN_LEFT - 6}" y="{HEIGHT - MARGIN_BOTTOM}" text-anchor="end">0</text>',
    ]
    for index, bucket in enumerate(buckets):
        x = MARGIN_LEFT + index * step + (step - bar) / 2
        y = float(HEIGHT - MARGIN_BOTTOM)
        for number, (name, values) in enumerate(series.items()):
            if not values[index]:
                continue
            height = values[index] / peak * plot_height
            y -= height
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{height:.1f}" fill="{PALETTE[number % len(PALETTE)]}">'
                f"<title>{body_text(f'{bucket}, {name}: {values[index]} {unit}')}</title></rect>"
            )
        if len(buckets) <= 12 or index % max(1, len(buckets) // 8) == 0:
            parts.append(
                f'<text class="chart-label" x="{x + bar / 2:.1f}" y="{HEIGHT - MARGIN_BOTTOM + 14}" text-anchor="middle">'
                f"{body_text(bucket)}</text>"
            )
    parts.append("</svg>")
    legend = "".join(
        f'<span class="chart-key"><span class="chart-swatch" style="background:{PALETTE[n % len(PALETTE)]}"></span>'
        f"{body_text(name)}</span> "
        for n, name in enumerate(series)
    )
    return (
        f'<figure class="chart-figure" aria-label="{attr(title)}">{"".join(parts)}'
        f'<figcaption class="chart-legend">{legend}</figcaption></figure>\n'
        f"{_table(title, buckets, series)}"
    )


def _describe(buckets: Sequence[str], totals: list[int], unit: str) -> str:
    busiest = max(range(len(buckets)), key=lambda i: totals[i])
    return (
        f"{sum(totals)} {unit} from {buckets[0]} to {buckets[-1]}; the most, {totals[busiest]}, in {buckets[busiest]}."
    )


def _table(title: str, buckets: Sequence[str], series: dict[str, list[int]]) -> str:
    header = "".join(f'<th scope="col">{body_text(name)}</th>' for name in series)
    rows = "".join(
        f'<tr><th scope="row">{body_text(bucket)}</th>'
        + "".join(f"<td>{values[i]}</td>" for values in series.values())
        + "</tr>"
        for i, bucket in enumerate(buckets)
    )
    return (
        f'<details class="chart-data"><summary>{body_text(title)}: the numbers</summary>'
        f'<table><thead><tr><th scope="col">When</th>{header}</tr></thead><tbody>{rows}</tbody></table></details>'
    )

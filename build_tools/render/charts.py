"""Small charts drawn at build time as inline SVG: one quantity counted over time, stacked by outlet; pure.

A chart is drawn only when it has something to show: at least `MIN_POINTS` points in time (one
bar says nothing a sentence would not). Each chart counts one thing (claims, or articles), never
two in one bar. Each outlet has one colour across the whole site (`outlet_colours`), whatever a
page lists. Each chart comes with its text alternative: a title and description for assistive
technology, and the same numbers as a table that readers can open; every bar carries its numbers
as a tooltip, and the legend names each series in the order the bars stack.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta

from build_tools.render.context import date_words
from build_tools.render.markup import attr, body_text

WIDTH = 600
HEIGHT = 140
TICKS = 7
"""Most bars that each get a label of their own."""
MAX_BUCKETS = 60
MIN_POINTS = 3
"""Fewest points in time (buckets with something in them) for which a chart over time is drawn."""
PALETTE = (
    "#1976d2",
    "#c77c02",
    "#00897b",
    "#d32f2f",
    "#5c6bc0",
    "#558b2f",
    "#e65100",
    "#0097a7",
    "#ab47bc",
    "#d81b60",
)
"""Outlet colours: each at least 3:1 against both palettes' backgrounds (white and Material's slate)."""
OTHER = "#757575"
"""The colour of "other" when a chart has more outlets than `PALETTE` has colours."""


def outlet_colours(outlet_ids: Iterable[str]) -> dict[str, str]:
    """Each outlet's colour, the same on every page: from a digest of its id, moved on to the next free colour.

    Outlets are taken in id order, so the colours depend on the registry alone, never on which
    outlets a page happens to list; two outlets share a colour only when there are more outlets
    than colours.
    """
    taken: set[str] = set()
    colours = {}
    for outlet_id in sorted(outlet_ids):
        start = int(hashlib.sha256(outlet_id.encode("utf-8")).hexdigest(), 16) % len(PALETTE)
        free = [PALETTE[(start + step) % len(PALETTE)] for step in range(len(PALETTE))]
        colour = next((c for c in free if c not in taken), PALETTE[start])
        taken.add(colour)
        colours[outlet_id] = colour
    return colours


def buckets_for(dates: Iterable[str]) -> tuple[str, int]:
    """The bucket width for these ISO dates: days, months or years, whichever keeps the bars few."""
    known = sorted(d for d in dates if d)
    if not known:
        return "day", 10
    first, last = known[0][:10], known[-1][:10]
    if _days_between(first, last) < MAX_BUCKETS:
        return "day", 10
    months = (int(last[:4]) - int(first[:4])) * 12 + int(last[5:7] or 1) - int(first[5:7] or 1)
    if months < MAX_BUCKETS:
        return "month", 7
    return "year", 4


def _days_between(first: str, last: str) -> int:
    try:
        return (date.fromisoformat(last) - date.fromisoformat(first)).days
    except ValueError:
        return MAX_BUCKETS


def _all_buckets(present: Sequence[str], width: int) -> list[str]:
    """Every bucket from the first to the last, the empty ones too, so that the bars keep time."""
    if not present:
        return []
    first, last = present[0], present[-1]
    out: list[str] = []
    if width == 10:
        day, end = date.fromisoformat(first), date.fromisoformat(last)
        while day <= end:
            out.append(day.isoformat())
            day += timedelta(days=1)
    elif width == 7:
        year, month = int(first[:4]), int(first[5:7])
        while f"{year:04d}-{month:02d}" <= last:
            out.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    else:
        out = [str(y) for y in range(int(first), int(last) + 1)]
    return out


def count_by(items: Iterable[tuple[str, str]], width: int) -> tuple[list[str], dict[str, list[int]]]:
    """Counts of (date, series) pairs per bucket (date prefix of `width`) and series, buckets in order (gaps included)."""
    return count_weighted(((date_, series, 1) for date_, series in items), width)


def count_weighted(items: Iterable[tuple[str, str, int]], width: int) -> tuple[list[str], dict[str, list[int]]]:
    """`count_by` of (date, series, how many) triples: the same counts from one item per group of equal pairs."""
    counts: Counter[tuple[str, str]] = Counter()
    for date_, series, weight in items:
        if date_:
            counts[(date_[:width], series)] += weight
    present = sorted({b for b, _ in counts})
    try:
        buckets = _all_buckets(present, width)
    except ValueError:  # a date that is not a calendar date: only the buckets that have something
        buckets = present
    totals: Counter[str] = Counter()
    for (_, name), weight in counts.items():
        totals[name] += weight
    names = sorted(totals, key=lambda s: (-totals[s], s))
    if len(names) > len(PALETTE):
        kept = set(names[: len(PALETTE) - 1])
        merged: Counter[tuple[str, str]] = Counter()
        for (bucket, name), weight in counts.items():
            merged[(bucket, name if name in kept else "other")] += weight
        counts = merged
        names = [*names[: len(PALETTE) - 1], "other"]
    return buckets, {name: [counts[(b, name)] for b in buckets] for name in names}


def points_in_time(series: Mapping[str, list[int]]) -> int:
    """How many buckets have something in them."""
    columns = zip(*series.values(), strict=True) if series else iter(())
    return sum(1 for column in columns if any(column))


def _bucket_label(bucket: str) -> str:
    words = date_words(bucket)
    if len(bucket) == 10:
        return words.rsplit(" ", 1)[0]  # "4 March": the year is in the chart's description
    return words


def bar_chart(
    title: str,
    buckets: Sequence[str],
    series: Mapping[str, list[int]],
    unit: str,
    ident: str,
    *,
    colours: Mapping[str, str],
) -> str:
    """A bar chart of one quantity over time, stacked by series, with a legend and its numbers as a table.

    Empty when there are fewer than `MIN_POINTS` points in time to show.

    Args:
        title: What the chart shows, for its accessible name and its table.
        buckets: Points in time, in order.
        series: Counts per bucket, by series name (the largest series first).
        unit: What is counted ("claims"), for tooltips and the description.
        ident: A prefix for element ids, unique on the page.
        colours: Each series' colour (`outlet_colours`); `OTHER` for a series without one.

    """
    if points_in_time(series) < MIN_POINTS:
        return ""
    totals = [sum(values[i] for values in series.values()) for i in range(len(buckets))]
    peak = max(totals) or 1
    step = WIDTH / len(buckets)
    bar = max(2.0, step * 0.7)
    # The bars stretch to the column (no aspect ratio kept); every word is HTML beside them, so it
    # keeps the page's type size on a phone as on a desktop.
    parts = [
        (
            f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" preserveAspectRatio="none" role="img" '
            f'aria-labelledby="{ident}-title {ident}-desc" xmlns="http://www.w3.org/2000/svg">'
        ),
        f'<title id="{ident}-title">{body_text(title)}</title>',
        f'<desc id="{ident}-desc">{body_text(_describe(buckets, totals, unit))}</desc>',
        f'<line class="chart-axis" x1="0" y1="{HEIGHT}" x2="{WIDTH}" y2="{HEIGHT}" vector-effect="non-scaling-stroke"/>',
    ]
    for index, bucket in enumerate(buckets):
        x = index * step + (step - bar) / 2
        y = float(HEIGHT)
        for name, values in series.items():
            if not values[index]:
                continue
            height = values[index] / peak * (HEIGHT - 4)
            y -= height
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{height:.1f}" fill="{colours.get(name, OTHER)}" '
                f'data-series="{attr(name)}"><title>{body_text(f"{date_words(bucket)}, {name}: {values[index]} {unit}")}</title></rect>'
            )
    parts.append("</svg>")
    # A label under each bar while they fit; beyond, the first, the middle and the last.
    shown = buckets if len(buckets) <= TICKS else [buckets[0], buckets[len(buckets) // 2], buckets[-1]]
    spread = " chart-ticks--spread" if len(buckets) > TICKS else ""
    ticks = "".join(f"<li>{body_text(_bucket_label(bucket))}</li>" for bucket in shown)
    legend = "".join(
        f'<span class="chart-key"><span class="chart-swatch" style="background:{colours.get(name, OTHER)}"></span>'
        f"{body_text(name)}</span> "
        for name in series
    )
    return (
        f'<figure class="chart-figure" aria-label="{attr(title)}">'
        f'<div class="chart-plot"><span class="chart-peak" aria-hidden="true">{peak}</span>{"".join(parts)}'
        f'<span class="chart-zero" aria-hidden="true">0</span></div>'
        f'<ol class="chart-ticks{spread}" aria-hidden="true">{ticks}</ol>'
        f'<figcaption class="chart-legend">{legend}</figcaption></figure>\n'
        f"{_table(title, buckets, series)}"
    )


def _describe(buckets: Sequence[str], totals: list[int], unit: str) -> str:
    busiest = max(range(len(buckets)), key=lambda i: totals[i])
    return (
        f"{sum(totals)} {unit} from {date_words(buckets[0])} to {date_words(buckets[-1])}; "
        f"the most, {totals[busiest]}, {'on' if len(buckets[busiest]) == 10 else 'in'} {date_words(buckets[busiest])}."
    )


def _table(title: str, buckets: Sequence[str], series: Mapping[str, list[int]]) -> str:
    header = "".join(f'<th scope="col">{body_text(name)}</th>' for name in series)
    rows = "".join(
        f'<tr><th scope="row">{body_text(date_words(bucket))}</th>'
        + "".join(f"<td>{values[i]}</td>" for values in series.values())
        + "</tr>"
        for i, bucket in enumerate(buckets)
        if totals_at(series, i)
    )
    return (
        f'<details class="chart-data"><summary>{body_text(title)}: the numbers</summary>'
        f'<table class="chart-table"><thead><tr><th scope="col">When</th>{header}</tr></thead><tbody>{rows}</tbody></table></details>'
    )


def totals_at(series: Mapping[str, list[int]], index: int) -> int:
    """The sum of every series at one bucket."""
    return sum(values[index] for values in series.values())

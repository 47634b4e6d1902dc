"""Relation graphs: claims, their speakers and external sources in, an inline SVG out; drawn at build time.

A layered layout that stays readable as the graph grows: speakers on the left, one column per
article (by date) with its claims in text order, external sources on the right. Edges are typed
by colour and line style (and arrowheads for directed relations), so they read without colour
too; every node links to its page and carries its full text as a tooltip.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from build_tools.model import ClaimRef, ExternalSource
from build_tools.render.context import PageContext, claim_source, speaker_source
from build_tools.render.markup import attr, body_text, clip

NODE_WIDTH = 180
NODE_HEIGHT = 34
ROW_GAP = 14
COLUMN_GAP = 90
HEADER = 34

EDGE_STYLES = {
    "said": ("#8a8a8a", "", False),
    "same-as": ("#1a56c4", "6 4", False),
    "repeats": ("#6b6b6b", "2 3", True),
    "contradicts": ("#c62828", "", False),
    "refutes": ("#8e0000", "", True),
    "supports": ("#2e7d32", "", True),
    "responds-to": ("#6a1b9a", "8 3 2 3", True),
}
"""Colour, dash pattern and arrowhead of each edge type."""


@dataclass(frozen=True, slots=True)
class _Node:
    key: str
    label: str
    tooltip: str
    href: str | None
    x: int
    y: int
    css: str


def _column_x(index: int) -> int:
    return 10 + index * (NODE_WIDTH + COLUMN_GAP)


def relation_graph(page: PageContext, claims: Iterable[ClaimRef], title: str, ident: str = "graph") -> str:
    """An SVG of the claims, their speakers, and every relation among them or to external sources.

    Args:
        page: The page the graph is drawn on (links are relative to it).
        claims: The claims to draw, with their speakers and relations.
        title: What the graph shows, for its accessible name.
        ident: A prefix for element ids, unique on the page.

    """
    archive = page.archive
    refs = sorted(set(claims), key=archive.claim_sort_key)
    if not refs:
        return ""
    article_ids = list(dict.fromkeys(r.article_id for r in refs))
    speakers = sorted({s for r in refs if (s := archive.speaker_of(r))}, key=page.speaker_name)
    externals = _externals(page, refs)
    columns: list[tuple[str, list[_Node]]] = []
    nodes: dict[str, _Node] = {}

    def place(heading: str, items: Sequence[tuple[str, str, str, str | None, str]]) -> None:
        x = _column_x(len(columns))
        column = []
        for row, (key, label, tooltip, href, css) in enumerate(items):
            node = _Node(key, label, tooltip, href, x, HEADER + row * (NODE_HEIGHT + ROW_GAP), css)
            nodes[key] = node
            column.append(node)
        columns.append((heading, column))

    if speakers:
        place(
            "Speakers",
            [
                (f"s:{s}", clip(page.speaker_name(s), 26), page.speaker_name(s), page.url(speaker_source(s)), "speaker")
                for s in speakers
            ],
        )
    for article_id in article_ids:
        article = archive.articles[article_id]
        outlet = archive.registries.outlets.get(article.outlet or "")
        heading = f"{outlet.name if outlet else 'Article'}, {article.date or 'undated'}"
        items = []
        for ref in (r for r in refs if r.article_id == article_id):
            claim = archive.claims[ref]
            items.append(
                (
                    f"c:{ref}",
                    clip(claim.quote, 29),
                    page.claim_label(ref, 200),
                    page.url(claim_source(ref)),
                    f"claim claim-{claim.spec.kind.value}",
                )
            )
        place(heading, items)
    if externals:
        place(
            "Outside the archive",
            [(f"x:{source.key}", clip(source.title, 26), source.title, None, "external") for source in externals],
        )
    edges = _edges(page, refs, nodes)
    return _svg(title, ident, columns, nodes, edges)


def _externals(page: PageContext, refs: list[ClaimRef]) -> list[ExternalSource]:
    found: dict[str, ExternalSource] = {}
    for ref in refs:
        for link in page.archive.claim_links.get(ref, []):
            if isinstance(link.other, ExternalSource):
                found.setdefault(link.other.key, page.archive.externals.get(link.other.key, link.other))
    return sorted(found.values(), key=lambda s: s.title)


def _edges(page: PageContext, refs: list[ClaimRef], nodes: dict[str, _Node]) -> list[tuple[str, str, str]]:
    edges: list[tuple[str, str, str]] = []
    for ref in refs:
        speaker = page.archive.speaker_of(ref)
        if speaker and f"s:{speaker}" in nodes:
            edges.append((f"s:{speaker}", f"c:{ref}", "said"))
        for link in page.archive.claim_links.get(ref, []):
            if link.inverse:
                continue  # Each relation is drawn once, from the claim it was written on.
            if isinstance(link.other, ExternalSource):
                target = f"x:{link.other.key}"
            elif isinstance(link.other, ClaimRef):
                target = f"c:{link.other}"
            else:
                continue
            if target in nodes:
                edges.append((f"c:{ref}", target, link.type))
    return edges


def _path(source: _Node, target: _Node) -> str:
    if source.x == target.x:
        # Same column: an arc bulging to the right.
        x = source.x + NODE_WIDTH
        y1, y2 = source.y + NODE_HEIGHT // 2, target.y + NODE_HEIGHT // 2
        bulge = x + 40 + abs(y2 - y1) // 6
        return f"M{x},{y1} C{bulge},{y1} {bulge},{y2} {x},{y2}"
    left, right = (source, target) if source.x < target.x else (target, source)
    x1, x2 = left.x + NODE_WIDTH, right.x
    y1, y2 = left.y + NODE_HEIGHT // 2, right.y + NODE_HEIGHT // 2
    middle = (x1 + x2) // 2
    if left is source:
        return f"M{x1},{y1} C{middle},{y1} {middle},{y2} {x2},{y2}"
    return f"M{x2},{y2} C{middle},{y2} {middle},{y1} {x1},{y1}"


def _svg(
    title: str,
    ident: str,
    columns: list[tuple[str, list[_Node]]],
    nodes: dict[str, _Node],
    edges: list[tuple[str, str, str]],
) -> str:
    width = _column_x(len(columns)) - COLUMN_GAP + 60
    rows = max(len(column) for _, column in columns)
    height = HEADER + rows * (NODE_HEIGHT + ROW_GAP) + 10
    used = sorted({kind for _, _, kind in edges}, key=list(EDGE_STYLES).index)
    parts = [
        (
            f'<svg class="relation-graph" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="group" aria-labelledby="{ident}-title {ident}-desc">'
        ),
        f'<title id="{ident}-title">{body_text(title)}</title>',
        f'<desc id="{ident}-desc">{len(nodes)} nodes and {len(edges)} relations: '
        + body_text(", ".join(f"{sum(1 for e in edges if e[2] == k)} {k}" for k in used))
        + "</desc>",
        "<defs>"
        + "".join(
            f'<marker id="{ident}-arrow-{kind}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
            f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{color}"/></marker>'
            for kind, (color, _, arrow) in EDGE_STYLES.items()
            if arrow
        )
        + "</defs>",
    ]
    for heading, column in columns:
        if column:
            parts.append(f'<text class="graph-heading" x="{column[0].x}" y="20">{body_text(clip(heading, 34))}</text>')
    for source, target, kind in edges:
        color, dash, arrow = EDGE_STYLES[kind]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        marker = f' marker-end="url(#{ident}-arrow-{kind})"' if arrow else ""
        width_px = 1 if kind == "said" else 2
        parts.append(
            f'<path class="edge edge-{kind}" d="{_path(nodes[source], nodes[target])}" fill="none" stroke="{color}" '
            f'stroke-width="{width_px}"{dash_attr}{marker}><title>{body_text(kind)}</title></path>'
        )
    for node in nodes.values():
        box = (
            f'<rect x="{node.x}" y="{node.y}" width="{NODE_WIDTH}" height="{NODE_HEIGHT}" rx="6"/>'
            f'<text x="{node.x + 8}" y="{node.y + 21}">{body_text(node.label)}</text>'
            f"<title>{body_text(node.tooltip)}</title>"
        )
        if node.href:
            box = f'<a href="{attr(node.href)}" aria-label="{attr(node.tooltip)}">{box}</a>'
        parts.append(f'<g class="node node-{node.css}">{box}</g>')
    parts.append("</svg>")
    legend = " ".join(f'<span class="graph-key graph-key-{kind}">{body_text(kind)}</span>' for kind in used)
    return (
        f'<div class="graph-wrap" tabindex="0" role="region" aria-label="{attr(title)}">{"".join(parts)}</div>\n'
        f'<p class="graph-legend">Lines: {legend}</p>'
    )

"""Relation graphs: claims and the relations among them in, an inline SVG out; drawn at build time, pure.

An arc diagram that stays legible at the scale of an event: the appearances of one statement (a
`same-as` cluster) are one node, so an event's fifty claims become a column of a dozen or two
statements, lone claims and outside sources, in order of first appearance. Each node's label is
wrapped over a few lines (who, where, and the words), never cut to a few characters; relations are
arcs on the right, typed by line style and arrowhead as well as colour (colours come from the
style sheet, one set per palette, each at least 3:1 against its background). The drawing is narrow
enough to be shown whole in a phone's column and is scaled to its column, never clipped; every node
links to its page and carries its full text as a tooltip.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from dataclasses import dataclass

from build_tools.model import ClaimRef, ExternalSource
from build_tools.render.context import PageContext, claim_source, date_words, statement_source
from build_tools.render.markup import attr, body_text, href

NODE_WIDTH = 252
ARC_SPACE = 80
WIDTH = NODE_WIDTH + ARC_SPACE
LINE_HEIGHT = 16
PADDING = 9
GAP = 12
CHARS_PER_LINE = 33
HEADING_CHARS = 33
QUOTE_LINES = 3

EDGE_TYPES = ("repeats", "contradicts", "refutes", "supports", "responds-to")
"""Relation types drawn, in legend order (`same-as` is what makes a node, so it is never an arc)."""
DIRECTED = {"repeats", "refutes", "supports", "responds-to"}
DASHES = {"repeats": "2 3", "refutes": "7 4", "responds-to": "8 3 2 3"}
"""Dash pattern of each edge type that is not a solid line."""


@dataclass(frozen=True, slots=True)
class _Node:
    key: str
    heading: str
    lines: tuple[str, ...]
    tooltip: str
    href: str | None
    css: str
    y: int = 0

    @property
    def heading_lines(self) -> tuple[str, ...]:
        return tuple(textwrap.wrap(self.heading, HEADING_CHARS, break_long_words=True)) or ("",)

    @property
    def height(self) -> int:
        return PADDING * 2 + LINE_HEIGHT * (len(self.heading_lines) + len(self.lines))


def _wrap(words: str) -> tuple[str, ...]:
    lines = textwrap.wrap(f"“{words}”", CHARS_PER_LINE, break_long_words=True)
    if len(lines) > QUOTE_LINES:
        lines = [
            *lines[: QUOTE_LINES - 1],
            textwrap.shorten(" ".join(lines[QUOTE_LINES - 1 :]), CHARS_PER_LINE - 1, placeholder="") + "…",
        ]
    return tuple(lines)


def _claim_node(page: PageContext, ref: ClaimRef) -> _Node:
    archive = page.archive
    claim = archive.claims[ref]
    article = archive.article_of(ref)
    outlet = archive.registries.outlets.get(article.outlet or "")
    heading = f"{page.speaker_name(claim.spec.speaker)} · {outlet.name if outlet else 'unknown outlet'}, {date_words(article.date)}"
    return _Node(
        f"c:{ref}",
        heading,
        _wrap(claim.quote),
        page.claim_label(ref, 300),
        page.url(claim_source(ref)),
        f"claim claim-{claim.spec.kind.value}",
    )


def _statement_node(page: PageContext, statement_id: str) -> _Node:
    archive = page.archive
    statement = archive.statements[statement_id]
    first = archive.claims[statement.members[0]]
    outlets = {archive.article_of(m).outlet for m in statement.members}
    heading = f"{page.speaker_name(first.spec.speaker)} · {len(outlets)} outlet{'s' if len(outlets) != 1 else ''}"
    tooltip = f"{page.speaker_name(first.spec.speaker)}, reported {len(statement.members)} times: “{first.quote}”"
    return _Node(
        f"s:{statement_id}",
        heading,
        _wrap(first.quote),
        tooltip,
        page.url(statement_source(statement_id)),
        f"statement claim-{first.spec.kind.value}",
    )


def _external_node(source: ExternalSource) -> _Node:
    lines = tuple(textwrap.wrap(source.title, CHARS_PER_LINE)[:QUOTE_LINES])
    url = source.url if href(source.url) else None  # only http(s) addresses become links
    return _Node(f"x:{source.key}", "Outside the archive", lines, source.title, url, "external")


def relation_graph(page: PageContext, claims: Iterable[ClaimRef], title: str, ident: str = "graph") -> str:
    """An SVG of the claims (a statement's appearances as one node) and every relation among them or to outside sources.

    Empty when there is no relation to draw.

    Args:
        page: The page the graph is drawn on (links are relative to it).
        claims: The claims to draw, with their relations.
        title: What the graph shows, for its accessible name.
        ident: A prefix for element ids, unique on the page.

    """
    archive = page.archive
    refs = sorted(set(claims), key=archive.claim_sort_key)
    node_of = {ref: f"s:{archive.statement_of[ref]}" if ref in archive.statement_of else f"c:{ref}" for ref in refs}
    nodes: dict[str, _Node] = {}
    edges: dict[tuple[str, str, str], int] = {}
    for ref in refs:
        for link in archive.claim_links.get(ref, []):
            if link.inverse or link.type not in EDGE_TYPES:
                continue  # Each relation is drawn once, from the claim it was written on.
            if isinstance(link.other, ExternalSource):
                source = archive.externals.get(link.other.key, link.other)
                target = f"x:{source.key}"
                nodes.setdefault(target, _external_node(source))
            elif isinstance(link.other, ClaimRef) and link.other in node_of:
                target = node_of[link.other]
            else:
                continue
            if target != node_of[ref]:
                key = (node_of[ref], target, link.type)
                edges[key] = edges.get(key, 0) + 1
    if not edges:
        return ""
    ends = {end for source, target, _ in edges for end in (source, target)}
    ordered = [_node(page, key) for key in dict.fromkeys(node_of[r] for r in refs) if key in ends]
    ordered += sorted((n for k, n in nodes.items() if k in ends), key=lambda n: n.heading + n.tooltip)
    return _svg(title, ident, _placed(ordered), edges)


def _node(page: PageContext, key: str) -> _Node:
    kind, _, rest = key.partition(":")
    if kind == "s":
        return _statement_node(page, rest)
    article_id, _, claim_id = rest.partition("#")
    return _claim_node(page, ClaimRef(article_id, claim_id))


def _placed(nodes: list[_Node]) -> dict[str, _Node]:
    placed = {}
    y = 4
    for node in nodes:
        placed[node.key] = _Node(node.key, node.heading, node.lines, node.tooltip, node.href, node.css, y)
        y += node.height + GAP
    return placed


def _arc(source: _Node, target: _Node, lane: int) -> str:
    x = NODE_WIDTH
    y1 = source.y + source.height // 2 + lane * 5
    y2 = target.y + target.height // 2 - lane * 5
    reach = min(ARC_SPACE - 8, 18 + abs(y2 - y1) // 5 + lane * 10)
    return f"M{x},{y1} C{x + reach},{y1} {x + reach},{y2} {x + 3},{y2}"


def _svg(title: str, ident: str, nodes: dict[str, _Node], edges: dict[tuple[str, str, str], int]) -> str:
    last = list(nodes.values())[-1]
    height = last.y + last.height + 4
    used = [kind for kind in EDGE_TYPES if any(k == kind for _, _, k in edges)]
    summary = ", ".join(f"{sum(n for (_, _, k), n in edges.items() if k == kind)} {kind}" for kind in used)
    parts = [
        (
            f'<svg class="relation-graph" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
            f'role="group" aria-labelledby="{ident}-title {ident}-desc" data-width="{WIDTH}">'
        ),
        f'<title id="{ident}-title">{body_text(title)}</title>',
        f'<desc id="{ident}-desc">{len(nodes)} statements, claims and outside sources; relations: {body_text(summary)}</desc>',
        "<defs>"
        + "".join(
            f'<marker id="{ident}-arrow-{kind}" class="edge-arrow edge-arrow-{kind}" viewBox="0 0 10 10" refX="9" refY="5" '
            f'markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker>'
            for kind in used
            if kind in DIRECTED
        )
        + "</defs>",
    ]
    lanes: dict[tuple[str, str], int] = {}
    for (source, target, kind), count in edges.items():
        pair = (min(source, target), max(source, target))
        lane = lanes.get(pair, 0)
        lanes[pair] = lane + 1
        dash = f' stroke-dasharray="{DASHES[kind]}"' if kind in DASHES else ""
        marker = f' marker-end="url(#{ident}-arrow-{kind})"' if kind in DIRECTED else ""
        times = f" ({count} times)" if count > 1 else ""
        label = f"{nodes[source].heading} {kind} {nodes[target].heading}{times}"
        parts.append(
            f'<path class="edge edge-{kind}" d="{_arc(nodes[source], nodes[target], lane)}" fill="none"{dash}{marker}>'
            f"<title>{body_text(label)}</title></path>"
        )
    for node in nodes.values():
        heading, lines = (
            "".join(f'<tspan x="{PADDING}" dy="{LINE_HEIGHT}">{body_text(line)}</tspan>' for line in part)
            for part in (node.heading_lines, node.lines)
        )
        box = (
            f'<rect x="0.5" y="0" width="{NODE_WIDTH - 1}" height="{node.height}" rx="6"/>'
            f'<text class="graph-heading" x="{PADDING}" y="{PADDING - 4}">{heading}</text>'
            f'<text x="{PADDING}" y="{PADDING - 4 + LINE_HEIGHT * len(node.heading_lines)}">{lines}</text>'
            f"<title>{body_text(node.tooltip)}</title>"
        )
        if node.href:
            box = f'<a href="{attr(node.href)}" aria-label="{attr(node.tooltip)}">{box}</a>'
        parts.append(f'<g class="node node-{node.css}" transform="translate(0 {node.y})">{box}</g>')
    parts.append("</svg>")
    legend = " ".join(f'<span class="graph-key graph-key-{kind}">{body_text(kind)}</span>' for kind in used)
    return (
        f'<figure class="graph-figure" aria-label="{attr(title)}">{"".join(parts)}'
        f'<figcaption class="graph-legend">Each box is a statement (all its appearances) or a claim; '
        f"arcs on the right are relations, arrows point from the claim that makes them: {legend}</figcaption></figure>"
    )

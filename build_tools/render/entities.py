"""Pages of registry entries and statements: speaker, outlet, event, tag and statement in, Markdown headings over HTML out.

Each page says what it is in its own meta description (`page_head`), lists each thing once, and
leaves out sections with nothing in them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from build_tools.align import align
from build_tools.link import Article, Link, Statement
from build_tools.model import ClaimRef, Event, ExternalSource, Outlet, Role, Speaker, Tag
from build_tools.render.charts import bar_chart, buckets_for, count_by, count_weighted, outlet_colours
from build_tools.render.compare import alignment_table, difference_sentence
from build_tools.render.context import (
    PageContext,
    claim_source,
    date_html,
    date_range_html,
    date_words,
    event_source,
    statement_source,
    tag_source,
)
from build_tools.render.graph import relation_graph
from build_tools.render.listing import article_list, claim_list, item, item_list
from build_tools.render.markup import (
    clip,
    external_link,
    front_matter,
    html_list,
    page_text,
    paragraph,
    plain_title,
    text,
)
from build_tools.render.pager import PAGE_SIZE, on_page, page_count, paginated
from build_tools.render.structured import speaker_structured_data
from build_tools.vocabulary import RATINGS

TITLE_LENGTH = 110
"""Longest page title in the browser's tab and in link previews (the page's heading is never cut)."""


def page_head(title: str, description: str, *, wide: bool = False) -> str:
    """A page's front matter: its title and meta description, and for wide pages the table of contents hidden."""
    head = front_matter(title=plain_title(clip(title, TITLE_LENGTH)), description=description)
    return head.removesuffix("---") + "hide:\n  - toc\n---" if wide else head


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _wikidata(qid: str | None) -> str:
    return external_link(f"Wikidata {qid}", f"https://www.wikidata.org/wiki/{qid}") if qid else ""


def _relation_items(page: PageContext, refs: list[ClaimRef]) -> list[str]:
    """Relations of the claims, each once: a relation between two listed claims is shown from where it was written."""
    listed = set(refs)
    items = []
    for ref in refs:
        for link in page.archive.claim_links.get(ref, []):
            if link.type == "same-as":
                continue  # Shown as statements instead.
            if link.inverse and link.other in listed:
                continue
            items.append(f"{page.claim_link(ref, limit=60)} <strong>{text(link.wording)}</strong> {_other(page, link)}")
    return items


def _other(page: PageContext, link: Link) -> str:
    if isinstance(link.other, ClaimRef):
        return page.claim_link(link.other, limit=60)
    if isinstance(link.other, ExternalSource):
        return page.external(link.other)
    return page.article_link(link.other)


def claims_over_time(page: PageContext, refs: list[ClaimRef], title: str, ident: str) -> str:
    """A bar chart of claims by publication date, stacked by outlet (each in its site-wide colour); empty with too few dates."""
    archive = page.archive
    outlets = archive.registries.outlets
    colours = outlet_colours(outlets)
    items = []
    # One item per article, weighted by its claims here: a speaker's or tag's list runs into thousands.
    for article_id, count in Counter(ref.article_id for ref in refs).items():
        article = archive.articles[article_id]
        outlet = outlets.get(article.outlet or "")
        items.append((article.date or "", outlet.name if outlet else "unknown outlet", count))
    _, width = buckets_for(date for date, _, _ in items)
    buckets, series = count_weighted(items, width)
    by_name = {outlet.name: colours[outlet.id] for outlet in outlets.values()}
    return bar_chart(title, buckets, series, "claims", ident, colours=by_name)


# --------------------------------------------------------------------------------------------
# Speakers
# --------------------------------------------------------------------------------------------


def _speaker_description(speaker: Speaker, count: int) -> str:
    if speaker.description:
        return speaker.description
    kind = "person" if speaker.type == "person" else "organization"
    return f"{speaker.name}, a {kind} quoted in the archive: {_plural(count, 'claim')}, by date and outlet."


def render_speaker(page: PageContext, speaker: Speaker) -> dict[str, str]:
    """A speaker: who they are, every claim they made (paginated), its relations and the verdict tally."""
    refs = page.archive.index.claims_by_speaker.get(speaker.id, [])
    description = _speaker_description(speaker, len(refs))

    def one(here: PageContext, number: int, nav: str) -> str:
        shown = list(on_page(refs, number))
        if number == 1:
            return _speaker_first_page(here, speaker, refs, shown=shown, nav=nav, description=description)
        relations = _relation_items(here, shown)
        title = f"{speaker.name}: claims, page {number}"
        return page_text(
            [
                page_head(title, f"{description} Page {number}."),
                f"# {text(title)}",
                nav,
                claim_list(here, shown, speaker=False),
                *(["## Relations", html_list(relations)] if relations else []),
                nav,
            ]
        )

    return paginated(page, page_count(refs), one, lambda a: (a.index.claims_by_speaker.get(speaker.id, []),))


def _speaker_first_page(
    page: PageContext, speaker: Speaker, refs: list[ClaimRef], *, shown: list[ClaimRef], nav: str, description: str
) -> str:
    archive = page.archive
    parts = [page_head(speaker.name, description), *_speaker_intro(page, speaker)]
    activity = claims_over_time(page, refs, f"{speaker.name}: claims over time, by outlet", "chart-speaker")
    if activity:
        parts += ["## Activity over time", activity]
    parts += [f"## Claims ({len(refs)})", nav, claim_list(page, shown, speaker=False) or paragraph("No claims yet.")]
    statements = list(dict.fromkeys(archive.statement_of[r] for r in shown if r in archive.statement_of))
    if statements:
        parts += [
            "## Statements reported by several outlets",
            item_list(statement_item(page, archive.statements[s]) for s in statements),
        ]
    relations = _relation_items(page, shown)
    if relations:
        parts += ["## Relations", html_list(relations)]
    tally = _tally(page, refs)
    if tally:
        parts += ["## Verdicts", tally]
    unnamed = archive.index.unnamed_by_affiliation.get(speaker.id, [])
    if unnamed:
        parts += ["## Unnamed sources affiliated with this organization", claim_list(page, unnamed[:PAGE_SIZE])]
    parts.append(speaker_structured_data(page, speaker))
    return page_text(parts)


def _speaker_intro(page: PageContext, speaker: Speaker) -> list[str]:
    """Who the speaker is: kind, links, description, other names, roles, the people speaking for it."""
    kind = "Person" if speaker.type == "person" else "Organization"
    facts = [f"<em>{kind}</em>"]
    if speaker.wikidata:
        facts.append(_wikidata(speaker.wikidata))
    facts += [external_link(clip(url, 60), url) for url in speaker.links]
    parts = [f"# {text(speaker.name)}", paragraph(" · ".join(facts))]
    if speaker.description:
        parts.append(paragraph(text(speaker.description)))
    if speaker.aliases:
        parts.append(paragraph("Also named: " + ", ".join(f"“{text(a)}”" for a in speaker.aliases)))
    if speaker.roles:
        parts += ["## Roles", html_list(_role(page, r) for r in speaker.roles)]
    members = _members(page, speaker.id)
    if members:
        parts += ["## People speaking for this organization", html_list(members)]
    return parts


def _role(page: PageContext, role: Role) -> str:
    line = text(role.title)
    if role.organization and role.organization in page.archive.registries.speakers:
        line += ", " + page.speaker_link(role.organization)
    period = " – ".join(date_html(x) for x in (role.start, role.end) if x)
    return line + (f" ({period})" if period else "")


def _members(page: PageContext, organization: str) -> list[str]:
    speakers = page.archive.registries.speakers
    return [
        f"{page.speaker_link(member)}: {', '.join(text(r.title) for r in speakers[member].roles if r.organization == organization)}"
        for member in page.archive.index.members_by_organization.get(organization, [])
    ]


def _tally(page: PageContext, refs: list[ClaimRef]) -> str:
    """The verdicts on these claims, most favourable first; empty when none is reviewed."""
    reviews = (page.archive.claims[r].spec.review for r in refs)
    ratings = Counter(review.rating for review in reviews if review)
    return html_list(
        f"{RATINGS[rating]}: {_plural(count, 'claim')}"
        for rating, count in sorted(ratings.items(), key=lambda x: list(RATINGS).index(x[0]))
    )


# --------------------------------------------------------------------------------------------
# Statements
# --------------------------------------------------------------------------------------------


def _outlet_names(page: PageContext, statement: Statement) -> list[str]:
    outlets = page.archive.registries.outlets
    ids = dict.fromkeys(page.archive.article_of(m).outlet or "" for m in statement.members)
    return [outlets[o].name if o in outlets else "an unknown outlet" for o in ids]


def _statement_title(page: PageContext, statement: Statement) -> str:
    first = page.archive.claims[statement.members[0]]
    return f"{page.speaker_name(first.spec.speaker)}: “{first.quote}”"


def statement_item(page: PageContext, statement: Statement) -> str:
    """A statement as a card: its first wording linked to its page, how often and by whom it was reported."""
    names = _outlet_names(page, statement)
    return item(
        page.link(_statement_title(page, statement), statement_source(statement.id)),
        [f"{len(statement.members)} appearances", text(", ".join(names))],
    )


def _attributions(page: PageContext, statement: Statement) -> str:
    """A sentence saying how each outlet attributes the statement, when they do not all name the same speaker."""
    archive = page.archive
    by_outlet: dict[str, list[str]] = {}
    for ref in statement.members:
        outlet = archive.article_of(ref).outlet
        speaker = page.speaker_link(archive.claims[ref].spec.speaker)
        names = by_outlet.setdefault(page.outlet_link(outlet), [])
        if speaker not in names:
            names.append(speaker)
    speakers = {s for names in by_outlet.values() for s in names}
    if len(speakers) < 2:
        return ""
    said = "; ".join(f"{outlet} to {' and '.join(names)}" for outlet, names in by_outlet.items())
    return paragraph(f"<strong>The outlets attribute it to different speakers:</strong> {said}.")


def _appearances(page: PageContext, statement: Statement) -> str:
    """Every appearance as a card: outlet, date, speaker, the wording, and what differs from the first in words."""
    archive = page.archive
    base = archive.claims[statement.members[0]].quote
    cards = []
    for number, ref in enumerate(statement.members):
        claim = archive.claims[ref]
        article = archive.article_of(ref)
        details = [
            f"<strong>{page.outlet_link(article.outlet)}</strong>",
            date_html(article.date),
            f"attributed to {page.speaker_link(claim.spec.speaker)}",
            "first appearance" if number == 0 else "",
        ]
        difference = (
            "" if number == 0 else f'<p class="appearance__difference">{difference_sentence(base, claim.quote)}</p>'
        )
        quote = page.link(f"“{claim.quote}”", claim_source(ref))
        cards.append(
            f'<li class="appearance"><p class="appearance__meta">{" · ".join(d for d in details if d)}</p>'
            f'<blockquote class="appearance__quote">{quote}</blockquote>{difference}</li>'
        )
    return '<ol class="appearances">' + "".join(cards) + "</ol>"


def _aligned(page: PageContext, statement: Statement) -> str:
    """The statement's wordings aligned word by word, first appearance first, in a disclosure."""
    archive = page.archive
    labels = []
    for number, ref in enumerate(statement.members):
        article = archive.article_of(ref)
        outlet = archive.registries.outlets.get(article.outlet or "")
        name = outlet.name if outlet else "unknown outlet"
        first = " <small>(first)</small>" if number == 0 else ""
        labels.append(f"{page.link(name, claim_source(ref))}<br><small>{date_html(article.date)}</small>{first}")
    wordings = [archive.claims[ref].quote for ref in statement.members]
    return (
        '<details class="alignment-details"><summary>The wordings word by word, aligned</summary>'
        f"{alignment_table(labels, align(wordings))}</details>"
    )


def _statement_description(page: PageContext, statement: Statement) -> str:
    first = page.archive.claims[statement.members[0]]
    names = _outlet_names(page, statement)
    return (
        f"One statement by {page.speaker_name(first.spec.speaker)}, reported {len(statement.members)} times "
        f"by {', '.join(names)}, in different wordings: “{first.quote}”"
    )


def render_statement(page: PageContext, statement: Statement) -> str:
    """One statement: every appearance, the first marked, what each changed, who each outlet says said it."""
    archive = page.archive
    first = archive.claims[statement.members[0]]
    names = _outlet_names(page, statement)
    title = f"Statement: {page.speaker_name(first.spec.speaker)}: “{first.quote}”"
    parts = [
        page_head(title, _statement_description(page, statement), wide=True),
        f"# {text(first.quote)}",
        paragraph(
            f"One statement by {page.speaker_link(first.spec.speaker)}, reported {len(statement.members)} times "
            f"by {_plural(len(names), 'outlet')} ({text(', '.join(names))}). "
            f"First appearance: {page.article_link(statement.members[0].article_id)}."
        ),
        _attributions(page, statement),
        "## Appearances",
        _appearances(page, statement),
        _aligned(page, statement),
    ]
    graph = relation_graph(page, _neighbourhood(page, statement.members), "Relations of this statement")
    relations = _relation_items(page, list(statement.members))
    if relations:
        parts += ["## Relations", graph, _listed(relations, bool(graph))]
    return page_text(parts)


def _listed(relations: list[str], beside_graph: bool) -> str:
    """The relations as a list: under a graph, the graph's text form in a disclosure; alone, open."""
    if not beside_graph:
        return html_list(relations)
    return (
        f'<details class="relations-listed"><summary>The {len(relations)} relations as a list</summary>'
        f"{html_list(relations)}</details>"
    )


def _neighbourhood(page: PageContext, refs: Iterable[ClaimRef]) -> list[ClaimRef]:
    """The claims and every claim they are directly related to."""
    found = list(refs)
    for ref in list(found):
        found += [link.other for link in page.archive.claim_links.get(ref, []) if isinstance(link.other, ClaimRef)]
    return found


# --------------------------------------------------------------------------------------------
# Outlets
# --------------------------------------------------------------------------------------------


def render_outlet(page: PageContext, outlet: Outlet) -> dict[str, str]:
    """An outlet: what it is, its articles (paginated), and the speakers it quotes."""
    article_ids = page.archive.index.articles_by_outlet.get(outlet.id, [])
    description = (
        outlet.description
        or f"The news outlet {outlet.name}: its {_plural(len(article_ids), 'article')} in the archive."
    )

    def one(here: PageContext, number: int, nav: str) -> str:
        listing = [
            f"## Articles ({len(article_ids)})",
            *(
                [nav, article_list(here, list(on_page(article_ids, number)), outlet=False), nav]
                if article_ids
                else [paragraph("No articles from this outlet yet.")]
            ),
        ]
        if number > 1:
            title = f"{outlet.name}: articles, page {number}"
            return page_text([page_head(title, f"{description} Page {number}."), f"# {text(title)}", *listing])
        return page_text([page_head(outlet.name, description), *_outlet_first_page(here, outlet, article_ids, listing)])

    return paginated(page, page_count(article_ids), one, lambda a: (a.index.articles_by_outlet.get(outlet.id, []),))


def _outlet_first_page(page: PageContext, outlet: Outlet, article_ids: list[str], listing: list[str]) -> list[str]:
    archive = page.archive
    facts = [
        x
        for x in (
            external_link(clip(outlet.url, 60), outlet.url) if outlet.url else "",
            f"Country: {text(outlet.country)}" if outlet.country else "",
            f"Language: {text(outlet.language)}" if outlet.language else "",
            f"Owner: {text(outlet.owner)}" if outlet.owner else "",
            _wikidata(outlet.wikidata),
        )
        if x
    ]
    parts = [f"# {text(outlet.name)}", paragraph(" · ".join(facts))]
    if outlet.description:
        parts.append(paragraph(text(outlet.description)))
    # One quantity: its articles (the claims in them are counted on the speaker and event pages).
    items = [(archive.articles[a].date or "", outlet.name) for a in article_ids]
    _, width = buckets_for(date for date, _ in items)
    buckets, series = count_by(items, width)
    colour = outlet_colours(archive.registries.outlets)[outlet.id]
    chart = bar_chart(
        f"{outlet.name}: articles over time", buckets, series, "articles", "chart-outlet", colours={outlet.name: colour}
    )
    if chart:
        parts += ["## Articles over time", chart]
    parts += listing
    quoted = Counter(
        archive.speaker_of(c.ref) for a in article_ids for c in archive.articles[a].claims if archive.speaker_of(c.ref)
    )
    if quoted:
        top = sorted(quoted.items(), key=lambda x: (-x[1], x[0]))[:PAGE_SIZE]
        parts += [
            "## Speakers it quotes",
            html_list(f"{page.speaker_link(s)}: {_plural(n, 'claim')}" for s, n in top),
        ]
    cited = [
        _external_item(page, archive.externals[key], link, origin)
        for key in archive.index.externals_by_outlet.get(outlet.id, [])
        for link, origin in archive.external_links[key]
    ]
    if cited:
        parts += ["## Its reports outside this archive, as referred to here", html_list(cited[:PAGE_SIZE])]
    return parts


def _external_item(page: PageContext, source: ExternalSource, link: Link, origin: ClaimRef | str) -> str:
    who = page.claim_link(origin, limit=60) if isinstance(origin, ClaimRef) else page.article_link(origin)
    return f"{page.external(source)} — <strong>{text(link.wording)}</strong> {who}"


# --------------------------------------------------------------------------------------------
# Events
# --------------------------------------------------------------------------------------------


def _event_description(event: Event, articles: list[Article]) -> str:
    outlets = {a.outlet for a in articles}
    when = date_words(event.date) + (f" to {date_words(event.end_date)}" if event.end_date else "")
    coverage = f"{_plural(len(articles), 'article')} from {_plural(len(outlets), 'outlet')}"
    about = event.description or event.title
    return f"{about} ({when}): {coverage}, and each statement's wordings side by side."


def render_event(page: PageContext, event: Event) -> str:
    """An event: its coverage, each statement's wordings across outlets, who is quoted, and how the claims relate."""
    archive = page.archive
    articles = [archive.articles[a] for a in archive.index.articles_by_event.get(event.id, [])]
    parts = [
        page_head(event.title, _event_description(event, articles), wide=True),
        f"# {text(event.title)}",
        paragraph(f"<em>{date_range_html(event.date, event.end_date)}</em>"),
    ]
    if event.description:
        parts.append(paragraph(text(event.description)))
    if event.tags:
        parts.append(
            paragraph(
                "Tags: " + ", ".join(page.link(archive.registries.tags[t].title, tag_source(t)) for t in event.tags)
            )
        )
    parts += [f"## Coverage ({len(articles)} articles)", article_list(page, [a.id for a in articles])]
    event_refs = [c.ref for a in articles for c in a.claims]
    timeline = claims_over_time(page, event_refs, f"{event.title}: claims over time, by outlet", "chart-event")
    if timeline:
        parts += ["## Claims over time", timeline]
    statements = [archive.statements[s] for s in archive.index.statements_by_event.get(event.id, [])]
    if statements:
        parts += [
            f"## Statements reported by several outlets ({len(statements)})",
            paragraph(
                "Each statement with its wordings, the first appearance first; what the others change is said below each."
            ),
        ]
        for statement in statements:
            parts += [
                f"### {page.link(_statement_title(page, statement), statement_source(statement.id))}",
                _attributions(page, statement),
                _appearances(page, statement),
            ]
    refs = sorted(event_refs, key=archive.claim_sort_key)
    lone = [r for r in refs if r not in archive.statement_of]
    if lone:
        parts += [f"## Claims reported once ({len(lone)})", claim_list(page, lone)]
    parts += _who_is_quoted(page, refs)
    relations = _relation_items(page, refs)
    if relations:
        graph = relation_graph(page, refs, f"Relations between the claims of {event.title}")
        parts += ["## Relations between claims", graph, _listed(relations, bool(graph))]
    return page_text(parts)


def _who_is_quoted(page: PageContext, refs: list[ClaimRef]) -> list[str]:
    """The speakers of the claims, most quoted first, each linked to every claim they made."""
    counts = Counter(page.speaker_name(page.archive.claims[r].spec.speaker) for r in refs)
    links = {
        page.speaker_name(page.archive.claims[r].spec.speaker): page.speaker_link(page.archive.claims[r].spec.speaker)
        for r in refs
    }
    if not counts:
        return []
    items = (f"{links[name]}: {_plural(n, 'claim')}" for name, n in sorted(counts.items(), key=lambda x: (-x[1], x[0])))
    return ["## Who is quoted", html_list(items)]


# --------------------------------------------------------------------------------------------
# Tags
# --------------------------------------------------------------------------------------------


def render_tag(page: PageContext, tag: Tag) -> dict[str, str]:
    """A topic: its events, articles and claims (paginated)."""
    article_ids = page.archive.index.articles_by_tag.get(tag.id, [])
    refs = page.archive.index.claims_by_tag.get(tag.id, [])
    description = tag.description or (
        f"Articles and claims on the topic “{tag.title}”: {_plural(len(article_ids), 'article')} and {_plural(len(refs), 'claim')}."
    )

    def one(here: PageContext, number: int, nav: str) -> str:
        archive = here.archive
        ids_here, refs_here = on_page(article_ids, number), on_page(refs, number)
        title = tag.title + (f": page {number}" if number > 1 else "")
        parts = [page_head(title, description + (f" Page {number}." if number > 1 else "")), f"# {text(title)}"]
        if number == 1:
            if tag.description:
                parts.append(paragraph(text(tag.description)))
            events = [e for e in archive.registries.events.values() if tag.id in e.tags]
            if events:
                parts += [
                    "## Events",
                    html_list(f"{here.link(e.title, event_source(e.id))} ({date_html(e.date)})" for e in events),
                ]
        parts.append(nav)
        if ids_here:
            parts += [f"## Articles ({len(article_ids)})", article_list(here, list(ids_here))]
        if refs_here:
            parts += [f"## Claims ({len(refs)})", claim_list(here, list(refs_here))]
        if not ids_here and not refs_here:
            parts.append(paragraph("Nothing is tagged with this topic yet."))
        return page_text(parts)

    return paginated(
        page,
        page_count(article_ids, refs),
        one,
        lambda a: (a.index.articles_by_tag.get(tag.id, []), a.index.claims_by_tag.get(tag.id, [])),
    )

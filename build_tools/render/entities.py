"""Pages of registry entries and statements: speaker, outlet, event, tag and statement in, Markdown headings over HTML out."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from build_tools.align import align
from build_tools.link import Article, Link, Statement
from build_tools.model import ClaimRef, Event, ExternalSource, Outlet, Role, Speaker, Tag
from build_tools.render.charts import bar_chart, buckets_for, count_by
from build_tools.render.compare import alignment_table, inline_difference
from build_tools.render.context import PageContext, claim_source, event_source, statement_source, tag_source
from build_tools.render.graph import relation_graph
from build_tools.render.markup import clip, external_link, html_list, html_table, page_text, paragraph, text
from build_tools.render.pager import PAGE_SIZE, on_page, page_count, paginated
from build_tools.render.structured import speaker_structured_data
from build_tools.vocabulary import KIND_LABELS, RATINGS


def _wikidata(qid: str | None) -> str:
    return external_link(f"Wikidata {qid}", f"https://www.wikidata.org/wiki/{qid}") if qid else ""


def claims_table(page: PageContext, refs: list[ClaimRef], *, speaker_column: bool = True) -> str:
    """A table of claims: date, outlet, (speaker,) kind and quote linked to its place."""
    archive = page.archive
    header = ["Date", "Outlet", *(["Speaker"] if speaker_column else []), "Kind", "Claim"]
    rows = []
    for ref in refs:
        claim = archive.claims[ref]
        article = archive.article_of(ref)
        speaker = [page.speaker_link(claim.spec.speaker)] if speaker_column else []
        quote = page.link(f"“{clip(claim.quote, 110)}”", claim_source(ref))
        rows.append(
            [
                text(article.date or "undated"),
                page.outlet_link(article.outlet),
                *speaker,
                KIND_LABELS[claim.spec.kind.value],
                quote,
            ]
        )
    return html_table(header, rows)


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


def render_speaker(page: PageContext, speaker: Speaker) -> dict[str, str]:
    """A speaker: who they are, every claim they made (paginated), its relations and the verdict tally."""
    refs = page.archive.index.claims_by_speaker.get(speaker.id, [])

    def one(here: PageContext, number: int, nav: str) -> str:
        shown = list(on_page(refs, number))
        if number == 1:
            return _speaker_first_page(here, speaker, refs, shown, nav)
        relations = _relation_items(here, shown)
        return page_text(
            [
                f"# {text(speaker.name)}: claims, page {number}",
                nav,
                claims_table(here, shown, speaker_column=False),
                *(["## Relations", html_list(relations)] if relations else []),
                nav,
            ]
        )

    return paginated(page, page_count(refs), one)


def _speaker_first_page(
    page: PageContext, speaker: Speaker, refs: list[ClaimRef], shown: list[ClaimRef], nav: str
) -> str:
    archive = page.archive
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
    table = claims_table(page, shown, speaker_column=False) if shown else paragraph("No claims yet.")
    activity = claims_over_time(page, refs, f"{speaker.name}: claims over time, by outlet", "chart-speaker")
    if activity:
        parts += ["## Activity over time", activity]
    parts += [f"## Claims ({len(refs)})", nav, table]
    statements = list(dict.fromkeys(archive.statement_of[r] for r in shown if r in archive.statement_of))
    if statements:
        parts += [
            "## Statements reported by several outlets",
            html_list(
                page.link(_statement_title(page, archive.statements[s]), statement_source(s)) for s in statements
            ),
        ]
    relations = _relation_items(page, shown)
    if relations:
        parts += ["## Relations", html_list(relations)]
    parts += ["## Verdicts", _tally(page, refs)]
    unnamed = archive.index.unnamed_by_affiliation.get(speaker.id, [])
    if unnamed:
        parts += ["## Unnamed sources affiliated with this organization", claims_table(page, unnamed[:PAGE_SIZE])]
    parts.append(speaker_structured_data(page, speaker))
    return page_text(parts)


def _role(page: PageContext, role: Role) -> str:
    line = text(role.title)
    if role.organization and role.organization in page.archive.registries.speakers:
        line += ", " + page.speaker_link(role.organization)
    period = " – ".join(x for x in (role.start, role.end) if x)
    return line + (f" ({text(period)})" if period else "")


def _members(page: PageContext, organization: str) -> list[str]:
    speakers = page.archive.registries.speakers
    return [
        f"{page.speaker_link(member)}: {', '.join(text(r.title) for r in speakers[member].roles if r.organization == organization)}"
        for member in page.archive.index.members_by_organization.get(organization, [])
    ]


def _tally(page: PageContext, refs: list[ClaimRef]) -> str:
    reviews = (page.archive.claims[r].spec.review for r in refs)
    ratings = Counter(review.rating for review in reviews if review)
    if not ratings:
        return paragraph("None of these claims has been reviewed by the archive.")
    return html_list(
        f"{RATINGS[rating]}: {count}"
        for rating, count in sorted(ratings.items(), key=lambda x: list(RATINGS).index(x[0]))
    )


def _statement_title(page: PageContext, statement: Statement) -> str:
    first = page.archive.claims[statement.members[0]]
    return f"{page.speaker_name(first.spec.speaker)}: “{clip(first.quote, 80)}” ({len(statement.members)} appearances)"


def render_outlet(page: PageContext, outlet: Outlet) -> dict[str, str]:
    """An outlet: what it is, its articles (paginated), and the speakers it quotes."""
    article_ids = page.archive.index.articles_by_outlet.get(outlet.id, [])

    def one(here: PageContext, number: int, nav: str) -> str:
        archive = here.archive
        rows = [
            [text(archive.articles[a].date or "undated"), here.article_link(a), str(len(archive.articles[a].claims))]
            for a in on_page(article_ids, number)
        ]
        listing = [
            f"## Articles ({len(article_ids)})",
            *(
                [nav, html_table(["Date", "Article", "Claims"], rows), nav]
                if article_ids
                else [paragraph("No articles from this outlet yet.")]
            ),
        ]
        if number > 1:
            return page_text([f"# {text(outlet.name)}: articles, page {number}", *listing])
        return page_text(_outlet_first_page(here, outlet, article_ids, listing))

    return paginated(page, page_count(article_ids), one)


def _outlet_first_page(page: PageContext, outlet: Outlet, article_ids: list[str], listing: list[str]) -> list[str]:
    archive = page.archive
    here = page
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
    items = [(archive.articles[a].date, "articles") for a in article_ids]
    items += [(archive.articles[a].date, "claims") for a in article_ids for _ in archive.articles[a].claims]
    _, width = buckets_for(date for date, _ in items)
    buckets, series = count_by(items, width)
    chart = bar_chart(f"{outlet.name}: articles and claims over time", buckets, series, "items", "chart-outlet")
    if chart:
        parts += ["## In numbers", chart]
    parts += listing
    quoted = Counter(
        archive.speaker_of(c.ref) for a in article_ids for c in archive.articles[a].claims if archive.speaker_of(c.ref)
    )
    if quoted:
        top = sorted(quoted.items(), key=lambda x: (-x[1], x[0]))[:PAGE_SIZE]
        parts += [
            "## Speakers it quotes",
            html_list(f"{here.speaker_link(s)}: {n} claim{'s' if n != 1 else ''}" for s, n in top),
        ]
    cited = [
        _external_item(here, archive.externals[key], link, origin)
        for key in archive.index.externals_by_outlet.get(outlet.id, [])
        for link, origin in archive.external_links[key]
    ]
    if cited:
        parts += ["## Its reports outside this archive, as referred to here", html_list(cited[:PAGE_SIZE])]
    return parts


def _external_item(page: PageContext, source: ExternalSource, link: Link, origin: ClaimRef | str) -> str:
    who = page.claim_link(origin, limit=60) if isinstance(origin, ClaimRef) else page.article_link(origin)
    return f"{page.external(source)} — <strong>{text(link.wording)}</strong> {who}"


def render_event(page: PageContext, event: Event) -> str:
    """An event: its coverage and each statement's wordings side by side across outlets."""
    archive = page.archive
    articles = [archive.articles[a] for a in archive.index.articles_by_event.get(event.id, [])]
    when = event.date + (f" – {event.end_date}" if event.end_date else "")
    # Front matter is fixed text: the table of contents is hidden so wide tables and graphs get room.
    parts = ["---\nhide:\n  - toc\n---", f"# {text(event.title)}", paragraph(f"<em>{text(when)}</em>")]
    if event.description:
        parts.append(paragraph(text(event.description)))
    if event.tags:
        parts.append(
            paragraph(
                "Tags: " + ", ".join(page.link(archive.registries.tags[t].title, tag_source(t)) for t in event.tags)
            )
        )
    rows = [
        [text(a.published or "undated"), page.outlet_link(a.outlet), page.article_link(a.id), str(len(a.claims))]
        for a in articles
    ]
    parts += [f"## Coverage ({len(articles)} articles)", html_table(["Date", "Outlet", "Article", "Claims"], rows)]
    event_refs = [c.ref for a in articles for c in a.claims]
    timeline = claims_over_time(page, event_refs, f"{event.title}: claims over time, by outlet", "chart-event")
    if timeline:
        parts += ["## Timeline of the coverage", timeline]
    statements = [archive.statements[s] for s in archive.index.statements_by_event.get(event.id, [])]
    if statements:
        parts += _statement_matrix(page, statements, articles)
        for statement in statements:
            parts += [
                f"### {page.link(_statement_title(page, statement), statement_source(statement.id))}",
                _wordings(page, statement),
            ]
    refs = sorted((c.ref for a in articles for c in a.claims), key=archive.claim_sort_key)
    by_speaker: dict[str, list[ClaimRef]] = defaultdict(list)
    for ref in refs:
        by_speaker[page.speaker_name(archive.claims[ref].spec.speaker)].append(ref)
    parts.append("## Claims by speaker")
    for name in sorted(by_speaker):
        parts += [f"### {text(name)}", claims_table(page, by_speaker[name], speaker_column=False)]
    relations = _relation_items(page, refs)
    if relations:
        parts += ["## Relations between claims", html_list(relations)]
    related = [r for r in refs if archive.claim_links.get(r)]
    if related:
        parts += ["## Relation graph", relation_graph(page, related, f"Relations between the claims of {event.title}")]
    return page_text(parts)


def _neighbourhood(page: PageContext, refs: Iterable[ClaimRef]) -> list[ClaimRef]:
    """The claims and every claim they are directly related to."""
    found = list(refs)
    for ref in list(found):
        found += [link.other for link in page.archive.claim_links.get(ref, []) if isinstance(link.other, ClaimRef)]
    return found


def _statement_matrix(page: PageContext, statements: list[Statement], articles: list[Article]) -> list[str]:
    outlets = sorted({a.outlet for a in articles if a.outlet})
    names = [page.archive.registries.outlets[o].name if o in page.archive.registries.outlets else o for o in outlets]
    rows = []
    for statement in statements:
        carried = {page.archive.article_of(m).outlet for m in statement.members}
        link = page.link(_statement_title(page, statement), statement_source(statement.id))
        rows.append([link, *("reported" if o in carried else "—" for o in outlets)])
    return [
        "## Statements reported by several outlets",
        paragraph("Which outlet carried which statement:"),
        html_table(["Statement", *(text(n) for n in names)], rows),
    ]


def _aligned(page: PageContext, statement: Statement) -> str:
    """The statement's wordings aligned word by word, first appearance first."""
    archive = page.archive
    labels = []
    for number, ref in enumerate(statement.members):
        article = archive.article_of(ref)
        outlet = archive.registries.outlets.get(article.outlet or "")
        name = outlet.name if outlet else "unknown outlet"
        first = " <small>(first)</small>" if number == 0 else ""
        labels.append(
            f"{page.link(name, claim_source(ref))}<br><small>{text(article.date or 'undated')}</small>{first}"
        )
    wordings = [archive.claims[ref].quote for ref in statement.members]
    return alignment_table(labels, align(wordings))


def _differences(page: PageContext, statement: Statement) -> str:
    """Each later wording with what differs from the first appearance marked."""
    archive = page.archive
    base = archive.claims[statement.members[0]].quote
    items = []
    for ref in statement.members[1:]:
        article = archive.article_of(ref)
        items.append(
            f"<li><strong>{page.outlet_link(article.outlet)}</strong>: "
            f"“{inline_difference(base, archive.claims[ref].quote)}”</li>"
        )
    return (
        '<ul class="wording-differences">' + "".join(items) + "</ul>\n"
        '<p class="alignment-legend">Compared with the first appearance: '
        '<ins>added</ins>, <del>left out</del>, <del>replaced</del> <ins class="reworded">by</ins>.</p>'
    )


def _wordings(page: PageContext, statement: Statement) -> str:
    rows = []
    for number, ref in enumerate(statement.members):
        claim = page.archive.claims[ref]
        article = page.archive.article_of(ref)
        first = " (first appearance)" if number == 0 else ""
        rows.append(
            [
                page.outlet_link(article.outlet) + first,
                text(article.date or "undated"),
                page.speaker_link(claim.spec.speaker),
                page.link(f"“{claim.quote}”", claim_source(ref)),
            ]
        )
    return html_table(["Outlet", "Date", "Speaker", "Wording"], rows)


def render_statement(page: PageContext, statement: Statement) -> str:
    """One statement: every appearance, the first marked, and the wordings side by side."""
    archive = page.archive
    first = archive.claims[statement.members[0]]
    outlets = {archive.article_of(m).outlet for m in statement.members}
    parts = [
        "---\nhide:\n  - toc\n---",
        f"# Statement: {text(clip(first.quote, 90))}",
        paragraph(
            f"One statement by {page.speaker_link(first.spec.speaker)}, reported {len(statement.members)} times "
            f"by {len(outlets)} outlet{'s' if len(outlets) != 1 else ''}. "
            f"First appearance: {page.article_link(statement.members[0].article_id)}."
        ),
        "## Appearances",
        _wordings(page, statement),
        "## Wordings aligned",
        paragraph("Each row is one appearance; columns line up the same words across outlets."),
        _aligned(page, statement),
        "## What each outlet changed",
        _differences(page, statement),
        "## Relation graph",
        relation_graph(page, _neighbourhood(page, statement.members), "Relations of this statement"),
    ]
    relations = _relation_items(page, list(statement.members))
    if relations:
        parts += ["## Relations of its appearances", html_list(relations)]
    return page_text(parts)


def render_tag(page: PageContext, tag: Tag) -> dict[str, str]:
    """A topic: its events, articles and claims (paginated)."""
    article_ids = page.archive.index.articles_by_tag.get(tag.id, [])
    refs = page.archive.index.claims_by_tag.get(tag.id, [])

    def one(here: PageContext, number: int, nav: str) -> str:
        archive = here.archive
        ids_here, refs_here = on_page(article_ids, number), on_page(refs, number)
        parts = [f"# {text(tag.title)}" + (f": page {number}" if number > 1 else "")]
        if number == 1:
            if tag.description:
                parts.append(paragraph(text(tag.description)))
            events = [e for e in archive.registries.events.values() if tag.id in e.tags]
            if events:
                parts += [
                    "## Events",
                    html_list(f"{here.link(e.title, event_source(e.id))} ({text(e.date)})" for e in events),
                ]
        parts.append(nav)
        listing = html_list(
            f"{text(archive.articles[a].date or 'undated')}: {here.article_link(a)} ({here.outlet_link(archive.articles[a].outlet)})"
            for a in ids_here
        )
        parts += [f"## Articles ({len(article_ids)})", listing or paragraph("None on this page.")]
        parts += [
            f"## Claims ({len(refs)})",
            claims_table(here, list(refs_here)) if refs_here else paragraph("None on this page."),
        ]
        return page_text(parts)

    return paginated(page, page_count(article_ids, refs), one)


def claims_over_time(page: PageContext, refs: list[ClaimRef], title: str, ident: str) -> str:
    """A bar chart of claims by publication date, stacked by outlet."""
    archive = page.archive
    outlets = archive.registries.outlets
    items = []
    for ref in refs:
        article = archive.article_of(ref)
        outlet = outlets.get(article.outlet or "")
        items.append((article.date, outlet.name if outlet else "unknown"))
    _, width = buckets_for(date for date, _ in items)
    buckets, series = count_by(items, width)
    return bar_chart(title, buckets, series, "claims", ident)

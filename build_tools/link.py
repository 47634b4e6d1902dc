"""Link: validated, cleaned and anchored articles in, one complete, cross-linked `Archive` out; reads no files.

First each article is assembled from its stages' results (`assemble_article`: which title,
outlet and date it shows). Then linking resolves every relation and reference in both
directions, groups `same-as` appearances into statements (one statement, many wordings), checks
that the relations are consistent and indexes what the hub pages list. The archive it returns is
frozen: nothing is added to it afterwards.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from build_tools.diagnostics import Diagnostics, Origin, Severity
from build_tools.load import RawArticle
from build_tools.model import (
    AnchoredClaim,
    Annotation,
    ClaimRef,
    ClaimSpec,
    CleanArticle,
    ExternalSource,
    Outlet,
    Registries,
    Relation,
    UnnamedSpeaker,
)
from build_tools.vocabulary import INVERSE_WORDING, REFERENCE_WORDING, SYMMETRIC_RELATIONS


@dataclass(frozen=True, slots=True)
class Article:
    """An article with everything known about it."""

    id: str
    """The article id (permalink)."""
    raw: RawArticle
    """The file as scraped."""
    clean: CleanArticle
    """The text readers see."""
    annotation: Annotation | None
    """The annotation file, if the article is annotated."""
    title: str
    """Headline: written, else detected, else the id."""
    outlet: str | None
    """Outlet id: written, else detected."""
    published: str | None
    """Publication date or datetime: written, else detected."""
    claims: tuple[AnchoredClaim, ...]
    """Anchored claims in text order."""
    relations: tuple[tuple[ClaimRef, int, Relation], ...] = field(init=False, repr=False, compare=False)
    """Every relation written on its claims, with the claim and its place in the claim's list, in order.

    The link stage goes over the relations of the whole archive several times in a preview's
    edit: 17,000 relations among 100,000 claims at 10,000 articles.
    """

    def __post_init__(self) -> None:
        written = tuple(
            (claim.ref, position, relation)
            for claim in self.claims
            for position, relation in enumerate(claim.spec.relations)
        )
        object.__setattr__(self, "relations", written)

    @property
    def date(self) -> str:
        """The publication date (YYYY-MM-DD), or an empty string when unknown."""
        return (self.published or "")[:10]

    @property
    def event(self) -> str | None:
        """Event id, if written."""
        return self.annotation.meta.event if self.annotation and self.annotation.meta else None

    @property
    def tags(self) -> tuple[str, ...]:
        """Tag ids, if written."""
        return self.annotation.meta.tags if self.annotation and self.annotation.meta else ()

    @property
    def meta_value(self) -> dict[str, str | None]:
        """Written URL fields and language."""
        meta = self.annotation.meta if self.annotation else None
        return {
            "url": meta.url if meta else None,
            "archived_url": meta.archived_url if meta else None,
            "language": meta.language if meta else None,
        }


@dataclass(frozen=True, slots=True)
class Link:
    """One end's view of a relation or reference: how it reads from here, and the other end."""

    wording: str
    """How the relation reads from this end ("refutes", "refuted by")."""
    type: str
    """The relation or reference type as written."""
    other: ClaimRef | ExternalSource | str
    """The other end: a claim, an external source, or an article id."""
    inverse: bool
    """Whether this end is the target of what was written."""


@dataclass(frozen=True, slots=True)
class Statement:
    """A `same-as` cluster: one statement and its appearances."""

    id: str
    """Stable id: the first appearance's `<article-id>--<claim-id>`."""
    members: tuple[ClaimRef, ...]
    """Appearances, first appearance first (by date, then article and claim id)."""


Finding = tuple[Severity, Origin, str]
"""A consistency problem as the archive keeps it: how bad, where, what (reported again on every link)."""


@dataclass(frozen=True, slots=True)
class ArchiveIndex:
    """Lookups every hub page needs, computed once so no page scans the whole archive."""

    articles_by_outlet: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """Article ids per outlet, newest first."""
    articles_by_event: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """Article ids per event, oldest first."""
    articles_by_tag: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """Article ids per tag, newest first."""
    articles_by_year: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """Article ids per year of publication, newest first ("" for undated)."""
    claims_by_speaker: dict[str, list[ClaimRef]] = field(default_factory=lambda: defaultdict(list))
    """Claims per registered speaker, by date."""
    claims_by_tag: dict[str, list[ClaimRef]] = field(default_factory=lambda: defaultdict(list))
    """Claims per tag, by date."""
    unnamed_by_affiliation: dict[str, list[ClaimRef]] = field(default_factory=lambda: defaultdict(list))
    """Claims of unnamed sources per affiliated organization, by date."""
    members_by_organization: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """Speaker ids holding a role in each organization."""
    statements_by_event: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """Statement ids with an appearance in each event."""
    externals_by_outlet: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """External source keys per outlet."""


@dataclass(frozen=True, slots=True)
class Archive:
    """The whole linked archive, ready to render; made by `link_archive`, complete when it returns."""

    registries: Registries
    """Speakers, outlets, events and tags."""
    articles: dict[str, Article] = field(default_factory=dict)
    """Articles by id, newest first."""
    claims: dict[ClaimRef, AnchoredClaim] = field(default_factory=dict)
    """Every anchored claim by global id."""
    claim_links: dict[ClaimRef, list[Link]] = field(default_factory=lambda: defaultdict(list))
    """Relations seen from each claim, written and inverse."""
    article_links: dict[str, list[Link]] = field(default_factory=lambda: defaultdict(list))
    """References seen from each article, written and inverse."""
    external_links: dict[str, list[tuple[Link, ClaimRef | str]]] = field(default_factory=lambda: defaultdict(list))
    """Relations and references to each external source (by key), with the claim or article they come from."""
    externals: dict[str, ExternalSource] = field(default_factory=dict)
    """External sources by key (URL, else title)."""
    statements: dict[str, Statement] = field(default_factory=dict)
    """`same-as` clusters by id."""
    statement_of: dict[ClaimRef, str] = field(default_factory=dict)
    """Statement id of each clustered claim."""
    redirects: dict[str, tuple[str, Origin]] = field(default_factory=dict)
    """Renamed or removed URLs and where they point now (from `redirects.yml`)."""
    index: ArchiveIndex = field(default_factory=ArchiveIndex)
    """Precomputed lookups for the hub pages."""
    findings: dict[ClaimRef, list[Finding]] = field(default_factory=dict)
    """The consistency problems of the relations written on each claim (claims with none left out)."""
    cycle_findings: list[Finding] = field(default_factory=list)
    """The refutation cycles found (`_refutation_cycles`)."""

    def article_of(self, ref: ClaimRef) -> Article:
        """The article holding claim `ref`."""
        return self.articles[ref.article_id]

    def speaker_of(self, ref: ClaimRef) -> str | None:
        """The registered speaker id of a claim (an unnamed source's affiliation counts as none)."""
        speaker = self.claims[ref].spec.speaker
        return speaker if isinstance(speaker, str) else None

    def claims_by_speaker(self) -> dict[str, list[ClaimRef]]:
        """Claims of every registered speaker, by date."""
        return self.index.claims_by_speaker

    def claim_sort_key(self, ref: ClaimRef) -> tuple[str, str, int]:
        """By date, then article, then place in the text."""
        article = self.article_of(ref)
        return (article.date or "9999", ref.article_id, self.claims[ref].span.start)


def _article_sort_key(article: Article) -> tuple[str, str]:
    # Newest first; undated articles last.
    return (article.date or "0000", article.id)


def assemble_article(
    raw: RawArticle,
    clean: CleanArticle,
    annotation: Annotation | None,
    *,
    claims: Iterable[AnchoredClaim],
    outlets: Mapping[str, Outlet],
    unlinked: Collection[str] = (),
) -> Article:
    """An article as the site shows it: what was written wins over what was detected.

    Args:
        raw: The file as scraped.
        clean: The clean text, with what was detected in it (the outlet, or the one written).
        annotation: The annotation file's usable content, if any.
        claims: The anchored claims, in text order.
        outlets: The outlet registry: an outlet that is not registered is shown as none.
        unlinked: Ids of claims that name something unknown: anchored, but left out of the archive.

    """
    meta = annotation.meta if annotation else None
    return Article(
        id=raw.article_id,
        raw=raw,
        clean=clean,
        annotation=annotation,
        title=(meta.title if meta and meta.title else None) or clean.title or raw.article_id,
        outlet=clean.outlet if clean.outlet in outlets else None,
        published=(meta.published if meta and meta.published else None) or clean.published,
        claims=tuple(c for c in claims if c.ref.claim_id not in unlinked),
    )


RELINK_SHARE = 0.1
"""Above this share of changed articles, linking everything again costs less than working out what changed."""


def link_archive(
    registries: Registries,
    articles: Iterable[Article],
    redirects: Mapping[str, tuple[str, Origin]],
    diagnostics: Diagnostics,
    previous: Archive | None = None,
) -> Archive:
    """Build the cross-linked archive, check the consistency of its relations and index it.

    Args:
        registries: Speakers, outlets, events and tags.
        articles: Every article, assembled.
        redirects: Renamed or removed URLs and where they point now, as read from `redirects.yml`.
        diagnostics: Where inconsistent relations are recorded.
        previous: The archive linked from the same registries before a few articles changed (a
            preview's last one): the links, statements and lookups the changes cannot reach are
            taken from it (see `_relink`); the result is the same as linking everything.

    """
    by_date = sorted(articles, key=_article_sort_key, reverse=True)
    archive = Archive(
        registries,
        articles={article.id: article for article in by_date},
        claims={claim.ref: claim for article in by_date for claim in article.claims},
        redirects=dict(redirects),
    )
    if previous is not None and not diagnostics.errors and _relinkable(previous, archive):
        changed = _changed_articles(previous, archive)
        if len(changed) <= RELINK_SHARE * len(archive.articles):
            _relink(previous, archive, changed, diagnostics)
            return archive
    _link_claims(archive)
    _link_articles(archive)
    _cluster_statements(archive)
    _check_consistency(archive, diagnostics)
    _build_index(archive)
    return archive


def _build_index(archive: Archive) -> None:
    _index_articles(archive, archive.index)
    _index_claims(archive, archive.index)
    _index_groups(archive, archive.index)


def _index_articles(archive: Archive, index: ArchiveIndex) -> None:
    for article in archive.articles.values():  # Newest first.
        if article.outlet:
            index.articles_by_outlet[article.outlet].append(article.id)
        if article.event:
            index.articles_by_event[article.event].append(article.id)
        for tag in article.tags:
            index.articles_by_tag[tag].append(article.id)
        index.articles_by_year[article.date[:4]].append(article.id)
    for refs in index.articles_by_event.values():
        refs.reverse()


def _index_claims(archive: Archive, index: ArchiveIndex) -> None:
    for ref in sorted(archive.claims, key=archive.claim_sort_key):
        spec = archive.claims[ref].spec
        if isinstance(spec.speaker, str):
            index.claims_by_speaker[spec.speaker].append(ref)
        elif isinstance(spec.speaker, UnnamedSpeaker) and spec.speaker.affiliation:
            index.unnamed_by_affiliation[spec.speaker.affiliation].append(ref)
        for tag in spec.tags:
            index.claims_by_tag[tag].append(ref)


def _index_groups(archive: Archive, index: ArchiveIndex) -> None:
    """Members of organizations, statements of events, external sources of outlets."""
    for speaker in archive.registries.speakers.values():
        for organization in dict.fromkeys(r.organization for r in speaker.roles if r.organization):
            index.members_by_organization[organization].append(speaker.id)
    for statement in archive.statements.values():
        events = dict.fromkeys(archive.article_of(m).event for m in statement.members)
        for event in events:
            if event:
                index.statements_by_event[event].append(statement.id)
    for key, source in archive.externals.items():
        if source.outlet:
            index.externals_by_outlet[source.outlet].append(key)


def _add_external(archive: Archive, source: ExternalSource, link: Link, origin: ClaimRef | str) -> None:
    known = archive.externals.setdefault(source.key, source)
    if known.url is None and source.url is not None:
        archive.externals[source.key] = source
    archive.external_links[source.key].append((link, origin))


def _link_claims(archive: Archive) -> None:
    seen: set[tuple[ClaimRef, str, ClaimRef]] = set()
    for ref, claim in archive.claims.items():
        for relation in claim.spec.relations:
            _link_relation(archive, ref, relation, seen)


def _link_relation(
    archive: Archive, ref: ClaimRef, relation: Relation, seen: set[tuple[ClaimRef, str, ClaimRef]]
) -> None:
    forward, backward = INVERSE_WORDING[relation.type]
    target = relation.target
    if isinstance(target, ExternalSource):
        link = Link(forward, relation.type, target, inverse=False)
        archive.claim_links[ref].append(link)
        _add_external(archive, target, Link(backward, relation.type, ref, inverse=True), ref)
        return
    if target is None or target not in archive.claims:
        return  # Validation or anchoring already reported it.
    key = (ref, relation.type, target)
    mirrored = (target, relation.type, ref)
    if key in seen or (relation.type in SYMMETRIC_RELATIONS and mirrored in seen):
        return  # The same relation written on both ends is shown once.
    seen.add(key)
    archive.claim_links[ref].append(Link(forward, relation.type, target, inverse=False))
    archive.claim_links[target].append(Link(backward, relation.type, ref, inverse=True))


def _link_articles(archive: Archive) -> None:
    seen: set[tuple[str, str, str]] = set()
    for article in archive.articles.values():
        references = list(article.annotation.references) if article.annotation else []
        for reference in references:
            forward, backward = REFERENCE_WORDING[reference.type]
            target = reference.target
            if isinstance(target, ExternalSource):
                archive.article_links[article.id].append(Link(forward, reference.type, target, inverse=False))
                _add_external(archive, target, Link(backward, reference.type, article.id, inverse=True), article.id)
                continue
            if target is None or target not in archive.articles:
                continue
            key = (article.id, reference.type, target)
            if key in seen or (forward == backward and (target, reference.type, article.id) in seen):
                continue
            seen.add(key)
            archive.article_links[article.id].append(Link(forward, reference.type, target, inverse=False))
            archive.article_links[target].append(Link(backward, reference.type, article.id, inverse=True))


def _cluster_statements(archive: Archive) -> None:
    """Union-find over `same-as` links: each connected group is one statement."""
    parent: dict[ClaimRef, ClaimRef] = {}

    def find(ref: ClaimRef) -> ClaimRef:
        while parent.setdefault(ref, ref) != ref:
            parent[ref] = parent[parent[ref]]
            ref = parent[ref]
        return ref

    for ref, links in archive.claim_links.items():
        for link in links:
            if link.type == "same-as" and isinstance(link.other, ClaimRef):
                parent[find(ref)] = find(link.other)
    groups: dict[ClaimRef, list[ClaimRef]] = defaultdict(list)
    for ref in parent:
        groups[find(ref)].append(ref)
    statements = []
    for members in groups.values():
        members.sort(key=lambda ref: (*archive.claim_sort_key(ref), ref.claim_id))
        first = members[0]
        statement = Statement(f"{first.article_id}--{first.claim_id}", tuple(members))
        statements.append(statement)
        for member in members:
            archive.statement_of[member] = statement.id
    archive.statements.update((statement.id, statement) for statement in sorted(statements, key=lambda s: s.id))


def _affiliations(archive: Archive, speaker: str | UnnamedSpeaker | None) -> set[str]:
    """A speaker and the organizations they speak for (by their roles)."""
    if isinstance(speaker, UnnamedSpeaker):
        return {speaker.affiliation} if speaker.affiliation else set()
    if speaker is None:
        return set()
    registered = archive.registries.speakers.get(speaker)
    organizations = {r.organization for r in registered.roles if r.organization} if registered else set()
    return {speaker, *organizations}


def _check_consistency(archive: Archive, diagnostics: Diagnostics) -> None:
    """Check every relation between claims, keep what is found in the archive (for `_recheck_consistency`), report it."""
    # Relation types between each pair of claims, from both ends: contradicts is symmetric, so
    # "A supports B" and "B contradicts A" conflict just as much as both written on A.
    written: list[tuple[ClaimRef, Relation, ClaimRef, frozenset[ClaimRef]]] = []
    between: dict[frozenset[ClaimRef], set[str]] = defaultdict(set)
    for ref, _, relation in _relations(archive):
        target = relation.target
        if isinstance(target, ClaimRef):
            pair = frozenset((ref, target))
            between[pair].add(relation.type)
            if target in archive.claims:
                written.append((ref, relation, target, pair))
    affiliations = _Affiliations(archive)
    for ref, relation, target, pair in written:
        found = _relation_findings(archive, ref, relation, target, types=between[pair], affiliations=affiliations)
        if found:
            archive.findings.setdefault(ref, []).extend(found)
    archive.cycle_findings.extend(_refutation_cycles(archive))
    _report_findings(archive, diagnostics)


def _recheck_consistency(
    previous: Archive, archive: Archive, changed: set[str], regrouped: set[ClaimRef], diagnostics: Diagnostics
) -> None:
    """`_check_consistency` after a few articles changed: the relations the change cannot reach keep what was found.

    A relation's findings depend on the two claims' relations to each other, their speakers and
    their statements: only relations with an end in a `changed` article, or at a claim whose
    statement was made again (`regrouped`), are checked again (with all the others written on
    the same claim). The refutation cycles are looked for again when a refutation has an end
    in a changed article, before or after the change.
    """

    def reached(ref: ClaimRef) -> bool:
        return ref.article_id in changed or ref in regrouped

    again: set[ClaimRef] = set()
    refutations_reached = any(
        relation.type == "refutes" and isinstance(relation.target, ClaimRef)
        for article_id in changed
        for claim in _claims_of(previous, article_id)
        for relation in claim.spec.relations
    )
    for ref, _, relation in _relations(archive):
        target = relation.target
        if isinstance(target, ClaimRef) and (reached(ref) or reached(target)):
            again.add(ref)
            refutations_reached = refutations_reached or relation.type == "refutes"
    findings = archive.findings
    findings.update((ref, found) for ref, found in previous.findings.items() if ref not in again and not reached(ref))
    affiliations = _Affiliations(archive)
    for ref in sorted(again):
        spec = archive.claims[ref].spec
        found = []
        for relation in spec.relations:
            target = relation.target
            if isinstance(target, ClaimRef) and target in archive.claims:
                types = {r.type for r in spec.relations if r.target == target}
                types.update(r.type for r in archive.claims[target].spec.relations if r.target == ref)
                found += _relation_findings(archive, ref, relation, target, types=types, affiliations=affiliations)
        if found:
            findings[ref] = found
    archive.cycle_findings.extend(_refutation_cycles(archive) if refutations_reached else previous.cycle_findings)
    _report_findings(archive, diagnostics)


def _relations(archive: Archive) -> Iterator[tuple[ClaimRef, int, Relation]]:
    """Every relation of the archive, in claims order (`Article.relations`, article after article)."""
    for article in archive.articles.values():
        yield from article.relations


def _report_findings(archive: Archive, diagnostics: Diagnostics) -> None:
    for severity, origin, message in (
        *(f for found in archive.findings.values() for f in found),
        *archive.cycle_findings,
    ):
        if severity is Severity.ERROR:
            diagnostics.error(origin, message)
        else:
            diagnostics.warning(origin, message)


def _refutation_cycles(archive: Archive) -> list[Finding]:
    """Claims that refute each other in a circle (A refutes B, B refutes A) cannot all be right about it."""
    edges: dict[ClaimRef, list[tuple[ClaimRef, Relation]]] = defaultdict(list)
    for ref, _, relation in _relations(archive):
        if relation.type == "refutes" and isinstance(relation.target, ClaimRef) and relation.target in archive.claims:
            edges[ref].append((relation.target, relation))
    found: list[Finding] = []
    for component in _strongly_connected(edges):
        members = set(component)
        inside = sorted(
            ((ref, relation) for ref in component for target, relation in edges[ref] if target in members),
            key=lambda item: (item[1].origin, str(item[0])),
        )
        ref, relation = inside[0]
        circle = " refutes ".join(str(r) for r in _cycle_from(ref, edges, members))
        found.append(
            (Severity.ERROR, relation.origin, f"refutes forms a cycle: {circle}; a claim cannot refute what refutes it")
        )
    return found


def _strongly_connected(  # noqa: C901 - Tarjan's algorithm reads best as one loop
    edges: Mapping[ClaimRef, list[tuple[ClaimRef, Relation]]],
) -> list[list[ClaimRef]]:
    """Components of more than one claim in the refutes graph (Tarjan's algorithm, iterative)."""
    index: dict[ClaimRef, int] = {}
    low: dict[ClaimRef, int] = {}
    stack: list[ClaimRef] = []
    on_stack: set[ClaimRef] = set()
    found: list[list[ClaimRef]] = []
    for start in sorted(edges, key=str):
        if start in index:
            continue
        work = [(start, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            targets = edges.get(node, [])
            if position < len(targets):
                work.append((node, position + 1))
                target = targets[position][0]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component, key=str))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return found


def _cycle_from(
    start: ClaimRef, edges: Mapping[ClaimRef, list[tuple[ClaimRef, Relation]]], members: set[ClaimRef]
) -> list[ClaimRef]:
    """The shortest path around the cycle from `start` back to it (breadth first)."""
    came_from: dict[ClaimRef, ClaimRef] = {}
    queue = [start]
    for node in queue:
        for target, _ in edges.get(node, []):
            if target == start:
                path = [node]
                while path[-1] != start:
                    path.append(came_from[path[-1]])
                return [*reversed(path), start]
            if target in members and target not in came_from:
                came_from[target] = node
                queue.append(target)
    return [start, start]


def _relation_findings(
    archive: Archive,
    ref: ClaimRef,
    relation: Relation,
    target: ClaimRef,
    *,
    types: set[str],
    affiliations: _Affiliations,
) -> list[Finding]:
    """What is wrong with one relation from `ref` to a claim of the archive, `types` all those written between the two."""
    found: list[Finding] = []
    if relation.type == "supports" and "contradicts" in types:
        found.append((Severity.ERROR, relation.origin, f"claim both supports and contradicts '{target}'"))
    if relation.type in ("contradicts", "refutes"):
        statement = archive.statement_of.get(ref)
        if statement is not None and statement == archive.statement_of.get(target):
            found.append(
                (
                    Severity.ERROR,
                    relation.origin,
                    f"'{target}' is the same statement (same-as); a statement cannot {relation.type.rstrip('s')} itself",
                )
            )
    if relation.type == "same-as":
        mine = affiliations.of(archive.claims[ref].spec.speaker)
        theirs = affiliations.of(archive.claims[target].spec.speaker)
        if mine and theirs and not mine & theirs:
            found.append(
                (
                    Severity.WARNING,
                    relation.origin,
                    (
                        f"same-as links claims of different speakers ('{archive.claims[ref].spec.speaker}' and "
                        f"'{archive.claims[target].spec.speaker}'); check the attribution"
                    ),
                )
            )
    return found


class _Affiliations:
    """`_affiliations` of each speaker, worked out once per check."""

    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        self.known: dict[str | UnnamedSpeaker | None, frozenset[str]] = {}

    def of(self, speaker: str | UnnamedSpeaker | None) -> frozenset[str]:
        found = self.known.get(speaker)
        if found is None:
            found = self.known[speaker] = frozenset(_affiliations(self.archive, speaker))
        return found


# --------------------------------------------------------------------------------------------
# Linking again after a few articles changed
# --------------------------------------------------------------------------------------------


def _relinkable(previous: Archive, archive: Archive) -> bool:
    """Whether `previous` was linked from the same registries and redirects (what every article's links depend on)."""
    same_registries = previous.registries is archive.registries or previous.registries == archive.registries
    return same_registries and previous.redirects == archive.redirects


def _changed_articles(previous: Archive, archive: Archive) -> set[str]:
    """Articles added, removed or different (unchanged ones share their parts, so comparing them is quick)."""
    changed = {a for a in previous.articles if a not in archive.articles}
    changed.update(a for a, article in archive.articles.items() if previous.articles.get(a) != article)
    return changed


def _relink(previous: Archive, archive: Archive, changed: set[str], diagnostics: Diagnostics) -> None:
    """Link `archive` from `previous` and the articles that changed since: what `link_archive` does, done for fewer claims.

    The claims whose links can differ are those of the touched articles: the changed ones, and
    those at the other end of a relation from or to a changed one, before or after the change.
    Their links are made again from every relation that has them at one end; every other
    claim's links are the previous ones. The statements containing a touched claim, before or
    after, are clustered again; the hub lookups of the changed articles' claims are updated.
    The relations' consistency is checked again where the change can reach (`_recheck_consistency`).
    """
    incoming, externals = _scan_relations(archive, changed)
    touched = set(changed)
    for article_id in changed:
        for claim in _claims_of(previous, article_id):
            touched.update(_article_of_other(link) for link in previous.claim_links.get(claim.ref, []))
        for claim in _claims_of(archive, article_id):
            touched.update(r.target.article_id for r in claim.spec.relations if isinstance(r.target, ClaimRef))
    touched.update(source.article_id for sources in incoming.values() for source, _ in sources)
    touched.discard("")
    order = {article_id: position for position, article_id in enumerate(archive.articles)}
    links = dict(previous.claim_links)
    for article_id in touched:
        for claim in _claims_of(previous, article_id):
            links.pop(claim.ref, None)
    writers = [claim.ref for article_id in changed for claim in _claims_of(archive, article_id)]
    for article_id in touched:
        for claim in _claims_of(archive, article_id):
            others = {source for source, _ in incoming.get(claim.ref, [])}
            others.update(_other_claims(previous.claim_links.get(claim.ref, [])))
            others.update(writers)
            made = _links_of(archive, claim.ref, others, order)
            if made:
                links[claim.ref] = made
    archive.claim_links.update(links)
    for key, source in externals[0].items():
        archive.externals[key] = source
    archive.external_links.update(externals[1])
    _link_articles(archive)
    regrouped = _recluster(previous, archive, touched)
    _recheck_consistency(previous, archive, changed, regrouped, diagnostics)
    _reindex(previous, archive, changed)


def _claims_of(archive: Archive, article_id: str) -> tuple[AnchoredClaim, ...]:
    article = archive.articles.get(article_id)
    return article.claims if article else ()


def _article_of_other(link: Link) -> str:
    return link.other.article_id if isinstance(link.other, ClaimRef) else ""


_Incoming = dict[ClaimRef, list[tuple[ClaimRef, int]]]
_Externals = tuple[dict[str, ExternalSource], dict[str, list[tuple[Link, ClaimRef | str]]]]


def _scan_relations(archive: Archive, changed: set[str]) -> tuple[_Incoming, _Externals]:
    """One pass over every written relation: those whose target is a claim of a changed article, and the external sources.

    The external sources are collected exactly as `_link_claims` collects them (in claims order).
    """
    incoming: _Incoming = defaultdict(list)
    sources: dict[str, ExternalSource] = {}
    external_links: dict[str, list[tuple[Link, ClaimRef | str]]] = defaultdict(list)
    for ref, position, relation in _relations(archive):
        target = relation.target
        if isinstance(target, ClaimRef):
            if target.article_id in changed and target.article_id != ref.article_id:
                incoming[target].append((ref, position))
        elif isinstance(target, ExternalSource):
            known = sources.setdefault(target.key, target)
            if known.url is None and target.url is not None:
                sources[target.key] = target
            _, backward = INVERSE_WORDING[relation.type]
            external_links[target.key].append((Link(backward, relation.type, ref, inverse=True), ref))
    return incoming, (sources, external_links)


def _other_claims(links: Iterable[Link]) -> Iterator[ClaimRef]:
    return (link.other for link in links if isinstance(link.other, ClaimRef))


def _relations_naming(archive: Archive, ref: ClaimRef, others: set[ClaimRef]) -> dict[tuple[ClaimRef, int], Relation]:
    """The relations written on `ref`, and those written on `others` that name it, by (claim, place in its list)."""
    written: dict[tuple[ClaimRef, int], Relation] = {}
    for other in others:
        claim = archive.claims.get(other)
        for position, relation in enumerate(claim.spec.relations if claim else ()):
            if ref in (other, relation.target):
                written[(other, position)] = relation
    return written


def _links_of(archive: Archive, ref: ClaimRef, others: set[ClaimRef], order: Mapping[str, int]) -> list[Link]:
    """The links of one claim, as `_link_claims` makes them: every relation at either end, in the order they are written.

    `others` are the claims that may have relations naming this one: besides them, only the
    claims of its own article are looked at.
    """
    written = _relations_naming(archive, ref, {*others, *(c.ref for c in archive.articles[ref.article_id].claims)})

    def place(item: tuple[tuple[ClaimRef, int], Relation]) -> tuple[int, int, int]:
        (source, position), _ = item
        claims = archive.articles[source.article_id].claims
        return (order[source.article_id], next(n for n, c in enumerate(claims) if c.ref == source), position)

    seen: set[tuple[ClaimRef, str, ClaimRef]] = set()
    made: list[Link] = []
    for (source, _), relation in sorted(written.items(), key=place):
        forward, backward = INVERSE_WORDING[relation.type]
        target = relation.target
        if isinstance(target, ExternalSource):
            made.append(Link(forward, relation.type, target, inverse=False))
            continue
        if target is None or target not in archive.claims:
            continue
        key = (source, relation.type, target)
        if key in seen or (relation.type in SYMMETRIC_RELATIONS and (target, relation.type, source) in seen):
            continue
        seen.add(key)
        if source == ref:
            made.append(Link(forward, relation.type, target, inverse=False))
        if target == ref:
            made.append(Link(backward, relation.type, source, inverse=True))
    return made


def _recluster(previous: Archive, archive: Archive, touched: set[str]) -> set[ClaimRef]:
    """Statements: those with no touched claim, before or after, are the previous ones; the others are clustered again.

    Returns the claims clustered again (every claim whose statement can differ from the previous one).
    """
    seeds = {claim.ref for a in touched for claim in _claims_of(archive, a)}
    dropped = {
        previous.statement_of[c.ref] for a in touched for c in _claims_of(previous, a) if c.ref in previous.statement_of
    }
    for statement_id in dropped:
        seeds.update(m for m in previous.statements[statement_id].members if m in archive.claims)
    kept = {s: statement for s, statement in previous.statements.items() if s not in dropped}
    done: set[ClaimRef] = set()
    for seed in sorted(seeds):
        if seed in done:
            continue
        component = _same_as_component(archive, seed)
        done.update(component)
        if len(component) > 1:
            members = sorted(component, key=lambda ref: (*archive.claim_sort_key(ref), ref.claim_id))
            first = members[0]
            kept[f"{first.article_id}--{first.claim_id}"] = Statement(
                f"{first.article_id}--{first.claim_id}", tuple(members)
            )
    archive.statements.update(sorted(kept.items()))
    for statement in archive.statements.values():
        for member in statement.members:
            archive.statement_of[member] = statement.id
    return done


def _same_as_component(archive: Archive, start: ClaimRef) -> set[ClaimRef]:
    found = {start}
    queue = [start]
    for ref in queue:
        for link in archive.claim_links.get(ref, []):
            if link.type == "same-as" and isinstance(link.other, ClaimRef) and link.other not in found:
                found.add(link.other)
                queue.append(link.other)
    return found


def _reindex(previous: Archive, archive: Archive, changed: set[str]) -> None:
    """The hub lookups: per article and per group made again (cheap), per claim updated for the changed articles' claims.

    The per-claim lists the changed articles' claims are not in are the previous ones, shared
    (nothing changes a list once linked); the others are copied, then updated.
    """
    index = archive.index
    _index_articles(archive, index)
    names = ("claims_by_speaker", "claims_by_tag", "unnamed_by_affiliation")
    for name in names:
        getattr(index, name).update(getattr(previous.index, name))
    gone_claims = [claim for a in changed for claim in _claims_of(previous, a)]
    added = sorted((c.ref for a in changed for c in _claims_of(archive, a)), key=archive.claim_sort_key)
    keys = {key for claim in gone_claims for key in _lookup_keys(claim.spec)}
    keys.update(key for ref in added for key in _lookup_keys(archive.claims[ref].spec))
    gone = {claim.ref for claim in gone_claims}
    for name, key in keys:
        lookup = getattr(index, name)
        lookup[key] = [r for r in lookup.get(key, ()) if r not in gone]
    for ref in added:
        for name, key in _lookup_keys(archive.claims[ref].spec):
            bisect.insort_right(getattr(index, name)[key], ref, key=archive.claim_sort_key)
    for name, key in keys:
        if not getattr(index, name)[key]:
            del getattr(index, name)[key]
    _index_groups(archive, index)


def _lookup_keys(spec: ClaimSpec) -> list[tuple[str, str]]:
    """The per-claim hub lookups a claim is listed in (`_index_claims`), as (lookup name, key)."""
    keys = []
    if isinstance(spec.speaker, str):
        keys.append(("claims_by_speaker", spec.speaker))
    elif isinstance(spec.speaker, UnnamedSpeaker) and spec.speaker.affiliation:
        keys.append(("unnamed_by_affiliation", spec.speaker.affiliation))
    keys += [("claims_by_tag", tag) for tag in spec.tags]
    return keys

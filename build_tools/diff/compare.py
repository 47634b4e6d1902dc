"""Compare: two pipeline results in (the base's and the change's), one `ArchiveDiff` out; reads no files.

Each kind of thing a reader sees is compared by its permanent id: articles by article id,
claims by global id, relations by their ends and wording, URLs as strings. Statements have no
stable identity of their own (their id is their first appearance's), so they are matched by the
appearances they share: every group of base and change statements connected through a shared
claim is one entry, and the shape of the group tells what happened (formed, dissolved, merged,
split, regrouped; renamed or changed when it is one statement on each side).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import TypeVar

from build_tools.diagnostics import Diagnostic, Diagnostics, Origin, Severity, Stage
from build_tools.diff.entries import (
    ArchiveDiff,
    ArticleEntry,
    Base,
    Change,
    ClaimEntry,
    End,
    Mark,
    RelationEntry,
    StatementEntry,
    StatementKind,
    Tree,
    UrlEntry,
)
from build_tools.link import Archive, Article, Link
from build_tools.load import REDIRECTS_FILE
from build_tools.model import AnchoredClaim, ClaimRef, ExternalSource, UnnamedSpeaker
from build_tools.permalinks import current_permalinks
from build_tools.urls import article_source, url_of
from build_tools.vocabulary import INVERSE_WORDING, RATINGS, REFERENCE_WORDING


def compare(base: Base, old: Tree, new: Tree) -> ArchiveDiff:
    """Everything a reader would find different in `new` than in `old`, and the URLs it would lose."""
    files = _file_changes(old.files, new.files)
    before, after = old.result.archive, new.result.archive
    if before is None or after is None:
        errors = tuple(d for d in new.result.diagnostics.sorted() if d.severity is Severity.ERROR)
        return ArchiveDiff(base, errors, len(old.result.diagnostics.errors), files)
    urls = _url_changes(before, after, new.recorded)
    changed = {path for _, path in files}
    return ArchiveDiff(
        base,
        articles=_article_changes(before, after),
        claims=_claim_changes(before, after),
        relations=_relation_changes(before, after),
        statements=_statement_changes(before, after),
        urls=urls,
        url_errors=_url_errors(base, urls, before, after, changed),
    )


_Key = TypeVar("_Key", str, ClaimRef)


def _marks(before: Iterable[_Key], after: Iterable[_Key]) -> list[tuple[Mark, _Key]]:
    """Keys only in `after` (added), only in `before` (removed), in both (to compare), each sorted."""
    old, new = set(before), set(after)
    return (
        [(Mark.ADDED, key) for key in sorted(new - old)]
        + [(Mark.REMOVED, key) for key in sorted(old - new)]
        + [(Mark.CHANGED, key) for key in sorted(old & new)]
    )


def _file_changes(old: Mapping[str, str], new: Mapping[str, str]) -> tuple[tuple[Mark, str], ...]:
    return tuple((mark, path) for mark, path in _marks(old, new) if mark is not Mark.CHANGED or old[path] != new[path])


def _changes(old: Mapping[str, str], new: Mapping[str, str], same: Iterable[str] = ()) -> tuple[Change, ...]:
    """The fields whose values differ, in the order of `new`.

    Args:
        old: The base's values, by field.
        new: The change's values, by field.
        same: Fields that name the same registry entry on both sides: a renamed speaker or outlet
            is not a change of every claim or article that names it.

    """
    kept = set(new) - set(same)
    return tuple(Change(name, old[name], new[name]) for name in new if name in kept and old[name] != new[name])


def _article_changes(before: Archive, after: Archive) -> tuple[ArticleEntry, ...]:
    entries = []
    for mark, article_id in _marks(before.articles, after.articles):
        if mark is Mark.CHANGED:
            entry = _changed_article(before, after, article_id)
            if entry is not None:
                entries.append(entry)
        else:
            archive = after if mark is Mark.ADDED else before
            entries.append(_article_entry(mark, archive, archive.articles[article_id]))
    return tuple(entries)


def _article_entry(
    mark: Mark, archive: Archive, article: Article, changes: tuple[Change, ...] = (), *, text_changed: bool = False
) -> ArticleEntry:
    facts = _article_facts(archive, article)
    return ArticleEntry(
        mark,
        article.id,
        article.title,
        facts["outlet"],
        article.date or "undated",
        len(article.claims),
        changes,
        text_changed,
    )


def _changed_article(before: Archive, after: Archive, article_id: str) -> ArticleEntry | None:
    old, new = before.articles[article_id], after.articles[article_id]
    same = [name for name in ("outlet", "event") if getattr(old, name) == getattr(new, name)]
    changes = _changes(_article_facts(before, old), _article_facts(after, new), same)
    text_changed = old.clean.text != new.clean.text
    if not changes and not text_changed:
        return None
    return _article_entry(Mark.CHANGED, after, new, changes, text_changed=text_changed)


def _article_facts(archive: Archive, article: Article) -> dict[str, str]:
    """What a reader sees of an article besides its text and claims, as text."""
    outlet = archive.registries.outlets.get(article.outlet or "")
    event = archive.registries.events.get(article.event or "")
    return {
        "title": article.title,
        "outlet": outlet.name if outlet else article.outlet or "unknown outlet",
        "published": article.published or "undated",
        "event": event.title if event else article.event or "none",
        "tags": ", ".join(article.tags) or "none",
        "annotated": "yes" if article.annotation else "no",
    }


def _claim_changes(before: Archive, after: Archive) -> tuple[ClaimEntry, ...]:
    entries = []
    for mark, ref in _marks(before.claims, after.claims):
        if mark is Mark.CHANGED:
            entry = _changed_claim(before, after, ref)
            if entry is not None:
                entries.append(entry)
        else:
            archive = after if mark is Mark.ADDED else before
            entries.append(_claim_entry(mark, archive, archive.claims[ref]))
    return tuple(entries)


def _claim_entry(
    mark: Mark, archive: Archive, claim: AnchoredClaim, changes: tuple[Change, ...] = (), *, moved: bool = False
) -> ClaimEntry:
    facts = _claim_facts(archive, claim)
    return ClaimEntry(mark, str(claim.ref), facts["speaker"], facts["kind"], claim.quote, changes, moved)


def _changed_claim(before: Archive, after: Archive, ref: ClaimRef) -> ClaimEntry | None:
    old, new = before.claims[ref], after.claims[ref]
    same = ["speaker"] if old.spec.speaker == new.spec.speaker else []
    changes = _changes(_claim_facts(before, old), _claim_facts(after, new), same)
    moved = _moved(old, new, before.article_of(ref).clean.text, after.article_of(ref).clean.text)
    if not changes and not moved:
        return None
    return _claim_entry(Mark.CHANGED, after, new, changes, moved=moved)


def _claim_facts(archive: Archive, claim: AnchoredClaim) -> dict[str, str]:
    """What a reader sees of a claim, as text: the article's words, never the contributor's."""
    spec = claim.spec
    return {
        "quote": claim.quote,
        "speaker": _speaker_name(archive, spec.speaker),
        "cue": spec.cue or "none",
        "kind": spec.kind.value,
        "summary": spec.summary,
        "rating": RATINGS.get(spec.review.rating, spec.review.rating) if spec.review else "none",
        "tags": ", ".join(spec.tags) or "none",
    }


def _speaker_name(archive: Archive, speaker: str | UnnamedSpeaker | None) -> str:
    """The speaker as the report shows it: an unnamed source marked as such."""
    name = archive.registries.speaker_name(speaker)
    return f"unnamed: {name}" if isinstance(speaker, UnnamedSpeaker) else name or "the outlet"


def _moved(old: AnchoredClaim, new: AnchoredClaim, old_text: str, new_text: str) -> bool:
    """Whether the same words are anchored at another of their places (the text around them may have changed)."""
    if old.quote != new.quote:
        return False  # The quote's change is reported; where it is follows from it.
    if old_text == new_text:
        return old.span != new.span
    return old_text.count(old.quote, 0, old.span.start) != new_text.count(new.quote, 0, new.span.start)


def _relation_changes(before: Archive, after: Archive) -> tuple[RelationEntry, ...]:
    old, new = _relations(before), _relations(after)
    return tuple(
        RelationEntry(mark, *(new if mark is Mark.ADDED else old)[key])
        for mark, key in _marks(old, new)
        if mark is not Mark.CHANGED
    )


def _relations(archive: Archive) -> dict[str, tuple[End, str, End]]:
    """Every relation between claims and reference between articles, once, by a key of its ends and wording."""
    found: dict[str, tuple[End, str, End]] = {}
    for ref, links in archive.claim_links.items():
        _add_relations(found, _claim_end(archive, ref), links, archive)
    for article_id, links in archive.article_links.items():
        _add_relations(found, _article_end(archive, article_id), links, archive)
    return found


def _add_relations(
    found: dict[str, tuple[End, str, End]], source: End, links: Iterable[Link], archive: Archive
) -> None:
    for link in links:
        if link.inverse:
            continue  # Seen from its other end, where it was written.
        target = _other_end(archive, link.other)
        forward, backward = INVERSE_WORDING.get(link.type) or REFERENCE_WORDING[link.type]
        ends = (source, target) if forward != backward or source.label <= target.label else (target, source)
        found[f"{ends[0].label}\0{link.wording}\0{ends[1].label}"] = (ends[0], link.wording, ends[1])


def _claim_end(archive: Archive, ref: ClaimRef) -> End:
    return End(str(ref), archive.claims[ref].quote)


def _article_end(archive: Archive, article_id: str) -> End:
    return End(url_of(article_source(article_id)), archive.articles[article_id].title)


def _other_end(archive: Archive, other: ClaimRef | ExternalSource | str) -> End:
    if isinstance(other, ClaimRef):
        return _claim_end(archive, other)
    if isinstance(other, ExternalSource):
        return End(other.url, other.title) if other.url else End(other.title)
    return _article_end(archive, other)


def _statement_changes(before: Archive, after: Archive) -> tuple[StatementEntry, ...]:
    entries = [_statement_entry(before, after, old, new) for old, new in _overlapping(before, after)]
    return tuple(sorted((e for e in entries if e is not None), key=lambda e: (e.kind.order, e.old, e.groups)))


def _overlapping(before: Archive, after: Archive) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Groups of base and change statements connected by shared appearances: (base ids, change ids)."""
    neighbours: dict[tuple[bool, str], set[tuple[bool, str]]] = defaultdict(set)
    nodes = [(False, i) for i in before.statements] + [(True, i) for i in after.statements]
    for new_id, statement in after.statements.items():
        for member in statement.members:
            old_id = before.statement_of.get(member)
            if old_id is not None:
                neighbours[True, new_id].add((False, old_id))
                neighbours[False, old_id].add((True, new_id))
    groups: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
    seen: set[tuple[bool, str]] = set()
    for node in nodes:
        if node not in seen:
            group = _connected(node, neighbours, seen)
            groups.append(
                (tuple(sorted(i for new, i in group if not new)), tuple(sorted(i for new, i in group if new)))
            )
    return groups


def _connected(
    start: tuple[bool, str], neighbours: Mapping[tuple[bool, str], set[tuple[bool, str]]], seen: set[tuple[bool, str]]
) -> list[tuple[bool, str]]:
    """Every node reachable from `start` (marked seen)."""
    group, stack = [], [start]
    seen.add(start)
    while stack:
        node = stack.pop()
        group.append(node)
        for other in neighbours.get(node, set()) - seen:
            seen.add(other)
            stack.append(other)
    return group


def _statement_kind(old: tuple[str, ...], new: tuple[str, ...]) -> StatementKind:
    if not old:
        return StatementKind.FORMED
    if not new:
        return StatementKind.DISSOLVED
    if len(old) > 1:
        return StatementKind.REGROUPED if len(new) > 1 else StatementKind.MERGED
    if len(new) > 1:
        return StatementKind.SPLIT
    return StatementKind.RENAMED if old != new else StatementKind.CHANGED


def _statement_entry(
    before: Archive, after: Archive, old: tuple[str, ...], new: tuple[str, ...]
) -> StatementEntry | None:
    old_members = {m for i in old for m in before.statements[i].members}
    new_members = {m for i in new for m in after.statements[i].members}
    kind = _statement_kind(old, new)
    if kind is StatementKind.CHANGED and old_members == new_members:
        return None
    shown, ids = (after, new) if new else (before, old)
    groups = tuple((i, tuple(map(str, shown.statements[i].members))) for i in ids)
    first = shown.statements[ids[0]].members[0]
    return StatementEntry(
        kind,
        old,
        groups,
        shown.claims[first].quote,
        tuple(sorted(map(str, new_members - old_members))),
        tuple(sorted(map(str, old_members - new_members))),
        _rename_reason(before, after, old[0], new[0]) if kind is StatementKind.RENAMED else "",
    )


def _rename_reason(before: Archive, after: Archive, old_id: str, new_id: str) -> str:
    """Why a statement's id changed: its id is its first appearance's."""
    old_members, new_members = before.statements[old_id].members, after.statements[new_id].members
    old_first, new_first = old_members[0], new_members[0]
    if new_first not in old_members:
        return f"an earlier appearance was added ({new_first})"
    if old_first not in new_members:
        return f"its first appearance ({old_first}) left it"
    return f"{new_first} now comes first (a date changed)"


def _url_changes(before: Archive, after: Archive, recorded: frozenset[str]) -> tuple[UrlEntry, ...]:
    old, new = current_permalinks(before), current_permalinks(after)
    entries = [UrlEntry(Mark.ADDED, url, recorded=url in recorded) for url in sorted(new - old)]
    for url in sorted(old - new):
        target = after.redirects[url][0] if url in after.redirects else None
        entries.append(UrlEntry(Mark.REMOVED, url, target, broken=target is not None and target not in new))
    dropped = before.redirects.keys() - after.redirects.keys() - new - old
    entries += [UrlEntry(Mark.REMOVED, url, was_redirect=True) for url in sorted(dropped)]
    return tuple(sorted(entries, key=lambda e: (e.mark.order, e.url)))


def _url_errors(
    base: Base, urls: Iterable[UrlEntry], before: Archive, after: Archive, changed: set[str]
) -> tuple[Diagnostic, ...]:
    """A URL the base publishes that the change neither publishes nor redirects somewhere published."""
    diagnostics = Diagnostics()
    with diagnostics.in_stage(Stage.PERMALINK):
        for entry in urls:
            if not entry.fine:
                diagnostics.error(*_url_error(base, entry, before, after, changed))
    return tuple(diagnostics.sorted())


def _url_error(base: Base, entry: UrlEntry, before: Archive, after: Archive, changed: set[str]) -> tuple[Origin, str]:
    """Where the error about a lost URL points, and what it says."""
    url = entry.url
    if entry.was_redirect:
        return Origin(REDIRECTS_FILE), (
            f"the redirect of '{url}', which {base.ref} publishes, was removed; keep it, since a published URL "
            "must keep working"
        )
    if entry.redirect is not None:
        return after.redirects[url][1], (
            f"redirect of '{url}' points to '{entry.redirect}', which the site does not publish"
        )
    path, what = _owner(before, after, url, changed)
    return Origin(path), (
        f"URL '{url}', which {base.ref} publishes, would disappear; add a redirect for it to {REDIRECTS_FILE} "
        f"('{url}: <new-url>'), or restore {what}"
    )


def _owner(before: Archive, after: Archive, url: str, changed: set[str]) -> tuple[str, str]:
    """The file whose change removed a URL (the message points there), and what the URL showed.

    A claim's URL belongs to its annotation file, an article's to its raw file, a registry
    entry's to its registry. A statement's belongs to the first changed annotation file among
    its appearances, then among those of the statements they are in now: any of them can
    dissolve, merge or rename it (an earlier appearance added elsewhere renames it).
    """
    kind, _, rest = url.partition("/")
    page_id = rest.partition("/")[0]
    if kind == "articles" and "#" in url:
        return f"annotations/articles/{page_id}.yml", "the claim"
    if kind == "articles":
        return f"articles/{page_id}.txt", "the article"
    if kind == "statements" and page_id in before.statements:
        files = [f"annotations/articles/{m.article_id}.yml" for m in _related_appearances(before, after, page_id)]
        return next((f for f in files if f in changed), files[0]), "the statement"
    return f"annotations/{kind}.yml", f"the {kind.removesuffix('s')}"


def _related_appearances(before: Archive, after: Archive, statement_id: str) -> list[ClaimRef]:
    """A base statement's appearances, then those of the change's statements that hold any of them."""
    members = list(before.statements[statement_id].members)
    now = dict.fromkeys(after.statement_of[m] for m in members if m in after.statement_of)
    return members + [m for i in now for m in after.statements[i].members if m not in members]

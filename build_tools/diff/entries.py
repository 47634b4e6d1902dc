"""What a diff holds: frozen records of what changed between two archives; no logic that reads, compares or renders."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass

from build_tools.diagnostics import Diagnostic
from build_tools.pipeline import PipelineResult
from build_tools.urls import article_source, url_of

WORDING_FIELDS = frozenset({"title", "quote", "summary"})
"""Fields whose values are sentences: shown old and new in full (text) or as a word diff (Markdown)."""


class Mark(enum.Enum):
    """Whether something was added, removed or changed; the value is its marker in the text form."""

    ADDED = "+"
    REMOVED = "-"
    CHANGED = "~"

    @property
    def word(self) -> str:
        """How the report says it: `added`, `removed`, `changed`."""
        return self.name.lower()

    @property
    def order(self) -> int:
        """Where its entries come in a section: added, removed, changed."""
        return list(Mark).index(self)


class StatementKind(enum.Enum):
    """What happened to a statement (a `same-as` cluster); the value is how the report says it."""

    FORMED = "formed"
    """A new cluster: none of its appearances belonged to a statement before."""
    DISSOLVED = "dissolved"
    """None of its appearances belongs to a statement any more."""
    MERGED = "merged"
    """Several statements of the base are now one."""
    SPLIT = "split"
    """One statement of the base is now several."""
    REGROUPED = "regrouped"
    """Several statements of the base are now several others (merged and split at once)."""
    RENAMED = "renamed"
    """The same statement under a new id: its first appearance changed."""
    CHANGED = "changed"
    """The same statement with appearances added or removed."""

    @property
    def mark(self) -> Mark:
        """Its marker: formed is an addition, dissolved a removal, the rest changes."""
        return {StatementKind.FORMED: Mark.ADDED, StatementKind.DISSOLVED: Mark.REMOVED}.get(self, Mark.CHANGED)

    @property
    def order(self) -> int:
        """Where its entries come in the statements section (in the order of this class)."""
        return list(StatementKind).index(self)


@dataclass(frozen=True, slots=True)
class Base:
    """What the working tree is compared with."""

    ref: str
    """The git ref as given (`origin/main`)."""
    commit: str
    """The merge base of that ref and HEAD: the commit whose content is compared."""


@dataclass(frozen=True, slots=True)
class Tree:
    """One side of the comparison: what the pipeline made of one folder's content."""

    result: PipelineResult
    """The pipeline's archive (if it built) and problems."""
    files: Mapping[str, str]
    """Every content file (repository-relative path) and a digest of its bytes."""
    recorded: frozenset[str] = frozenset()
    """The URLs listed in its `permalinks.txt`."""


@dataclass(frozen=True, slots=True)
class Change:
    """One field whose value differs."""

    name: str
    """The field as readers know it (`quote`, `speaker`, `title`)."""
    old: str
    """Its value in the base."""
    new: str
    """Its value in the change."""

    @property
    def wording(self) -> bool:
        """Whether the values are sentences (shown in full, or as a word diff)."""
        return self.name in WORDING_FIELDS


@dataclass(frozen=True, slots=True)
class ArticleEntry:
    """An article added, removed or changed, described as it reads on the side that has it (the change's, if both)."""

    mark: Mark
    """Added, removed or changed."""
    id: str
    """The article id."""
    title: str
    """Its headline."""
    outlet: str
    """Its outlet's name."""
    date: str
    """Its publication date, or `undated`."""
    claims: int
    """How many claims it has."""
    changes: tuple[Change, ...] = ()
    """For a changed article: the fields that differ."""
    text_changed: bool = False
    """For a changed article: whether the text readers see differs."""

    @property
    def url(self) -> str:
        """Its page's site URL."""
        return url_of(article_source(self.id))


@dataclass(frozen=True, slots=True)
class ClaimEntry:
    """A claim added, removed or changed."""

    mark: Mark
    """Added, removed or changed."""
    ref: str
    """Its global id, `<article-id>#<claim-id>`."""
    speaker: str
    """Who says it, as readers see it."""
    kind: str
    """`direct`, `indirect` or `assertion`."""
    quote: str
    """The article's own words (the change's, if both sides have it)."""
    changes: tuple[Change, ...] = ()
    """For a changed claim: the fields that differ."""
    moved: bool = False
    """For a changed claim with the same words: whether they are anchored at another place of the text."""


@dataclass(frozen=True, slots=True)
class End:
    """One end of a relation, as the report names it."""

    label: str
    """A claim's global id, an article's URL, or an external source's address (else title)."""
    wording: str = ""
    """The claim's words or the article's title; empty when the label says it all."""


@dataclass(frozen=True, slots=True)
class RelationEntry:
    """A relation between claims (or a reference between articles) added or removed."""

    mark: Mark
    """Added or removed."""
    source: End
    """The end it is written on (the first by label, for a symmetric relation)."""
    wording: str
    """How it reads from the source ("contradicts", "same statement as")."""
    target: End
    """The other end."""


@dataclass(frozen=True, slots=True)
class StatementEntry:
    """A group of base and change statements that share appearances, and what happened to them."""

    kind: StatementKind
    """Formed, dissolved, merged, split, regrouped, renamed or changed."""
    old: tuple[str, ...]
    """The base's statement ids in the group."""
    groups: tuple[tuple[str, tuple[str, ...]], ...]
    """The change's statements (the base's, when dissolved): id and appearances, first appearance first."""
    wording: str
    """The first appearance's words."""
    added: tuple[str, ...] = ()
    """Appearances that joined the group."""
    removed: tuple[str, ...] = ()
    """Appearances that left it."""
    reason: str = ""
    """For a renamed statement: why its id changed."""


@dataclass(frozen=True, slots=True)
class UrlEntry:
    """A site URL the change publishes and the base does not, or the reverse."""

    mark: Mark
    """Added or removed."""
    url: str
    """The site-relative URL."""
    redirect: str | None = None
    """For a removed URL: where `redirects.yml` now sends it, if anywhere."""
    broken: bool = False
    """For a redirected URL: whether the redirect's target is not published either."""
    recorded: bool = True
    """For an added URL: whether `permalinks.txt` lists it already."""
    was_redirect: bool = False
    """For a removed URL: whether the base published it as a redirect, which the change dropped."""

    @property
    def fine(self) -> bool:
        """Whether a reader following the URL still gets somewhere."""
        return self.mark is Mark.ADDED or (self.redirect is not None and not self.broken)


@dataclass(frozen=True, slots=True)
class ArchiveDiff:
    """What a change does to the archive as readers see it, and what it must not do."""

    base: Base
    """What the change is compared with."""
    build_errors: tuple[Diagnostic, ...] = ()
    """The change's errors, sorted, when it does not build (then nothing else is compared)."""
    base_errors: int = 0
    """How many errors the base has, when it does not build (then nothing is compared)."""
    files: tuple[tuple[Mark, str], ...] = ()
    """Content files added, removed or changed: shown when the archives cannot be compared."""
    articles: tuple[ArticleEntry, ...] = ()
    """Articles added, removed, changed."""
    claims: tuple[ClaimEntry, ...] = ()
    """Claims added, removed, changed."""
    relations: tuple[RelationEntry, ...] = ()
    """Relations and references added, removed."""
    statements: tuple[StatementEntry, ...] = ()
    """Statements formed, dissolved, merged, split, renamed, changed."""
    urls: tuple[UrlEntry, ...] = ()
    """URLs added and removed."""
    url_errors: tuple[Diagnostic, ...] = ()
    """Published URLs that would disappear, and redirects of removed URLs that lead nowhere."""

    @property
    def compared(self) -> bool:
        """Whether both sides built, so that the archives were compared."""
        return not self.build_errors and not self.base_errors

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        """Every error: the change's, or the URLs it would lose."""
        return self.build_errors or self.url_errors

    @property
    def status(self) -> int:
        """The exit status: 1 on errors."""
        return 1 if self.errors else 0

    @property
    def unrecorded(self) -> int:
        """How many URLs the change newly publishes are not yet in `permalinks.txt`."""
        return sum(1 for u in self.urls if u.mark is Mark.ADDED and not u.recorded)

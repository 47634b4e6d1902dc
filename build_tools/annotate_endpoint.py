"""Annotate endpoint: the preview's JSON requests in, `annotate`'s changes and the archive's suggestions out.

`archive serve` only. The preview's WSGI wrapper (`preview.install`) hands it the requests under
`ROUTE` and lets it inject the annotate form's script into the article pages it serves (and into
the error page, where a claim whose quote no longer anchors is re-pointed); nothing of
it is ever written into `site/`. Writing goes through `annotate` (the code of `archive claim`): this
module has no writer of its own and makes no path from a request.

Who may write: the server is bound to a loopback address (the endpoint refuses to exist
otherwise), and a request must

- be a POST of JSON (`Content-Type: application/json`, which a cross-origin form cannot send
  without a preflight the server never answers), of at most `MAX_REQUEST_BYTES`;
- name this server in its `Host` (a DNS-rebound name does not), come from its origin (`Origin`,
  and `Sec-Fetch-Site: same-origin` where the browser sends it) and from a loopback address;
- carry the session's random token (`TOKEN_HEADER`), which only the pages this server serves hold.

Every refusal and every mistake is one JSON message (`{"error": ...}`), never a traceback.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import logging
import re
import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from build_tools.annotate import (
    AnnotateError,
    Change,
    ClaimEdit,
    ClaimFields,
    ConflictError,
    NewSpeakerEntry,
    Placed,
    Selection,
    add_claim,
    add_speaker,
    edit_claim,
    file_digest,
    placed_words,
    remove_claim,
)
from build_tools.clauses import VERBS, find_clauses, hide, sentences_of
from build_tools.diagnostics import Diagnostic
from build_tools.link import Archive
from build_tools.load import ARTICLE_ID
from build_tools.model import ClaimKind, ClaimRef, Span, Speaker, UnnamedSpeaker
from build_tools.names import find_mentions, registry_names
from build_tools.quotes import find_quotations
from build_tools.suggest import suggest_claims
from build_tools.suggestions import Draft, Suggestion, SuggestionIndex
from build_tools.vocabulary import RELATION_TYPES

log = logging.getLogger("mkdocs.plugins.archive")

ROUTE = "/__archive__/"
"""Every path of the endpoint starts so: outside any site's mount path, never a file of the site."""

TOKEN_HEADER = "X-Archive-Token"  # noqa: S105 - a header name, not a secret
"""The request header that carries the session's token."""

MAX_REQUEST_BYTES = 64 * 1024
"""The largest request body accepted (a claim with a long summary is a few kilobytes)."""

SEARCH_RESULTS = 20
"""Claims a relation search returns at most."""

REPOINT_ATTRIBUTE = "data-repoint-text"
"""Marks the article text the preview's error page shows under a claim that no longer anchors (its value: the claim's id).

An error page that has one gets the form's script, which offers "Point claim <id> here" for a
selection in it (an `edit` with the new words and nothing else); the attribute never comes from
a file's content (the page escapes every `"` of it).
"""

ASSETS = {"annotate.js": "text/javascript; charset=utf-8", "annotate.css": "text/css; charset=utf-8"}
"""The form's script and styles (package data of `build_tools/assets/`), served by the endpoint only."""

_CLAIM_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_REF = re.compile(r"(?P<article>[a-z0-9][a-z0-9-]*)?#(?P<claim>[a-z0-9][a-z0-9-]*)")

_StartResponse = Callable[..., Any]


class RequestError(Exception):
    """A request refused: its HTTP status and the one message the form shows."""

    def __init__(self, status: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def is_loopback(host: str) -> bool:
    """Whether a server address (or a `Host` name without port) is loopback only: 127.0.0.0/8, ::1, localhost."""
    host = host.strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True, slots=True)
class _Request:
    """A checked request: the action asked for and its JSON body."""

    action: str
    body: dict[str, Any]


class AnnotateEndpoint:
    """The write endpoint of one preview: a per-session token, checks of every request, the actions."""

    def __init__(self, root: Path, host: str, port: int, archive: Callable[[], Archive | None]) -> None:
        """Make the endpoint of a server bound to `host:port`.

        Args:
            root: The repository whose `annotations/` the form writes.
            host: The address the server is bound to (refused unless loopback).
            port: Its port.
            archive: The archive of the last good preview build (for suggestions and searches), if any.

        Raises:
            ValueError: the server is bound to an address other computers can reach.

        """
        if not is_loopback(host):
            raise ValueError(
                f"the annotate form is off: the preview is bound to {host}, which other computers can reach; "
                "serve on 127.0.0.1 (the default) to annotate from the page"
            )
        self.root = root
        self.port = port
        self.token = secrets.token_urlsafe(32)
        """The session's token: random per process, known only to the pages this server serves."""
        self._archive = archive
        self._index: tuple[int, SuggestionIndex] | None = None
        self._hosts = {f"{name}:{port}" for name in ("127.0.0.1", "localhost", "[::1]", host)}

    # The wrapper's two hooks.

    def handles(self, path: str) -> bool:
        """Whether a request path is the endpoint's."""
        return path.startswith(ROUTE)

    def inject(self, page: bytes) -> bytes:
        """An article page, or an error page with claims to re-point, with the form's styles, script and token.

        Other pages are left alone.
        """
        if b'class="article-text"' not in page and f' {REPOINT_ATTRIBUTE}="'.encode() not in page:
            return page
        settings = json.dumps({"endpoint": ROUTE + "annotate/", "token": self.token, "header": TOKEN_HEADER})
        # JSON inside a script element: its values (a constant path, a URL-safe token) hold no `<`.
        tags = (
            f'<link rel="stylesheet" href="{ROUTE}annotate.css">'
            f'<script type="application/json" id="archive-annotate-settings">{settings}</script>'
            f'<script src="{ROUTE}annotate.js" defer></script>'
        ).encode()
        end = page.rfind(b"</body>")
        return page + tags if end == -1 else page[:end] + tags + page[end:]

    def __call__(self, environ: dict[str, Any], start_response: _StartResponse) -> Iterable[bytes]:
        """Answer one request of the endpoint."""
        path = str(environ.get("PATH_INFO", ""))
        name = path.removeprefix(ROUTE)
        if name in ASSETS and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            return _asset(name, start_response)
        try:
            request = self._checked(environ, name)
            answer = self._answer(request)
        except RequestError as refusal:
            return _json(start_response, refusal.status, {"error": refusal.message})
        except ConflictError as exc:
            return _json(start_response, "409 Conflict", {"error": str(exc), "conflict": True})
        except AnnotateError as exc:
            return _json(start_response, "422 Unprocessable Entity", {"error": str(exc)})
        except Exception:
            # Whatever went wrong, the form gets one sentence; the traceback goes to the server's log only.
            log.exception("archive: the annotate endpoint failed on %s", path)
            return _json(
                start_response,
                "500 Internal Server Error",
                {"error": "the preview could not do this (see the terminal running `archive serve`)"},
            )
        return _json(start_response, "200 OK", answer)

    # Checks.

    def _checked(self, environ: Mapping[str, Any], name: str) -> _Request:
        """The request, if it may be answered (else `RequestError` with the reason)."""
        action = name.removeprefix("annotate/")
        if not name.startswith("annotate/") or action not in _ACTIONS:
            raise RequestError("404 Not Found", f"no such request: {name[:60]!r}")
        if environ.get("REQUEST_METHOD") != "POST":
            raise RequestError("405 Method Not Allowed", "only POST requests are answered")
        if not is_loopback(str(environ.get("REMOTE_ADDR", ""))):
            raise RequestError("403 Forbidden", "requests are answered from this computer only")
        host = str(environ.get("HTTP_HOST", ""))
        if host not in self._hosts:
            raise RequestError("403 Forbidden", f"the request names another host ({host[:60]!r})")
        origin = str(environ.get("HTTP_ORIGIN", ""))
        if origin != f"http://{host}":
            raise RequestError("403 Forbidden", "cross-origin requests are refused")
        if environ.get("HTTP_SEC_FETCH_SITE", "same-origin") != "same-origin":
            raise RequestError("403 Forbidden", "cross-site requests are refused")
        if str(environ.get("CONTENT_TYPE", "")).split(";")[0].strip().lower() != "application/json":
            raise RequestError(
                "415 Unsupported Media Type", "the request must be JSON (Content-Type: application/json)"
            )
        token = str(environ.get("HTTP_" + TOKEN_HEADER.upper().replace("-", "_"), ""))
        if not hmac.compare_digest(token.encode(), self.token.encode()):
            raise RequestError("403 Forbidden", "the request lacks this preview's token: reload the page")
        return _Request(action, _body(environ))

    # Actions.

    def _answer(self, request: _Request) -> dict[str, Any]:
        return _ACTIONS[request.action](self, request.body)

    def _current(self) -> Archive:
        archive = self._archive()
        if archive is None:
            raise RequestError("503 Service Unavailable", "the preview has no archive yet: wait for its first build")
        return archive

    def _suggestions(self, archive: Archive) -> SuggestionIndex:
        if self._index is None or self._index[0] != id(archive):
            self._index = (id(archive), SuggestionIndex(archive))
        return self._index[1]

    def options(self, body: dict[str, Any]) -> dict[str, Any]:
        """What the form offers: speakers (names and aliases), tags, kinds, relation types."""
        del body
        registries = self._current().registries
        return {
            "speakers": [_speaker_option(s) for s in registries.speakers.values()],
            "tags": [{"id": t, "title": tag.title} for t, tag in registries.tags.items()],
            "kinds": [k.value for k in ClaimKind],
            "relations": list(RELATION_TYPES),
        }

    def draft(self, body: dict[str, Any]) -> dict[str, Any]:
        """A selection's words placed as `archive claim add` would write them, with a likely speaker, cue and relations."""
        article_id = _article_id(body)
        selection = _selection(body)
        placed = placed_words(self.root, article_id, selection)
        if not isinstance(placed, Placed):
            raise AnnotateError(_messages(placed))
        archive = self._current()
        speakers = archive.registries.speakers
        article = archive.articles.get(article_id)
        guess = _attribution(article.clean.text, selection, speakers) if article is not None else _Attribution()
        date = article.date if article is not None else ""
        found = self._suggestions(archive).for_draft(Draft(placed.quote, article_id, guess.speaker, date), k=3)
        return {
            "quote": placed.quote,
            "prefix": placed.prefix,
            "suffix": placed.suffix,
            "speaker": guess.speaker,
            "cue": guess.cue,
            "kind": "direct" if guess.quotation else "indirect",
            "suggestions": [_suggestion(archive, s) for s in (*found.same_as, *found.contradicts)],
            "digest": file_digest(self.root, article_id),
        }

    def claim(self, body: dict[str, Any]) -> dict[str, Any]:
        """A claim's fields as the archive read them, and the file's digest, for the edit form."""
        archive = self._current()
        ref = ClaimRef(_article_id(body), _claim_id(body))
        claim = archive.claims.get(ref)
        if claim is None:
            raise RequestError("404 Not Found", f"no claim '{ref}' in the preview's archive")
        spec = claim.spec
        speaker = spec.speaker
        return {
            "id": spec.id,
            "quote": claim.quote,
            "speaker": speaker if isinstance(speaker, str) else None,
            "unnamed": speaker.description if isinstance(speaker, UnnamedSpeaker) else None,
            "cue": spec.cue,
            "kind": spec.kind.value,
            "summary": spec.summary,
            "tags": list(spec.tags),
            "relations": [[r.type, str(r.target)] for r in spec.relations if isinstance(r.target, ClaimRef)],
            "external_relations": sum(1 for r in spec.relations if not isinstance(r.target, ClaimRef)),
            "digest": file_digest(self.root, ref.article_id),
        }

    def claims(self, body: dict[str, Any]) -> dict[str, Any]:
        """Claims of the archive whose words, speaker, outlet or id hold every word searched for."""
        archive = self._current()
        words = _text(body, "query", 200).casefold().split()
        if not words:
            return {"claims": []}
        found = []
        for ref, claim in archive.claims.items():
            article = archive.articles[ref.article_id]
            speaker = claim.spec.speaker
            outlet = archive.registries.outlets.get(article.outlet or "")
            haystack = " ".join(
                (
                    claim.quote,
                    str(ref),
                    archive.registries.speaker_name(speaker) or "",
                    speaker if isinstance(speaker, str) else "",
                    outlet.name if outlet is not None else "",
                    article.outlet or "",
                )
            ).casefold()
            if all(word in haystack for word in words):
                found.append(_claim_summary(archive, ref))
                if len(found) == SEARCH_RESULTS:
                    break
        return {"claims": found}

    def save(self, body: dict[str, Any]) -> dict[str, Any]:
        """Add, edit or remove one claim with `annotate` (the code of `archive claim`)."""
        article_id = _article_id(body)
        digest = _text(body, "digest", 80)
        operation = _text(body, "operation", 10)
        if operation == "remove":
            change = remove_claim(self.root, article_id, _claim_id(body), digest)
        elif operation == "add":
            change = add_claim(self.root, article_id, _selection(body), _fields(body), digest)
        elif operation == "edit":
            claim_id = _claim_id(body)
            self._refuse_dropping_sources(ClaimRef(article_id, claim_id), body)
            edit = ClaimEdit(_fields(body), _unset(body), _selection(body) if "start" in body else None)
            change = edit_claim(self.root, article_id, claim_id, edit, digest)
        else:
            raise RequestError("400 Bad Request", "operation must be add, edit or remove")
        return _change(change)

    def _refuse_dropping_sources(self, ref: ClaimRef, body: Mapping[str, Any]) -> None:
        """The form lists relations between claims only: it may not rewrite a claim's relations to sources."""
        fields = body.get("fields")
        archive = self._archive()
        if not isinstance(fields, dict) or "relations" not in fields or archive is None:
            return
        claim = archive.claims.get(ref)
        if claim is not None and any(not isinstance(r.target, ClaimRef) for r in claim.spec.relations):
            raise RequestError(
                "400 Bad Request",
                f"claim '{ref}' has relations to sources outside the archive, which the form does not show: "
                "it may add relations (add_relations), not replace them; edit the file to remove one",
            )

    def speaker(self, body: dict[str, Any]) -> dict[str, Any]:
        """Add a speaker to `annotations/speakers.yml`."""
        aliases = body.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) and len(a) <= 200 for a in aliases[:50]):
            raise RequestError("400 Bad Request", "aliases must be a list of names")
        entry = NewSpeakerEntry(
            _text(body, "id", 100), _text(body, "name", 200), _text(body, "type", 20) or "person", tuple(aliases[:50])
        )
        change = add_speaker(self.root, entry)
        return {"written": change.written, "id": entry.speaker_id, "diff": change.diff}


_ACTIONS: dict[str, Callable[[AnnotateEndpoint, dict[str, Any]], dict[str, Any]]] = {
    "options": AnnotateEndpoint.options,
    "draft": AnnotateEndpoint.draft,
    "claim": AnnotateEndpoint.claim,
    "claims": AnnotateEndpoint.claims,
    "save": AnnotateEndpoint.save,
    "speaker": AnnotateEndpoint.speaker,
}


# --------------------------------------------------------------------------------------------
# Reading a request
# --------------------------------------------------------------------------------------------


def _body(environ: Mapping[str, Any]) -> dict[str, Any]:
    """The JSON object of the request's body, read only up to its declared length and the limit."""
    try:
        length = int(str(environ.get("CONTENT_LENGTH") or "-1"))
    except ValueError:
        length = -1
    if length < 0:
        raise RequestError("411 Length Required", "the request must say its length (Content-Length)")
    if length > MAX_REQUEST_BYTES:
        raise RequestError(
            "413 Content Too Large", f"the request is {length:,} bytes; the limit is {MAX_REQUEST_BYTES:,}"
        )
    data = environ["wsgi.input"].read(length) if length else b""
    try:
        body = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RequestError("400 Bad Request", f"the request is not JSON ({exc})") from exc
    if not isinstance(body, dict):
        raise RequestError("400 Bad Request", "the request must be a JSON object")
    return body


def _text(body: Mapping[str, Any], key: str, limit: int) -> str:
    value = body.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RequestError("400 Bad Request", f"'{key}' must be a string")
    if len(value) > limit:
        raise RequestError("400 Bad Request", f"'{key}' is {len(value):,} characters; the limit is {limit:,}")
    return value


def _article_id(body: Mapping[str, Any]) -> str:
    article_id = _text(body, "article", 200)
    if not ARTICLE_ID.fullmatch(article_id):
        raise RequestError("400 Bad Request", f"'{article_id[:60]}' is not an article id")
    return article_id


def _claim_id(body: Mapping[str, Any]) -> str:
    claim_id = _text(body, "claim_id", 200)
    if not _CLAIM_ID.fullmatch(claim_id):
        raise RequestError("400 Bad Request", f"'{claim_id[:60]}' is not a claim id")
    return claim_id


def _selection(body: Mapping[str, Any]) -> Selection:
    start, end = body.get("start"), body.get("end")
    if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool) or isinstance(end, bool):
        raise RequestError("400 Bad Request", "a selection is given as 'start' and 'end' offsets (integers)")
    return Selection(quote=_text(body, "quote", 20_000) or None, span=Span(start, end))


def _fields(body: Mapping[str, Any]) -> ClaimFields:
    fields = body.get("fields", {})
    if not isinstance(fields, dict):
        raise RequestError("400 Bad Request", "'fields' must be an object")
    tags = fields.get("tags")
    if tags is not None and (not isinstance(tags, list) or not all(isinstance(t, str) for t in tags)):
        raise RequestError("400 Bad Request", "'tags' must be a list of tag ids")
    kind = _text(fields, "kind", 20) or None
    if kind is not None and kind not in {k.value for k in ClaimKind}:
        raise RequestError("400 Bad Request", f"kind '{kind}' is not one of direct, indirect, assertion")
    return ClaimFields(
        speaker=_text(fields, "speaker", 100) or None,
        cue=_text(fields, "cue", 200) or None,
        kind=kind,
        summary=_text(fields, "summary", 2_000) or None,
        tags=tuple(tags) if tags else None,
        # `relations` replaces those written (on an edit); `add_relations` adds to them.
        relations=_relations(fields.get("relations", fields.get("add_relations"))),
    )


def _relations(value: Any) -> tuple[tuple[str, str], ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or len(value) > 100:
        raise RequestError("400 Bad Request", "'relations' must be a list of [type, '<article-id>#<claim-id>']")
    relations = []
    for item in value:
        if (
            not isinstance(item, list)
            or len(item) != 2
            or item[0] not in RELATION_TYPES
            or not isinstance(item[1], str)
            or not _REF.fullmatch(item[1])
        ):
            raise RequestError("400 Bad Request", f"a relation is [type, '<article-id>#<claim-id>'], not {item!r:.80}")
        relations.append((str(item[0]), str(item[1])))
    return tuple(relations)


def _unset(body: Mapping[str, Any]) -> frozenset[str]:
    """The keys an edit empties: a field left blank in the form is removed from the claim."""
    fields = body.get("fields", {})
    unset = {key for key in ("speaker", "cue") if isinstance(fields, dict) and fields.get(key) == ""}
    if isinstance(fields, dict) and fields.get("tags") == []:
        unset.add("tags")
    if isinstance(fields, dict) and "relations" in fields:
        unset.add("relations")  # With relations given, they replace those written (see `edit_claim`).
    return frozenset(unset)


# --------------------------------------------------------------------------------------------
# Answers
# --------------------------------------------------------------------------------------------


def _json(start_response: _StartResponse, status: str, value: Mapping[str, Any]) -> list[bytes]:
    data = json.dumps(value, ensure_ascii=False).encode("utf-8")
    start_response(
        status,
        [
            ("Content-Type", "application/json; charset=utf-8"),
            ("Content-Length", str(len(data))),
            ("Cache-Control", "no-store"),
            ("X-Content-Type-Options", "nosniff"),
        ],
    )
    return [data]


def _asset(name: str, start_response: _StartResponse) -> list[bytes]:
    data = resources.files("build_tools").joinpath("assets", name).read_bytes()
    start_response(
        "200 OK",
        [("Content-Type", ASSETS[name]), ("Content-Length", str(len(data))), ("Cache-Control", "no-store")],
    )
    return [data]


def _messages(diagnostics: Iterable[Diagnostic]) -> str:
    return "\n".join(str(d) for d in diagnostics)


def _change(change: Change) -> dict[str, Any]:
    if not change.written and change.diagnostics:
        raise AnnotateError(_messages(change.diagnostics))
    return {
        "written": change.written,
        "claim_id": change.claim_id,
        "digest": change.digest,
        "diff": change.diff,
        "ok": change.ok,
        "problems": [str(d) for d in change.diagnostics],
    }


def _speaker_option(speaker: Speaker) -> dict[str, Any]:
    return {"id": speaker.id, "name": speaker.name, "aliases": list(speaker.aliases), "type": speaker.type}


def _claim_summary(archive: Archive, ref: ClaimRef) -> dict[str, Any]:
    claim = archive.claims[ref]
    article = archive.articles[ref.article_id]
    outlet = archive.registries.outlets.get(article.outlet or "")
    return {
        "ref": str(ref),
        "quote": claim.quote,
        "speaker": archive.registries.speaker_name(claim.spec.speaker) or "",
        "outlet": outlet.name if outlet is not None else (article.outlet or ""),
        "date": article.date,
    }


def _suggestion(archive: Archive, suggestion: Suggestion) -> dict[str, Any]:
    return {
        "relation": suggestion.relation,
        "score": round(suggestion.score, 3),
        "reason": suggestion.reason,
        **_claim_summary(archive, suggestion.target),
    }


# --------------------------------------------------------------------------------------------
# Who said it: the attribution nearest the selection
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Attribution:
    speaker: str | None = None
    """A registered speaker id, when the text tells who."""
    cue: str | None = None
    """The attribution words nearest the selection."""
    quotation: bool = False
    """Whether the selection is (in) a quotation."""


def _attribution(text: str, selection: Selection, speakers: Mapping[str, Speaker]) -> _Attribution:
    """The speaker and cue `archive new` would propose for the quotation the selection is in, else the nearest verb."""
    assert selection.span is not None
    start, end = selection.span
    for found in suggest_claims(text, speakers).claims:
        if found.start < end and start < found.end:
            speaker = found.speaker if found.speaker in speakers else None
            return _Attribution(speaker, found.cue, quotation=True)
    hidden = [(q.start, q.end) for q in find_quotations(text)]
    mentions = find_mentions(text, hidden, registry_names(speakers), VERBS)
    sentences = sentences_of(text, hidden)
    sentence = next(((s, e) for s, e in sentences if s <= start < e), (start, end))
    clauses = [c for c in find_clauses(hide(text, hidden), sentences, mentions) if sentence[0] <= c.start < sentence[1]]
    if not clauses:
        return _Attribution()
    nearest = min(clauses, key=lambda c: min(abs(c.start - end), abs(c.end - start)))
    speaker = nearest.mention.speaker_id if nearest.mention is not None else None
    return _Attribution(speaker if speaker in speakers else None, nearest.verb or None)

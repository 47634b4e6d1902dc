"""The preview's write endpoint (`annotate_endpoint`) and the registry writer it uses (`annotate.add_speaker`).

Requests are WSGI calls on an endpoint over a copy of the frozen seed: who may write (loopback,
token, origin, host, method, content type, size), what may be written (ids only, never a path),
that a change is only its own lines, and that concurrent writers get a conflict, never a lost edit.
"""

from __future__ import annotations

import html
import io
import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from build_tools.annotate import (
    AnnotateError,
    ClaimFields,
    ConflictError,
    NewSpeakerEntry,
    add_claim,
    add_speaker,
    article_text,
    file_digest,
    unanchored_claims,
)
from build_tools.annotate_endpoint import MAX_REQUEST_BYTES, ROUTE, TOKEN_HEADER, AnnotateEndpoint, is_loopback
from build_tools.diagnostics import Diagnostic, Origin, Severity, Stage
from build_tools.model import ClaimRef
from build_tools.pipeline import run_pipeline
from build_tools.preview import PreviewProblems, install
from tests.conftest import seed_checkout

TASS = "tass-2017-08-02-secret-graves"
TASS_YML = f"annotations/articles/{TASS}.yml"
PORT = 8123
HOST = f"127.0.0.1:{PORT}"
WORDS = "the ministry’s spokesman"


@pytest.fixture(name="seed")
def fixture_seed(tmp_path: Path) -> Path:
    return seed_checkout(tmp_path / "repo")


@pytest.fixture(name="endpoint")
def fixture_endpoint(seed: Path) -> AnnotateEndpoint:
    archive = run_pipeline(seed).archive
    return AnnotateEndpoint(seed, "127.0.0.1", PORT, lambda: archive)


Call = Callable[..., tuple[int, dict[str, Any]]]


def request(
    endpoint: AnnotateEndpoint,
    action: str,
    body: Any = None,
    *,
    headers: dict[str, str] | None = None,
    method: str = "POST",
    raw: bytes | None = None,
    path: str | None = None,
) -> tuple[int, dict[str, Any]]:
    """The endpoint's answer (status code, JSON) to a request that passes every check unless told otherwise."""
    data = raw if raw is not None else json.dumps(body or {}).encode()
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path or f"{ROUTE}annotate/{action}",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": HOST,
        "HTTP_ORIGIN": f"http://{HOST}",
        "HTTP_SEC_FETCH_SITE": "same-origin",
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(data)),
        "HTTP_X_ARCHIVE_TOKEN": endpoint.token,
        "wsgi.input": io.BytesIO(data),
    }
    for key, value in (headers or {}).items():
        if value is None:
            environ.pop(key, None)
        else:
            environ[key] = value
    answer: list[str] = []
    body_bytes = b"".join(endpoint(environ, lambda status, _headers: answer.append(status)))
    return int(answer[0].split()[0]), json.loads(body_bytes)


def clean_span(seed: Path, words: str, article_id: str = TASS) -> tuple[int, int]:
    text = run_pipeline(seed).archive.articles[article_id].clean.text  # type: ignore[union-attr]
    start = text.index(words)
    return start, start + len(words)


def add_body(seed: Path, words: str = WORDS, **fields: Any) -> dict[str, Any]:
    start, end = clean_span(seed, words)
    return {
        "operation": "add",
        "article": TASS,
        "start": start,
        "end": end,
        "quote": words,
        "fields": {"summary": "TASS names the ministry's spokesman.", "kind": "assertion", **fields},
        "digest": file_digest(seed, TASS),
    }


# --------------------------------------------------------------------------------------------
# Who may write
# --------------------------------------------------------------------------------------------


def test_the_endpoint_refuses_to_exist_on_an_address_others_can_reach(seed: Path) -> None:
    for host in ("0.0.0.0", "192.168.1.20", "example.org", "::"):
        with pytest.raises(ValueError, match="other computers can reach"):
            AnnotateEndpoint(seed, host, PORT, lambda: None)
    assert all(is_loopback(host) for host in ("127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost"))


@pytest.mark.parametrize(
    ("headers", "status", "message"),
    [
        ({"HTTP_X_ARCHIVE_TOKEN": None}, 403, "lacks this preview's token"),
        ({"HTTP_X_ARCHIVE_TOKEN": "guessed"}, 403, "lacks this preview's token"),
        ({"HTTP_ORIGIN": None}, 403, "cross-origin requests are refused"),
        ({"HTTP_ORIGIN": "http://evil.example"}, 403, "cross-origin requests are refused"),
        ({"HTTP_ORIGIN": "null"}, 403, "cross-origin requests are refused"),
        ({"HTTP_SEC_FETCH_SITE": "cross-site"}, 403, "cross-site requests are refused"),
        ({"HTTP_HOST": "rebound.example:8123", "HTTP_ORIGIN": "http://rebound.example:8123"}, 403, "another host"),
        ({"HTTP_HOST": "127.0.0.1:9999", "HTTP_ORIGIN": "http://127.0.0.1:9999"}, 403, "another host"),
        ({"REMOTE_ADDR": "10.0.0.7"}, 403, "from this computer only"),
        ({"CONTENT_TYPE": "text/plain"}, 415, "must be JSON"),
        ({"CONTENT_TYPE": "application/x-www-form-urlencoded"}, 415, "must be JSON"),
        ({"CONTENT_LENGTH": None}, 411, "Content-Length"),
    ],
)
def test_requests_that_are_not_the_page_s_own_are_refused(
    endpoint: AnnotateEndpoint, seed: Path, headers: dict[str, str], status: int, message: str
) -> None:
    before = (seed / TASS_YML).read_bytes()
    code, answer = request(endpoint, "save", add_body(seed), headers=headers)
    assert (code, list(answer)) == (status, ["error"])
    assert message in answer["error"]
    assert (seed / TASS_YML).read_bytes() == before


def test_only_post_is_answered(endpoint: AnnotateEndpoint) -> None:
    for method in ("GET", "PUT", "DELETE", "OPTIONS"):
        assert request(endpoint, "options", method=method) == (405, {"error": "only POST requests are answered"})


def test_a_request_over_the_size_limit_is_refused_unread(endpoint: AnnotateEndpoint) -> None:
    code, answer = request(endpoint, "save", raw=b"{" + b" " * MAX_REQUEST_BYTES + b"}")
    assert code == 413
    assert answer["error"] == f"the request is {MAX_REQUEST_BYTES + 2:,} bytes; the limit is {MAX_REQUEST_BYTES:,}"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"not json", "the request is not JSON"),
        (b"[1, 2]", "the request must be a JSON object"),
        (b"\xff\xfe", "the request is not JSON"),
    ],
)
def test_malformed_bodies_get_one_message(endpoint: AnnotateEndpoint, raw: bytes, message: str) -> None:
    code, answer = request(endpoint, "save", raw=raw)
    assert code == 400
    assert answer["error"].startswith(message)
    assert "Traceback" not in answer["error"]


# --------------------------------------------------------------------------------------------
# What may be written
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "article", ["../../etc/passwd", "tass/../../x", "/tmp/x", "Tass", "index", "a" * 300, "..", "x\x00y"]
)
def test_no_path_from_a_request_is_used(endpoint: AnnotateEndpoint, seed: Path, article: str) -> None:
    body = {**add_body(seed), "article": article}
    code, answer = request(endpoint, "save", body)
    assert code == 400
    assert "is not an article id" in answer["error"] or "limit" in answer["error"]
    assert sorted(p.name for p in (seed / "annotations" / "articles").iterdir()) == [
        "rt-2017-08-02-false-from-start-to-finish.yml",
        f"{TASS}.yml",
    ]


def test_an_article_without_a_raw_file_is_refused(endpoint: AnnotateEndpoint, seed: Path) -> None:
    code, answer = request(endpoint, "save", {**add_body(seed), "article": "no-such-article"})
    assert (code, answer["error"]) == (422, "articles/no-such-article.txt: error: no such article in this repository")
    assert not (seed / "annotations" / "articles" / "no-such-article.yml").exists()


def test_unknown_paths_and_actions_are_not_found(endpoint: AnnotateEndpoint) -> None:
    assert request(endpoint, "", path=f"{ROUTE}annotate/../../annotations/speakers.yml")[0] == 404
    assert request(endpoint, "", path=f"{ROUTE}annotate/write")[0] == 404
    assert request(endpoint, "", path=f"{ROUTE}speakers.yml")[0] == 404


def test_bad_claim_ids_relations_and_fields_are_refused(endpoint: AnnotateEndpoint, seed: Path) -> None:
    remove = {"operation": "remove", "article": TASS, "claim_id": "../x", "digest": file_digest(seed, TASS)}
    assert request(endpoint, "save", remove) == (400, {"error": "'../x' is not a claim id"})
    body = add_body(seed, relations=[["same-as", "../../x"]])
    assert request(endpoint, "save", body)[0] == 400
    body = add_body(seed, kind="rumour")
    assert request(endpoint, "save", body) == (
        400,
        {"error": "kind 'rumour' is not one of direct, indirect, assertion"},
    )
    body = {**add_body(seed), "start": "0"}
    assert request(endpoint, "save", body)[0] == 400


# --------------------------------------------------------------------------------------------
# Writing: the writer's own change, check's messages, conflicts
# --------------------------------------------------------------------------------------------


def test_a_saved_claim_is_the_change_archive_claim_add_makes(endpoint: AnnotateEndpoint, seed: Path) -> None:
    body = add_body(seed, speaker="igor-konashenkov", tags=["syria"])
    expected = add_claim(
        seed,
        TASS,
        (body["start"], body["end"]),
        ClaimFields(speaker="igor-konashenkov", kind="assertion", summary=body["fields"]["summary"], tags=("syria",)),
        dry_run=True,
        check=False,
    )
    code, answer = request(endpoint, "save", body)
    assert code == 200, answer
    assert answer["written"]
    assert answer["claim_id"] == "ministrys-spokesman"
    assert answer["problems"] == []
    assert (seed / TASS_YML).read_text(encoding="utf-8") == expected.new_text
    added = [line for line in answer["diff"].splitlines() if line.startswith("+") and not line.startswith("+++")]
    removed = [line for line in answer["diff"].splitlines() if line.startswith("-") and not line.startswith("---")]
    assert removed == []
    assert added == [
        "+  - id: ministrys-spokesman",
        "+    quote: the ministry’s spokesman",
        "+    speaker: igor-konashenkov",
        "+    kind: assertion",
        "+    summary: TASS names the ministry's spokesman.",
        "+    tags: [syria]",
        "+",
    ]


def test_a_selection_that_is_not_its_words_gets_check_s_message(endpoint: AnnotateEndpoint, seed: Path) -> None:
    body = {**add_body(seed), "quote": "words the page never showed"}
    code, answer = request(endpoint, "save", body)
    assert code == 422
    assert answer["error"].startswith(f"{TASS_YML}:")
    assert "not the quote given" in answer["error"]


def test_a_stale_digest_is_a_conflict_and_nothing_is_overwritten(endpoint: AnnotateEndpoint, seed: Path) -> None:
    body = add_body(seed)
    (seed / TASS_YML).write_text((seed / TASS_YML).read_text(encoding="utf-8") + "# an editor's note\n", "utf-8")
    edited = (seed / TASS_YML).read_bytes()
    code, answer = request(endpoint, "save", body)
    assert code == 409
    assert answer["conflict"] is True
    assert "the file changed since it was read" in answer["error"]
    assert (seed / TASS_YML).read_bytes() == edited


def test_two_tabs_saving_at_once_do_not_lose_an_edit(endpoint: AnnotateEndpoint, seed: Path) -> None:
    first = add_body(seed, WORDS)
    second = add_body(seed, "Major General Igor Konashenkov said on Wednesday")
    answers: list[tuple[int, dict[str, Any]]] = []
    barrier = threading.Barrier(2)

    def save(body: dict[str, Any]) -> None:
        barrier.wait()
        answers.append(request(endpoint, "save", body))

    threads = [threading.Thread(target=save, args=(body,)) for body in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(code for code, _ in answers) == [200, 409]
    text = (seed / TASS_YML).read_text(encoding="utf-8")
    saved = next(answer for code, answer in answers if code == 200)
    assert text.count(f"- id: {saved['claim_id']}") == 1
    # The tab that lost reloads (a new digest) and saves: both claims are in the file.
    loser = first if saved["claim_id"] != "ministrys-spokesman" else second
    code, answer = request(endpoint, "save", {**loser, "digest": file_digest(seed, TASS)})
    assert code == 200, answer
    text = (seed / TASS_YML).read_text(encoding="utf-8")
    assert "- id: ministrys-spokesman" in text
    assert "- id: major-general-igor-konashenkov-said" in text


def test_edit_and_remove_go_through_the_writer(endpoint: AnnotateEndpoint, seed: Path) -> None:
    before = (seed / TASS_YML).read_text(encoding="utf-8")
    code, claim = request(endpoint, "claim", {"article": TASS, "claim_id": "no-secret-graves"})
    assert code == 200
    edit = {
        "operation": "edit",
        "article": TASS,
        "claim_id": "no-secret-graves",
        "fields": {
            "speaker": claim["speaker"],
            "cue": claim["cue"] or "",
            "kind": claim["kind"],
            "summary": "The ministry says there are no secret graves.",
            "tags": claim["tags"],
            "relations": claim["relations"],
        },
        "digest": claim["digest"],
    }
    # Its relation to the Reuters report is not a claim of the archive: the form may add relations, not replace them.
    code, answer = request(endpoint, "save", edit)
    assert code == 400
    assert "has relations to sources outside the archive" in answer["error"]
    assert (seed / TASS_YML).read_text(encoding="utf-8") == before
    edit["fields"]["add_relations"] = edit["fields"].pop("relations")
    code, answer = request(endpoint, "save", edit)
    assert code == 200, answer
    assert [line for line in answer["diff"].splitlines()[3:] if line[:1] in "+-"] == [
        "-    summary: The spokesman denies that there are secret graves of Russian servicemen killed in Syria.",
        "+    summary: The ministry says there are no secret graves.",
    ]
    remove = {"operation": "remove", "article": TASS, "claim_id": "no-secret-graves", "digest": answer["digest"]}
    code, answer = request(endpoint, "save", remove)
    assert code == 200, answer
    assert "- id: no-secret-graves" not in (seed / TASS_YML).read_text(encoding="utf-8")
    assert any("no-secret-graves" in problem for problem in answer["problems"])  # RT still relates to it
    assert len((seed / TASS_YML).read_text(encoding="utf-8").splitlines()) < len(before.splitlines())


def test_a_draft_places_the_words_and_offers_the_archive_s_suggestions(endpoint: AnnotateEndpoint, seed: Path) -> None:
    words = "There have been no alleged ‘secret’ graves of Russian servicemen killed in Syria."
    start, end = clean_span(seed, words)
    code, draft = request(endpoint, "draft", {"article": TASS, "start": start, "end": end, "quote": words})
    assert code == 200, draft
    assert (draft["quote"], draft["prefix"], draft["suffix"]) == (words, None, None)
    assert draft["speaker"] == "igor-konashenkov"
    assert draft["cue"] == "he noted"
    assert draft["kind"] == "direct"
    assert draft["digest"] == file_digest(seed, TASS)
    assert draft["suggestions"]
    assert draft["suggestions"][0]["ref"] == "rt-2017-08-02-false-from-start-to-finish#no-secret-burials"
    assert {s["relation"] for s in draft["suggestions"]} <= {"same-as", "contradicts"}


def test_claims_are_searched_by_words_speaker_and_outlet(endpoint: AnnotateEndpoint) -> None:
    code, found = request(endpoint, "claims", {"query": "peskov rt official"})
    assert code == 200
    assert [c["ref"] for c in found["claims"]] == ["rt-2017-08-02-false-from-start-to-finish#official-data"]
    assert request(endpoint, "claims", {"query": "zzzz"})[1] == {"claims": []}


def test_a_new_speaker_is_registered_through_the_endpoint(endpoint: AnnotateEndpoint, seed: Path) -> None:
    entry = {"id": "jane-roe", "name": "Jane Roe", "type": "person", "aliases": ["Roe"]}
    code, answer = request(endpoint, "speaker", entry)
    assert code == 200, answer
    assert "+jane-roe:" in answer["diff"]
    code, answer = request(endpoint, "speaker", entry)
    assert (code, answer["error"]) == (
        422,
        "annotations/speakers.yml: error: 'jane-roe' is already registered; choose it, or another id",
    )


def test_only_article_pages_carry_the_form_and_the_token(endpoint: AnnotateEndpoint) -> None:
    page = b'<html><body><div class="article-text"><p>x</p></div></body></html>'
    injected = endpoint.inject(page)
    assert endpoint.token.encode() in injected
    assert injected.index(b"/__archive__/annotate.js") < injected.index(b"</body>")
    assert endpoint.inject(b"<html><body><p>home</p></body></html>") == b"<html><body><p>home</p></body></html>"
    answer: list[str] = []
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": f"{ROUTE}annotate.js"}
    script = b"".join(endpoint(environ, lambda status, _headers: answer.append(status)))
    assert answer == ["200 OK"]
    assert b"archive-annotate-settings" in script
    assert TOKEN_HEADER.encode() not in script  # the script reads the header's name from the page, as the token


# --------------------------------------------------------------------------------------------
# annotate.add_speaker: one registry entry, the file's other lines kept
# --------------------------------------------------------------------------------------------


def test_add_speaker_appends_only_its_lines(seed: Path) -> None:
    path = seed / "annotations" / "speakers.yml"
    before = path.read_text(encoding="utf-8")
    change = add_speaker(seed, NewSpeakerEntry("jane-roe", "Jane  Roe", "person", ("Roe", "yes", "Roe: the minister")))
    after = path.read_text(encoding="utf-8")
    assert (
        after
        == before + '\njane-roe:\n  name: Jane Roe\n  type: person\n  aliases: [Roe, "yes", "Roe: the minister"]\n'
    )
    assert change.written
    result = run_pipeline(seed)
    assert result.archive is not None
    assert result.archive.registries.speakers["jane-roe"].aliases == ("Roe", "yes", "Roe: the minister")


def test_add_speaker_keeps_a_file_without_blank_lines_so(seed: Path) -> None:
    path = seed / "annotations" / "speakers.yml"
    path.write_text("# Who speaks.\na:\n    name: A\n    type: person\nb:\n    name: B\n    type: person\n", "utf-8")
    add_speaker(seed, NewSpeakerEntry("c", "C", "organization"))
    assert path.read_text(encoding="utf-8").endswith("    type: person\nc:\n    name: C\n    type: organization\n")


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (NewSpeakerEntry("Jane Roe", "Jane Roe"), "'Jane Roe' is not a speaker id"),
        (NewSpeakerEntry("index", "Index"), "'index' is not a speaker id"),
        (NewSpeakerEntry("jane-roe", "  "), "a new speaker needs a name"),
        (NewSpeakerEntry("jane-roe", "Jane", "robot"), "speaker type 'robot' is not one of person, organization"),
        (NewSpeakerEntry("igor-konashenkov", "Igor"), "'igor-konashenkov' is already registered"),
    ],
)
def test_add_speaker_refuses_bad_entries(seed: Path, entry: NewSpeakerEntry, message: str) -> None:
    before = (seed / "annotations" / "speakers.yml").read_bytes()
    with pytest.raises(AnnotateError, match=message):
        add_speaker(seed, entry)
    assert (seed / "annotations" / "speakers.yml").read_bytes() == before


def test_add_speaker_detects_a_concurrent_edit(seed: Path) -> None:
    with pytest.raises(ConflictError):
        add_speaker(seed, NewSpeakerEntry("jane-roe", "Jane Roe"), expected_digest="0" * 64)


def test_add_speaker_does_not_write_through_a_link(seed: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yml"
    outside.write_text("x:\n  name: X\n  type: person\n", "utf-8")
    (seed / "annotations" / "speakers.yml").unlink()
    (seed / "annotations" / "speakers.yml").symlink_to(outside)
    with pytest.raises(AnnotateError, match="the file is a link"):
        add_speaker(seed, NewSpeakerEntry("jane-roe", "Jane Roe"))
    assert outside.read_text(encoding="utf-8") == "x:\n  name: X\n  type: person\n"


# --------------------------------------------------------------------------------------------
# Re-pointing a claim whose quote no longer anchors (the preview's error page)
# --------------------------------------------------------------------------------------------

OLD_WORDS = "The Russian Defense Ministry is well aware who is behind this publication and who helped prepare it"
NEW_WORDS = OLD_WORDS.replace("well aware", "fully aware")
REPEATED = "The Russian Defense Ministry thus commented on a Reuters report on the alleged Russian fatalities in Syria"


@pytest.fixture(name="edited")
def fixture_edited(seed: Path) -> Path:
    """The seed with its raw TASS text edited so that the direct quote of claim `well-aware` no longer anchors."""
    raw = seed / "articles" / f"{TASS}.txt"
    raw.write_text(
        raw.read_text(encoding="utf-8").replace("Ministry is well aware", "Ministry is fully aware"), "utf-8"
    )
    return seed


def repoint_body(root: Path, words: str = NEW_WORDS, nth: int = 0) -> dict[str, Any]:
    """What the error page's "Point claim well-aware here" sends for the nth appearance of the words."""
    clean = article_text(root, TASS)
    assert not isinstance(clean, tuple)
    start = -1
    for _ in range(nth + 1):
        start = clean.text.index(words, start + 1)
    return {
        "operation": "edit",
        "article": TASS,
        "claim_id": "well-aware",
        "start": start,
        "end": start + len(words),
        "quote": words,
        "fields": {},
        "digest": file_digest(root, TASS),
    }


def changed(diff: str) -> list[str]:
    return [line for line in diff.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ({"HTTP_X_ARCHIVE_TOKEN": None}, "lacks this preview's token"),
        ({"HTTP_ORIGIN": "http://evil.example"}, "cross-origin requests are refused"),
        ({"HTTP_SEC_FETCH_SITE": "cross-site"}, "cross-site requests are refused"),
        ({"REMOTE_ADDR": "10.0.0.7"}, "from this computer only"),
    ],
)
def test_a_repoint_is_refused_as_every_other_write(
    endpoint: AnnotateEndpoint, edited: Path, headers: dict[str, str], message: str
) -> None:
    before = (edited / TASS_YML).read_bytes()
    code, answer = request(endpoint, "save", repoint_body(edited), headers=headers)
    assert code == 403
    assert message in answer["error"]
    assert (edited / TASS_YML).read_bytes() == before


def test_a_repoint_rewrites_only_the_claim_s_quote_line(endpoint: AnnotateEndpoint, edited: Path) -> None:
    assert run_pipeline(edited).archive is None
    code, answer = request(endpoint, "save", repoint_body(edited))
    assert code == 200, answer
    assert (answer["written"], answer["ok"], answer["problems"]) == (True, True, [])
    assert changed(answer["diff"]) == [f"-    quote: {OLD_WORDS}", f"+    quote: {NEW_WORDS}"]
    result = run_pipeline(edited)
    assert result.diagnostics.errors == []
    assert result.archive is not None
    assert result.archive.claims[ClaimRef(TASS, "well-aware")].quote == NEW_WORDS


def test_a_repoint_to_repeated_words_writes_the_context_that_tells_them_apart(
    endpoint: AnnotateEndpoint, edited: Path
) -> None:
    code, answer = request(endpoint, "save", repoint_body(edited, REPEATED, nth=1))
    assert code == 200, answer
    assert changed(answer["diff"]) == [f"-    quote: {OLD_WORDS}", f"+    quote: {REPEATED}", "+    suffix: ."]


def test_a_repoint_whose_words_are_not_the_selection_gets_one_message(endpoint: AnnotateEndpoint, edited: Path) -> None:
    before = (edited / TASS_YML).read_bytes()
    code, answer = request(endpoint, "save", {**repoint_body(edited), "quote": "words the page never showed"})
    assert code == 422
    assert list(answer) == ["error"]
    assert answer["error"].startswith(f"{TASS_YML}:103:12: error: the selection ")
    assert answer["error"].endswith(", not the quote given")
    assert "\n" not in answer["error"]
    assert (edited / TASS_YML).read_bytes() == before


def test_a_repoint_with_a_stale_digest_is_a_conflict(endpoint: AnnotateEndpoint, edited: Path) -> None:
    body = repoint_body(edited)
    (edited / TASS_YML).write_text((edited / TASS_YML).read_text(encoding="utf-8") + "# an editor's note\n", "utf-8")
    saved = (edited / TASS_YML).read_bytes()
    code, answer = request(endpoint, "save", body)
    assert (code, answer["conflict"]) == (409, True)
    assert "the file changed since it was read" in answer["error"]
    assert (edited / TASS_YML).read_bytes() == saved


def test_anchoring_errors_are_known_by_the_claim_whose_quote_they_sit_at(edited: Path) -> None:
    diagnostics = run_pipeline(edited).diagnostics.sorted()
    found = unanchored_claims(edited, diagnostics)
    assert [(d.origin.line, c.claim_id, c.quote) for d, c in found.items()] == [(103, "well-aware", OLD_WORDS)]
    # An error elsewhere in the file (its `speaker:` line) is no claim's anchoring error.
    other = Diagnostic(Origin(TASS_YML, 104, 14), Severity.ERROR, "unknown speaker", Stage.REFERENCE)
    assert unanchored_claims(edited, [other]) == {}


# The error page: the article's text under the error, the button only with the endpoint.


class FakeServer:
    """What `preview.install` uses of MkDocs' live-reload server."""

    _visible_epoch = 1

    def __init__(self) -> None:
        self.app: Callable[..., Any] | None = None

    def serve_request(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        del environ
        start_response("200 OK", [("Content-Type", "text/html")])
        return [b"<html><body>the last good page</body></html>"]

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        del epoch
        return content.replace(b"</body>", b"<script>/* live reload */</script></body>")

    def set_app(self, app: Callable[..., Any]) -> None:
        self.app = app

    def get(self, path: str) -> tuple[str, str]:
        assert self.app is not None
        status: list[str] = []
        environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path}
        body = b"".join(self.app(environ, lambda s, _headers, _exc=None: status.append(s)))
        return status[0], body.decode("utf-8")


def error_page_of(root: Path, endpoint: AnnotateEndpoint | None) -> str:
    problems = PreviewProblems()
    problems.record(root, run_pipeline(root).diagnostics.sorted())
    server = FakeServer()
    install(server, problems, endpoint)
    status, page = server.get(f"/archive/articles/{TASS}/")
    assert status.startswith("500")
    return page


def test_the_error_page_shows_the_article_s_text_and_the_old_quote_under_the_error(
    endpoint: AnnotateEndpoint, edited: Path
) -> None:
    page = error_page_of(edited, endpoint)
    section = page[page.index('<section class="repoint"') : page.index("</section>")]
    assert 'data-claim="well-aware"' in section
    assert f'data-digest="{file_digest(edited, TASS)}"' in section
    assert f"<blockquote>{OLD_WORDS}</blockquote>" in section
    assert "Point claim well-aware here" in section
    clean = article_text(edited, TASS)
    assert not isinstance(clean, tuple)
    start, end = clean.paragraphs[5]
    assert f'<p data-start="{start}" data-end="{end}">{html.escape(clean.text[start:end])}</p>' in section
    assert NEW_WORDS in section
    assert endpoint.token in page
    assert page.index("/__archive__/annotate.js") < page.index("live reload")


def test_without_the_endpoint_the_error_page_has_the_text_and_no_button(edited: Path) -> None:
    page = error_page_of(edited, None)
    assert NEW_WORDS in page
    assert "data-repoint-text" in page
    assert "__archive__" not in page
    assert "Point claim well-aware here" not in page
    assert "Copy the claim’s new words from the article’s text below into its quote" in page


def test_everything_the_error_page_shows_of_the_files_is_escaped(edited: Path) -> None:
    raw = edited / "articles" / f"{TASS}.txt"
    raw.write_text(
        raw.read_text(encoding="utf-8").replace("Konashenkov stressed.", 'Konashenkov <script>alert("x")</script>.'),
        "utf-8",
    )
    yml = edited / TASS_YML
    yml.write_text(yml.read_text(encoding="utf-8").replace("is well aware", "is <b>well</b> aware"), "utf-8")
    page = error_page_of(edited, None)
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "<b>well</b>" not in page
    assert "is &lt;b&gt;well&lt;/b&gt; aware" in page

"""Preview: the outcome of the last preview build in, what `archive serve` answers page requests with out.

MkDocs' development server stalls every request after a build that raised, until a build
succeeds ("the server will appear stuck"), and the browser never learns why. The archive's
preview therefore never fails its build on a contributor's mistake: it keeps the pages of the
last good build on disk, records the problems here, and answers every page request with an
error page (file:line:col, message, the offending line) that carries MkDocs' live-reload script,
so the open page shows the errors at once and comes back by itself when the files are fixed.

Under an error that is a claim's quote no longer anchoring (the raw text was edited), the page
shows the article's text as the cleaner makes it now, so the claim's new words can be found;
with the annotate endpoint, selecting them and pressing "Point claim <id> here" rewrites the
claim's quote lines, and the preview's rebuild brings the page back.

It also keeps what MkDocs gathered in the last full build (`BuiltSite`), so that an edit that
adds or removes no page is shown by rendering only the pages it changed, through the same theme,
instead of MkDocs collecting every file and reading every page again.
"""

from __future__ import annotations

import html
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.commands.build import (
    _build_page,
    _populate_page,
)  # MkDocs' own page steps: a page comes out as its build makes it
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation

from build_tools.annotate import AnnotateError, UnanchoredClaim, article_text, file_digest, unanchored_claims
from build_tools.annotate_endpoint import REPOINT_ATTRIBUTE, AnnotateEndpoint
from build_tools.diagnostics import Diagnostic, Severity
from build_tools.load import SourceLines
from build_tools.model import CleanArticle

_StartResponse = Callable[..., Any]
_App = Callable[[dict[str, Any], _StartResponse], Iterable[bytes]]


@dataclass(frozen=True, slots=True)
class Repoint:
    """A claim whose quote no longer anchors, with what the page shows to point it at its new words."""

    claim: UnanchoredClaim
    """The claim."""
    text: CleanArticle | tuple[Diagnostic, ...]
    """Its article's clean text now, or why it cannot be made."""
    digest: str
    """SHA-256 of its annotation file as read for the page (the endpoint refuses a change to a file changed since)."""


@dataclass(slots=True)
class PreviewProblems:
    """The problems of the last preview build, shared between the build and the server's threads."""

    diagnostics: tuple[Diagnostic, ...] = ()
    """Every problem of the last build; empty when it succeeded."""
    root: Path | None = None
    """The repository the problems point into."""
    lock: threading.Lock = field(default_factory=threading.Lock)
    texts: dict[str, CleanArticle | tuple[Diagnostic, ...]] = field(default_factory=dict)
    """The clean text of each article with a claim to re-point, made once per build (not once per request)."""

    def record(self, root: Path, diagnostics: Iterable[Diagnostic]) -> None:
        """The last build failed with these problems."""
        with self.lock:
            self.root = root
            self.diagnostics = tuple(diagnostics)
            self.texts = {}

    def clear(self) -> None:
        """The last build succeeded."""
        with self.lock:
            self.diagnostics = ()
            self.texts = {}

    def page(self, *, annotating: bool = False) -> str | None:
        """The error page, or None when the last build succeeded.

        Args:
            annotating: Whether the page will carry the annotate endpoint's script (it says how to re-point).

        """
        with self.lock:
            diagnostics, root, texts = self.diagnostics, self.root, self.texts
        if not any(d.severity is Severity.ERROR for d in diagnostics) or root is None:
            return None
        return error_page(
            diagnostics, SourceLines(root), self._repoints(root, diagnostics, texts), annotating=annotating
        )

    def _repoints(
        self, root: Path, diagnostics: tuple[Diagnostic, ...], texts: dict[str, CleanArticle | tuple[Diagnostic, ...]]
    ) -> dict[Diagnostic, Repoint]:
        repoints = {}
        for diagnostic, claim in unanchored_claims(root, diagnostics).items():
            try:
                if claim.article_id not in texts:
                    texts[claim.article_id] = article_text(root, claim.article_id)
                digest = file_digest(root, claim.article_id)
            except AnnotateError:
                continue  # The file is gone or cannot be read since the build: its next build says so.
            repoints[diagnostic] = Repoint(claim, texts[claim.article_id], digest)
        return repoints


PROBLEMS = PreviewProblems()
"""The one preview of this process (MkDocs makes a new plugin for every rebuild, the server stays)."""


_STYLE = """
body{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1a1a1a}
h1{font-size:1.5rem;color:#8b0000} ol{padding-left:1.5rem} li{margin:0 0 1rem}
code,pre{font-family:ui-monospace,monospace} .where{font-weight:600}
pre{background:#f4f4f4;padding:.4rem .6rem;overflow-x:auto;margin:.3rem 0 0}
.warning .severity{color:#7a5200} .error .severity{color:#8b0000}
"""


_STYLE_REPOINT = """
.repoint{margin:.6rem 0 0;padding:.6rem .8rem;border:1px solid #ccc;border-radius:.3rem}
.repoint h2{font-size:1.05rem;margin:0 0 .4rem} .repoint p{margin:.3rem 0}
.repoint blockquote{margin:.3rem 0;padding:.1rem .7rem;border-left:.2rem solid #8b0000;overflow-wrap:anywhere}
.repoint-text{max-height:24rem;overflow:auto;padding:.2rem .7rem;background:#fafafa;border:1px solid #e0e0e0}
.repoint-text p{white-space:pre-wrap;overflow-wrap:anywhere} .repoint-text .headline{font-weight:600}
.repoint-hint{color:#555;font-size:.9rem}
"""


def error_page(
    diagnostics: Iterable[Diagnostic],
    source_lines: Callable[[Any], str | None],
    repoints: Mapping[Diagnostic, Repoint] | None = None,
    *,
    annotating: bool = False,
) -> str:
    """An HTML page listing every problem with the line it points at (everything escaped).

    Under a claim's anchoring error (`repoints`), the article's text as the cleaner makes it now.
    """
    items = list(diagnostics)
    repoints = repoints or {}
    errors = sum(1 for d in items if d.severity is Severity.ERROR)
    entries: list[str] = []
    for diagnostic in items:
        line = source_lines(diagnostic.origin)
        excerpt = f"<pre>{html.escape(line)}</pre>" if line is not None and line.strip() else ""
        repoint = repoints.get(diagnostic)
        section = _repoint_section(len(entries) + 1, repoint, annotating=annotating) if repoint is not None else ""
        entries.append(
            f'<li class="{diagnostic.severity.value}"><span class="where">{html.escape(str(diagnostic.origin))}</span>: '
            f'<span class="severity">{diagnostic.severity.value}</span>: {html.escape(diagnostic.message)}{excerpt}'
            f"{section}</li>"
        )
    plural = "s" if errors != 1 else ""
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width,initial-scale=1">\n'
        f"<title>Preview: {errors} error{plural}</title>\n<style>{_STYLE}{_STYLE_REPOINT if repoints else ''}</style>\n"
        f'</head>\n<body>\n<main id="archive-preview-errors">\n<h1>The preview cannot be built: {errors} error{plural}</h1>\n'
        "<p>Fix the files below; this page turns back into the page you were reading as soon as they build.</p>\n"
        f"<ol>\n{''.join(entries)}\n</ol>\n</main>\n</body>\n</html>\n"
    )


def _repoint_section(number: int, repoint: Repoint, *, annotating: bool) -> str:
    """The claim's old quote and its article's text now, for finding (and, with the endpoint, selecting) its new words."""
    claim = repoint.claim
    claim_id, title = html.escape(claim.claim_id), f"repoint-{number}-title"
    if annotating:
        how = (
            f"Select the claim’s new words in the article’s text below, then press “Point claim {claim_id} here”: "
            "only its quote (and prefix or suffix) lines are rewritten."
        )
    else:
        how = (
            f"Copy the claim’s new words from the article’s text below into its quote ({html.escape(str(claim.origin))}). "
            "Selecting them here to re-point the claim needs the preview on 127.0.0.1 (the default address)."
        )
    head = (
        f'<section class="repoint" aria-labelledby="{title}" data-article="{html.escape(claim.article_id)}" '
        f'data-claim="{claim_id}" data-digest="{html.escape(repoint.digest)}">'
        f'<h2 id="{title}">Point claim {claim_id} at its new words</h2>'
        f"<p>Its quote reads:</p><blockquote>{html.escape(claim.quote)}</blockquote>"
        f'<p class="repoint-hint">{how}</p>'
    )
    text = repoint.text
    if isinstance(text, tuple):
        problems = "".join(f"<li>{html.escape(str(d))}</li>" for d in text)
        return f"{head}<p>The article’s text cannot be made until these are fixed:</p><ul>{problems}</ul></section>"
    return f'{head}<div class="repoint-text" {REPOINT_ATTRIBUTE}="{claim_id}">{_paragraphs(text)}</div></section>'


def _paragraphs(clean: CleanArticle) -> str:
    """The clean text as paragraphs, each with its code point offsets (what a selection's offsets are counted from)."""
    headline = (clean.headline.start, clean.headline.end) if clean.headline is not None else None
    paragraphs = []
    for start, end in clean.paragraphs:
        kind = ' class="headline"' if (start, end) == headline else ""
        paragraphs.append(f'<p{kind} data-start="{start}" data-end="{end}">{html.escape(clean.text[start:end])}</p>')
    return "\n".join(paragraphs)


def _is_page_request(environ: dict[str, Any]) -> bool:
    path = str(environ.get("PATH_INFO", ""))
    if path.startswith("/livereload/"):
        return False
    last = path.rsplit("/", 1)[-1]
    return path.endswith("/") or last.endswith(".html") or "." not in last


def install(server: Any, problems: PreviewProblems = PROBLEMS, endpoint: AnnotateEndpoint | None = None) -> None:
    """Make MkDocs' live-reload server answer page requests with the error page while there are errors.

    With an `endpoint`, its requests are answered by it and the article pages served carry its form.
    """
    serve: _App = server.serve_request

    def app(environ: dict[str, Any], start_response: _StartResponse) -> Iterable[bytes]:
        if endpoint is not None and endpoint.handles(str(environ.get("PATH_INFO", ""))):
            return endpoint(environ, start_response)
        page = problems.page(annotating=endpoint is not None) if _is_page_request(environ) else None
        if page is None:
            return (
                serve(environ, start_response)
                if endpoint is None
                else _with_form(serve, endpoint, environ, start_response)
            )
        # The live-reload script makes the browser ask for the page again after the next build.
        content = page.encode("utf-8") if endpoint is None else endpoint.inject(page.encode("utf-8"))
        content = server._inject_js_into_html(content, server._visible_epoch)  # noqa: SLF001 - MkDocs' own injection keeps the reload protocol theirs
        start_response(
            "500 Internal Server Error",
            [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(content)))],
        )
        return [content]

    server.set_app(app)


def _with_form(
    serve: _App, endpoint: AnnotateEndpoint, environ: dict[str, Any], start_response: _StartResponse
) -> Iterable[bytes]:
    """MkDocs' answer, with the annotate form injected when it is an HTML page."""
    answer: list[Any] = []

    def keep(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], object]:
        answer[:] = [status, headers, exc_info]
        return lambda _: None  # MkDocs returns its body; it never writes through this.

    body = serve(environ, keep)
    status, headers, exc_info = answer
    content_type = next((v for k, v in headers if k.lower() == "content-type"), "")
    if not status.startswith("200") or not content_type.startswith("text/html"):
        start_response(status, headers, exc_info)
        return body
    try:
        content = endpoint.inject(b"".join(body))
    finally:
        close = getattr(body, "close", None)
        if close is not None:
            close()
    headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
    start_response(status, [*headers, ("Content-Length", str(len(content)))], exc_info)
    return [content]


# --------------------------------------------------------------------------------------------
# The quick rebuild: changed pages rendered again through the theme of the last full build
# --------------------------------------------------------------------------------------------


def site_inputs(config: MkDocsConfig) -> tuple[tuple[str, int, int], ...]:
    """What a preview's MkDocs build depends on besides the archive: `mkdocs.yml`, `docs/` and the theme overrides.

    Each file with its modification time and size; when this changes, only a full build will do.
    """
    roots = [Path(config.config_file_path), Path(config.docs_dir)]
    roots += [Path(folder) for folder in ([config.theme.custom_dir] if config.theme.custom_dir else [])]
    found = []
    for root in roots:
        paths = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in paths:
            stat = path.stat()
            found.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(found)


@dataclass(slots=True)
class BuiltSite:
    """What MkDocs gathered in a preview's last full build: enough to render a changed page again on its own.

    MkDocs' rebuild collects every file and builds the navigation again, and reads every page's
    source, even when one annotation changed; at 10,000 articles that is most of a preview's
    time. When an edit adds or removes no page and nothing but the archive changed, the pages
    it changed are rendered again with the files, navigation and theme environment of the last
    build, exactly as that build rendered them, and written into the served folder.
    """

    config: MkDocsConfig
    """The MkDocs configuration of that build."""
    files: Files
    """Its files, the generated pages among them."""
    nav: Navigation
    """Its navigation."""
    env: Environment
    """Its theme's template environment, after the plugins' `on_env`."""
    inputs: tuple[tuple[str, int, int], ...] = ()
    """`site_inputs` when it was built."""

    def current(self) -> bool:
        """Whether nothing but the archive changed since the build (the configuration, `docs/`, the overrides)."""
        return site_inputs(self.config) == self.inputs

    def rebuild(self, sources: Iterable[str]) -> bool:
        """Render these generated pages (and copy these files) into the site again; False if one is not in it."""
        files = [self.files.get_file_from_path(source) for source in sources]
        if any(file is None for file in files):
            return False
        documents = self.files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        for file in files:
            assert file is not None
            if file.is_documentation_page():
                assert file.page is not None
                _populate_page(file.page, self.config, self.files)
                _build_page(file.page, self.config, documents, self.nav, self.env)
            else:
                file.copy_file()
        return True

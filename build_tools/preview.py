"""Preview: the outcome of the last preview build in, what `archive serve` answers page requests with out.

MkDocs' development server stalls every request after a build that raised, until a build
succeeds ("the server will appear stuck"), and the browser never learns why. The archive's
preview therefore never fails its build on a contributor's mistake: it keeps the pages of the
last good build on disk, records the problems here, and answers every page request with an
error page (file:line:col, message, the offending line) that carries MkDocs' live-reload script,
so the open page shows the errors at once and comes back by itself when the files are fixed.

It also keeps what MkDocs gathered in the last full build (`BuiltSite`), so that an edit that
adds or removes no page is shown by rendering only the pages it changed, through the same theme,
instead of MkDocs collecting every file and reading every page again.
"""

from __future__ import annotations

import html
import threading
from collections.abc import Callable, Iterable
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

from build_tools.annotate_endpoint import AnnotateEndpoint
from build_tools.diagnostics import Diagnostic, Severity
from build_tools.load import SourceLines

_StartResponse = Callable[..., Any]
_App = Callable[[dict[str, Any], _StartResponse], Iterable[bytes]]


@dataclass(slots=True)
class PreviewProblems:
    """The problems of the last preview build, shared between the build and the server's threads."""

    diagnostics: tuple[Diagnostic, ...] = ()
    """Every problem of the last build; empty when it succeeded."""
    root: Path | None = None
    """The repository the problems point into."""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, root: Path, diagnostics: Iterable[Diagnostic]) -> None:
        """The last build failed with these problems."""
        with self.lock:
            self.root = root
            self.diagnostics = tuple(diagnostics)

    def clear(self) -> None:
        """The last build succeeded."""
        with self.lock:
            self.diagnostics = ()

    def page(self) -> str | None:
        """The error page, or None when the last build succeeded."""
        with self.lock:
            diagnostics, root = self.diagnostics, self.root
        if not any(d.severity is Severity.ERROR for d in diagnostics) or root is None:
            return None
        return error_page(diagnostics, SourceLines(root))


PROBLEMS = PreviewProblems()
"""The one preview of this process (MkDocs makes a new plugin for every rebuild, the server stays)."""


_STYLE = """
body{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1a1a1a}
h1{font-size:1.5rem;color:#8b0000} ol{padding-left:1.5rem} li{margin:0 0 1rem}
code,pre{font-family:ui-monospace,monospace} .where{font-weight:600}
pre{background:#f4f4f4;padding:.4rem .6rem;overflow-x:auto;margin:.3rem 0 0}
.warning .severity{color:#7a5200} .error .severity{color:#8b0000}
"""


def error_page(diagnostics: Iterable[Diagnostic], source_lines: Callable[[Any], str | None]) -> str:
    """An HTML page listing every problem with the line it points at (everything escaped)."""
    items = list(diagnostics)
    errors = sum(1 for d in items if d.severity is Severity.ERROR)
    entries = []
    for diagnostic in items:
        line = source_lines(diagnostic.origin)
        excerpt = f"<pre>{html.escape(line)}</pre>" if line is not None and line.strip() else ""
        entries.append(
            f'<li class="{diagnostic.severity.value}"><span class="where">{html.escape(str(diagnostic.origin))}</span>: '
            f'<span class="severity">{diagnostic.severity.value}</span>: {html.escape(diagnostic.message)}{excerpt}</li>'
        )
    plural = "s" if errors != 1 else ""
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width,initial-scale=1">\n'
        f"<title>Preview: {errors} error{plural}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f'<main id="archive-preview-errors">\n<h1>The preview cannot be built: {errors} error{plural}</h1>\n'
        "<p>Fix the files below; this page turns back into the page you were reading as soon as they build.</p>\n"
        f"<ol>\n{''.join(entries)}\n</ol>\n</main>\n</body>\n</html>\n"
    )


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
        page = problems.page() if _is_page_request(environ) else None
        if page is None:
            return (
                serve(environ, start_response)
                if endpoint is None
                else _with_form(serve, endpoint, environ, start_response)
            )
        # The live-reload script makes the browser ask for the page again after the next build.
        content = server._inject_js_into_html(page.encode("utf-8"), server._visible_epoch)  # noqa: SLF001 - MkDocs' own injection keeps the reload protocol theirs
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

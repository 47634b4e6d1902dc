"""Preview: the outcome of the last preview build in, what `archive serve` answers page requests with out.

MkDocs' development server stalls every request after a build that raised, until a build
succeeds ("the server will appear stuck"), and the browser never learns why. The archive's
preview therefore never fails its build on a contributor's mistake: it keeps the pages of the
last good build on disk, records the problems here, and answers every page request with an
error page (file:line:col, message, the offending line) that carries MkDocs' live-reload script,
so the open page shows the errors at once and comes back by itself when the files are fixed.
"""

from __future__ import annotations

import html
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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


def install(server: Any, problems: PreviewProblems = PROBLEMS) -> None:
    """Make MkDocs' live-reload server answer page requests with the error page while there are errors."""
    serve: _App = server.serve_request

    def app(environ: dict[str, Any], start_response: _StartResponse) -> Iterable[bytes]:
        page = problems.page() if _is_page_request(environ) else None
        if page is None:
            return serve(environ, start_response)
        # The live-reload script makes the browser ask for the page again after the next build.
        content = server._inject_js_into_html(page.encode("utf-8"), server._visible_epoch)  # noqa: SLF001 - MkDocs' own injection keeps the reload protocol theirs
        start_response(
            "500 Internal Server Error",
            [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(content)))],
        )
        return [content]

    server.set_app(app)

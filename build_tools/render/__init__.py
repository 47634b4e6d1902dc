"""Render: the linked `Archive` in, Markdown pages out (source path to text); pure, writes nothing.

One module per kind of page (`article`, `entities`, `indexes`, `feeds`, `data`, `redirects`) and
the helpers they share (`context`: links between pages; `markup`: escaping, the one place where
untrusted text becomes markup; `highlight`, `charts`, `graph`, `compare`, `structured`). Which
pages exist and which renderer makes each is declared in `build_tools.pages`; writing the pages
to disk is the job of `build_tools.write`.
"""

from __future__ import annotations

HOME_MARKER = "<!-- archive:home-summary -->"
"""Where the hand-written home page receives the generated summary."""

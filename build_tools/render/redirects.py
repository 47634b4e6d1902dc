"""Redirect pages: the redirects of `redirects.yml` in, the small pages that forward readers out; pure.

A page at an address the site no longer publishes sends readers (and the fragment they asked for)
to where it went; claims that moved to another page keep their old fragments working.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping

from build_tools.diagnostics import Origin


def moved_fragments(redirects: Mapping[str, tuple[str, Origin]], page_url: str) -> dict[str, str]:
    """Claim fragments of `page_url` that now live on another page: `#claim-old` -> new site URL."""
    moves = {}
    for old, (new, _) in sorted(redirects.items()):
        old_page, _, old_fragment = old.partition("#")
        if old_fragment and old_page == page_url and new.partition("#")[0] != page_url:
            moves[f"#{old_fragment}"] = new
    return moves


def redirect_page(from_url: str, to_url: str, moves: Mapping[str, str] | None = None) -> str:
    """A static page at `from_url` that sends readers (and the fragment they asked for) to `to_url`.

    Fragments listed in `moves` (claims that went elsewhere) are sent to their own new address.
    """
    up = "../" * from_url.split("#", maxsplit=1)[0].strip("/").count("/") + "../"
    target = up + to_url
    relative_moves = {fragment: up + url for fragment, url in (moves or {}).items()}
    safe = html.escape(target, quote=True)
    script = (
        f"var moves = {_script_json(relative_moves)};"
        f" location.replace(moves[location.hash] || {_script_json(target)} + location.hash);"
    )
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Moved</title>\n'
        f'<link rel="canonical" href="{safe}">\n<meta http-equiv="refresh" content="0; url={safe}">\n'
        f"<script>{script}</script>\n</head>\n"
        f'<body>\n<p>This page has moved to <a href="{safe}">{safe}</a>.</p>\n</body>\n</html>\n'
    )


def _script_json(value: object) -> str:
    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def fragment_aliases(redirects: Mapping[str, tuple[str, Origin]], page_url: str) -> dict[str, list[str]]:
    """Old claim fragments of one page that now point to claims of the same page: new id -> old ids."""
    aliases: dict[str, list[str]] = {}
    for old, (new, _) in sorted(redirects.items()):
        old_page, _, old_fragment = old.partition("#")
        new_page, _, new_fragment = new.partition("#")
        if old_fragment and new_fragment and old_page == new_page == page_url:
            aliases.setdefault(new_fragment, []).append(old_fragment)
    return aliases

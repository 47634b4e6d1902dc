"""Every internal link of every page resolves, fetched through the local server as a reader's browser would.

The crawl (`tests/sitecheck.py`) starts at `/` and follows the site's own links (anchors, stylesheets,
scripts, images, SVG links); each target must answer 200, each `#fragment` must name an element of
the target page, and every page of the built site must be reachable from the home page.
"""

from __future__ import annotations

from pathlib import Path

from tests.sitecheck import crawl


def test_every_internal_link_resolves(server_url: str, seed_site: Path) -> None:
    found = crawl(server_url, seed_site)
    print(found.summary())
    assert len(found.pages) > 20, f"the crawl found only {len(found.pages)} pages"
    assert not found.broken, "broken internal links:\n  " + "\n  ".join(found.broken)
    assert not found.missing_fragments, "links to missing anchors:\n  " + "\n  ".join(found.missing_fragments)
    assert not found.orphans, "pages of the site that no link reaches from the home page:\n  " + "\n  ".join(
        found.orphans
    )

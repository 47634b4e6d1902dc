"""How much of each page type a reader must scroll, and how heavy it is: built sites side by side.

`python bench/pages.py SITE [SITE ...]` (or `make bench-pages`, which compares the site of the
merge base's seed with this checkout's) serves each built site on 127.0.0.1, opens one page of each
type of `tests.browsing.PAGE_TYPES` in Chromium at 1280 and 390 px, and prints per page type:

- `to text`: screens of scroll to the first line of what the page is for (an article's text; on
  other pages the first block after the page's heading), as the top of that block over the
  viewport height;
- `height`: the page's height in screens;
- `HTML`: bytes of the page's HTML file.

A page type a site does not have is shown as `-`. Nothing is asserted: the figures are for notes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.browsing import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PAGE_TYPES, PHONE
from tests.sitecheck import serve

FIRST_TEXT = """() => {
  const content = document.querySelector('.md-content__inner');
  const text = document.querySelector('.article-text p') ||
    (content && [...content.children].find(e => !/^H1$/.test(e.tagName) && e.getBoundingClientRect().height > 0
      && !e.matches('.md-content__button, a.md-content__button, nav, script, style, [hidden]')));
  const top = text ? text.getBoundingClientRect().top + window.scrollY : NaN;
  return {top, height: document.documentElement.scrollHeight, viewport: window.innerHeight};
}"""


def html_path(site: Path, url: str) -> Path:
    """The HTML file a site serves for a directory-style URL."""
    return site / url.strip("/") / "index.html" if url != "/" else site / "index.html"


def measure(sites: list[Path]) -> dict[tuple[str, str, int], tuple[float, float, int] | None]:
    """Per site, page type and width: screens to the text, screens of height, HTML bytes (None: no such page)."""
    figures: dict[tuple[str, str, int], tuple[float, float, int] | None] = {}
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for site in sites:
                with serve(site) as base:
                    for viewport in (DESKTOP, PHONE):
                        context = browser.new_context(viewport=viewport)
                        page = context.new_page()
                        for name, url in PAGE_TYPES.items():
                            path = html_path(site, url)
                            key = (str(site), name, viewport["width"])
                            if not path.is_file():
                                figures[key] = None
                                continue
                            page.goto(base + url, wait_until="load")
                            seen = page.evaluate(FIRST_TEXT)
                            figures[key] = (
                                seen["top"] / seen["viewport"],
                                seen["height"] / seen["viewport"],
                                path.stat().st_size,
                            )
                        context.close()
        finally:
            browser.close()
    return figures


def table(sites: list[Path], labels: list[str]) -> str:
    """The figures as a Markdown table, one row per page type and width."""
    figures = measure(sites)
    head = "| page type | width | " + " | ".join(f"{label}: to text / height / HTML" for label in labels) + " |"
    rows = [head, "|---|---|" + "---|" * len(sites)]
    for name in PAGE_TYPES:
        for viewport in (DESKTOP, PHONE):
            cells = []
            for site in sites:
                value = figures[(str(site), name, viewport["width"])]
                cells.append("-" if value is None else f"{value[0]:.2f} / {value[1]:.2f} / {value[2]:,} B")
            rows.append(f"| {name} | {viewport['width']} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sites", nargs="+", type=Path, help="built site folders (label=FOLDER to name one)")
    args = parser.parse_args()
    labels, sites = [], []
    for given in args.sites:
        label, _, folder = str(given).rpartition("=")
        sites.append(Path(folder))
        labels.append(label or folder)
    print(table(sites, labels))


if __name__ == "__main__":
    main()

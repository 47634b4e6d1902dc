"""Screenshots of the frozen seed's site for people to look at: every page type, desktop and phone, light and dark.

Not a test: nothing is compared. `make screenshots` (or `python -m tests.screenshots [--out DIR]`)
builds the seed as the `seed_site` fixture does (a checkout of `tests/fixtures/seed` with the
repository's site configuration, `mkdocs build --strict`), serves it on 127.0.0.1 and saves

- `<page type>-<width>-<light|dark>.png`: each page of `tests.browsing.PAGE_TYPES`, whole page,
  at 1280 and 390 px;
- `article-card-<width>-<light|dark>.png`: the RT article's viewport with a claim's card open,

into `test-results/screenshots/` (git-ignored). `--site DIR` takes an already built site instead.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from tests.browsing import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PAGE_TYPES, PHONE, RT, goto
from tests.conftest import REPO, mkdocs_build, seed_checkout
from tests.sitecheck import serve

OUT = REPO / "test-results" / "screenshots"
"""Where the screenshots go unless `--out` says otherwise."""
VIEWPORTS = (DESKTOP, PHONE)
SCHEMES = ("light", "dark")
CARD_CLAIM = "nothing-but-contempt"
"""A claim of the RT article whose card is shown open."""
MARKER = f'mark[data-claim="{CARD_CLAIM}"] .claim-pin :is(a, button)'
"""The claim's marker, whatever the page's layout around it."""
OPEN_CARD = '[role="tooltip"]:visible, [role="dialog"]:visible, .claim-card:visible'
"""A card as the page shows it open."""


def build_seed_site(workdir: Path) -> Path:
    """The frozen seed built with `mkdocs build --strict` in a checkout at `workdir`, as the `seed_site` fixture builds it."""
    seed_checkout(workdir)
    site = workdir / "site"
    try:
        mkdocs_build(workdir, site)
    except AssertionError as exc:
        raise SystemExit(f"mkdocs build --strict failed:\n{str(exc)[-4000:]}") from exc
    return site


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, driven by Playwright (`make browser-deps` installs it)."""
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def open_card(page: Page) -> bool:
    """Show the card of `CARD_CLAIM`: focus its marker (a card that opens on focus), else press it. Whether one opened."""
    marker = page.locator(MARKER).first
    marker.evaluate("el => { el.scrollIntoView({block: 'center'}); el.focus({preventScroll: true}); }")
    card = page.locator(OPEN_CARD).first
    try:
        card.wait_for(state="visible", timeout=1500)
    except PlaywrightError:
        marker.click()
        try:
            card.wait_for(state="visible", timeout=1500)
        except PlaywrightError:
            return False
    return True


def take(browser: Browser, base_url: str, out: Path) -> tuple[list[Path], list[str]]:
    """Every screenshot into `out`: the files written, and what could not be shown (a card that did not open)."""
    written: list[Path] = []
    problems = []
    for scheme in SCHEMES:
        for viewport in VIEWPORTS:
            context = browser.new_context(base_url=base_url, viewport=viewport, color_scheme=scheme)  # type: ignore[arg-type]
            context.set_default_timeout(15_000)
            page = context.new_page()
            width = viewport["width"]
            for name, path in PAGE_TYPES.items():
                goto(page, path)
                target = out / f"{name}-{width}-{scheme}.png"
                page.screenshot(path=str(target), full_page=True, animations="disabled")
                written.append(target)
                print(target)
            goto(page, f"/articles/{RT}/")
            if not open_card(page):
                problems.append(f"{width} px, {scheme}: the card of {CARD_CLAIM} did not open")
            target = out / f"article-card-{width}-{scheme}.png"
            page.screenshot(path=str(target), animations="disabled")
            written.append(target)
            print(target)
            context.close()
    return written, problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.screenshots", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help=f"folder for the PNG files (default: {OUT})")
    parser.add_argument("--site", type=Path, help="an already built seed site to photograph instead of building one")
    args = parser.parse_args(argv)
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="screenshots-") as work:
        site = args.site.resolve() if args.site else build_seed_site(Path(work) / "seed")
        with serve(site) as url, chromium() as browser:
            written, problems = take(browser, url, out)
    print(f"{len(written)} screenshots in {out}")
    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Annotating from the page: the preview's form writes claims through `archive claim`'s code; the site suggests YAML.

A real `archive serve` runs on a copy of the frozen seed (with a comment added to an annotation
file). Selecting words, filling the form and saving adds exactly the claim's lines to the file
(the comment kept), and the preview then shows the new highlight; the claim's card edits and
removes it. On the published site, "Suggest a claim" shows the YAML `archive claim add` would write.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Route

from build_tools.annotate import ClaimFields, add_claim
from build_tools.pipeline import run_pipeline
from tests.browsing import fixture_browser, previewing  # noqa: F401 - a fixture, found by pytest in this module's namespace
from tests.conftest import SEED, seed_checkout

TASS = "tass-2017-08-02-secret-graves"
TASS_YML = f"annotations/articles/{TASS}.yml"
ARTICLE = f"articles/{TASS}/"
COMMENT = "# Reviewed against the TASS page on 2017-08-03.\n"
REBUILT = 90_000
"""Milliseconds a preview rebuild may take on a machine whose cores are busy."""

SELECT = """([words, nth]) => {
  // Select the nth appearance of `words` in the article's text (claim numbers left out), as a reader's drag does.
  const blocks = [document.querySelector('h1.article-headline'), ...document.querySelectorAll('.article-text p')];
  const nodes = [];
  for (const block of blocks) {
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) if (!n.parentElement.closest('.claim-pin')) nodes.push(n);
  }
  const text = nodes.map(n => n.data).join('');
  let at = -1;
  for (let i = 0; i <= nth; i++) { at = text.indexOf(words, at + 1); if (at === -1) throw new Error('not found: ' + words); }
  const point = (offset, end) => {
    let seen = 0;
    for (const n of nodes) {
      if (end ? offset <= seen + n.data.length : offset < seen + n.data.length) return [n, offset - seen];
      seen += n.data.length;
    }
  };
  const [startNode, startOffset] = point(at, false);
  const [endNode, endOffset] = point(at + words.length, true);
  const range = document.createRange();
  range.setStart(startNode, startOffset);
  range.setEnd(endNode, endOffset);
  const selection = getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  document.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
}"""

pytestmark = pytest.mark.browser


@pytest.fixture(name="preview", scope="module")
def fixture_preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The seed previewed with `archive serve` on 127.0.0.1: (its root, the base URL of the site)."""
    root = seed_checkout(tmp_path_factory.mktemp("annotate") / "repo")
    path = root / TASS_YML
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("  - id: no-secret-graves\n", "  " + COMMENT + "  - id: no-secret-graves\n", 1), "utf-8"
    )
    with previewing(root) as url:
        yield root, url


@pytest.fixture(name="tab")
def fixture_tab(browser: Browser, preview: tuple[Path, str]) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(preview[1] + ARTICLE, wait_until="load")
    page.wait_for_function("() => window.ArchiveSelection && document.getElementById('archive-annotate-settings')")
    yield page
    context.close()
    assert errors == []


def changed_lines(before: str, after: str) -> list[str]:
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def selected(page: Page, words: str, nth: int = 0) -> None:
    page.evaluate(SELECT, [words, nth])


SHOWN_EPOCH = r"""() => {
  const script = [...document.scripts].map((s) => s.textContent).find((t) => t.includes("livereload("));
  const match = script && /livereload\((\d+),/.exec(script);
  return match ? match[1] : null;
}"""
"""The build of the site the open page comes from (MkDocs' live-reload script carries it)."""


def settled(page: Page) -> None:
    """Until the open page comes from the preview's newest build, so that no reload is on its way.

    One save can make the preview build more than once (the file watcher may see the writer's
    temporary file and its rename apart); a reload in the middle of the next step would take the
    dialog it is using away. MkDocs answers a page request only once every build it has started
    is done, so a page fetched now carries the newest build's number.
    """
    for _ in range(10):
        shown = page.evaluate(SHOWN_EPOCH)
        served = re.search(r"livereload\((\d+),", page.request.get(page.url).text())
        if shown is not None and served is not None and served.group(1) == shown:
            return
        page.wait_for_function(f"(old) => ({SHOWN_EPOCH})() !== old", arg=shown, timeout=REBUILT)
    pytest.fail("the preview kept rebuilding")


def wait_for_mark(page: Page, claim_id: str, *, present: bool = True) -> None:
    """Until the page (reloaded by the preview after its rebuild) shows, or no longer shows, the claim's words."""
    page.wait_for_function(
        "([id, present]) => !!document.querySelector('.article-text') && "
        "!!document.getElementById('archive-annotate-settings') && "
        "!!document.querySelector(`mark.claim#claim-${id}`) === present",
        arg=[claim_id, present],
        timeout=REBUILT,
    )
    settled(page)


def test_select_fill_save_edit_and_remove_a_claim(preview: tuple[Path, str], tab: Page) -> None:
    root, _ = preview
    path = root / TASS_YML
    original = path.read_text(encoding="utf-8")
    words = "the ministry’s spokesman"

    # Select, and the form opens with the words placed and the archive's choices.
    selected(tab, words)
    tab.get_by_role("button", name="New claim").click()
    form = tab.locator("dialog.aa-form")
    form.wait_for()
    assert form.locator("blockquote").inner_text() == words
    assert tab.evaluate("document.activeElement.id") == form.get_by_label(
        "Search speakers (names and aliases)"
    ).get_attribute("id")
    form.get_by_label("Search speakers (names and aliases)").fill("konashenkov")
    assert form.get_by_label("Speaker", exact=True).input_value() == "igor-konashenkov"
    form.get_by_label("Kind").select_option("assertion")
    form.get_by_label("Summary").fill("TASS names the ministry's spokesman.")
    form.get_by_label("Syria").check()
    form.get_by_role("button", name="Save").click()
    # The preview reloads the page as soon as it has rebuilt: the new highlight is what to wait for.
    wait_for_mark(tab, "ministrys-spokesman")

    after = path.read_text(encoding="utf-8")
    assert COMMENT in after
    # Only lines added (the claim and the blank line that separates claims in this file).
    assert [line for line in changed_lines(original, after) if line != "+"] == [
        "+  - id: ministrys-spokesman",
        "+    quote: the ministry’s spokesman",
        "+    speaker: igor-konashenkov",
        "+    cue: said",
        "+    kind: assertion",
        "+    summary: TASS names the ministry's spokesman.",
        "+    tags: [syria]",
    ]
    opcodes = difflib.SequenceMatcher(None, original.splitlines(), after.splitlines()).get_opcodes()
    assert {tag for tag, *_ in opcodes} == {"equal", "insert"}

    # Edit from the card: only the summary's line changes.
    tab.locator("mark#claim-ministrys-spokesman .claim-marker").click()
    card = tab.locator("#claim-card")
    card.get_by_role("button", name="Edit").click()
    form = tab.locator("dialog.aa-form")
    form.wait_for()
    assert form.get_by_label("Summary").input_value() == "TASS names the ministry's spokesman."
    form.get_by_label("Summary").fill("TASS names the ministry’s spokesman, Igor Konashenkov.")
    form.get_by_role("button", name="Save").click()
    tab.wait_for_function(
        "() => (document.getElementById('note-ministrys-spokesman') || {}).textContent?.includes('Igor Konashenkov.')",
        timeout=REBUILT,
    )
    settled(tab)
    edited = path.read_text(encoding="utf-8")
    assert changed_lines(after, edited) == [
        "-    summary: TASS names the ministry's spokesman.",
        "+    summary: TASS names the ministry’s spokesman, Igor Konashenkov.",
    ]

    # Remove from the card: the file is as it was.
    tab.locator("mark#claim-ministrys-spokesman .claim-marker").click()
    tab.locator("#claim-card").get_by_role("button", name="Remove").click()
    confirm = tab.locator("dialog.aa-confirm")
    confirm.get_by_role("button", name="Remove").click()
    wait_for_mark(tab, "ministrys-spokesman", present=False)
    assert path.read_text(encoding="utf-8") == original


def test_escape_closes_the_form_and_focus_returns(tab: Page) -> None:
    selected(tab, "Reuters report on the alleged Russian fatalities")
    new_claim = tab.get_by_role("button", name="New claim")
    new_claim.focus()
    new_claim.press("Enter")
    form = tab.locator("dialog.aa-form")
    form.wait_for()
    tab.keyboard.press("Escape")
    form.wait_for(state="detached")
    assert tab.evaluate("document.activeElement.classList.contains('suggest-claim-button')")


def test_a_conflict_is_shown_in_the_form_and_nothing_is_written(preview: tuple[Path, str], tab: Page) -> None:
    # Another tab saved since this form was opened (the endpoint's check is tested in test_annotate_endpoint.py);
    # a real second write would make the preview reload this page, so the request carries the old digest instead.
    root, _ = preview
    before = (root / TASS_YML).read_text(encoding="utf-8")

    def stale(route: Route) -> None:
        body = json.loads(route.request.post_data or "{}")
        route.continue_(post_data=json.dumps({**body, "digest": "0" * 64}))

    tab.route("**/__archive__/annotate/save", stale)
    selected(tab, "the ministry’s spokesman")
    tab.get_by_role("button", name="New claim").click()
    form = tab.locator("dialog.aa-form")
    form.wait_for()
    form.get_by_label("Summary").fill("x")
    form.get_by_role("button", name="Save").click()
    message = form.locator(".aa-message--error")
    message.wait_for()
    assert message.inner_text().startswith(f"{TASS_YML}: error: the file changed since it was read")
    assert (root / TASS_YML).read_text(encoding="utf-8") == before


def test_a_registered_speaker_id_is_refused_with_the_writer_s_message(tab: Page) -> None:
    selected(tab, "the ministry’s spokesman")
    tab.get_by_role("button", name="New claim").click()
    form = tab.locator("dialog.aa-form")
    form.wait_for()
    form.get_by_role("button", name="New speaker…").click()
    form.get_by_label("Name", exact=True).fill("Igor Konashenkov")
    form.get_by_role("button", name="Add to annotations/speakers.yml").click()
    message = form.locator(".aa-message--error")
    message.wait_for()
    assert message.inner_text() == (
        "annotations/speakers.yml: error: 'igor-konashenkov' is already registered; choose it, or another id"
    )


# --------------------------------------------------------------------------------------------
# Re-pointing a claim whose quote no longer anchors, from the preview's error page
# --------------------------------------------------------------------------------------------

SELECT_IN_REPOINT = """([claim, words]) => {
  // Select `words` in the article text the error page shows under claim `claim`'s error, as a reader's drag does.
  const box = document.querySelector(`section.repoint[data-claim="${claim}"] [data-repoint-text]`);
  for (const p of box.querySelectorAll('p')) {
    const at = p.textContent.indexOf(words);
    if (at === -1) continue;
    const range = document.createRange();
    range.setStart(p.firstChild, at);
    range.setEnd(p.firstChild, at + words.length);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    return;
  }
  throw new Error('not found: ' + words);
}"""

OLD_WORDS = "The Russian Defense Ministry is well aware who is behind this publication and who helped prepare it"
NEW_WORDS = OLD_WORDS.replace("well aware", "fully aware")


def test_a_claim_that_no_longer_anchors_is_re_pointed_from_the_error_page(browser: Browser, tmp_path: Path) -> None:
    root = seed_checkout(tmp_path / "repo")
    raw, path = root / "articles" / f"{TASS}.txt", root / TASS_YML
    original = path.read_text(encoding="utf-8")
    with previewing(root) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        try:
            page.goto(base + ARTICLE, wait_until="load")
            page.locator(".article-text").wait_for()
            # An edit of the raw text: the direct quote of `well-aware` no longer anchors.
            raw.write_text(raw.read_text(encoding="utf-8").replace("is well aware", "is fully aware"), "utf-8")
            section = page.locator('#archive-preview-errors section.repoint[data-claim="well-aware"]')
            point = section.get_by_role("button", name="Point claim well-aware here")
            point.wait_for(timeout=REBUILT)
            error = section.locator("xpath=..")  # the error's item, the section under its message
            assert error.inner_text().startswith(f"{TASS_YML}:103:12: error: direct quote differs from the article")
            assert section.locator("blockquote").inner_text() == OLD_WORDS
            assert NEW_WORDS in section.locator("[data-repoint-text]").inner_text()

            # Nothing selected yet, then words the writer refuses: its message, in place; nothing written.
            point.click()
            message = section.locator(".aa-message--error")
            message.wait_for()
            assert message.inner_text() == "Select the claim’s new words in the article’s text above first."

            def not_the_words(route: Route) -> None:
                body = json.loads(route.request.post_data or "{}")
                route.continue_(post_data=json.dumps({**body, "quote": "words the page never showed"}))

            page.route("**/__archive__/annotate/save", not_the_words)
            page.evaluate(SELECT_IN_REPOINT, ["well-aware", NEW_WORDS])
            assert section.locator(".aa-repoint-selected").inner_text() == f"Selected: “{NEW_WORDS}”"
            point.click()
            page.wait_for_function(
                "() => document.querySelector('section.repoint .aa-message--error')?.textContent.includes('not the quote given')"
            )
            assert message.inner_text().startswith(f"{TASS_YML}:103:12: error: the selection ")
            assert path.read_text(encoding="utf-8") == original
            page.unroute("**/__archive__/annotate/save")

            # The new words: the claim's quote line is rewritten, the preview rebuilds and the article returns.
            point.click()
            wait_for_mark(page, "well-aware")
            assert page.locator("#archive-preview-errors").count() == 0
            assert NEW_WORDS in page.locator("mark.claim#claim-well-aware").inner_text()
            assert changed_lines(original, path.read_text(encoding="utf-8")) == [
                f"-    quote: {OLD_WORDS}",
                f"+    quote: {NEW_WORDS}",
            ]
        finally:
            context.close()
    assert errors == []


# --------------------------------------------------------------------------------------------
# The published site: "Suggest a claim"
# --------------------------------------------------------------------------------------------

SUGGESTED = [
    ("Syria", 3),
    ("The Russian Defense Ministry thus commented on a Reuters report on the alleged Russian fatalities in Syria", 1),
    ("The Russian Defense Ministry thus commented", 0),
    ("the ministry’s spokesman", 0),
    ("Russian", 5),
    ("graves", 1),
]
"""(words, which appearance on the page): words that appear once and words that need a prefix or suffix."""


def writer_lines(root: Path, words: str, nth: int) -> str:
    """The lines `archive claim add --start --end --dry-run` adds for the words' nth appearance in the clean text."""
    text = run_pipeline(root).archive.articles[TASS].clean.text  # type: ignore[union-attr]
    start = -1
    for _ in range(nth + 1):
        start = text.index(words, start + 1)
    change = add_claim(root, TASS, (start, start + len(words)), ClaimFields(), dry_run=True, check=False)
    added = [line[1:] for line in changed_lines(change.old_text or "", change.new_text) if line.startswith("+")]
    return "\n".join(line for line in added if line.strip()) + "\n"


@pytest.mark.parametrize(("words", "nth"), SUGGESTED)
def test_suggest_a_claim_shows_the_yaml_the_writer_writes(
    page: Page, go: Callable[[Page, str], None], tmp_path: Path, words: str, nth: int
) -> None:
    root = seed_checkout(tmp_path / "repo")
    go(page, "/" + ARTICLE)
    # The headline counts as the article's text: the page marks it as the words of the scrape's headline line.
    page.wait_for_function("() => window.ArchiveSelection && window.ArchiveSelection.headlineIsText() === true")
    selected(page, words, nth)
    page.get_by_role("button", name="Suggest a claim").click()
    dialog = page.locator("dialog.suggest-claim")
    dialog.wait_for()
    assert dialog.locator("pre").inner_text() == writer_lines(root, words, nth)
    link = dialog.get_by_role("link", name=f"Open {TASS_YML} in the editor")
    assert link.get_attribute("href") == f"https://github.com/annotated-news-archive/archive/edit/main/{TASS_YML}"
    page.keyboard.press("Escape")
    dialog.wait_for(state="detached")


def test_the_published_site_has_no_annotate_form(seed_site: Path) -> None:
    published = [p for p in seed_site.rglob("*") if p.is_file()]
    assert not [p for p in published if p.name.startswith("annotate.")]
    pages = [p.read_text(encoding="utf-8") for p in published if p.suffix == ".html"]
    assert not [text for text in pages if "__archive__" in text or "archive-annotate-settings" in text]
    assert (seed_site / "assets" / "suggest.js").is_file()
    assert SEED.is_dir()

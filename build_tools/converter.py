"""One Markdown converter per build instead of one per page: what MkDocs' `Page.render` does, with the converter kept.

MkDocs makes a new `markdown.Markdown` for every page it renders, loading and configuring every
extension again: at benchmark size that is a third of its Markdown time (0.8 ms of a page's 2.7 ms
of conversion). Python-Markdown's instances are made to be reused (`Markdown.reset` clears what a
conversion leaves, extensions included), so `SharedConverter.render` converts every page with one
instance and registers MkDocs' four per-page processors on it before each page, as `Page.render`
registers them on a new one: the same HTML, table of contents, title and anchors. The plugin uses it
only where MkDocs' `Page.render` is the one this copies (`SharedConverter.applies`), so another
version of MkDocs (or ProperDocs) that renders differently keeps its own; `tests/test_speedups.py`
checks that the site is byte-identical either way.
"""

from __future__ import annotations

import hashlib
import inspect
import logging

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

COPIED_RENDER = "320529348f7a8af152073d0a"
"""The start of the SHA-256 of the source of the `Page.render` this module copies (MkDocs 1.6)."""


def _render_digest() -> str:
    try:
        source = inspect.getsource(Page.render)
    except (OSError, TypeError):
        return ""
    return hashlib.sha256(source.encode()).hexdigest()


class SharedConverter:
    """One Markdown converter for every page of a build, configured as MkDocs configures its per-page ones."""

    def __init__(self, config: MkDocsConfig) -> None:
        self.md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs or {})

    @staticmethod
    def applies() -> bool:
        """Whether MkDocs' `Page.render` is the one `render` copies (else MkDocs renders its pages itself)."""
        return _render_digest().startswith(COPIED_RENDER)

    def attach(self, page: Page) -> None:
        """Make `page.render` use this converter (an attribute of that page only)."""

        def render(config: MkDocsConfig, files: Files) -> None:
            self.render(page, config, files)

        page.render = render  # type: ignore[method-assign]  # the one page's own, shadowing the class's

    def render(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        """`Page.render` of MkDocs 1.6, line for line, with the kept converter reset instead of a new one made."""
        if page.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        md = self.md
        md.reset()
        raw_html_ext = mkdocs_pages._RawHTMLPreprocessor()  # noqa: SLF001 - MkDocs' own per-page processors
        raw_html_ext._register(md)  # noqa: SLF001
        extract_anchors_ext = mkdocs_pages._ExtractAnchorsTreeprocessor(page.file, files, config)  # noqa: SLF001
        extract_anchors_ext._register(md)  # noqa: SLF001
        relative_path_ext = mkdocs_pages._RelativePathTreeprocessor(page.file, files, config)  # noqa: SLF001
        relative_path_ext._register(md)  # noqa: SLF001
        extract_title_ext = mkdocs_pages._ExtractTitleTreeprocessor()  # noqa: SLF001
        extract_title_ext._register(md)  # noqa: SLF001

        page.content = md.convert(page.markdown)
        page.toc = get_toc(getattr(md, "toc_tokens", []))
        page._title_from_render = extract_title_ext.title  # noqa: SLF001
        page.present_anchor_ids = extract_anchors_ext.present_anchor_ids | raw_html_ext.present_anchor_ids
        if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = relative_path_ext.links_to_anchors

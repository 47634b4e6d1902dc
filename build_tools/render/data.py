"""The `/data/` page: the downloads in, a page describing each file, its licence and how to cite it out."""

from __future__ import annotations

from build_tools.export import DATA_LICENSE, TEXT_NOTICE, DataFile
from build_tools.render.context import PageContext
from build_tools.render.markup import text
from build_tools.write import FileContent


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{size / 1024:.1f} KB" if size >= 1024 else f"{size} bytes"


def _sizes(file: DataFile, published: FileContent) -> str:
    """The published file's size, and the text's for a compressed one."""
    size = len(published.encode("utf-8") if isinstance(published, str) else published)
    if not file.compressed:
        return _size(size)
    return f"{_size(size)} ({_size(len(file.content.encode('utf-8')))} unpacked)"


def render_data_page(page: PageContext, files: list[tuple[DataFile, FileContent]]) -> str:
    """Each download (with its published content) with its size and description, the licence, and a citation."""
    archive = page.archive
    rows = ["| File | Size | What it holds |", "|---|---|---|"]
    rows += [f"| [{f.path}]({f.path}) | {_sizes(f, published)} | {text(f.description)} |" for f, published in files]
    site = page.options.site_url or "the archive's address"
    return (
        "\n\n".join(
            [
                "# Data",
                (
                    f"The whole archive as open data: {len(archive.articles)} articles, {len(archive.claims)} claims and "
                    f"{len(archive.registries.speakers)} speakers. Every file is regenerated on each build from the same sources "
                    "as the site, so the downloads and the pages always agree."
                ),
                "## Downloads",
                "\n".join(rows),
                "## Formats",
                (
                    "- **Compressed downloads**: every file but `datapackage.json` is published gzip-compressed "
                    "(`.gz`), as the data package records (`compression`). `gunzip archive.json.gz` unpacks one; "
                    "most tools read them as they are (Python's `gzip.open`, `pandas.read_csv`, R's `read.csv`, "
                    "`zcat`, Frictionless).\n"
                    "- **archive.json** holds each article's clean text (`text`); claim positions (`start`, `end`) are offsets "
                    "into it in Unicode code points, the unit Python and most languages count in.\n"
                    "- **CSV files** are UTF-8, comma-separated, with a header row; lists (tags, aliases) are separated by "
                    "semicolons. Their columns and types are described in `datapackage.json`.\n"
                    "- **annotations.jsonld** follows the [W3C Web Annotation Data Model](https://www.w3.org/TR/annotation-model/): "
                    "each claim has a `TextQuoteSelector` (exact text with prefix and suffix) and a `TextPositionSelector` "
                    "(code points over the clean text); `archive:utf16` gives the same range in UTF-16 code units for JavaScript.\n"
                    "- **datapackage.json** is a [Frictionless data package](https://specs.frictionlessdata.io/data-package/) "
                    "describing every file, its fields and types."
                ),
                "## Licence",
                f"{text(TEXT_NOTICE)} The licence is recorded in the data package (`licenses`: {text(DATA_LICENSE['name'])}).",
                "## How to cite",
                "```text\nAnnotated News Archive (dataset). " + site + "data/\n```",
                "```bibtex\n@misc{annotated_news_archive,\n  title        = {Annotated News Archive},\n"
                "  howpublished = {\\url{"
                + site
                + "data/}},\n  note         = {Dataset: articles, claims and speakers}\n}\n```",
            ]
        )
        + "\n"
    )

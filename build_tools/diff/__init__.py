"""`archive diff`: the archive at a base commit and in the working tree in, what changed for a reader out.

`repository` is the only module that reads (git objects, files) or writes (the job summary); it
builds both sides with the current code. `compare` turns the two pipeline results into an
`ArchiveDiff` (`entries`) and `report` renders it as text or Markdown; both are pure.

What a reader sees: articles (title, outlet, date, text, claims), claims (the article's own words,
speaker, cue, kind, summary, rating, tags, place), relations, statements (`same-as` clusters) and
the site's URLs. Every URL the base publishes, a page or a redirect, must still be published or
be redirected by `redirects.yml`: one that would disappear is an error, so nothing the main
branch ever published is lost, even when `permalinks.txt` lags behind.
"""

from build_tools.diff.compare import compare
from build_tools.diff.entries import ArchiveDiff, Base, Tree
from build_tools.diff.report import diff_markdown, diff_text
from build_tools.diff.repository import DiffError, read_base, read_tree, write_job_summary

__all__ = [
    "ArchiveDiff",
    "Base",
    "DiffError",
    "Tree",
    "compare",
    "diff_markdown",
    "diff_text",
    "read_base",
    "read_tree",
    "write_job_summary",
]

"""The `archive` command: check, build and preview the archive from the repository root.

Every failure a contributor can cause ends in a compiler-style message and exit status 1, never a
traceback. `archive build` builds into a temporary folder and swaps it in only on success, so a
failed build keeps the previous `site/`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import shutil
import sys
import tempfile
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

from build_tools.diagnostics import (
    GITHUB_SUMMARY_BYTES,
    Diagnostic,
    Diagnostics,
    Origin,
    Severity,
    format_github,
    format_github_summary,
    format_json,
    format_text,
)
from build_tools.diff import DiffError, compare, diff_markdown, diff_text, read_base, read_tree, write_job_summary
from build_tools.formats import json_schemas
from build_tools.guide import GUIDE_PATH, GuideError, with_field_reference
from build_tools.intake import IntakeError, NewArticleOptions, plan_new_article
from build_tools.load import PERMALINKS_FILE, RawArticle, SourceLines, decode_text
from build_tools.parallel import WorkerLostError
from build_tools.permalinks import current_permalinks, updated_permalinks
from build_tools.pipeline import load_inputs, run_pipeline
from build_tools.webannotation import ImportedClaim, add_claims_to_file, import_annotations

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from build_tools.annotate import Change, ClaimFields, Selection
    from build_tools.pipeline import PipelineResult

FORMATTERS = {"text": format_text, "github": format_github, "json": format_json}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="archive", description="Build and check the annotated news archive.")
    parser.add_argument("--root", type=Path, default=Path(), help="repository root (default: current folder)")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="report every problem in articles and annotations")
    check.add_argument("--format", choices=sorted(FORMATTERS), default="text", help="output format")
    check.add_argument(
        "--suggest",
        nargs="*",
        metavar="ARTICLE",
        default=None,
        help="also print likely same-as and contradicts relations as notes (for the claims of these articles, "
        "or of every article); notes do not change the exit status",
    )
    build = commands.add_parser("build", help="generate the pages and build the site into site/")
    build.add_argument("--site-dir", type=Path, default=None, help="where to build (default: site/)")
    serve = commands.add_parser("serve", help="preview locally, rebuilding when articles or annotations change")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on")
    new = commands.add_parser("new", help="add a raw article and write its annotation stub")
    new.add_argument("raw_file", type=Path, help="the raw article, as scraped (UTF-8 text)")
    new.add_argument("--id", dest="article_id", default=None, help="article id to use instead of the generated one")
    new.add_argument("--title", default=None, help="the headline, instead of the detected one")
    new.add_argument(
        "--outlet", default=None, help="outlet id from annotations/outlets.yml, instead of the detected one"
    )
    new.add_argument("--published", default=None, help="publication date (YYYY-MM-DD), instead of the detected one")
    new.add_argument("--url", default=None, help="the original address: its host tells the outlet, its path the date")
    new.add_argument(
        "--force", action="store_true", help="write this article's stub again, if nobody changed it since `archive new`"
    )
    importer = commands.add_parser("import", help="import W3C Web Annotations (Hypothesis exports too) as claims")
    importer.add_argument("annotation_file", type=Path, help="a JSON or JSON-LD file of annotations, or its gzip")
    importer.add_argument("--dry-run", action="store_true", help="report what would be imported, write nothing")
    permalinks = commands.add_parser("permalinks", help="check or record the list of published URLs")
    permalinks.add_argument("--update", action="store_true", help="add the URLs published now to permalinks.txt")
    schema = commands.add_parser(
        "schema", help=f"write the JSON Schemas of the file formats and the field reference of {GUIDE_PATH}"
    )
    schema.add_argument(
        "--out",
        type=Path,
        default=None,
        help="folder to write the schemas to instead of schemas/ (the guide is left alone)",
    )
    schema.add_argument(
        "--check",
        action="store_true",
        help="fail if the committed schemas or the guide's field reference are out of date",
    )
    diff = commands.add_parser("diff", help="what the working tree changes for readers, against a git ref")
    diff.add_argument(
        "base_ref", metavar="BASE", help="git ref to compare with (its merge base with HEAD), e.g. origin/main"
    )
    diff.add_argument("--format", choices=("text", "markdown"), default="text", help="output format")
    diff.add_argument(
        "--summary",
        action="store_true",
        help="also append the Markdown to the GitHub job summary ($GITHUB_STEP_SUMMARY)",
    )
    _add_claim_commands(commands)
    return parser


def main(argv: list[str] | None = None) -> int:  # noqa: PLR0911 - one return per subcommand reads as the command table
    """Run the command line; return the exit status."""
    # Material prints a notice about MkDocs 2 on every build; it says nothing about this site.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    args = _parser().parse_args(argv)
    root: Path = args.root.resolve()
    if args.command == "check":
        return check(root, args.format, suggest=args.suggest)
    if args.command == "claim":
        return claim(root, args)
    if args.command == "build":
        return build(root, args.site_dir or root / "site")
    if args.command == "new":
        options = NewArticleOptions(args.article_id, args.title, args.outlet, args.published, args.url, args.force)
        return new_article(root, args.raw_file, options)
    if args.command == "import":
        return import_file(root, args.annotation_file, dry_run=args.dry_run)
    if args.command == "permalinks":
        return record_permalinks(root, update=args.update)
    if args.command == "schema":
        guide = None if args.out else root / GUIDE_PATH
        return write_schemas(args.out or root / "schemas", check_only=args.check, guide=guide)
    if args.command == "diff":
        return diff_archives(root, args.base_ref, args.format, summary=args.summary)
    return serve(root, args.dev_addr)


def check(root: Path, output_format: str, *, suggest: list[str] | None = None) -> int:
    """Print every problem, root causes first; 1 if any is an error.

    With `--format github`, every problem also goes to the job summary when GitHub Actions gives
    one (`GITHUB_STEP_SUMMARY`): annotations stop at GitHub's limit, the summary does not. With
    `suggest` (article ids, or empty for all), likely relations follow as notes (`print_suggestions`).
    """
    try:
        result = run_pipeline(root)
    except WorkerLostError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    diagnostics = result.diagnostics.sorted()
    if output_format == "github":
        summary = _write_job_summary(root, diagnostics)
        output = format_github(diagnostics, summary=summary)
    else:
        output = FORMATTERS[output_format](diagnostics)
    if output:
        print(output)
    if suggest is not None:
        print_suggestions(result, suggest, output_format)
    return 1 if any(d.severity is Severity.ERROR for d in diagnostics) else 0


def _write_job_summary(root: Path, diagnostics: list[Diagnostic]) -> bool:
    """Append every problem to the GitHub job summary, if there is one; whether it was written."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return False
    path = Path(target)
    # The limit is the step's whole summary: what earlier commands of the step wrote counts too.
    used = path.stat().st_size if path.is_file() else 0
    text = format_github_summary(diagnostics, SourceLines(root), limit=max(0, GITHUB_SUMMARY_BYTES - used))
    try:
        with path.open("a", encoding="utf-8") as summary:
            summary.write(text)
    except OSError:
        return False
    return True


def _mkdocs_config(root: Path, site_dir: Path) -> MkDocsConfig:
    from mkdocs.config import load_config

    return load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir), strict=True)


def build(root: Path, site_dir: Path) -> int:
    """Build the site into a fresh folder and swap it in only when the build succeeded."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import MkDocsException

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=site_dir.parent))
    try:
        mkdocs_build(_mkdocs_config(root, staging))
    except MkDocsException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"error: {exc}", file=sys.stderr)
        print("build failed; the previous site/ was kept", file=sys.stderr)
        return 1
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap(staging, site_dir)
    print(f"site built in {site_dir}")
    return 0


def _swap(staging: Path, site_dir: Path) -> None:
    # mkdtemp makes a private folder; the site is for a web server to read, like any build output.
    umask = os.umask(0)
    os.umask(umask)
    staging.chmod(0o777 & ~umask)
    old = site_dir.with_name(f".{site_dir.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(old)
    staging.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)


def serve(root: Path, dev_addr: str) -> int:
    """Preview the site; the plugin makes the server watch articles and annotations."""
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.exceptions import MkDocsException

    logging.basicConfig(level=logging.INFO, format="%(levelname)s: %(message)s")
    try:
        # Dirty builds: MkDocs rebuilds only the pages whose Markdown changed, and the archive
        # rewrites only the pages a change affects, so a preview follows an edit in seconds.
        mkdocs_serve(str(root / "mkdocs.yml"), dev_addr=dev_addr, livereload=True, build_type="dirty")
    except MkDocsException as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def new_article(root: Path, raw_file: Path, options: NewArticleOptions | None = None) -> int:
    """Copy a raw article into `articles/` under a proper id and write its annotation stub."""
    diagnostics = Diagnostics()
    if not raw_file.is_file():
        print(f"{raw_file}: error: no such file", file=sys.stderr)
        return 1
    data = raw_file.read_bytes()
    text = decode_text(str(raw_file), data, diagnostics)
    if text is None or not text.strip():
        if text is not None:
            diagnostics.error(Origin(str(raw_file)), "article file is empty")
        print(format_text(diagnostics.sorted()), file=sys.stderr)
        return 1
    # The archive's own problems are `archive check`'s to report: a new article is planned around them.
    inputs = load_inputs(root, Diagnostics())
    raw = RawArticle("new", str(raw_file), text, hashlib.sha256(data).hexdigest())
    try:
        plan = plan_new_article(root, inputs, raw, options or NewArticleOptions())
    except IntakeError as exc:
        print(f"{raw_file}: {exc}" if str(exc).startswith("error:") else str(exc), file=sys.stderr)
        return 1
    article_path, stub_path = root / plan.article_path, root / plan.stub_path
    article_path.parent.mkdir(parents=True, exist_ok=True)
    stub_path.parent.mkdir(parents=True, exist_ok=True)
    article_path.write_bytes(data)
    stub_path.write_text(plan.stub, encoding="utf-8")
    for path in plan.replaced:
        (root / path).unlink(missing_ok=True)
    if plan.replaced:
        print(f"replaced {' and '.join(plan.replaced)} (untouched since `archive new` wrote them)")
    claims, speakers = plan.suggestions.claims, plan.suggestions.new_speakers
    print(f"added {plan.article_path}")
    print(f"wrote {plan.stub_path} with {len(claims)} suggested claims and {len(speakers)} proposed new speakers")
    print("next: complete the annotations, then run `archive check` and `archive serve`")
    return 0


def write_schemas(folder: Path, *, check_only: bool, guide: Path | None = None) -> int:
    """Write (or with `check_only`, compare) the JSON Schema files generated from the formats.

    With `guide`, the contributor guide's field reference too (a checkout without the guide has
    nothing to write there).
    """
    generated = {
        folder / f"{name}.schema.json": json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
        for name, schema in json_schemas().items()
    }
    if guide is not None and guide.is_file():
        try:
            generated[guide] = with_field_reference(guide.read_text(encoding="utf-8"))
        except GuideError as exc:
            print(f"{guide}: error: {exc}")
            return 1
    stale = []
    for path, content in generated.items():
        if path.is_file() and path.read_text(encoding="utf-8") == content:
            continue
        stale.append(path)
        if not check_only:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
    for path in stale:
        print(f"{path}: {'out of date; run `archive schema`' if check_only else 'written'}")
    return 1 if check_only and stale else 0


def record_permalinks(root: Path, *, update: bool) -> int:
    """Check the published URLs; with `update`, add today's URLs to the permanent list."""
    result = run_pipeline(root)
    if result.archive is None:
        print(format_text(result.diagnostics.sorted()), file=sys.stderr)
        return 1
    current = current_permalinks(result.archive)
    new = sorted(current - {url for url, _ in result.published_urls})
    if update:
        (root / PERMALINKS_FILE).write_text(updated_permalinks(result.published_urls, current), encoding="utf-8")
        print(f"{PERMALINKS_FILE}: {len(new)} URLs added")
    else:
        print(f"{len(current)} URLs published, {len(new)} not yet in {PERMALINKS_FILE}")
    return 0


IMPORT_LIMIT = 1 << 30
"""The most an annotation file may unpack to (bytes): the 50,000-article benchmark's export is 0.7 GB."""


def _annotation_text(annotation_file: Path) -> str:
    """The file's text, unpacked first if it is gzip-compressed (as the archive's own download is)."""
    data = annotation_file.read_bytes()
    if data[:2] == b"\x1f\x8b":
        inflater = zlib.decompressobj(wbits=31)
        data = inflater.decompress(data, IMPORT_LIMIT + 1)
        if len(data) > IMPORT_LIMIT:
            raise ValueError(f"it unpacks to more than {IMPORT_LIMIT >> 20} MiB")
        if not inflater.eof:
            raise ValueError("the compressed file is cut short")
    return data.decode("utf-8")


def import_file(root: Path, annotation_file: Path, *, dry_run: bool) -> int:
    """Anchor the annotations of a W3C (or Hypothesis) export, plain or gzip-compressed, and add them as claims."""
    try:
        document = json.loads(_annotation_text(annotation_file))
    except (OSError, ValueError, zlib.error) as exc:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        print(f"{annotation_file}: error: cannot read annotations: {exc}", file=sys.stderr)
        return 1
    result = run_pipeline(root, permalinks=False, cache=not dry_run)
    if result.archive is None:
        print(format_text(result.diagnostics.sorted()), file=sys.stderr)
        return 1
    report = import_annotations(result.archive, document, str(annotation_file))
    by_article: dict[str, list[ImportedClaim]] = {}
    for claim in report.claims:
        by_article.setdefault(claim.article_id, []).append(claim)
    for article_id, claims in sorted(by_article.items()):
        path = root / "annotations" / "articles" / f"{article_id}.yml"
        verb = "would add" if dry_run else "added"
        if not dry_run:
            existing = path.read_text(encoding="utf-8") if path.is_file() else None
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(add_claims_to_file(existing, claims), encoding="utf-8")
        print(f"{path.relative_to(root)}: {verb} {len(claims)} claims")
    for line in report.skipped:
        print(f"skipped: {line}")
    for diagnostic in report.diagnostics.sorted():
        print(diagnostic)
    for line in report.unmatched:
        print(f"not imported: {line}")
    print(f"{len(report.claims)} imported, {len(report.skipped)} already present, {len(report.unmatched)} not matched")
    if report.claims and not dry_run:
        print("next: fill in speakers and summaries, then run `archive check`")
    return 0


def diff_archives(root: Path, base_ref: str, output_format: str, *, summary: bool) -> int:
    """Print what the working tree changes for readers, against its merge base with `base_ref`; 1 on errors.

    With `summary`, the Markdown form also goes to the GitHub job summary (`GITHUB_STEP_SUMMARY`),
    and the chosen form is still printed, for the log.
    """
    try:
        base, before = read_base(root, base_ref)
    except DiffError as exc:
        print(exc, file=sys.stderr)
        return 1
    diff = compare(base, before, read_tree(root))
    if summary:
        write_job_summary(diff_markdown(diff), f"archive diff {base_ref}")
    print(diff_markdown(diff) if output_format == "markdown" else diff_text(diff), end="")
    return diff.status


# --------------------------------------------------------------------------------------------
# Suggestions and `archive claim add|edit|remove`
# --------------------------------------------------------------------------------------------


def print_suggestions(result: PipelineResult, article_ids: list[str], output_format: str) -> None:
    """Likely relations as notes after the check's output: compiler style, GitHub notices, or on stderr for JSON.

    Notes are a section of their own (the diagnostics have no note severity): they suggest, they
    never fail a check.
    """
    from build_tools.suggestions import SuggestionIndex, suggestion_notes

    if result.archive is None:
        print("suggestions: none while the archive has errors", file=sys.stderr)
        return
    unknown = [a for a in article_ids if a not in result.archive.articles]
    for article_id in unknown:
        print(f"suggestions: error: no article '{article_id}'", file=sys.stderr)
    notes = suggestion_notes(SuggestionIndex(result.archive), article_ids)
    if output_format == "github":
        for note in notes:
            origin = note.origin
            print(f"::notice file={origin.path},line={origin.line},col={origin.column}::{note.message}")
        return
    lines = [str(note) for note in notes]
    lines.append(f"{len(notes)} suggestion{'s' if len(notes) != 1 else ''}")
    print("\n".join(lines), file=sys.stderr if output_format == "json" else sys.stdout)


def _add_claim_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from build_tools.annotate import UNSETTABLE

    claim_parser = commands.add_parser("claim", help="add, edit or remove one claim of an article's annotation file")
    actions = claim_parser.add_subparsers(dest="claim_action", required=True)
    add = actions.add_parser("add", help="add a claim: its words, the context that makes them unique, an id")
    add.add_argument("article_id", metavar="ARTICLE", help="the article's id")
    _selection_options(add)
    add.add_argument("--id", dest="claim_id", default=None, help="the claim's id (default: made from its words)")
    _field_options(add)
    add.add_argument("--no-suggest", action="store_true", help="do not look for likely relations of the new claim")
    _write_options(add)
    edit = actions.add_parser("edit", help="change fields of a claim, or re-point it to new words")
    edit.add_argument("article_id", metavar="ARTICLE", help="the article's id")
    edit.add_argument("claim_id", metavar="CLAIM-ID", help="the claim's id in that article")
    _selection_options(edit)
    _field_options(edit)
    edit.add_argument(
        "--unset", action="extend", nargs="+", default=[], choices=UNSETTABLE, metavar="FIELD", help="fields to remove"
    )
    _write_options(edit)
    remove = actions.add_parser("remove", help="remove a claim")
    remove.add_argument("article_id", metavar="ARTICLE", help="the article's id")
    remove.add_argument("claim_id", metavar="CLAIM-ID", help="the claim's id in that article")
    _write_options(remove)


def _selection_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--quote", default=None, help="the words, as the article reads (anchored as `check` does)")
    parser.add_argument("--start", type=int, default=None, help="start of the words in the clean text (code points)")
    parser.add_argument("--end", type=int, default=None, help="end of the words in the clean text (code points)")
    parser.add_argument("--prefix", default=None, help="text just before a quote that appears more than once")
    parser.add_argument("--suffix", default=None, help="text just after a quote that appears more than once")


def _field_options(parser: argparse.ArgumentParser) -> None:
    from build_tools.model import ClaimKind

    parser.add_argument("--speaker", default=None, help="speaker id from annotations/speakers.yml")
    parser.add_argument("--unnamed", default=None, metavar="DESCRIPTION", help="an unnamed source, as the text says")
    parser.add_argument("--affiliation", default=None, help="with --unnamed: the organization (a speaker id)")
    parser.add_argument("--cue", default=None, help="the attribution words in the text (said, stressed)")
    parser.add_argument("--kind", choices=[k.value for k in ClaimKind], default=None, help="how the claim is reported")
    parser.add_argument("--summary", default=None, help="one neutral sentence in the archive's voice")
    parser.add_argument("--tag", dest="tags", action="extend", nargs="+", default=None, help="tag ids")
    parser.add_argument(
        "--same-as", action="extend", nargs="+", default=[], metavar="REF", help="<article-id>#<claim-id>"
    )
    parser.add_argument(
        "--contradicts", action="extend", nargs="+", default=[], metavar="REF", help="<article-id>#<claim-id>"
    )


def _write_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--digest", default=None, help="SHA-256 of the file as last read: refuse if it changed since ('absent': none)"
    )
    parser.add_argument("--dry-run", action="store_true", help="print the change, write nothing")


class _UsageError(Exception):
    """Options that do not go together."""


def claim(root: Path, args: argparse.Namespace) -> int:
    """`archive claim add|edit|remove`: write one claim, print the file's diff and the check's problems with it."""
    from build_tools.annotate import AnnotateError

    try:
        change = _claim_change(root, args)
    except _UsageError as exc:
        print(f"archive claim {args.claim_action}: error: {exc}", file=sys.stderr)
        return 2
    except AnnotateError as exc:
        print(exc, file=sys.stderr)
        return 1
    status = _print_change(change, args.claim_action, dry_run=args.dry_run)
    if args.claim_action == "add" and change.written and not args.no_suggest:
        _print_new_claim_suggestions(change)
    return status


def _claim_change(root: Path, args: argparse.Namespace) -> Change:
    from build_tools.annotate import ClaimEdit, add_claim, edit_claim, remove_claim

    if args.claim_action == "remove":
        return remove_claim(root, args.article_id, args.claim_id, args.digest, dry_run=args.dry_run)
    selection = _claim_selection(args)
    fields = _claim_fields(args)
    if args.claim_action == "edit":
        edit = ClaimEdit(fields, frozenset(args.unset), selection)
        return edit_claim(root, args.article_id, args.claim_id, edit, args.digest, dry_run=args.dry_run)
    if selection is None:
        raise _UsageError("give the claim's words: --quote TEXT, or --start N --end N")
    return add_claim(root, args.article_id, selection, fields, args.digest, dry_run=args.dry_run)


def _claim_selection(args: argparse.Namespace) -> Selection | None:
    from build_tools.annotate import Selection
    from build_tools.model import Span

    if (args.start is None) != (args.end is None):
        raise _UsageError("--start and --end go together")
    if args.quote is None and args.start is None:
        if args.prefix is not None or args.suffix is not None:
            raise _UsageError("--prefix and --suffix choose where a --quote is; give the --quote")
        return None
    span = Span(args.start, args.end) if args.start is not None else None
    return Selection(args.quote, span, args.prefix, args.suffix)


def _claim_fields(args: argparse.Namespace) -> ClaimFields:
    from build_tools.annotate import ClaimFields
    from build_tools.model import UnnamedSpeaker

    if args.unnamed is not None and args.speaker is not None:
        raise _UsageError("a claim has one speaker: --speaker ID or --unnamed DESCRIPTION")
    if args.affiliation is not None and args.unnamed is None:
        raise _UsageError("--affiliation goes with --unnamed")
    speaker = UnnamedSpeaker(args.unnamed, args.affiliation) if args.unnamed is not None else args.speaker
    relations = tuple(("same-as", ref) for ref in args.same_as) + tuple(
        ("contradicts", ref) for ref in args.contradicts
    )
    return ClaimFields(
        speaker=speaker,
        cue=args.cue,
        kind=args.kind,
        summary=args.summary,
        tags=tuple(args.tags) if args.tags is not None else None,
        relations=relations,
        claim_id=getattr(args, "claim_id", None) if args.claim_action == "add" else None,
    )


def _print_change(change: Change, action: str, *, dry_run: bool) -> int:
    if change.diff:
        print(change.diff, end="")
    done = {"add": "added", "edit": "edited", "remove": "removed"}[action]
    if change.written:
        print(f"{change.path}: {done} claim '{change.claim_id}' (file digest {change.digest})")
    elif change.diagnostics:
        print(f"{change.path}: nothing written")
    elif dry_run and change.diff:
        print(f"{change.path}: would have {done} claim '{change.claim_id}' (dry run, nothing written)")
    else:
        print(f"{change.path}: nothing to change")
    if change.diagnostics or change.written:
        print(format_text(list(change.diagnostics)))
    return 0 if change.ok else 1


def _print_new_claim_suggestions(change: Change) -> None:
    from build_tools.model import ClaimRef
    from build_tools.suggestions import SuggestionIndex, note_for

    archive = change.archive
    ref = ClaimRef(change.path.rsplit("/", 1)[-1].removesuffix(".yml"), change.claim_id)
    if archive is None or ref not in archive.claims:
        return
    found = SuggestionIndex(archive).for_claim(ref, k=3)
    for suggestion in (*found.same_as, *found.contradicts):
        if suggestion.confident:
            print(note_for(archive, ref, suggestion))

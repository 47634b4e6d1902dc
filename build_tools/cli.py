"""The `archive` command: check, build and preview the archive from the repository root.

Every failure a contributor can cause ends in a compiler-style message and exit status 1, never a
traceback. `archive build` builds into a temporary folder and swaps it in only on success, so a
failed build keeps the previous `site/`.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
import tempfile
from pathlib import Path

from build_tools.diagnostics import Severity, format_github, format_json, format_text
from build_tools.pipeline import run_pipeline

FORMATTERS = {"text": format_text, "github": format_github, "json": format_json}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="archive", description="Build and check the annotated news archive.")
    parser.add_argument("--root", type=Path, default=Path(), help="repository root (default: current folder)")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="report every problem in articles and annotations")
    check.add_argument("--format", choices=sorted(FORMATTERS), default="text", help="output format")
    build = commands.add_parser("build", help="generate the pages and build the site into site/")
    build.add_argument("--site-dir", type=Path, default=None, help="where to build (default: site/)")
    serve = commands.add_parser("serve", help="preview locally, rebuilding when articles or annotations change")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    root: Path = args.root.resolve()
    if args.command == "check":
        return check(root, args.format)
    if args.command == "build":
        return build(root, args.site_dir or root / "site")
    return serve(root, args.dev_addr)


def check(root: Path, output_format: str) -> int:
    """Print every problem; 1 if any is an error."""
    result = run_pipeline(root)
    diagnostics = result.diagnostics.sorted()
    output = FORMATTERS[output_format](diagnostics)
    if output:
        print(output)
    return 1 if any(d.severity is Severity.ERROR for d in diagnostics) else 0


def _mkdocs_config(root: Path, **overrides: object) -> object:
    from mkdocs.config import load_config

    return load_config(str(root / "mkdocs.yml"), **overrides)


def build(root: Path, site_dir: Path) -> int:
    """Build the site into a fresh folder and swap it in only when the build succeeded."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import MkDocsException

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=site_dir.parent))
    try:
        config = _mkdocs_config(root, site_dir=str(staging), strict=True)
        mkdocs_build(config)  # type: ignore[arg-type]
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
        mkdocs_serve(str(root / "mkdocs.yml"), dev_addr=dev_addr, livereload=True)
    except MkDocsException as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0

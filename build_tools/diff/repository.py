"""Repository: git objects and files in, the two trees to compare out; the only part of `archive diff` that reads.

The base is the merge base of a ref and HEAD: its content (`articles/`, `annotations/`,
`permalinks.txt`, `redirects.yml`) is taken out of git with `git archive` into a temporary folder,
and built with the current code, as the working tree is. Also appends the Markdown report to
GitHub's job summary.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import tempfile
from pathlib import Path

from build_tools.diagnostics import GITHUB_SUMMARY_BYTES
from build_tools.diff.entries import Base, Tree
from build_tools.diff.report import clip_markdown
from build_tools.load import PERMALINKS_FILE, REDIRECTS_FILE
from build_tools.pipeline import run_pipeline

CONTENT = ("articles", "annotations", PERMALINKS_FILE, REDIRECTS_FILE)
"""What the archive is made of: the paths compared, relative to the repository root."""


class DiffError(Exception):
    """The base cannot be read out of git; the message is ready to print."""


def read_base(root: Path, ref: str) -> tuple[Base, Tree]:
    """The content of the merge base of `ref` and HEAD, built with the current code.

    Raises:
        DiffError: when git cannot find or extract it.

    """
    commit = merge_base(root, ref)
    with tempfile.TemporaryDirectory(prefix="archive-diff-") as folder:
        # The archive may live in a folder of the repository: its paths in git start with that folder.
        prefix = _git(root, "rev-parse", "--show-prefix").strip()
        _extract(Path(_git(root, "rev-parse", "--show-toplevel").strip()), commit, prefix, Path(folder))
        return Base(ref, commit), read_tree(Path(folder) / prefix)


def read_tree(root: Path) -> Tree:
    """What the pipeline makes of a folder's content, with a digest of each content file.

    Published URLs are checked by `compare`, against what the base publishes, rather than by the
    pipeline against `permalinks.txt`: a change that removes a recorded URL still gets its diff.
    """
    result = run_pipeline(root, permalinks=False, cache=False)
    recorded = frozenset(url for url, _ in result.published_urls)
    return Tree(result, content_files(root), recorded)


def content_files(root: Path) -> dict[str, str]:
    """Every content file under `root` and a digest of its bytes (of its target, for a link)."""
    files = {}
    for name in CONTENT:
        for path in _walk(root / name):
            relative = path.relative_to(root).as_posix()
            data = str(path.readlink()).encode() if path.is_symlink() else path.read_bytes()
            files[relative] = hashlib.sha256(data).hexdigest()
    return dict(sorted(files.items()))


def _walk(path: Path) -> list[Path]:
    """The files at or under `path`, not following links."""
    if path.is_symlink() or path.is_file():
        return [path]
    found = []
    for folder, _, names in os.walk(path):
        found += [Path(folder) / name for name in names]
    return found


def merge_base(root: Path, ref: str) -> str:
    """The commit where `ref` and HEAD meet.

    Raises:
        DiffError: when `ref` is not a commit here, or has no history in common with HEAD.

    """
    if not ref or ref.startswith("-"):
        raise DiffError(f"error: '{ref}' is not a git ref")
    try:
        _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except _GitMissingError:
        raise
    except DiffError as exc:
        raise DiffError(f"error: unknown git ref '{ref}'" + (f" ({exc})" if str(exc) else "")) from None
    try:
        return _git(root, "merge-base", ref, "HEAD").strip()
    except DiffError:
        raise DiffError(
            f"error: '{ref}' and HEAD have no commit in common here (a shallow clone? check out with fetch-depth: 0)"
        ) from None


def _extract(top: Path, commit: str, prefix: str, folder: Path) -> None:
    """Write the content of `commit` under `prefix` into `folder` (paths it does not have are simply absent)."""
    paths = [prefix + name for name in CONTENT]
    try:
        listing = _git(top, "ls-tree", "--name-only", "-z", commit, "--", *paths)
    except DiffError as exc:
        raise DiffError(f"error: cannot list the content of {commit[:12]} ({exc})") from None
    names = sorted(name for name in listing.split("\0") if name)
    if not names:
        return
    command = ["git", "-C", str(top), "archive", "--format=tar", commit, "--", *names]
    try:
        with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as archive:  # noqa: S603 - no shell; the ref was resolved to a commit
            untar = subprocess.run(  # noqa: S603 - no shell
                ["tar", "-x", "-C", str(folder)],  # noqa: S607 - the system's tar, as git itself expects
                stdin=archive.stdout,
                capture_output=True,
                check=False,
            )
            _, errors = archive.communicate()
    except OSError as exc:
        raise DiffError(f"error: cannot extract {commit[:12]}'s content: {exc}") from exc
    if archive.returncode or untar.returncode:
        message = (errors or untar.stderr).decode(errors="replace").strip()
        raise DiffError(f"error: cannot extract {commit[:12]}'s content: {message}")


class _GitMissingError(DiffError):
    """Git cannot be run at all."""


def _git(root: Path, *args: str) -> str:
    """Git's output; a failure raises DiffError with git's last line of complaint (if it made one)."""
    try:
        done = subprocess.run(  # noqa: S603 - no shell
            ["git", "-C", str(root), *args],  # noqa: S607 - git from PATH, like a contributor runs it
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError as exc:
        raise _GitMissingError(f"error: cannot run git: {exc}") from exc
    if done.returncode != 0:
        complaint = done.stderr.strip().splitlines()
        raise DiffError(complaint[-1] if complaint else "")
    return done.stdout


def write_job_summary(markdown: str, rerun: str) -> bool:
    """Append the Markdown to the GitHub job summary, if there is one, within its 1 MiB; whether it was written."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return False
    path = Path(target)
    # The limit is the step's whole summary: what earlier commands of the step wrote counts too.
    used = path.stat().st_size if path.is_file() else 0
    try:
        with path.open("a", encoding="utf-8") as summary:
            summary.write(clip_markdown(markdown, max(0, GITHUB_SUMMARY_BYTES - used), rerun))
    except OSError:
        return False
    return True

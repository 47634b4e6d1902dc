"""The contributor guide: its worked example run as written, its field reference current, its commands real.

`docs/contributing.md` marks the blocks of its worked example with an HTML comment on the line
before the fence, which neither GitHub nor the site shows:

- `<!-- example: append PATH -->` or `write PATH`: add the block to the end of the file (after a
  blank line), or make it the file;
- `edit PATH`, on a diff block: its `-` lines (found once in the file) become its `+` lines;
- `try PATH`, on a diff block: the same edit for one `archive check`, then undone;
- `run`, on a sh block: one `.venv/bin/archive ...` command a line;
- `output` or `output exit=N`: what the `run` or `try` before it prints (stdout, then stderr), and
  the exit status of its last command (0 unless given);
- `expect PATH`: the file as it is at that point;
- `excerpt PATH`: lines found as they are in that file of the repository.

The example runs in order on a checkout of the frozen seed whose content is committed to git as
`origin/main`, and every output is compared exactly.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml

from build_tools import cli
from build_tools.formats import json_schemas
from build_tools.guide import REFERENCE_END, REFERENCE_START, field_reference_markdown, with_field_reference
from build_tools.load import MAX_ARTICLE_BYTES, MAX_YAML_BYTES, MAX_YAML_DEPTH
from build_tools.schema import MAX_TEXT
from tests.conftest import REPO, seed_checkout
from tests.htmltree import parse

GUIDE = REPO / "docs" / "contributing.md"
ARCHIVE = ".venv/bin/archive"
_DIRECTIVE = re.compile(r"<!-- example: (?P<kind>[a-z]+)(?: (?P<arg>\S.*?))? -->")
_FENCE = re.compile(r"(?P<fence>`{3,})(?P<lang>[\w-]*)\s*")
_GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Seed",
    "GIT_AUTHOR_EMAIL": "seed@example.org",
    "GIT_AUTHOR_DATE": "2017-08-02T12:00:00+00:00",
    "GIT_COMMITTER_NAME": "Seed",
    "GIT_COMMITTER_EMAIL": "seed@example.org",
    "GIT_COMMITTER_DATE": "2017-08-02T12:00:00+00:00",
}


@dataclass(frozen=True, slots=True)
class Block:
    """A fenced block of the guide and the example directive before it."""

    kind: str
    """What the test does with it: append, write, edit, try, run, output, expect, excerpt."""
    arg: str
    """The directive's argument: a repository-relative path, or `exit=N` for an output."""
    lang: str
    """The fence's language (sh, yaml, diff, text)."""
    text: str
    """The block's content, each line ending with a newline."""
    line: int
    """The directive's line in the guide, for messages."""


def example_blocks(guide: str) -> list[Block]:
    """The marked blocks of the guide, in order."""
    lines = guide.split("\n")
    blocks = []
    for number, line in enumerate(lines):
        directive = _DIRECTIVE.fullmatch(line)
        if directive is None:
            continue
        opening = _FENCE.fullmatch(lines[number + 1])
        assert opening is not None, f"docs/contributing.md:{number + 1}: an example directive needs a fence right after"
        closing = lines.index(opening.group("fence"), number + 2)
        body = "".join(f"{text}\n" for text in lines[number + 2 : closing])
        blocks.append(Block(directive["kind"], directive["arg"] or "", opening["lang"], body, number + 1))
    return blocks


def fenced_blocks(guide: str) -> list[tuple[str, str]]:
    """Every fenced block of the guide: (language, content)."""
    found = []
    lines = guide.split("\n")
    number = 0
    while number < len(lines):
        opening = _FENCE.fullmatch(lines[number])
        if opening is None:
            number += 1
            continue
        closing = lines.index(opening.group("fence"), number + 1)
        found.append((opening["lang"], "".join(f"{text}\n" for text in lines[number + 1 : closing])))
        number = closing + 1
    return found


def _git(root: Path, *args: str) -> None:
    environment = {**os.environ, **_GIT_IDENTITY}
    subprocess.run(
        ["git", "-c", "commit.gpgsign=false", *args], cwd=root, env=environment, check=True, capture_output=True
    )


def example_checkout(root: Path) -> Path:
    """The seed checkout the example starts from: its content committed as `origin/main`, the corpus article at hand."""
    seed_checkout(root)
    corpus = Path("tests/corpus/voa-2016-05-north-korea-expels-bbc-journalists.txt")
    (root / corpus).parent.mkdir(parents=True)
    shutil.copy(REPO / corpus, root / corpus)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "articles", "annotations", "permalinks.txt")
    _git(root, "commit", "-q", "-m", "The seed")
    _git(root, "update-ref", "refs/remotes/origin/main", "HEAD")
    return root


def run_archive(root: Path, command: str) -> tuple[int, str]:
    """Run one `.venv/bin/archive ...` line of the guide in `root`: its exit status and output."""
    argv = shlex.split(command)
    assert argv[0] == ARCHIVE, f"the example runs only {ARCHIVE} commands, not {command!r}"
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    done = subprocess.run(
        [sys.executable, "-m", "build_tools", *argv[1:]],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr


def apply_diff(text: str, diff: str, where: str) -> str:
    """The text with the diff's `-` and context lines replaced by its `+` and context lines."""
    lines = diff.splitlines(keepends=True)
    before = "".join(line[1:] for line in lines if line.startswith(("-", " ")))
    after = "".join(line[1:] for line in lines if line.startswith(("+", " ")))
    assert text.count(before) == 1, f"{where}: the lines to change must be in the file exactly once:\n{before}"
    return text.replace(before, after)


class ExampleRun:
    """The guide's example as it runs: the checkout, and the output the next `output` block shows."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.pending: tuple[int, str] | None = None

    def step(self, block: Block) -> None:
        """Do what one block says, or compare what it shows."""
        where = f"docs/contributing.md:{block.line}"
        path = self.root / block.arg if block.kind not in {"run", "output"} else self.root
        if block.kind == "append":
            path.write_text(path.read_text(encoding="utf-8") + "\n" + block.text, encoding="utf-8")
        elif block.kind == "write":
            path.write_text(block.text, encoding="utf-8")
        elif block.kind == "edit":
            path.write_text(apply_diff(path.read_text(encoding="utf-8"), block.text, where), encoding="utf-8")
        elif block.kind in {"try", "run"} and self.pending is not None:
            pytest.fail(f"{where}: the output of the run or try before this one is not shown")
        elif block.kind == "try":
            saved = path.read_text(encoding="utf-8")
            path.write_text(apply_diff(saved, block.text, where), encoding="utf-8")
            self.pending = run_archive(self.root, f"{ARCHIVE} check")
            path.write_text(saved, encoding="utf-8")
        elif block.kind == "run":
            self.pending = self._run(block.text, where)
        elif block.kind == "output":
            self._compare(block, where)
        elif block.kind == "expect":
            assert path.read_text(encoding="utf-8") == block.text, f"{where}: {block.arg} is not as the guide shows"
        elif block.kind == "excerpt":
            assert block.text in (REPO / block.arg).read_text(encoding="utf-8"), f"{where}: not in {block.arg}"
        else:
            pytest.fail(f"{where}: unknown example directive {block.kind!r}")

    def _run(self, commands: str, where: str) -> tuple[int, str]:
        status, output = 0, ""
        for command in commands.splitlines():
            assert status == 0, f"{where}: a command before the last one failed:\n{output}"
            status, printed = run_archive(self.root, command)
            output += printed
        return status, output

    def _compare(self, block: Block, where: str) -> None:
        assert self.pending is not None, f"{where}: an output block needs a run or try block before it"
        status, output = self.pending
        self.pending = None
        expected_status = int(block.arg.removeprefix("exit=")) if block.arg else 0
        assert output == block.text, f"{where}: the guide shows other output than the command prints:\n{output}"
        assert status == expected_status, f"{where}: exit status {status}, the guide says {expected_status}"


@pytest.mark.slow
def test_the_worked_example_runs_as_the_guide_shows(tmp_path: Path) -> None:
    blocks = example_blocks(GUIDE.read_text(encoding="utf-8"))
    assert {b.kind for b in blocks} >= {"append", "write", "edit", "try", "run", "output", "expect"}
    example = ExampleRun(example_checkout(tmp_path / "archive"))
    for block in blocks:
        example.step(block)
    assert example.pending is None, "the last run's output is not shown in the guide"


def test_the_example_shows_one_mistake_and_then_a_check_without_errors() -> None:
    blocks = example_blocks(GUIDE.read_text(encoding="utf-8"))
    checks = [i for i, b in enumerate(blocks) if b.kind == "run" and b.text == f"{ARCHIVE} check\n"]
    first, second = (blocks[i + 1] for i in checks[:2])
    assert first.arg == "exit=1"
    assert first.text.count(": error: ") == 1
    assert " 0 errors" in f" {second.text.splitlines()[-1]}"


def test_the_field_reference_in_the_guide_is_current() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    assert with_field_reference(guide) == guide, (
        "docs/contributing.md: field reference out of date: run `archive schema`"
    )


def test_archive_schema_writes_the_field_reference_and_check_fails_when_it_is_stale(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    guide = tmp_path / "docs" / "contributing.md"
    guide.parent.mkdir()
    guide.write_text(f"# Guide\n\n{REFERENCE_START}\nold\n{REFERENCE_END}\n\nAfter.\n", encoding="utf-8")
    assert cli.main(["--root", str(tmp_path), "schema", "--check"]) == 1
    assert f"{guide}: out of date; run `archive schema`\n" in capsys.readouterr().out
    assert cli.main(["--root", str(tmp_path), "schema"]) == 0
    assert f"{guide}: written\n" in capsys.readouterr().out
    text = guide.read_text(encoding="utf-8")
    assert text.startswith(f"# Guide\n\n{REFERENCE_START}\n")
    assert text.endswith(f"{field_reference_markdown()}\n\n{REFERENCE_END}\n\nAfter.\n")
    assert cli.main(["--root", str(tmp_path), "schema", "--check"]) == 0
    assert capsys.readouterr().out == ""


def test_archive_schema_says_where_the_field_reference_goes_when_the_markers_are_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    guide = tmp_path / "docs" / "contributing.md"
    guide.parent.mkdir()
    guide.write_text("# Guide\n\n<!-- archive:field-reference -->\n", encoding="utf-8")
    assert cli.main(["--root", str(tmp_path), "schema"]) == 1
    assert capsys.readouterr().out == (
        f"{guide}: error: expected one line {REFERENCE_START} and, after it, one line {REFERENCE_END} "
        "(found 0 and 0): the field reference goes between them\n"
    )
    assert guide.read_text(encoding="utf-8") == "# Guide\n\n<!-- archive:field-reference -->\n"


HTML_OF_MARKDOWN = {"h1", "h2", "h3", "h4", "p", "a", "code", "pre", "strong", "em", "ul", "ol", "li"}
HTML_OF_MARKDOWN |= {"table", "thead", "tbody", "tr", "th", "td"}


def test_no_placeholder_of_the_guide_is_taken_for_an_html_tag() -> None:
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    extensions = [next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"]]
    # MkDocs adds these to every site's extensions.
    converter = markdown.Markdown(extensions=[*extensions, "fenced_code", "toc", "tables"])
    tree = parse(converter.convert(GUIDE.read_text(encoding="utf-8")))
    tags = {node.tag for node in tree.iter()} - {"#document"}
    assert tags <= HTML_OF_MARKDOWN, tags - HTML_OF_MARKDOWN
    text = tree.text()
    assert "Annotation file (annotations/articles/<article-id>.yml)" in text
    assert "articles/<article-id>.txt" in text


def _commands(guide: str, program: str) -> list[str]:
    """Every `program ...` the guide mentions, in code spans and in sh blocks."""
    spans = re.findall(r"(?<!`)`([^`\n]+)`(?!`)", re.sub(r"```.*?```", "", guide, flags=re.DOTALL))
    lines = [line for lang, text in fenced_blocks(guide) if lang == "sh" for line in text.splitlines()]
    commands = [text.split("#", 1)[0].strip().removeprefix(".venv/bin/") for text in [*spans, *lines]]
    # `archive ...` says how to type any command; it is not one.
    return [c for c in commands if f"{c} ".startswith(f"{program} ") and not c.endswith(" ...")]


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in cli._parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_every_archive_command_and_option_in_the_guide_is_real() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    subcommands = _subcommands()
    commands = _commands(guide, "archive")
    assert len(commands) > 10
    for command in commands:
        words = shlex.split(command)[1:]
        assert words[0] in subcommands, command
        if len(words) > 1:
            # Raises SystemExit (and fails the test) on an option or argument the command does not take.
            subcommands[words[0]].parse_args(words[1:])
    options = {o for parser in subcommands.values() for a in parser._actions for o in a.option_strings}
    spans = re.findall(r"`(--[a-z-]+)[^`]*`", guide)
    assert spans
    assert set(spans) <= options, set(spans) - options


def test_every_make_target_in_the_guide_is_real() -> None:
    targets = set(re.findall(r"^([a-z][\w.-]*):", (REPO / "Makefile").read_text(encoding="utf-8"), re.MULTILINE))
    commands = _commands(GUIDE.read_text(encoding="utf-8"), "make")
    assert commands
    for command in commands:
        assert set(command.split()[1:]) <= targets, command


def test_every_yaml_block_of_the_guide_is_yaml() -> None:
    blocks = [text for lang, text in fenced_blocks(GUIDE.read_text(encoding="utf-8")) if lang == "yaml"]
    assert len(blocks) >= 5
    for text in blocks:
        yaml.safe_load(text)


def test_the_limits_the_guide_states_are_the_checker_s() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    assert (MAX_YAML_BYTES, MAX_ARTICLE_BYTES, MAX_TEXT, MAX_YAML_DEPTH) == (1_000_000, 2_000_000, 20_000, 32)
    for stated in ("1 MB (1,000,000 bytes)", "2 MB (2,000,000 bytes)", "20,000 characters", "at most 32 levels"):
        assert stated in guide
    schema: Any = json_schemas()["annotation"]
    claim = schema["properties"]["claims"]
    properties = claim["items"]["properties"]
    assert (properties["quote"]["maxLength"], properties["summary"]["maxLength"]) == (5000, 1000)
    assert (properties["prefix"]["maxLength"], claim["maxItems"]) == (500, 2000)

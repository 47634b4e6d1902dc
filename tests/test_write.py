"""Write step: rendered pages in, files on disk out; only what changed is touched."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from build_tools import write
from build_tools.write import WriteReport, write_pages

PAGES = {
    "index.md": "# Home\n",
    "articles/a.md": "# A\n",
    "articles/b.md": "# B — Ünïcödé\n",
    "speakers/jane-roe.md": "# Jane Roe\n",
}


@pytest.fixture(name="written")
def fixture_written(tmp_path: Path) -> Path:
    """A folder into which `PAGES` have been written once."""
    folder = tmp_path / "generated"
    report = write_pages(folder, PAGES)
    assert report == WriteReport(tuple(PAGES), (), 0)
    return folder


def files_in(folder: Path) -> dict[str, str]:
    """Every file under `folder` by relative path, with its text."""
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in folder.rglob("*") if p.is_file()}


def mtimes(folder: Path) -> dict[str, int]:
    """Modification time (ns) of every file under `folder`."""
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def test_first_write_creates_every_page(written: Path) -> None:
    assert files_in(written) == PAGES


def test_rewriting_the_same_pages_touches_nothing(written: Path) -> None:
    before = mtimes(written)
    report = write_pages(written, dict(PAGES))
    assert report == WriteReport((), (), len(PAGES))
    assert mtimes(written) == before


def test_only_the_changed_page_is_written(written: Path) -> None:
    before = mtimes(written)
    report = write_pages(written, {**PAGES, "articles/a.md": "# A, corrected\n"})
    assert report == WriteReport(("articles/a.md",), (), len(PAGES) - 1)
    assert (written / "articles" / "a.md").read_text(encoding="utf-8") == "# A, corrected\n"
    after = mtimes(written)
    del before["articles/a.md"], after["articles/a.md"]
    assert after == before


def test_new_page_in_a_new_folder(written: Path) -> None:
    report = write_pages(written, {**PAGES, "events/budget/index.md": "# Budget\n"})
    assert report == WriteReport(("events/budget/index.md",), (), len(PAGES))
    assert files_in(written) == {**PAGES, "events/budget/index.md": "# Budget\n"}


def test_stale_pages_and_empty_folders_are_removed(written: Path) -> None:
    before = mtimes(written)
    pages = {"index.md": PAGES["index.md"], "articles/a.md": PAGES["articles/a.md"]}
    report = write_pages(written, pages)
    assert report == WriteReport((), ("articles/b.md", "speakers/jane-roe.md"), 2)
    assert files_in(written) == pages
    assert not (written / "speakers").exists()
    assert (written / "articles").is_dir()
    assert mtimes(written) == {name: before[name] for name in pages}


def test_stray_files_and_folders_are_removed(written: Path) -> None:
    (written / "old" / "deeper").mkdir(parents=True)
    (written / "old" / "deeper" / "page.md").write_text("stale", encoding="utf-8")
    (written / "empty").mkdir()
    report = write_pages(written, PAGES)
    assert report == WriteReport((), ("old/deeper/page.md",), len(PAGES))
    assert sorted(p.relative_to(written).as_posix() for p in written.rglob("*")) == [
        "articles",
        "articles/a.md",
        "articles/b.md",
        "index.md",
        "speakers",
        "speakers/jane-roe.md",
    ]


def test_no_temporary_files_are_left(written: Path) -> None:
    write_pages(written, {name: text + "more\n" for name, text in PAGES.items()})
    assert not [p for p in written.rglob("*") if p.name.endswith(".tmp")]


def test_writing_nothing_empties_the_folder(written: Path) -> None:
    report = write_pages(written, {})
    assert report == WriteReport((), tuple(sorted(PAGES)), 0)
    assert written.is_dir()
    assert not any(written.iterdir())


def test_a_preview_write_trusts_what_it_wrote_last_time(written: Path) -> None:
    (written / "unrelated.txt").write_text("left by someone else", encoding="utf-8")
    pages = {**PAGES, "articles/a.md": "# A, edited\n"}
    del pages["articles/b.md"]
    report = write_pages(written, pages, known=PAGES)
    assert report.written == ("articles/a.md",)
    assert report.removed == ("articles/b.md",)
    assert report.unchanged == len(PAGES) - 2
    # Only pages it wrote can be stale: other files are not its business in a preview.
    assert (written / "unrelated.txt").exists()
    assert files_in(written) == {**pages, "unrelated.txt": "left by someone else"}


def test_a_known_page_that_disappeared_from_disk_is_written_again(written: Path) -> None:
    (written / "index.md").unlink()
    report = write_pages(written, PAGES, known=PAGES)
    assert report.written == ("index.md",)
    assert files_in(written) == PAGES


def _settle(folder: Path) -> None:
    """Give every folder a modification time an hour old, as folders nobody touched for a while have."""
    hour_ago = time.time_ns() - 3600 * 10**9
    for path in [folder, *(p for p in folder.rglob("*") if p.is_dir())]:
        os.utime(path, ns=(hour_ago, hour_ago))


def test_a_preview_write_takes_settled_folders_at_their_word(written: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _settle(written)
    report = write_pages(written, PAGES, known=PAGES)
    assert set(report.folders) == {"", "articles", "speakers"}
    looked: list[str] = []
    monkeypatch.setattr(write.os.path, "isfile", lambda path: looked.append(path) or True)
    edited = {**PAGES, "articles/a.md": "# A, edited\n"}
    again = write_pages(written, edited, known=PAGES, folders=report.folders)
    # No page of a folder with the time it had is looked at (the edited one is, to be written);
    # its folder, changed by that write, is left out of the next write's trust.
    assert looked == [f"{written}/articles/a.md"]
    assert again.written == ("articles/a.md",)
    assert set(again.folders) == {"", "speakers"}


def test_a_page_deleted_from_a_settled_folder_is_written_again(written: Path) -> None:
    _settle(written)
    report = write_pages(written, PAGES, known=PAGES)
    (written / "articles" / "b.md").unlink()  # The folder's time moves on.
    again = write_pages(written, PAGES, known=PAGES, folders=report.folders)
    assert again.written == ("articles/b.md",)
    assert files_in(written) == PAGES


def test_a_folder_changed_just_now_is_not_trusted(written: Path) -> None:
    report = write_pages(written, PAGES, known=PAGES)
    # Written within the last two seconds: a deletion in the same clock tick would keep its time.
    assert report.folders == {}


def test_an_untrusted_folder_is_listed_once_and_a_page_missing_from_it_is_written_again(
    written: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    many = {**PAGES, **{f"articles/n{k}.md": f"# N{k}\n" for k in range(50)}}
    report = write_pages(written, many, known=PAGES)
    assert report.folders == {}  # Just written: no folder is trusted.
    (written / "articles" / "n7.md").unlink()
    looked: list[str] = []
    real_isfile = os.path.isfile
    monkeypatch.setattr(write.os.path, "isfile", lambda path: looked.append(path) or real_isfile(path))
    again = write_pages(written, many, known=many, folders=report.folders)
    assert again.written == ("articles/n7.md",)
    assert again.unchanged == len(many) - 1
    # The pages on disk are found in one listing of their folder; the missing one is looked at to be written.
    assert looked == [f"{written}/articles/n7.md"]
    assert files_in(written) == many

"""`archive diff`: the tiny archive committed in a git repository, a change in its working tree, the exact report.

Every test commits the tiny archive (plus what it needs) in `tmp_path`, changes the working tree
and runs the real command against `HEAD` (the merge base of `HEAD` and itself), or commits the
change and compares with `HEAD~1`. The merge base's commit id is replaced by `<base>` in what
is compared.
"""

from __future__ import annotations

import contextlib
import io
import subprocess
from pathlib import Path

import pytest

from build_tools import cli
from build_tools.diagnostics import Diagnostics, Origin
from build_tools.diff import Base, Tree, compare, diff_markdown, diff_text
from build_tools.diff.report import clip_markdown
from build_tools.pipeline import PipelineResult
from tests.conftest import TINY_FILES, write_tree

DAILY = "annotations/articles/daily-2020-01-01-budget.yml"
HERALD = "annotations/articles/herald-2020-01-02-budget.yml"
RECAP = "annotations/articles/herald-2020-01-05-recap.yml"

TALKS_FAILED = """\
  - id: talks-failed
    quote: talks had failed
    speaker: jane-roe
    cue: said
    kind: indirect
    summary: The minister says the budget talks failed.
"""

PENSIONS = {
    "articles/herald-2020-01-04-pensions.txt": (
        "Pensions safe, says Roe\n\n"
        'HERALD - Jane Roe said pensions were safe. "Pensions are safe," she told reporters.\n\n'
        'Doe called it "a fantasy".\n'
    ),
    "annotations/articles/herald-2020-01-04-pensions.yml": """\
        article:
          title: Pensions safe, says Roe
          published: "2020-01-04"
          event: budget-2020
        claims:
          - id: safe
            quote: Pensions are safe,
            speaker: jane-roe
            kind: direct
            summary: The minister says pensions are safe.
            relations:
              - same-as: daily-2020-01-01-budget#no-pension-cuts
          - id: fantasy
            quote: a fantasy
            speaker: john-doe
            kind: direct
            summary: The opposition leader calls it a fantasy.
        """,
}
"""A new article with two claims, one of them another appearance of the tiny archive's statement."""

SECOND_STATEMENT = {
    "articles/herald-2020-01-05-recap.txt": (
        "Recap\n\nHERALD - Roe repeated that she will not sign a budget that cuts pensions.\n"
    ),
    "articles/herald-2020-01-06-interview.txt": "Interview\n\nHERALD - \u201cNo budget that cuts pensions,\u201d Roe told us.\n",
    RECAP: """\
        article:
          published: "2020-01-05"
        claims:
          - id: repeated
            quote: she will not sign a budget that cuts pensions
            speaker: jane-roe
            kind: indirect
            summary: The minister repeats that she will not sign a budget that cuts pensions.
            relations:
              - same-as: herald-2020-01-06-interview#no-budget
        """,
    "annotations/articles/herald-2020-01-06-interview.yml": """\
        article:
          published: "2020-01-06"
        claims:
          - id: no-budget
            quote: No budget that cuts pensions,
            speaker: jane-roe
            kind: direct
            summary: The minister rules out a budget that cuts pensions.
        """,
}
"""Two more articles whose claims form a second statement of the same words."""

LINK_TO_FIRST = "      - same-as: herald-2020-01-02-budget#no-cuts\n"
"""The relation that joins the second statement to the first (in the recap's claim)."""


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True)
    return done.stdout


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", message)


def make_repository(root: Path, extra: dict[str, str] | None = None) -> Path:
    """The tiny archive (and `extra` files) committed in a new repository at `root`."""
    write_tree(root, {**TINY_FILES, **(extra or {})})
    git(root, "init", "-q", "-b", "main")
    commit(root, "base")
    return root


@pytest.fixture(name="repo")
def fixture_repo(tmp_path: Path) -> Path:
    """The tiny archive, committed."""
    return make_repository(tmp_path / "repo")


@pytest.fixture(name="two_statements")
def fixture_two_statements(tmp_path: Path) -> Path:
    """The tiny archive and a second statement of the same words, committed."""
    return make_repository(tmp_path / "repo", SECOND_STATEMENT)


def replace(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def run_diff(root: Path, *args: str, base: str = "HEAD") -> tuple[int, str, str]:
    """Exit status, stdout and stderr of `archive --root ROOT diff BASE ARGS`, the merge base as `<base>`."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(["--root", str(root), "diff", base, *args])
    merge_base = git(root, "merge-base", base, "HEAD").strip()[:12]
    return status, out.getvalue().replace(merge_base, "<base>"), err.getvalue()


# --------------------------------------------------------------------------------------------
# What a reader sees
# --------------------------------------------------------------------------------------------


def test_an_added_article_lists_its_claims_relations_statement_and_urls(repo: Path) -> None:
    write_tree(repo, PENSIONS)
    status, out, err = run_diff(repo)
    assert (status, err) == (0, "")
    assert out == (
        "Compared with HEAD (merge base <base>): 1 article added, 2 claims added, 1 relation added, 1\n"
        "statement changed, 3 URLs added.\n"
        "\n"
        "Articles\n"
        "  + articles/herald-2020-01-04-pensions/  “Pensions safe, says Roe” (The Herald, 2020-01-04), 2\n"
        "      claims\n"
        "\n"
        "Claims\n"
        "  + herald-2020-01-04-pensions#fantasy  John Doe, direct: “a fantasy”\n"
        "  + herald-2020-01-04-pensions#safe  Jane Roe, direct: “Pensions are safe,”\n"
        "\n"
        "Relations\n"
        "  + daily-2020-01-01-budget#no-pension-cuts “We will not sign a budget that cuts pensions,”\n"
        "      same statement as herald-2020-01-04-pensions#safe “Pensions are safe,”\n"
        "\n"
        "Statements\n"
        "  ~ changed statements/daily-2020-01-01-budget--no-pension-cuts/ (3 appearances)  “We will not sign\n"
        "      a budget that cuts pensions,”\n"
        "      appearance added: herald-2020-01-04-pensions#safe\n"
        "\n"
        "URLs\n"
        "  + articles/herald-2020-01-04-pensions/  (not yet in permalinks.txt)\n"
        "  + articles/herald-2020-01-04-pensions/#claim-fantasy  (not yet in permalinks.txt)\n"
        "  + articles/herald-2020-01-04-pensions/#claim-safe  (not yet in permalinks.txt)\n"
        "\n"
        "note: 3 new URLs are not yet in permalinks.txt; record them with `archive permalinks --update`\n"
    )


def test_recorded_urls_get_no_note(repo: Path) -> None:
    write_tree(repo, PENSIONS)
    urls = ["articles/herald-2020-01-04-pensions/", "articles/herald-2020-01-04-pensions/#claim-fantasy"]
    (repo / "permalinks.txt").write_text("\n".join(urls) + "\n", encoding="utf-8")
    _, out, _ = run_diff(repo)
    assert "  + articles/herald-2020-01-04-pensions/\n" in out
    assert "  + articles/herald-2020-01-04-pensions/#claim-safe  (not yet in permalinks.txt)\n" in out
    assert out.endswith("note: 1 new URL is not yet in permalinks.txt; record it with `archive permalinks --update`\n")


def test_a_removed_claim_without_redirect_is_an_error_at_its_annotation_file(repo: Path) -> None:
    replace(repo, DAILY, TALKS_FAILED, "")
    status, out, _ = run_diff(repo)
    assert status == 1
    assert out == (
        "Compared with HEAD (merge base <base>): 1 claim removed, 1 URL removed; 1 error.\n"
        "\n"
        "annotations/articles/daily-2020-01-01-budget.yml:1:1: error: URL "
        "'articles/daily-2020-01-01-budget/#claim-talks-failed', which HEAD publishes, would disappear; add a "
        "redirect for it to redirects.yml ('articles/daily-2020-01-01-budget/#claim-talks-failed: <new-url>'), "
        "or restore the claim\n"
        "\n"
        "Claims\n"
        "  - daily-2020-01-01-budget#talks-failed  Jane Roe, indirect: “talks had failed”\n"
        "\n"
        "URLs\n"
        "  - articles/daily-2020-01-01-budget/#claim-talks-failed  (no redirect: error)\n"
    )


def test_a_removed_claim_with_a_redirect_is_fine(repo: Path) -> None:
    replace(repo, DAILY, TALKS_FAILED, "")
    write_tree(
        repo,
        {"redirects.yml": "articles/daily-2020-01-01-budget/#claim-talks-failed: articles/daily-2020-01-01-budget/\n"},
    )
    status, out, _ = run_diff(repo)
    assert status == 0
    assert out == (
        "Compared with HEAD (merge base <base>): 1 claim removed, 1 URL removed.\n"
        "\n"
        "Claims\n"
        "  - daily-2020-01-01-budget#talks-failed  Jane Roe, indirect: “talks had failed”\n"
        "\n"
        "URLs\n"
        "  - articles/daily-2020-01-01-budget/#claim-talks-failed  → redirected to\n"
        "      articles/daily-2020-01-01-budget/\n"
    )


def test_a_redirect_to_a_page_not_published_is_an_error_where_it_is_written(repo: Path) -> None:
    replace(repo, DAILY, TALKS_FAILED, "")
    write_tree(
        repo, {"redirects.yml": "# moved\narticles/daily-2020-01-01-budget/#claim-talks-failed: articles/gone/\n"}
    )
    status, out, _ = run_diff(repo)
    assert status == 1
    assert (
        "\nredirects.yml:2:1: error: redirect of 'articles/daily-2020-01-01-budget/#claim-talks-failed' points to "
        "'articles/gone/', which the site does not publish\n"
    ) in out
    assert "  - articles/daily-2020-01-01-budget/#claim-talks-failed  → redirected to articles/gone/ (not" in out


def test_a_redirect_the_base_publishes_must_stay(tmp_path: Path) -> None:
    redirect = {"redirects.yml": "articles/old-budget/: articles/daily-2020-01-01-budget/\n"}
    repo = make_repository(tmp_path / "repo", redirect)
    (repo / "redirects.yml").unlink()
    status, out, _ = run_diff(repo)
    assert status == 1
    assert out == (
        "Compared with HEAD (merge base <base>): 1 URL removed; 1 error.\n"
        "\n"
        "redirects.yml:1:1: error: the redirect of 'articles/old-budget/', which HEAD publishes, was removed; "
        "keep it, since a published URL must keep working\n"
        "\n"
        "URLs\n"
        "  - articles/old-budget/  (its redirect was removed: error)\n"
    )


def test_a_reworded_claim_shows_the_articles_old_and_new_words(repo: Path) -> None:
    replace(repo, DAILY, "quote: talks had failed", "quote: said talks had failed")
    replace(
        repo,
        DAILY,
        "kind: indirect",
        "kind: indirect\n    review: {rating: mostly-true, explanation: Both sides say so.}",
    )
    status, out, _ = run_diff(repo)
    assert status == 0
    assert out == (
        "Compared with HEAD (merge base <base>): 1 claim changed.\n"
        "\n"
        "Claims\n"
        "  ~ daily-2020-01-01-budget#talks-failed\n"
        "      quote was: “talks had failed”\n"
        "      quote now: “said talks had failed”\n"
        "      rating: none → Mostly true\n"
    )
    _, markdown, _ = run_diff(repo, "--format", "markdown")
    assert (
        "### Claims\n\n"
        "- **changed** `daily-2020-01-01-budget#talks-failed`\n"
        "  - quote: “**said** talks had failed”\n"
        "  - rating: ~~none~~ → **Mostly true**\n"
    ) in markdown


def test_a_quote_is_shown_as_the_article_words_not_as_written(repo: Path) -> None:
    # Written with straight quotes and other spacing; the article has its own wording.
    replace(repo, HERALD, "quote: We will not sign a budget that cuts pensions.", "quote: we will  NOT sign a budget")
    _, out, _ = run_diff(repo)
    assert "      quote was: “We will not sign a budget that cuts pensions.”\n" in out
    assert "      quote now: “We will not sign a budget”\n" in out


def test_a_claim_anchored_at_another_place_is_moved(tmp_path: Path) -> None:
    text = "Twice\n\nHERALD - Roe said no. Later, Roe said no.\n"
    article = {
        "articles/herald-2020-01-07-twice.txt": text,
        "annotations/articles/herald-2020-01-07-twice.yml": """\
            article:
              published: "2020-01-07"
            claims:
              - id: no
                quote: Roe said no.
                prefix: "HERALD - "
                speaker: jane-roe
                kind: assertion
                summary: Roe refuses.
            """,
    }
    repo = make_repository(tmp_path / "repo", article)
    replace(repo, "annotations/articles/herald-2020-01-07-twice.yml", 'prefix: "HERALD - "', 'prefix: "Later, "')
    _, out, _ = run_diff(repo)
    assert out.endswith(
        "Claims\n  ~ herald-2020-01-07-twice#no  “Roe said no.”\n      moved to another place in the text\n"
    )


def test_a_changed_article_lists_its_fields_and_text(repo: Path) -> None:
    replace(repo, "articles/herald-2020-01-03-unannotated.txt", "Nothing happened", "Little happened")
    write_tree(
        repo,
        {
            "annotations/articles/herald-2020-01-03-unannotated.yml": 'article:\n  outlet: herald\n  published: "2020-01-03"\n'
        },
    )
    _, out, _ = run_diff(repo)
    assert out.endswith(
        "Articles\n"
        "  ~ articles/herald-2020-01-03-unannotated/  “herald-2020-01-03-unannotated” (The Herald,\n"
        "      2020-01-03), 0 claims\n"
        "      outlet: unknown outlet → The Herald\n"
        "      published: undated → 2020-01-03\n"
        "      annotated: no → yes\n"
        "      text changed\n"
    )


# --------------------------------------------------------------------------------------------
# Statements: formed, merged, split, renamed
# --------------------------------------------------------------------------------------------


def test_a_new_same_as_relation_forms_a_statement(repo: Path) -> None:
    write_tree(repo, PENSIONS)
    commit(repo, "pensions")
    replace(
        repo,
        "annotations/articles/herald-2020-01-04-pensions.yml",
        "calls it a fantasy.\n",
        "calls it a fantasy.\n    relations:\n      - same-as: daily-2020-01-01-budget#fantasy\n",
    )
    status, out, _ = run_diff(repo)
    assert status == 0
    assert out == (
        "Compared with HEAD (merge base <base>): 1 relation added, 1 statement formed, 1 URL added.\n"
        "\n"
        "Relations\n"
        "  + daily-2020-01-01-budget#fantasy “a fantasy — nothing more”\n"
        "      same statement as herald-2020-01-04-pensions#fantasy “a fantasy”\n"
        "\n"
        "Statements\n"
        "  + formed statements/daily-2020-01-01-budget--fantasy/ (2 appearances)  “a fantasy — nothing more”\n"
        "      appearances: daily-2020-01-01-budget#fantasy, herald-2020-01-04-pensions#fantasy\n"
        "\n"
        "URLs\n"
        "  + statements/daily-2020-01-01-budget--fantasy/  (not yet in permalinks.txt)\n"
        "\n"
        "note: 1 new URL is not yet in permalinks.txt; record it with `archive permalinks --update`\n"
    )


def test_joining_two_statements_is_a_merge_whose_lost_url_needs_a_redirect(two_statements: Path) -> None:
    replace(
        two_statements,
        RECAP,
        "      - same-as: herald-2020-01-06-interview#no-budget\n",
        f"      - same-as: herald-2020-01-06-interview#no-budget\n{LINK_TO_FIRST}",
    )
    status, out, _ = run_diff(two_statements)
    assert status == 1
    assert out == (
        "Compared with HEAD (merge base <base>): 1 relation added, 1 statement merged, 1 URL removed; 1\n"
        "error.\n"
        "\n"
        "annotations/articles/herald-2020-01-05-recap.yml:1:1: error: URL 'statements/herald-2020-01-05-recap--repeated/', "
        "which HEAD publishes, would disappear; add a redirect for it to redirects.yml "
        "('statements/herald-2020-01-05-recap--repeated/: <new-url>'), or restore the statement\n"
        "\n"
        "Relations\n"
        "  + herald-2020-01-02-budget#no-cuts “We will not sign a budget that cuts pensions.”\n"
        "      same statement as herald-2020-01-05-recap#repeated “she will not sign a budget that cuts\n"
        "          pensions”\n"
        "\n"
        "Statements\n"
        "  ~ merged statements/daily-2020-01-01-budget--no-pension-cuts/ +\n"
        "      statements/herald-2020-01-05-recap--repeated/ into\n"
        "      statements/daily-2020-01-01-budget--no-pension-cuts/ (4 appearances)  “We will not sign a\n"
        "      budget that cuts pensions,”\n"
        "\n"
        "URLs\n"
        "  - statements/herald-2020-01-05-recap--repeated/  (no redirect: error)\n"
    )
    redirect = "statements/herald-2020-01-05-recap--repeated/: statements/daily-2020-01-01-budget--no-pension-cuts/\n"
    write_tree(two_statements, {"redirects.yml": redirect})
    status, out, _ = run_diff(two_statements)
    assert status == 0
    assert out.endswith(
        "  - statements/herald-2020-01-05-recap--repeated/  → redirected to\n"
        "      statements/daily-2020-01-01-budget--no-pension-cuts/\n"
    )


def test_removing_the_link_between_two_halves_is_a_split(tmp_path: Path) -> None:
    joined = {**SECOND_STATEMENT, RECAP: SECOND_STATEMENT[RECAP].rstrip(" ") + "        " + LINK_TO_FIRST}
    repo = make_repository(tmp_path / "repo", joined)
    replace(repo, RECAP, LINK_TO_FIRST, "")
    status, out, _ = run_diff(repo)
    assert status == 0
    assert (
        "Statements\n"
        "  ~ split statements/daily-2020-01-01-budget--no-pension-cuts/ into 2 statements  “We will not sign\n"
        "      a budget that cuts pensions,”\n"
        "      statements/daily-2020-01-01-budget--no-pension-cuts/ (2 appearances):\n"
        "          daily-2020-01-01-budget#no-pension-cuts, herald-2020-01-02-budget#no-cuts\n"
        "      statements/herald-2020-01-05-recap--repeated/ (2 appearances):\n"
        "          herald-2020-01-05-recap#repeated, herald-2020-01-06-interview#no-budget\n"
        "\n"
        "URLs\n"
        "  + statements/herald-2020-01-05-recap--repeated/  (not yet in permalinks.txt)\n"
    ) in out
    assert out.startswith(
        "Compared with HEAD (merge base <base>): 1 relation removed, 1 statement split, 1 URL added.\n"
    )


def test_an_earlier_appearance_renames_the_statement(repo: Path) -> None:
    write_tree(
        repo,
        {
            "articles/herald-2019-12-31-preview.txt": "Preview\n\nHERALD - Roe: \u201cWe will not sign a budget that cuts pensions.\u201d\n",
            "annotations/articles/herald-2019-12-31-preview.yml": """\
                article:
                  title: Preview
                  published: "2019-12-31"
                claims:
                  - id: early
                    quote: We will not sign a budget that cuts pensions.
                    speaker: jane-roe
                    kind: direct
                    summary: The minister rules out a budget that cuts pensions.
                    relations:
                      - same-as: herald-2020-01-02-budget#no-cuts
                """,
        },
    )
    status, out, _ = run_diff(repo)
    assert status == 1
    # The error points at the file that renamed the statement: the new first appearance's.
    assert (
        "\nannotations/articles/herald-2019-12-31-preview.yml:1:1: error: URL "
        "'statements/daily-2020-01-01-budget--no-pension-cuts/', which HEAD publishes, would disappear;"
    ) in out
    assert (
        "Statements\n"
        "  ~ renamed statements/daily-2020-01-01-budget--no-pension-cuts/ to\n"
        "      statements/herald-2019-12-31-preview--early/ (3 appearances)  “We will not sign a budget that\n"
        "      cuts pensions.”\n"
        "      id changed because an earlier appearance was added (herald-2019-12-31-preview#early)\n"
        "      appearance added: herald-2019-12-31-preview#early\n"
    ) in out


# --------------------------------------------------------------------------------------------
# A change that does not build; no change; the command line
# --------------------------------------------------------------------------------------------


def test_a_change_that_does_not_build_reports_its_errors_first(repo: Path) -> None:
    replace(repo, HERALD, "claims:\n", "claims: [\n")
    status, out, _ = run_diff(repo)
    assert status == 1
    assert out == (
        "The change does not build: 1 error. Nothing was compared with HEAD (merge base <base>).\n"
        "\n"
        "annotations/articles/herald-2020-01-02-budget.yml:5:3: error: YAML syntax error: did not find expected "
        "node content (while parsing a flow node)\n"
        "\n"
        "Files\n"
        "  ~ annotations/articles/herald-2020-01-02-budget.yml\n"
    )


def test_nothing_a_reader_sees_changed(repo: Path) -> None:
    replace(repo, HERALD, "claims:\n", "# Checked against the print edition.\nclaims:\n")
    assert run_diff(repo) == (0, "Compared with HEAD (merge base <base>): nothing a reader sees has changed.\n", "")
    _, markdown, _ = run_diff(repo, "--format", "markdown")
    assert markdown == (
        "## Archive diff against `HEAD`\n\n"
        "Compared with `HEAD` (merge base `<base>`): nothing a reader sees has changed.\n"
    )


def test_a_committed_change_against_the_previous_commit_with_a_job_summary(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_tree(repo, PENSIONS)
    commit(repo, "pensions")
    summary = tmp_path / "summary.md"
    summary.write_text("## Earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    status, out, _ = run_diff(repo, "--summary", base="HEAD~1")
    assert status == 0
    assert out.startswith("Compared with HEAD~1 (merge base <base>): 1 article added, 2 claims added,")
    merge_base = git(repo, "rev-parse", "HEAD~1").strip()[:12]
    written = summary.read_text(encoding="utf-8").replace(merge_base, "<base>")
    assert written.startswith(
        "## Earlier step\n"
        "## Archive diff against `HEAD~1`\n\n"
        "Compared with `HEAD~1` (merge base `<base>`): 1 article added, 2 claims added, 1 relation added, "
        "1 statement changed, 3 URLs added.\n\n"
        "### Articles\n\n"
        "- **added** `articles/herald-2020-01-04-pensions/` “Pensions safe, says Roe” (The Herald, 2020-01-04), "
        "2 claims\n\n"
    )
    assert written.endswith(
        "### URLs\n\n"
        "- **added** `articles/herald-2020-01-04-pensions/` (not yet in `permalinks.txt`)\n"
        "- **added** `articles/herald-2020-01-04-pensions/#claim-fantasy` (not yet in `permalinks.txt`)\n"
        "- **added** `articles/herald-2020-01-04-pensions/#claim-safe` (not yet in `permalinks.txt`)\n\n"
        "**Note:** 3 new URLs are not yet in permalinks.txt; record them with `archive permalinks --update`.\n"
    )


def test_markdown_escapes_contributor_text(repo: Path) -> None:
    hostile = "The minister says `x` | <script>alert(1)</script> *bold* _it_ [link](https://e.example) @team $x$ #1"
    replace(repo, DAILY, "summary: The minister says the budget talks failed.", f"summary: '{hostile}'")
    _, markdown, _ = run_diff(repo, "--format", "markdown")
    assert (
        "  - summary: “The minister says ~~the budget talks failed.~~ **\\`x\\` \\| \\<script\\>alert(1)\\</script\\> "
        "\\*bold\\* \\_it\\_ \\[link\\](https://e.example) \\@team \\$x\\$ \\#1**”\n"
    ) in markdown
    _, text, _ = run_diff(repo)
    assert "      summary now: “The minister says `x` | <script>alert(1)</script> *bold* _it_" in text


def test_text_output_has_no_control_characters(repo: Path) -> None:
    replace(
        repo, DAILY, "summary: The minister says the budget talks failed.", 'summary: "Red \\e[31mtext\\u202e done"'
    )
    _, out, _ = run_diff(repo)
    assert "      summary now: “Red [31mtext done”\n" in out


def test_the_same_inputs_give_the_same_report(two_statements: Path) -> None:
    write_tree(two_statements, PENSIONS)
    replace(two_statements, RECAP, "      - same-as: herald-2020-01-06-interview#no-budget\n", LINK_TO_FIRST)
    first = run_diff(two_statements, "--format", "markdown")
    assert first == run_diff(two_statements, "--format", "markdown")
    assert (
        "### Statements\n\n"
        "- **merged** `statements/daily-2020-01-01-budget--no-pension-cuts/` + "
        "`statements/herald-2020-01-05-recap--repeated/` into `statements/daily-2020-01-01-budget--no-pension-cuts/` "
        "(4 appearances) “We will not sign a budget that cuts pensions,”\n"
        "  - appearance added: `herald-2020-01-04-pensions#safe`\n"
        "  - appearance removed: `herald-2020-01-06-interview#no-budget`\n"
    ) in first[1]


def test_statements_that_exchange_appearances_are_regrouped(two_statements: Path) -> None:
    replace(
        two_statements,
        DAILY,
        "- same-as: herald-2020-01-02-budget#no-cuts",
        "- same-as: herald-2020-01-05-recap#repeated",
    )
    replace(two_statements, RECAP, "      - same-as: herald-2020-01-06-interview#no-budget\n", "")
    replace(two_statements, RECAP, "    relations:\n", "")
    replace(
        two_statements,
        HERALD,
        "summary: The minister rules out a budget that cuts pensions.\n",
        "summary: The minister rules out a budget that cuts pensions.\n"
        "    relations:\n      - same-as: herald-2020-01-06-interview#no-budget\n",
    )
    status, out, _ = run_diff(two_statements)
    assert (
        "Statements\n"
        "  ~ regrouped statements/daily-2020-01-01-budget--no-pension-cuts/ +\n"
        "      statements/herald-2020-01-05-recap--repeated/ into 2 statements  “We will not sign a budget\n"
        "      that cuts pensions,”\n"
        "      statements/daily-2020-01-01-budget--no-pension-cuts/ (2 appearances):\n"
        "          daily-2020-01-01-budget#no-pension-cuts, herald-2020-01-05-recap#repeated\n"
        "      statements/herald-2020-01-02-budget--no-cuts/ (2 appearances):\n"
        "          herald-2020-01-02-budget#no-cuts, herald-2020-01-06-interview#no-budget\n"
    ) in out
    assert status == 1  # Neither half is the recap's statement any more: its URL needs a redirect.


def test_an_unknown_ref_is_an_error(repo: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(["--root", str(repo), "diff", "no-such-branch"])
    assert (status, out.getvalue(), err.getvalue()) == (1, "", "error: unknown git ref 'no-such-branch'\n")


def test_the_job_summary_is_cut_to_its_limit_with_a_note() -> None:
    markdown = "## Archive diff\n\n" + "".join(f"- **added** `articles/a-{i}/`\n" for i in range(100))
    clipped = clip_markdown(markdown, 1000, "archive diff origin/main")
    assert len(clipped.encode()) <= 1000
    assert clipped.startswith("## Archive diff\n\n- **added** `articles/a-0/`\n")
    kept = clipped.count("- **added**")
    assert clipped.endswith(
        f"\n*{102 - 2 - kept} more lines not shown: a job summary holds at most 1 MiB; "
        "run `archive diff origin/main` to see everything.*\n"
    )
    assert clip_markdown(markdown, 10**6, "archive diff origin/main") == markdown


def test_an_archive_in_a_folder_of_the_repository(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    write_tree(repo / "archive", TINY_FILES)
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "base")
    replace(repo / "archive", DAILY, TALKS_FAILED, "")
    status, out, _ = run_diff(repo / "archive")
    assert status == 1
    assert out.startswith(
        "Compared with HEAD (merge base <base>): 1 claim removed, 1 URL removed; 1 error.\n\n"
        "annotations/articles/daily-2020-01-01-budget.yml:1:1: error: URL"
    )


def test_a_renamed_speaker_does_not_change_every_claim(repo: Path) -> None:
    replace(repo, "annotations/speakers.yml", "name: Jane Roe", "name: Jane Roe-Smith")
    assert run_diff(repo)[1] == "Compared with HEAD (merge base <base>): nothing a reader sees has changed.\n"
    replace(repo, HERALD, "speaker: jane-roe", "speaker: john-doe")
    assert run_diff(repo)[1].endswith(
        "  ~ herald-2020-01-02-budget#no-cuts  “We will not sign a budget that cuts pensions.”\n"
        "      speaker: Jane Roe → John Doe\n"  # Each side as it named the speaker.
    )


def test_only_the_first_errors_of_a_change_are_shown() -> None:
    errors = Diagnostics()
    for line in range(1, 13):
        errors.error(Origin("annotations/articles/x.yml", line, 3), f"problem {line}")
    base, change = Tree(PipelineResult(None, Diagnostics()), {}), Tree(PipelineResult(None, errors), {})
    diff = compare(Base("main", "0123456789abcdef"), base, change)
    assert diff.status == 1
    assert diff_text(diff) == (
        "The change does not build: 12 errors (the first 10 below; `archive check` shows all). Nothing was\n"
        "compared with main (merge base 0123456789ab).\n\n"
        + "".join(f"annotations/articles/x.yml:{line}:3: error: problem {line}\n" for line in range(1, 11))
    )
    assert diff_markdown(diff).startswith(
        "## Archive diff against `main`\n\n"
        "The change does not build: 12 errors (the first 10 below; `archive check` shows all). Nothing was "
        "compared with `main` (merge base `0123456789ab`).\n\n"
        "### Errors\n\n"
        "- `annotations/articles/x.yml:1:3` **error:** problem 1\n"
    )

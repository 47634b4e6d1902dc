"""`archive new` (raw article to stub with suggested claims) and the JSON Schemas generated from the formats."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml

from build_tools.cli import main
from build_tools.formats import json_schemas
from tests.conftest import REPO

SEEDS = {
    "tass-2017-08-02-secret-graves": "tass",
    "rt-2017-08-02-false-from-start-to-finish": "rt",
}


@pytest.fixture(name="registry_only_repo")
def fixture_registry_only_repo(tmp_path: Path) -> Path:
    """A repository with the seed registries but no articles yet."""
    root = tmp_path / "repo"
    (root / "articles").mkdir(parents=True)
    (root / "annotations" / "articles").mkdir(parents=True)
    for name in ("speakers", "outlets", "events", "tags"):
        shutil.copy(REPO / "annotations" / f"{name}.yml", root / "annotations" / f"{name}.yml")
    return root


def _direct_quotes(article_id: str) -> list[str]:
    data = yaml.safe_load((REPO / "annotations" / "articles" / f"{article_id}.yml").read_text(encoding="utf-8"))
    return [c["quote"] for c in data["claims"] if c["kind"] == "direct"]


def _suggested(stub: str) -> list[str]:
    return [json.loads(line.split("quote: ", 1)[1]) for line in stub.splitlines() if line.startswith("#    quote: ")]


@pytest.mark.parametrize("article_id", sorted(SEEDS))
def test_new_copies_the_raw_file_and_suggests_most_direct_quotes(
    registry_only_repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], article_id: str
) -> None:
    raw = tmp_path / "scraped.txt"
    shutil.copy(REPO / "articles" / f"{article_id}.txt", raw)
    assert main(["--root", str(registry_only_repo), "new", str(raw)]) == 0
    added = next((registry_only_repo / "articles").glob("*.txt"))
    assert added.read_bytes() == raw.read_bytes()
    assert added.stem.startswith(f"{SEEDS[article_id]}-")
    stub = (registry_only_repo / "annotations" / "articles" / f"{added.stem}.yml").read_text(encoding="utf-8")
    assert stub.startswith("# yaml-language-server: $schema=../../schemas/annotation.schema.json\n")
    assert f"  outlet: {SEEDS[article_id]}\n" in stub
    suggestions = _suggested(stub)
    # A suggestion covers a hand-annotated quotation when one contains the other.
    found = [q for q in _direct_quotes(article_id) if any(q in s or s.rstrip(".") in q for s in suggestions)]
    assert len(found) >= 0.8 * len(_direct_quotes(article_id)), (found, suggestions)
    assert "suggested claims" in capsys.readouterr().out
    # The stub parses as YAML and passes the checker as it is.
    assert main(["--root", str(registry_only_repo), "check"]) in (0, 1)
    assert yaml.safe_load(stub)["claims"] == []


def test_new_attributes_suggestions_to_the_right_speakers(registry_only_repo: Path, tmp_path: Path) -> None:
    raw = tmp_path / "rt.txt"
    shutil.copy(REPO / "articles" / "rt-2017-08-02-false-from-start-to-finish.txt", raw)
    assert main(["--root", str(registry_only_repo), "new", str(raw)]) == 0
    stub = next((registry_only_repo / "annotations" / "articles").glob("*.yml")).read_text(encoding="utf-8")
    lines = stub.splitlines()
    speaker_of = {
        json.loads(lines[i].split("quote: ", 1)[1])[:30]: lines[i + 1].split("speaker: ", 1)[1].split()[0]
        for i, line in enumerate(lines)
        if line.startswith("#    quote: ")
    }
    assert speaker_of["Data comes through the defense m"[:30]] == "dmitry-peskov"
    assert speaker_of["It’s not the first time that B"[:30]] == "igor-konashenkov"
    # "the Kremlin spokesman said" names the Kremlin's registered spokesman.
    assert speaker_of["it has nothing to do with the ["[:30]] == "dmitry-peskov"


def test_new_never_overwrites_and_refuses_duplicates(
    registry_only_repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = tmp_path / "tass.txt"
    shutil.copy(REPO / "articles" / "tass-2017-08-02-secret-graves.txt", raw)
    assert main(["--root", str(registry_only_repo), "new", str(raw), "--id", "tass-secret-graves"]) == 0
    capsys.readouterr()
    assert main(["--root", str(registry_only_repo), "new", str(raw)]) == 1
    assert "already in the archive as articles/tass-secret-graves.txt" in capsys.readouterr().err
    stub = registry_only_repo / "annotations" / "articles" / "other.yml"
    stub.write_text("notes: mine\n", encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text("A different headline\n\nSome text.\n", encoding="utf-8")
    assert main(["--root", str(registry_only_repo), "new", str(other), "--id", "other"]) == 1
    assert "annotations/articles/other.yml: error: already exists; nothing was written" in capsys.readouterr().err
    assert stub.read_text(encoding="utf-8") == "notes: mine\n"
    assert not (registry_only_repo / "articles" / "other.txt").exists()


def test_committed_schemas_are_generated_from_the_formats() -> None:
    for name, schema in json_schemas().items():
        committed = json.loads((REPO / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
        assert committed == schema, f"schemas/{name}.schema.json is out of date: run `archive schema`"
    assert main(["--root", str(REPO), "schema", "--check"]) == 0


@pytest.mark.parametrize(
    ("schema", "path"),
    [
        ("annotation", "annotations/articles/tass-2017-08-02-secret-graves.yml"),
        ("annotation", "annotations/articles/rt-2017-08-02-false-from-start-to-finish.yml"),
        ("speakers", "annotations/speakers.yml"),
        ("outlets", "annotations/outlets.yml"),
        ("events", "annotations/events.yml"),
        ("tags", "annotations/tags.yml"),
    ],
)
def test_seed_files_satisfy_their_json_schema(schema: str, path: str) -> None:
    document = yaml.load((REPO / path).read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # all scalars as text
    jsonschema.validate(document, json_schemas()[schema])


def test_json_schema_rejects_what_the_checker_rejects() -> None:
    schema = json_schemas()["annotation"]
    bad = {"claims": [{"id": "x", "qoute": "typo", "kind": "direct", "summary": "s"}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"article": {"url": "javascript:alert(1)"}}, schema)

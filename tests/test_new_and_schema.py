"""`archive new` (raw article to stub with suggested claims) and the JSON Schemas generated from the formats."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from build_tools.cli import main
from build_tools.detect import Detected, detect_date, detect_metadata
from build_tools.diagnostics import Origin
from build_tools.formats import json_schemas
from build_tools.model import Outlet, Speaker
from build_tools.stub import StubMetadata, is_untouched_stub, render_stub
from build_tools.suggest import suggest_claims
from tests.conftest import REPO, SEED

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
        shutil.copy(SEED / "annotations" / f"{name}.yml", root / "annotations" / f"{name}.yml")
    return root


def _direct_quotes(article_id: str) -> list[str]:
    data = yaml.safe_load((SEED / "annotations" / "articles" / f"{article_id}.yml").read_text(encoding="utf-8"))
    return [c["quote"] for c in data["claims"] if c["kind"] == "direct"]


def _suggested(stub: str) -> list[str]:
    return [json.loads(line.split("quote: ", 1)[1]) for line in stub.splitlines() if line.startswith("#    quote: ")]


@pytest.mark.parametrize("article_id", sorted(SEEDS))
def test_new_copies_the_raw_file_and_suggests_most_direct_quotes(
    registry_only_repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], article_id: str
) -> None:
    raw = tmp_path / "scraped.txt"
    shutil.copy(SEED / "articles" / f"{article_id}.txt", raw)
    assert main(["--root", str(registry_only_repo), "new", str(raw)]) == 0
    added = next((registry_only_repo / "articles").glob("*.txt"))
    assert added.read_bytes() == raw.read_bytes()
    assert added.stem.startswith(f"{SEEDS[article_id]}-")
    stub = (registry_only_repo / "annotations" / "articles" / f"{added.stem}.yml").read_text(encoding="utf-8")
    assert stub.startswith("# yaml-language-server: $schema=../../schemas/annotation.schema.json\n")
    # The outlet is written as a value, with how it was detected as a comment.
    assert re.search(rf"^  outlet: {SEEDS[article_id]}  # ", stub, re.MULTILINE)
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
    shutil.copy(SEED / "articles" / "rt-2017-08-02-false-from-start-to-finish.txt", raw)
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
    shutil.copy(SEED / "articles" / "tass-2017-08-02-secret-graves.txt", raw)
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
    document = yaml.load((SEED / path).read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # all scalars as text
    jsonschema.validate(document, json_schemas()[schema])


def test_json_schema_rejects_what_the_checker_rejects() -> None:
    schema = json_schemas()["annotation"]
    bad = {"claims": [{"id": "x", "qoute": "typo", "kind": "direct", "summary": "s"}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"article": {"url": "javascript:alert(1)"}}, schema)


# --- Metadata detection on scrapes of any outlet -------------------------------------------------

NOISY_SCRAPE = """Menu | News | Sport | Weather | Traffic
Photo: Snow covers the National Mall on Tuesday. (John Doe/AP)
Share your photos with us as the region grips a wintry storm
Wintry storm shuts schools across the capital region
By Jane Reporter, Staff Writer
Published: Wednesday, April 14, 2010 10:31 a.m. ET

WASHINGTON (Reuters) - Schools closed across the capital region on Wednesday as a wintry storm dropped a foot of snow.

"We have not seen anything like this in a decade," said Steve Cowan, a meteorologist with the county. "The roads will stay closed until Friday."
"""


def _outlets() -> dict[str, Outlet]:
    return {
        "reuters": Outlet(Origin("o"), id="reuters", name="Reuters", url="https://www.reuters.com"),
        "wusa": Outlet(Origin("o"), id="wusa", name="WUSA9", url="https://www.wusa9.com", aliases=("WUSA",)),
    }


def test_title_date_and_outlet_are_detected_past_captions_prompts_and_bylines() -> None:
    found = detect_metadata(NOISY_SCRAPE, _outlets())
    assert found.title is not None
    assert found.title.value == "Wintry storm shuts schools across the capital region"
    assert found.published is not None
    assert found.published.value == "2010-04-14"
    assert found.published.how == "'Published' date on line 6"
    assert found.outlet is not None
    assert (found.outlet.value, found.outlet.how) == ("reuters", "dateline '(Reuters)'")


@pytest.mark.parametrize(
    "line",
    [
        "Wednesday, April 14, 2010",
        "April 14, 2010",
        "Apr. 14, 2010 10:31 AM",
        "14 April 2010",
        "2010-04-14T10:31:00Z",
        "Posted on 2010/04/14",
        "Updated: April 15, 2010 | Published: April 14, 2010",
    ],
)
def test_dates_are_read_in_the_forms_news_pages_write_them(line: str) -> None:
    found = detect_date(f"A headline about snow\n{line}\n\nThe body of the article, which is long enough.\n")
    assert found is not None
    assert found.value == "2010-04-14"


def test_a_date_inside_the_body_is_not_taken_for_the_publication_date() -> None:
    body = (
        "Schools closed on Wednesday, and they were also closed on April 14, 2010, the last time it snowed this much."
    )
    assert detect_date(f"A headline about snow\n\n{body}\n") is None


def test_the_address_tells_outlet_date_and_as_a_last_resort_the_title() -> None:
    url = "https://www.wusa9.com/article/weather/2019/05/14/wintry-storm-grips-region-4b1f9c2a.html"
    found = detect_metadata(
        "schools closed today, as a wintry storm dropped a foot of snow on the region.", _outlets(), url
    )
    assert found.outlet == Detected("wusa", "the address's host 'wusa9.com'")
    assert found.published is not None
    assert found.published.value == "2019-05-14"
    assert found.title is not None
    assert found.title.value == "Wintry storm grips region"


def test_the_outlet_named_in_a_sentence_is_not_the_publisher() -> None:
    text = "Storm closes schools\n\nSteve Cowan told CNN affiliate WUSA that the roads were closed, Reuters reported.\n"
    assert detect_metadata(text, _outlets()).outlet is None


# --- `archive new`: options, retries, and never overwriting a contributor's work -----------------


def _new(root: Path, *args: str) -> int:
    return main(["--root", str(root), "new", *args])


def test_new_writes_detected_and_given_metadata_as_values(registry_only_repo: Path, tmp_path: Path) -> None:
    raw = tmp_path / "scrape.txt"
    raw.write_text(NOISY_SCRAPE, encoding="utf-8")
    assert _new(registry_only_repo, str(raw)) == 0
    stub_path = registry_only_repo / "annotations" / "articles" / "reuters-2010-04-14-wintry-storm-shuts-schools.yml"
    article = yaml.safe_load(stub_path.read_text(encoding="utf-8"))["article"]
    assert article["outlet"] == "reuters"
    assert article["published"] == "2010-04-14"  # only `archive new` detects it: written as a value
    url = "https://www.reuters.com/world/snow-2010-04-14/"
    args = ["--title", "Snow shuts schools", "--published", "2010-04-15", "--url", url, "--outlet", "rt", "--force"]
    assert _new(registry_only_repo, str(raw), *args) == 0
    stub = (registry_only_repo / "annotations" / "articles" / "rt-2010-04-15-snow-shuts-schools.yml").read_text(
        encoding="utf-8"
    )
    assert yaml.safe_load(stub)["article"] == {
        "title": "Snow shuts schools",
        "outlet": "rt",
        "published": "2010-04-15",
        "url": url,
        "tags": [],
    }
    assert '  title: "Snow shuts schools"  # given with --title\n' in stub
    assert not stub_path.exists(), "the first, untouched stub is replaced, not left behind"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--outlet", "reuter"],
            "error: --outlet 'reuter' is not an outlet id of annotations/outlets.yml (did you mean 'reuters'?)",
        ),
        (["--published", "14/04/2010"], "error: --published '14/04/2010': expected an ISO 8601 date (YYYY-MM-DD)"),
        (["--url", "javascript:alert(1)"], "error: --url 'javascript:alert(1)': expected an http or https address"),
        (["--id", "Not An Id"], "error: 'Not An Id' is not a valid article id"),
    ],
)
def test_new_refuses_invalid_options_and_writes_nothing(
    registry_only_repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    raw = tmp_path / "scrape.txt"
    raw.write_text(NOISY_SCRAPE, encoding="utf-8")
    assert _new(registry_only_repo, str(raw), *args) == 1
    assert message in capsys.readouterr().err
    assert not list((registry_only_repo / "articles").iterdir())


def test_a_retry_replaces_its_own_untouched_files_and_never_a_contributors(
    registry_only_repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = tmp_path / "scrape.txt"
    raw.write_text("Share your photos as the region grips a wintry storm\n\nSnow fell.\n", encoding="utf-8")
    articles, stubs = registry_only_repo / "articles", registry_only_repo / "annotations" / "articles"
    assert _new(registry_only_repo, str(raw)) == 0
    first = next(articles.glob("*.txt")).stem
    capsys.readouterr()
    # The same command again changes nothing and says how to go on.
    assert _new(registry_only_repo, str(raw)) == 1
    assert "run again with --id NEW-ID to rename it, or --force to write its stub again" in capsys.readouterr().err
    # A better id moves both untouched files.
    assert _new(registry_only_repo, str(raw), "--id", "wusa-2010-04-14-wintry-storm") == 0
    assert f"replaced articles/{first}.txt and annotations/articles/{first}.yml" in capsys.readouterr().out
    assert sorted(p.name for p in articles.iterdir()) == ["wusa-2010-04-14-wintry-storm.txt"]
    assert sorted(p.name for p in stubs.iterdir()) == ["wusa-2010-04-14-wintry-storm.yml"]
    assert (articles / "wusa-2010-04-14-wintry-storm.txt").read_bytes() == raw.read_bytes()
    # --force writes the untouched stub again.
    assert _new(registry_only_repo, str(raw), "--id", "wusa-2010-04-14-wintry-storm", "--force") == 0
    # Once a contributor has edited the stub, nothing replaces it.
    stub = stubs / "wusa-2010-04-14-wintry-storm.yml"
    stub.write_text(stub.read_text(encoding="utf-8").replace("tags: []", "tags: [weather]"), encoding="utf-8")
    edited = stub.read_bytes()
    capsys.readouterr()
    for args in (["--id", "other-id"], ["--id", "wusa-2010-04-14-wintry-storm", "--force"]):
        assert _new(registry_only_repo, str(raw), *args) == 1
        error = capsys.readouterr().err
        assert (
            "annotations/articles/wusa-2010-04-14-wintry-storm.yml: error: changed since `archive new` wrote it"
            in error
        )
        assert "nothing was written" in error
    assert stub.read_bytes() == edited
    assert sorted(p.name for p in articles.iterdir()) == ["wusa-2010-04-14-wintry-storm.txt"]


def test_the_stub_knows_whether_it_is_untouched() -> None:
    suggestions = suggest_claims(NOISY_SCRAPE, {})
    metadata = StubMetadata(Detected("Snow", "given with --title"), None, Detected("reuters", "dateline '(Reuters)'"))
    stub = render_stub("reuters-snow", metadata, suggestions)
    assert is_untouched_stub(stub)
    assert not is_untouched_stub(stub.replace("tags: []", "tags: [weather]"))
    assert not is_untouched_stub(stub + "# a note\n")
    assert yaml.safe_load(stub)["claims"] == []


# --- Speakers: who the sentence names with the attribution verb ----------------------------------


def _person(speaker_id: str, name: str, *aliases: str, kind: str = "person") -> Speaker:
    return Speaker(Origin("s"), id=speaker_id, name=name, type=kind, aliases=aliases)


def _speakers_of(text: str, registry: dict[str, Speaker] | None = None) -> dict[str, tuple[str | None, str]]:
    return {s.quote[:24]: (s.speaker, s.reason) for s in suggest_claims(text, registry or {}).claims}


def test_the_speaker_is_who_the_sentence_names_with_the_verb_not_the_last_name_seen() -> None:
    text = (
        "Steve Cowan, a meteorologist with the county, watched the snow with Mayor Muriel Bowser.\n\n"
        "“We have not seen anything like this in a decade,” Cowan told CNN affiliate WUSA on Tuesday.\n\n"
        "According to Bowser, “the city will have every plow on the streets by midnight.”\n\n"
        "“Schools will stay closed on Thursday and Friday,” said Rafael Ortiz, the schools chancellor.\n\n"
        "Ortiz, who spoke after Bowser, said: “Parents should keep their children at home.”"
    )
    registry = {"cnn": _person("cnn", "CNN", kind="organization"), "wusa": _person("wusa", "WUSA", kind="organization")}
    found = _speakers_of(text, registry)
    assert found["We have not seen anythin"][0] == "steve-cowan"
    assert found["the city will have every"][0] == "muriel-bowser"
    assert found["Schools will stay closed"][0] == "rafael-ortiz"
    assert found["Parents should keep thei"][0] == "rafael-ortiz"


def test_a_pronoun_is_the_nearest_person_of_its_gender_and_nobody_when_unsure() -> None:
    text = (
        "Ms. Jane Doe waited at the bus stop with her neighbor. Mr. Tom Smith drove past twice.\n\n"
        "“Nobody has come to plow the street in three days,” she said.\n\n"
        "Pat Lee and Sam Kim also waited there.\n\n"
        "“It has been a week of this,” they said. “Not once did a plow come down this street,” he added."
    )
    found = _speakers_of(text)
    assert found["Nobody has come to plow "][0] == "jane-doe"
    assert found["Not once did a plow come"] == (
        None,
        "'he added': the text does not tell which of Sam Kim, Pat Lee, Tom Smith is meant",
    )


def test_a_paragraph_that_goes_on_quoting_keeps_the_speaker() -> None:
    text = (
        "“The storm came faster than any model predicted,” said Steve Cowan.\n\n"
        "“We will have snow on the ground until the weekend, and ice after that.”"
    )
    speaker, reason = _speakers_of(text)["We will have snow on the"]
    assert speaker == "steve-cowan"
    assert "goes on quoting Steve Cowan" in reason


def test_unregistered_speakers_are_proposed_as_registry_entries(registry_only_repo: Path, tmp_path: Path) -> None:
    raw = tmp_path / "scrape.txt"
    raw.write_text(NOISY_SCRAPE, encoding="utf-8")
    assert _new(registry_only_repo, str(raw)) == 0
    stub = next((registry_only_repo / "annotations" / "articles").glob("*.yml")).read_text(encoding="utf-8")
    assert '# speakers.yml:\n#   steve-cowan: {name: "Steve Cowan", type: person}\n' in stub
    assert "#    speaker: steve-cowan\n" in stub
    entry = stub.split("# speakers.yml:\n", 1)[1].splitlines()[0].removeprefix("#")
    assert yaml.safe_load(entry) == {"steve-cowan": {"name": "Steve Cowan", "type": "person"}}


def test_titles_of_works_are_not_taken_for_quotations() -> None:
    text = (
        "The storm recalled the film “The Day After Tomorrow Comes Early” and a county report titled "
        "“Winter Weather Risks for the Capital Region,” and the album “Songs From The Frozen North.”\n\n"
        "Residents watched “The Long Cold Winter Of The Century” on television.\n\n"
        "“We will have snow on the ground until the weekend,” said Steve Cowan."
    )
    assert [s.quote for s in suggest_claims(text, {}).claims] == ["We will have snow on the ground until the weekend"]


_TEXT_PIECES = st.sampled_from(
    ["said", "he", "she", "Mr.", "Ms.", "Steve Cowan", "Cowan", "according to", "told", "the spokesman", "a source",
     "“", "”", '"', "‘", "’", ":", ",", ".", "\n\n", "@handle:", "was told by", "and", "the film", "titled", "...",
     "We have not seen anything like it", "interview", "Published: April 14, 2010"]
)  # fmt: skip


@given(st.lists(_TEXT_PIECES, max_size=80).map(" ".join))
def test_any_text_gives_suggestions_that_point_at_it_and_a_valid_untouched_stub(text: str) -> None:
    suggestions = suggest_claims(text, {})
    for suggestion in suggestions.claims:
        assert text[suggestion.start : suggestion.end] == suggestion.quote
    found = detect_metadata(text, {}, "https://example.com/2019/05/14/storm-grips-region")
    stub = render_stub("article-x", StubMetadata(found.title, found.published, found.outlet), suggestions)
    assert yaml.safe_load(stub)["claims"] == []
    assert is_untouched_stub(stub)


def test_header_lines_are_read_only_as_far_as_a_headline_goes() -> None:
    """A 100,000-character line of noise cannot make detection slow: the patterns never read past the cut."""
    from build_tools.detect import HEADER_LINE_READ, _header_candidates, detect_metadata  # noqa: PLC0415

    text = "Quiet day\n\n" + "a" * 100_000 + "!\n\n" + "x" * 50_000 + "@" + "y" * 50_000 + "\n"
    assert all(len(line) <= HEADER_LINE_READ for _, line in _header_candidates(text))
    metadata = detect_metadata(text, {})
    assert metadata.title is None


def test_force_alone_keeps_the_id_the_article_was_given(registry_only_repo: Path, tmp_path: Path) -> None:
    raw = tmp_path / "scrape.txt"
    raw.write_text(NOISY_SCRAPE, encoding="utf-8")
    assert _new(registry_only_repo, str(raw), "--id", "snow-day") == 0
    assert _new(registry_only_repo, str(raw), "--force") == 0
    assert (registry_only_repo / "articles" / "snow-day.txt").is_file()
    assert (registry_only_repo / "annotations" / "articles" / "snow-day.yml").is_file()
    assert sorted(p.name for p in (registry_only_repo / "articles").iterdir()) == ["snow-day.txt"]

"""The tiny archive with hostile text in every free-text field: what escaping is tested on, at each stage.

The render stage's tests (`test_render_stage.py`) render it without building a site; the build's
safety tests (`test_build_safety.py`) build it with MkDocs and open it in a browser. Each field's
value starts with a label (`F-title`) to find it by, followed by every payload.
"""

from __future__ import annotations

import textwrap

import yaml

from tests.conftest import TINY_FILES

DAILY = "annotations/articles/daily-2020-01-01-budget.yml"
"""The annotation file of the tiny archive's main article."""

PAYLOADS = (
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    "[click](javascript:window.__pwned=1)",
    '<a href="javascript:window.__pwned=1">x</a>',
    "{{ config }}",
    "{% for x in range(3) %}JINJA{% endfor %}",
    "<!-- -->",
    "</div></mark><svg onload=window.__pwned=1>",
    '" onmouseover="window.__pwned=1',
    "![x](https://evil.example/x.png)",
    '{: onclick="window.__pwned=1" }',
    # Text that ends the element it is placed in: <title> is the one the theme fills with plain text.
    "</title><script>window.__pwned=1</script>",
)
ALL_PAYLOADS = " ".join(PAYLOADS)


def payload(label: str) -> str:
    """A field's value: a label to find it by, then every payload."""
    return f"{label} {ALL_PAYLOADS}"


def registry(relative: str) -> dict:
    """A YAML file of the tiny archive, read."""
    return yaml.safe_load(textwrap.dedent(TINY_FILES[relative]))


def dump(data: dict) -> str:
    """YAML as a contributor would write it (any character, one line per value)."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100_000)


def payload_files() -> dict[str, str]:
    """The tiny archive with a payload in every free-text field (and in the raw texts they quote)."""
    files = dict(TINY_FILES)
    daily_txt = "articles/daily-2020-01-01-budget.txt"
    files[daily_txt] = files[daily_txt].replace(
        "READ MORE: Pensions explained",
        f"READ MORE: {payload('F-read-more')}\n\n"
        f'{payload("F-cue")} "{payload("F-quote")}" {payload("F-speaker-name")}, {payload("F-outlet-name")}',
    )
    herald_txt = "articles/herald-2020-01-02-budget.txt"
    files[herald_txt] = files[herald_txt].replace("Minister: no pension cuts", payload("F-raw-headline"))

    speakers = registry("annotations/speakers.yml")
    speakers["payload-person"] = {
        "name": payload("F-speaker-name"),
        "type": "person",
        "aliases": [payload("F-speaker-alias")],
        "description": payload("F-speaker-description"),
        "roles": [{"title": payload("F-role-title"), "organization": "finance-ministry"}],
        "links": ["https://example.org/speaker"],
    }
    outlets = registry("annotations/outlets.yml")
    outlets["daily"].update(
        name=payload("F-outlet-name"), description=payload("F-outlet-description"), owner=payload("F-outlet-owner")
    )
    events = registry("annotations/events.yml")
    events["budget-2020"].update(title=payload("F-event-title"), description=payload("F-event-description"))
    tags = registry("annotations/tags.yml")
    tags["budget"].update(title=payload("F-tag-title"), description=payload("F-tag-description"))

    daily = registry(DAILY)
    daily["article"].update(
        title=payload("F-title"), url="https://example.org/daily", archived_url="https://archive.example.org/daily"
    )
    daily["notes"] = payload("F-notes")
    talks_failed, _, fantasy = daily["claims"]
    talks_failed["summary"] = payload("F-summary")
    talks_failed["review"] = {
        "rating": "mixed",
        "explanation": payload("F-review"),
        "sources": ["https://example.org/evidence"],
    }
    fantasy["speaker"] = {"unnamed": payload("F-unnamed"), "affiliation": "finance-ministry"}
    daily["claims"].append(
        {
            "id": "payload",
            "quote": payload("F-quote"),
            "speaker": "payload-person",
            "cue": payload("F-cue"),
            "kind": "direct",
            "summary": payload("F-payload-summary"),
            "tags": ["budget"],
            "relations": [
                {"refutes": {"title": payload("F-external-title"), "url": "https://example.org/report"}},
                {"supports": "daily-2020-01-01-budget#talks-failed"},
            ],
        }
    )
    daily["references"].append({"cites": {"title": payload("F-reference-title"), "url": "https://example.org/ref"}})

    files.update(
        {
            "annotations/speakers.yml": dump(speakers),
            "annotations/outlets.yml": dump(outlets),
            "annotations/events.yml": dump(events),
            "annotations/tags.yml": dump(tags),
            DAILY: dump(daily),
        }
    )
    return files


FIELDS_SHOWN = {
    "F-title": "articles/daily-2020-01-01-budget/",
    "F-raw-headline": "articles/herald-2020-01-02-budget/",
    "F-read-more": "articles/daily-2020-01-01-budget/",
    "F-quote": "articles/daily-2020-01-01-budget/",
    "F-cue": "articles/daily-2020-01-01-budget/",
    "F-summary": "articles/daily-2020-01-01-budget/",
    "F-payload-summary": "articles/daily-2020-01-01-budget/",
    "F-notes": "articles/daily-2020-01-01-budget/",
    "F-review": "articles/daily-2020-01-01-budget/",
    "F-external-title": "articles/daily-2020-01-01-budget/",
    "F-reference-title": "articles/daily-2020-01-01-budget/",
    "F-unnamed": "articles/daily-2020-01-01-budget/",
    "F-speaker-name": "speakers/payload-person/",
    "F-speaker-alias": "speakers/payload-person/",
    "F-speaker-description": "speakers/payload-person/",
    "F-role-title": "speakers/payload-person/",
    "F-outlet-name": "outlets/daily/",
    "F-outlet-description": "outlets/daily/",
    "F-outlet-owner": "outlets/daily/",
    "F-event-title": "events/budget-2020/",
    "F-event-description": "events/budget-2020/",
    "F-tag-title": "tags/budget/",
    "F-tag-description": "tags/budget/",
}
"""Every payload field and the page that must show it in full, as text."""

"""Schema: YAML trees in, typed checked records out; a record is read with the keys of its format."""

from __future__ import annotations

import pytest

from build_tools.diagnostics import Diagnostics, Origin
from build_tools.formats import CLAIM, ROLE, ClaimFields, RoleFields
from build_tools.load import parse_yaml
from build_tools.schema import INVALID, Checked, Checking


def check(record_yaml: str, record: str = "role") -> tuple[Checked, list[str]]:
    """Check YAML text as a role (or a claim) and return the record with every message as printed."""
    diagnostics = Diagnostics()
    node = parse_yaml("x.yml", record_yaml, diagnostics)
    assert node is not None
    checked = (ROLE if record == "role" else CLAIM).check(node, Checking(diagnostics))
    assert checked is not INVALID
    return checked, [str(d) for d in diagnostics.sorted()]


def test_a_checked_record_is_read_with_the_keys_of_its_format() -> None:
    role, problems = check("title: Spokesman\norganization: ministry\nfrom: '2019-01-01'\n")
    assert not problems
    assert role.complete
    assert role[RoleFields.title] == "Spokesman"
    assert role.get(RoleFields.organization) == "ministry"
    # `from` is a Python keyword: the key is written `from`, read as `start`.
    assert role[RoleFields.start] == "2019-01-01"
    assert role.origin_of(RoleFields.start) == Origin("x.yml", 3, 7)
    assert role.get(RoleFields.end) is None
    assert RoleFields.end not in role


def test_a_list_is_read_with_where_each_item_was_written() -> None:
    claim, _ = check("id: a\nquote: q\nkind: direct\nsummary: s\ntags: [x, y]\n", record="claim")
    assert claim.get(ClaimFields.tags, []) == [("x", Origin("x.yml", 5, 8)), ("y", Origin("x.yml", 5, 11))]


def test_a_record_with_a_problem_keeps_what_fits_and_names_what_does_not() -> None:
    role, problems = check("title: Spokesman\nfrom: someday\nsince: 2019\n")
    assert problems == [
        "x.yml:2:7: error: expected an ISO 8601 date (YYYY-MM-DD), got 'someday'",
        "x.yml:3:1: error: unknown key 'since' in role (expected one of: title, organization, from, to)",
    ]
    assert not role.complete
    assert role[RoleFields.title] == "Spokesman"
    assert RoleFields.start not in role
    assert role.has_failed(RoleFields.start)
    assert not role.has_failed(RoleFields.title)
    assert role.failed == {"from", "since"}


def test_a_key_of_another_format_is_refused() -> None:
    role, _ = check("title: Spokesman\n")
    with pytest.raises(KeyError, match="'quote' is not a key of role"):
        role.get(ClaimFields.quote)

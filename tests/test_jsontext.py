"""JSON text: `compact_json` writes what the standard library writes, for every value the archive's JSON holds."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from build_tools.jsontext import compact_json


def _standard(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# Any text: control characters, quotes, backslashes, the line and paragraph separators, astral
# characters and unpaired surrogates (which a YAML escape can produce).
TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=40)
SCALARS = st.none() | st.booleans() | st.integers() | st.integers(min_value=-(2**70), max_value=2**70) | TEXT
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.tuples(inner, inner)
        | st.dictionaries(TEXT, inner, max_size=5)
        | st.dictionaries(st.integers(), inner, max_size=3)
    ),
    max_leaves=30,
)


@given(VALUES)
def test_compact_json_writes_what_the_standard_library_writes(value: Any) -> None:
    assert compact_json(value) == _standard(value)


@pytest.mark.parametrize(
    "value",
    [
        {"quote": "a \ud800 b"},  # an unpaired surrogate: orjson refuses it
        {"offset": 2**64},  # beyond 64 bits: orjson refuses it
        {1: "a key that is not a string"},
        ["</script>", "\u2028", "\x00\x1f\x7f", "é 😀"],
    ],
)
def test_values_orjson_refuses_or_escapes_differently_come_out_as_the_standard_librarys(value: Any) -> None:
    assert compact_json(value) == _standard(value)


def test_a_value_the_standard_library_refuses_is_refused() -> None:
    with pytest.raises(TypeError):
        compact_json({"when": object()})

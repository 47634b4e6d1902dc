"""JSON text: a value in, its compact JSON out, as `json.dumps(value, ensure_ascii=False, separators=(",", ":"))` writes it; pure.

The archive's downloads are large JSON documents (at 10,000 benchmark articles `archive.json`
is 147 MB and `annotations.jsonld` 127 MB before compression), and every page carries a JSON-LD
block. The standard library encoded the two downloads in 3.1 s; orjson, a maintained encoder
written in Rust, in 0.6 s, with byte-identical output (measured on the benchmark archive; the
equality is tested in `tests/test_jsontext.py`). Where orjson refuses a value that the standard
library takes (an integer beyond 64 bits, a key that is not a string, an unpaired surrogate),
the standard library writes it, so the two give the same text for everything the archive holds.
The one difference left is in floating-point numbers, which the archive's JSON does not contain:
orjson writes `1e-05` as `0.00001` and a NaN as `null`.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

_OPTIONS = orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME
"""Dataclasses and dates are refused, as the standard library refuses them (none is meant to reach here)."""


def compact_json(value: Any) -> str:
    """`value` as compact JSON text: no blank space, non-ASCII characters as they are."""
    try:
        return orjson.dumps(value, option=_OPTIONS).decode("utf-8")
    except orjson.JSONEncodeError:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

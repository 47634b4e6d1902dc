"""Timings: how long a phase of a build took, appended to the file named by ARCHIVE_TIMINGS (the benchmark reads it)."""

from __future__ import annotations

import json
import os
from pathlib import Path


def record_timing(phase: str, seconds: float, items: int, written: int) -> None:
    """Append one phase's duration, when the environment asks for timings; nothing otherwise."""
    target = os.environ.get("ARCHIVE_TIMINGS")
    if target:
        with Path(target).open("a", encoding="utf-8") as handle:
            handle.write(json.dumps({"phase": phase, "seconds": seconds, "items": items, "written": written}) + "\n")

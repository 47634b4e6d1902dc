"""The parallel map: results in order, and a worker the system kills is an error, never a hang."""

from __future__ import annotations

import os
import signal

import pytest

from build_tools import parallel
from build_tools.parallel import WorkerLostError, parallel_map


def _square(offset: int, item: int) -> int:
    return item * item + offset


def _killed_at_13(offset: int, item: int) -> int:
    if item == 13:
        os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's out-of-memory killer does
    return item + offset


def test_results_come_in_order_from_small_slices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "SLICE_ITEMS", 7)  # many more slices than workers
    items = list(range(500))
    assert parallel_map(_square, 1, items, workers=2, threshold=10) == [i * i + 1 for i in items]


def test_a_killed_worker_is_an_error_not_a_hang() -> None:
    with pytest.raises(WorkerLostError, match="for want of memory"):
        parallel_map(_killed_at_13, 0, list(range(300)), workers=2, threshold=10)

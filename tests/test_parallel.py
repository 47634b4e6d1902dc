"""The parallel map: results in order, and a worker the system kills is an error, never a hang."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time

import pytest

from build_tools import parallel
from build_tools.parallel import WorkerLostError, parallel_map


def _square(offset: int, item: int) -> int:
    return item * item + offset


def _killed_in_a_worker(offset: int, item: int) -> int:
    if multiprocessing.parent_process() is not None:  # a worker, not the process that waits for it
        os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's out-of-memory killer does
    return item + offset


def test_results_come_in_order_from_small_slices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "SLICE_ITEMS", 7)  # many more slices than workers
    items = list(range(500))
    assert parallel_map(_square, 1, items, workers=2, threshold=10) == [i * i + 1 for i in items]


def test_a_killed_worker_is_an_error_not_a_hang() -> None:
    with pytest.raises(WorkerLostError, match="for want of memory"):
        parallel_map(_killed_in_a_worker, 0, list(range(3000)), workers=2, threshold=10)


def _pid(offset: int, item: int) -> int:
    del item
    time.sleep(offset / 10_000)  # long enough for the worker to have started its first slice
    return os.getpid()


def test_the_waiting_process_works_too_beside_one_worker() -> None:
    pids = set(parallel_map(_pid, 2, list(range(4000)), workers=2, threshold=10))
    assert os.getpid() in pids
    assert len(pids) == 2, "one worker beside this process for two cores"

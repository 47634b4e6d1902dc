"""The parallel map: results in order, the waiting process works too, and a worker the system kills is an error, never a hang.

Each check runs in a Python process of its own: the map forks only where no other thread runs, and
the test process runs threads once the browser tests have started.
"""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO

COMMON = """
import multiprocessing, os, signal
from build_tools import parallel
from build_tools.parallel import WorkerLostError, parallel_map

def square(offset, item):
    return item * item + offset

def killed_in_a_worker(offset, item):
    if multiprocessing.parent_process() is not None:  # a worker, not the process that waits for it
        os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's out-of-memory killer does
    return item + offset

# Made before the map forks, so its workers share it.
BEGUN = multiprocessing.get_context("fork").Event()

def pid(offset, item):
    # The worker signals that it has begun; this process waits for it before its first item.
    if multiprocessing.parent_process() is not None:
        BEGUN.set()
    elif not BEGUN.wait(timeout=60):
        raise SystemExit("no worker began within a minute")
    return os.getpid()
"""


def run(check: str, *args: str) -> str:
    completed = subprocess.run(
        [sys.executable, "-c", COMMON + check, *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,  # a hang fails the test instead of stalling the run
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    return completed.stdout


def test_results_come_in_order_from_small_slices() -> None:
    run(
        "parallel.SLICE_ITEMS = 7\n"  # many more slices than workers
        "items = list(range(500))\n"
        "assert parallel_map(square, 1, items, workers=2, threshold=10) == [i * i + 1 for i in items]\n"
    )


def test_a_killed_worker_is_an_error_not_a_hang() -> None:
    said = run(
        "try:\n"
        "    parallel_map(killed_in_a_worker, 0, list(range(3000)), workers=2, threshold=10)\n"
        "except WorkerLostError as exc:\n"
        "    print('lost:', exc)\n"
    )
    assert "lost:" in said
    assert "for want of memory" in said


def test_the_waiting_process_works_too_beside_one_worker() -> None:
    said = run(
        "pids = set(parallel_map(pid, 0, list(range(4000)), workers=2, threshold=10))\n"
        "print(os.getpid() in pids, len(pids))\n",
    )
    assert said.split() == ["True", "2"], "one worker beside this process for two cores"

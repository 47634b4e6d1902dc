"""Parallel map: many independent pieces of work in, their results in order out, on every core when it pays.

Workers are forked, so that they inherit the data the work shares (the archive, the registries)
instead of receiving it pickled: only the items and the results cross between processes. Forking
a process that runs other threads is unsafe (a child can inherit a lock held by a thread that does
not exist in it, and Python 3.12+ warns about it), so while other threads run, as they do in
`mkdocs serve` (the server and the file watcher), the work is done in this process. A preview
renders only what an edit affects, so it loses little.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import tempfile
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, TypeVar

PARALLEL_THRESHOLD = 200
"""Below this many items, starting worker processes costs more than it saves."""

SLICE_ITEMS = 250
"""Most items a worker takes at once (at least four slices per worker)."""


class WorkerLostError(RuntimeError):
    """A worker process ended without its results: the work cannot be finished as asked."""


Shared = TypeVar("Shared")
Item = TypeVar("Item")
Result = TypeVar("Result")

_WORK: tuple[Callable[[Any, Any], Any], Any] | None = None
"""The function and shared data of the map under way, inherited by its forked workers."""


def fork_is_safe() -> bool:
    """Whether this process may fork workers: the platform can, and no other thread runs."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def parallel_map(
    function: Callable[[Shared, Item], Result],
    shared: Shared,
    items: Sequence[Item],
    *,
    workers: int | None = None,
    threshold: int | None = None,
) -> list[Result]:
    """`[function(shared, item) for item in items]`, on every core when there are enough items and it is safe.

    Args:
        function: What to do with each item; a module-level function (workers look it up by name).
        shared: What every call needs; inherited by the workers, never pickled.
        items: The work, in order; items and results must pickle.
        workers: Processes to use (default: one per core).
        threshold: The fewest items worth starting workers for (default `PARALLEL_THRESHOLD`).

    """
    count = workers if workers is not None else (os.cpu_count() or 1)
    if count <= 1 or len(items) < (threshold or PARALLEL_THRESHOLD) or not fork_is_safe():
        return [function(shared, item) for item in items]
    # Interleaved slices balance the processes when the cost of items varies along the list; small
    # ones keep what a worker holds (its slice's results, and their pickled copy) to a few MB.
    parts = max(count * 4, -(-len(items) // SLICE_ITEMS))
    slices = [list(items[start::parts]) for start in range(parts)]
    done = _run_slices(function, shared, slices, count)
    return [done[position % parts][position // parts] for position in range(len(items))]


def _run_slices(function: Callable[[Any, Any], Any], shared: Any, slices: list[list[Any]], count: int) -> list[Any]:
    """The results of every slice: `count - 1` forked workers take them from the front, this process from the back.

    This process works too, so one worker fewer holds a copy of the memory it touches. A worker's
    results come back through a file, never a pipe: a worker killed halfway through a large message
    would leave the reader waiting for the rest for ever.
    """
    global _WORK  # noqa: PLW0603 - forked workers inherit the work instead of unpickling it
    _WORK = (function, shared)
    done: list[Any] = [None] * len(slices)
    # The objects so far are left out of the workers' garbage collection: a collection touches
    # every object it tracks, which would copy the whole inherited memory into each worker.
    gc.freeze()
    try:
        with (
            tempfile.TemporaryDirectory(prefix="archive-work-") as spool,
            ProcessPoolExecutor(count - 1, mp_context=multiprocessing.get_context("fork")) as pool,
        ):
            futures = [pool.submit(_run_slice_into, slice_, f"{spool}/{index}") for index, slice_ in enumerate(slices)]
            for index in reversed(range(len(slices))):
                if not futures[index].cancel():
                    break  # The workers have it (and every slice before it): this process is done.
                done[index] = _run_slice(slices[index])
            for index, future in enumerate(futures):
                if done[index] is None:
                    with Path(future.result()).open("rb") as results:
                        done[index] = pickle.load(results)  # noqa: S301 - written by our own worker just now
    except BrokenProcessPool as exc:
        raise WorkerLostError(
            "a worker process stopped before finishing its work (killed by the system, most likely for want of memory)"
        ) from exc
    finally:
        _WORK = None
        gc.unfreeze()
    return done


def _run_slice_into(items: list[Any], path: str) -> str:
    with Path(path).open("wb") as out:
        pickle.dump(_run_slice(items), out, protocol=pickle.HIGHEST_PROTOCOL)
    return path


def _run_slice(items: list[Any]) -> list[Any]:
    assert _WORK is not None
    function, shared = _WORK
    return [function(shared, item) for item in items]

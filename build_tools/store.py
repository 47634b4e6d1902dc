"""Content-addressed stores: values in, by the digest of everything they depend on, and back out.

An entry's name is the digest of its value's inputs, so an entry is never stale, only unused; a
build removes the entries nothing current needs. Entries are pickles in `<folder>/<2 hex>/`,
written only by this program under the repository's own build folder (the workflows keep it
between runs). The prepared-article cache (`pipeline.py`) and the page cache (`page_cache.py`)
are both one of these.
"""

from __future__ import annotations

import dataclasses
import gc
import operator
import os
import pickle
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

T = TypeVar("T")


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off for work that makes many objects and few cycles, and back as it was after.

    Reading back 10,000 prepared articles makes some 400,000 objects, and the collector, run every
    few hundred of them, walks all those made so far again and again: 4.3 s of loading with it,
    1.5 s without (benchmark archive, 10,000 articles). Unpickled values hold no reference cycles,
    so nothing is left for the collector to find once it is back. Nested uses are fine.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            # What the work made and kept is moved out of the collector's sight (it is still freed
            # when no longer referenced): otherwise the first collection after would walk it all,
            # 0.4 s after a generation of 10,000 articles, and every full one in the MkDocs build.
            gc.freeze()
            gc.enable()


def quick_state(*kinds: type) -> None:
    """Give these slots dataclasses a `__setstate__` and a `__getstate__` that know their fields' names beforehand.

    The ones `dataclasses` writes for slots classes call `dataclasses.fields()` for every object
    they read back or store: reading 10,000 prepared articles (380,000 such objects) took 1.39 s
    with them, 1.08 s with these; storing 3,000 took 0.69 s with them, 0.59 s with these. The
    pickled state is the same (the values in field order, in a list), byte for byte.
    """
    for kind in kinds:
        if not dataclasses.is_dataclass(kind) or "__slots__" not in vars(kind):
            raise TypeError(f"{kind.__qualname__} is not a dataclass with slots")
        names = tuple(field.name for field in dataclasses.fields(kind))

        def setstate(self: Any, state: list[Any], names: tuple[str, ...] = names) -> None:
            put = object.__setattr__
            for name, value in zip(names, state, strict=True):
                put(self, name, value)

        get = operator.attrgetter(*names)

        def getstate(self: Any, get: Callable[[Any], Any] = get, single: bool = len(names) == 1) -> list[Any]:
            return [get(self)] if single else list(get(self))

        kind.__setstate__ = setstate  # type: ignore[attr-defined]
        kind.__getstate__ = getstate  # type: ignore[method-assign]


class DigestStore(Generic[T]):
    """Values of one type stored by digest in `folder`; a value that cannot be read back is absent."""

    def __init__(self, folder: Path, kind: type) -> None:
        self.folder = folder
        self.kind = kind

    def _path(self, digest: str) -> Path:
        return self.folder / digest[:2] / f"{digest}.pickle"

    def get(self, digest: str) -> T | None:
        """The value stored under `digest`, or None when there is none (or it cannot be read)."""
        try:
            # Written only by this program, under the repository's own build folder.
            value = pickle.loads(self._path(digest).read_bytes())  # noqa: S301
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            return None
        return cast("T", value) if isinstance(value, self.kind) else None

    def put(self, digest: str, value: T) -> None:
        """Store `value` under `digest` (a store that cannot be written only costs time)."""
        path = self._path(digest)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
            temporary.replace(path)
        except OSError:
            return

    def prune(self, keep: Iterable[str]) -> int:
        """Remove every entry whose digest is not in `keep`; how many were removed."""
        if not self.folder.is_dir():
            return 0
        wanted = set(keep)
        removed = 0
        for bucket in os.scandir(self.folder):
            if not bucket.is_dir():
                continue
            for entry in os.scandir(bucket.path):
                if entry.name.removesuffix(".pickle") not in wanted:
                    Path(entry.path).unlink(missing_ok=True)
                    removed += 1
        return removed

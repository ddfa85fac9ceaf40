"""Process-wide tuning, in one visible place, each undone when its `with` block ends.

Library functions never touch the garbage collector or the environment; the
pipeline and the commands choose what to tune around a whole stage.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager

EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"


@contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Cyclic GC off while thousands of small, acyclic values are built (loading files):
    it would rescan them again and again. Restored afterwards, with what the block built
    counted as long-lived."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            _promote_young_objects()
            gc.enable()


def _promote_young_objects() -> None:
    # Everything built with the collector off is still in the youngest generation, so the
    # first collection after it is back would walk all of it (0.2 s for a 10,000-file
    # handbook). Freezing and thawing moves it to the oldest generation without a walk;
    # skipped when an outer block has objects frozen, as thawing would release them too.
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


@contextmanager
def settled_heap() -> Iterator[None]:
    """What is already built is frozen (never rescanned) while a stage runs; collections
    still run for what the stage allocates, and the heap is thawed afterwards."""
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@contextmanager
def build_date(epoch: str) -> Iterator[None]:
    """SOURCE_DATE_EPOCH set to `epoch` (unless the user set it), removed afterwards, so a
    date never sticks across rebuilds in one process."""
    if EPOCH_VARIABLE in os.environ:
        yield
        return
    os.environ[EPOCH_VARIABLE] = epoch
    try:
        yield
    finally:
        os.environ.pop(EPOCH_VARIABLE, None)


def worker_processes(items: int, threshold: int, jobs: int | None = None) -> int:
    """How many worker processes a stage starts for `items` pieces of work: none worth
    it (1: work in this process) below `threshold`, else `jobs`, or one per CPU."""
    if items < threshold:
        return 1
    return jobs if jobs is not None else (os.cpu_count() or 1)

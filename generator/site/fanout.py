"""Rendering many pages at once in worker processes.

The page functions close over the whole handbook, so they are never pickled:
the workers are forked after the functions exist, inherit them, and each
renders a share by position; only the page text travels back. Jinja2 and
Python-Markdown run on one core, so on a machine with more this divides the
longest part of generating a large handbook. Few pages (an edit in `handbook
serve`), one core, or a system without `fork` render here, in order.
"""

from __future__ import annotations

import gc
import multiprocessing
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor

from generator.tuning import worker_processes

Render = Callable[[], str]

# Below this many pages, starting workers costs more than it saves.
PARALLEL_THRESHOLD = 300
# Shares per worker: pages differ in cost (a persona page renders much more
# than an interview), so smaller shares keep the workers equally busy.
SHARES_PER_WORKER = 8

_inherited: Sequence[Render] = ()  # the page functions, while workers are forked from here


def _render_share(bounds: tuple[int, int]) -> list[bytes]:
    start, stop = bounds
    return [_inherited[i]().encode("utf-8") for i in range(start, stop)]


def _can_fork() -> bool:
    # macOS offers fork, but its system libraries are not safe after it.
    return "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"


def render_all(pages: Sequence[Render], jobs: int | None = None) -> list[bytes]:
    """The text of every page, UTF-8, in the order given."""
    global _inherited
    jobs = worker_processes(len(pages), PARALLEL_THRESHOLD, jobs)
    if jobs <= 1 or not _can_fork():
        return [render().encode("utf-8") for render in pages]
    size = max(1, -(-len(pages) // (jobs * SHARES_PER_WORKER)))
    shares = [(start, min(start + size, len(pages))) for start in range(0, len(pages), size)]
    _inherited = pages
    try:
        # gc.freeze: the collector never walks (and so never copies) what was inherited.
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"),
                                 initializer=gc.freeze) as pool:
            return [text for share in pool.map(_render_share, shares) for text in share]
    finally:
        _inherited = ()

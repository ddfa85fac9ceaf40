"""Pagefind's index files, as the build reads and rewrites them (Pagefind 1.5's format:
gzip of a signature and CBOR): filters put in a fixed order, and the warm-up word
chosen from the words' page counts."""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterator
from itertools import chain
from pathlib import Path
from typing import Any

import cbor2

_SIGNATURE = b"pagefind_dcd"
# The warm-up word (see choose_warm_up_word): one on about this many pages.
WARM_UP_PAGES = 1_000


def settle_filters(bundle: Path) -> None:
    """Write Pagefind's filter files and their catalogue in a fixed order.

    Pagefind lists filters and their values in hash-map order, which changes
    from run to run; sorted (and renamed by their new content), two builds of
    the same handbook are byte for byte the same.
    """
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language in entry["languages"].values():
        meta_path = bundle / f"pagefind.{language['hash']}.pf_meta"
        meta = _read(meta_path)
        for item in meta[3]:  # [filter name, chunk of its values]
            path = bundle / "filter" / f"{item[1]}.pf_filter"
            values = _read(path)
            values[1].sort(key=lambda pair: pair[0])
            item[1] = _write(path, values, bundle / "filter", "{}.pf_filter", 7)
        meta[3].sort(key=lambda item: item[0])
        language["hash"] = _write(meta_path, meta, bundle, "pagefind.{}.pf_meta", 10)
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                          encoding="utf-8")


def choose_warm_up_word(bundle: Path, pages: int = WARM_UP_PAGES) -> str | None:
    """A word of the index on at least `pages` pages, as few more as found, that no other
    word of the index begins with; None when there is no such word.

    The first search of a page view runs Pagefind's WebAssembly in the browser's
    baseline compiler, about twice as slow as the optimised code the browser makes of
    it once it has run a while (measured in Chromium: 413 against 220 ms for the same
    search). search.js searches this word once the engine has loaded, so that the
    person's first search runs optimised. A search costs more the more pages hold its
    words, and Pagefind also searches every word beginning with a query's word: one
    word on about a thousand pages and no longer words is enough to get there, for
    about a tenth of a second. A smaller index needs no warm-up, as none of its
    searches is that slow. The words are read in the index's order until one on fewer
    than twice `pages` turns up, so the same index gives the same word.
    """
    best: tuple[int, str] | None = None
    previous: tuple[str, int] | None = None
    # A word is known to have no longer word once the next one is read; "" ends the list.
    for word, holders in chain(_indexed_words(bundle, pages), [("", 0)]):
        if previous and not word.startswith(previous[0]) and previous[1] >= pages \
                and (best is None or previous[1] < best[0]):
            best = (previous[1], previous[0])
            if best[0] < 2 * pages:
                break
        previous = (word, holders)
    return best[1] if best else None


def _indexed_words(bundle: Path, pages: int) -> Iterator[tuple[str, int]]:
    """Each word of the index in its order, with the number of pages holding it (none
    for an index of fewer than `pages` pages)."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    for language in entry["languages"].values():
        if language["page_count"] < pages:
            continue
        meta = _read(bundle / f"pagefind.{language['hash']}.pf_meta")
        for _first, _last, chunk in meta[2]:  # [first word, last word, chunk]
            for item in _read(bundle / "index" / f"{chunk}.pf_index")[0]:  # [word, pages, …]
                yield item[0], len(item[1])


def _read(path: Path) -> Any:
    return cbor2.loads(gzip.decompress(path.read_bytes())[len(_SIGNATURE):])


def _write(old: Path, value: Any, folder: Path, pattern: str, digits: int) -> str:
    """Replace `old` by `value` in Pagefind's format, named after its content."""
    data = _SIGNATURE + cbor2.dumps(value)
    language = old.name.split("_")[0].removeprefix("pagefind.")
    name = f"{language}_{hashlib.sha256(data).hexdigest()[:digits]}"
    old.unlink()
    (folder / pattern.format(name)).write_bytes(gzip.compress(data, mtime=0))
    return name

"""The site's search: a Pagefind index written into the built site, in chunks.

Pagefind (its extended build, from PyPI) reads the built HTML pages and writes
`pagefind/` beside them: an index split into small chunks that the browser
loads only as a query needs them, the fragments shown as results, and the
JavaScript that searches them. Only the parts of a page marked
`data-pagefind-body` are indexed (personas, segments, published interviews and
guides; the page templates and the theme override mark them), so navigation,
headers and footers never match. Confidential interviews have no page, so
their text cannot reach the index.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import cbor2

BUNDLE_DIR = "pagefind"
# Chinese word segmentation runs only for pages indexed as zh (or ja, th). The
# handbook's text is Chinese whatever the interface language, and segmenting
# keeps English words whole, so every site is indexed as zh; the browser then
# segments queries the same way.
INDEX_LANGUAGE = "zh"
# Permalink anchors (¶) of headings are chrome inside the indexed content.
EXCLUDED = [".headerlink"]
PAGE_TYPES = ("persona", "segment", "interview", "guide")
_SIGNATURE = b"pagefind_dcd"
# Pagefind's ready-made interfaces; the site has its own (assets/search.js).
UNUSED = [f"pagefind-{name}" for name in (
    "ui.js", "ui.css", "component-ui.js", "component-ui.css", "modular-ui.js", "modular-ui.css",
    "highlight.js")]


class SearchIndexError(Exception):
    """Pagefind could not index the built site."""


def index_site(site: Path) -> int:
    """Index the built site in `site` into `site/pagefind/`; returns the pages indexed."""
    # Pagefind's Python API is asynchronous; a thread of its own gives it an event
    # loop even when the caller already runs one (a browser driver, a server).
    try:
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(lambda: asyncio.run(_index(site.resolve()))).result()
    except (OSError, AssertionError) as exc:
        raise SearchIndexError(f"Pagefind did not run: {exc}") from exc
    except Exception as exc:  # the Pagefind service reports its errors as bare Exceptions
        raise SearchIndexError(f"Pagefind failed: {exc}") from exc


async def _index(site: Path) -> int:
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(force_language=INDEX_LANGUAGE, exclude_selectors=EXCLUDED,
                         output_path=str(site / BUNDLE_DIR))
    async with PagefindIndex(config=config) as index:
        indexed = await index.add_directory(str(site))
    pages = int(indexed["page_count"])
    bundle = site / BUNDLE_DIR
    if not (bundle / "pagefind.js").is_file():
        raise SearchIndexError(f"Pagefind wrote no search bundle ({pages} pages indexed)")
    for name in UNUSED:
        (bundle / name).unlink(missing_ok=True)
    settle_filters(bundle)
    return pages


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
        renamed = {}
        for item in meta[3]:
            name, chunk = item
            path = bundle / "filter" / f"{chunk}.pf_filter"
            values = _read(path)
            values[1].sort(key=lambda pair: pair[0])
            renamed[chunk] = _write(path, values, bundle / "filter", "{}.pf_filter", 7)
            item[1] = renamed[chunk]
        meta[3].sort(key=lambda item: item[0])
        language["hash"] = _write(meta_path, meta, bundle, "pagefind.{}.pf_meta", 10)
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                          encoding="utf-8")


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


def ui_labels(t: dict[str, Any]) -> dict[str, Any]:
    """What the search box shows, in the site's language (from `labels.yml`)."""
    keys = ("search", "search_placeholder", "search_loading", "search_none", "search_one",
            "search_many", "search_missing", "search_offline", "search_failed",
            "search_clear", "search_all_types", "search_all_segments", "search_all_statuses")
    labels: dict[str, Any] = {key: t[key] for key in keys}
    labels["types"] = {kind: t[f"type_{kind}"] for kind in PAGE_TYPES}
    labels["statuses"] = {s: t[f"status_{s}"] for s in ("draft", "active", "retired")}
    return labels

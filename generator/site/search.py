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

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from generator.site.build import BuildError
from generator.site.pagefind_files import choose_warm_up_word, settle_filters

BUNDLE_DIR = "pagefind"
# Chinese word segmentation runs only for pages indexed as zh (or ja, th). The
# handbook's text is Chinese whatever the interface language, and segmenting
# keeps English words whole, so every site is indexed as zh; the browser then
# segments queries the same way.
INDEX_LANGUAGE = "zh"
# Inside the indexed content, not indexed: permalink anchors (¶) of headings,
# and a persona's change history (field names and dates of past edits, which
# would match nearly every query).
EXCLUDED = [".headerlink", ".ph-history"]
PAGE_TYPES = ("persona", "segment", "interview", "guide")
# Pagefind's ready-made interfaces; the site has its own (assets/search.js).
UNUSED = [f"pagefind-{name}" for name in (
    "ui.js", "ui.css", "component-ui.js", "component-ui.css", "modular-ui.js", "modular-ui.css",
    "highlight.js")]


# The warm-up word (see choose_warm_up_word), for search.js.
WARM_UP_FILE = "warm-up.json"

BACKGROUND_SETTLE_SECONDS = 1.5
BACKGROUND_NICENESS = 10


class SearchIndexError(BuildError):
    """Pagefind could not index the built site."""

    stage = "the search index"


class IndexStopped(SearchIndexError):
    """The index under way was stopped (the preview is closing)."""


def index_site(site: Path, niceness: int = 0, stop: threading.Event | None = None) -> int:
    """Index the built site in `site` into `site/pagefind/`; returns the pages indexed.

    Runs Pagefind's own program (its extended build, which segments Chinese),
    not its Python service: the 1.5 service answers "files written" before
    its last file is flushed, and closing it then can leave a file half
    written. The program runs in an empty folder with no PAGEFIND_* settings,
    so no pagefind.yml or environment of the handbook's can change the index.
    A `niceness` above 0 runs it at a lower priority (where `nice` exists);
    setting `stop` ends the run under way (IndexStopped).
    """
    site = site.resolve()
    bundle = site / BUNDLE_DIR
    _clear(bundle)
    output = _run_pagefind(["--site", str(site), "--output-path", str(bundle),
                            "--force-language", INDEX_LANGUAGE,
                            *(f"--exclude-selectors={s}" for s in EXCLUDED)], niceness, stop)
    if not (bundle / "pagefind.js").is_file():
        raise SearchIndexError(f"Pagefind wrote no search bundle: {_last_lines(output)}")
    for name in UNUSED:
        (bundle / name).unlink(missing_ok=True)
    try:
        settle_filters(bundle)
        word = choose_warm_up_word(bundle)
    except (OSError, EOFError, ValueError, LookupError, TypeError) as exc:
        raise SearchIndexError(f"Pagefind's index is not in the form this handbook reads "
                               f"(Pagefind 1.5): {exc!r}") from exc
    (bundle / WARM_UP_FILE).write_text(json.dumps({"word": word}, ensure_ascii=False),
                                       encoding="utf-8")
    return sum(1 for _ in (bundle / "fragment").glob("*.pf_fragment"))


class BackgroundIndex:
    """Indexes a preview site for search without holding up the preview: after a moment
    without new requests (edits come in bursts), at a lower priority than the preview's
    own work, one run at a time and one more after it when pages changed meanwhile.
    Pagefind indexes the whole site each time. A failed index leaves the preview running
    without search, and says why."""

    def __init__(self, site: Path, settle: float = BACKGROUND_SETTLE_SECONDS) -> None:
        self.site, self.settle = site, settle
        self._lock = threading.Lock()
        self._running = False
        self._again = False
        self._stop = threading.Event()
        self._asked = 0.0
        self._thread: threading.Thread | None = None

    def request(self) -> None:
        """Index the site soon (again, once the run under way ends)."""
        with self._lock:
            self._asked = time.monotonic()
            if self._running:
                self._again = True
                return
            self._running = True
            self._thread = threading.Thread(target=self._run, name="search-index", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while True:
            while (quiet := time.monotonic() - self._asked) < self.settle:
                if self._stop.wait(min(self.settle - quiet, 0.1)):
                    break
            try:
                if not self._stop.is_set():
                    index_site(self.site, BACKGROUND_NICENESS, self._stop)
            except IndexStopped:
                pass
            except SearchIndexError as exc:
                print(f"handbook serve: search does not work in this preview: {exc}",
                      file=sys.stderr, flush=True)
            with self._lock:
                if not self._again or self._stop.is_set():
                    self._running = False
                    return
                self._again = False

    def wait(self) -> None:
        """Return once the runs requested so far are done."""
        with self._lock:
            thread = self._thread
        if thread is not None:
            thread.join()

    def stop(self) -> None:
        """End the run under way (the preview is closing: its index will not be read),
        skip those asked for after it, and return then, before the site is removed.
        Waiting for the run instead could take long: at its low priority, on a busy
        machine, Pagefind gets little time."""
        self._stop.set()
        self.wait()


def _clear(bundle: Path) -> None:
    """Remove whatever is at the bundle's place: files the handbook put in docs/pagefind/
    (MkDocs copies them) must not pass as part of the index, and Pagefind keeps a chunk
    file it finds already there."""
    if bundle.is_dir() and not bundle.is_symlink():
        shutil.rmtree(bundle)
    elif bundle.exists() or bundle.is_symlink():
        bundle.unlink()


def _run_pagefind(arguments: list[str], niceness: int = 0,
                  stop: threading.Event | None = None) -> str:
    """Run Pagefind's extended program with `arguments`; its output. Setting `stop`
    kills it (IndexStopped)."""
    try:
        from pagefind_bin_extended import get_executable

        program = get_executable()
    except (ImportError, FileNotFoundError) as exc:
        raise SearchIndexError("Pagefind's extended build is not installed "
                               f"(pip install 'pagefind[extended]'): {exc}") from exc
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("PAGEFIND_")}
    with tempfile.TemporaryDirectory(prefix="handbook-pagefind-") as empty:
        try:
            nice = shutil.which("nice") if niceness > 0 else None
            prefix = [nice, "-n", str(niceness)] if nice else []
            process = subprocess.Popen([*prefix, str(program), *arguments], cwd=empty,
                                       env=env, stdout=subprocess.PIPE,
                                       stderr=subprocess.STDOUT, text=True, errors="replace")
        except OSError as exc:
            raise SearchIndexError(f"Pagefind did not run: {exc}") from exc
        output = _output_unless_stopped(process, stop)
    if process.returncode != 0:
        raise SearchIndexError(f"Pagefind failed: {_last_lines(output)}")
    return output


def _output_unless_stopped(process: subprocess.Popen[str], stop: threading.Event | None,
                           every: float = 0.1) -> str:
    """What `process` prints until it ends; killed (IndexStopped) once `stop` is set."""
    with process:
        while True:
            try:
                return process.communicate(timeout=None if stop is None else every)[0]
            except subprocess.TimeoutExpired:
                if stop is not None and stop.is_set():
                    process.kill()
                    process.communicate()
                    raise IndexStopped("stopped") from None


def _last_lines(output: str, count: int = 3) -> str:
    return " / ".join(line.strip() for line in output.strip().splitlines()[-count:])


def ui_labels(t: dict[str, Any]) -> dict[str, Any]:
    """What the search box shows, in the site's language (from `labels.yml`)."""
    keys = ("search", "search_placeholder", "search_loading", "search_none", "search_one",
            "search_many", "search_more", "search_missing", "search_offline", "search_failed",
            "search_clear", "search_all_types", "search_all_segments", "search_all_statuses")
    labels: dict[str, Any] = {key: t[key] for key in keys}
    labels["types"] = {kind: t[f"type_{kind}"] for kind in PAGE_TYPES}
    labels["statuses"] = {s: t[f"status_{s}"] for s in ("draft", "active", "retired")}
    return labels

"""Helpers for browser tests: a built handbook served on localhost, driven by Chromium.

Browser tests skip on a machine without Chromium, except in CI (CI=true),
where a missing browser is a failure.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("HANDBOOK_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
SAMPLE_PARTS = ("personas", "interviews", "docs", "site_templates", "mkdocs.yml",
                "data/metrics.yml", "data/generate_sample_data.py")


def require_browser() -> None:
    """Skip without Chromium or Playwright, but never in CI."""
    missing = None
    if not CHROMIUM.exists():
        missing = f"no Chromium at {CHROMIUM}"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            missing = "Playwright is not installed"
    if missing and os.environ.get("CI") == "true":
        pytest.fail(f"browser tests must run in CI: {missing}")
    if missing:
        pytest.skip(missing)


def copy_sample_handbook(target: Path, rows: int = 20_000) -> Path:
    """The repository's sample handbook copied to `target`, with its data generated."""
    for part in SAMPLE_PARTS:
        source = REPO / part
        destination = target / part
        destination.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, destination)
        else:
            shutil.copy2(source, destination)
    subprocess.run([sys.executable, str(target / "data" / "generate_sample_data.py"),
                    "--handbook", str(target), "--out", str(target / "data"),
                    "--rows", str(rows)], check=True, capture_output=True)
    return target


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        # A page that navigates away cancels what it was still loading (the search
        # engine loads when a page is idle): not an error of the site.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve a folder on a free localhost port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium (Debian's) driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class PageWatch:
    """Records every request and console error of a page."""

    def __init__(self, page: Any) -> None:
        self.requests: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def foreign_requests(self, base: str) -> list[str]:
        return [url for url in self.requests
                if not url.startswith(base) and not url.startswith(("data:", "blob:"))]


def search(page: Any, words: str) -> list[str]:
    """Type into the site's search box; the links of the results, best first.

    Waits until the result list answers these words in full (the search script
    marks the list with the query it shows, and as busy while results are still
    coming).
    """
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(words)
    page.wait_for_function(
        """words => {
          const list = document.querySelector('.md-search-result__list');
          return list.dataset.query === words && !list.hasAttribute('aria-busy');
        }""", arg=words, timeout=30_000)
    return [str(a.get_attribute("href")) for a in page.locator(".md-search-result__link").all()]

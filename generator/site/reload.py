"""A local web server for the preview that reloads a page in the browser when it is rebuilt.

Every HTML page it serves loads a small script (from the server itself, so
the site's Content-Security-Policy, which allows no inline script, holds in
the preview too) that asks the server, in one long request at a time,
whether the page has been built again since it was loaded; the server
answers as soon as that page (or the whole site) is rebuilt. A browser on an
unchanged page is left alone, and nothing runs while nothing changes.
"""

from __future__ import annotations

import functools
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

RELOAD_PATH = "/.handbook/reload"
SCRIPT_PATH = "/.handbook/reload.js"
WAIT_SECONDS = 25.0
_TAG = '<script src="%s" data-since="%d"></script>'
_SCRIPT = b"""(function () {
  var since = document.currentScript.dataset.since, path = location.pathname;
  function ask() {
    fetch("%s?since=" + since + "&path=" + encodeURIComponent(path), {cache: "no-store"})
      .then(function (r) { return r.text(); })
      .then(function (answer) { if (answer === "reload") { location.reload(); } else { ask(); } })
      .catch(function () { setTimeout(ask, 2000); });
  }
  ask();
})();
""" % RELOAD_PATH.encode()


class Versions:
    """A counter of rebuilds, and the rebuild that last wrote each page."""

    def __init__(self) -> None:
        self.current = 0
        self.whole = 0
        self.pages: dict[str, int] = {}
        self.changed = threading.Condition()

    def bump(self, urls: list[str] | None) -> None:
        """Pages at `urls` (site-relative, as MkDocs names them) were rebuilt; None: all."""
        with self.changed:
            self.current += 1
            if urls is None:
                self.whole = self.current
            for url in urls or []:
                self.pages[_key(url)] = self.current
            self.changed.notify_all()

    def wait(self, path: str, since: int, seconds: float = WAIT_SECONDS) -> bool:
        """Whether the page at `path` is rebuilt after version `since` (waits a while)."""
        with self.changed:
            return self.changed.wait_for(lambda: self._newer(_key(path), since), seconds)

    def _newer(self, key: str, since: int) -> bool:
        return self.whole > since or self.pages.get(key, 0) > since


def _key(url: str) -> str:
    """`/personas/lin-xiao/index.html`, `personas/lin-xiao/` → `personas/lin-xiao/`."""
    path = url.lstrip("/")
    return path.removesuffix("index.html")


class _Handler(SimpleHTTPRequestHandler):
    server: PreviewServer

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path == RELOAD_PATH:
            self._answer_reload(parse_qs(parts.query))
            return
        if parts.path == SCRIPT_PATH:
            self._send(_SCRIPT, "text/javascript; charset=utf-8")
            return
        target = Path(self.translate_path(parts.path))
        if target.is_dir() and parts.path.endswith("/"):
            target = target / "index.html"
        if target.suffix == ".html" and target.is_file():
            self._send_page(target)
            return
        super().do_GET()

    def _answer_reload(self, query: dict[str, list[str]]) -> None:
        since = int((query.get("since") or ["0"])[0] or 0)
        path = (query.get("path") or ["/"])[0]
        changed = self.server.versions.wait(path, since)
        self._send(b"reload" if changed else b"wait", "text/plain")

    def _send_page(self, target: Path) -> None:
        script = _TAG % (SCRIPT_PATH, self.server.versions.current)
        html = target.read_bytes()
        head, found, tail = html.rpartition(b"</body>")
        page = head + script.encode() + found + tail if found else html + script.encode()
        self._send(page, "text/html; charset=utf-8")

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def translate_path(self, path: str) -> str:
        self.directory = str(self.server.root)
        return super().translate_path(path)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class PreviewServer(ThreadingHTTPServer):
    """Serves `root` (which may be switched to a new build) with live reload."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], root: Path) -> None:
        self.root = root
        self.versions = Versions()
        super().__init__(address, functools.partial(_Handler, directory=str(root)))

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        shown = host.decode() if isinstance(host, bytes) else host
        return f"http://{shown}:{port}/"

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that went away mid-answer (a page left while it waited for a reload)
        is normal; anything else is one line, not a traceback."""
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError):
            return
        print(f"handbook serve: could not answer a request: {error!r}", file=sys.stderr,
              flush=True)

    def start(self) -> threading.Thread:
        """Serve in a background thread."""
        thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 1.0},
                                  daemon=True)
        thread.start()
        return thread

"""`handbook serve` as a user runs it: its address, edits reaching the page, an idle process,
problems printed when they change."""

from __future__ import annotations

import os
import queue
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from generator.site.reload import RELOAD_PATH, PreviewServer
from generator.site.search import BACKGROUND_SETTLE_SECONDS
from tests.conftest import TODAY

pytestmark = pytest.mark.xdist_group("build")
TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch_until(url: str, wanted: str, seconds: float = 60) -> str:
    deadline, text = time.monotonic() + seconds, ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                text = response.read().decode("utf-8")
            if wanted in text:
                return text
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{wanted!r} never appeared at {url}")


class Server:
    """A real `handbook serve` subprocess and the lines it prints."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)

    def wait_for(self, text: str, seconds: float = 120) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                continue
            self.seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"{text!r} never printed; got: {''.join(self.seen)}")

    def output(self) -> str:
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return "".join(self.seen)

    def cpu_seconds(self) -> float:
        """CPU time of the server and of the programs it ran and waited for (Pagefind)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return sum(int(f) for f in fields[11:15]) / TICKS


@contextmanager
def serving(root: Path, temporary: Path | None = None) -> Iterator[tuple[Server, str]]:
    """A running preview of `root` (its temporary files in `temporary`, if given)."""
    port = free_port()
    env = os.environ | ({"TMPDIR": str(temporary)} if temporary else {})
    process = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", str(root),
         "--dev-addr", f"127.0.0.1:{port}", "--today", TODAY],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    server = Server(process)
    try:
        address = server.wait_for("serving the handbook at").split(" at ")[1].split()[0]
        yield server, address
    finally:
        process.terminate()
        process.wait(timeout=30)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_prints_its_address_and_an_edit_reaches_the_page(valid_handbook: Path) -> None:
    with serving(valid_handbook) as (server, address):
        page = f"{address}personas/lin-xiao/"
        fetch_until(page, "赶地铁的产品经理")
        edit(valid_handbook / "personas" / "commuters" / "lin-xiao.md",
             "赶地铁的产品经理", "改过标语的产品经理")
        fetch_until(page, "改过标语的产品经理")
        # The segment page, which lists the persona's tagline, follows.
        fetch_until(f"{address}segments/commuters/", "改过标语的产品经理")
        server.wait_for("updated")


def test_idle_while_nothing_changes_then_picks_up_an_edit(valid_handbook: Path) -> None:
    with serving(valid_handbook) as (server, address):
        fetch_until(f"{address}personas/zhou-ming/", "</html>")
        fetch_until(f"{address}pagefind/pagefind-entry.json", '"page_count"')
        time.sleep(1)
        before = server.cpu_seconds()
        time.sleep(10)
        assert server.cpu_seconds() - before < 0.5
        edit(valid_handbook / "personas" / "commuters" / "zhou-ming.md",
             "name: ", "name: 新名字 ")
        fetch_until(f"{address}personas/zhou-ming/", "新名字")


def test_problems_are_printed_when_they_appear_and_when_fixed(valid_handbook: Path) -> None:
    persona = valid_handbook / "personas" / "commuters" / "zhou-ming.md"
    good = persona.read_text(encoding="utf-8")
    with serving(valid_handbook) as (server, address):
        persona.write_text(good.replace("status: ", "status: actve #", 1), encoding="utf-8")
        server.wait_for("did you mean `active`")
        other = valid_handbook / "personas" / "commuters" / "lin-xiao.md"
        edit(other, "赶地铁的产品经理", "还是赶地铁的产品经理")
        time.sleep(3)
        persona.write_text(good, encoding="utf-8")
        server.wait_for("fixed: 1 problem")
        fetch_until(f"{address}personas/lin-xiao/", "还是赶地铁的产品经理")
    output = server.output()
    assert output.count("did you mean `active`") == 1
    assert "A 'dirty' build" not in output and "Traceback" not in output


def test_stopped_while_indexing_it_ends_and_leaves_nothing_behind(valid_handbook: Path,
                                                                  tmp_path: Path) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    with serving(valid_handbook, temporary) as (server, address):
        fetch_until(f"{address}pagefind/pagefind-entry.json", '"page_count"')
        edit(valid_handbook / "personas" / "commuters" / "lin-xiao.md",
             "赶地铁的产品经理", "改过标语的产品经理")
        server.wait_for("updated")  # the index of the edit runs soon after
        time.sleep(BACKGROUND_SETTLE_SECONDS)
    assert server.process.returncode == 0
    assert list(temporary.iterdir()) == []  # the preview site and Pagefind's folder
    assert "Traceback" not in server.output()


def test_a_page_left_while_it_waits_for_a_reload_is_no_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "index.html").write_text("<html><body>page</body></html>", encoding="utf-8")
    server = PreviewServer(("127.0.0.1", 0), tmp_path)
    server.start()
    try:
        host, port = server.server_address[:2]
        with socket.create_connection((str(host), port)) as browser:
            browser.sendall(f"GET {RELOAD_PATH}?since=0&path=/ HTTP/1.1\r\n"
                            "Host: preview\r\n\r\n".encode())
            time.sleep(0.5)  # the server waits for a rebuild of the page
            # Closed at once with a reset, as a browser tab is: the answer cannot be sent.
            browser.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        server.versions.bump(None)
    finally:
        server.shutdown()
        server.server_close()  # waits for the request's thread
    assert capsys.readouterr().err == ""

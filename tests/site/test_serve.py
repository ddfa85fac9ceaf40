"""`handbook serve`: a change to a persona file reaches the served page."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import TODAY

pytestmark = pytest.mark.xdist_group("build")


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
        time.sleep(0.5)
    raise AssertionError(f"{wanted!r} never appeared at {url}")


def test_edit_regenerates_the_page(valid_handbook: Path) -> None:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", str(valid_handbook),
         "--dev-addr", f"127.0.0.1:{port}", "--today", TODAY],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    page = f"http://127.0.0.1:{port}/personas/lin-xiao/"
    try:
        fetch_until(page, "赶地铁的产品经理")
        persona = valid_handbook / "personas" / "commuters" / "lin-xiao.md"
        text = persona.read_text(encoding="utf-8")
        persona.write_text(text.replace("赶地铁的产品经理", "改过标语的产品经理"),
                           encoding="utf-8")
        fetch_until(page, "改过标语的产品经理")
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "regenerated" in output

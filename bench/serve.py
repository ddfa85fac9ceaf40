"""Benchmark: edit → page reloaded with `handbook serve`, against a plain `mkdocs serve`.

For each size (default: the sample handbook, 200 personas + 1,000 interviews,
1,000 + 5,000; bench/corpus.py makes the large ones, with a customer table and
metrics so the statistics run too), in one run and one after the other:
- ours: the real `handbook serve ROOT`; an edit changes a persona's tagline in
  its source file; timed until the browser's reload request (the one the
  served page makes) answers "reload" and the page then fetched shows the edit;
- baseline: a plain `mkdocs serve` of the same generated project (copied, with
  Material's search and tags as generated); an edit appends a line to that
  persona's generated Markdown page; timed until the served page shows it.
Each edits `--edits` times (median reported). Also printed: start-up until
the server answers, CPU seconds used over 5 idle seconds, and peak memory.
Prints the ratio baseline / ours of the edit time (goal: ours ≤ 2 s at
1,000 + 5,000).

    .venv/bin/python bench/serve.py [--sizes sample,200:1000,1000:5000] [--edits 3]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bench.build import write_metrics
from bench.corpus import write_handbook

ROOT = Path(__file__).resolve().parent.parent

BIN = Path(sys.executable).parent
TODAY = "2026-11-22"
GOAL_SECONDS = 2.0
TICKS = os.sysconf("SC_CLK_TCK")
SAMPLE_PARTS = ("personas", "interviews", "docs", "mkdocs.yml", "data/metrics.yml",
                "data/generate_sample_data.py")


@dataclass(frozen=True)
class Measured:
    startup: float
    edits: list[float]
    idle_cpu: float
    peak_mb: float

    @property
    def edit(self) -> float:
        return statistics.median(self.edits)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get(url: str, timeout: float = 60) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return str(response.read().decode("utf-8"))


LOGS: dict[int, Path] = {}


def wait_for_page(url: str, wanted: str, process: subprocess.Popen[bytes],
                  seconds: float = 1800) -> float:
    """Poll `url` until it shows `wanted`; the moment it did (monotonic)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = LOGS[process.pid].read_text(encoding="utf-8", errors="replace")
            sys.exit(f"the server stopped ({process.returncode}):\n{log[-3000:]}")
        try:
            if wanted in get(url, timeout=30):
                return time.monotonic()
        except OSError:
            pass
        time.sleep(0.05)
    sys.exit(f"{wanted!r} never appeared at {url}")


def process_stats(pid: int) -> tuple[float, float]:
    """CPU seconds and peak resident memory (MB) of a process and its children."""
    cpu, peak = 0.0, 0.0
    for task in [pid, *_children(pid)]:
        try:
            fields = Path(f"/proc/{task}/stat").read_text().rsplit(")", 1)[1].split()
            # utime, stime, and those of children waited for (Pagefind runs that ended)
            cpu += sum(int(f) for f in fields[11:15]) / TICKS
            status = Path(f"/proc/{task}/status").read_text()
            peak += int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024  # type: ignore[union-attr]
        except (OSError, AttributeError):
            continue
    return cpu, peak


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found + [g for c in found for g in _children(c)]


def idle_cpu(process: subprocess.Popen[bytes], seconds: float = 5.0,
             ready: str | None = None) -> float:
    """CPU seconds over `seconds` of nobody editing, once the start-up work is done (for
    ours: the search index, which is written in the background after the pages)."""
    if ready is not None:
        wait_for_page(ready, '"page_count"', process)
    pid = process.pid
    time.sleep(1.0)
    before, _ = process_stats(pid)
    time.sleep(seconds)
    after, _ = process_stats(pid)
    return after - before


def start(command: list[str], url: str, log: Path) -> tuple[subprocess.Popen[bytes], float]:
    """Start a server (its output goes to `log`); seconds until it serves `url`."""
    started = time.monotonic()
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    LOGS[process.pid] = log
    ready = wait_for_page(url, "</html>", process)
    return process, ready - started


def reload_request(page_url: str, base: str) -> tuple[threading.Thread, list[float]]:
    """The served page's own reload request, waiting in a thread; records when it answered."""
    since = re.search(r"data-since=\"(\d+)\"", get(page_url)).group(1)  # type: ignore[union-attr]
    path = page_url.removeprefix(base.rstrip("/"))
    answered: list[float] = []

    def ask() -> None:
        while not answered:
            try:
                if get(f"{base}.handbook/reload?since={since}&path={path}", 120) == "reload":
                    answered.append(time.monotonic())
            except OSError:
                return

    thread = threading.Thread(target=ask, daemon=True)
    thread.start()
    time.sleep(0.3)
    return thread, answered


def measure_ours(root: Path, persona: Path, page: str, edits: int) -> Measured:
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    process, startup = start([str(BIN / "handbook"), "serve", str(root), "--dev-addr",
                              f"127.0.0.1:{port}", "--today", TODAY], base + page,
                             root.parent / "ours.log")
    try:
        idle = idle_cpu(process, ready=base + "pagefind/pagefind-entry.json")
        times = []
        for n in range(edits):
            thread, answered = reload_request(base + page, base)
            marker = f"改过的标语{n}号"
            text = persona.read_text(encoding="utf-8")
            edited = time.monotonic()
            persona.write_text(re.sub(r"^tagline: ", f"tagline: {marker} ", text, count=1,
                                      flags=re.M), encoding="utf-8")
            thread.join(600)
            shown = wait_for_page(base + page, marker, process)
            times.append(max(answered[0] if answered else shown, shown) - edited)
            time.sleep(2)  # let the pages that merely mention it follow
        _, peak = process_stats(process.pid)
        return Measured(startup, times, idle, peak)
    finally:
        process.terminate()
        process.wait(60)


def measure_plain(project: Path, page_md: Path, page: str, edits: int) -> Measured:
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    process, startup = start([str(BIN / "mkdocs"), "serve", "-q", "-f",
                              str(project / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"],
                             base + page, project.parent / "plain.log")
    try:
        idle = idle_cpu(process)
        times = []
        for n in range(edits):
            marker = f"PLAIN-EDIT-{n}"
            edited = time.monotonic()
            with page_md.open("a", encoding="utf-8") as out:
                out.write(f"\n\n{marker}\n")
            times.append(wait_for_page(base + page, marker, process) - edited)
        _, peak = process_stats(process.pid)
        return Measured(startup, times, idle, peak)
    finally:
        process.terminate()
        process.wait(60)


def make_handbook(size: str, folder: Path) -> tuple[Path, str]:
    """A handbook of the size (`sample` or PERSONAS:INTERVIEWS); its root and a persona id."""
    root = folder / "handbook"
    if size == "sample":
        for part in SAMPLE_PARTS:
            target = root / part
            target.parent.mkdir(parents=True, exist_ok=True)
            (shutil.copytree if (ROOT / part).is_dir() else shutil.copy2)(ROOT / part, target)
        subprocess.run([sys.executable, str(root / "data" / "generate_sample_data.py"),
                        "--handbook", str(root), "--out", str(root / "data")],
                       check=True, capture_output=True)
        return root, "lin-xiao"
    personas, _, interviews = size.partition(":")
    write_handbook(root, int(personas), int(interviews))
    write_metrics(root, 15)
    return root, "persona-00001"


def bench(size: str, edits: int) -> tuple[Measured, Measured]:
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        root, persona_id = make_handbook(size, Path(tmp))
        persona = next((root / "personas").glob(f"*/{persona_id}.md"))
        page = f"personas/{persona_id}/"
        ours = measure_ours(root, persona, page, edits)
        project = Path(tmp) / "plain"
        shutil.copytree(root / "build", project)
        plain = measure_plain(project, project / "docs" / "personas" / f"{persona_id}.md",
                              page, edits)
        return ours, plain


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--sizes", default="sample,200:1000,1000:5000")
    parser.add_argument("--edits", type=int, default=3)
    args = parser.parse_args()
    print(f"{'size':>10} | {'':>5} | {'start s':>8} | {'edit→page s':>11} | {'idle CPU s':>10} | "
          f"{'peak MB':>8}")
    missed = False
    for size in args.sizes.split(","):
        ours, plain = bench(size, args.edits)
        for name, m in (("ours", ours), ("plain", plain)):
            print(f"{size:>10} | {name:>5} | {m.startup:8.1f} | {m.edit:11.2f} | "
                  f"{m.idle_cpu:10.2f} | {m.peak_mb:8.0f}")
        print(f"{size:>10} | ratio plain/ours: edit {plain.edit / ours.edit:.1f}×, "
              f"start-up {plain.startup / ours.startup:.2f}×  (edits: "
              f"{', '.join(f'{t:.2f}' for t in ours.edits)} s)", flush=True)
        missed |= size == "1000:5000" and ours.edit > GOAL_SECONDS
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())

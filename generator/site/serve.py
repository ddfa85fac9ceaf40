"""`handbook serve`: a live preview that rebuilds only what an edit changes.

The generated project is written by the `regenerate` function the command
passes in (the build's own generation, with a session that keeps what it
can), MkDocs' build is kept in memory (`livebuild`), and the preview server
(`reload`) reloads a browser only when the page it shows was rebuilt. An edit
first rebuilds the pages about the edited files, then the pages that mention
them; while nothing changes, nothing runs: the watcher ignores reads and the
files the preview writes itself.
"""

from __future__ import annotations

import queue
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from generator.content.problems import Problem, printable, summary_line, warning_text
from generator.site.livebuild import LiveSite
from generator.site.reload import PreviewServer
from generator.site.session import Session
from generator.site.targets import TargetError, check_targets

WATCHED = ("personas", "interviews", "data", "docs", "site_templates")
ROOT_FILES = ("mkdocs.yml",)
QUIET_SECONDS = 0.15  # editors write a file in several steps: wait until they are done
_IGNORED_EVENTS = ("opened", "closed_no_write")


class Generated(Protocol):
    """What a generation reports (the build's `BuildResult`)."""

    generated: bool
    changed: list[str]
    warnings: list[str]

    @property
    def problems(self) -> list[Problem]: ...


class Regenerate(Protocol):
    """Writes the generated MkDocs project into `build_dir`, reusing what `session` keeps."""

    def __call__(self, root: Path, build_dir: Path, today: date, *,
                 session: Session | None = None) -> Generated: ...


@dataclass
class Reporter:
    """Prints problems and warnings when they change, not again on every rebuild."""

    problems: set[Problem] = field(default_factory=set)
    warnings: set[str] = field(default_factory=set)

    def show(self, result: Generated) -> None:
        now, said = set(result.problems), []
        new = sorted(now - self.problems, key=lambda p: p.sort_key)
        said += [p.as_text() for p in new if p.severity == "error"]
        said += warning_text([p for p in new if p.severity == "warning"])
        fixed = len(self.problems - now)
        if fixed:
            said.append(f"fixed: {fixed} problem{'s' * (fixed != 1)}")
        if new or fixed:
            said.append(summary_line(sorted(now, key=lambda p: p.sort_key), _files(result)))
        said += [f"warning: {w}" for w in result.warnings if w not in self.warnings]
        self.problems, self.warnings = now, set(result.warnings)
        if said:
            print("\n".join(said), file=sys.stderr, flush=True)


def _files(result: Generated) -> int:
    validation = getattr(result, "validation", None)
    return len(getattr(validation, "files", []))


def changed_paths(event: Any, root: Path) -> list[str]:
    """The handbook files (relative to `root`) an event from the watcher changed, if any."""
    if event.event_type in _IGNORED_EVENTS or (event.is_directory
                                               and event.event_type == "modified"):
        return []
    paths = [event.src_path, getattr(event, "dest_path", "") or ""]
    found = []
    for raw in filter(None, paths):
        try:
            rel = Path(str(raw)).resolve().relative_to(root.resolve())
        except ValueError:
            continue
        name, parts = rel.name, rel.parts
        if not parts or any(p.startswith(".") for p in parts) or name.endswith(("~", ".swp")):
            continue
        if parts[0] in WATCHED or rel.as_posix() in ROOT_FILES:
            found.append(rel.as_posix())
    return found


def watch(root: Path, on_change: Callable[[list[str]], None]) -> Any:
    """Start watching the handbook's sources; returns the observer (stop it when done)."""
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event: Any) -> None:
            paths = changed_paths(event, root)
            if paths:
                on_change(paths)

    observer = Observer()
    for name in WATCHED:
        if (root / name).is_dir():
            observer.schedule(Handler(), str(root / name), recursive=True)
    observer.schedule(Handler(), str(root), recursive=False)
    observer.start()
    return observer


def next_batch(changes: queue.Queue[list[str]]) -> list[str]:
    """Wait for a change, then for a moment of quiet; every path changed meanwhile."""
    paths = list(changes.get())
    while True:
        try:
            paths += changes.get(timeout=QUIET_SECONDS)
        except queue.Empty:
            return sorted(set(paths))


class Preview:
    """The running preview: the session, the kept MkDocs build and the server."""

    def __init__(self, root: Path, today: date, regenerate: Regenerate, build_dir: Path
                 ) -> None:
        self.root, self.today, self.regenerate = root, today, regenerate
        self.build_dir = build_dir
        self.session = Session()
        self.reporter = Reporter()
        self.site_dir = Path(tempfile.mkdtemp(prefix="handbook-preview-"))
        self.live = LiveSite(self.build_dir / "mkdocs.yml", self.site_dir)
        self.changes: queue.Queue[list[str]] = queue.Queue()
        self.full_pending = False
        self.server: PreviewServer | None = None

    def generate(self) -> Generated:
        result = self.regenerate(self.root, self.build_dir, self.today, session=self.session)
        self.reporter.show(result)
        return result

    def start(self, address: tuple[str, int]) -> bool:
        """Generate and build everything, then serve; False when the handbook has errors."""
        if not self.generate().generated:
            return False
        self.live.build_all()
        self.server = PreviewServer(address, self.site_dir)
        self.server.start()
        return True

    def round(self, paths: Sequence[str]) -> None:
        """Bring the preview up to date after edits: own pages first, then the rest in
        chunks; a new edit interrupts the rest (the next round carries it on)."""
        started = time.monotonic()
        self.session.begin(paths)
        urls = self._stage()
        while urls is not None and self.changes.empty():
            self.session.next_stage()
            more = self._stage()
            urls = None if more is None else urls + more
            if urls is not None and not self.session.more:
                self.session.finish()
                self._complete()
                break
        if urls:
            count = len(set(urls))
            print(f"updated {count} page{'s' * (count != 1)} in "
                  f"{time.monotonic() - started:.1f} s", file=sys.stderr, flush=True)

    def _stage(self) -> list[str] | None:
        result = self.generate()
        if not result.generated:
            return None
        update = self.live.update(result.changed)
        self.full_pending |= update.full
        if update.urls and self.server is not None:
            self.server.versions.bump(update.urls)
        return update.urls

    def _complete(self) -> None:
        """After a round: the search index, and a full build when the nav or theme changed."""
        if not self.full_pending:
            self.live.finish()
            return
        site_dir = Path(tempfile.mkdtemp(prefix="handbook-preview-"))
        live = LiveSite(self.build_dir / "mkdocs.yml", site_dir)
        live.build_all()
        old, old_live = self.site_dir, self.live
        self.live, self.site_dir, self.full_pending = live, site_dir, False
        if self.server is not None:
            self.server.root = site_dir
            self.server.versions.bump(None)
        old_live.close()
        shutil.rmtree(old, ignore_errors=True)

    def close(self) -> None:
        if self.server is not None:
            self.server.shutdown()
        self.live.close()
        shutil.rmtree(self.site_dir, ignore_errors=True)


def serve(root: Path, dev_addr: str, today: date, regenerate: Regenerate,
          build_dir: Path | None = None) -> int:
    """Generate (with `regenerate`, the build's first half), build and serve the handbook
    with live reload until interrupted; the preview is indexed for search after each round.

    Raises TargetError when the build folder is one the build must not write into.
    """
    from mkdocs.exceptions import MkDocsException

    build_dir = build_dir if build_dir is not None else root / "build"
    refused = check_targets(root, None, build_dir)
    if refused:
        raise TargetError(*refused)
    host, _, port = dev_addr.rpartition(":")
    preview = Preview(root, today, regenerate, build_dir.resolve())
    # Stopped by a signal, clean up as after Ctrl+C (the preview's temporary folder).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        if not preview.start((host or "127.0.0.1", int(port))):
            print("handbook serve: fix the errors above first", file=sys.stderr)
            preview.close()
            return 1
    except MkDocsException as exc:
        print(f"handbook serve: MkDocs could not build the site: {printable(str(exc))}",
              file=sys.stderr)
        preview.close()
        return 1
    try:
        assert preview.server is not None
        observer = watch(root, preview.changes.put)
        print(f"serving the handbook at {preview.server.url} (edits reload the page; "
              "Ctrl+C stops)", flush=True)
        try:
            while True:
                preview.round(next_batch(preview.changes))
        finally:
            observer.stop()
    finally:
        preview.close()

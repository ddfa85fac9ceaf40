"""`handbook serve`: regenerate on every content change; MkDocs serves and reloads."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from generator.content.problems import printable, report_text
from generator.site import serve_hooks
from generator.site.build import BuildResult
from generator.site.targets import TargetError, check_targets

class Regenerate(Protocol):
    """`pipeline.generate`, as serve calls it (live reload on)."""

    def __call__(self, root: Path, build_dir: Path, today: date, *,
                 live_reload: bool) -> BuildResult: ...

WATCHED = ("personas", "interviews", "data", "docs", "site_templates", "mkdocs.yml")


def regenerate(generate: Regenerate, root: Path, build_dir: Path, today: date) -> BuildResult:
    """Write the generated project again; on errors keep the previous pages and say why."""
    result = generate(root, build_dir, today, live_reload=True)
    if result.problems:
        sys.stderr.write(report_text(result.problems, len(result.validation.files)))
    if result.changed:
        print(f"regenerated {len(result.changed)} file(s)", file=sys.stderr)
    return result


class _Debounced:
    """Runs `action` once changes have been quiet for a moment."""

    def __init__(self, action: Any, delay: float = 0.3) -> None:
        self.action, self.delay = action, delay
        self.timer: threading.Timer | None = None
        self.lock = threading.Lock()

    def __call__(self, *_: object) -> None:
        with self.lock:
            if self.timer is not None:
                self.timer.cancel()
            self.timer = threading.Timer(self.delay, self.action)
            self.timer.daemon = True
            self.timer.start()


def watch(root: Path, on_change: Any) -> Any:
    """Start watching the handbook's sources; returns the observer (stop it when done)."""
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event: Any) -> None:
            if not event.is_directory and event.event_type != "opened":
                on_change()

    observer = Observer()
    for name in WATCHED:
        path = root / name
        if path.is_dir():
            observer.schedule(Handler(), str(path), recursive=True)
    observer.schedule(Handler(), str(root), recursive=False)
    observer.start()
    return observer


def serve(root: Path, dev_addr: str, today: date, generate: Regenerate,
          build_dir: Path | None = None) -> int:
    """Generate (with `generate`, the build's first half), then serve the generated project
    with live reload until interrupted; each MkDocs build is indexed for search
    (`serve_hooks`).

    Raises TargetError when the build folder is one the build must not write into.
    """
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.exceptions import MkDocsException

    build_dir = build_dir if build_dir is not None else root / "build"
    refused = check_targets(root, None, build_dir)
    if refused:
        raise TargetError(*refused)
    build_dir = build_dir.resolve()
    if not regenerate(generate, root, build_dir, today).generated:
        print("handbook serve: fix the errors above first", file=sys.stderr)
        return 1
    observer = watch(root, _Debounced(lambda: regenerate(generate, root, build_dir, today)))
    try:
        mkdocs_serve(config_file=str(build_dir / "mkdocs.yml"), livereload=True,
                     build_type="dirty", dev_addr=dev_addr, hooks=[serve_hooks.__file__])
    except MkDocsException as exc:
        print(f"handbook serve: MkDocs could not serve the site: {printable(str(exc))}",
              file=sys.stderr)
        return 1
    finally:
        observer.stop()
    return 0

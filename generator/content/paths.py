"""The one rule for every file the build reads: it is inside the handbook.

A path is resolved with every symbolic link followed; if the result is not
below its folder (itself resolved), the file is outside: a link to
`/etc/passwd` or `/proc/self/environ`, an absolute path, a `../` that climbs
out. Such a path is a located error, never read, never copied.

The folder is the handbook for an avatar, and each file's own folder when a
folder is walked (`personas/`, `interviews/`, `docs/`, `site_templates/`,
`data/`): a guide that links to a confidential interview is outside `docs/`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from generator.content.problems import Problem


def inside_root(root: Path, path: Path) -> Path | None:
    """`path` with its links resolved, if that is inside `root`; None otherwise.

    `path` is as found, `root / ...` (never relative to `root` itself: with a
    relative root such as `.`, joining them again would check another file).
    The path need not exist (a missing file inside the root is still inside);
    a link loop counts as outside.
    """
    try:
        base = root.resolve()
        real = path.resolve()
    except (OSError, RuntimeError, ValueError):  # ValueError: a NUL character in the path
        return None
    return real if real.is_relative_to(base) else None


@dataclass
class Walk:
    """The regular files below a folder (as found, links inside the root followed)
    and the entries that lead outside the root."""

    files: list[Path] = field(default_factory=list)
    outside: list[Path] = field(default_factory=list)


def walk(root: Path, folder: Path) -> Walk:
    """Every file below `folder` (itself inside `root`), hidden names (`.git` …) left out.

    Links are followed when they stay inside `folder` (each folder visited
    once); a link leading out of it is listed in `outside`, and nothing below
    it is read.
    """
    found = Walk()
    seen: set[Path] = set()
    if not (folder.exists() or folder.is_symlink()):
        return found
    if inside_root(root, folder) is None:
        found.outside.append(folder)
        return found
    _visit(folder, folder, found, seen)
    found.files.sort()
    found.outside.sort()
    return found


def _visit(root: Path, folder: Path, found: Walk, seen: set[Path]) -> None:
    real = folder.resolve()
    if real in seen or not folder.is_dir():
        return
    seen.add(real)
    with os.scandir(folder) as scanned:
        entries = sorted(scanned, key=lambda e: e.name)
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = folder / entry.name
        # Only a link can lead elsewhere: any other entry is where its folder is, inside.
        if entry.is_symlink() and inside_root(root, path) is None:
            found.outside.append(path)
        elif entry.is_dir():
            _visit(root, path, found, seen)
        elif entry.is_file():
            found.files.append(path)


def relative(root: Path, path: Path) -> str:
    """`path` as written in problems: relative to the handbook, with `/`."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def outside_problem(root: Path, path: Path, folder: Path | None = None) -> Problem:
    """The located error for a file or folder that leads outside its folder."""
    rel = relative(root, path)
    where = f"{relative(root, folder)}/" if folder is not None and folder != root \
        else "the handbook"
    return Problem(rel, 1, 1, "$", f"`{rel}` leads outside {where} (a link or a path that "
                   "climbs out): it is not read", f"put the file itself inside {where} instead "
                   "of a link to it, or remove it", code="file.outside")

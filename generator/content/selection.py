"""Which handbook a path on the command line belongs to, and which of its files it names.

`handbook validate personas/x/y.md` checks the whole handbook the file is in
(cross-file rules need every file) and reports only the problems of the files
named. The handbook's root is the nearest folder, from the path upwards, that
holds `mkdocs.yml`, `personas/` or `interviews/`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.content.problems import Problem, UsageError

ROOT_MARKERS = ("mkdocs.yml", "personas", "interviews")


class PathError(UsageError):
    """A path on the command line that names no handbook (a usage error)."""


def find_root(path: Path) -> Path | None:
    """The handbook folder `path` is in (or is), or None when no folder above it is one."""
    start = path.resolve()
    start = start if start.is_dir() else start.parent
    for folder in (start, *start.parents):
        if any((folder / marker).exists() for marker in ROOT_MARKERS):
            return folder
    return None


@dataclass(frozen=True)
class Selection:
    """A handbook root and the files or folders in it whose problems are wanted.

    `parts` are paths relative to the root; an empty tuple means the whole handbook.
    """

    root: Path
    parts: tuple[str, ...] = ()

    @property
    def whole(self) -> bool:
        return not self.parts

    def wants(self, rel: str) -> bool:
        """Whether a file (relative to the root) is one of the selected ones."""
        return self.whole or any(rel == p or rel.startswith(p.rstrip("/") + "/")
                                 for p in self.parts)

    def problems(self, problems: Iterable[Problem]) -> list[Problem]:
        return [p for p in problems if self.wants(p.file)]

    def count(self, rels: Iterable[str]) -> int:
        """How many of the handbook's files the selection covers."""
        return sum(1 for rel in rels if self.wants(rel))


def select(paths: Sequence[Path]) -> Selection:
    """The selection the command-line paths make; raises PathError for unusable paths.

    A single folder that is not inside a handbook is taken as the handbook
    itself (an empty one validates clean).
    """
    for path in paths:
        if not path.exists():
            raise PathError(f"no file or folder {path}")
    roots = {find_root(path) for path in paths}
    if roots == {None} and len(paths) == 1 and paths[0].is_dir():
        return Selection(paths[0])
    if None in roots:
        missing = next(p for p in paths if find_root(p) is None)
        raise PathError(f"{missing} is not in a handbook (no folder above it holds "
                        "mkdocs.yml, personas/ or interviews/)")
    if len(roots) > 1:
        raise PathError("the paths belong to different handbooks: validate one at a time")
    root = next(iter(roots))
    assert root is not None
    parts = tuple(sorted({_relative(path, root) for path in paths}))
    return Selection(_shown(root), () if "" in parts else parts)


def _relative(path: Path, root: Path) -> str:
    rel = path.resolve().relative_to(root).as_posix()
    return "" if rel == "." else rel


def _shown(root: Path) -> Path:
    """The root as a path relative to the current folder when it is below it (shorter)."""
    try:
        return root.relative_to(Path.cwd()) if root != Path.cwd() else Path(".")
    except ValueError:
        return root

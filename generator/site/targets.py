"""Where a build may write: the site and build folders, checked before anything is written.

A build writes only into a folder that is new, empty, or carries the marker
file that a build left there (`.handbook-site`, `.handbook-build`), and never
into, around or inside the handbook's sources: the handbook folder and its
ancestors, `personas/`, `interviews/`, `data/`, `docs/`, `site_templates/`,
`.git`, `mkdocs.yml`, or a folder holding files that git tracks. A marker
alone does not make a folder ours: it is checked after the source rules, so a
marker committed into `personas/` opens nothing. The same rules serve
`handbook build` and `handbook serve`; the writers (`claim`, the site swap,
the clean-up of folders left by killed builds) check the marker again.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.content.problems import UsageError, printable
from generator.history.git import git

SITE_MARKER = ".handbook-site"
BUILD_MARKER = ".handbook-build"
MARKER_TEXT = {SITE_MARKER: "persona-handbook site: `handbook build` replaces this folder\n",
               BUILD_MARKER: "persona-handbook generated project: `handbook build` rewrites "
                             "this folder\n"}
SOURCES = ("personas", "interviews", "data", "docs", "site_templates", ".git", "mkdocs.yml")
_WHAT = {SITE_MARKER: "a site", BUILD_MARKER: "a generated project"}


class TargetError(UsageError):
    """A folder the build must not write into; the message says which and why."""


@dataclass(frozen=True)
class Target:
    """An output folder as the user named it, the option that named it, and its marker."""

    option: str
    path: Path
    marker: str

    def refuse(self, why: str) -> str:
        return f"{self.option} {_shown(self.path)}: {why}"


def check_targets(root: Path, site_dir: Path | None, build_dir: Path) -> list[str]:
    """Why the site and build folders cannot be written (empty when they can).

    `site_dir` is None for `handbook serve`, which writes no site.
    """
    targets = [Target("--site-dir", site_dir, SITE_MARKER)] if site_dir is not None else []
    targets.append(Target("--build-dir", build_dir, BUILD_MARKER))
    messages = [m for t in targets if (m := _check(root, t))]
    if site_dir is not None and not messages:
        messages += _overlap(targets[0], targets[1])
    return messages


def _check(root: Path, target: Target) -> str | None:
    path = target.path
    if path.is_symlink() and not path.exists():
        return target.refuse("is a link to nothing; name a folder")
    if path.exists() and not path.is_dir():
        return target.refuse("is a file, not a folder; name a new folder, e.g. "
                             f"{'site' if target.marker == SITE_MARKER else 'build'}/")
    return (_source_problem(root, target) or _contents_problem(root, target)
            or _access_problem(target))


def _source_problem(root: Path, target: Target) -> str | None:
    place, home = target.path.resolve(), root.resolve()
    if within(home, place):
        what = "the handbook folder" if same(home, place) else "a folder holding the handbook"
        return target.refuse(f"is {what}; the build would overwrite its sources. Name a new "
                             "folder, e.g. site/ or build/ inside the handbook")
    for name in SOURCES:
        source = home / name
        if not (source.exists() or source.is_symlink()):
            continue
        for candidate in dict.fromkeys((source, source.resolve())):
            if within(place, candidate) or within(candidate, place):
                return target.refuse(f"is or holds the handbook's `{name}` (its sources); "
                                     "name a folder outside them")
    return None


def _contents_problem(root: Path, target: Target) -> str | None:
    path = target.path
    if not path.is_dir() or not any(path.iterdir()):
        return None
    if tracked_files(root, path):
        return target.refuse("holds files tracked by git; the build writes only into a new or "
                             "empty folder, or one it made")
    if owned(path, target.marker):
        return None
    other = next((m for m in MARKER_TEXT if m != target.marker and owned(path, m)), None)
    if other is not None:
        return target.refuse(f"holds {_WHAT[other]}, not {_WHAT[target.marker]}; name "
                             "another folder")
    return target.refuse(f"is not empty and was not made by the build (no `{target.marker}` "
                         "file); name a new or empty folder, or empty this one yourself")


def _access_problem(target: Target) -> str | None:
    place = target.path.resolve()
    # The site is swapped in by renaming beside it: its parent must be writable too.
    probe = place.parent if target.marker == SITE_MARKER else place
    existing = next((p for p in (probe, *probe.parents) if p.exists()), None)
    if existing is None or not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK):
        return target.refuse(f"cannot write there ({_shown(existing or probe)} is read-only "
                             "or not a folder)")
    return None


def _overlap(site: Target, build: Target) -> list[str]:
    site_path, build_path = site.path.resolve(), build.path.resolve()
    if same(site_path, build_path):
        return [site.refuse(f"is also the build folder ({build.option}); use two folders")]
    if within(site_path, build_path):
        return [site.refuse(f"lies inside the build folder {_shown(build.path)}; use two "
                            "separate folders")]
    if within(build_path, site_path):
        return [build.refuse(f"lies inside the site folder {_shown(site.path)}; use two "
                             "separate folders")]
    return []


def same(a: Path, b: Path) -> bool:
    """Whether two paths name the same file (by inode where both exist)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a == b


def within(inner: Path, outer: Path) -> bool:
    """Whether `inner` is `outer` or lies below it (both resolved)."""
    return any(same(p, outer) for p in (inner, *inner.parents))


def tracked_files(root: Path, folder: Path) -> bool:
    """Whether git tracks any file below `folder` (False outside a repository)."""
    found = git(root, "ls-files", "-z", "--", str(folder.resolve()))
    return found.ok and bool(found.stdout.strip(b"\0"))


def owned(folder: Path, marker: str) -> bool:
    """Whether a folder (not a link) carries the build's marker file of its kind."""
    mark = folder / marker
    return (folder.is_dir() and not folder.is_symlink() and mark.is_file()
            and not mark.is_symlink())


def claim(folder: Path, marker: str) -> None:
    """Create `folder` (or adopt it when empty) and mark it as the build's own.

    Raises TargetError for a folder that is neither empty nor marked.
    """
    if folder.is_dir() and any(folder.iterdir()) and not owned(folder, marker):
        raise TargetError(f"{_shown(folder)} is not empty and was not made by the build")
    folder.mkdir(parents=True, exist_ok=True)
    mark = folder / marker
    if not mark.is_file():
        mark.write_text(MARKER_TEXT[marker], encoding="utf-8")


def leftovers(site_dir: Path) -> Iterator[Path]:
    """Temporary site folders that killed builds left beside `site_dir` (ours, by marker)."""
    parent = site_dir.parent
    prefixes = (f".{site_dir.name}.new-", f".{site_dir.name}.old-")
    for entry in sorted(parent.iterdir()) if parent.is_dir() else []:
        if not entry.name.startswith(prefixes) or not owned(entry, SITE_MARKER):
            continue
        pid = entry.name[len(prefixes[0]):].split("-", 1)[0]
        if not _running(pid):
            yield entry


def remove_leftovers(site_dir: Path) -> None:
    """Delete the temporary folders of killed builds (never another running build's)."""
    for folder in leftovers(site_dir):
        shutil.rmtree(folder, ignore_errors=True)


def _running(pid: str) -> bool:
    if not pid.isdigit() or os.name != "posix":
        return os.name != "posix"  # without a process id to check, keep the folder
    if int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _shown(path: Path) -> str:
    return printable(str(path) or ".")

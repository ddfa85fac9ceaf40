"""Building the site: the generated project on disk, MkDocs, and the swap.

The generated project (Markdown pages, nav, derived `mkdocs.yml`) lives in
the build folder and is written file by file only where content changed, so
MkDocs' own watcher and `--dirty` rebuild only what moved. The site is built
into a temporary folder beside the target and swapped in at the end: a
failed build leaves the previous site untouched.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path

from generator.content.problems import Problem
from generator.content.validation import ValidationResult
from generator.site.targets import BUILD_MARKER, SITE_MARKER, TargetError, claim, owned


@dataclass
class BuildResult:
    """What a build did: the validation, the files it rewrote, and where the site is."""

    validation: ValidationResult
    site_dir: Path | None = None
    changed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    stats_problems: list[Problem] = field(default_factory=list)
    generated: bool = False

    @property
    def ok(self) -> bool:
        return self.site_dir is not None

    @property
    def problems(self) -> list[Problem]:
        """Validation problems, then problems of the data files behind the statistics."""
        return self.validation.problems + self.stats_problems


class BuildError(Exception):
    """MkDocs could not build the generated project."""

    stage = "MkDocs"  # what failed, as `handbook build` says it


def write_project(build_dir: Path, files: dict[str, bytes],
                  kept: Collection[str] = frozenset()) -> list[str]:
    """Write files whose content changed; remove generated files neither planned nor kept
    (pages not rendered this time, see `pages.SitePlan.kept`). Returns the paths written
    or removed, relative to `build_dir`.

    The build folder is claimed first (created, or adopted when empty, and
    marked): nothing is removed from a folder the build does not own. Links
    found in it are removed, never followed, so no write lands outside it.
    """
    claim(build_dir, BUILD_MARKER)
    removed = _remove_unplanned(build_dir, {*files, *kept})
    changed = list(removed)
    for rel, data in sorted(files.items()):
        target = build_dir / rel
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        changed.append(rel)
    if removed:  # folders may be left empty
        for folder, subfolders, names in os.walk(build_dir, topdown=False):
            if not subfolders and not names and Path(folder) != build_dir:
                Path(folder).rmdir()
    return changed


def _remove_unplanned(build_dir: Path, files: Collection[str]) -> list[str]:
    """Remove links, and files the plan no longer has, from the (marked) build folder;
    the files removed. (`handbook serve` calls this after every edit: one pass of
    `os.scandir` and plain strings, no path objects per file.)"""
    folders = _folders_of(files)
    removed: list[str] = []
    stack = [(str(build_dir), "")]
    while stack:
        folder, prefix = stack.pop()
        with os.scandir(folder) as scanned:
            entries = list(scanned)
        for entry in entries:
            rel = prefix + entry.name
            if entry.is_symlink():  # removed, never followed
                os.unlink(entry.path)
                removed.append(rel)
            elif entry.is_dir() and rel in folders:
                stack.append((entry.path, rel + "/"))
            elif entry.is_dir():  # no planned file is in it (or a file is planned in its place)
                removed += [f"{rel}/{f.relative_to(entry.path).as_posix()}"
                            for f in Path(entry.path).rglob("*") if f.is_file()]
                shutil.rmtree(entry.path)
            elif rel not in files and rel != BUILD_MARKER:
                os.unlink(entry.path)
                removed.append(rel)
    return removed


def _folders_of(files: Collection[str]) -> set[str]:
    """Every folder that holds one of `files`, at any depth (`docs`, `docs/personas`, …)."""
    folders: set[str] = set()
    for rel in files:
        folder = rel.rpartition("/")[0]
        while folder and folder not in folders:
            folders.add(folder)
            folder = folder.rpartition("/")[0]
    return folders


def build_epoch(today: date) -> str:
    """SOURCE_DATE_EPOCH for reproducible output: midnight UTC of the build date."""
    return str(int(datetime.combine(today, time(), tzinfo=UTC).timestamp()))


def run_mkdocs(config_file: Path, site_dir: Path, strict: bool) -> None:
    """Build the generated project into `site_dir` with MkDocs (in this process)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config as load_mkdocs_config
    from mkdocs.exceptions import MkDocsException

    try:
        config = load_mkdocs_config(config_file=str(config_file), site_dir=str(site_dir),
                                    strict=strict)
        build(config)
    except (MkDocsException, SystemExit, OSError) as exc:
        raise BuildError(str(exc) or exc.__class__.__name__) from exc


def swap_in(new_site: Path, site_dir: Path) -> None:
    """Replace `site_dir` by `new_site`, never leaving a half-written site.

    Only a previous site of ours (marked) or an empty folder is replaced.
    """
    old = None
    if site_dir.exists() or site_dir.is_symlink():
        if not owned(site_dir, SITE_MARKER) and (site_dir.is_symlink() or any(site_dir.iterdir())):
            raise TargetError(f"{site_dir} was not made by the build; it is left as it is")
        old = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.old-{os.getpid()}-",
                                    dir=site_dir.parent))
        old.rmdir()
        site_dir.rename(old)
    new_site.rename(site_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)

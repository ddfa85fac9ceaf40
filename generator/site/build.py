"""`handbook build`: validate, render the generated MkDocs project, build it, swap it in.

The generated project (Markdown pages, nav, derived `mkdocs.yml`) lives in
the build folder and is written file by file only where content changed, so
MkDocs' own watcher and `--dirty` rebuild only what moved. The site is built
into a temporary folder beside the target and swapped in at the end: a
failed build leaves the previous site untouched.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path

from generator.content import jsontext
from generator.site import project as mkdocs_project
from generator.site import pages
from generator.content.config import Config, load_config
from generator.site.extras import collect_extras, statistics_for
from generator.content.problems import Problem, errors_in
from generator.site.render import template_dirs
from generator.site.targets import (
    BUILD_MARKER,
    SITE_MARKER,
    TargetError,
    check_targets,
    claim,
    owned,
    remove_leftovers,
)
from generator.content.validation import ValidationResult, validate_handbook
from generator.site.views import search_terms

log = logging.getLogger(__name__)


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


def generate(root: Path, build_dir: Path, today: date, site_dir: Path | None = None
             ) -> BuildResult:
    """Validate and write the generated MkDocs project; no MkDocs run."""
    cfg = load_config(root)
    result = BuildResult(validate_handbook(root, today, cfg.max_file_bytes))
    handbook = result.validation.handbook
    if handbook is None:
        return result
    stats, stats_problems = statistics_for(handbook, cfg, result.validation.metrics)
    result.stats_problems = stats_problems
    if errors_in(stats_problems):
        return result
    labels = pages.labels(cfg.root, cfg.language)
    extras, warnings = collect_extras(handbook, cfg, stats, labels)
    result.warnings.extend(warnings)
    plan = pages.plan_site(handbook, cfg, today, extras)
    project = {f"docs/{path}": data for path, data in plan.files.items()}
    project["jieba_user_dict.txt"] = ("\n".join(search_terms(handbook)) + "\n").encode()
    config = mkdocs_project.derive_config(cfg, plan.nav, build_dir, site_dir or root / "site",
                                          plan.not_in_nav)
    project["mkdocs.yml"] = mkdocs_project.dump_config(config).encode("utf-8")
    project.update(_theme_files(cfg))
    result.changed = write_project(build_dir, project)
    result.generated = True
    result.warnings += [f"mkdocs.yml: plugin `{name}` is not used in the generated site (only "
                        "Material's search and tags are)" for name in
                        mkdocs_project.dropped_plugins(cfg.mkdocs)]
    return result


def _theme_files(cfg: Config) -> dict[str, bytes]:
    """Theme overrides and assets: the package's defaults, then the handbook's own on top."""
    files = {}
    for folder in reversed(template_dirs(cfg.root)):
        for sub, target in (("overrides", "overrides"), ("assets", "docs/assets")):
            base = folder / sub
            for path in sorted(base.rglob("*")) if base.is_dir() else []:
                if path.is_file():
                    files[f"{target}/{path.relative_to(base).as_posix()}"] = path.read_bytes()
    return files


def write_project(build_dir: Path, files: dict[str, bytes]) -> list[str]:
    """Write files whose content changed; remove generated files no longer planned.

    The build folder is claimed first (created, or adopted when empty, and
    marked): nothing is removed from a folder the build does not own. Links
    found in it are removed, never followed, so no write lands outside it.
    """
    claim(build_dir, BUILD_MARKER)
    _remove_unplanned(build_dir, files)
    changed = []
    for rel, data in sorted(files.items()):
        target = build_dir / rel
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        changed.append(rel)
    for folder, subfolders, names in os.walk(build_dir, topdown=False):
        if not subfolders and not names and Path(folder) != build_dir:
            Path(folder).rmdir()
    return changed


def _remove_unplanned(build_dir: Path, files: dict[str, bytes]) -> None:
    """Remove links, and files the plan no longer has, from the (marked) build folder."""
    folders = {Path(rel).parent.as_posix() for rel in files}
    for folder, subfolders, names in os.walk(build_dir):
        here = Path(folder)
        for name in [*subfolders]:
            path = here / name
            rel = path.relative_to(build_dir).as_posix()
            if path.is_symlink() or rel in files:
                subfolders.remove(name)
                _remove(path)
            elif not any(f == rel or f.startswith(rel + "/") for f in folders):
                subfolders.remove(name)
                shutil.rmtree(path)
        for name in names:
            path = here / name
            rel = path.relative_to(build_dir).as_posix()
            if (rel not in files and rel != BUILD_MARKER) or path.is_symlink():
                path.unlink()


def _remove(path: Path) -> None:
    if path.is_symlink() or not path.is_dir():
        path.unlink()
    else:
        shutil.rmtree(path)


def build_epoch(today: date) -> str:
    """SOURCE_DATE_EPOCH for reproducible output: midnight UTC of the build date."""
    return str(int(datetime.combine(today, time(), tzinfo=UTC).timestamp()))


def run_mkdocs(config_file: Path, site_dir: Path, strict: bool, today: date) -> None:
    """Build the generated project into `site_dir` with MkDocs (in this process)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config as load_mkdocs_config
    from mkdocs.exceptions import MkDocsException

    os.environ.setdefault("SOURCE_DATE_EPOCH", build_epoch(today))
    try:
        config = load_mkdocs_config(config_file=str(config_file), site_dir=str(site_dir),
                                    strict=strict)
        build(config)
    except (MkDocsException, SystemExit, OSError) as exc:
        raise BuildError(str(exc) or exc.__class__.__name__) from exc


def compact_search_index(site: Path) -> None:
    """Rewrite the search index as UTF-8: Material writes `\\uXXXX` escapes, six bytes
    for each Chinese character, and every reader downloads the whole index."""
    path = site / "search" / "search_index.json"
    if path.is_file():
        index = json.loads(path.read_text(encoding="utf-8"))
        path.write_text(jsontext.dumps(index, separators=(",", ":")),
                        encoding="utf-8")


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


@contextmanager
def _settled_heap() -> Iterator[None]:
    """Keep the cyclic GC off the handbook's many long-lived objects while a stage runs.

    What is already built is frozen (never rescanned); collections still run for
    what the stage itself allocates, and the heap is thawed afterwards.
    """
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def build_site(root: Path, site_dir: Path, build_dir: Path, today: date,
               strict: bool = False) -> BuildResult:
    """The whole build: validate, generate, MkDocs into a temporary folder, swap in.

    Raises TargetError, before anything is written, when the site or build
    folder is one the build must not write into (see `targets.check_targets`).
    """
    refused = check_targets(root, site_dir, build_dir)
    if refused:
        raise TargetError(*refused)
    site_dir, build_dir = site_dir.resolve(), build_dir.resolve()
    with _settled_heap():
        result = generate(root, build_dir, today, site_dir)
    if not result.generated:
        return result
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(site_dir)
    temporary = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.new-{os.getpid()}-",
                                      dir=site_dir.parent))
    try:
        claim(temporary, SITE_MARKER)
        with _settled_heap():
            run_mkdocs(build_dir / "mkdocs.yml", temporary, strict, today)
        compact_search_index(temporary)
        temporary.chmod(0o755)  # mkdtemp makes it private; a web server must read it
        swap_in(temporary, site_dir)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    result.site_dir = site_dir
    return result

"""Validate a whole handbook: every file, then the rules across files.

Each file is loaded and schema-checked on its own (in worker processes for
large handbooks); cross-file rules run once all files are in. Every problem
is collected before anything is reported, and a typed `Handbook` is built
only when there are no errors.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.content import crossfile, expect, model
from generator.content.confidential import CITING_KINDS, confidential_citation_problems
from generator.content.config import config_problems
from generator.content.discovery import Discovery, discover
from generator.content.loading import (
    DEFAULT_MAX_BYTES,
    LoadedFile,
    SourceFile,
    load_file,
)
from generator.content.metrics_spec import SPEC_FILE, MetricsSpec, load_metrics_spec
from generator.content.personal_data import personal_data_problems
from generator.content.placeholders import placeholder_warning
from generator.content.problems import Problem, errors_in, sort_problems
from generator.content.schema_check import check_schema
from generator.content.sitefiles import support_problems
from generator.tuning import worker_processes

PARALLEL_THRESHOLD = 400


@dataclass(frozen=True)
class ValidationResult:
    """All problems (sorted), the files read, and the handbook when there are no errors."""

    problems: list[Problem]
    files: list[LoadedFile]
    handbook: model.Handbook | None
    metrics: MetricsSpec | None = None

    @property
    def ok(self) -> bool:
        return not errors_in(self.problems)


def check_file(source: SourceFile, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadedFile:
    """Load one file and run the checks that need only that file."""
    loaded = load_file(source, max_bytes)
    refused = any(p.code == "yaml.alias-bomb" for p in loaded.problems)
    if loaded.data is not None and not refused:
        loaded.problems.extend(check_schema(loaded, source.kind))
        left = placeholder_warning(loaded)
        loaded.problems.extend([left] if left else [])
    if loaded.yaml_text or loaded.body:
        loaded.problems.extend(privacy_problems(loaded))
    return loaded


def _check_in_worker(source: SourceFile, max_bytes: int) -> LoadedFile:
    loaded = check_file(source, max_bytes)
    # The confidential-citation scan reads the whole text of these files: it stays. Any
    # other's is read again from its file only if a problem needs a position.
    if source.kind in CITING_KINDS:
        loaded.release_tree()
    else:
        loaded.release_text()
    return loaded


def privacy_problems(loaded: LoadedFile) -> list[Problem]:
    """Personal data in a file's front matter or body, by line, value masked."""
    return personal_data_problems(loaded)


def load_all(
    sources: list[SourceFile], max_bytes: int, jobs: int | None = None
) -> list[LoadedFile]:
    """Check every file, in parallel worker processes when there are many."""
    jobs = worker_processes(len(sources), PARALLEL_THRESHOLD, jobs)
    if jobs <= 1:
        return [check_file(s, max_bytes) for s in sources]
    chunk = max(16, len(sources) // (jobs * 8))
    # The workers are this function's own processes: the GC tuning of the caller
    # (see generator.tuning) applies to them too.
    with ProcessPoolExecutor(max_workers=jobs, initializer=gc.disable) as pool:
        return list(pool.map(_check_in_worker, sources, [max_bytes] * len(sources),
                             chunksize=chunk))


class FileCache:
    """Files checked earlier, reused while their size and modification time stay the same.

    A long-running process (`handbook serve`) keeps one, so that after an edit
    only the edited files are read and checked again; `reloaded` names them until taken.
    """

    def __init__(self) -> None:
        self.entries: dict[str, tuple[tuple[int, int], LoadedFile]] = {}
        self.reloaded: list[str] = []
        self.found: Discovery | None = None
        self._expected: set[str] | None = None

    def expect(self, paths: Iterable[str]) -> None:
        """The only files changed since the last use (as a watcher saw them): when they are
        all content files already known, the next use need not look for files again."""
        self._expected = set(paths)

    def discover(self, root: Path) -> Discovery:
        """The handbook's files, found again unless `expect` said nothing was added or gone."""
        known = {s.rel for s in self.found.files} if self.found is not None else set()
        reuse = self.found is not None and self._expected is not None and all(
            (rel in known and (root / rel).is_file())
            or not rel.startswith(("personas/", "interviews/")) for rel in self._expected)
        self._expected = None
        if not reuse or self.found is None:
            self.found = discover(root)
        return self.found

    def load(self, sources: list[SourceFile], max_bytes: int, jobs: int | None
             ) -> list[LoadedFile]:
        """Every source checked, reading only those that are new or changed."""
        stamps = {s.rel: _stamp(s.path) for s in sources}
        stale = [s for s in sources if s.rel not in self.entries
                 or self.entries[s.rel][0] != stamps[s.rel] or self.entries[s.rel][1].source != s]
        fresh = {f.source.rel: f for f in load_all(stale, max_bytes, jobs)}
        self.reloaded = sorted({*self.reloaded, *fresh, *(set(self.entries) - set(stamps))})
        self.entries = {s.rel: (stamps[s.rel], fresh.get(s.rel) or self.entries[s.rel][1])
                        for s in sources}
        return [entry for _, entry in self.entries.values()]

    def take_reloaded(self) -> list[str]:
        """The files read again (new, changed or gone) since the last call."""
        taken, self.reloaded = self.reloaded, []
        return taken


def _stamp(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (-1, -1)
    return (stat.st_mtime_ns, stat.st_size)


def validate_handbook(root: Path, today: date | None = None,
                      max_bytes: int = DEFAULT_MAX_BYTES, jobs: int | None = None,
                      with_model: bool = True, cache: FileCache | None = None
                      ) -> ValidationResult:
    """Every problem in the handbook at `root`, and the typed handbook if there is no error
    (unless `with_model` is false: checking alone needs no model). With a `cache`, only
    files changed since its last use are read again."""
    today = today or date.today()
    found = cache.discover(root) if cache is not None else discover(root)
    files = (cache.load(found.files, max_bytes, jobs) if cache is not None
             else load_all(found.files, max_bytes, jobs))
    problems: list[Problem] = list(found.problems)
    for loaded in files:
        problems.extend(loaded.problems)
    usable = [f for f in files if f.data is not None]
    # A persona file that failed to parse still exists: references to it are not errors.
    persona_ids = sorted(f.source.id for f in files if f.source.kind == "persona")
    problems += crossfile.id_problems(files)
    problems += crossfile.reference_problems(usable, persona_ids)
    problems += crossfile.segment_problems(usable, found.segment_dirs)
    problems += crossfile.consent_problems(usable)
    problems += confidential_citation_problems(usable)
    problems += crossfile.avatar_problems(usable, root)
    problems += crossfile.review_warnings(usable, today)
    problems += support_problems(root)
    spec, spec_problems = load_metrics_spec(root, max_bytes)
    problems += expect.expect_problems(usable, spec, (root / SPEC_FILE).is_file())
    problems = sort_problems(problems + spec_problems + config_problems(root))
    handbook = None if errors_in(problems) or not with_model else build_model(root, files)
    return ValidationResult(problems, files, handbook, spec)


def build_model(root: Path, files: Iterable[LoadedFile]) -> model.Handbook:
    """The typed handbook from files that passed validation."""
    segments, personas, interviews = {}, {}, {}
    for f in files:
        s, data = f.source, f.data or {}
        if s.kind == "segment":
            segments[s.id] = model.segment_from(s.id, data, f.body, s.rel)
        elif s.kind == "persona":
            personas[s.id] = model.persona_from(s.id, s.segment_id or "", data, f.body, s.rel)
        else:
            interviews[s.id] = model.interview_from(s.id, data, f.body, s.rel)
    return model.Handbook(root, segments, personas, interviews)

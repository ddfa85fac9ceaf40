"""The metrics spec (`data/metrics.yml`): which statistics to compute from which data files.

Loaded like a content file (safe YAML, duplicate keys refused, located
problems), checked against the `metrics` schema, then checked for what a
schema cannot say: unknown sources, duplicate metric ids, bins out of order,
data files that are missing or outside `data/`.
"""

from __future__ import annotations

import codecs
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.content.loading import (
    DEFAULT_MAX_BYTES,
    LoadedFile,
    SourceFile,
    format_path,
    parse_yaml,
    read_text,
)
from generator.content.paths import inside_root, walk
from generator.content.personal_data import personal_data_in_values
from generator.content.problems import Problem, Severity, errors_in
from generator.content.schema_check import check_schema, did_you_mean

SPEC_FILE = "data/metrics.yml"
INTERVIEWS = "interviews"
DEFAULT_MIN_GROUP_SIZE = 10
FILE_TYPES = (".csv", ".xlsx", ".parquet")

Parts = Sequence[str | int]
WhereValue = str | int | float | bool


@dataclass(frozen=True)
class SourceSpec:
    """A data file (or the built-in interviews) and the columns that hold group ids."""

    id: str
    file: str
    segment: str
    persona: str | None = None
    encoding: str = "auto"
    sheet: str | int | None = None
    label: str = ""


@dataclass(frozen=True)
class Metric:
    """One statistic: an aggregation of a column of a source, optionally filtered."""

    id: str
    source: str
    agg: str
    index: int
    label: str = ""
    column: str | None = None
    q: float | None = None
    k: int | None = None
    bins: tuple[float, ...] = ()
    where: tuple[tuple[str, tuple[WhereValue, ...]], ...] = ()
    description: str = ""
    labels: tuple[tuple[str, str], ...] = ()

    @property
    def title(self) -> str:
        return self.label or self.id

    def category_name(self, raw: str) -> str:
        """The display name of a raw category value (`labels:` in the spec), else the value."""
        return dict(self.labels).get(raw, raw)


@dataclass(frozen=True)
class DiscoverSpec:
    """The `discover:` section: which source's rows to cluster, on which columns, into k."""

    source: str
    columns: tuple[str, ...] = ()
    k: int | None = None
    seed: int = 0


@dataclass(frozen=True)
class MetricsSpec:
    """A checked metrics spec. `problem()` locates a message at a key path of the file."""

    min_group_size: int
    sources: Mapping[str, SourceSpec]
    metrics: tuple[Metric, ...]
    file: LoadedFile = field(repr=False, compare=False)
    discover: DiscoverSpec | None = None

    @property
    def rel(self) -> str:
        return self.file.source.rel

    def problem(self, parts: Parts, message: str, hint: str = "", code: str = "metrics",
                severity: Severity = "error") -> Problem:
        line, column = self.file.position(parts)
        return Problem(self.rel, line, column, format_path(parts), message, hint, severity, code)

    def metrics_of(self, source_id: str) -> list[Metric]:
        return [m for m in self.metrics if m.source == source_id]


def load_metrics_spec(root: Path, max_bytes: int = DEFAULT_MAX_BYTES
                      ) -> tuple[MetricsSpec | None, list[Problem]]:
    """The handbook's metrics spec, or None (with the problems) when it is unusable.

    A handbook without `data/metrics.yml` has no statistics: (None, []).
    """
    path = root / SPEC_FILE
    if not path.is_file() or inside_root(root, path) is None:
        return None, []  # a link out of the handbook is reported with the other settings
    loaded = LoadedFile(SourceFile(path, SPEC_FILE, "metrics", "metrics"), None, yaml_first_line=1)
    text, problems = read_text(loaded.source, max_bytes)
    if text is None:
        return None, problems
    loaded.yaml_text = text
    value = parse_yaml(loaded)
    if value is not None and not isinstance(value, dict):
        loaded.problems.append(Problem(SPEC_FILE, 1, 1, "$", "the metrics spec must be a set of "
                                       "`key: value` lines", code="metrics.not-a-mapping"))
    if not isinstance(value, dict) or errors_in(loaded.problems):
        return None, loaded.problems
    loaded.data = value
    # Its labels, names and columns are printed on the site: no personal data in them.
    problems = loaded.problems + check_schema(loaded, "metrics") + personal_data_in_values(loaded)
    if errors_in(problems):
        return None, problems
    spec = _build(loaded, value)
    problems += semantic_problems(spec, root / "data")
    return (None if errors_in(problems) else spec), problems


def _build(loaded: LoadedFile, data: dict[str, Any]) -> MetricsSpec:
    sources = {
        sid: SourceSpec(sid, s["file"], s["segment"], s.get("persona"),
                        s.get("encoding", "auto"), _whole(s.get("sheet")), s.get("label", ""))
        for sid, s in (data.get("sources") or {}).items()
    }
    metrics = tuple(
        Metric(m["id"], m["source"], m["agg"], index, m.get("label", ""), m.get("column"),
               m.get("q"), _whole(m.get("k")), tuple(m.get("bins", ())),
               _where(m.get("where") or {}),
               m.get("description", ""), tuple((m.get("labels") or {}).items()))
        for index, m in enumerate(data.get("metrics") or [])
    )
    size = int(data.get("min_group_size", DEFAULT_MIN_GROUP_SIZE))
    return MetricsSpec(size, sources, metrics, loaded, _discover(data.get("discover")))


def _discover(data: dict[str, Any] | None) -> DiscoverSpec | None:
    if not data:
        return None
    k = data.get("k", "auto")
    return DiscoverSpec(data["source"], tuple(data.get("columns") or ()),
                        None if k == "auto" else int(k), int(data.get("seed", 0)))


def _whole(value: Any) -> Any:
    """A whole number written `3.0` (the schema allows it) as the int 3; anything else as is."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _where(where: dict[str, Any]) -> tuple[tuple[str, tuple[WhereValue, ...]], ...]:
    return tuple((column, tuple(v) if isinstance(v, list) else (v,))
                 for column, v in where.items())


def semantic_problems(spec: MetricsSpec, data_dir: Path) -> list[Problem]:
    """What the schema cannot check: sources, files, encodings, metric ids and bins."""
    problems = [p for source in spec.sources.values()
                for p in _source_problems(spec, source, data_dir)]
    known = sorted([*spec.sources, INTERVIEWS])
    seen: set[str] = set()
    for m in spec.metrics:
        at: list[str | int] = ["metrics", m.index]
        if m.source not in known:
            problems.append(spec.problem(
                [*at, "source"], f"no source `{m.source}`",
                did_you_mean(m.source, known) or "sources: " + ", ".join(known),
                "metrics.unknown-source"))
        if m.id in seen:
            problems.append(spec.problem([*at, "id"], f"metric id `{m.id}` is used twice",
                                         "give each metric its own id", "metrics.duplicate-id"))
        seen.add(m.id)
        if any(b >= a for a, b in zip(m.bins[1:], m.bins, strict=False)):
            problems.append(spec.problem(
                [*at, "bins"], "bins must increase: " + ", ".join(f"{b:g}" for b in m.bins),
                "list the edges from smallest to largest, each once", "metrics.bins-order"))
    if spec.discover is not None and spec.discover.source not in spec.sources:
        data_sources = sorted(spec.sources)
        problems.append(spec.problem(
            ["discover", "source"], f"no data source `{spec.discover.source}` to discover "
            "segments in", did_you_mean(spec.discover.source, data_sources)
            or "sources: " + (", ".join(data_sources) or "none yet"), "discover.unknown-source"))
    return problems


def _source_problems(spec: MetricsSpec, source: SourceSpec, data_dir: Path) -> list[Problem]:
    at = ["sources", source.id]
    if source.id == INTERVIEWS:
        return [spec.problem(at, "`interviews` is the built-in source of interview files",
                             "give this data file another source name", "metrics.reserved")]
    problems = []
    if source.encoding != "auto" and not _is_codec(source.encoding):
        problems.append(spec.problem([*at, "encoding"], f"unknown encoding `{source.encoding}`",
                                     "use auto, utf-8, utf-8-sig, gbk or gb18030",
                                     "metrics.encoding"))
    path = inside_root(data_dir, data_dir / source.file)
    if path is None or inside_root(data_dir.parent, data_dir) is None:
        return [*problems, spec.problem([*at, "file"], f"`{source.file}` is outside data/",
                                        "data files live in the data/ folder", "metrics.file")]
    if path.is_dir() and walk(data_dir, path).outside:
        return [*problems, spec.problem([*at, "file"], f"`{source.file}` holds a link that "
                                        "leads outside data/", "put the files themselves in "
                                        "the folder, not links to them", "metrics.file")]
    if not path.exists():
        return [*problems, spec.problem(
            [*at, "file"], f"data/{source.file} is not on this machine",
            "its statistics are computed where the data files are (e.g. on the build "
            "server); if the file should be here, check its name (relative to data/)",
            "data.unavailable", "warning")]
    if path.is_file() and path.suffix.lower() not in FILE_TYPES:
        problems.append(spec.problem([*at, "file"], f"cannot read `{path.suffix}` files",
                                     "use CSV, XLSX, Parquet or a folder of Parquet files",
                                     "metrics.file-type"))
    return problems


def data_file_present(source: SourceSpec, data_dir: Path) -> bool:
    """Whether a source's data file (or folder) is on this machine."""
    return source.id == INTERVIEWS or (data_dir / source.file).exists()


def _is_codec(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True

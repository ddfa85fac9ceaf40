"""Summary statistics per segment, per persona and overall, from the metrics spec.

`compute_stats` reads each source once (only the columns the spec uses),
aggregates every metric at three levels — by segment, by persona (for
sources with a persona column, and always for interviews) and over all rows
— and suppresses any figure over fewer rows than `min_group_size`. The
overall figures count every row, also rows whose segment or persona is not
in the handbook (those are reported as a warning).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

from generator.content.config import Config, load_config
from generator.content.metrics_spec import Metric, MetricsSpec, data_file_present
from generator.content.model import Handbook
from generator.content.problems import Problem, sort_problems
from generator.content.validation import ValidationResult, validate_handbook
from generator.stats.aggregations import Aggregator, MetricResult
from generator.stats.categories import Category
from generator.stats.sources import Provenance, Table, load_table

__all__ = ["Category", "MetricResult", "Provenance", "StatsResult", "compute_stats",
           "stats_json"]

LEVELS = ("segments", "personas", "overall")
OVERALL = "overall"
Results = Mapping[str, Mapping[str, MetricResult]]


@dataclass(frozen=True)
class StatsResult:
    """Every computed metric by level and group, with the provenance of each source.

    `segments[segment_id][metric_id]`, `personas[persona_id][metric_id]` and
    `overall[metric_id]` are MetricResults in the spec's metric order; a
    metric whose source could not be read is absent (see `problems`), and so is
    one whose data file is not on this machine (`unavailable` names the files).
    """

    min_group_size: int
    metrics: tuple[Metric, ...]
    segments: Results
    personas: Results
    overall: Mapping[str, MetricResult]
    provenance: Mapping[str, Provenance]
    problems: tuple[Problem, ...] = ()
    unavailable: tuple[str, ...] = ()

    def metric(self, metric_id: str) -> Metric:
        """The spec of a metric (label, source, agg) by id."""
        return next(m for m in self.metrics if m.id == metric_id)

    def source_of(self, metric_id: str) -> Provenance | None:
        """Where a metric's figures come from."""
        return self.provenance.get(self.metric(metric_id).source)


def compute_stats(handbook: Handbook, spec: MetricsSpec, data_dir: Path) -> StatsResult:
    """Read the spec's sources below `data_dir` and compute every metric at every level.

    Problems (unreadable files, missing columns, values that are not numbers)
    leave the affected source's metrics out; warnings (missing values,
    unknown ids) do not.
    """
    levels: dict[str, dict[str, dict[str, MetricResult]]] = {
        "segments": {s: {} for s in handbook.segments},
        "personas": {p: {} for p in handbook.personas},
        "overall": {OVERALL: {}},
    }
    problems: list[Problem] = []
    provenance: dict[str, Provenance] = {}
    unavailable = tuple(f"data/{s.file}" for s in spec.sources.values()
                        if not data_file_present(s, data_dir))
    # One source at a time, so that only one table is in memory.
    for source_id in dict.fromkeys(m.source for m in spec.metrics):
        if source_id in spec.sources and not data_file_present(spec.sources[source_id],
                                                               data_dir):
            continue
        table, found = load_table(handbook, spec, source_id, data_dir)
        problems += found
        if table is not None:
            provenance[source_id] = table.provenance
            _aggregate(table, spec, levels)
            problems += _overflows(spec, table.source, levels)
    order = [m.id for m in spec.metrics]
    ordered = {level: {group: {k: results[k] for k in order if k in results}
                       for group, results in groups.items()}
               for level, groups in levels.items()}
    return StatsResult(spec.min_group_size, spec.metrics, ordered["segments"],
                       ordered["personas"], ordered["overall"][OVERALL], provenance,
                       tuple(sort_problems(problems)), unavailable)


def _aggregate(table: Table, spec: MetricsSpec,
               levels: dict[str, dict[str, dict[str, MetricResult]]]) -> None:
    for level, grouping in table.groupings.items():
        aggregator = Aggregator(grouping, spec.min_group_size, table.list_columns)
        for metric in spec.metrics_of(table.source):
            for group, result in aggregator.run(metric).items():
                levels[level][group][metric.id] = result


def _overflows(spec: MetricsSpec, source_id: str,
               levels: dict[str, dict[str, dict[str, MetricResult]]]) -> list[Problem]:
    """Metrics whose figures are too large to compute (a sum past 1.8e308): left out."""
    problems = []
    for metric in spec.metrics_of(source_id):
        tables = [metrics for groups in levels.values() for metrics in groups.values()]
        if all(t[metric.id].finite for t in tables if metric.id in t):
            continue
        for metrics in tables:
            metrics.pop(metric.id, None)
        problems.append(spec.problem(
            ["metrics", metric.index], f"the {metric.agg} of `{metric.column}` is too large to "
            "compute (beyond 1.8e308)", "check the column for values that are far too large",
            "data.overflow"))
    return problems


def stats_json(result: StatsResult) -> dict[str, Any]:
    """The JSON document of `handbook stats --format json`; suppressed values never appear."""
    return {
        "min_group_size": result.min_group_size,
        "metrics": {m.id: {"label": m.title, "source": m.source, "agg": m.agg,
                           **({"column": m.column} if m.column else {})}
                    for m in result.metrics},
        "segments": _level_json(result.segments),
        "personas": _level_json(result.personas),
        "overall": {k: r.as_json() for k, r in result.overall.items()},
        "provenance": {k: asdict(p) for k, p in result.provenance.items()},
    }


def _level_json(level: Results) -> dict[str, dict[str, Any]]:
    return {group: {k: r.as_json() for k, r in metrics.items()} for group, metrics in level.items()}


def handbook_statistics(checked: ValidationResult, cfg: Config) -> StatsResult | None:
    """The one entry to a handbook's statistics (build, `handbook stats` and `handbook diff`).

    None when the handbook did not validate or has no metrics spec.
    """
    if checked.handbook is None or checked.metrics is None:
        return None
    return compute_stats(checked.handbook, checked.metrics, cfg.data_dir)


def statistics_at(root: Path, today: date | None = None
                  ) -> tuple[ValidationResult, StatsResult | None]:
    """Validate the handbook at `root` with its own settings, then compute its statistics."""
    cfg = load_config(root)
    checked = validate_handbook(root, today, cfg.max_file_bytes)
    return checked, handbook_statistics(checked, cfg)

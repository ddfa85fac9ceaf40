"""Statistics that moved between two revisions of a handbook.

Statistics are compared as the JSON that `handbook stats --format json`
prints: `{"segments": {ID: {METRIC: {"value": …, "n": …}}}, "personas": …}`,
where a suppressed metric has `"suppressed": true` and no value. Only scalar
values are compared (counts, medians, NPS); shares, top lists and histograms
are left to the site.

Computing statistics at a revision extracts the revision's files into a
temporary folder (`git archive`, no checkout, no worktree) and calls a
function on that folder, by default `handbook_stats` (validation, the
metrics spec and `generator.stats.compute`, as `handbook stats` does).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.history.git import extract_tree
from generator.stats.display import NO_FIGURE, Display

StatsJson = Mapping[str, Any]
StatsFunction = Callable[[Path], StatsJson | None]
SCOPES = ("segments", "personas")
SUPPRESSED = "suppressed"
_NOT_SCALAR: Any = object()


@dataclass(frozen=True)
class StatMove:
    """One scalar statistic whose value differs (None: the metric is not there)."""

    scope: str
    id: str
    metric: str
    old: Any
    new: Any
    label: str = ""
    agg: str = ""

    def as_text(self, display: Display) -> str:
        """`urban-commuters · 问卷 NPS +31 → +38` in the handbook's language."""
        return (f"{self.id} · {self.label or self.metric} {self._shown(self.old, display)} → "
                f"{self._shown(self.new, display)}")

    def _shown(self, value: Any, display: Display) -> str:
        if value is None:
            return NO_FIGURE
        if value == SUPPRESSED:
            return display.word("suppressed")
        if isinstance(value, int | float) and self.agg == "nps":
            return display.nps(value)
        return display.number(value) if isinstance(value, int | float) else str(value)


def compare_stats(old: StatsJson, new: StatsJson) -> list[StatMove]:
    """Every scalar statistic whose value moved, segments first, then personas, by id."""
    moves = []
    for scope in SCOPES:
        before, after = old.get(scope) or {}, new.get(scope) or {}
        for id_ in sorted(set(before) | set(after)):
            metrics_before, metrics_after = before.get(id_) or {}, after.get(id_) or {}
            for metric in sorted(set(metrics_before) | set(metrics_after)):
                was, now = _scalar(metrics_before.get(metric)), _scalar(metrics_after.get(metric))
                if _NOT_SCALAR not in (was, now) and was != now:
                    spec = _metric_spec(new, metric) or _metric_spec(old, metric)
                    moves.append(StatMove(scope, id_, metric, was, now,
                                          str(spec.get("label", "")), str(spec.get("agg", ""))))
    return moves


def _metric_spec(stats: StatsJson, metric: str) -> Mapping[str, Any]:
    spec = (stats.get("metrics") or {}).get(metric)
    return spec if isinstance(spec, Mapping) else {}


def _scalar(entry: Any) -> Any:
    if entry is None:
        return None
    if not isinstance(entry, Mapping):
        return _NOT_SCALAR
    if entry.get("suppressed"):
        return SUPPRESSED
    value = entry.get("value")
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return _NOT_SCALAR
    return round(value, 2) if isinstance(value, float) else value


def stats_at(root: Path, rev: str, compute: StatsFunction) -> StatsJson | str:
    """The statistics of the handbook as it was at `rev` ({} if it had none), or an error."""
    with tempfile.TemporaryDirectory(prefix="handbook-stats-") as folder:
        error = extract_tree(root, rev, Path(folder))
        if error:
            return error
        return compute(Path(folder)) or {}


def handbook_stats(root: Path) -> StatsJson | None:
    """Statistics of the handbook in `root` as stats JSON; None if it has none or is invalid."""
    from generator.stats.compute import statistics_at, stats_json

    _, result = statistics_at(root)
    return None if result is None else stats_json(result)

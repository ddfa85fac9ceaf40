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

    def as_text(self) -> str:
        """`urban-commuters · nps 31 → 38`."""
        return f"{self.id} · {self.metric} {_shown(self.old)} → {_shown(self.new)}"


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
                    moves.append(StatMove(scope, id_, metric, was, now))
    return moves


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


def _shown(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def stats_at(root: Path, rev: str, compute: StatsFunction) -> StatsJson | str:
    """The statistics of the handbook as it was at `rev` ({} if it had none), or an error."""
    with tempfile.TemporaryDirectory(prefix="handbook-stats-") as folder:
        error = extract_tree(root, rev, Path(folder))
        if error:
            return error
        return compute(Path(folder)) or {}


def handbook_stats(root: Path) -> StatsJson | None:
    """Statistics of the handbook in `root` as stats JSON; None if it has none or is invalid."""
    from generator.content.metrics_spec import load_metrics_spec
    from generator.content.validation import validate_handbook
    from generator.stats.compute import compute_stats, stats_json

    spec, _ = load_metrics_spec(root)
    if spec is None:
        return None
    handbook = validate_handbook(root).handbook
    return None if handbook is None else stats_json(compute_stats(handbook, spec, root / "data"))

"""What a persona or segment expects of its data, compared with the computed statistics.

`check_expectation` is the one rule: a range `[low, high]` holds when the
metric's value lies in it (ends included); `{top: VALUE}` holds when VALUE is
the most common named category. A figure suppressed for too few rows is
never compared: the check says "not enough data" and carries no value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from generator.content.expect import expectations_of
from generator.content.loading import LoadedFile, SourceFile, format_path, load_file
from generator.content.model import Handbook
from generator.content.problems import Problem
from generator.stats.aggregations import MetricResult
from generator.stats.categories import category_text
from generator.stats.compute import StatsResult
from generator.stats.display import Display

# Numbers and shares as every output shows them; these texts are in English.
_PLAIN = Display()

Status = Literal["confirmed", "contradicted", "not_enough_data", "no_data"]
CONTRADICTED = "expect.contradicted"


@dataclass(frozen=True)
class Expectation:
    """One `expect:` entry: a range of numbers, or the category expected on top."""

    metric: str
    low: float | None = None
    high: float | None = None
    top: str | None = None

    @classmethod
    def parse(cls, metric: str, value: Any) -> Expectation:
        """From the front matter value (already checked by validation)."""
        if isinstance(value, list):
            return cls(metric, float(value[0]), float(value[1]))
        return cls(metric, top=category_text(value["top"]))

    @property
    def text(self) -> str:
        """`26–32` or `小程序`."""
        if self.top is not None:
            return self.top
        return f"{_PLAIN.number(self.low or 0.0)}–{_PLAIN.number(self.high or 0.0)}"


@dataclass(frozen=True)
class Check:
    """An expectation of one persona or segment, and what the data says.

    `actual` (a number or a category) and `n` are None unless the figure is published;
    `share` is the top category's share.
    """

    kind: Literal["persona", "segment"]
    id: str
    file: str
    expectation: Expectation
    label: str
    agg: str
    status: Status
    actual: float | str | None = None
    n: int | None = None
    share: float | None = None


def check_expectation(expectation: Expectation, result: MetricResult | None
                      ) -> tuple[Status, float | str | None, int | None, float | None]:
    """(status, actual value, n, share of the top category): the comparison rule."""
    if result is None or result.empty:
        return "no_data", None, None, None
    if result.suppressed or result.value is None:
        return "not_enough_data", None, None, None
    if expectation.top is None:
        value = float(result.value) if isinstance(result.value, int | float) else None
        if value is None:
            return "no_data", None, None, None
        low, high = expectation.low, expectation.high
        holds = (low is None or low <= value) and (high is None or value <= high)
        return ("confirmed" if holds else "contradicted"), value, result.n, None
    named = [c for c in result.value if not c.other and not c.suppressed] \
        if isinstance(result.value, tuple) else []
    if not named:
        return "not_enough_data", None, None, None
    top = max(named, key=lambda c: c.count or 0)
    holds = top.label.casefold() == expectation.top.casefold()
    return ("confirmed" if holds else "contradicted"), top.label, result.n, top.share


def expectation_checks(handbook: Handbook, stats: StatsResult) -> list[Check]:
    """Every expectation of every segment and persona, checked against the statistics."""
    checks: list[Check] = []
    groups: list[tuple[Literal["persona", "segment"], str, str, Mapping[str, Any],
                       Mapping[str, MetricResult]]] = [
        ("segment", s.id, s.source, s.data, stats.segments.get(s.id, {}))
        for s in handbook.segments.values()]
    groups += [("persona", p.id, p.source, p.data, stats.personas.get(p.id, {}))
               for p in handbook.personas.values()]
    known = {m.id: m for m in stats.metrics}
    for kind, id_, file, data, results in groups:
        for metric_id, value in expectations_of(dict(data)).items():
            if metric_id not in known:
                continue
            expectation = Expectation.parse(metric_id, value)
            status, actual, n, share = check_expectation(expectation, results.get(metric_id))
            metric = known[metric_id]
            checks.append(Check(kind, id_, file, expectation, metric.title, metric.agg, status,
                                actual, n, share))
    return checks


def describe(check: Check) -> str:
    """`lin-xiao: median_age is 41 (n = 34,986); the persona expects 26–32`."""
    metric, expected = check.expectation.metric, check.expectation.text
    if check.actual is None or check.n is None:
        return f"{check.id}: {metric}: not enough data to check the expectation {expected}"
    if isinstance(check.actual, str):
        share = f"{check.share:.0%}, " if check.share is not None else ""
        shown = f"{metric}' most common category is {check.actual} ({share}n = {check.n:,})"
    else:
        shown = f"{metric} is {_PLAIN.number(check.actual)} (n = {check.n:,})"
    return f"{check.id}: {shown}; the {check.kind} expects {expected}"


def expectation_warnings(checks: list[Check], root: Path) -> list[Problem]:
    """A warning at the expectation for each one the data contradicts."""
    problems = []
    for check in checks:
        if check.status != "contradicted":
            continue
        parts: list[str | int] = ["expect", check.expectation.metric]
        line, column = _position(root, check, parts)
        problems.append(Problem(check.file, line, column, format_path(parts),
                                f"{describe(check)}: review the {check.kind}",
                                "check the data, or update what the "
                                f"{check.kind} expects", "warning", CONTRADICTED))
    return problems


def _position(root: Path, check: Check, parts: list[str | int]) -> tuple[int, int]:
    path = root / check.file
    kind: Any = check.kind
    loaded: LoadedFile = load_file(SourceFile(path, check.file, kind, check.id))
    return loaded.position(parts) if loaded.data is not None else (1, 1)

"""Checks of `expect:` in personas and segments against the metrics spec.

A persona or segment may say what its data should show: metric ids of
`data/metrics.yml`, each with a range `[low, high]` (numeric metrics, NPS) or
`{top: VALUE}` (the most common category of a `share` or `top` metric). The
schema checks the two forms; this module checks what only the spec knows:
the metric exists, its `agg` fits the form, and a persona's metric is
computed per persona (its source has a persona column).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from generator.content.loading import LoadedFile, format_path
from generator.content.metrics_spec import INTERVIEWS, SPEC_FILE, Metric, MetricsSpec
from generator.content.problems import Problem
from generator.content.schema_check import did_you_mean

RANGE_AGGS = frozenset({"count", "sum", "mean", "median", "min", "max", "quantile", "nps"})
TOP_AGGS = frozenset({"share", "top"})
NPS_BOUNDS = (-100.0, 100.0)


def located(loaded: LoadedFile, parts: list[str | int], message: str, hint: str, code: str,
            at_key: bool = False) -> Problem:
    """An error at a key path of a content file."""
    line, column = loaded.position(parts, at_key=at_key)
    return Problem(loaded.source.rel, line, column, format_path(parts), message, hint,
                   code=code)


def expectations_of(data: dict[str, Any] | None) -> dict[str, Any]:
    """The `expect:` mapping of a front matter, or {} when it has none (or not a mapping)."""
    expect = (data or {}).get("expect")
    return expect if isinstance(expect, dict) else {}


def expect_problems(files: Iterable[LoadedFile], spec: MetricsSpec | None,
                    has_spec_file: bool) -> list[Problem]:
    """Every expectation naming an unknown metric, or whose form does not fit the metric.

    With a spec file that did not load (its own errors are reported), nothing is checked.
    """
    problems: list[Problem] = []
    for loaded in files:
        if loaded.source.kind not in ("persona", "segment"):
            continue
        for metric_id, expected in expectations_of(loaded.data).items():
            at: list[str | int] = ["expect", metric_id]
            if spec is None:
                if not has_spec_file:
                    problems.append(located(
                        loaded, at, f"no {SPEC_FILE}: there is no metric `{metric_id}` to "
                        "check", f"define the metric in {SPEC_FILE}, or remove the expectation",
                        "expect.no-spec"))
                continue
            problems += _metric_problems(loaded, at, spec, metric_id, expected)
    return problems


def _metric_problems(loaded: LoadedFile, at: list[str | int], spec: MetricsSpec,
                     metric_id: str, expected: Any) -> list[Problem]:
    metric = next((m for m in spec.metrics if m.id == metric_id), None)
    if metric is None:
        ids = [m.id for m in spec.metrics]
        return [located(loaded, at, f"no metric `{metric_id}` in {SPEC_FILE}",
                        did_you_mean(metric_id, ids) or "metrics: " + ", ".join(ids),
                        "expect.unknown-metric", at_key=True)]
    problems = _form_problems(loaded, at, metric, expected)
    source = spec.sources.get(metric.source)
    if (loaded.source.kind == "persona" and metric.source != INTERVIEWS
            and source is not None and source.persona is None):
        problems.append(located(
            loaded, at, f"`{metric_id}` is computed per segment only: source `{metric.source}` "
            "has no persona column", f"give the source a `persona:` column in {SPEC_FILE}, "
            "or state the expectation in the segment", "expect.no-persona-column",
            at_key=True))
    return problems


def _form_problems(loaded: LoadedFile, at: list[str | int], metric: Metric,
                   expected: Any) -> list[Problem]:
    is_range = isinstance(expected, list)
    if is_range and metric.agg not in RANGE_AGGS:
        hint = ("expect its most common category: `{top: VALUE}`" if metric.agg in TOP_AGGS
                else "expectations are ranges of numbers or the top category of a share")
        return [located(loaded, at, f"`{metric.id}` is a {metric.agg}, not a number: a range "
                        "does not fit it", hint, "expect.wrong-form")]
    if not is_range and metric.agg not in TOP_AGGS:
        hint = ("expect a range: `[low, high]`" if metric.agg in RANGE_AGGS
                else "expectations are ranges of numbers or the top category of a share")
        return [located(loaded, at, f"`{metric.id}` is a {metric.agg}, not a share: "
                        "`{top: …}` does not fit it", hint, "expect.wrong-form")]
    if not is_range or len(expected) != 2:
        return []
    low, high = expected
    if low > high:
        return [located(loaded, at, f"the range {low:g}–{high:g} goes down",
                        f"write the smaller number first: [{high:g}, {low:g}]",
                        "expect.range-order")]
    if metric.agg == "nps" and (low < NPS_BOUNDS[0] or high > NPS_BOUNDS[1]):
        return [located(loaded, at, f"NPS is between -100 and 100, not {low:g}–{high:g}",
                        "write a range inside -100 to 100", "expect.nps-range")]
    return []

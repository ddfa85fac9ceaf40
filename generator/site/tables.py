"""Statistics tables of the segment and persona pages, with charts, key figures and sources.

Every row carries the all-customers figure beside the group's own, share
metrics included (the overall share of each category the group shows).
Category names go through the metric's `labels:` map, then the `Display`
(the folded category, booleans); every figure is formatted by the `Display`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from markupsafe import Markup

from generator.content.metrics_spec import INTERVIEWS, Metric, MetricsSpec
from generator.site.charts import chart_svg
from generator.stats.aggregations import MetricResult
from generator.stats.categories import Category
from generator.stats.compute import StatsResult
from generator.stats.display import Display
from generator.stats.sources import Provenance

KEY_FIGURES = 6
# Which plain figures a card shows first: how many, how they rate us, then typical values.
KEY_AGGS = {"count": 0, "nps": 1, "median": 2, "mean": 2}


@dataclass(frozen=True)
class StatRow:
    """One metric of one group as a page shows it."""

    label: str
    value: str
    n: int | None
    overall: str
    chart: Markup | None
    source: str
    kind: str = "number"


@dataclass(frozen=True)
class SourceLine:
    """A data file behind a table, in plain words; the hash only for those who hover."""

    file: str
    date: str
    rows: int
    sha256: str


@dataclass(frozen=True)
class StatsTable:
    """A group's statistics and the files they were computed from."""

    rows: list[StatRow]
    provenance: list[SourceLine]
    unavailable: tuple[str, ...] = ()

    @property
    def key_figures(self) -> list[StatRow]:
        """A few plain figures with a value: counts, then NPS, then medians and means."""
        shown = [r for r in self.rows if r.kind in KEY_AGGS and r.n is not None]
        return sorted(shown, key=lambda r: KEY_AGGS[r.kind])[:KEY_FIGURES]


@dataclass(frozen=True)
class SourceCount:
    """How many rows a source holds, named in the site's words (客户 120,000)."""

    label: str
    rows: int


def stats_tables(stats: StatsResult, display: Display) -> dict[str, StatsTable]:
    """Every segment's and persona's table, keyed `segment:ID` / `persona:ID` (with the
    data files that are not on this machine, whose statistics are missing)."""
    tables = {}
    for kind, groups in (("segment", stats.segments), ("persona", stats.personas)):
        for group_id, results in groups.items():
            rows = stat_rows(stats, results, display)
            if rows or stats.unavailable:
                tables[f"{kind}:{group_id}"] = StatsTable(rows, provenance_lines(stats, rows),
                                                          stats.unavailable)
    return tables


def category_name(metric: Metric, category: Category, display: Display) -> str:
    """A category as the pages name it: the spec's `labels:` first, else the display's."""
    if not category.other and category.label in dict(metric.labels):
        return metric.category_name(category.label)
    return display.category(category)


def _value(metric: Metric, result: MetricResult, display: Display, min_size: int) -> str:
    if isinstance(result.value, tuple) and result.value and not result.suppressed:
        return " · ".join(f"{category_name(metric, c, display)} {display.share(c.share)}"
                          for c in result.value)
    return display.result(result, min_size)


def _overall(metric: Metric, result: MetricResult, overall: MetricResult | None,
             display: Display, min_size: int) -> str:
    """The all-customers figure; for shares, the overall share of each category shown."""
    if overall is None or overall.suppressed or overall.value is None:
        return ""
    if not isinstance(result.value, tuple) or not isinstance(overall.value, tuple):
        return _value(metric, overall, display, min_size)
    whole = {c.label: c.share for c in overall.value if not c.other}
    return " · ".join(f"{category_name(metric, c, display)} {display.share(whole.get(c.label))}"
                      for c in result.value if not c.other)


def stat_rows(stats: StatsResult, group: Mapping[str, MetricResult], display: Display
              ) -> list[StatRow]:
    """Rows of a statistics table for one segment or persona, in the spec's order."""
    rows = []
    size = stats.min_group_size
    for metric in stats.metrics:
        result = group.get(metric.id)
        if result is None or result.empty:
            continue
        provenance = stats.source_of(metric.id)
        overall = stats.overall.get(metric.id)
        svg = None if result.suppressed else chart_svg(
            result, metric.title, display, overall, name=_namer(metric, display))
        kind = "share" if metric.agg in ("share", "top", "histogram") else metric.agg
        rows.append(StatRow(
            metric.title, _value(metric, result, display, size),
            None if result.suppressed else result.n,
            _overall(metric, result, overall, display, size),
            Markup(_one_block(svg)) if svg else None,
            file_name(provenance) if provenance else metric.source, kind))
    return rows


def _namer(metric: Metric, display: Display) -> Callable[[Category], str]:
    return lambda category: category_name(metric, category, display)


def _one_block(svg: str) -> str:
    # A blank line would end the raw HTML block and leave half an SVG as Markdown text.
    return "\n".join(line for line in svg.splitlines() if line.strip())


def provenance_lines(stats: StatsResult, rows: list[StatRow]) -> list[SourceLine]:
    """The files behind the rows: name, date, rows; the hash kept for a tooltip."""
    used = {row.source for row in rows}
    return [SourceLine(file_name(p), p.modified[:10], p.rows, p.sha256)
            for p in stats.provenance.values() if file_name(p) in used]


def file_name(provenance: Provenance) -> str:
    """The data file's name without its folder (the source id for the built-in sources)."""
    return provenance.file.rstrip("/").rsplit("/", 1)[-1] or provenance.source


def source_counts(stats: StatsResult | None, spec: MetricsSpec | None) -> list[SourceCount]:
    """Rows of each data file, named by the source's `label` (else a plain count metric's
    label, else its id); interviews are left to the pages, which count only published ones."""
    if stats is None:
        return []
    counts = []
    for source_id, provenance in stats.provenance.items():
        if source_id == INTERVIEWS:
            continue
        source = spec.sources.get(source_id) if spec else None
        counted = next((m.title for m in stats.metrics if m.source == source_id
                        and m.agg == "count" and not m.column and not m.where), None)
        counts.append(SourceCount((source.label if source else "") or counted or source_id,
                                  provenance.rows))
    return counts

"""Statistics tables of the segment and persona pages, with charts and provenance."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from markupsafe import Markup

from generator.site.charts import chart_svg
from generator.stats.aggregations import MetricResult
from generator.stats.compute import StatsResult
from generator.stats.display import Display
from generator.stats.sources import Provenance


@dataclass(frozen=True)
class StatRow:
    """One metric of one group as a page shows it."""

    label: str
    value: str
    n: int | None
    overall: str
    chart: Markup | None
    source: str


@dataclass(frozen=True)
class StatsTable:
    """A group's statistics and the files they were computed from."""

    rows: list[StatRow]
    provenance: list[str]
    unavailable: tuple[str, ...] = ()


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


def stat_rows(stats: StatsResult, group: Mapping[str, MetricResult], display: Display
              ) -> list[StatRow]:
    """Rows of a statistics table for one segment or persona, in the spec's order."""
    rows = []
    for metric in stats.metrics:
        result = group.get(metric.id)
        if result is None or result.empty:
            continue
        provenance = stats.source_of(metric.id)
        overall = stats.overall.get(metric.id)
        svg = None if result.suppressed else chart_svg(result, metric.title, display)
        rows.append(StatRow(
            metric.title, display.result(result, stats.min_group_size),
            None if result.suppressed else result.n,
            display.result(overall, stats.min_group_size) if overall is not None else "",
            Markup(_one_block(svg)) if svg else None,
            file_name(provenance) if provenance else metric.source))
    return rows


def _one_block(svg: str) -> str:
    # A blank line would end the raw HTML block and leave half an SVG as Markdown text.
    return "\n".join(line for line in svg.splitlines() if line.strip())


def provenance_lines(stats: StatsResult, rows: list[StatRow]) -> list[str]:
    """`customers.csv · 3f2a9c1b7d40 · 2026-11-20 · 120,000 rows` for each file used."""
    used = {row.source for row in rows}
    lines = []
    for p in stats.provenance.values():
        name = file_name(p)
        if name in used:
            lines.append(f"{name} · {p.sha256[:12]} · {p.modified[:10]} · {p.rows:,}")
    return lines


def file_name(provenance: Provenance) -> str:
    """The data file's name without its folder (the source id for the built-in sources)."""
    return provenance.file.rsplit("/", 1)[-1] or provenance.source

"""The "Segments in the data" page: a discovery in the site's language, with charts.

Charts are the statistics' SVG bar charts: cluster sizes (clusters under
`min_group_size` folded into "other"), and per cluster the declared
segments its rows come from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from markupsafe import Markup

from generator.content.model import Handbook
from generator.discover.model import NOTABLE, CategoryTrait, Cluster, Discovery, NumberTrait
from generator.site.charts import chart_svg
from generator.stats.aggregations import MetricResult
from generator.stats.categories import Category
from generator.stats.display import Display


@dataclass(frozen=True)
class ClusterView:
    """One cluster's section of the page."""

    cluster: Cluster
    name: str
    size: str
    share: str
    covered_by: str | None
    headline: list[str]
    numbers: list[tuple[str, str, str, str]]
    categories: list[tuple[str, str, str, str, str]]
    chart: Markup | None


@dataclass(frozen=True)
class DiscoverView:
    """Everything the page shows."""

    discovery: Discovery
    columns: str
    missing: str
    dropped: list[tuple[str, str]]
    scores: str
    sizes_chart: Markup | None
    clusters: list[ClusterView]
    segments: list[tuple[str, str, str]]


def discover_view(d: Discovery, handbook: Handbook, t: Display) -> DiscoverView:
    """The page's view of a discovery."""
    used = [c for c in d.columns if not c.dropped]
    columns = t.word("list_separator").join(
        f"{c.name}（{t.word('discover_log' if c.log else 'discover_number')}）"
        if c.kind == "number" else f"{c.name}（{t.word('discover_levels', n=c.levels)}）"
        for c in used)
    missing = t.word("list_separator").join(f"{c.name} {c.missing:,}"
                                            for c in used if c.missing)
    scores = " · ".join(f"k={k}: {s:.2f}" for k, s in d.scores)
    segment_names = {s.id: s.name for s in handbook.segments.values()}
    return DiscoverView(d, columns, missing, [(c.name, c.dropped) for c in d.columns if c.dropped],
                        scores, _sizes_chart(d, t),
                        [_cluster_view(c, d, segment_names, t) for c in d.clusters],
                        _segment_rows(d, segment_names, t))


def cluster_name(number: int, t: Display) -> str:
    return t.word("discover_cluster", n=number)


def _svg(result: MetricResult, label: str, display: Display) -> Markup | None:
    svg = chart_svg(result, label, display)
    # A blank line would end the raw HTML block and leave half an SVG as Markdown text.
    return Markup("\n".join(line for line in svg.splitlines() if line.strip())) if svg else None


def _with_rest(shown: list[Category], rest: int, total: int, min_size: int,
               t: Display) -> tuple[Category, ...]:
    """The categories and "other" for the remaining rows (its size withheld when small)."""
    if rest > 0:
        enough = rest >= min_size
        shown = [*shown, Category(t.word("other"), rest if enough else None,
                                  round(rest / total, 6) if enough else None, other=True)]
    return tuple(shown)


def _sizes_chart(d: Discovery, t: Display) -> Markup | None:
    shown = [Category(cluster_name(c.number, t), c.size, c.share) for c in d.clusters]
    rest = d.rows - sum(c.size for c in d.clusters)
    categories = _with_rest(shown, rest, d.rows, d.min_group_size, t)
    return _svg(MetricResult("clusters", "share", d.rows, categories),
                t.word("discover_sizes"), t)


def _trait(trait: NumberTrait | CategoryTrait, t: Display) -> str:
    if isinstance(trait, NumberTrait):
        key = "discover_higher" if trait.effect > 0 else "discover_lower"
        return t.word(key, column=trait.column, median=t.number(trait.median),
                      overall=t.number(trait.overall))
    return t.word("discover_category", column=trait.column, level=trait.level,
                  share=t.share(trait.share), overall=t.share(trait.overall),
                  lift=f"{trait.lift:.1f}")


def _cluster_view(c: Cluster, d: Discovery, names: Mapping[str, str], t: Display
                  ) -> ClusterView:
    numbers = [(n.column, t.number(n.median), t.number(n.overall),
                t.word("discover_up" if n.effect > 0 else "discover_down")
                if abs(n.effect) >= NOTABLE else "") for n in c.numbers]
    categories = [(k.column, k.level, t.share(k.share), t.share(k.overall),
                   f"×{k.lift:.1f}") for k in c.categories]
    shown = [Category(names.get(s.segment, s.segment) if s.segment else
                      t.word("discover_unknown_segment"), s.count, s.share)
             for s in c.segments]
    rest = c.size - sum(s.count for s in c.segments)
    composition = _with_rest(shown, rest, c.size, d.min_group_size, t)
    chart = _svg(MetricResult("segments", "share", c.size, composition),
                 t.word("discover_segments_of", name=cluster_name(c.number, t)), t)
    return ClusterView(c, cluster_name(c.number, t), f"{c.size:,}", t.share(c.share),
                       names.get(c.covered_by) if c.covered_by else None,
                       [_trait(x, t) for x in c.headline], numbers, categories, chart)


def _segment_rows(d: Discovery, names: Mapping[str, str], t: Display
                  ) -> list[tuple[str, str, str]]:
    if d.comparison is None:
        return []
    rows = []
    for fit in d.comparison.segments:
        name = names.get(fit.segment, fit.segment)
        if fit.rows is None or fit.cluster is None:
            rows.append((name, "", t.word("not_enough_data", min=d.min_group_size)))
        else:
            rows.append((name, f"{fit.rows:,}", t.word(
                "discover_in_cluster", share=t.share(fit.share),
                name=cluster_name(fit.cluster, t))))
    return rows

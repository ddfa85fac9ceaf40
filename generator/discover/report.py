"""What `handbook discover` prints: plain text for people, JSON for tools.

Only aggregates of at least `min_group_size` rows appear: cluster sizes,
medians, shares, lifts, indices. No row's value is ever printed.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from generator.content import jsontext
from generator.content.problems import printable
from generator.discover.model import (
    NOTABLE,
    CategoryTrait,
    Cluster,
    ColumnUse,
    Comparison,
    Discovery,
    NumberTrait,
)
from generator.stats.display import Display, display_width

# Numbers and shares as every output shows them; these texts are in English.
_PLAIN = Display()

STRUCTURE_WORDS = {
    "clear": "clear: the clusters are well separated and fits on resamples agree",
    "weak": "weak: treat the clusters as hints to look into, not as segments",
    "none": "none: the data shows no clear structure along these columns; the clusters are "
            "arbitrary cuts, not segments",
}
AGREEMENT_WORDS = {
    "match": "the declared segments show clearly in the data",
    "partial": "the declared segments show in part: some mix in the same clusters",
    "none": "the data does not separate the declared segments along these columns",
}


def discovery_json(discovery: Discovery) -> dict[str, Any]:
    """The whole discovery as JSON-ready data, verdicts included."""
    data = asdict(discovery)
    data["structure"] = discovery.structure
    if discovery.comparison is not None:
        data["comparison"]["agreement"] = discovery.comparison.agreement
    for cluster, shown in zip(discovery.clusters, data["clusters"], strict=True):
        for trait, item in zip(cluster.categories, shown["categories"], strict=True):
            item["lift"] = round(trait.lift, 4)
    return data


def format_json(discovery: Discovery) -> str:
    return jsontext.dumps(discovery_json(discovery), indent=2) + "\n"


def format_text(discovery: Discovery) -> str:
    """The discovery as a report a marketer can read in a terminal."""
    d = discovery
    p = d.provenance
    lines = [f"segments in the data: source {d.source} ({p.file} · {p.sha256} · {p.rows:,} rows)",
             *_column_lines(d.columns), _k_line(d),
             f"structure: {STRUCTURE_WORDS[d.structure]} (silhouette {d.silhouette:.2f}; "
             f"adjusted Rand index {d.stability:.2f} between fits on bootstrap samples)", ""]
    for cluster in d.clusters:
        lines += _cluster_lines(cluster)
    if d.small_clusters:
        lines += [f"{_count(d.small_clusters, 'cluster')} with fewer than "
                  f"{d.min_group_size} rows: counted, not described", ""]
    if d.comparison is not None:
        lines += _comparison_lines(d.comparison, d.min_group_size)
    uncovered = ", ".join(str(c.number) for c in d.uncovered())
    lines.append(f"clusters no declared segment holds the majority of: {uncovered or 'none'}"
                 + (" (--scaffold drafts a segment for each)" if uncovered else ""))
    # Values come from data files: a control character must not forge a line.
    return "\n".join(printable(line) for line in lines) + "\n"


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _column_lines(columns: tuple[ColumnUse, ...]) -> list[str]:
    used = [c for c in columns if not c.dropped]
    described = [f"{c.name} ({'number, log scale' if c.log else 'number'})" if c.kind == "number"
                 else f"{c.name} ({c.levels} levels)" for c in used]
    lines = ["columns: " + ", ".join(described)]
    missing = [f"{c.name} {c.missing:,}" for c in used if c.missing]
    if missing:
        lines.append("missing values (imputed for clustering, left out of the profiles): "
                     + ", ".join(missing))
    lines += [f"left out: {c.name}: {c.dropped}" for c in columns if c.dropped]
    return lines


def _k_line(d: Discovery) -> str:
    if d.k_given:
        return f"k = {d.k}, as asked"
    scores = " · ".join(f"{k}: {s:.3f}" for k, s in d.scores)
    return f"k = {d.k}, chosen by silhouette ({scores})"


def trait_text(trait: NumberTrait | CategoryTrait) -> str:
    """`orders_90d higher (median 31 vs 5)` or `channel 线下活动 45% vs 5% (×9.0)`."""
    if isinstance(trait, NumberTrait):
        way = _direction(trait) or "about the same"
        return (f"{trait.column} {way} (median {_PLAIN.number(trait.median)} vs "
                f"{_PLAIN.number(trait.overall)})")
    return (f"{trait.column} {trait.level} {_PLAIN.share(trait.share)} vs "
            f"{_PLAIN.share(trait.overall)} (×{trait.lift:.1f})")


def _direction(trait: NumberTrait) -> str:
    if abs(trait.effect) < NOTABLE:
        return ""
    return "higher" if trait.effect > 0 else "lower"


def _cluster_lines(c: Cluster) -> list[str]:
    head = (f"cluster {c.number} · {c.size:,} rows ({_PLAIN.share(c.share)}) · silhouette "
            f"{_index(c.silhouette)} · stability {_index(c.stability)}")
    if c.covered_by:
        head += f" · mostly {c.covered_by}"
    lines = [head]
    if c.headline:
        lines.append("  in short: " + "; ".join(trait_text(t) for t in c.headline))
    rows = [(t.column, f"{_PLAIN.number(t.median)} vs {_PLAIN.number(t.overall)}",
             _direction(t)) for t in c.numbers]
    rows += [(f"{t.column} = {t.level}", f"{_PLAIN.share(t.share)} vs "
              f"{_PLAIN.share(t.overall)}", f"×{t.lift:.1f}") for t in c.categories]
    lines += ["  " + line for line in _aligned([("", "cluster vs everyone", ""), *rows])]
    if c.segments:
        lines.append("  segments: " + " · ".join(
            f"{s.segment or '(not in the handbook)'} {_PLAIN.share(s.share)}"
            for s in c.segments))
    return [*lines, ""]


def _index(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _aligned(rows: list[tuple[str, str, str]]) -> list[str]:
    widths = [max(display_width(r[i]) for r in rows) for i in range(2)]
    return [f"{r[0]}{' ' * (widths[0] - display_width(r[0]))}  "
            f"{r[1]}{' ' * (widths[1] - display_width(r[1]))}  {r[2]}".rstrip() for r in rows]


def _comparison_lines(comparison: Comparison, min_size: int) -> list[str]:
    if comparison.ari is None or comparison.agreement is None:
        head = "declared segments against clusters: fewer than two segments have rows here"
    else:
        head = (f"declared segments against clusters: adjusted Rand index {comparison.ari:.2f}"
                f" — {AGREEMENT_WORDS[comparison.agreement]}")
    rows = [("segment", "rows", "main cluster")]
    for fit in comparison.segments:
        if fit.rows is None:
            rows.append((fit.segment, "", f"not enough data (n < {min_size})"))
        else:
            rows.append((fit.segment, f"{fit.rows:,}",
                         f"{_PLAIN.share(fit.share)} in cluster {fit.cluster}"))
    return [head, *("  " + line for line in _aligned(rows)), ""]

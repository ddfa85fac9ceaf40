"""A discovery from start to end: read, encode, cluster, profile, compare."""

from __future__ import annotations

from pathlib import Path

from generator.content.metrics_spec import MetricsSpec
from generator.content.model import Handbook
from generator.content.problems import Problem
from generator.discover.columns import Request, Rows, plan_request, read_rows
from generator.discover.compare import compare, with_segments
from generator.discover.encode import encode
from generator.discover.fit import K_RANGE, cluster
from generator.discover.model import ColumnUse, Discovery
from generator.discover.profile import profile

__all__ = ["Request", "discover_segments", "plan_request", "spec_request"]


def spec_request(spec: MetricsSpec) -> Request | None:
    """The discovery the spec's `discover:` section asks for (None without one)."""
    if spec.discover is None:
        return None
    request = plan_request(spec, None, None, None)
    return request if isinstance(request, Request) else None


def discover_segments(handbook: Handbook, spec: MetricsSpec, data_dir: Path, request: Request
                      ) -> tuple[Discovery | None, list[Problem]]:
    """Cluster the source's rows; None with the problems when that cannot be done."""
    rows, problems = read_rows(handbook, spec, request, data_dir)
    if rows is None:
        return None, problems
    min_size = spec.min_group_size
    encoded = encode(rows.columns, min_size)
    uses = _in_order(request, encoded.uses, rows)
    problems += _column_warnings(spec, request, rows.provenance.file, uses)
    refusal = _refusal(rows, uses, min_size, request)
    if refusal:
        return None, [*problems, Problem(rows.provenance.file, 1, 1, "$", *refusal,
                                         code="discover.cannot-cluster")]
    max_k = min(K_RANGE.stop - 1, rows.count // min_size)
    fit = cluster(encoded.matrix, request.k, max_k, request.seed)
    clusters, small = profile(rows.columns, fit, min_size)
    clusters = with_segments(clusters, fit.labels, fit.k, rows.segments, min_size)
    comparison = compare(fit.labels, fit.k, rows.segments, min_size)
    return Discovery(request.source, rows.count, uses, fit.k, request.k is not None, fit.scores,
                     fit.silhouette, fit.stability, tuple(clusters), small, comparison,
                     rows.provenance, min_size, request.seed), problems


def _in_order(request: Request, uses: tuple[ColumnUse, ...], rows: Rows
              ) -> tuple[ColumnUse, ...]:
    by_name = {u.name: u for u in uses}
    by_name.update({name: ColumnUse(name, "category", dropped=reason)
                    for name, reason in rows.unusable})
    return tuple(by_name[c] for c in request.columns if c in by_name)


def _refusal(rows: Rows, uses: tuple[ColumnUse, ...], min_size: int, request: Request
             ) -> tuple[str, str] | None:
    if not any(not u.dropped for u in uses):
        return ("none of the columns can be clustered",
                "choose columns that vary from row to row (see the warnings above)")
    if rows.count < 2 * min_size:
        return (f"{rows.count:,} rows are too few to cluster: at least {2 * min_size} are "
                f"needed (min_group_size {min_size})", "cluster a larger source")
    if request.k is not None and request.k * 2 > rows.count:
        return (f"k = {request.k} is too many clusters for {rows.count:,} rows",
                "choose a smaller k, or k: auto")
    return None


def _column_warnings(spec: MetricsSpec, request: Request, rel: str,
                     uses: tuple[ColumnUse, ...]) -> list[Problem]:
    problems = []
    for use in uses:
        if not use.dropped:
            continue
        message = f"column `{use.name}` is left out of the clustering: {use.dropped}"
        at = request.named_at.get(use.name)
        problems.append(
            spec.problem(at, message, "choose another column", "discover.column-left-out",
                         "warning") if at else
            Problem(rel, 1, 1, f"$.{use.name}", message, "choose another column", "warning",
                    "discover.column-left-out"))
    return problems

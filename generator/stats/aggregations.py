"""Vectorised aggregation of one metric over grouped rows, with small-group suppression.

Rows carry an integer group code (-1: no group). Counts, sums and means are
`numpy.bincount` over those codes; medians, quantiles, minima and maxima are
one pandas groupby; share, top, histogram and NPS count (group, category)
pairs with one bincount over combined codes. Arrays derived from a column
(filtered, missing values dropped) are cached and shared between metrics.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from generator.content.metrics_spec import Metric, WhereValue
from generator.stats.categories import (
    Category,
    category_results,
    category_text,
    histogram_codes,
    nps_parts,
)
from generator.stats.sources import Grouping

Array = np.ndarray[Any, Any]


@dataclass(frozen=True)
class MetricResult:
    """One metric for one group: `value` over `n` rows, or suppressed.

    A suppressed result carries no figure at all (value None, n 0), so that
    nothing downstream can show it by mistake; `empty` says the group had no
    rows, as opposed to too few.
    """

    metric: str
    agg: str
    n: int
    value: float | int | tuple[Category, ...] | None
    suppressed: bool = False
    parts: tuple[tuple[str, float], ...] = ()
    empty: bool = False

    @property
    def finite(self) -> bool:
        """Whether every figure is a finite number (a sum can overflow to infinity)."""
        values = [c.share for c in self.value] if isinstance(self.value, tuple) else [self.value]
        figures = [*values, *(v for _, v in self.parts)]
        return all(v is None or math.isfinite(v) for v in figures)

    def as_json(self) -> dict[str, Any]:
        """`{"value": …, "n": …}`, NPS parts alongside; `{"suppressed": true}` when suppressed."""
        if self.suppressed:
            return {"suppressed": True}
        value = ([c.as_json() for c in self.value] if isinstance(self.value, tuple)
                 else self.value)
        return {"value": value, "n": self.n, **dict(self.parts)}


class Aggregator:
    """Computes metrics over one grouping; masks and prepared columns are shared."""

    def __init__(self, grouping: Grouping, min_size: int, lists: Collection[str] = ()) -> None:
        self.frame = grouping.frame
        self.groups = [str(g) for g in grouping.keys.cat.categories]
        self.codes = grouping.keys.cat.codes.to_numpy()
        self.min_size = min_size
        self.lists = frozenset(lists)
        self.mask = cache(self._compute_mask)
        self.numbers = cache(self._compute_numbers)
        self.labels = cache(self._compute_labels)
        self.grouped = cache(self._compute_grouped)

    def run(self, metric: Metric) -> dict[str, MetricResult]:
        """The metric for every group of the grouping, suppressed where n < min_size."""
        n, values, parts = _DISPATCH[metric.agg](self, metric)
        results = {}
        for index, group in enumerate(self.groups):
            count = int(n[index])
            if count < self.min_size:
                results[group] = MetricResult(metric.id, metric.agg, 0, None, True,
                                              empty=count == 0)
            else:
                results[group] = MetricResult(metric.id, metric.agg, count, values[index],
                                              parts=parts[index] if parts else ())
        return results

    def _compute_mask(self, where: tuple[tuple[str, tuple[WhereValue, ...]], ...]) -> Array:
        mask = self.codes >= 0
        for column, wanted in where:
            values = self.frame[column]
            if column in self.lists:
                items = values.reset_index(drop=True).explode()
                found = items.astype(object).isin(_texts(wanted))
                mask &= found.groupby(level=0).any().to_numpy()
            elif pd.api.types.is_bool_dtype(values):
                mask &= values.isin([w for w in wanted if isinstance(w, bool)]).to_numpy()
            elif _is_numeric(values):
                mask &= values.isin([float(w) for w in wanted if _is_number(w)]).to_numpy()
            else:
                cats = _categorical_of(values)
                texts = set(_texts(wanted))
                chosen = [i for i, c in enumerate(cats.cat.categories) if category_text(c) in texts]
                mask &= np.isin(cats.cat.codes.to_numpy(), chosen)
        return mask

    def _compute_numbers(self, column: str, where: tuple[Any, ...]) -> tuple[Array, Array]:
        """(values, group codes) of the rows that pass `where` and have a value."""
        values = self.frame[column].to_numpy(dtype="float64", na_value=np.nan)
        keep = self.mask(where) & np.isfinite(values)
        return values[keep], self.codes[keep]

    def _compute_grouped(self, column: str, where: tuple[Any, ...]) -> Any:
        """The column's values grouped by group; the grouping is computed once and reused."""
        values, groups = self.numbers(column, where)
        keys = pd.Categorical.from_codes(groups, categories=pd.RangeIndex(len(self.groups)))
        return pd.Series(values).groupby(pd.Series(keys), observed=False)

    def _compute_labels(self, column: str, where: tuple[Any, ...]
                        ) -> tuple[Array, Array, list[str], Array]:
        """(category codes, group codes, labels, rows with a value per group)."""
        mask = self.mask(where)
        values = self.frame[column]
        if column in self.lists:
            return self._list_labels(values, mask)
        cats = _categorical_of(values)
        codes = cats.cat.codes.to_numpy()
        keep = mask & (codes >= 0)
        groups = self.codes[keep]
        labels = [category_text(c) for c in cats.cat.categories]
        return codes[keep], groups, labels, self.per_group(groups)

    def _list_labels(self, values: pd.Series, mask: Array
                     ) -> tuple[Array, Array, list[str], Array]:
        items = values.reset_index(drop=True)[mask].explode().dropna()
        pairs = pd.DataFrame({"row": items.index, "item": items.astype(str).to_numpy()})
        pairs = pairs.drop_duplicates()
        cats = pairs["item"].astype("category")
        groups = self.codes[pairs["row"].to_numpy()]
        rows = self.codes[np.unique(pairs["row"].to_numpy())]
        labels = [str(c) for c in cats.cat.categories]
        return cats.cat.codes.to_numpy(), groups, labels, self.per_group(rows)

    def per_group(self, groups: Array) -> Array:
        """How many of the given group codes fall in each group."""
        return np.bincount(groups, minlength=len(self.groups))

    def counts(self, categories: Array, groups: Array, width: int) -> Array:
        """Matrix of rows per (group, category)."""
        flat = groups.astype(np.int64) * width + categories
        size = len(self.groups) * width
        return np.bincount(flat, minlength=size).reshape(len(self.groups), width)


Outcome = tuple[Array, list[Any], list[tuple[tuple[str, float], ...]]]


def _count(agg: Aggregator, m: Metric) -> Outcome:
    if not m.column:
        n = agg.per_group(agg.codes[agg.mask(m.where)])
    elif _is_numeric(agg.frame[m.column]):
        n = agg.per_group(agg.numbers(m.column, m.where)[1])
    else:
        n = agg.labels(m.column, m.where)[3]
    return n, [int(x) for x in n], []


def _sum_mean(agg: Aggregator, m: Metric) -> Outcome:
    values, groups = agg.numbers(m.column or "", m.where)
    n = agg.per_group(groups)
    sums = np.bincount(groups, weights=values, minlength=len(agg.groups))
    whole = pd.api.types.is_integer_dtype(agg.frame[m.column or ""])
    if m.agg == "sum":
        return n, [int(s) if whole else _num(s) for s in sums], []
    return n, [_num(s / c) if c else None for s, c in zip(sums, n, strict=True)], []


def _order_stat(agg: Aggregator, m: Metric) -> Outcome:
    grouped = agg.grouped(m.column or "", m.where)
    if m.agg == "quantile":
        result = grouped.quantile(0.5 if m.q is None else m.q)
    else:
        result = getattr(grouped, m.agg)()
    whole = m.agg in ("min", "max") and pd.api.types.is_integer_dtype(agg.frame[m.column or ""])
    n = agg.per_group(agg.numbers(m.column or "", m.where)[1])
    return n, [None if pd.isna(v) else int(v) if whole else _num(v) for v in result], []


def _categorical(agg: Aggregator, m: Metric) -> Outcome:
    codes, groups, labels, n = agg.labels(m.column or "", m.where)
    matrix = agg.counts(codes, groups, len(labels))
    k = m.k if m.agg == "top" else None
    boolean = bool(labels) and {label.lower() for label in labels} <= {"true", "false"}
    return n, [category_results(labels, row, agg.min_size, top=k, boolean=boolean)
               for row in matrix], []


def _histogram(agg: Aggregator, m: Metric) -> Outcome:
    values, groups = agg.numbers(m.column or "", m.where)
    codes, labels = histogram_codes(values, m.bins)
    matrix = agg.counts(codes, groups, len(labels))
    inner = set(range(1, len(labels) - 1))
    return matrix.sum(axis=1), [category_results(labels, row, agg.min_size, keep=inner,
                                                 ordered=True) for row in matrix], []


def _nps(agg: Aggregator, m: Metric) -> Outcome:
    values, groups = agg.numbers(m.column or "", m.where)
    codes = (values >= 7).astype(np.int64) + (values >= 9)
    matrix = agg.counts(codes, groups, 3)
    n = matrix.sum(axis=1)
    results = [nps_parts(row, agg.min_size) for row in matrix]
    scores, parts = zip(*results, strict=True) if results else ((), ())
    return n, list(scores), list(parts)


_DISPATCH: dict[str, Callable[[Aggregator, Metric], Outcome]] = {
    "count": _count, "sum": _sum_mean, "mean": _sum_mean, "median": _order_stat,
    "min": _order_stat, "max": _order_stat, "quantile": _order_stat, "share": _categorical,
    "top": _categorical, "histogram": _histogram, "nps": _nps,
}


def _num(value: Any) -> float:
    return round(float(value), 6)


def _categorical_of(values: pd.Series) -> pd.Series:
    return values if isinstance(values.dtype, pd.CategoricalDtype) else values.astype("category")


def _is_numeric(values: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(values) and not isinstance(
        values.dtype, pd.CategoricalDtype)


def _is_number(value: WhereValue) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _texts(wanted: tuple[WhereValue, ...]) -> list[str]:
    texts = [category_text(w) for w in wanted]
    return texts + [t.upper() for t in texts if t in ("true", "false")] + [
        t.title() for t in texts if t in ("true", "false")]

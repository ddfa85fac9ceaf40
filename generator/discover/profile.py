"""Each cluster described the way a marketer reads a segment: how it differs from everyone.

For a number: the cluster's median against everyone's, and the difference in
interquartile ranges. For a category: the levels over-represented in the
cluster (at least 1.2 times as common and 5 points more), with their lift;
a category holding personal data (a phone number as a channel) is never named.
Profiles use the values as they are in the data (missing ones left out, not
imputed). A cluster, or a category within one, of fewer rows than
`min_group_size` is never described.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from generator.content.gate import holds_personal_data
from generator.discover.columns import Column
from generator.discover.fit import Fit
from generator.discover.model import CategoryTrait, Cluster, NumberTrait

Array = np.ndarray[Any, Any]
MIN_LIFT = 1.2
MIN_GAIN = 0.05
MAX_CATEGORY_TRAITS = 5


def profile(columns: Sequence[Column], fit: Fit, min_size: int) -> tuple[list[Cluster], int]:
    """The clusters of at least `min_size` rows, described; and how many smaller ones."""
    sizes = np.bincount(fit.labels, minlength=fit.k)
    numbers = [number_traits(c, fit.labels, fit.k, min_size)
               for c in columns if c.kind == "number"]
    categories = [category_traits(c, fit.labels, fit.k, min_size)
                  for c in columns if c.kind == "category"]
    clusters, small = [], 0
    for c in range(fit.k):
        if sizes[c] < min_size:
            small += int(sizes[c] > 0)
            continue
        own_numbers = [t for t in (traits[c] for traits in numbers) if t is not None]
        own_categories = [t for traits in categories for t in traits[c]]
        clusters.append(Cluster(
            c + 1, int(sizes[c]), round(float(sizes[c]) / len(fit.labels), 6),
            fit.cluster_silhouette[c], fit.cluster_stability[c],
            tuple(sorted(own_numbers, key=lambda t: -abs(t.effect))),
            tuple(sorted(own_categories, key=lambda t: -t.effect)[:MAX_CATEGORY_TRAITS])))
    return clusters, small


def _round(value: float) -> float:
    return round(float(value), 6)


def number_traits(column: Column, labels: Array, k: int, min_size: int
                  ) -> list[NumberTrait | None]:
    """Per cluster: the median against everyone's (None with fewer than `min_size` values)."""
    present = ~np.isnan(column.values)
    values, groups = column.values[present], labels[present]
    if not len(values):
        return [None] * k
    overall = float(np.median(values))
    q1, q3 = np.quantile(values, [0.25, 0.75])
    spread = float(q3 - q1) or float(values.std()) or 1.0
    counts = np.bincount(groups, minlength=k)
    medians = pd.Series(values).groupby(groups).median().reindex(range(k))
    return [NumberTrait(column.name, _round(medians[c]), _round(overall),
                        round((float(medians[c]) - overall) / spread, 4))
            if counts[c] >= min_size else None for c in range(k)]


def category_traits(column: Column, labels: Array, k: int, min_size: int
                    ) -> list[list[CategoryTrait]]:
    """Per cluster: the over-represented levels held by at least `min_size` of its rows."""
    present = column.values >= 0
    width = len(column.levels)
    flat = labels[present].astype(np.int64) * width + column.values[present]
    counts = np.bincount(flat, minlength=k * width).reshape(k, width)
    total = counts.sum()
    overall = counts.sum(axis=0) / total if total else np.zeros(width)
    found: list[list[CategoryTrait]] = []
    for row in counts:
        rows = int(row.sum())
        found.append([] if rows < min_size else _over_represented(
            column, row, rows, overall, min_size))
    return found


def _over_represented(column: Column, row: Array, rows: int, overall: Array,
                      min_size: int) -> list[CategoryTrait]:
    traits = []
    for level, count in enumerate(row):
        p, share = float(overall[level]), int(count) / rows
        if count < min_size or not 0 < p < 1:
            continue
        # The publishing gate: a value holding personal data is never shown.
        if holds_personal_data(column.levels[level]):
            continue
        if share >= MIN_LIFT * p and share - p >= MIN_GAIN:
            effect = (share - p) / (p * (1 - p)) ** 0.5
            traits.append(CategoryTrait(column.name, column.levels[level], _round(share),
                                        _round(p), round(effect, 4)))
    return traits

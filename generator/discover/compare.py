"""Do our segments exist in the data? The declared segments against the clusters.

For each declared segment: the cluster holding most of its rows and that
share. Overall: the adjusted Rand index between segments and clusters, over
the rows whose segment the handbook has (1: the same partition, 0: no more
alike than chance). For each cluster: which segments its rows come from,
and the segment holding the majority of them, if any. Counts under
`min_group_size` are never shown.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from generator.discover.model import (
    COVERED_SHARE,
    Cluster,
    Comparison,
    SegmentFit,
    SegmentShare,
)

Array = np.ndarray[Any, Any]


def crosstab(labels: Array, k: int, segments: pd.Series) -> tuple[Array, Array, list[str]]:
    """(rows per segment × cluster, rows of unknown segments per cluster, segment ids)."""
    codes = segments.cat.codes.to_numpy().astype(np.int64)
    names = [str(s) for s in segments.cat.categories]
    known = codes >= 0
    flat = codes[known] * k + labels[known]
    table = np.bincount(flat, minlength=len(names) * k).reshape(len(names), k)
    return table, np.bincount(labels[~known], minlength=k), names


def compare(labels: Array, k: int, segments: pd.Series, min_size: int) -> Comparison:
    """Each declared segment's main cluster, and the adjusted Rand index."""
    from sklearn.metrics import adjusted_rand_score

    table, _, names = crosstab(labels, k, segments)
    codes = segments.cat.codes.to_numpy()
    known = codes >= 0
    present = int((table.sum(axis=1) > 0).sum())
    ari = (round(float(adjusted_rand_score(codes[known], labels[known])), 4)
           if present >= 2 else None)
    fits = []
    for name, row in zip(names, table, strict=True):
        rows = int(row.sum())
        if rows < min_size:
            fits.append(SegmentFit(name, None))
            continue
        main = int(np.argmax(row))
        fits.append(SegmentFit(name, rows, main + 1, round(float(row[main]) / rows, 4)))
    return Comparison(ari, int(known.sum()), tuple(fits))


def with_segments(clusters: list[Cluster], labels: Array, k: int, segments: pd.Series,
                  min_size: int) -> list[Cluster]:
    """The clusters with the segments their rows come from, and the one covering each."""
    table, unknown, names = crosstab(labels, k, segments)
    described = []
    for cluster in clusters:
        column = table[:, cluster.number - 1]
        shares = [SegmentShare(name, int(n), round(int(n) / cluster.size, 4))
                  for name, n in zip(names, column, strict=True) if n >= min_size]
        strangers = int(unknown[cluster.number - 1])
        if strangers >= min_size:
            shares.append(SegmentShare(None, strangers, round(strangers / cluster.size, 4)))
        shares.sort(key=lambda s: -s.count)
        covered = next((s.segment for s in shares
                        if s.segment is not None and s.share >= COVERED_SHARE), None)
        described.append(replace(cluster, segments=tuple(shares), covered_by=covered))
    return described

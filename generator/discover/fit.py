"""k-means on the encoded matrix: k by silhouette, the fit, and its stability.

- k: for each k from 2 to 10, k-means on a seeded sample of 10,000 rows, the
  silhouette of a 2,000-row sample of it; the k with the highest wins.
- The fit: k-means on every row up to 200,000 rows; above that, on a seeded
  sample of 200,000 rows, every row then assigned to its nearest centre (the
  centres of such a sample differ from a full fit's by sampling noise only,
  and the time stays flat as the data grows).
- Stability: k-means on five bootstrap samples; the adjusted Rand index
  between each pair of those fits on the silhouette sample, and for each
  cluster the Jaccard index of its best match in each fit (Hennig 2007).

Clusters are numbered by size, 0 the largest. Everything is seeded.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np

Array = np.ndarray[Any, Any]
K_RANGE = range(2, 11)
FIT_SAMPLE = 10_000
SCORE_SAMPLE = 2_000
FULL_FIT_ROWS = 200_000
BOOTSTRAPS = 5


@dataclass(frozen=True)
class Fit:
    """Labels of every row (0 the largest cluster) and how good the clustering is."""

    k: int
    labels: Array
    scores: tuple[tuple[int, float], ...]
    silhouette: float
    cluster_silhouette: tuple[float | None, ...]
    stability: float
    cluster_stability: tuple[float, ...]


@contextmanager
def _quiet(threads: int | None = 1) -> Iterator[None]:
    """k-means warns when it finds fewer distinct clusters than asked (those k are skipped).
    Fits on samples run on one thread: on small data OpenMP's start-up and, on a busy
    machine, its waits cost more than a second thread gains."""
    from threadpoolctl import threadpool_limits

    with warnings.catch_warnings(), threadpool_limits(limits=threads):
        warnings.simplefilter("ignore")
        yield


def _kmeans(k: int, seed: int, n_init: int = 2, max_iter: int = 100) -> Any:
    from sklearn.cluster import KMeans

    return KMeans(n_clusters=k, n_init=n_init, max_iter=max_iter, random_state=seed)


def samples(rows: int, seed: int) -> tuple[Array, Array]:
    """(rows to fit k-means on when choosing k, rows to score), seeded; the second a part of
    the first."""
    rng = np.random.default_rng(seed)
    fit = rng.choice(rows, size=min(rows, FIT_SAMPLE), replace=False)
    return fit, fit[:SCORE_SAMPLE]


def choose_k(matrix: Array, ks: range, seed: int) -> tuple[int, tuple[tuple[int, float], ...]]:
    """The k with the highest silhouette, and the silhouette of each k tried."""
    from sklearn.metrics import silhouette_score

    fit_rows, score_rows = samples(len(matrix), seed)
    scored = matrix[score_rows]
    # Pairwise distances of float32 rows take scikit-learn's slow up-casting path.
    wide = scored.astype(np.float64)
    scores = []
    for k in ks:
        with _quiet():
            model = _kmeans(k, seed).fit(matrix[fit_rows])
        labels = model.predict(scored)
        if len(np.unique(labels)) == k:
            scores.append((k, round(float(silhouette_score(wide, labels)), 4)))
    if not scores:
        return ks.start, ()
    best = max(scores, key=lambda pair: (pair[1], -pair[0]))
    return best[0], tuple(scores)


def fit_labels(matrix: Array, k: int, seed: int) -> Array:
    """Every row's cluster, the largest cluster 0."""
    rows = len(matrix)
    with _quiet(threads=None):
        if rows <= FULL_FIT_ROWS:
            labels = _kmeans(k, seed, 3, 300).fit_predict(matrix)
        else:
            sample = np.random.default_rng(seed).choice(rows, FULL_FIT_ROWS, replace=False)
            labels = _kmeans(k, seed, 3, 300).fit(matrix[sample]).predict(matrix)
    return by_size(labels, k)


def by_size(labels: Array, k: int) -> Array:
    """Labels renumbered so that 0 is the largest cluster (ties by old number)."""
    sizes = np.bincount(labels, minlength=k)
    order = np.argsort(-sizes, kind="stable")
    renumber = np.empty(k, dtype=np.int32)
    renumber[order] = np.arange(k, dtype=np.int32)
    return renumber[labels]


def cluster(matrix: Array, k: int | None, max_k: int, seed: int) -> Fit:
    """Choose k (unless given), fit, and measure silhouette and stability."""
    from sklearn.metrics import silhouette_samples

    scores: tuple[tuple[int, float], ...] = ()
    if k is None:
        k, scores = choose_k(matrix, range(K_RANGE.start, max(max_k, 2) + 1), seed)
    labels = fit_labels(matrix, k, seed)
    _, score_rows = samples(len(matrix), seed)
    main = labels[score_rows]
    scored = matrix[score_rows].astype(np.float64)
    widths = (silhouette_samples(scored, main) if len(np.unique(main)) > 1
              else np.zeros(len(main)))
    per_cluster = tuple(float(widths[main == c].mean()) if (main == c).any() else None
                        for c in range(k))
    ari, jaccard = stability(matrix, k, seed, score_rows, main)
    return Fit(k, labels, scores, round(float(widths.mean()), 4), per_cluster, ari, jaccard)


def stability(matrix: Array, k: int, seed: int, score_rows: Array, main: Array
              ) -> tuple[float, tuple[float, ...]]:
    """Mean adjusted Rand index between bootstrap fits, and each cluster's mean Jaccard index
    with its best match in them (both on the scored rows)."""
    from sklearn.metrics import adjusted_rand_score

    rng = np.random.default_rng(seed + 1)
    size = min(len(matrix), FIT_SAMPLE)
    fits = []
    for round_ in range(BOOTSTRAPS):
        rows = rng.choice(len(matrix), size=size, replace=True)
        with _quiet():
            model = _kmeans(k, seed + round_).fit(matrix[rows])
        fits.append(model.predict(matrix[score_rows]))
    ari = float(np.mean([adjusted_rand_score(a, b) for a, b in combinations(fits, 2)]))
    jaccard = tuple(round(float(np.mean([_best_jaccard(main == c, f) for f in fits])), 4)
                    for c in range(k))
    return round(ari, 4), jaccard


def _best_jaccard(members: Array, labels: Array) -> float:
    if not members.any():
        return 0.0
    best = 0.0
    for other in np.unique(labels):
        theirs = labels == other
        union = int((members | theirs).sum())
        best = max(best, int((members & theirs).sum()) / union if union else 0.0)
    return best

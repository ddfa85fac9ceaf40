"""Numbers and categories in one matrix where every column counts the same.

- Numbers: missing values take the median; amounts that are never negative
  and strongly right-skewed (spend, order counts) are log-scaled, since
  customers differ by ratios there; values are clipped at the 0.5th and
  99.5th percentiles so that a few extreme rows cannot pull a centre, and
  centred on the median.
- Categories: missing values take the most common category; levels held by
  fewer than 1% of the rows (or fewer than `min_group_size`) are grouped
  into one "other" level (itself joining the most common level when still
  that small), at most 15 levels are kept; one column per level.
- Weights: each column's block is scaled to a total variance of 1 (for a
  number its variance; for a category's indicator columns the sum of
  p·(1−p)), so that every original column adds the same expected squared
  distance between two rows, whatever its unit or number of levels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from generator.discover.columns import Column
from generator.discover.model import ColumnUse

Array = np.ndarray[Any, Any]
RARE_SHARE = 0.01
MAX_LEVELS = 15
CLIP = (0.005, 0.995)
SKEWED = 1.0


@dataclass(frozen=True)
class Encoded:
    """The weighted matrix (float32, one row per data row) and how each column went in."""

    matrix: Array
    uses: tuple[ColumnUse, ...]


@dataclass(frozen=True)
class _Block:
    use: ColumnUse
    values: Array
    width: int = 1
    weight: float = 1.0


def encode(columns: Sequence[Column], min_size: int) -> Encoded:
    """The matrix k-means runs on; columns without any spread are left out (and said why)."""
    blocks, uses = [], []
    for column in columns:
        block = _number(column) if column.kind == "number" else _category(column, min_size)
        uses.append(block.use)
        if not block.use.dropped:
            blocks.append(block)
    rows = len(columns[0].values) if columns else 0
    matrix = np.zeros((rows, sum(b.width for b in blocks)), dtype=np.float32)
    start = 0
    for block in blocks:
        if block.width == 1:
            matrix[:, start] = block.values
        else:
            matrix[np.arange(rows), start + block.values] = block.weight
        start += block.width
    return Encoded(matrix, tuple(uses))


def _number(column: Column) -> _Block:
    x = column.values.copy()
    missing = np.isnan(x)
    use = ColumnUse(column.name, "number", int(missing.sum()))
    if missing.all():
        return _Block(_without(use, "no values"), x)
    x[missing] = np.median(x[~missing])
    log = bool(x.min() >= 0 and skewness(x) > SKEWED)
    if log:
        np.log1p(x, out=x)
    low, high = np.quantile(x, CLIP)
    np.clip(x, low, high, out=x)
    x -= np.median(x)
    with np.errstate(over="ignore", invalid="ignore"):
        spread = float(x.std())
    if spread == 0:
        return _Block(_without(use, "the same value in every row"), x)
    if not np.isfinite(spread):
        return _Block(_without(use, "values too large to compare"), x)
    use = ColumnUse(use.name, "number", use.missing, log=log)
    return _Block(use, (x / spread).astype(np.float32))


def skewness(x: Array) -> float:
    """Sample skewness (third standardised moment); 0 for a constant."""
    centred = x - x.mean()
    variance = float(np.mean(centred * centred))
    if variance == 0:
        return 0.0
    return float(np.mean(centred ** 3)) / variance ** 1.5


def _category(column: Column, min_size: int) -> _Block:
    codes = column.values.copy()
    missing = codes < 0
    use = ColumnUse(column.name, "category", int(missing.sum()))
    if missing.all():
        return _Block(_without(use, "no values"), codes)
    counts = np.bincount(codes[~missing], minlength=len(column.levels))
    codes[missing] = int(np.argmax(counts))
    counts[int(np.argmax(counts))] += int(missing.sum())
    floor = max(min_size, RARE_SHARE * len(codes))
    order = np.argsort(-counts, kind="stable")[:MAX_LEVELS]
    kept = [int(i) for i in order if counts[i] >= floor]
    if not kept:
        return _Block(_without(use, "no value is shared by 1% of the rows (an id?)"), codes)
    rest = int(counts.sum() - counts[kept].sum())
    # An "other" level too small to count as a level joins the most common one.
    other = len(kept) if rest >= floor else 0
    mapping = np.full(len(column.levels), other, dtype=np.int32)
    mapping[kept] = np.arange(len(kept), dtype=np.int32)
    folded = mapping[codes]
    shares = np.bincount(folded) / len(folded)
    variance = 1.0 - float(np.sum(shares ** 2))
    if variance <= 1e-12:
        return _Block(_without(use, "the same value in almost every row"), folded)
    width = len(shares)
    use = ColumnUse(use.name, "category", use.missing, levels=width)
    return _Block(use, folded, width, 1.0 / variance ** 0.5)


def _without(use: ColumnUse, reason: str) -> ColumnUse:
    return ColumnUse(use.name, use.kind, use.missing, dropped=reason)

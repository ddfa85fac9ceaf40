"""Counts per category turned into results: small categories folded into "other".

A category with fewer rows than the minimum group size is never shown by
name: its rows go to "other". As the group's n is published, "other" must not
be small either (it would be n minus the shown counts): the smallest shown
categories join it until it is big enough, and it is suppressed only when
the whole group is too small.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np

from generator.content.gate import holds_personal_data

OTHER = "other"
NPS_PARTS = ("detractors", "passives", "promoters")


def category_text(value: object) -> str:
    """A category value as the data files and `where:`/`expect:` write it: `true`, `3` for
    3.0, other values as they are."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@dataclass(frozen=True)
class Category:
    """One bar of a share, top or histogram result; `other` gathers the small categories."""

    label: str
    count: int | None
    share: float | None
    other: bool = False
    boolean: bool = False

    @property
    def suppressed(self) -> bool:
        return self.count is None

    def as_json(self) -> dict[str, Any]:
        """`{"label", "count", "share"}`; a suppressed "other" carries no figures."""
        data: dict[str, Any] = {"label": self.label}
        if self.other:
            data["other"] = True
        if self.suppressed:
            data["suppressed"] = True
        else:
            data.update(count=self.count, share=self.share)
        return data


def category_results(labels: Sequence[str], counts: np.ndarray[Any, Any], min_size: int,
                     top: int | None = None, keep: Collection[int] = (),
                     ordered: bool = False, boolean: bool = False) -> tuple[Category, ...]:
    """Categories by count (or in label order when `ordered`), small ones folded.

    Zero counts are left out except at the positions in `keep` (histogram bins).
    `top` keeps the k largest shown categories and drops "other".
    """
    total = int(counts.sum())
    order = range(len(labels)) if ordered else sorted(
        range(len(labels)), key=lambda i: (-int(counts[i]), labels[i]))
    shown, folded = [], 0
    for i in order:
        count = int(counts[i])
        # A value holding personal data is never a label: it joins the folded category.
        if 0 < count < min_size or (count and holds_personal_data(labels[i])):
            folded += count
        elif count or i in keep:
            shown.append(Category(labels[i], count, round(count / total, 6) if total else 0.0,
                                  boolean=boolean))
    if top is not None:
        published = shown[:top]
        left_out = total - sum(c.count or 0 for c in published)
        return tuple(_withheld_enough(published, left_out, min_size)[0])
    shown, folded = _withheld_enough(shown, folded, min_size)
    if folded >= min_size:
        shown.append(Category(OTHER, folded, round(folded / total, 6), other=True))
    elif folded:
        shown.append(Category(OTHER, None, None, other=True))
    return tuple(shown)


def _withheld_enough(shown: list[Category], withheld: int, min_size: int
                     ) -> tuple[list[Category], int]:
    """The categories to show, and the rows not shown by name, which must be none or at
    least `min_size`: the group's n is published, so fewer would be n minus the shown
    counts. While they are fewer, the smallest shown category joins them."""
    shown = list(shown)
    while 0 < withheld < min_size and any(c.count for c in shown):
        smallest = min((c for c in reversed(shown) if c.count), key=lambda c: c.count or 0)
        shown.remove(smallest)
        withheld += smallest.count or 0
    return shown, withheld


def histogram_codes(values: np.ndarray[Any, Any], bins: Sequence[float]
                    ) -> tuple[np.ndarray[Any, Any], list[str]]:
    """Bin of each value (0: below the first edge; len(bins): at or above the last) and labels.

    Bins include their lower edge: 25 falls in 25–35, not in 18–25.
    """
    edges = np.asarray(bins, dtype="float64")
    codes = np.searchsorted(edges, values, side="right")
    inner = [f"{low:g}–{high:g}" for low, high in pairwise(bins)]
    return codes, [f"<{bins[0]:g}", *inner, f"≥{bins[-1]:g}"]


def nps_parts(counts: np.ndarray[Any, Any], min_size: int
              ) -> tuple[float | None, tuple[tuple[str, float], ...]]:
    """NPS (% promoters − % detractors) and the three shares, from [detractors, passives,
    promoters] counts. The shares are left out when a part has 1 to `min_size` - 1
    people: with n published, its share would count them."""
    total = int(counts.sum())
    if not total:
        return None, ()
    shares = () if any(0 < int(c) < min_size for c in counts) else tuple(
        (name, round(int(c) / total, 6)) for name, c in zip(NPS_PARTS, counts, strict=True))
    score = 100 * (int(counts[2]) - int(counts[0])) / total
    return round(score, 6), shares

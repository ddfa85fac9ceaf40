"""What a discovery found: clusters described by aggregates only, never a row's value."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from generator.stats.sources import Provenance

Structure = Literal["clear", "weak", "none"]
Agreement = Literal["match", "partial", "none"]

# Kaufman and Rousseeuw's reading of the average silhouette: above 0.5 a
# reasonable structure, 0.26 to 0.5 a weak one, below that none. Mixed data
# (many indicator columns) deflate silhouettes, so a partition that fits on
# resamples reproduce almost exactly still counts as weak from 0.15 on.
# Fits on resamples that agree less than 0.6 (adjusted Rand index) are no
# structure whatever the silhouette.
CLEAR_SILHOUETTE = 0.5
WEAK_SILHOUETTE = 0.25
FLOOR_SILHOUETTE = 0.15
STABLE_ARI = 0.8
REPRODUCED_ARI = 0.9
UNSTABLE_ARI = 0.6
MATCH_ARI = 0.65
PARTIAL_ARI = 0.3
COVERED_SHARE = 0.5
# A trait is notable from half an interquartile range (numbers) or half a
# standard deviation of the indicator (categories) away from everyone.
NOTABLE = 0.5


def structure_verdict(silhouette: float, stability: float) -> Structure:
    """`clear`, `weak` or `none`: how much structure the clusters show."""
    if stability < UNSTABLE_ARI or silhouette < FLOOR_SILHOUETTE:
        return "none"
    if silhouette <= WEAK_SILHOUETTE and stability < REPRODUCED_ARI:
        return "none"
    if silhouette <= CLEAR_SILHOUETTE or stability < STABLE_ARI:
        return "weak"
    return "clear"


def agreement_verdict(ari: float) -> Agreement:
    """`match`, `partial` or `none`: how well the declared segments show in the clusters."""
    if ari >= MATCH_ARI:
        return "match"
    return "partial" if ari >= PARTIAL_ARI else "none"


@dataclass(frozen=True)
class ColumnUse:
    """A column asked for: how it was used, its missing values (imputed), or why it was not."""

    name: str
    kind: Literal["number", "category"]
    missing: int = 0
    levels: int = 0
    log: bool = False
    dropped: str = ""


@dataclass(frozen=True)
class NumberTrait:
    """A numeric column in a cluster: its median against everyone's.

    `effect` is the difference in units of the column's interquartile range.
    """

    column: str
    median: float
    overall: float
    effect: float


@dataclass(frozen=True)
class CategoryTrait:
    """A category over-represented in a cluster: its share there and among everyone."""

    column: str
    level: str
    share: float
    overall: float
    effect: float

    @property
    def lift(self) -> float:
        return self.share / self.overall if self.overall else 0.0


@dataclass(frozen=True)
class SegmentShare:
    """Rows of a cluster from one declared segment (None: ids the handbook does not have)."""

    segment: str | None
    count: int
    share: float


@dataclass(frozen=True)
class Cluster:
    """One cluster of at least `min_group_size` rows, numbered by size (1 is the largest)."""

    number: int
    size: int
    share: float
    silhouette: float | None
    stability: float | None
    numbers: tuple[NumberTrait, ...]
    categories: tuple[CategoryTrait, ...]
    segments: tuple[SegmentShare, ...] = ()
    covered_by: str | None = None

    @property
    def headline(self) -> tuple[NumberTrait | CategoryTrait, ...]:
        """The (at most three) traits that set the cluster apart the most."""
        traits: list[NumberTrait | CategoryTrait] = [
            t for t in self.numbers if abs(t.effect) >= NOTABLE]
        traits += [t for t in self.categories if t.effect >= NOTABLE]
        return tuple(sorted(traits, key=lambda t: -abs(t.effect))[:3])


@dataclass(frozen=True)
class SegmentFit:
    """How a declared segment falls into clusters: its main cluster and the share there.

    `rows` is None when the segment has fewer rows than `min_group_size` (none shown).
    """

    segment: str
    rows: int | None
    cluster: int | None = None
    share: float | None = None


@dataclass(frozen=True)
class Comparison:
    """Declared segments against clusters: adjusted Rand index over rows with a known segment."""

    ari: float | None
    rows: int
    segments: tuple[SegmentFit, ...]

    @property
    def agreement(self) -> Agreement | None:
        return None if self.ari is None else agreement_verdict(self.ari)


@dataclass(frozen=True)
class Discovery:
    """The clusters of one data source and how they compare with the handbook's segments."""

    source: str
    rows: int
    columns: tuple[ColumnUse, ...]
    k: int
    k_given: bool
    scores: tuple[tuple[int, float], ...]
    silhouette: float
    stability: float
    clusters: tuple[Cluster, ...]
    small_clusters: int
    comparison: Comparison | None
    provenance: Provenance
    min_group_size: int
    seed: int

    @property
    def structure(self) -> Structure:
        return structure_verdict(self.silhouette, self.stability)

    @property
    def used(self) -> tuple[ColumnUse, ...]:
        return tuple(c for c in self.columns if not c.dropped)

    def uncovered(self) -> tuple[Cluster, ...]:
        """Clusters no declared segment holds the majority of."""
        return tuple(c for c in self.clusters if c.covered_by is None)

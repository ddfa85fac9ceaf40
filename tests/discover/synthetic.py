"""Synthetic customer tables for the discovery tests: planted clusters, or none."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

CHANNELS = ["小程序", "门店", "抖音直播", "销售拜访"]
TIERS = ["一线", "新一线", "二线"]
# Per planted cluster: share, age mean, spend median, orders mean, main channel, main tier.
PLANTED = [
    (0.4, 26, 120, 4, 0, 0),
    (0.3, 38, 450, 18, 1, 1),
    (0.2, 50, 2000, 2, 2, 2),
    (0.1, 62, 6000, 30, 3, 0),
]


def planted(rows: int, seed: int = 1, missing: float = 0.0) -> tuple[pd.DataFrame, Any]:
    """Four clusters of customers, each with its own ages, spend, orders, channel and tier.

    Returns the table (a `segment` column names each row's cluster as `seg-N`) and the
    true cluster of each row.
    """
    rng = np.random.default_rng(seed)
    truth = rng.choice(len(PLANTED), size=rows, p=[p[0] for p in PLANTED])
    table = {name: np.array([p[i] for p in PLANTED])[truth]
             for i, name in enumerate(["share", "age", "spend", "orders", "channel", "tier"])}
    frame = pd.DataFrame({
        "segment": [f"seg-{t + 1}" for t in truth],
        "age": np.round(rng.normal(table["age"], 2.5)).astype(float),
        "monthly_spend": np.round(table["spend"] * np.exp(rng.normal(0, 0.25, rows)), 1),
        "orders_90d": rng.poisson(table["orders"]).astype(float),
        "channel": _dominant(rng, table["channel"], CHANNELS, 0.9),
        "city_tier": _dominant(rng, table["tier"], TIERS, 0.85),
    })
    return _with_missing(frame, rng, missing), truth


def noise(rows: int, seed: int = 2) -> pd.DataFrame:
    """Customers whose columns are independent of each other: no clusters to find."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "segment": rng.choice(["seg-1", "seg-2"], size=rows),
        "age": rng.integers(18, 66, size=rows).astype(float),
        "monthly_spend": np.round(rng.uniform(50, 500, size=rows), 1),
        "orders_90d": rng.integers(0, 20, size=rows).astype(float),
        "satisfaction": np.round(rng.normal(3.5, 0.8, size=rows), 2),
    })


def _dominant(rng: np.random.Generator, main: Any, levels: list[str], p: float) -> Any:
    other = rng.integers(0, len(levels), size=len(main))
    chosen = np.where(rng.random(len(main)) < p, main, other)
    return np.array(levels, dtype=object)[chosen]


def _with_missing(frame: pd.DataFrame, rng: np.random.Generator, share: float) -> pd.DataFrame:
    if share:
        for column in ("age", "channel"):
            frame.loc[rng.random(len(frame)) < share, column] = None
    return frame

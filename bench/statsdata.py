"""A large customer table with the columns of the sample metrics spec, as CSV and Parquet."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

CITIES = ["上海", "北京", "深圳", "广州", "杭州", "成都", "武汉", "南京", "西安", "苏州", "长沙",
          "拉萨"]
TIERS = ["一线", "一线", "一线", "一线", "新一线", "新一线", "新一线", "新一线", "新一线",
         "新一线", "新一线", "三线及以下"]
CHANNELS = ["小程序", "门店", "外卖平台", "抖音直播", "天猫旗舰店", "小红书", "线下活动", "官网",
            "销售拜访"]


def handbook_personas(root: Path) -> list[tuple[str, str]]:
    """(segment id, persona id) of every persona file below root/personas."""
    return [(p.parent.name, p.stem) for p in sorted((root / "personas").glob("*/*.md"))
            if p.name != "_segment.md"]


def customer_table(rows: int, personas: list[tuple[str, str]], seed: int = 20261122) -> pa.Table:
    """Deterministic customers; about 1% name a segment the handbook does not have."""
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, len(personas), rows)
    segments = np.array([s for s, _ in personas] + ["legacy-vip"], dtype=object)
    persona_ids = np.array([p for _, p in personas] + [None], dtype=object)
    pick[rng.random(rows) < 0.01] = len(personas)
    city = rng.choice(len(CITIES), rows, p=_weights(len(CITIES), rng))
    spend = np.round(rng.gamma(2.0, 180.0, rows), 1)
    age = np.clip(rng.normal(31, 8, rows).round(), 16, 70).astype(np.int64)
    nps = rng.integers(0, 11, rows).astype(np.float64)
    nps[rng.random(rows) < 0.05] = np.nan
    return pa.table({
        "customer_id": pa.array(np.char.add("C", np.arange(rows).astype(str))),
        "segment": pa.array(segments[pick]), "persona": pa.array(persona_ids[pick]),
        "age": age, "gender": pa.array(np.array(["女", "男"])[rng.integers(0, 2, rows)]),
        "city": pa.array(np.array(CITIES)[city]), "city_tier": pa.array(np.array(TIERS)[city]),
        "channel": pa.array(np.array(CHANNELS)[rng.choice(len(CHANNELS), rows,
                                                        p=_weights(len(CHANNELS), rng))]),
        "monthly_spend": pa.array(spend, mask=rng.random(rows) < 0.03),
        "orders_90d": rng.poisson(12, rows), "signup_date": pa.array(["2025-03-01"] * rows),
        "is_member": rng.random(rows) < 0.6, "nps": pa.array(nps, from_pandas=True),
    })


def _weights(count: int, rng: np.random.Generator) -> np.ndarray:
    raw = rng.pareto(1.2, count) + 0.05
    return raw / raw.sum()


def write_customers(root: Path, rows: int) -> None:
    """data/customers.csv and data/customers.parquet with the same rows."""
    table = customer_table(rows, handbook_personas(root))
    pacsv.write_csv(table, root / "data" / "customers.csv")
    pq.write_table(table, root / "data" / "customers.parquet")

"""Generate the sample data files of the 拾光集团 (Shiguang Group) handbook.

The script reads the handbook's own persona files, so the segment and persona
ids in the data always match the content: the segment id is the folder name
under ``personas/``, the persona id the file stem. Everything is drawn from a
NumPy random generator with a fixed seed, so the same handbook and the same
``--rows`` give the same data.

Writes, into ``--out`` (default: the folder of this script):

* ``customers.csv``  UTF-8, one row per customer (CRM export)
* ``survey.csv``     GBK, as Excel writes CSV on a Chinese Windows
* ``accounts.xlsx``  B2B accounts of the b2b segments

Usage::

    python data/generate_sample_data.py [--out DIR] [--rows N] [--seed S]
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

HERE = Path(__file__).resolve().parent
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)

# 2024 city tiers; persona cities missing here (e.g. 香港) are ignored.
CITY_TIER: dict[str, str] = {
    **dict.fromkeys(["上海", "北京", "深圳", "广州"], "一线"),
    **dict.fromkeys(
        [
            "成都",
            "杭州",
            "重庆",
            "武汉",
            "苏州",
            "西安",
            "南京",
            "长沙",
            "天津",
            "郑州",
            "东莞",
            "无锡",
            "宁波",
            "青岛",
            "合肥",
        ],
        "新一线",
    ),
    **dict.fromkeys(
        [
            "昆明",
            "南昌",
            "厦门",
            "福州",
            "济南",
            "佛山",
            "大连",
            "贵阳",
            "温州",
            "石家庄",
            "南宁",
            "哈尔滨",
        ],
        "二线",
    ),
    **dict.fromkeys(
        [
            "赣州",
            "信阳",
            "宜宾",
            "阜阳",
            "绵阳",
            "常德",
            "上饶",
            "南阳",
            "周口",
            "曲靖",
            "遵义",
            "邵阳",
        ],
        "三线及以下",
    ),
}
TIER_CITIES = {t: [c for c, ct in CITY_TIER.items() if ct == t] for t in set(CITY_TIER.values())}


@dataclass(frozen=True)
class Profile:
    """How the customers of one segment (or persona) look in the CRM."""

    share: float = 0.0  # share of all customer rows (segments only)
    age: tuple[float, float, int, int] = (32, 7, 18, 65)  # mean, sd, min, max
    female: float = 0.5
    tiers: dict[str, float] = field(
        default_factory=lambda: {"一线": 0.3, "新一线": 0.35, "二线": 0.2, "三线及以下": 0.15}
    )
    channels: dict[str, float] = field(default_factory=lambda: {"官网": 1.0})
    spend: tuple[float, float] = (300.0, 0.6)  # median yuan per month, lognormal sigma
    orders: float = 3.0  # Poisson mean of orders in the last 90 days
    member: float = 0.5
    signup: tuple[str, str] = ("2021-01-01", "2026-10-31")


SEGMENTS: dict[str, Profile] = {
    "urban-commuters": Profile(
        share=0.47,
        age=(30, 6, 20, 58),
        female=0.56,
        tiers={"一线": 0.55, "新一线": 0.35, "二线": 0.1, "三线及以下": 0.0},
        channels={"小程序": 0.52, "门店": 0.3, "外卖平台": 0.15, "线下活动": 0.03},
        spend=(260, 0.45),
        orders=28,
        member=0.72,
    ),
    "young-fashion": Profile(
        share=0.36,
        age=(24, 3.5, 18, 34),
        female=0.96,
        tiers={"一线": 0.2, "新一线": 0.4, "二线": 0.2, "三线及以下": 0.2},
        channels={"抖音直播": 0.38, "天猫旗舰店": 0.3, "小红书": 0.22, "小程序": 0.1},
        spend=(320, 0.6),
        orders=3.2,
        member=0.48,
        signup=("2022-03-01", "2026-10-31"),
    ),
    "adventure-travelers": Profile(
        share=0.125,
        age=(34, 7, 20, 62),
        female=0.5,
        tiers={"一线": 0.45, "新一线": 0.4, "二线": 0.12, "三线及以下": 0.03},
        channels={"小程序": 0.4, "小红书": 0.25, "官网": 0.15, "线下活动": 0.2},
        spend=(1400, 0.7),
        orders=0.7,
        member=0.35,
    ),
    "sales-teams": Profile(
        share=0.012,
        age=(40, 6, 28, 60),
        female=0.4,
        tiers={"一线": 0.5, "新一线": 0.35, "二线": 0.15, "三线及以下": 0.0},
        channels={"销售拜访": 0.6, "线下活动": 0.25, "官网": 0.15},
        spend=(15000, 0.8),
        orders=1.2,
        member=0.6,
        signup=("2022-01-01", "2026-10-31"),
    ),
    "smb-owners": Profile(
        share=0.018,
        age=(45, 6, 30, 65),
        female=0.25,
        tiers={"一线": 0.05, "新一线": 0.3, "二线": 0.45, "三线及以下": 0.2},
        channels={"线下活动": 0.45, "抖音直播": 0.15, "销售拜访": 0.2, "官网": 0.1, "小程序": 0.1},
        spend=(4500, 0.7),
        orders=0.9,
        member=0.3,
        signup=("2025-06-01", "2026-10-31"),
    ),
}
FALLBACK = {
    "b2c": Profile(share=0.05, channels={"小程序": 0.5, "官网": 0.5}),
    "b2b": Profile(share=0.01, age=(40, 6, 28, 60), channels={"销售拜访": 1.0}, spend=(8000, 0.8)),
}
# Persona tweaks: weight within the segment and field overrides.
PERSONAS: dict[str, tuple[float, dict[str, Any]]] = {
    "lin-xiao": (0.62, {"female": 0.68}),
    "zhou-ming": (
        0.3,
        {
            "age": (35, 4, 26, 50),
            "female": 0.3,
            "spend": (620, 0.45),
            "orders": 42,
            "channels": {"外卖平台": 0.55, "小程序": 0.3, "销售拜访": 0.05, "门店": 0.1},
        },
    ),
    "xiao-yu": (
        0.08,
        {
            "age": (21, 1.5, 18, 25),
            "female": 0.7,
            "spend": (110, 0.5),
            "orders": 1.2,
            "member": 0.4,
            "signup": ("2021-09-01", "2026-06-30"),
            "tiers": {"新一线": 0.85, "二线": 0.15},
        },
    ),
    "su-tingting": (0.45, {"age": (21, 1.6, 18, 25), "spend": (230, 0.55), "orders": 4.1}),
    "wang-yue": (
        0.33,
        {
            "age": (25.5, 1.8, 22, 32),
            "spend": (560, 0.5),
            "orders": 2.4,
            "member": 0.62,
            "channels": {"天猫旗舰店": 0.5, "小红书": 0.3, "抖音直播": 0.1, "小程序": 0.1},
        },
    ),
    "huang-xin": (
        0.22,
        {
            "age": (25, 2.5, 20, 32),
            "spend": (260, 0.5),
            "orders": 3.0,
            "tiers": {"三线及以下": 0.8, "二线": 0.2},
            "channels": {"抖音直播": 0.55, "小程序": 0.35, "天猫旗舰店": 0.1},
        },
    ),
    "zhao-lei": (0.38, {"age": (37, 5, 26, 58), "female": 0.25, "spend": (1900, 0.6)}),
    "alex-wu": (
        0.27,
        {
            "age": (30, 3, 24, 42),
            "spend": (1600, 0.6),
            "orders": 1.1,
            "tiers": {"一线": 0.9, "新一线": 0.1},
        },
    ),
    "li-na": (0.35, {"age": (38, 3.5, 30, 48), "female": 0.85, "spend": (1800, 0.6)}),
    "liu-qiang": (0.55, {"age": (41, 4, 32, 55), "female": 0.2, "spend": (19000, 0.7)}),
    "sun-yue": (0.45, {"age": (35, 4, 28, 48), "female": 0.8, "spend": (12000, 0.7)}),
    "chen-guodong": (0.8, {}),
    "he-jun": (
        0.2,
        {
            "age": (48, 5, 38, 62),
            "female": 0.15,
            "signup": ("2026-03-01", "2026-10-31"),
        },
    ),
}
# Personas with a fixed, tiny number of CRM rows: their statistics must be suppressed.
FIXED_ROWS = {"ma-tao": 8}
UNKNOWN_SEGMENT = "legacy-vip"  # a retired VIP programme still present in the CRM export
UNKNOWN_SHARE = 0.005
NO_PERSONA_SHARE = 0.01
MISSING_SPEND_SHARE = 0.03


@dataclass(frozen=True)
class PersonaRef:
    id: str
    segment: str
    kind: str
    status: str
    front: dict[str, Any]


def front_matter(path: Path) -> dict[str, Any]:
    """The YAML front matter of a Markdown file ({} if it has none)."""
    match = FRONT_MATTER.match(path.read_text(encoding="utf-8"))
    data = yaml.load(match.group(1), Loader=LOADER) if match else None
    return data if isinstance(data, dict) else {}


def read_handbook(root: Path) -> list[PersonaRef]:
    """Every persona of the handbook, sorted by segment and id."""
    refs = []
    for seg_dir in sorted(p for p in (root / "personas").iterdir() if p.is_dir()):
        seg_file = seg_dir / "_segment.md"
        kind = front_matter(seg_file).get("kind", "b2c") if seg_file.exists() else "b2c"
        for path in sorted(seg_dir.glob("*.md")):
            if path.name.startswith("_"):
                continue
            front = front_matter(path)
            status = str(front.get("status", "active"))
            refs.append(PersonaRef(path.stem, seg_dir.name, str(kind), status, front))
    if not refs:
        raise SystemExit(f"no persona files under {root / 'personas'}")
    return refs


def profile_of(ref: PersonaRef) -> Profile:
    base = SEGMENTS.get(ref.segment, FALLBACK.get(ref.kind, FALLBACK["b2c"]))
    overrides = PERSONAS.get(ref.id, (1.0, {}))[1]
    return replace(base, **overrides)


def pick(rng: np.random.Generator, weights: dict[str, float], n: int) -> np.ndarray:
    keys = list(weights)
    p = np.array([weights[k] for k in keys], dtype=float)
    return rng.choice(np.array(keys, dtype=object), size=n, p=p / p.sum())


def cities_for(rng: np.random.Generator, prof: Profile, own: list[str], n: int) -> np.ndarray:
    """70 % in the persona's own cities, the rest spread over its city tiers."""
    own = [c for c in own if c in CITY_TIER]
    tiers = pick(rng, {t: w for t, w in prof.tiers.items() if w > 0}, n)
    spread = np.empty(n, dtype=object)
    for tier in np.unique(tiers):
        mask = tiers == tier
        spread[mask] = rng.choice(np.array(TIER_CITIES[tier], dtype=object), size=mask.sum())
    if not own:
        return spread
    home = rng.choice(np.array(own, dtype=object), size=n)
    return np.where(rng.random(n) < 0.7, home, spread)


def customer_rows(rng: np.random.Generator, prof: Profile, n: int) -> dict[str, Any]:
    mean, sd, lo, hi = prof.age
    start, end = (np.datetime64(d) for d in prof.signup)
    days = (end - start).astype(int)
    spend = np.round(rng.lognormal(np.log(prof.spend[0]), prof.spend[1], n), 1)
    spend[rng.random(n) < MISSING_SPEND_SHARE] = np.nan
    return {
        "age": np.clip(np.round(rng.normal(mean, sd, n)), lo, hi).astype(int),
        "gender": np.where(rng.random(n) < prof.female, "女", "男"),
        "channel": pick(rng, prof.channels, n),
        "monthly_spend": spend,
        "orders_90d": rng.poisson(prof.orders, n),
        "signup_date": start + rng.integers(0, days + 1, n).astype("timedelta64[D]"),
        "is_member": rng.random(n) < prof.member,
    }


def allocate(refs: list[PersonaRef], rows: int) -> dict[str, int]:
    """Rows per persona: segment share x persona weight, fixed personas exact."""
    free = rows - sum(FIXED_ROWS.get(r.id, 0) for r in refs) - round(rows * UNKNOWN_SHARE)
    seg_share = {r.segment: profile_of(r).share for r in refs}
    total = sum(seg_share.values())
    counts = {}
    for seg, share in seg_share.items():
        members = [r for r in refs if r.segment == seg and r.id not in FIXED_ROWS]
        weights = {r.id: PERSONAS.get(r.id, (1.0, {}))[0] for r in members}
        wsum = sum(weights.values()) or 1.0
        for pid, w in weights.items():
            counts[pid] = round(free * share / total * w / wsum)
    if counts:  # absorb rounding in the largest persona so the total is exact
        largest = max(counts, key=lambda pid: counts[pid])
        counts[largest] += free - sum(counts.values())
    counts.update({r.id: FIXED_ROWS[r.id] for r in refs if r.id in FIXED_ROWS})
    return counts


def make_customers(refs: list[PersonaRef], rows: int, rng: np.random.Generator) -> pd.DataFrame:
    counts = allocate(refs, rows)
    frames = []
    for ref in refs:
        n, prof = counts[ref.id], profile_of(ref)
        cols = customer_rows(rng, prof, n)
        own = list((ref.front.get("geography") or {}).get("cities") or [])
        cols["city"] = cities_for(rng, prof, own, n)
        frames.append(pd.DataFrame({"segment": ref.segment, "persona": ref.id, **cols}))
    n_unknown = rows - sum(counts.values())
    vip = Profile(
        age=(42, 8, 25, 65),
        spend=(1500, 0.6),
        orders=5,
        member=1.0,
        channels={"门店": 0.6, "小程序": 0.4},
        signup=("2019-01-01", "2022-12-31"),
    )
    cols = customer_rows(rng, vip, n_unknown)
    cols["city"] = cities_for(rng, SEGMENTS["urban-commuters"], ["上海", "北京"], n_unknown)
    frames.append(pd.DataFrame({"segment": UNKNOWN_SEGMENT, "persona": "", **cols}))
    df = pd.concat(frames, ignore_index=True)
    fixed = df["persona"].isin(list(FIXED_ROWS))
    blank = (rng.random(len(df)) < NO_PERSONA_SHARE) & ~fixed
    df.loc[blank, "persona"] = ""
    df = df.iloc[rng.permutation(len(df))].reset_index(drop=True)
    df.insert(0, "customer_id", [f"C{i:08d}" for i in range(1, len(df) + 1)])
    df["city_tier"] = df["city"].map(CITY_TIER)
    df["signup_date"] = pd.to_datetime(df["signup_date"]).dt.strftime("%Y-%m-%d")
    order = [
        "customer_id",
        "segment",
        "persona",
        "age",
        "gender",
        "city",
        "city_tier",
        "channel",
        "monthly_spend",
        "orders_90d",
        "signup_date",
        "is_member",
    ]
    return df[order]


# --- survey -----------------------------------------------------------------

NPS_MEAN = {  # mean answer to "how likely are you to recommend us" (0-10)
    "urban-commuters": 7.9,
    "young-fashion": 7.2,
    "adventure-travelers": 8.5,
    "sales-teams": 8.0,
    "smb-owners": 7.3,
    "lin-xiao": 8.3,
    "zhou-ming": 7.2,
    "xiao-yu": 7.4,
    "su-tingting": 6.6,
    "wang-yue": 8.4,
    "huang-xin": 7.4,
    "zhao-lei": 8.8,
    "alex-wu": 8.9,
    "li-na": 8.0,
    "liu-qiang": 8.1,
    "sun-yue": 8.4,
    "ma-tao": 7.6,
    "chen-guodong": 7.8,
    "he-jun": 6.6,
}
COMMENTS = {
    "urban-commuters": {
        "good": [
            "提前下单到店就能取，早上不用排队",
            "拿铁口味很稳定，每天都喝同一杯",
            "燕麦奶不加价，这点很加分",
            "早八套餐很划算",
        ],
        "mid": [
            "味道不错，就是比其他品牌贵几块钱",
            "优惠券规则有点复杂",
            "取餐台杯子太多，要找半天",
        ],
        "bad": [
            "早高峰排队太久，差点迟到",
            "晚上八点以后附近门店都关了",
            "新品太甜了，看不出糖度",
            "外卖洒了两次",
        ],
    },
    "young-fashion": {
        "good": [
            "版型很显瘦，已经回购了",
            "面料说明很诚实，实物和图片一致",
            "尺码助手推荐的码一次就对",
            "拼团价格很划算",
        ],
        "mid": ["款式好看，但颜色选择太少", "物流有点慢", "直播间节奏太快来不及看尺码"],
        "bad": [
            "尺码偏小，退了两次",
            "色差太大，和直播间不一样",
            "退款好几天才到账",
            "洗了一次就缩水",
        ],
    },
    "adventure-travelers": {
        "good": [
            "领队很专业，安全感满满",
            "小团人少，体验很好",
            "行程安排紧凑不浪费时间",
            "双语领队，外国朋友也玩得开心",
        ],
        "mid": ["路线很美，住宿可以再好一点", "价格偏高，但值得", "出团前的信息可以再早一点"],
        "bad": ["队员体能参差，拖慢了进度", "临时改了住宿没有解释", "成团人数确认太晚"],
    },
    "sales-teams": {
        "good": ["方法论能直接落地到周会", "训后回访和效果报告很有用", "讲师有一线大客户经验"],
        "mid": ["内容不错，案例可以更贴近我们行业", "讲师档期不好约"],
        "bad": ["培训安排在季度末，影响业绩", "价格偏高，预算难批", "理论部分太长"],
    },
    "smb-owners": {
        "good": ["带着自己门店的数据上课，很实用", "陪跑复盘帮店长看懂了复购", "可以分期付款"],
        "mid": ["内容有启发，但落地要花时间", "线上陪跑时间太晚"],
        "bad": ["价格对小企业来说太贵", "还没看到明显效果", "不如直接找代运营"],
    },
}


def make_survey(refs: list[PersonaRef], rows: int, rng: np.random.Generator) -> pd.DataFrame:
    weights = np.array(
        [profile_of(r).share ** 0.7 * PERSONAS.get(r.id, (1.0, {}))[0] for r in refs]
    )
    which = rng.choice(len(refs), size=rows, p=weights / weights.sum())
    seg = np.array([refs[i].segment for i in which], dtype=object)
    persona = np.array([refs[i].id for i in which], dtype=object)
    mu = np.array(
        [NPS_MEAN.get(p, NPS_MEAN.get(s, 7.0)) for p, s in zip(persona, seg, strict=True)]
    )
    nps = np.clip(np.round(rng.normal(mu, 1.9)), 0, 10).astype(int)
    sat = np.clip(np.round(1 + nps / 2.6 + rng.normal(0, 0.6, rows)), 1, 5).astype(int)
    again = np.where(rng.random(rows) < 0.15 + 0.17 * sat, "是", "否")
    comments = [_comment(rng, s, n) for s, n in zip(seg, nps, strict=True)]
    df = pd.DataFrame(
        {
            "respondent_id": [f"R{i:06d}" for i in range(1, rows + 1)],
            "segment": seg,
            "persona": persona,
            "nps": pd.array(nps, dtype="Int64"),
            "satisfaction": sat,
            "would_repurchase": again,
            "comment": comments,
        }
    )
    df.loc[rng.random(rows) < 0.04, "nps"] = pd.NA
    df.loc[rng.random(rows) < 0.03, "persona"] = ""
    return df


def _comment(rng: np.random.Generator, segment: str, nps: int) -> str:
    pool = COMMENTS.get(segment)
    if pool is None or rng.random() < 0.12:
        return ""
    mood = "good" if nps >= 9 else "mid" if nps >= 7 else "bad"
    options = pool[mood]
    return str(options[rng.integers(len(options))])


# --- accounts ---------------------------------------------------------------

INDUSTRIES = {
    "sales-teams": [
        "企业软件 / SaaS",
        "装备制造 / 工业品",
        "医疗器械",
        "金融科技",
        "汽车零部件",
        "新能源",
        "工业品分销",
    ],
    "smb-owners": [
        "连锁零售 / 烘焙",
        "餐饮连锁",
        "家居用品制造（外贸加工）",
        "区域服务业",
        "外贸加工",
        "美业连锁",
    ],
}
SIZES = {
    "sales-teams": {"50-199": 0.18, "200-999": 0.5, "1000+": 0.32},
    "smb-owners": {"1-49": 0.4, "50-199": 0.45, "200-999": 0.15},
}
SIZE_FACTOR = {"1-49": 0.6, "50-199": 0.85, "200-999": 1.0, "1000+": 1.5}
DEALS = {"sales-teams": (180_000, 0.5, 62), "smb-owners": (50_000, 0.45, 21)}
REGIONS = {
    "华东": 0.36,
    "华南": 0.2,
    "华北": 0.18,
    "华中": 0.12,
    "西南": 0.09,
    "西北": 0.03,
    "东北": 0.02,
}
ACCOUNT_SHARE = {"sales-teams": 0.82, "smb-owners": 0.18}  # of all B2B accounts
ACCOUNT_WEIGHT = {"ma-tao": 0.03}  # front-line managers rarely own the account


def make_accounts(refs: list[PersonaRef], rows: int, rng: np.random.Generator) -> pd.DataFrame:
    b2b = [r for r in refs if r.kind == "b2b"]
    if not b2b:
        return pd.DataFrame(
            columns=[
                "account_id",
                "segment",
                "persona",
                "industry",
                "company_size",
                "deal_value",
                "sales_cycle_days",
                "region",
            ]
        )
    weights = np.array(
        [
            ACCOUNT_SHARE.get(r.segment, 0.1)
            * ACCOUNT_WEIGHT.get(r.id, PERSONAS.get(r.id, (1.0, {}))[0])
            / sum(
                ACCOUNT_WEIGHT.get(o.id, PERSONAS.get(o.id, (1.0, {}))[0])
                for o in b2b
                if o.segment == r.segment
            )
            for r in b2b
        ]
    )
    which = rng.choice(len(b2b), size=rows, p=weights / weights.sum())
    records = [_account(rng, b2b[i]) for i in which]
    df = pd.DataFrame(records)
    df.insert(0, "account_id", [f"A{i:05d}" for i in range(1, rows + 1)])
    return df


def _account(rng: np.random.Generator, ref: PersonaRef) -> dict[str, Any]:
    key = ref.segment if ref.segment in INDUSTRIES else "sales-teams"
    own = str((ref.front.get("b2b") or {}).get("industry") or "")
    industry = (
        own if own and rng.random() < 0.45 else INDUSTRIES[key][rng.integers(len(INDUSTRIES[key]))]
    )
    size = str(pick(rng, SIZES[key], 1)[0])
    median, sigma, cycle = DEALS[key]
    value = rng.lognormal(np.log(median * SIZE_FACTOR[size]), sigma)
    return {
        "segment": ref.segment,
        "persona": ref.id,
        "industry": industry,
        "company_size": size,
        "deal_value": int(round(value, -3)),
        "sales_cycle_days": int(max(5, rng.gamma(4.0, cycle / 4.0))),
        "region": str(pick(rng, REGIONS, 1)[0]),
    }


# --- command line -----------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=HERE, help="output folder")
    parser.add_argument("--rows", type=int, default=120_000, help="customer rows (default: 120000)")
    parser.add_argument("--survey-rows", type=int, default=3_200, help="survey rows")
    parser.add_argument("--account-rows", type=int, default=400, help="B2B account rows")
    parser.add_argument("--seed", type=int, default=20261122, help="random seed")
    parser.add_argument("--handbook", type=Path, default=HERE.parent, help="handbook root")
    args = parser.parse_args(argv)
    if args.rows < 1_000:
        parser.error("--rows must be at least 1000")

    refs = read_handbook(args.handbook)
    rng = np.random.default_rng(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    customers = make_customers(refs, args.rows, rng)
    customers.to_csv(args.out / "customers.csv", index=False, encoding="utf-8")
    survey = make_survey(refs, args.survey_rows, rng)
    survey.to_csv(args.out / "survey.csv", index=False, encoding="gbk")
    accounts = make_accounts(refs, args.account_rows, rng)
    accounts.to_excel(
        args.out / "accounts.xlsx", index=False, sheet_name="accounts", engine="openpyxl"
    )
    print(
        f"customers.csv {len(customers):>8,} rows\n"
        f"survey.csv    {len(survey):>8,} rows (GBK)\n"
        f"accounts.xlsx {len(accounts):>8,} rows\n"
        f"-> {args.out}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

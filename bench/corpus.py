"""Generate large, valid, realistic handbooks for benchmarks.

Deterministic: the same arguments always give the same files.
"""

from __future__ import annotations

import random
from pathlib import Path

CITIES = ["上海", "北京", "深圳", "杭州", "成都", "武汉", "南京", "西安", "重庆", "苏州"]
CHANNELS = ["小程序", "门店", "天猫旗舰店", "抖音直播", "小红书", "官网", "线下活动", "销售拜访"]
COMPETITORS = ["瑞幸", "星巴克", "Manner", "Costa", "便利店咖啡", "Tims", "Peet's"]
PAINS = ["门店早高峰排队超过 10 分钟", "新品太甜", "会员积分规则复杂", "外卖送到时已经凉了",
         "找不到适合团队的培训", "预算审批周期长", "Delivery is slow at rush hour"]
WORDS = ["早高峰", "排队", "通勤", "会员", "优惠券", "燕麦拿铁", "团队培训", "大客户", "复购",
         "口碑"]


def _items(rng: random.Random, pool: list[str], low: int = 1, high: int = 4) -> str:
    chosen = rng.sample(pool, rng.randint(low, min(high, len(pool))))
    return "[" + ", ".join(f'"{c}"' for c in chosen) + "]"


def segment_text(index: int, kind: str) -> str:
    return (f"---\nname: 细分 {index}\nsummary: 第 {index} 个客户细分的概述。\n"
            f"priority: primary\nowners: [市场部]\nkind: {kind}\n---\n\n细分说明 {index}。\n")


def persona_text(rng: random.Random, index: int, b2b: bool, related: str) -> str:
    b2b_block = ("b2b:\n  industry: 制造业\n  company_size: 200-999\n  business_stage: 成长期\n"
                 "  decision_role: 决策者\n  buying_center: [销售总监, HR]\n"
                 "  problems: [大订单周期长]\n" if b2b else "")
    return f"""---
name: 画像 {index} · {rng.choice(WORDS)}
status: {rng.choice(["active", "active", "draft"])}
tagline: 第 {index} 号画像，关注{rng.choice(WORDS)}和{rng.choice(WORDS)}
quote: 早高峰排队十分钟，我宁可去便利店买瓶装咖啡。
owners: [市场部]
last_validated: 2026-{rng.randint(6, 10):02d}-{rng.randint(1, 28):02d}
review_every_days: 180
tags: {_items(rng, WORDS)}
demographics: {{age: "25-34", gender: 女, education: 本科, occupation: 产品经理, income: 月入 2 万}}
geography: {{region: 华东, city_tier: 一线, cities: {_items(rng, CITIES)}}}
purchasing_power: {{level: medium, price_sensitivity: high, typical_spend: 每月 400 元}}
behavior:
  purchase_frequency: 每周 4-5 次
  channels: {_items(rng, CHANNELS)}
  devices: [iPhone]
  active_hours: ["07:30-09:00"]
  brand_loyalty: 中等
social: {{platforms: [小红书, 微信], influence: 中, communities: [跑步群]}}
psychographics: {{values: [效率], motivations: [提神], lifestyle: 快节奏, personality: 务实}}
goals: [十分钟内拿到咖啡, 控制每月开销]
pain_points: {_items(rng, PAINS)}
buying:
  triggers: [会员日优惠]
  decision_factors: [速度, 价格]
  influencers: [同事]
  objections: [太贵]
  decision_cycle: 即时
scenarios: {{purchase: [上班路上], usage: [晨会]}}
discovery_channels: {_items(rng, CHANNELS)}
competitors: {_items(rng, COMPETITORS)}
fish_pond: {{before: [早餐], alongside: [三明治], after: [午餐外卖]}}
{b2b_block}marketing: {{messages: [快], channels: [小程序推送], avoid: [长视频]}}
related: [{related}]
---

早上 7 点左右起床，7 点 40 分出门，地铁上刷小红书。到公司前在楼下买一杯拿铁。
{"下午三点再来一杯。" * rng.randint(1, 20)}
"""


def interview_text(rng: random.Random, index: int, personas: list[str]) -> str:
    cited = ", ".join(rng.sample(personas, rng.randint(1, 2)))
    return f"""---
date: 2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}
interviewer: 访谈员 {rng.randint(1, 9)}
participant: P-{index:05d}
personas: [{cited}]
customer_stage: {rng.choice(["prospect", "new", "active", "churned", "lost"])}
method: {rng.choice(["in-person", "phone", "video", "survey"])}
consent: true
confidential: {str(rng.random() < 0.1).lower()}
channel: {rng.choice(CHANNELS)}
competitors: {_items(rng, COMPETITORS)}
scenarios: {{purchase: 上班路上用小程序下单, usage: 在工位边开晨会边喝}}
obstacles: {_items(rng, PAINS)}
nps: {rng.randint(0, 10)}
nps_reason: 味道稳定，但是{rng.choice(WORDS)}体验一般
fish_pond: {{before: [早餐], alongside: [贝果], after: [午餐]}}
quotes:
  - text: 第 {index} 位受访者说：{rng.choice(PAINS)}。
    tags: {_items(rng, WORDS)}
  - text: "{rng.choice(WORDS)}是我最在意的事。"
tags: {_items(rng, WORDS)}
---

## Q1 第一次听说

在{rng.choice(CHANNELS)}看到。

## Q5 推荐意愿

{"受访者补充了很多细节。" * rng.randint(1, 30)}
"""


def write_handbook(root: Path, personas: int, interviews: int, segments: int = 20,
                   seed: int = 7) -> Path:
    """A valid handbook of the given size under `root` (segments: every fourth is b2b)."""
    rng = random.Random(seed)
    persona_ids = [f"persona-{i:05d}" for i in range(personas)]
    for s in range(segments):
        folder = root / "personas" / f"segment-{s:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        kind = "b2b" if s % 4 == 3 else "b2c"
        (folder / "_segment.md").write_text(segment_text(s, kind), encoding="utf-8")
    for i, persona_id in enumerate(persona_ids):
        s = i % segments
        path = root / "personas" / f"segment-{s:03d}" / f"{persona_id}.md"
        text = persona_text(rng, i, s % 4 == 3, persona_ids[(i + 1) % personas])
        path.write_text(text, encoding="utf-8")
    (root / "interviews").mkdir(parents=True, exist_ok=True)
    for i in range(interviews):
        path = root / "interviews" / f"interview-{i:05d}.md"
        path.write_text(interview_text(rng, i, persona_ids), encoding="utf-8")
    return root

"""Row-level data never leaves `handbook discover` or its page.

Each case plants, among planted clusters, rows whose values a small group
could give away: a few far-away customers (clipped into the crowd, never a
cluster of their own), a category held by a handful of rows or holding a
phone number, a declared segment with three rows, more clusters than the
rows can fill, and a category whose name would forge report lines. The real
command (table and JSON) and the real build run; the marker values must
appear nowhere in what they print or publish, and the small groups are
counted, never described.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from tests.adversarial.harness import build, handbook
from tests.conftest import TODAY
from tests.discover.handbooks import discover_handbook
from tests.discover.synthetic import planted

pytestmark = pytest.mark.xdist_group("build")

OUTLIERS = pd.DataFrame({"segment": ["seg-1"] * 4, "age": [99.0] * 4,
                         "monthly_spend": [987654.3] * 4, "orders_90d": [43210.0] * 4,
                         "channel": ["门店"] * 4, "city_tier": ["一线"] * 4})


def far_away_cluster(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.concat([frame, OUTLIERS], ignore_index=True)


def phone_as_channel(frame: pd.DataFrame) -> pd.DataFrame:
    frame.loc[frame.index[frame["segment"] == "seg-4"][:30], "channel"] = "13800138000"
    frame.loc[frame.index[:4], "channel"] = "VIP-仅四人"
    return frame


def forged_lines(frame: pd.DataFrame) -> pd.DataFrame:
    seg4 = frame.index[frame["segment"] == "seg-4"]
    frame.loc[seg4, "channel"] = "门店\n::error::forged\x1b[31m"
    return frame


def few_rows(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.head(150).copy()


def tiny_segment(frame: pd.DataFrame) -> pd.DataFrame:
    frame.loc[frame.index[:3], "segment"] = "seg-tiny"
    return frame


# (case, how the table is made hostile, k, marker texts that must never appear)
CASES = [
    ("far-away-cluster", far_away_cluster, 5, ["987,654", "987654", "43,210", "43210"]),
    ("personal-data-as-category", phone_as_channel, None, ["13800138000", "VIP-仅四人"]),
    ("three-row-segment", tiny_segment, None, ["seg-tiny  3", "\"rows\": 3"]),
    ("more-clusters-than-rows-allow", few_rows, 10, []),
    ("control-characters-in-a-category", forged_lines, None, ["\n::error::forged", "\x1b[31m"]),
]


def published(root: Path) -> str:
    """Everything the built site holds as text: pages, search index, generated Markdown."""
    texts = [p.read_text(encoding="utf-8") for folder in ("site", "build")
             for p in sorted((root / folder).rglob("*"))
             if p.is_file() and p.suffix in (".html", ".json", ".md", ".xml", ".txt")]
    return "\n".join(texts)


@pytest.mark.parametrize(("case", "hostile", "k", "markers"), CASES, ids=[c[0] for c in CASES])
def test_small_groups_are_counted_never_described(tmp_path: Path, case: str, hostile: object,
                                                  k: int | None, markers: list[str]) -> None:
    frame, _ = planted(1500, seed=7)
    table = hostile(frame)  # type: ignore[operator]
    discover = "discover:\n  source: customers\n  columns: [age, monthly_spend, orders_90d, " \
               f"channel, city_tier]\n{f'  k: {k}' if k else ''}\n"
    root = discover_handbook(tmp_path / case, table, discover=discover,
                             segments=sorted(set(table["segment"])))
    text = handbook("discover", str(root), "--today", TODAY)
    as_json = handbook("discover", str(root), "--today", TODAY, "--format", "json")
    assert text.returncode == 0 and as_json.returncode == 0, text.stderr
    assert build(root).returncode == 0
    found = json.loads(as_json.stdout)
    outputs = {"table": text.stdout + text.stderr, "json": as_json.stdout,
               "site": published(root)}
    # A forged line matters where lines are read: the terminal report.
    checked = ["table"] if case == "control-characters-in-a-category" else list(outputs)
    for where in checked:
        for marker in markers:
            assert marker not in outputs[where], (where, marker)
    assert all(c["size"] >= 10 for c in found["clusters"])
    if case == "control-characters-in-a-category":
        assert "门店\\n::error::forged\\x1b[31m" in text.stdout
    if case == "more-clusters-than-rows-allow":
        small = found["small_clusters"]
        assert small >= 1 and len(found["clusters"]) + small == 10
        assert "with fewer than 10 rows: counted, not described" in text.stdout
    if case == "three-row-segment":
        tiny = next(s for s in found["comparison"]["segments"] if s["segment"] == "seg-tiny")
        assert tiny == {"segment": "seg-tiny", "rows": None, "cluster": None, "share": None}
        line = next(x for x in text.stdout.splitlines() if x.startswith("  seg-tiny "))
        assert line.split() == ["seg-tiny", "not", "enough", "data", "(n", "<", "10)"]

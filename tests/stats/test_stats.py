"""Statistics checked against values computed independently in plain Python."""

from __future__ import annotations

import json
import random
import statistics
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from generator.stats.compute import compute_stats, stats_json
from tests.conftest import english_display
from tests.statsfixtures import (
    csv_text,
    load_handbook,
    load_spec,
    small_groups,
    write_handbook,
    write_spec,
)

SEGMENTS = {"commuters": ["lin-xiao", "zhou-ming"], "students": ["xiao-yu"], "empty": ["nobody"]}
SEGMENT_OF = {p: s for s, ps in SEGMENTS.items() for p in ps}
HEADER = ["segment", "persona", "age", "spend", "city", "member", "nps"]
SPEC = """min_group_size: 10
sources:
  customers:
    file: customers.csv
    segment: segment
    persona: persona
metrics:
  - {id: n, label: 客户数, source: customers, agg: count}
  - {id: total, source: customers, column: spend, agg: sum}
  - {id: avg, source: customers, column: spend, agg: mean}
  - {id: med, source: customers, column: age, agg: median}
  - {id: young, source: customers, column: age, agg: min}
  - {id: old, source: customers, column: age, agg: max}
  - {id: p90, source: customers, column: spend, agg: quantile, q: 0.9}
  - {id: cities, source: customers, column: city, agg: share}
  - {id: top2, source: customers, column: city, agg: top, k: 2}
  - {id: bands, source: customers, column: age, agg: histogram, bins: [18, 25, 35, 60]}
  - {id: nps, source: customers, column: nps, agg: nps}
  - {id: member_avg, source: customers, column: spend, agg: mean, where: {member: true}}
  - {id: big_cities, source: customers, agg: count, where: {city: [上海, 北京]}}
  - {id: thirty, source: customers, agg: count, where: {age: 30}}
"""
Row = dict[str, Any]
CITIES = ["上海", "北京", "武汉", "拉萨", "三亚", ""]


def customer_rows(seed: int = 7, count: int = 400) -> list[Row]:
    rng = random.Random(seed)
    rows = []
    for _ in range(count):
        persona = rng.choice(["lin-xiao"] * 4 + ["zhou-ming"] * 3 + ["xiao-yu"] * 3)
        rows.append({
            "segment": SEGMENT_OF[persona], "persona": persona,
            "age": rng.randint(16, 64) if rng.random() > 0.05 else None,
            "spend": round(rng.uniform(10, 900), 2) if rng.random() > 0.05 else None,
            "city": rng.choices(CITIES, [40, 30, 25, 2, 2, 1])[0],
            "member": rng.choice(["True", "False"]),
            "nps": rng.randint(0, 10) if rng.random() > 0.1 else None})
    ghosts = [{"segment": "ghost", "persona": "ghost", "age": 40, "spend": 100.0, "city": "上海",
               "member": "True", "nps": 10}] * 7
    return rows + ghosts


@pytest.fixture(scope="module")
def computed(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Row], dict[str, Any]]:
    root = tmp_path_factory.mktemp("handbook")
    write_handbook(root, SEGMENTS)
    rows = customer_rows()
    write_spec(root, SPEC)
    (root / "data" / "customers.csv").write_text(
        csv_text(HEADER, [[r[h] for h in HEADER] for r in rows]), encoding="utf-8")
    result = compute_stats(load_handbook(root), load_spec(root), root / "data")
    return rows, stats_json(result)


def values(rows: list[Row], column: str) -> list[Any]:
    return [r[column] for r in rows if r[column] not in (None, "")]


def published(counts: dict[str, int], order: list[str], min_size: int,
              top: int | None = None, zeros: Sequence[str] = ()) -> list[dict[str, Any]]:
    """What a share or histogram may show: categories of at least `min_size` rows (and the
    `zeros`, empty bins), in `order`; the rest is "other" (left out with `top`), and while
    the rows not shown by name are 1 to min_size - 1, the smallest shown category joins them
    (n is published: they would be n minus the shown counts)."""
    total = sum(counts.values())
    shown = [label for label in order if counts[label] >= min_size or label in zeros]
    if top is not None:
        shown = shown[:top]
    while 0 < total - sum(counts[label] for label in shown) < min_size and \
            any(counts[label] for label in shown):
        shown.remove(min(reversed([lb for lb in shown if counts[lb]]), key=counts.__getitem__))
    result = [{"label": label, "count": counts[label],
               "share": pytest.approx(counts[label] / total, abs=1e-6)} for label in shown]
    other = total - sum(counts[label] for label in shown)
    if top is None and other >= min_size:
        result.append({"label": "other", "other": True, "count": other,
                       "share": pytest.approx(other / total, abs=1e-6)})
    elif top is None and other:
        result.append({"label": "other", "other": True, "suppressed": True})
    return result


def fold(items: Sequence[Any], min_size: int = 10, top: int | None = None) -> list[dict[str, Any]]:
    counts = Counter(items)
    order = sorted(counts, key=lambda label: (-counts[label], label))
    return published(counts, order, min_size, top)


def band(age: int) -> str:
    edges = [18, 25, 35, 60]
    if age < edges[0]:
        return "<18"
    if age >= edges[-1]:
        return "≥60"
    low = max(e for e in edges if e <= age)
    return f"{low}–{edges[edges.index(low) + 1]}"


def expected_bands(rows: list[Row]) -> list[dict[str, Any]]:
    counts = Counter(band(a) for a in values(rows, "age"))
    order = ["<18", "18–25", "25–35", "35–60", "≥60"]
    return published(counts, order, 10, zeros=[b for b in order[1:-1] if not counts[b]])


def expected_nps(answers: list[int]) -> dict[str, Any]:
    promoters = sum(1 for a in answers if a >= 9)
    detractors = sum(1 for a in answers if a <= 6)
    n = len(answers)
    score = {"value": pytest.approx(100 * (promoters - detractors) / n, abs=1e-5), "n": n}
    parts = {"promoters": promoters, "passives": n - promoters - detractors,
             "detractors": detractors}
    if any(0 < count < 10 for count in parts.values()):
        return score  # a small part's share would count its people
    return score | {name: pytest.approx(count / n, abs=1e-6) for name, count in parts.items()}


def scalar(func: Callable[[list[Any]], Any], column: str) -> Callable[[list[Row]], dict[str, Any]]:
    def expected(rows: list[Row]) -> dict[str, Any]:
        found = values(rows, column)
        return {"value": pytest.approx(func(found), abs=1e-5), "n": len(found)}
    return expected


EXPECTED: dict[str, Callable[[list[Row]], dict[str, Any]]] = {
    "n": lambda rows: {"value": len(rows), "n": len(rows)},
    "total": scalar(sum, "spend"),
    "avg": scalar(statistics.fmean, "spend"),
    "med": scalar(statistics.median, "age"),
    "young": scalar(min, "age"),
    "old": scalar(max, "age"),
    "p90": scalar(lambda v: statistics.quantiles(v, n=10, method="inclusive")[8], "spend"),
    "cities": lambda rows: {"value": fold(values(rows, "city")), "n": len(values(rows, "city"))},
    "top2": lambda rows: {"value": fold(values(rows, "city"), top=2),
                          "n": len(values(rows, "city"))},
    "bands": lambda rows: {"value": expected_bands(rows), "n": len(values(rows, "age"))},
    "nps": lambda rows: expected_nps(values(rows, "nps")),
    "member_avg": lambda rows: scalar(statistics.fmean, "spend")(
        [r for r in rows if r["member"] == "True"]),
    "big_cities": lambda rows: {"value": sum(r["city"] in ("上海", "北京") for r in rows),
                                "n": sum(r["city"] in ("上海", "北京") for r in rows)},
    "thirty": lambda rows: {"value": sum(r["age"] == 30 for r in rows),
                            "n": sum(r["age"] == 30 for r in rows)},
}


def suppressed_or(expected: dict[str, Any]) -> dict[str, Any]:
    return {"suppressed": True} if expected["n"] < 10 else expected


@pytest.mark.parametrize("metric", list(EXPECTED))
def test_every_aggregation_per_segment_persona_and_overall(
        computed: tuple[list[Row], dict[str, Any]], metric: str) -> None:
    rows, document = computed
    expected = EXPECTED[metric]
    for segment in ("commuters", "students"):
        chosen = [r for r in rows if r["segment"] == segment]
        assert document["segments"][segment][metric] == suppressed_or(expected(chosen))
    for persona in ("lin-xiao", "zhou-ming", "xiao-yu"):
        chosen = [r for r in rows if r["persona"] == persona]
        assert document["personas"][persona][metric] == suppressed_or(expected(chosen))
    assert document["overall"][metric] == suppressed_or(expected(rows))
    assert document["segments"]["empty"][metric] == {"suppressed": True}


def test_the_json_document_shape(computed: tuple[list[Row], dict[str, Any]]) -> None:
    document = computed[1]
    assert set(document) == {"min_group_size", "metrics", "segments", "personas", "overall",
                             "provenance"}
    assert list(document["segments"]) == ["commuters", "empty", "students"]
    assert list(document["segments"]["commuters"]) == list(EXPECTED)
    assert document["metrics"]["n"] == {"label": "客户数", "source": "customers", "agg": "count"}
    assert document["provenance"]["customers"]["rows"] == 407
    json.dumps(document)


def _walk(node: Any) -> list[dict[str, Any]]:
    if isinstance(node, dict):
        return [node, *(found for v in node.values() for found in _walk(v))]
    if isinstance(node, list):
        return [found for v in node for found in _walk(v)]
    return []


def test_suppressed_entries_carry_no_figures(computed: tuple[list[Row], dict[str, Any]]) -> None:
    suppressed = [d for d in _walk(computed[1]) if d.get("suppressed")]
    assert suppressed
    for entry in suppressed:
        assert set(entry) <= {"suppressed", "label", "other"}


def test_suppression_at_nine_ten_and_eleven_rows(tmp_path: Path) -> None:
    result = small_groups(tmp_path, {"nine": 9, "ten": 10, "eleven": 11, "zero": 0},
                          "  - {id: n, source: c, agg: count}\n"
                          "  - {id: age, source: c, column: age, agg: mean}\n")
    document = stats_json(result)["segments"]
    assert document["nine"] == {"n": {"suppressed": True}, "age": {"suppressed": True}}
    assert document["ten"]["n"] == {"value": 10, "n": 10}
    assert document["ten"]["age"] == {"value": 24.5, "n": 10}
    assert document["eleven"]["n"] == {"value": 11, "n": 11}
    nine, zero = result.segments["nine"]["n"], result.segments["zero"]["n"]
    assert (nine.value, nine.n, nine.suppressed, nine.empty) == (None, 0, True, False)
    assert (zero.value, zero.n, zero.suppressed, zero.empty) == (None, 0, True, True)
    display = english_display(field_labels=True)
    assert display.result(nine, 10) == "not enough data (n < 10)"
    assert display.result(zero, 10) == "no data"


def test_missing_values_do_not_count_towards_n(tmp_path: Path) -> None:
    rows = [["a", "a-p", None if i < 2 else 30, "上海"] for i in range(11)]
    result = small_groups(tmp_path, {"a": 11}, "  - {id: age, source: c, column: age, agg: median}"
                          "\n  - {id: n, source: c, agg: count}\n", rows)
    assert stats_json(result)["segments"]["a"] == {"age": {"suppressed": True},
                                                   "n": {"value": 11, "n": 11}}
    assert [p.message for p in result.problems] == [
        "2 of 11 rows have no `age`; statistics skip them"]


@pytest.mark.parametrize(("counts", "shown", "other", "top"), [
    # 武汉 and 三亚 (7) would be 29 - 12 - 10: 北京 joins them, so no small group is left.
    ({"上海": 12, "北京": 10, "武汉": 4, "三亚": 3}, ["上海"], 17, ["上海"]),
    ({"上海": 12, "北京": 10, "武汉": 6, "三亚": 5}, ["上海", "北京"], 11, ["上海", "北京"]),
    # Nothing small: nothing folded, and the top 3 leave out 10.
    ({"上海": 12, "北京": 11, "武汉": 10, "三亚": 10}, ["上海", "北京", "三亚", "武汉"], 0,
     ["上海", "北京", "三亚"]),
    # The top 3 would leave out 三亚 alone (4 = n - the three shown).
    ({"上海": 12, "北京": 11, "武汉": 10, "三亚": 4}, ["上海", "北京"], 14, ["上海", "北京"]),
])
def test_small_categories_fold_into_other_and_n_never_gives_one_away(
        tmp_path: Path, counts: dict[str, int], shown: list[str], other: int,
        top: list[str]) -> None:
    rows = [["a", "a-p", 30, city] for city, n in counts.items() for _ in range(n)]
    result = small_groups(tmp_path, {"a": len(rows)},
                          "  - {id: cities, source: c, column: city, agg: share}\n"
                          "  - {id: top, source: c, column: city, agg: top, k: 3}\n", rows)
    total = len(rows)
    document = stats_json(result)["segments"]["a"]
    expected = [{"label": city, "count": counts[city], "share": round(counts[city] / total, 6)}
                for city in shown]
    if other:
        expected.append({"label": "other", "other": True, "count": other,
                         "share": round(other / total, 6)})
    assert document["cities"] == {"value": expected, "n": total}
    assert [c["label"] for c in document["top"]["value"]] == top


def test_personas_only_for_sources_with_a_persona_column(tmp_path: Path) -> None:
    write_handbook(tmp_path, {"a": ["a-p"]})
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "c.csv").write_text(csv_text(["segment"], [["a"]] * 12), encoding="utf-8")
    write_spec(tmp_path, "sources:\n  c: {file: c.csv, segment: segment}\n"
               "metrics:\n  - {id: n, source: c, agg: count}\n")
    result = compute_stats(load_handbook(tmp_path), load_spec(tmp_path), tmp_path / "data")
    assert stats_json(result)["personas"] == {"a-p": {}}
    assert stats_json(result)["segments"] == {"a": {"n": {"value": 12, "n": 12}}}


INTERVIEWS: list[dict[str, Any]] = [
    {"personas": ["lin-xiao", "zhou-ming"], "nps": 9, "obstacles": ["价格", "排队"],
     "confidential": True, "customer_stage": "active"},
    {"personas": ["lin-xiao", "xiao-yu"], "nps": 3, "obstacles": ["价格", "价格"],
     "customer_stage": "new"},
    {"personas": ["xiao-yu"], "nps": 7, "obstacles": ["排队"], "customer_stage": "active"},
    {"personas": ["xiao-yu"], "customer_stage": "lost"},
]


def test_interview_statistics(tmp_path: Path) -> None:
    write_handbook(tmp_path, SEGMENTS, INTERVIEWS)
    write_spec(tmp_path, "min_group_size: 5\nmetrics:\n"
               "  - {id: nps, source: interviews, column: nps, agg: nps}\n"
               "  - {id: obstacles, source: interviews, column: obstacles, agg: top, k: 2}\n"
               "  - {id: active, source: interviews, agg: count,"
               " where: {customer_stage: active}}\n")
    # The engine at a group size of 1 (specs may not go below 5: see the metrics schema).
    spec = replace(load_spec(tmp_path), min_group_size=1)
    result = compute_stats(load_handbook(tmp_path), spec, tmp_path / "data")
    document = stats_json(result)
    lin = document["personas"]["lin-xiao"]
    assert lin["nps"] == {"value": 0.0, "n": 2, "promoters": 0.5, "passives": 0.0,
                          "detractors": 0.5}
    assert document["personas"]["xiao-yu"]["nps"]["value"] == pytest.approx(-50.0)
    assert document["segments"]["commuters"]["nps"]["n"] == 2
    assert document["segments"]["students"]["nps"]["n"] == 2
    assert document["overall"]["nps"]["value"] == pytest.approx(100 * (1 - 1) / 3)
    # each item counts once per interview; shares are of all items counted; the confidential
    # interview's free text is no label
    assert document["overall"]["obstacles"] == {"n": 2, "value": [
        {"label": "价格", "count": 1, "share": 0.5}, {"label": "排队", "count": 1, "share": 0.5}]}
    assert document["overall"]["active"] == {"value": 2, "n": 2}
    assert document["segments"]["students"]["active"] == {"value": 1, "n": 1}


def test_where_on_a_list_column_and_on_a_boolean_parquet_column(tmp_path: Path) -> None:
    write_handbook(tmp_path, SEGMENTS, INTERVIEWS)
    (tmp_path / "data").mkdir()
    members = [True] * 11 + [False] * 12
    pq.write_table(pa.table({"segment": ["students"] * 23, "member": members,
                             "spend": [float(i) for i in range(23)]}),
                   tmp_path / "data" / "c.parquet")
    write_spec(tmp_path, "min_group_size: 5\nsources:\n  c: {file: c.parquet, segment: segment}\n"
               "metrics:\n"
               "  - {id: queue, source: interviews, agg: count, where: {obstacles: 排队}}\n"
               "  - {id: member_spend, source: c, column: spend, agg: sum, where: {member: true}}\n"
               "  - {id: members, source: c, column: member, agg: share}\n")
    spec = replace(load_spec(tmp_path), min_group_size=1)
    document = stats_json(compute_stats(load_handbook(tmp_path), spec, tmp_path / "data"))
    assert document["overall"]["queue"] == {"value": 1, "n": 1}
    assert document["overall"]["member_spend"] == {"value": float(sum(range(11))), "n": 11}
    assert document["segments"]["students"]["members"]["value"] == [
        {"label": "false", "count": 12, "share": round(12 / 23, 6)},
        {"label": "true", "count": 11, "share": round(11 / 23, 6)}]


@pytest.mark.parametrize(("answers", "shares"), [
    # 12 detractors, 5 passives, 20 promoters: the passives' share would count 5 people.
    ({3: 12, 8: 5, 10: 20}, False),
    ({3: 12, 10: 20}, True),  # no passives at all: nothing small
])
def test_nps_shares_never_count_a_small_part(tmp_path: Path, answers: dict[int, int],
                                             shares: bool) -> None:
    rows = [["a", "a-p", score, "上海"] for score, n in answers.items() for _ in range(n)]
    result = small_groups(tmp_path, {"a": len(rows)},
                          "  - {id: nps, source: c, column: age, agg: nps}\n", rows)
    document = stats_json(result)["segments"]["a"]["nps"]
    n = len(rows)
    assert document["n"] == n
    assert document["value"] == pytest.approx(100 * (answers[10] - answers[3]) / n, abs=1e-5)
    assert ("promoters" in document) is shares
    if shares:
        assert document["passives"] == 0.0 and document["promoters"] == round(20 / n, 6)

"""Statistics tables: the all-customers figure for every metric, names from the spec, sources."""

from __future__ import annotations

from pathlib import Path

from generator.site.tables import source_counts, stat_rows, stats_tables
from generator.stats.display import Display
from tests.statsfixtures import load_spec, small_groups

ZH = Display.of(Path(__file__).parent, "zh")
SPEC = """  - {id: n, label: 客户数, source: c, agg: count}
  - {id: age, label: 年龄中位数, source: c, column: age, agg: median}
  - id: cities
    label: 城市
    source: c
    column: city
    agg: share
    labels: {上海: 上海市}
"""


def rows_for(tmp_path: Path, segment: str, extra: list[list[object]] | None = None
             ) -> dict[str, tuple[str, str]]:
    rows = [[s, f"{s}-p", 20 + i, "上海" if i % every else "北京"]
            for s, size, every in (("a", 20, 4), ("b", 40, 2)) for i in range(size)]
    rows += extra or []
    sizes = {name: sum(row[0] == name for row in rows) for name in ("a", "b")}
    stats = small_groups(tmp_path, sizes, SPEC, rows)
    return {row.label: (row.value, row.overall)
            for row in stat_rows(stats, stats.segments[segment], ZH)}


def test_every_metric_has_its_all_customers_figure_shares_included(tmp_path: Path) -> None:
    shown = rows_for(tmp_path, "b")
    assert shown["客户数"] == ("40", "60")
    assert shown["年龄中位数"] == ("39.5", "34.5")
    assert shown["城市"] == ("上海市 50.0% · 北京 50.0%", "上海市 58.3% · 北京 41.7%")


def test_a_folded_category_has_no_all_customers_share(tmp_path: Path) -> None:
    # a: 上海 15, 北京 5 (folded), 广州 12 (its 12 and 北京's 5 make "other", as 5 alone
    # would be n minus the shown counts).
    shown = rows_for(tmp_path, "a", [["a", "a-p", 30, "广州"]] * 12)
    assert shown["城市"] == ("上海市 46.9% · 其他 53.1%", "上海市 48.6%")


def test_a_share_never_shows_a_small_group_as_n_minus_the_others(tmp_path: Path) -> None:
    shown = rows_for(tmp_path, "a")  # 上海 15, 北京 5: 北京 would be 20 - 15
    assert shown["城市"] == ("其他 100.0%", "")


def test_key_figures_and_provenance_in_plain_words(tmp_path: Path) -> None:
    stats = small_groups(tmp_path, {"a": 12}, SPEC)
    table = stats_tables(stats, ZH)["segment:a"]
    assert [row.label for row in table.key_figures] == ["客户数", "年龄中位数"]
    [source] = table.provenance
    assert (source.file, source.rows) == ("c.csv", 12)
    assert len(source.sha256) >= 12 and source.date[:2] == "20"


def test_each_source_is_counted_under_its_own_name(tmp_path: Path) -> None:
    stats = small_groups(tmp_path, {"a": 12}, SPEC)
    [count] = source_counts(stats, load_spec(tmp_path))
    assert (count.label, count.rows) == ("客户数", 12)
    spec = (tmp_path / "data" / "metrics.yml")
    spec.write_text(spec.read_text(encoding="utf-8").replace(
        "c: {file: c.csv,", "c: {label: 客户, file: c.csv,"), encoding="utf-8")
    [count] = source_counts(stats, load_spec(tmp_path))
    assert (count.label, count.rows) == ("客户", 12)

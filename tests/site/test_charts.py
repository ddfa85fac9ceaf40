"""SVG charts: well-formed, escaped, accessible, self-contained and deterministic."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.site.charts import WIDTH, chart_svg, text_width
from generator.stats.aggregations import MetricResult
from generator.stats.categories import Category
from generator.stats.display import Display

ZH = Display.of(Path(__file__).parent, "zh")

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert("x")</script> & 上海'
SHARE = MetricResult("cities", "share", 100, (
    Category("北京", 50, 0.5), Category(HOSTILE, 30, 0.3),
    Category("一个非常非常非常非常长的城市名字叫做什么", 10, 0.1),
    Category("other", None, None, other=True)))
NPS = MetricResult("nps", "nps", 40, 12.5, parts=(
    ("detractors", 0.25), ("passives", 0.375), ("promoters", 0.375)))


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_a_share_chart_is_well_formed_and_accessible() -> None:
    svg = chart_svg(SHARE, "城市 & 渠道", ZH)
    assert svg is not None
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title_id, desc_id = (root.get("aria-labelledby") or "").split()
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and title.get("id") == title_id and title.text == "城市 & 渠道"
    assert desc is not None and desc.get("id") == desc_id
    assert desc.text == (f"北京: 50.0%; {HOSTILE}: 30.0%; "
                         "一个非常非常非常非常长的城市名字叫做什么: 10.0%; 其他: — (n = 100)")


def test_labels_from_data_are_escaped() -> None:
    svg = chart_svg(SHARE, HOSTILE, ZH) or ""
    assert "<script" not in svg
    assert "&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; 上海" in svg
    texts = [t.text for t in parse(svg).iter(f"{SVG}text")]
    assert HOSTILE in texts


def bar_widths(root: ET.Element) -> list[float]:
    return [float(r.get("width") or 0) for r in root.iter(f"{SVG}rect")
            if r.get("class") == "handbook-chart-bar"]


def test_bars_are_proportional_and_small_other_has_no_bar() -> None:
    root = parse(chart_svg(SHARE, "x", ZH) or "")
    bars = bar_widths(root)
    assert len(bars) == 4
    assert bars[1] / bars[0] == pytest.approx(0.3 / 0.5, abs=0.01)
    assert bars[2] / bars[0] == pytest.approx(0.1 / 0.5, abs=0.01)
    assert bars[3] == 0
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts[-1] == "—"
    assert "一个非常非常非常非常长的城市名字叫做什么" in texts


def test_colors_follow_the_theme_and_nothing_is_fetched() -> None:
    for svg in (chart_svg(SHARE, "x", ZH) or "", chart_svg(NPS, "y", ZH) or ""):
        assert 'fill="currentColor"' in svg
        assert "var(--md-" in svg or "var(--handbook-" in svg
        assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
        assert "<script" not in svg and "href" not in svg and "<style" not in svg


def test_an_nps_chart_stacks_the_three_shares() -> None:
    root = parse(chart_svg(NPS, "问卷 NPS", ZH) or "")
    stacked = [r for r in root.iter(f"{SVG}rect") if (r.get("class") or "").startswith(
        "handbook-nps-")]
    widths = [float(r.get("width") or 0) for r in stacked]
    assert [r.get("class") for r in stacked] == [
        "handbook-nps-detractors", "handbook-nps-passives", "handbook-nps-promoters"]
    assert widths == pytest.approx([0.25 * WIDTH, 0.375 * WIDTH, 0.375 * WIDTH], abs=0.1)
    assert next(t.text for t in root.iter(f"{SVG}text")) == "NPS +13"


def test_charts_are_deterministic() -> None:
    assert chart_svg(SHARE, "x", ZH) == chart_svg(SHARE, "x", ZH)
    assert chart_svg(NPS, "x", ZH) == chart_svg(NPS, "x", ZH)
    assert chart_svg(SHARE, "x", ZH) != chart_svg(SHARE, "z", ZH)


@pytest.mark.parametrize("result", [
    MetricResult("n", "count", 5, None, suppressed=True),
    MetricResult("age", "median", 50, 29.0),
    MetricResult("cities", "share", 50, ()),
    MetricResult("nps", "nps", 3, None, suppressed=True),
])
def test_no_chart_for_suppressed_or_plain_values(result: MetricResult) -> None:
    assert chart_svg(result, "x", ZH) is None


def test_shares_share_one_scale_whatever_the_largest() -> None:
    small = MetricResult("a", "share", 100, (Category("甲", 28, 0.277), Category("乙", 72, 0.723)))
    large = MetricResult("b", "share", 100, (Category("丙", 87, 0.866), Category("丁", 13, 0.134)))
    first, second = bar_widths(parse(chart_svg(small, "a", ZH) or "")), bar_widths(
        parse(chart_svg(large, "b", ZH) or ""))
    assert first[0] == pytest.approx(0.277 * WIDTH, abs=0.1)
    assert second[0] == pytest.approx(0.866 * WIDTH, abs=0.1)
    assert first[1] < second[0]


def test_the_all_customers_share_is_a_marker_on_the_same_category() -> None:
    overall = MetricResult("cities", "share", 1000, (
        Category(HOSTILE, 400, 0.4), Category("北京", 200, 0.2), Category("other", 400, 0.4,
                                                                          other=True)))
    root = parse(chart_svg(SHARE, "x", ZH, overall) or "")
    markers = [r for r in root.iter(f"{SVG}line") if r.get("class") == "handbook-chart-overall"]
    assert [float(m.get("x1") or 0) for m in markers] == pytest.approx([0.2 * WIDTH,
                                                                        0.4 * WIDTH], abs=0.1)
    assert "全体客户" in [t.text for t in root.iter(f"{SVG}text")]
    desc = root.find(f"{SVG}desc")
    assert desc is not None and "北京: 50.0% (全体客户 20.0%)" in (desc.text or "")


def test_every_bar_starts_at_the_same_x_and_the_svg_scales() -> None:
    for result in (SHARE, NPS):
        root = parse(chart_svg(result, "x", ZH) or "")
        assert root.get("viewBox") == f"0 0 {WIDTH} {root.get('viewBox', '').split()[-1]}"
        assert root.get("width") is None
    starts = {r.get("x") for r in parse(chart_svg(SHARE, "x", ZH) or "").iter(f"{SVG}rect")}
    assert starts == {"0"}


def test_a_label_too_long_is_shortened_and_kept_whole_in_the_title() -> None:
    long = "一家名字非常非常长的连锁便利店品牌旗下位于地铁站出口的社区门店（加盟）"
    result = MetricResult("x", "top", 50, (Category(long, 30, 0.6), Category("B", 20, 0.4)))
    root = parse(chart_svg(result, "x", ZH) or "")
    shown = next(t for t in root.iter(f"{SVG}text") if t.get("class") == "handbook-chart-label")
    assert shown.text is not None and shown.text.endswith("…") and len(shown.text) < len(long)
    assert text_width(shown.text) <= WIDTH - text_width("60.0%") - 10
    titles = [t.text or "" for t in root.iter(f"{SVG}title")]
    assert any(long in t for t in titles)


@pytest.mark.parametrize("value", [
    (Category("other", 40, 1.0, other=True),),
    (Category("other", None, None, other=True),),
])
def test_no_chart_when_only_the_folded_category_is_left(value: tuple[Category, ...]) -> None:
    assert chart_svg(MetricResult("x", "share", 40, value), "x", ZH) is None

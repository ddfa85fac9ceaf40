"""SVG charts: well-formed, escaped, accessible, self-contained and deterministic."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.site.charts import WIDTH, chart_svg
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
    assert '<script>alert("x")</script>…' in texts


def test_bars_are_proportional_and_small_other_has_no_bar() -> None:
    root = parse(chart_svg(SHARE, "x", ZH) or "")
    bars = [float(r.get("width") or 0) for r in root.iter(f"{SVG}rect")]
    assert len(bars) == 4
    assert bars[1] / bars[0] == pytest.approx(0.3 / 0.5, abs=0.01)
    assert bars[2] / bars[0] == pytest.approx(0.1 / 0.5, abs=0.01)
    assert bars[3] == 0
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts[-1] == "—"
    assert "一个非常非常非常非常长的城…" in texts


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

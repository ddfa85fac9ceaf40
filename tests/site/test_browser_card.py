"""The persona card and every page type as a marketer sees them, in a real Chromium.

At a desktop (1280 px) and a phone (390 px) width: no page scrolls sideways,
no chart label leaves its chart, the card's essentials are in the first
screen; axe-core finds no serious or critical problem in the light or the
dark scheme; the printed card is one A4 page that says what matters.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.browser import REPO
from tests.gallery import PAGES, PRINTED

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

WIDTHS = (1280, 390)
PERSONA = yaml.safe_load(
    (REPO / "personas/urban-commuters/lin-xiao.md").read_text(encoding="utf-8").split("---")[1])

LABELS_OUTSIDE = """() => {
  const out = [];
  for (const svg of document.querySelectorAll('svg.handbook-chart')) {
    const box = svg.viewBox.baseVal;
    for (const text of svg.querySelectorAll('text')) {
      const b = text.getBBox();
      if (b.x < box.x - 0.5 || b.y < box.y - 0.5 || b.x + b.width > box.x + box.width + 0.5
          || b.y + b.height > box.y + box.height + 0.5) {
        out.push(`${text.textContent} [${b.x.toFixed(1)}, ${(b.x + b.width).toFixed(1)}]`
                 + ` outside 0..${box.width}`);
      }
    }
  }
  return out;
}"""


def open_page(browser: Any, url: str, width: int, scheme: str = "light") -> Any:
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(url, wait_until="load")
    page.evaluate("document.fonts.ready.then(() => true)")
    return page


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(PAGES))
def test_no_sideways_scrolling_and_chart_labels_stay_inside(browser: Any, sample_site: str,
                                                             name: str, width: int) -> None:
    page = open_page(browser, sample_site + PAGES[name], width)
    try:
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{name} is {scroll_width} px wide at {width} px"
        assert page.evaluate(LABELS_OUTSIDE) == []
    finally:
        page.context.close()


def test_segment_and_persona_pages_draw_charts(browser: Any, sample_site: str) -> None:
    page = open_page(browser, sample_site + PAGES["persona"], 390)
    try:
        charts = page.locator("svg.handbook-chart")
        assert charts.count() >= 5
        assert page.locator("line.handbook-chart-overall").count() >= 5
        first = charts.first.bounding_box()
        assert first is not None and first["width"] <= 390
    finally:
        page.context.close()


def test_the_card_is_in_the_first_screen_at_desktop_width(browser: Any, sample_site: str
                                                          ) -> None:
    page = open_page(browser, sample_site + PAGES["persona"], 1280)
    try:
        for selector in (".ph-card .ph-avatar", ".ph-card-quote", ".ph-goals li",
                         ".ph-pains li"):
            element = page.locator(selector).first
            assert element.is_visible(), selector
            box = element.bounding_box()
            assert box is not None and box["y"] + box["height"] <= 900, (selector, box)
        goals = page.locator(".ph-goals").bounding_box()
        pains = page.locator(".ph-pains").bounding_box()
        assert goals and pains and abs(goals["y"] - pains["y"]) < 1, "side by side"
        assert PERSONA["quote"] in page.locator(".ph-card-quote").inner_text()
    finally:
        page.context.close()


# One page of each type; the navigation sidebar is the same on every page, so it is
# checked once (on the segment page) and left out elsewhere: axe's contrast check is slow.
AXE_PAGES = {name: path for name, path in PAGES.items() if name != "persona-b2b"}
SIDEBAR_CHECKED_ON = "segment"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_problem(browser: Any, sample_site: str, scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found = {}
    for name, path in AXE_PAGES.items():
        page = open_page(browser, sample_site + path, 1280, scheme)
        context = None if name == SIDEBAR_CHECKED_ON else {"exclude": [[".md-sidebar--primary"]]}
        try:
            violations = axe.run(page, context=context).response["violations"]
        finally:
            page.context.close()
        serious = [f"{v['id']}: {v['help']} ({len(v['nodes'])}×, e.g. "
                   f"{v['nodes'][0]['target']})" for v in violations
                   if v["impact"] in ("serious", "critical")]
        if serious:
            found[name] = serious
    assert found == {}


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_printed_card_is_one_page_with_what_matters(browser: Any, sample_site: str,
                                                        tmp_path: Path) -> None:
    if not shutil.which("pdftotext"):
        if os.environ.get("CI") == "true":
            pytest.fail("poppler-utils (pdftotext) must be installed in CI")
        pytest.skip("poppler-utils (pdftotext) is not installed")
    page = open_page(browser, sample_site + PRINTED, 1280)
    try:
        page.emulate_media(media="print")
        pdf = tmp_path / "card.pdf"
        pdf.write_bytes(page.pdf(prefer_css_page_size=True))
    finally:
        page.context.close()
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert re.search(r"^Pages:\s+1$", info.stdout, re.M), info.stdout
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", info.stdout, re.M)
    assert size and float(size.group(1)) > float(size.group(2)), "landscape"
    text = squeezed(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                                   text=True, check=True).stdout)
    for what in (PERSONA["quote"], PERSONA["goals"][0], PERSONA["pain_points"][0],
                 PERSONA["behavior"]["channels"][0], PERSONA["buying"]["triggers"][0]):
        assert squeezed(what) in text, what


def test_every_sample_persona_prints_on_one_page(browser: Any, sample_site: str,
                                                 tmp_path: Path) -> None:
    if not shutil.which("pdfinfo"):
        if os.environ.get("CI") == "true":
            pytest.fail("poppler-utils (pdfinfo) must be installed in CI")
        pytest.skip("poppler-utils (pdfinfo) is not installed")
    ids = sorted(path.stem for path in (REPO / "personas").glob("*/*.md")
                 if not path.name.startswith("_"))
    context = browser.new_context()
    page = context.new_page()
    pages = {}
    try:
        for persona in ids:
            page.goto(f"{sample_site}personas/{persona}/", wait_until="load")
            page.emulate_media(media="print")
            pdf = tmp_path / f"{persona}.pdf"
            pdf.write_bytes(page.pdf(prefer_css_page_size=True))
            info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                                  check=True).stdout
            found = re.search(r"^Pages:\s+(\d+)$", info, re.M)
            pages[persona] = int(found.group(1)) if found else 0
    finally:
        context.close()
    assert len(pages) >= 10
    assert {persona: n for persona, n in pages.items() if n != 1} == {}

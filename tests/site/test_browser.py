"""What a person sees: the built sample handbook in a real headless Chromium."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from generator.cli import main
from tests.browser import PageWatch, search, serve_folder
from tests.conftest import TODAY, VALID

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_home_card_leads_to_persona_evidence(page: Any, sample_site: str) -> None:
    page.goto(sample_site)
    assert page.locator(".ph-count strong").first.inner_text() == "5"
    page.get_by_role("link", name="通勤族 · 林晓").first.click()
    page.wait_for_url(re.compile(r".*/personas/lin-xiao/$"))
    evidence = page.locator(".ph-evidence .ph-quote")
    assert evidence.count() >= 3
    quotes = " ".join(evidence.all_inner_texts())
    assert "P-0" in quotes
    evidence.first.get_by_role("link").click()
    page.wait_for_url(re.compile(r".*/interviews/[0-9a-z-]+/$"))
    assert page.get_by_role("link", name="通勤族 · 林晓").count() >= 1


def test_chinese_word_inside_a_quote_finds_persona_and_interview(page: Any, sample_site: str
                                                                 ) -> None:
    page.goto(sample_site)
    links = search(page, "便利店")
    assert any("personas/lin-xiao/" in href for href in links), links
    assert any("/interviews/" in href for href in links), links
    page.locator(".md-search-result__link[href*='personas/lin-xiao/']").first.click()
    page.wait_for_url(re.compile(r".*/personas/lin-xiao/.*"))
    assert page.title().startswith("通勤族 · 林晓")


def test_english_words_are_found_too(page: Any, sample_site: str) -> None:
    page.goto(sample_site)
    links = search(page, "metro")
    assert any("/interviews/" in href for href in links), links


def test_no_request_leaves_the_site_and_no_console_errors(page: Any, sample_site: str) -> None:
    watch = PageWatch(page)
    for path in ("", "personas/lin-xiao/", "segments/sales-teams/", "compare/",
                 "interviews/", "review/", "tags/", "guides/contributing/"):
        page.goto(sample_site + path)
        page.wait_for_load_state("networkidle")
    search(page, "排队")
    assert watch.foreign_requests(sample_site) == []
    assert watch.errors == []


def test_persona_prints_as_one_page_card(page: Any, sample_site: str) -> None:
    page.goto(sample_site + "personas/lin-xiao/")
    page.emulate_media(media="print")
    assert not page.locator(".md-sidebar--primary").is_visible()
    pdf = page.pdf(prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1


INJECTED = {
    "name": '"<img src=x onerror=window.__xss=1>"',
    "tagline": '"<script>window.__xss=2</script>"',
    "quote": '"[click me](javascript:window.__xss=3)"',
    "tags": '["<b onmouseover=window.__xss=4>tag</b>"]',
}


@pytest.fixture(scope="module")
def injected_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import shutil

    root = tmp_path_factory.mktemp("injected") / "handbook"
    shutil.copytree(VALID, root)
    persona = root / "personas" / "commuters" / "zhou-ming.md"
    text = persona.read_text(encoding="utf-8")
    for key, value in INJECTED.items():
        text = re.sub(rf"^{key}: .*$", f"{key}: {value}", text, count=1, flags=re.M)
        if f"{key}: {value}" not in text:
            text = text.replace("owners:", f"{key}: {value}\nowners:", 1)
    persona.write_text(text + "\n<script>window.__xss=5</script>\n", encoding="utf-8")
    assert main(["build", str(root), "--today", TODAY]) == 0
    with serve_folder(root / "site") as base:
        yield base


@pytest.mark.parametrize("path", ["", "personas/zhou-ming/", "segments/commuters/",
                                  "compare/", "tags/"])
def test_injected_script_does_not_execute(page: Any, injected_site: str, path: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(injected_site + path)
    page.wait_for_load_state("networkidle")
    for link in page.get_by_text("click me").all():
        link.click()
    page.mouse.move(10, 10)
    assert page.evaluate("window.__xss") is None
    assert dialogs == []
    if path == "personas/zhou-ming/":
        assert "<script>window.__xss=2</script>" in page.locator(".ph-tagline").inner_text()


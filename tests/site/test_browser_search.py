"""The site's search in a real headless Chromium: relevance, keys, filters, labels, privacy."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.site.pagefind_files import choose_warm_up_word
from generator.site.search import WARM_UP_FILE
from tests.browser import PageWatch, copy_sample_handbook, search, serve_folder
from tests.conftest import TODAY, VALID
from tests.site.test_serve import fetch_until, free_port

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

P009 = "/interviews/2026-03-12-p-009/"  # the quote 手里拿着包、手机还在刷卡
# What a person types, and the page that must come first: phrases from the
# middle of quotes (their interview), words, English words, persona names.
RELEVANCE = [
    ("手机还在刷卡", P009),
    ("拿着包", P009),
    ("宁可去便利店", P009),
    ("插座多", "/interviews/2025-09-18-p-001/"),
    ("积分全过期", "/interviews/2025-09-18-p-001/"),
    ("靠谱的领队", "/interviews/2025-10-09-p-002/"),
    ("垭口下雪", "/interviews/2025-10-09-p-002/"),
    ("民宿临出发", "/interviews/2025-10-12-p-003/"),
    ("最后 50 件", "/interviews/2025-11-20-p-004/"),
    ("奶油白", "/interviews/2025-11-20-p-004/"),
    ("一页纸的答案", "/interviews/2026-01-14-p-006/"),
    ("晚上九点还开着门", "/interviews/2026-02-26-p-007/"),
    ("已制作完成", "/interviews/2026-03-05-p-008/"),
    ("直筒裤", "/interviews/2026-03-19-p-010/"),
    ("镇上驿站", "/interviews/2026-04-16-p-012/"),
    ("脱产两天", "/interviews/2026-05-08-p-013/"),
    ("店长一走", "/interviews/2026-05-21-p-014/"),
    ("蜜雪冰城", "/interviews/2025-09-18-p-001/"),
    ("林晓", "/personas/lin-xiao/"),
    ("周明", "/personas/zhou-ming/"),
    ("马涛", "/personas/ma-tao/"),
    ("Alex Wu", "/personas/alex-wu/"),
    ("都市通勤族", "/segments/urban-commuters/"),
    ("企业销售团队", "/segments/sales-teams/"),
    ("术语表", "/guides/glossary/"),
    ("logistics invisible", "/interviews/2026-04-02-p-011/"),
    ("tour bus", "/interviews/2026-04-02-p-011/"),
    ("metro", "/interviews/2026-11-05-p-026/"),
]


@pytest.fixture(scope="module")
def sample_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_sample_handbook(tmp_path_factory.mktemp("sample"))
    assert main(["build", str(root), "--today", TODAY]) == 0
    return root


@pytest.fixture(scope="module")
def sample_site(sample_root: Path) -> Iterator[str]:
    with serve_folder(sample_root / "site") as base:
        yield base


def filtered(page: Any, site: str, words: str, **chosen: str) -> list[str]:
    """Search with filters chosen first (by their labels), on a fresh page."""
    page.goto(site)
    page.locator("input.md-search__input").click()  # loads the index and its filters
    for name, label in chosen.items():
        page.select_option(f".ph-search-filters select[name={name}]", label=label)
    return search(page, words)


@pytest.mark.parametrize(("words", "first"), RELEVANCE)
def test_the_page_a_person_means_ranks_first(page: Any, sample_site: str, words: str,
                                             first: str) -> None:
    page.goto(sample_site)
    links = search(page, words)
    assert links and links[0] == first, links[:5]


def test_phrase_first_then_all_words_then_some(page: Any, sample_site: str) -> None:
    page.goto(sample_site)
    links = search(page, "手机还在刷卡")
    items = page.locator(".md-search-result__item")
    # The two pages holding the quote, highlighted; then pages missing a word, said so.
    assert set(links[:2]) == {P009, "/personas/lin-xiao/"}
    for i in (0, 1):
        assert items.nth(i).locator("mark").first.inner_text() == "手机还在刷卡"
        assert items.nth(i).locator(".md-search-result__terms").count() == 0
    assert len(links) > 2
    assert items.nth(len(links) - 1).locator(".md-search-result__terms").inner_text().startswith(
        "未包含")


@pytest.mark.parametrize("words", ["设备销售的例子", "缩了一截", "我要的是一个说法"])
def test_a_phrase_said_only_in_a_confidential_interview_finds_nothing(
        page: Any, sample_site: str, words: str) -> None:
    page.goto(sample_site)
    links = search(page, words)  # from P-005 and P-019, both confidential
    assert page.locator(".md-search-result__item mark").filter(has_text=words).count() == 0
    for href in links:  # at most pages sharing some of the words, none holding the phrase
        assert words not in page.request.get(sample_site.rstrip("/") + href).text(), href


def test_keyboard_opens_moves_and_follows(page: Any, sample_site: str) -> None:
    page.goto(sample_site + "guides/glossary/")
    page.keyboard.press("/")
    assert page.locator("#__search").is_checked()
    links = search(page, "林晓")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.getAttribute('href')") == links[1]
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.getAttribute('href')") == links[0]
    page.keyboard.press("Escape")
    assert not page.locator("#__search").is_checked()
    search(page, "周明")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/personas/zhou-ming/$"))


def test_filters_by_type_segment_and_status(page: Any, sample_site: str) -> None:
    assert any("/interviews/" in href for href in filtered(page, sample_site, "林晓"))
    personas = filtered(page, sample_site, "林晓", type="客户画像")
    assert personas[0] == "/personas/lin-xiao/"
    assert all("/personas/" in href for href in personas), personas
    assert filtered(page, sample_site, "销售", segment="企业销售团队")
    kinds = page.locator(".ph-search-kind").all_inner_texts()
    assert all("企业销售团队" in kind for kind in kinds), kinds
    assert filtered(page, sample_site, "学生", status="已停用") == ["/personas/xiao-yu/"]


def test_index_chunks_load_only_for_a_query(page: Any, sample_site: str) -> None:
    watch = PageWatch(page)
    page.goto(sample_site + "personas/lin-xiao/")
    page.wait_for_function("() => performance.getEntriesByType('resource')"
                           ".some((e) => e.name.endsWith('.pagefind'))")  # the engine, at idle
    page.wait_for_load_state("networkidle")
    chunks = re.compile(r"\.pf_(index|fragment|filter)$")
    assert not [url for url in watch.requests if chunks.search(url)]
    assert search(page, "林晓")[0] == "/personas/lin-xiao/"
    assert [url for url in watch.requests if url.endswith(".pf_index")]
    assert watch.errors == []


def test_a_large_index_warms_the_engine_up_before_the_first_search(
        page: Any, sample_root: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(sample_root / "site", site)
    bundle = site / "pagefind"
    assert json.loads((bundle / WARM_UP_FILE).read_text(encoding="utf-8")) == {"word": None}
    word = choose_warm_up_word(bundle, 5)  # the sample is small: a word on 5 pages stands in
    assert word
    (bundle / WARM_UP_FILE).write_text(json.dumps({"word": word}), encoding="utf-8")
    with serve_folder(site) as base:
        watch = PageWatch(page)
        page.goto(base + "personas/lin-xiao/")
        page.wait_for_function("() => performance.getEntriesByType('resource')"
                               ".some((e) => e.name.endsWith('.pf_index'))")  # no query yet
        assert search(page, "手机还在刷卡")[0] == P009
        assert watch.errors == []


# Damaged, or naming a hostile word: the word is only ever searched, never shown.
@pytest.mark.parametrize("written", [
    "not json", '{"word": 42}', '{"word": "\\"}', "",
    '{"word": "<img src=x onerror=\\"document.title=1\\">"}', '{"word": "\\"\\""}',
    '{"word": "' + "刷卡" * 5000 + '"}'])
def test_a_damaged_warm_up_file_costs_only_the_warm_up(
        page: Any, sample_root: Path, tmp_path: Path, written: str) -> None:
    site = tmp_path / "site"
    shutil.copytree(sample_root / "site", site)
    (site / "pagefind" / WARM_UP_FILE).write_text(written, encoding="utf-8")
    with serve_folder(site) as base:
        watch = PageWatch(page)
        page.goto(base + "personas/lin-xiao/")
        assert search(page, "手机还在刷卡")[0] == P009
        assert watch.errors == []
        assert page.title() != "1" and page.locator(".md-search-result img").count() == 0


def test_typing_on_answers_only_the_newest_words(page: Any, sample_site: str) -> None:
    page.goto(sample_site)
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("手机还在刷卡")  # its searches are still running when the next words come
    links = search(page, "周明")
    assert links[0] == "/personas/zhou-ming/"
    assert P009 not in links[:3], links
    count = int(re.sub(r"\D", "", page.locator(".md-search-result__meta").inner_text()))
    assert count == len(search_all(page)), "the count is of the newest words' results"


def search_all(page: Any) -> list[str]:
    """Every result link of the current answer, scrolling the list to its end."""
    wrap = page.locator(".md-search__scrollwrap")
    while True:
        before = page.locator(".md-search-result__item").count()
        wrap.evaluate("(node) => { node.scrollTop = node.scrollHeight; }")
        page.wait_for_timeout(200)
        if page.locator(".md-search-result__item").count() == before:
            return [str(a.get_attribute("href"))
                    for a in page.locator(".md-search-result__link").all()]


def test_an_index_rebuilt_under_an_open_page_is_reloaded(
        page: Any, tmp_path: Path) -> None:
    root = copy_sample_handbook(tmp_path, rows=2_000)
    assert main(["build", str(root), "--today", TODAY]) == 0
    persona = root / "personas" / "urban-commuters" / "lin-xiao.md"
    with serve_folder(root / "site") as base:
        page.goto(base + "personas/lin-xiao/")
        page.wait_for_function("() => performance.getEntriesByType('resource')"
                               ".some((e) => e.name.endsWith('.pagefind'))")
        assert search(page, "林晓")[0] == "/personas/lin-xiao/"  # the old index, in use
        text = persona.read_text(encoding="utf-8")
        persona.write_text(text.replace("打卡前拿到咖啡", "打卡前拿到热可可"), encoding="utf-8")
        assert main(["build", str(root), "--today", TODAY]) == 0
        assert search(page, "热可可")[0] == "/personas/lin-xiao/"


def test_labels_are_in_the_site_language(page: Any, sample_site: str) -> None:
    page.goto(sample_site)
    box = page.locator("input.md-search__input")
    assert box.get_attribute("placeholder") == "搜索画像、访谈和原话"
    search(page, "zzzzqqq")
    assert page.locator(".md-search-result__meta").inner_text() == "没有找到结果"


@pytest.fixture(scope="module")
def english_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("english") / "handbook"
    shutil.copytree(VALID, root)
    (root / "mkdocs.yml").write_text("site_name: Personas\ntheme:\n  language: en\n")
    assert main(["build", str(root), "--today", TODAY]) == 0
    with serve_folder(root / "site") as base:
        yield base


def test_english_interface_still_finds_chinese_words(page: Any, english_site: str) -> None:
    page.goto(english_site)
    assert page.locator("input.md-search__input").get_attribute(
        "placeholder") == "Search personas, interviews and quotes"
    links = search(page, "产品经理")
    assert links[0] == "/personas/lin-xiao/", links
    assert page.locator(".md-search-result__meta").inner_text().endswith("results")


def test_opened_as_a_file_search_says_it_needs_a_server(page: Any, sample_root: Path) -> None:
    watch = PageWatch(page)
    page.goto((sample_root / "site" / "personas" / "lin-xiao" / "index.html").as_uri())
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").fill("林晓")
    meta = page.locator(".md-search-result__meta")
    meta.filter(has_text="直接打开文件时无法搜索").wait_for()
    assert page.locator(".md-search-result__item").count() == 0
    assert watch.errors == []


def first_result_on_fresh_page(page: Any, base: str, words: str) -> str | None:
    """The first result for `words` on a freshly opened home page (None when the preview
    reloaded the page meanwhile, or nothing was found)."""
    from playwright.sync_api import Error as PlaywrightError

    try:
        page.goto(base)
        links = search(page, words)
    except PlaywrightError:  # live reload replaced the page while searching
        return None
    return links[0] if links else None


def test_preview_search_finds_what_was_just_edited(page: Any, valid_handbook: Path) -> None:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", str(valid_handbook),
         "--dev-addr", f"127.0.0.1:{port}", "--today", TODAY],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base, lin = f"http://127.0.0.1:{port}/", "/personas/lin-xiao/"
    try:
        fetch_until(base + "pagefind/pagefind-entry.json", '"page_count"')
        assert first_result_on_fresh_page(page, base, "拿到咖啡赶上地铁") == lin  # a goal of hers
        persona = valid_handbook / "personas" / "commuters" / "lin-xiao.md"
        persona.write_text(persona.read_text(encoding="utf-8").replace(
            "拿到咖啡赶上地铁", "拿到热可可赶上地铁"), encoding="utf-8")
        fetch_until(base + lin.lstrip("/"), "拿到热可可赶上地铁")
        deadline = time.monotonic() + 120  # the index is written after the pages
        while first_result_on_fresh_page(page, base, "拿到热可可赶上地铁") != lin:
            assert time.monotonic() < deadline, "the preview's search never found the edit"
            time.sleep(1)
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "search does not work" not in output

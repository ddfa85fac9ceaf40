"""What a reader sees of the change history, in a real headless Chromium.

The site is built from tests/gitscenario.py's repository (pull requests #12,
#15, #18, #20; a persona moved between segments), whose mkdocs.yml has a
repo_url, so pull request numbers link to the repository.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Iterator
from typing import Any

import pytest

from generator.cli import main
from tests.browser import PageWatch, serve_folder
from tests.conftest import TODAY
from tests.gitscenario import REPO_URL, build_site_scenario

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture(scope="module")
def history_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = build_site_scenario(tmp_path_factory.mktemp("browser-history") / "repo")
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["build", str(root), "--today", TODAY]) == 0
    with serve_folder(root / "site") as base:
        yield base


def test_persona_page_shows_its_change_history(page: Any, history_site: str) -> None:
    watch = PageWatch(page)
    page.goto(history_site + "personas/lin-xiao/")
    history = page.locator(".ph-history")
    history.scroll_into_view_if_needed()
    assert page.get_by_role("heading", name="变更历史").is_visible()
    newest = history.locator("> ul > li").first
    assert newest.is_visible()
    assert newest.inner_text().splitlines()[0] == "2026-03-01 #15 更新林晓的痛点 — Bob Li"
    pull = newest.get_by_role("link", name="#15")
    assert pull.is_visible()
    assert pull.get_attribute("href") == f"{REPO_URL}/pull/15"
    assert newest.get_by_text("挑战与痛点：+ 门店早高峰排队超过 10 分钟", exact=True).is_visible()
    items = [text.splitlines()[0] for text in history.locator("> ul > li").all_inner_texts()]
    assert items == ["2026-03-01 #15 更新林晓的痛点 — Bob Li",
                     "2026-02-03 #12 激活林晓画像 — Alice Zhang",
                     "2026-01-05 Add the first personas — Alice Zhang"]
    assert history.get_by_text("状态：草稿 → 使用中", exact=True).is_visible()
    page.wait_for_load_state("networkidle")
    assert watch.foreign_requests(history_site) == []
    assert watch.errors == []


def test_a_move_between_segments_is_visible(page: Any, history_site: str) -> None:
    page.goto(history_site + "personas/huang-xin/")
    history = page.locator(".ph-history")
    history.scroll_into_view_if_needed()
    moved = "从细分 young-fashion 移到 urban-commuters"
    assert history.get_by_text(moved, exact=True).is_visible()
    item = history.locator("> ul > li", has=page.get_by_text(moved, exact=True))
    assert item.inner_text().splitlines()[0] == (
        "2026-03-10 Move huang-xin to urban commuters — Alice Zhang")


def test_whats_new_nav_entry_shows_the_pull_request_group(page: Any, history_site: str) -> None:
    page.goto(history_site + "personas/lin-xiao/")
    nav = page.locator(".md-sidebar--primary")
    nav.get_by_role("link", name="更新动态", exact=True).click()
    page.wait_for_url(re.compile(r".*/whats-new/$"))
    group = page.get_by_role("heading", name="#15 更新林晓的痛点")
    assert group.is_visible()
    assert group.get_by_role("link", name="#15").get_attribute("href") == f"{REPO_URL}/pull/15"
    assert page.get_by_text("2026-03-01 · Bob Li", exact=True).is_visible()
    change = page.locator("li", has_text="挑战与痛点：+ 门店早高峰排队超过 10 分钟")
    assert change.is_visible()
    headings = page.locator("article h2").all_inner_texts()
    assert [h.strip().removesuffix("¶") for h in headings][:3] == [
        "#20 Reorganise urban commuters", "Add two interviews and zhou-ming",
        "#18 Fix huang-xin front matter"]
    change.get_by_role("link", name="通勤族 · 林晓").click()
    page.wait_for_url(re.compile(r".*/personas/lin-xiao/$"))

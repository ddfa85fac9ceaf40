"""Class 3 in a real browser: the hostile handbook's site opened page by page in Chromium.

Every vector of `test_injection` is in the site, each `alert(1)` also setting
`window.__pwned`. On every page, after hovering and focusing every element:
no dialog opened, the sentinel is still undefined, no URL in the page can run
script, no request left the site, and the Content-Security-Policy reported no
violation (so the theme's own scripts all run from files). Search, which
renders results as HTML, and the palette toggle still work.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.adversarial.harness import build, copy_valid
from tests.adversarial.test_injection import hostile_handbook
from tests.browser import PageWatch, search, serve_folder

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

WATCH_CSP = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
  e => window.__violations.push(e.violatedDirective + " " + e.blockedURI));
"""
PROVOKE = """
() => {
  for (const e of document.querySelectorAll("body *")) {
    for (const type of ["mouseover", "mouseenter", "focus", "click"]) {
      if (type === "click" && (e.closest("a") || e.tagName === "LABEL" || e.tagName === "INPUT"))
        continue;
      e.dispatchEvent(new Event(type, {bubbles: true}));
    }
  }
  return [...document.querySelectorAll("[href],[src],[action],[formaction],[xlink\\\\:href]")]
    .map(e => e.href || e.src || e.action || e.getAttribute("xlink:href") || "")
    .filter(u => /^\\s*(javascript|data|vbscript):/i.test(u));
}
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    root = copy_valid(tmp_path_factory.mktemp("browser-injection"))
    hostile_handbook(root, sentinel=True)
    done = build(root)
    assert done.returncode == 0, done.stdout + done.stderr
    with serve_folder(root / "site") as base:
        yield base, root / "site"


def _pages(site: Path) -> list[str]:
    return sorted(p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("index.html"))


def test_no_page_runs_what_people_wrote(browser: Any, hostile_site: tuple[str, Path]) -> None:
    base, site = hostile_site
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(WATCH_CSP)
    page = context.new_page()
    watch = PageWatch(page)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    pages = _pages(site)
    assert len(pages) > 10
    for path in pages:
        page.goto(base + path.removeprefix("./"))
        page.wait_for_load_state("networkidle")
        assert page.evaluate(PROVOKE) == [], path
        assert page.evaluate("typeof window.__pwned") == "undefined", path
        assert page.evaluate("window.__violations") == [], path
    assert dialogs == []
    assert watch.foreign_requests(base) == []
    assert watch.errors == []
    context.close()


def test_search_and_palette_work_under_the_policy(page: Any,
                                                  hostile_site: tuple[str, Path]) -> None:
    base, _ = hostile_site
    page.add_init_script(WATCH_CSP)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(base)
    # The hostile settings ask for a consent banner (its title and text are markup): a
    # reader answers it first (the theme then loads the page again), and that works under the
    # policy too.
    with page.expect_navigation():
        page.locator(".md-consent button.md-button--primary").click()
    page.wait_for_load_state("networkidle")
    assert not page.locator(".md-consent").is_visible()
    scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    page.locator("label.md-header__button[for^='__palette']").first.click()
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") != scheme
    links = search(page, "onerror")
    assert links, "search found nothing"
    page.locator(".md-search-result__item").first.hover()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("window.__violations") == []
    assert dialogs == []

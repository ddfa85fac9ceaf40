"""The warm-up word the build names for a large index, chosen from a real Pagefind index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.site.pagefind_files import choose_warm_up_word
from generator.site.search import WARM_UP_FILE, index_site

pytestmark = pytest.mark.xdist_group("build")

# word: on how many of the 30 pages. "alpha" is on every page, but "alphabet" begins
# with it, and Pagefind searches every word a query's word begins.
WORDS = {"alpha": 30, "alphabet": 30, "beta": 12, "gamma": 20, "delta": 5}
PAGES = 30


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("site")
    for n in range(PAGES):
        words = " ".join(word for word, on in WORDS.items() if n < on)
        page = site / f"page-{n:02d}" / "index.html"
        page.parent.mkdir()
        page.write_text(f'<!doctype html><html lang="en"><head><title>Page {n}</title></head>'
                        f"<body><main data-pagefind-body><h1>Page {n}</h1><p>{words}</p>"
                        "</main></body></html>", encoding="utf-8")
    assert index_site(site) == PAGES
    return site / "pagefind"


@pytest.mark.parametrize(("pages", "word"), [
    (10, "beta"),        # the fewest pages at or above 10 (alpha has a longer word)
    (13, "gamma"),
    (25, "alphabet"),
    (31, None),          # no word on so many pages
    (1_000, None),       # an index of fewer pages than that is never read
])
def test_the_word_is_on_the_fewest_pages_from_the_threshold_with_no_longer_word(
        bundle: Path, pages: int, word: str | None) -> None:
    assert choose_warm_up_word(bundle, pages) == word


def test_the_build_writes_the_word_beside_the_index(bundle: Path) -> None:
    # These 30 pages are below the threshold of a real build: nothing to warm up.
    assert json.loads((bundle / WARM_UP_FILE).read_text(encoding="utf-8")) == {"word": None}

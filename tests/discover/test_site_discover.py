"""The "Segments in the data" page, built for real and read as parsed HTML."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.adversarial.harness import active_content, build, parse_html
from tests.discover.handbooks import discover_handbook
from tests.discover.synthetic import planted


class _Text(HTMLParser):
    """Headings (h1–h3) and all visible text of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[str] = []
        self.text: list[str] = []
        self._heading: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("h1", "h2", "h3"):
            self._heading = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h1", "h2", "h3") and self._heading is not None:
            self.headings.append("".join(self._heading).replace("¶", "").strip())
            self._heading = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._heading is not None:
            self._heading.append(data)


def read(page: Path) -> _Text:
    parser = _Text()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    frame, _ = planted(1200)
    root = discover_handbook(tmp_path_factory.mktemp("site") / "hb", frame)
    done = build(root)
    assert done.returncode == 0, done.stdout + done.stderr
    return root


def test_page_in_the_nav_with_every_cluster(built: Path) -> None:
    page = built / "site" / "discover" / "index.html"
    text = read(page)
    assert text.headings[:2] == ["数据中的细分", "手册中的细分与数据中的群组"]
    assert text.headings[2:] == ["第 1 类", "第 2 类", "第 3 类", "第 4 类"]
    body = "".join(text.text)
    assert "数据中有清晰的群组" in body
    assert "手册中的细分在数据中清晰可见（ARI 1.00）" in body
    home = parse_html((built / "site" / "index.html").read_text(encoding="utf-8"))
    assert any(e.tag == "a" and e.attrs.get("href", "").endswith("discover/") for e in home)


def test_page_has_charts_and_runs_nothing(built: Path) -> None:
    elements = parse_html((built / "site" / "discover" / "index.html").read_text("utf-8"))
    charts = [e for e in elements
              if e.tag == "svg" and "handbook-chart" in e.attrs.get("class", "")]
    assert len(charts) == 5  # cluster sizes, then where each cluster's rows come from
    assert active_content(elements) == []


def test_english_site(tmp_path: Path) -> None:
    frame, _ = planted(600, seed=4)
    root = discover_handbook(tmp_path / "hb", frame)
    (root / "mkdocs.yml").write_text("site_name: Personas\ntheme:\n  language: en\n")
    assert build(root).returncode == 0
    text = read(root / "site" / "discover" / "index.html")
    assert text.headings[0] == "Segments in the data"
    assert "The handbook's segments and the clusters" in text.headings
    assert "Cluster 1" in text.headings


def test_no_page_without_a_discover_section(tmp_path: Path) -> None:
    frame, _ = planted(300)
    root = discover_handbook(tmp_path / "hb", frame, discover="")
    assert build(root).returncode == 0
    assert not (root / "site" / "discover").exists()
    assert "discover.md" not in (root / "build" / "mkdocs.yml").read_text(encoding="utf-8")

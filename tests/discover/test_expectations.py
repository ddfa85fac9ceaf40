"""`expect:` checked against the data: confirmed, contradicted, or not enough data to say."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.adversarial.harness import build, handbook, snapshot
from tests.conftest import TODAY
from tests.statsfixtures import csv_text, write_handbook, write_spec

SPEC = """min_group_size: 10
sources:
  customers: {file: customers.csv, segment: segment, persona: persona}
metrics:
  - {id: median_age, label: 年龄中位数, source: customers, column: age, agg: median}
  - {id: channels, label: 获客渠道, source: customers, column: channel, agg: share}
"""
CONTRADICTED = ("$.expect.median_age: warning: lin-xiao: median_age is 41 (n = 200); the "
                "persona expects 26–32: review the persona")
# How handbook build groups the same warning, in plain words.
GROUPED = ("1 expectation is contradicted by the data:\n"
           "  personas/commuters/lin-xiao.md:3  lin-xiao: median_age is 41 (n = 200); the "
           "persona expects 26–32: review the persona\n"
           "  → check the data, or update what the persona expects")


def add_expectations(path: Path, text: str) -> None:
    content = path.read_text(encoding="utf-8")
    path.write_text(content.replace("---\n", f"---\n{text}", 1), encoding="utf-8")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """lin-xiao: 200 rows aged 35–47 (median 41), mostly 小程序; tiny: 3 rows."""
    root = tmp_path / "hb"
    write_handbook(root, {"commuters": ["lin-xiao", "tiny"]})
    rows = [["commuters", "lin-xiao", 35 + i % 13, "小程序" if i % 5 < 3 else "门店"]
            for i in range(200)]
    rows += [["commuters", "tiny", 25, "门店"]] * 3
    write_spec(root, SPEC)
    (root / "data" / "customers.csv").write_text(
        csv_text(["segment", "persona", "age", "channel"], rows), encoding="utf-8")
    personas = root / "personas" / "commuters"
    add_expectations(personas / "lin-xiao.md",
                     "expect:\n  median_age: [26, 32]\n  channels: {top: 小程序}\n")
    add_expectations(personas / "tiny.md", "expect:\n  median_age: [20, 30]\n")
    add_expectations(personas / "_segment.md", "expect:\n  median_age: [35, 45]\n")
    return root


def test_validate_accepts_the_expectations(root: Path) -> None:
    done = handbook("validate", str(root), "--today", TODAY)
    assert done.returncode == 0, done.stdout
    assert "expect" not in done.stdout


def test_stats_warns_where_the_data_contradict(root: Path) -> None:
    done = handbook("stats", str(root), "--today", TODAY)
    assert done.returncode == 0
    assert f"personas/commuters/lin-xiao.md:3:15: {CONTRADICTED}" in done.stderr
    assert "hint: check the data, or update what the persona expects" in done.stderr
    # Confirmed ones are silent; a suppressed figure is never compared.
    assert done.stderr.count("warning:") == 1 and "tiny" not in done.stderr
    assert "_segment.md" not in done.stderr
    assert handbook("stats", str(root), "--today", TODAY, "--strict").returncode == 1


class _Tables(HTMLParser):
    """The rows of every table of a page, as cell texts, with the classes seen in each row."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[tuple[list[str], set[str]]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append(([], set()))
        elif tag in ("td", "th"):
            self.cell = []
        elif self.rows:
            self.rows[-1][1].update((dict(attrs).get("class") or "").split())

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None and self.rows:
            self.rows[-1][0].append("".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def table_rows(page: Path) -> list[tuple[list[str], set[str]]]:
    parser = _Tables()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.rows


def expectation_rows(page: Path) -> dict[str, tuple[list[str], set[str]]]:
    """Rows of the expectations table (those with a status badge), by metric label."""
    return {cells[0]: (cells, classes) for cells, classes in table_rows(page)
            if any(c.startswith("ph-expect-") for c in classes)}


def test_pages_show_each_expectation(root: Path) -> None:
    done = build(root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert GROUPED in done.stdout, done.stdout
    site = root / "site"
    rows = expectation_rows(site / "personas" / "lin-xiao" / "index.html")
    assert rows["年龄中位数"][0] == ["年龄中位数", "26–32", "41", "200", "不符"]
    assert "ph-expect-contradicted" in rows["年龄中位数"][1]
    assert rows["获客渠道"][0] == ["获客渠道", "小程序", "小程序 60.0%", "200", "相符"]
    assert "ph-expect-confirmed" in rows["获客渠道"][1]
    tiny = expectation_rows(site / "personas" / "tiny" / "index.html")
    assert tiny["年龄中位数"][0] == ["年龄中位数", "20–30", "数据不足（n < 10）", "", "数据不足"]
    segment = expectation_rows(site / "segments" / "commuters" / "index.html")
    assert segment["年龄中位数"][0] == ["年龄中位数", "35–45", "41", "203", "相符"]


def test_review_page_lists_the_personas_the_data_contradict(root: Path) -> None:
    assert build(root).returncode == 0
    review = (root / "site" / "review" / "index.html").read_text(encoding="utf-8")
    assert "数据与预期不符的画像" in review
    rows = [cells for cells, _ in table_rows(root / "site" / "review" / "index.html")]
    assert ["画像 lin-xiao", "年龄中位数", "26–32", "41", "200"] in rows
    assert not any(cells[0] == "画像 tiny" and "20–30" in cells for cells in rows)


def test_strict_build_stops_on_a_contradiction(root: Path) -> None:
    assert build(root).returncode == 0
    before = snapshot(root / "site")
    done = build(root, "--strict")
    assert done.returncode == 1
    assert GROUPED in done.stdout, done.stdout
    assert "not built, --strict: the data contradict an expectation" in done.stderr
    assert snapshot(root / "site") == before

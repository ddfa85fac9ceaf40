"""The site, `handbook stats` and `handbook diff` show the same figure the same way.

One handbook, three outputs: a boolean column, a persona's interview NPS over
too few interviews, a median that moves between two commits.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from generator.pipeline import generate
from tests.conftest import TODAY
from tests.gitscenario import commit, run_git
from tests.statsfixtures import csv_text, write_handbook, write_spec

pytestmark = pytest.mark.xdist_group("build")

SPEC = """\
sources:
  c: {file: c.csv, segment: segment, persona: persona}
metrics:
  - {id: members, label: 会员占比, source: c, column: member, agg: share}
  - {id: median_age, label: 年龄中位数, source: c, column: age, agg: median}
  - {id: interview_nps, label: 访谈 NPS, source: interviews, column: nps, agg: nps}
"""


def handbook(root: Path, language: str, ages: range = range(20, 50)) -> Path:
    interviews = [{"personas": ["a-p"], "nps": score} for score in (9, 3, 10)]
    write_handbook(root, {"a": ["a-p"]}, interviews)
    rows = [["a", "a-p", age, age % 3 == 0] for age in ages]
    (root / "data").mkdir(exist_ok=True)
    (root / "data" / "c.csv").write_text(
        csv_text(["segment", "persona", "age", "member"], rows), encoding="utf-8")
    write_spec(root, SPEC)
    (root / "mkdocs.yml").write_text(f"site_name: t\ntheme:\n  language: {language}\n",
                                     encoding="utf-8")
    return root


def persona_page(root: Path) -> str:
    result = generate(root, root / "build", date.fromisoformat(TODAY))
    assert result.generated, [p.as_text() for p in result.problems]
    return (root / "build" / "docs" / "personas" / "a-p.md").read_text(encoding="utf-8")


def stats_table(root: Path) -> str:
    found = subprocess.run([sys.executable, "-m", "generator.cli", "stats", str(root),
                            "--today", TODAY], capture_output=True, text=True, check=True)
    return found.stdout


def table_row(page: str, label: str) -> str:
    """A row of the page's statistics table, as text (entities decoded)."""
    return html.unescape(next(line for line in page.splitlines()
                              if line.startswith(f"| {label} |")))


@pytest.mark.parametrize(("language", "yes", "no"), [("zh", "是", "否"), ("en", "Yes", "No")])
def test_a_boolean_reads_in_the_sites_language_in_table_chart_and_cli(
        tmp_path: Path, language: str, yes: str, no: str) -> None:
    root = handbook(tmp_path / "hb", language)
    page, table = persona_page(root), stats_table(root)
    row = table_row(page, "会员占比")
    shown = f"{no} 66.7% · {yes} 33.3%"
    assert shown in row
    # The chart row's hover text: the category in the site's words, then the figure.
    assert re.search(rf"<title>{no}: 66\.7%( · [^<]*)?</title>", page)
    assert re.search(rf"persona\s+a-p\s+会员占比\s+30\s+{re.escape(shown)}", table)
    assert "True" not in row and "true" not in row


def test_too_few_interviews_show_no_nps_anywhere(tmp_path: Path) -> None:
    root = handbook(tmp_path / "hb", "zh")
    page, table = persona_page(root), stats_table(root)
    assert "数据不足（n < 10）" in table_row(page, "访谈 NPS")
    assert not re.search(r"NPS[^|\n]*[+-]\d", page)
    assert re.search(r"persona\s+a-p\s+访谈 NPS\s+数据不足（n < 10）", table)


def test_a_moved_figure_reads_the_same_in_the_pull_request_comment(tmp_path: Path) -> None:
    root = handbook(tmp_path / "hb", "zh")
    run_git(root, "init", "-q")
    commit(root, "Add", "2026-11-01T09:00:00")
    handbook(root, "zh", ages=range(20, 51))
    commit(root, "More customers (#2)", "2026-11-02T09:00:00")
    median = table_row(persona_page(root), "年龄中位数").split("|")[2].strip()
    comment = subprocess.run([sys.executable, "-m", "generator.cli", "diff", "HEAD~1",
                              "--root", str(root)], capture_output=True, text=True,
                             check=True).stdout
    assert median == "35"
    assert "- a-p · 年龄中位数 34.5 → 35" in comment
    assert re.search(r"persona\s+a-p\s+年龄中位数\s+31\s+35\n", stats_table(root))

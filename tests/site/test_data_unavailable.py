"""A handbook whose data files are not on this machine (they live on the build server):
validate and build go on with a warning, pages say the statistics are unavailable,
--strict refuses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.adversarial.harness import build, handbook
from tests.conftest import TODAY

pytestmark = pytest.mark.xdist_group("build")
SPEC = """min_group_size: 5
sources:
  customers:
    file: customers.csv
    segment: segment
    persona: persona
metrics:
  - {id: customers, label: Customers, source: customers, agg: count}
  - {id: interview_nps, label: Interview NPS, source: interviews, column: nps, agg: nps}
"""


@pytest.fixture
def without_data(valid_handbook: Path) -> Path:
    (valid_handbook / "data").mkdir()
    (valid_handbook / "data" / "metrics.yml").write_text(SPEC, encoding="utf-8")
    return valid_handbook


def test_validate_warns_and_passes(without_data: Path) -> None:
    done = handbook("validate", str(without_data), "--today", TODAY)
    assert done.returncode == 0, done.stdout
    assert "1 data file is missing: its statistics cannot be checked here:" in done.stdout
    assert "data/customers.csv is not on this machine" in done.stdout
    assert handbook("validate", str(without_data), "--today", TODAY,
                    "--strict").returncode == 1


def test_build_shows_statistics_unavailable_and_keeps_the_rest(without_data: Path) -> None:
    done = build(without_data)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "data/customers.csv is not on this machine" in done.stdout
    html = (without_data / "site" / "personas" / "lin-xiao" / "index.html").read_text("utf-8")
    note = re.search(r'<div class="admonition warning ph-stats-unavailable">(.*?)</div>', html,
                     re.S)
    assert note is not None
    assert "data/customers.csv" in note.group(1)
    # What does not need the data file is still computed and shown.
    assert "Interview NPS" in html


def test_build_strict_refuses(without_data: Path) -> None:
    done = build(without_data, "--strict")
    assert done.returncode == 1
    assert "--strict" in done.stderr

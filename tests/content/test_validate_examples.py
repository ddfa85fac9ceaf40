"""Validation of example handbooks: the valid one passes clean, each invalid case
produces exactly the report in its expected.txt.

Each case under examples/invalid/<case>/ is an overlay on the valid handbook:
`files/` is copied over it, `case.yml` may list files to `remove`, extra
command-line `args`, and the expected `exit` code.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from tests.conftest import EXAMPLES, TODAY, check_golden

INVALID = sorted(p for p in (EXAMPLES / "invalid").iterdir() if p.is_dir())


def run_validate(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["validate", str(root), "--today", TODAY, *args])
    return code, capsys.readouterr().out


def test_valid_example_has_no_problems(
    valid_handbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run_validate(valid_handbook, capsys, "--strict")
    assert code == 0
    assert out == (
        "ok: 8 files checked, no problems\n"
        "handbook: 2 segments, 3 personas, 3 interviews (2 publishable)\n"
    )


def test_there_are_at_least_thirty_invalid_cases() -> None:
    assert len(INVALID) >= 30


@pytest.mark.parametrize("case", INVALID, ids=[p.name for p in INVALID])
def test_invalid_case(case: Path, valid_handbook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    meta = yaml.safe_load((case / "case.yml").read_text(encoding="utf-8"))
    for rel in meta.get("remove", []):
        (valid_handbook / rel).unlink()
    if (case / "files").is_dir():  # git keeps no empty folder: a case may only remove files
        shutil.copytree(case / "files", valid_handbook, dirs_exist_ok=True)
    code, out = run_validate(valid_handbook, capsys, *meta.get("args", []))
    check_golden(case / "expected.txt", out)
    assert code == meta["exit"]

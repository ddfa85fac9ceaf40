"""`handbook validate PATH ...`: files and folders inside a handbook, as a pre-commit hook
passes them; cross-file rules still see the whole handbook."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import TODAY

HANDBOOK = [sys.executable, "-m", "generator.cli"]


def validate(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*HANDBOOK, "validate", *args, "--today", TODAY], cwd=cwd,
                          capture_output=True, text=True, check=False)


def break_two_files(root: Path) -> None:
    (root / "personas" / "commuters" / "zhou-ming.md").write_text("", encoding="utf-8")
    interview = root / "interviews" / "2026-09-10-p-001.md"
    text = interview.read_text(encoding="utf-8")
    interview.write_text(text.replace("method: ", "method: carrier-pigeon #", 1),
                         encoding="utf-8")


def test_a_file_reports_only_its_own_problems(valid_handbook: Path) -> None:
    break_two_files(valid_handbook)
    done = validate("personas/commuters/zhou-ming.md", cwd=valid_handbook)
    assert done.returncode == 1
    assert "personas/commuters/zhou-ming.md:1:1: $: file is empty" in done.stdout
    assert "interviews/" not in done.stdout
    assert done.stdout.endswith("1 error, 0 warnings in 1 file checked\n")


def test_a_clean_file_passes_while_another_is_broken(valid_handbook: Path) -> None:
    break_two_files(valid_handbook)
    done = validate("personas/commuters/lin-xiao.md", cwd=valid_handbook)
    assert (done.returncode, done.stdout) == (0, "ok: 1 file checked, no problems\n")


def test_cross_file_rules_see_the_whole_handbook(valid_handbook: Path) -> None:
    interview = valid_handbook / "interviews" / "2026-09-10-p-001.md"
    text = interview.read_text(encoding="utf-8")
    interview.write_text(text.replace("[lin-xiao]", "[lin-xiaoo]", 1), encoding="utf-8")
    rel = interview.relative_to(valid_handbook).as_posix()
    done = validate(str(valid_handbook / rel), cwd=valid_handbook.parent)
    assert done.returncode == 1
    assert f"{rel}:" in done.stdout and "no persona with id `lin-xiaoo`" in done.stdout
    assert "did you mean `lin-xiao`" in done.stdout


def test_a_folder_inside_the_handbook_selects_its_files(valid_handbook: Path) -> None:
    break_two_files(valid_handbook)
    done = validate("interviews", cwd=valid_handbook)
    assert done.returncode == 1
    assert "zhou-ming" not in done.stdout and "carrier-pigeon" in done.stdout


def test_paths_outside_a_handbook_are_usage_errors(tmp_path: Path) -> None:
    stray = tmp_path / "notes.md"
    stray.write_text("hello\n", encoding="utf-8")
    done = validate(str(stray), cwd=tmp_path)
    assert done.returncode == 2
    assert "not in a handbook" in done.stderr and "Traceback" not in done.stderr
    assert validate("missing.md", cwd=tmp_path).returncode == 2

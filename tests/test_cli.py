"""The `handbook` command as a user runs it: exit codes, formats, scaffolding, schemas."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from generator.cli import main
from generator.content.schemas import SCHEMA_NAMES
from tests.conftest import TODAY

HANDBOOK = [sys.executable, "-m", "generator.cli"]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*HANDBOOK, *args], capture_output=True, text=True, cwd=cwd,
                          env={"HANDBOOK_TODAY": TODAY, "PATH": "/usr/bin:/bin"})


def test_validate_exit_codes(valid_handbook: Path) -> None:
    assert run("validate", str(valid_handbook)).returncode == 0
    assert run("validate", str(valid_handbook / "missing")).returncode == 2
    assert run("validate", "--format", "yaml").returncode == 2
    (valid_handbook / "personas" / "commuters" / "zhou-ming.md").write_text("")
    failed = run("validate", str(valid_handbook))
    assert failed.returncode == 1
    assert "personas/commuters/zhou-ming.md:1:1: $: file is empty" in failed.stdout


def test_validate_json_and_github_formats(valid_handbook: Path) -> None:
    (valid_handbook / "personas" / "commuters" / "zhou-ming.md").write_text("")
    report = json.loads(run("validate", str(valid_handbook), "--format", "json").stdout)
    assert (report["errors"], report["problems"][0]["line"]) == (1, 1)
    github = run("validate", str(valid_handbook), "--format", "github").stdout
    assert github.startswith("::error file=personas/commuters/zhou-ming.md,line=1,col=1,")


def test_help_lists_every_command() -> None:
    out = run("--help").stdout
    for name in ("validate", "build", "serve", "stats", "diff", "new", "schema"):
        assert name in out


def test_schema_writes_valid_json_schemas(tmp_path: Path) -> None:
    assert run("schema", "--out", str(tmp_path)).returncode == 0
    for name in SCHEMA_NAMES:
        schema = json.loads((tmp_path / f"{name}.schema.json").read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)


def test_new_files_validate_and_leave_no_stray_folder(
        valid_handbook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = str(valid_handbook)
    assert main(["new", "segment", "students", "--root", root, "--today", TODAY]) == 0
    assert main(["new", "persona", "students/xiao-mei", "--root", root, "--today", TODAY]) == 0
    assert main(["new", "persona", "sales-teams/wang-li", "--root", root, "--today", TODAY]) == 0
    assert main(["new", "interview", "2026-11-22-p-004", "--root", root, "--today", TODAY,
                 "--persona", "xiao-mei"]) == 0
    persona = (valid_handbook / "personas" / "students" / "xiao-mei.md").read_text("utf-8")
    assert not (valid_handbook / "schemas").exists()
    assert "$schema" not in persona
    b2b = (valid_handbook / "personas" / "sales-teams" / "wang-li.md").read_text("utf-8")
    assert "\nb2b:" in b2b and "\nb2b:" not in persona
    interview = (valid_handbook / "interviews" / "2026-11-22-p-004.md").read_text("utf-8")
    assert 'participant: "P-004"' in interview
    capsys.readouterr()
    assert main(["validate", root, "--today", TODAY]) == 0, capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["persona", "nowhere/x"], "no segment `nowhere`"),
        (["persona", "commuters"], "write the persona as SEGMENT/ID"),
        (["segment", "Bad Id"], "`Bad Id` is not a valid id"),
        (["segment", "commuters"], "already exists"),
        (["interview", "i-1", "--persona", "nobody"], "no persona `nobody` to cite"),
    ],
)
def test_new_refuses_with_a_clear_message(valid_handbook: Path, args: list[str], message: str,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", *args, "--root", str(valid_handbook)]) == 2
    assert message in capsys.readouterr().err

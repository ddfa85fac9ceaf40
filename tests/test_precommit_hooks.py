"""The pre-commit hook that a handbook repository can use: `handbook validate`."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).parent.parent
MANIFEST = ROOT / ".pre-commit-hooks.yaml"


def test_pre_commit_accepts_the_manifest() -> None:
    pre_commit = Path(sys.executable).parent / "pre-commit"
    done = subprocess.run([str(pre_commit), "validate-manifest", str(MANIFEST)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_hook_validates_the_changed_files_when_content_changes() -> None:
    hooks = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["handbook-validate"]
    hook = hooks[0]
    assert hook["entry"] == "handbook validate"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is True
    pattern = re.compile(hook["files"])
    assert pattern.search("personas/urban-commuters/lin-xiao.md")
    assert pattern.search("interviews/2026-03-17-p-002.md")
    assert pattern.search("data/metrics.yml")
    assert not pattern.search("docs/index.md")


def test_the_entry_is_a_console_command_of_the_package() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    command = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))[0]["entry"].split()[0]
    assert project["project"]["scripts"][command] == "generator.cli:main"

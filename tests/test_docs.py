"""The README stays true: its Quick start, every command documented, CI calling it."""

from __future__ import annotations

import re
from pathlib import Path

from generator.cli import COMMANDS

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def quick_start_commands() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None
    return [line.split("#")[0].strip() for line in block.group(1).splitlines() if line.strip()]


def test_quick_start_is_two_commands_that_the_makefile_has() -> None:
    commands = quick_start_commands()
    assert commands == ["make site", "make test"]
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    for command in commands:
        assert re.search(rf"^{command.split()[1]}:", makefile, re.M)


def test_ci_runs_the_readme_test_command() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, re.M)


def test_every_command_is_documented_with_help() -> None:
    for name, (func, _) in COMMANDS.items():
        assert f"`handbook {name}" in README, name
        assert func.__doc__ and len(func.__doc__.strip()) > 20, name

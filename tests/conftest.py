"""Shared test helpers: example handbooks copied into temporary folders."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).parent / "examples"
VALID = EXAMPLES / "valid"
TODAY = "2026-11-22"
UPDATE_GOLDEN = os.environ.get("UPDATE_GOLDEN") == "1"


@pytest.fixture
def valid_handbook(tmp_path: Path) -> Path:
    """A fresh copy of the valid example handbook."""
    root = tmp_path / "handbook"
    shutil.copytree(VALID, root)
    return root


def check_golden(path: Path, actual: str) -> None:
    """Compare with a golden file; UPDATE_GOLDEN=1 rewrites it instead."""
    if UPDATE_GOLDEN or not path.exists():
        path.write_text(actual, encoding="utf-8")
        if not UPDATE_GOLDEN:
            pytest.fail(f"golden file {path.name} was missing and has been written: review it")
    assert actual == path.read_text(encoding="utf-8")

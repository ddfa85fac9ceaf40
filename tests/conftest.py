"""Shared test helpers: example handbooks copied into temporary folders."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless (skips without it, except in CI)."""
    from tests.browser import chromium, require_browser

    require_browser()
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser page (own cookies and storage) at a desktop size."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def english_display(field_labels: bool = False) -> Any:
    """The English display; without field labels, key paths read as written (`pain_points`)."""
    from generator.content.labels import labels
    from generator.stats.display import Display

    words = labels(Path(__file__).parent, "en")
    if field_labels:
        return Display(words)
    return Display({key: value for key, value in words.items()
                    if key.startswith(("change_", "confidential", "action_", "review_"))
                    or key in ("yes", "no", "list_separator", "other", "suppressed",
                               "in_segment", "stats_moved", "personas", "segments",
                               "interviews")})


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The repository's sample handbook, built once per test session and served."""
    from generator.cli import main
    from tests.browser import copy_sample_handbook, serve_folder

    root = copy_sample_handbook(tmp_path_factory.mktemp("sample"))
    assert main(["build", str(root), "--today", TODAY]) == 0
    with serve_folder(root / "site") as base:
        yield base

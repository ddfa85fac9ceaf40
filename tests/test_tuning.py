"""Process-wide tuning is undone: nothing a build sets sticks to the next one."""

from __future__ import annotations

import gc
import os
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from generator.pipeline import build_site
from generator.tuning import no_cyclic_gc, settled_heap
from tests.conftest import VALID

pytestmark = pytest.mark.xdist_group("build")


def stamped(site: Path) -> date:
    """The build date MkDocs wrote into the gzip header of the sitemap."""
    mtime = int.from_bytes((site / "sitemap.xml.gz").read_bytes()[4:8], "little")
    return datetime.fromtimestamp(mtime, UTC).date()


def test_two_builds_in_one_process_stamp_their_own_dates(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = tmp_path / "hb"
    shutil.copytree(VALID, root)
    first = build_site(root, tmp_path / "a", tmp_path / "build-a", date(2026, 11, 22))
    second = build_site(root, tmp_path / "b", tmp_path / "build-b", date(2026, 12, 1))
    assert first.ok and second.ok
    assert stamped(tmp_path / "a") == date(2026, 11, 22)
    assert stamped(tmp_path / "b") == date(2026, 12, 1)
    assert "SOURCE_DATE_EPOCH" not in os.environ
    assert gc.isenabled() and not gc.get_freeze_count()


def test_values_built_without_the_collector_are_not_all_walked_when_it_is_back() -> None:
    gc.collect()
    with no_cyclic_gc():
        built = [[i] for i in range(200_000)]
        assert not gc.isenabled()
    # In the oldest generation: no young collection walks the 200,000 lists, and they are
    # still collected when they become cyclic garbage.
    assert gc.isenabled() and not gc.get_freeze_count()
    oldest = {id(value) for value in gc.get_objects(generation=2)}
    assert id(built[0]) in oldest and id(built[-1]) in oldest


def frozen(value: object) -> bool:
    """Whether `value` is in the collector's permanent generation (gc.freeze)."""
    return all(other is not value for other in gc.get_objects())


def test_objects_an_outer_block_froze_stay_frozen() -> None:
    kept = [["built before the stage"]]
    with settled_heap():
        assert frozen(kept)
        with no_cyclic_gc():
            built = [[i] for i in range(1_000)]
        # Not the count: a frozen object that is no longer referenced is still freed.
        assert frozen(kept) and not frozen(built)
    assert not frozen(kept) and not gc.get_freeze_count()

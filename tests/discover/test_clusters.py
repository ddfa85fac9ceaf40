"""Discovery on real handbook folders: planted clusters found, noise reported as such."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from generator.content.validation import validate_handbook
from generator.discover.columns import Request, plan_request, typed_column
from generator.discover.encode import encode
from generator.discover.model import Discovery
from generator.discover.report import discovery_json, format_text
from generator.discover.run import discover_segments
from tests.conftest import TODAY
from tests.discover.handbooks import discover_handbook
from tests.discover.synthetic import noise, planted


def discover(root: Path, k: int | None = None, columns: list[str] | None = None
             ) -> tuple[Discovery, list[str]]:
    """The discovery of the handbook's customers, and its problems as text."""
    checked = validate_handbook(root, pd.Timestamp(TODAY).date(), jobs=1)
    assert checked.handbook is not None and checked.metrics is not None
    request = plan_request(checked.metrics, "customers", columns, k)
    assert isinstance(request, Request), request
    found, problems = discover_segments(checked.handbook, checked.metrics, root / "data",
                                        request)
    assert found is not None, [p.as_text() for p in problems]
    return found, [p.as_text() for p in problems]


@pytest.fixture(scope="module")
def planted_run(tmp_path_factory: pytest.TempPathFactory
                ) -> tuple[Discovery, pd.DataFrame, list[str]]:
    frame, _ = planted(3000, missing=0.04)
    root = discover_handbook(tmp_path_factory.mktemp("planted"), frame)
    found, problems = discover(root)
    return found, frame, problems


def test_planted_clusters_are_recovered(planted_run: tuple[Discovery, pd.DataFrame, list[str]]
                                        ) -> None:
    found, _, _ = planted_run
    assert found.k == 4 and not found.k_given
    assert max(found.scores, key=lambda pair: pair[1])[0] == 4
    assert found.structure == "clear"
    # The table's segment column names each row's planted cluster.
    assert found.comparison is not None and found.comparison.ari is not None
    assert found.comparison.ari >= 0.9
    assert found.comparison.agreement == "match"
    assert all(fit.share is not None and fit.share >= 0.9 for fit in found.comparison.segments)
    assert [c.covered_by for c in found.clusters] == ["seg-1", "seg-2", "seg-3", "seg-4"]
    assert all(c.stability is not None and c.stability >= 0.9 for c in found.clusters)


def test_profiles_say_how_each_cluster_differs(
        planted_run: tuple[Discovery, pd.DataFrame, list[str]]) -> None:
    found, frame, _ = planted_run
    oldest = next(c for c in found.clusters if c.covered_by == "seg-4")
    age = next(t for t in oldest.numbers if t.column == "age")
    rows = frame[frame["segment"] == "seg-4"]["age"].dropna()
    assert abs(age.median - rows.median()) <= 1 and age.effect > 0.5
    assert age.overall == frame["age"].median()
    channel = next(t for t in oldest.categories if t.column == "channel")
    assert channel.level == "销售拜访" and channel.lift > 3
    assert re.search(r"in short: channel 小程序 9\d\.\d% vs 3\d\.\d% \(×2\.\d\)",
                     format_text(found))


def test_missing_values_are_imputed_and_counted(
        planted_run: tuple[Discovery, pd.DataFrame, list[str]]) -> None:
    found, frame, _ = planted_run
    missing = {c.name: c.missing for c in found.columns}
    assert missing["age"] == int(frame["age"].isna().sum()) > 0
    assert missing["channel"] == int(frame["channel"].isna().sum()) > 0
    assert missing["monthly_spend"] == 0
    assert f"age {missing['age']:,}" in format_text(found)


def test_numbers_and_categories_mix(planted_run: tuple[Discovery, pd.DataFrame, list[str]]
                                    ) -> None:
    found, _, _ = planted_run
    kinds = {c.name: (c.kind, c.log, c.levels) for c in found.columns}
    assert kinds == {"age": ("number", False, 0), "monthly_spend": ("number", True, 0),
                     "orders_90d": ("number", False, 0), "channel": ("category", False, 4),
                     "city_tier": ("category", False, 3)}


def test_the_same_data_give_the_same_clusters(
        planted_run: tuple[Discovery, pd.DataFrame, list[str]], tmp_path: Path) -> None:
    found, frame, _ = planted_run
    again, _ = discover(discover_handbook(tmp_path / "again", frame))
    first, second = discovery_json(found), discovery_json(again)
    first.pop("provenance")
    second.pop("provenance")
    assert first == second


def test_data_without_structure_are_reported_as_such(tmp_path: Path) -> None:
    found, _ = discover(discover_handbook(tmp_path / "noise", noise(2000)))
    assert found.structure == "none"
    assert found.stability < 0.9 or found.silhouette < 0.25
    text = format_text(found)
    assert "the data shows no clear structure along these columns" in text
    assert found.comparison is not None and found.comparison.agreement == "none"


def test_each_column_counts_the_same() -> None:
    frame, _ = planted(2000, missing=0.05)
    columns = [typed_column(name, frame[name]) for name in frame.columns if name != "segment"]
    encoded = encode([c for c in columns if not isinstance(c, str)], 10)
    variances = encoded.matrix.astype(np.float64).var(axis=0)
    widths = [1 if u.kind == "number" else u.levels for u in encoded.uses]
    starts = np.cumsum([0, *widths])
    totals = [variances[a:b].sum() for a, b in pairwise(starts)]
    assert totals == pytest.approx([1.0] * len(widths), rel=1e-3)


def test_rare_levels_are_grouped_and_ids_and_dates_left_out(tmp_path: Path) -> None:
    frame, _ = planted(1500)
    frame["channel"] = frame["channel"].where(np.arange(len(frame)) % 300 != 7, "罕见渠道")
    frame["customer_id"] = [f"C{i:06d}" for i in range(len(frame))]
    frame["signup"] = pd.Timestamp("2024-01-01") + pd.to_timedelta(np.arange(len(frame)), "D")
    columns = ["age", "channel", "customer_id", "signup"]
    found, problems = discover(discover_handbook(tmp_path / "hb", frame), columns=columns)
    uses = {c.name: c for c in found.columns}
    assert uses["channel"].levels == 4  # the rare channel (0.3% of rows) joins another level
    assert "an id" in uses["customer_id"].dropped
    assert "dates cannot be clustered" in uses["signup"].dropped
    assert [c.name for c in found.used] == ["age", "channel"]
    assert any(p.startswith("data/metrics.yml:") and "$.discover.columns[" in p
               and "warning: column `customer_id` is left out of the clustering" in p
               for p in problems)


def test_given_k_is_used(tmp_path: Path) -> None:
    frame, _ = planted(1200)
    found, _ = discover(discover_handbook(tmp_path / "hb", frame), k=2)
    assert found.k == 2 and found.k_given and found.scores == ()
    assert "k = 2, as asked" in format_text(found)

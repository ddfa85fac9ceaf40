"""`handbook discover` run as a user runs it: real folders, real files, the real command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.adversarial.harness import handbook
from tests.browser import copy_sample_handbook
from tests.conftest import TODAY
from tests.discover.handbooks import discover_handbook
from tests.discover.synthetic import planted


def discover(root: Path, *args: str) -> tuple[int, str, str]:
    done = handbook("discover", str(root), "--today", TODAY, *args)
    return done.returncode, done.stdout, done.stderr


@pytest.fixture(scope="module")
def gbk_handbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Planted clusters in a CSV written as Excel writes it on a Chinese Windows (GBK)."""
    frame, _ = planted(1500, missing=0.03)
    return discover_handbook(tmp_path_factory.mktemp("gbk") / "hb", frame, encoding="gbk")


def test_table_for_people_from_a_gbk_file(gbk_handbook: Path) -> None:
    assert (gbk_handbook / "data" / "customers.csv").read_bytes().decode("gbk")
    code, out, err = discover(gbk_handbook)
    assert code == 0, err
    assert out.startswith("segments in the data: source customers (data/customers.csv · ")
    assert "k = 4, chosen by silhouette" in out
    assert "structure: clear" in out
    assert "channel = 销售拜访" in out and "city_tier = 新一线" in out
    assert "adjusted Rand index 1.00 — the declared segments show clearly in the data" in out
    assert "clusters no declared segment holds the majority of: none" in out


def test_json_for_tools(gbk_handbook: Path) -> None:
    code, out, _ = discover(gbk_handbook, "--format", "json", "--k", "3",
                            "--columns", "age, channel")
    assert code == 0
    found = json.loads(out)
    assert found["k"] == 3 and found["k_given"] is True
    assert [c["name"] for c in found["columns"]] == ["age", "channel"]
    assert found["provenance"]["encoding"] == "gb18030"
    assert sum(c["size"] for c in found["clusters"]) == found["rows"] == 1500
    lifts = [t["lift"] for c in found["clusters"] for t in c["categories"]]
    assert lifts and all(lift >= 1.2 for lift in lifts)
    assert found["comparison"]["agreement"] in ("match", "partial", "none")


@pytest.mark.parametrize(("args", "message"), [
    (["--source", "customer"], "no data source `customer`: did you mean `customers`?"),
    (["--source", "interviews"], "no data source `interviews`: interviews are not rows"),
    (["--k", "1"], "argument --k: `1`: write auto or a number from 2 to 20"),
])
def test_usage_errors_say_what_to_do(gbk_handbook: Path, args: list[str], message: str) -> None:
    code, out, err = discover(gbk_handbook, *args)
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err


def test_unknown_column_is_a_located_problem(gbk_handbook: Path) -> None:
    code, out, err = discover(gbk_handbook, "--columns", "age,chanel")
    assert code == 1 and out == ""
    assert "data/customers.csv:1:1: $: column `chanel` is not in data/customers.csv" in err
    assert "did you mean `channel`?" in err


def test_handbook_without_a_spec(tmp_path: Path) -> None:
    (tmp_path / "personas").mkdir()
    code, _, err = discover(tmp_path)
    assert code == 2
    assert err == "handbook discover: no data/metrics.yml: no data source to cluster\n"
    assert discover(tmp_path / "nowhere")[0] == 2


def test_scaffold_drafts_segments_for_uncovered_clusters(tmp_path: Path) -> None:
    frame, _ = planted(1200)
    root = discover_handbook(tmp_path / "hb", frame, segments=["seg-1", "seg-2"])
    code, out, err = discover(root, "--scaffold")
    assert code == 0, err
    assert "clusters no declared segment holds the majority of: 3, 4" in out
    assert "created personas/discovered-customers-3/_segment.md" in out
    draft = (root / "personas" / "discovered-customers-4" / "_segment.md").read_text("utf-8")
    assert "x-status: draft" in draft and "priority: exploratory" in draft
    assert "草稿：这个细分由聚类自动生成" in draft
    assert not (root / "personas" / "discovered-customers-1").exists()
    checked = handbook("validate", str(root), "--today", TODAY)
    assert checked.returncode == 0, checked.stdout
    assert "discovered-customers-3/_segment.md" in checked.stdout  # a warning: no personas yet
    again = discover(root, "--scaffold")[1]
    assert "left as it is personas/discovered-customers-3/_segment.md" in again


def test_the_sample_handbook(tmp_path: Path) -> None:
    root = copy_sample_handbook(tmp_path / "sample", rows=20_000)
    code, out, err = discover(root)
    assert code == 0, err
    assert "segments in the data: source customers" in out
    assert "declared segments against clusters: adjusted Rand index" in out
    for segment in ("urban-commuters", "young-fashion", "adventure-travelers"):
        assert f"  {segment} " in out
    assert "columns: age (number), gender (2 levels)" in out
    assert "missing values (imputed for clustering, left out of the profiles): monthly_spend" \
        in out

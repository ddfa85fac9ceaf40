"""`handbook stats` and its text, CSV and JSON output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from generator.stats.output import format_table, stats_csv
from tests.conftest import english_display
from tests.statsfixtures import small_groups, write_handbook, write_spec


def test_csv_and_table_output(tmp_path: Path) -> None:
    result = small_groups(tmp_path, {"a": 12, "b": 3},
                          "  - {id: n, label: 客户数, source: c, agg: count}\n"
                          "  - {id: cities, source: c, column: city, agg: share}\n")
    assert stats_csv(result).splitlines()[:5] == [
        "level,group,metric,label,agg,n,value,category,count,share,suppressed",
        "overall,overall,n,客户数,count,15,15,,,,",
        "overall,overall,cities,cities,share,15,,上海,15,1.0,",
        "segment,a,n,客户数,count,12,12,,,,",
        "segment,a,cities,cities,share,12,,上海,12,1.0,",
    ]
    assert "segment,b,n,客户数,count,,,,,,true" in stats_csv(result).splitlines()
    assert format_table(result, english_display()).splitlines()[:4] == [
        "level    group    metric  n   value",
        "overall  overall  客户数  15  15",
        "overall  overall  cities  15  上海 100.0%",
        "segment  a        客户数  12  12",
    ]


def run_stats(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["stats", *args, "--today", "2026-11-22"])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_prints_json_and_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [["a", "a-p", 30, "上海"]] * 10 + [["x", "a-p", 30, "上海"]]
    small_groups(tmp_path, {"a": 10}, "  - {id: n, source: c, agg: count}\n", rows)
    code, out, err = run_stats(capsys, str(tmp_path), "--format", "json")
    assert code == 0
    assert json.loads(out)["segments"] == {"a": {"n": {"value": 10, "n": 10}}}
    assert json.loads(out)["overall"] == {"n": {"value": 11, "n": 11}}
    assert err == ("data/c.csv:1:1: $.segment: warning: 1 row is not in a segment or persona of "
                   "the handbook: segment `x` (1 row)\n    hint: they count overall and in the "
                   "groups the handbook has; fix the ids or add the segment or persona\n")


def test_cli_refuses_an_invalid_handbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                         ) -> None:
    write_handbook(tmp_path, {"a": ["a-p"]})
    (tmp_path / "personas" / "a" / "a-p.md").write_text("---\nname: x\n---\n", encoding="utf-8")
    code, out, err = run_stats(capsys, str(tmp_path))
    assert (code, out) == (1, "")
    assert "personas/a/a-p.md:2:1: $: missing required key `status`" in err
    assert err.endswith("in 2 files checked\n")


def test_cli_reports_spec_and_data_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                          ) -> None:
    small_groups(tmp_path, {"a": 10}, "  - {id: n, source: c, column: agee, agg: max}\n")
    code, out, err = run_stats(capsys, str(tmp_path), "--format", "csv")
    assert code == 1
    assert err == ("data/metrics.yml:4:32: $.metrics[0].column: column `agee` is not in "
                   "data/c.csv\n    hint: did you mean `age`?\n")
    write_spec(tmp_path, "metrics: [{id: n, source: nowhere, agg: count}]\n")
    code, out, err = run_stats(capsys, str(tmp_path))
    assert (code, out) == (1, "")
    assert err == ("data/metrics.yml:1:27: $.metrics[0].source: no source `nowhere`\n"
                   "    hint: sources: interviews\n"
                   "1 persona is cited by no interview: personas/a/a-p.md:2\n"
                   "  → add an interview that lists it under `personas:`\n"
                   "1 error, 1 warning in 2 files checked\n")


def test_cli_without_a_spec_and_without_a_folder(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    write_handbook(tmp_path, {"a": ["a-p"]})
    code, out, err = run_stats(capsys, str(tmp_path), "--format", "json")
    assert code == 0
    assert json.loads(out) == {"min_group_size": 10, "metrics": {}, "segments": {},
                               "personas": {}, "overall": {}, "provenance": {}}
    assert err == "no data/metrics.yml: this handbook has no statistics\n"
    assert run_stats(capsys, str(tmp_path / "nowhere"))[0] == 2


def test_validate_does_not_import_pandas() -> None:
    code = ("import sys, generator.cli, generator.content.validation, "
            "generator.content.metrics_spec; "
            "print('pandas' in sys.modules)")
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True, cwd=Path(__file__).parent.parent.parent)
    assert found.stdout == "False\n"

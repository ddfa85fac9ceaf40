"""Benchmark: `compute_stats` against DuckDB on the same 1,000,000-row customer file.

Generates, in a temporary folder, a copy of the sample handbook's personas and
interviews, a customer file with the columns of the sample `data/metrics.yml`
(as CSV and as Parquet), and a spec with the sample's customer metrics plus an
NPS metric. Then times, each in a fresh process, best of three:
- ours: `load_metrics_spec` + `compute_stats` (per segment, per persona, overall);
- baseline: DuckDB loading the same columns from the same file and running the
  same aggregations in SQL (GROUP BY, median, quantile_cont, counts per
  category, histogram via CASE, NPS), at the same three levels.
Prints seconds, the ratio, and the peak memory of each process.

    .venv/bin/python -m bench.stats [--rows 1000000]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent

from bench.measure import best_of  # noqa: E402
from bench.statsdata import write_customers  # noqa: E402
from bench.statssql import duckdb_stats  # noqa: E402

GOALS = {"csv": 2.0, "parquet": 1.5}
MEMORY_GOAL_MB = 1024


def write_handbook(folder: Path, rows: int) -> None:
    """The sample's personas and interviews, the customer data, and one spec per format."""
    for part in ("personas", "interviews"):
        shutil.copytree(ROOT / part, folder / part)
    data = folder / "data"
    data.mkdir()
    write_customers(folder, rows)
    sample = yaml.safe_load((ROOT / "data" / "metrics.yml").read_text(encoding="utf-8"))
    metrics = [m for m in sample["metrics"] if m["source"] == "customers"]
    metrics.append({"id": "nps", "source": "customers", "column": "nps", "agg": "nps"})
    for fmt in ("csv", "parquet"):
        source = {**sample["sources"]["customers"], "file": f"customers.{fmt}"}
        source.pop("encoding", None)
        spec = {"min_group_size": 10, "sources": {"customers": source}, "metrics": metrics}
        (data / f"metrics-{fmt}.yml").write_text(
            yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")


def child_ours(folder: Path, fmt: str) -> dict[str, Any]:
    from generator.content.metrics_spec import load_metrics_spec
    from generator.content.validation import validate_handbook
    from generator.stats.compute import compute_stats

    handbook = validate_handbook(folder, jobs=1).handbook
    assert handbook is not None
    shutil.copyfile(folder / "data" / f"metrics-{fmt}.yml", folder / "data" / "metrics.yml")
    start = time.perf_counter()
    spec, problems = load_metrics_spec(folder)
    assert spec is not None, problems
    result = compute_stats(handbook, spec, folder / "data")
    seconds = time.perf_counter() - start
    check = {s: m["spend_p90"].value for s, m in result.segments.items() if "spend_p90" in m}
    return {"seconds": seconds, "check": check, "metrics": len(spec.metrics),
            "errors": [p.as_text() for p in result.problems if p.severity == "error"]}


def child_duckdb(folder: Path, fmt: str) -> dict[str, Any]:
    spec = yaml.safe_load((folder / "data" / f"metrics-{fmt}.yml").read_text(encoding="utf-8"))
    start = time.perf_counter()
    results = duckdb_stats(folder / "data" / f"customers.{fmt}", spec)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "check": results["check"]}


def measure(folder: Path, who: str, fmt: str) -> dict[str, Any]:
    """Best of three runs in fresh processes; peak memory is the process's high-water mark."""
    command = [sys.executable, "-m", "bench.stats", "--child", who, "--folder", str(folder),
               "--format", fmt]
    run = best_of(3, command)
    if run.returncode:
        raise SystemExit(f"{who} on {fmt} failed:\n{run.stdout}")
    found = json.loads(run.stdout.strip().splitlines()[-1])
    found["peak_mb"] = max(found["peak_mb"], run.peak_mb)
    return found


def agree(ours: dict[str, float], theirs: dict[str, float]) -> bool:
    """Same values for the handbook's segments (DuckDB also has the unknown ones)."""
    return bool(ours) and set(ours) <= set(theirs) and all(
        abs(ours[k] - theirs[k]) <= 1e-3 * max(1.0, abs(theirs[k])) for k in ours)


def report(rows: int, folder: Path) -> None:
    print(f"rows: {rows:,}   levels: per segment, per persona, overall   runs: best of 3")
    print(f"{'format':8} {'ours s':>8} {'DuckDB s':>9} {'ratio':>7} {'goal':>6} "
          f"{'ours MB':>8} {'DuckDB MB':>10}  results")
    for fmt in ("csv", "parquet"):
        ours = measure(folder, "ours", fmt)
        duck = measure(folder, "duckdb", fmt)
        if ours["errors"]:
            raise SystemExit("\n".join(ours["errors"]))
        ratio = ours["seconds"] / duck["seconds"]
        verdict = "ok" if ratio <= GOALS[fmt] and ours["peak_mb"] < MEMORY_GOAL_MB else "MISSED"
        same = "agree" if agree(ours["check"], duck["check"]) else "DIFFER"
        print(f"{fmt:8} {ours['seconds']:8.3f} {duck['seconds']:9.3f} {ratio:6.2f}× "
              f"{'≤' + format(GOALS[fmt], 'g') + '×':>6} {ours['peak_mb']:8.0f} "
              f"{duck['peak_mb']:10.0f}  {same} ({ours['metrics']} metrics) {verdict}")
    print(f"memory goal: ours < {MEMORY_GOAL_MB} MB (peak resident memory of the whole process, "
          "ru_maxrss, imports and handbook validation included)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--child", choices=["ours", "duckdb"], help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--format", choices=["csv", "parquet"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child = child_ours if args.child == "ours" else child_duckdb
        found = child(args.folder, args.format)
        found["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(found))
        return
    with tempfile.TemporaryDirectory(prefix="handbook-stats-bench-") as temp:
        folder = Path(temp)
        started = time.perf_counter()
        write_handbook(folder, args.rows)
        print(f"generated in {time.perf_counter() - started:.1f} s")
        report(args.rows, folder)


if __name__ == "__main__":
    main()

"""Benchmark: `handbook discover` on 1,000,000 rows × 8 mixed columns, against plain k-means.

Generates, in a temporary folder, the sample handbook's personas and
interviews and a customer file of five planted segments (numbers and
categories mixed, a few percent missing), with a `discover:` section naming
its 8 columns. Then, each in a fresh process:
- ours: the whole `handbook discover --format json` command (imports,
  validation, reading the CSV, encoding, choosing k by silhouette, the fit,
  stability across bootstrap fits, profiles, the comparison with segments);
- baseline: scikit-learn's `KMeans(n_clusters=k)` with its defaults on the
  same encoded matrix (k as ours chose it), only the fit timed.
Prints seconds, the ratio, the peak memory of ours (its process tree), and
whether the goals hold: at most 60 s and under 1.5 GB.

    .venv/bin/python -m bench.discover [--rows 1000000]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from bench.measure import run

ROOT = Path(__file__).resolve().parent.parent
SECONDS_GOAL = 60.0
MEMORY_GOAL_MB = 1536
COLUMNS = ["age", "gender", "city_tier", "channel", "monthly_spend", "orders_90d",
           "tenure_days", "is_member"]
TIERS = ["一线", "新一线", "二线", "三线及以下"]
CHANNELS = ["小程序", "门店", "外卖平台", "抖音直播", "天猫旗舰店", "小红书", "线下活动", "官网",
            "销售拜访"]
# segment: share, age (mean, sd), female share, tier weights, channel weights,
# spend median, orders mean, tenure mean (days), member share
SEGMENTS: dict[str, tuple[Any, ...]] = {
    "urban-commuters": (0.45, (30, 6), 0.56, [6, 3, 1, 0], [5, 3, 2, 0, 0, 0, 0, 0, 0],
                        260, 28, 700, 0.7),
    "young-fashion": (0.33, (24, 3), 0.95, [2, 4, 2, 2], [1, 0, 0, 4, 3, 2, 0, 0, 0],
                      320, 3, 400, 0.45),
    "adventure-travelers": (0.15, (36, 7), 0.5, [4, 4, 1, 1], [4, 0, 0, 0, 0, 2, 2, 2, 0],
                            1500, 0.8, 900, 0.35),
    "sales-teams": (0.03, (41, 6), 0.4, [5, 4, 1, 0], [0, 0, 0, 0, 0, 0, 3, 1, 6],
                    15000, 1.2, 600, 0.6),
    "smb-owners": (0.04, (46, 6), 0.25, [1, 3, 4, 2], [1, 0, 0, 2, 0, 0, 4, 1, 2],
                   4500, 0.9, 300, 0.3),
}


def customer_table(rows: int, seed: int = 20261122) -> pa.Table:
    """Deterministic customers of the five segments; 3% miss spend, 2% miss channel."""
    rng = np.random.default_rng(seed)
    names = list(SEGMENTS)
    pick = rng.choice(len(names), rows, p=[SEGMENTS[n][0] for n in names])
    columns: dict[str, list[Any]] = {c: [None] * len(names) for c in COLUMNS}
    order = np.argsort(pick, kind="stable")
    counts = np.bincount(pick, minlength=len(names))
    for index, name in enumerate(names):
        for column, values in _segment_columns(rng, SEGMENTS[name], int(counts[index])).items():
            columns[column][index] = values
    table = {c: np.concatenate(columns[c])[np.argsort(order, kind="stable")] for c in COLUMNS}
    spend = pa.array(table["monthly_spend"], mask=rng.random(rows) < 0.03)
    channel = pa.array(table["channel"], mask=rng.random(rows) < 0.02)
    return pa.table({"segment": pa.array(np.array(names, dtype=object)[pick]),
                     **{c: pa.array(table[c]) for c in COLUMNS if c not in
                        ("monthly_spend", "channel")},
                     "monthly_spend": spend, "channel": channel})


def _segment_columns(rng: np.random.Generator, profile: tuple[Any, ...], n: int
                     ) -> dict[str, Any]:
    _, age, female, tiers, channels, spend, orders, tenure, member = profile
    return {
        "age": np.clip(rng.normal(age[0], age[1], n).round(), 16, 75),
        "gender": np.where(rng.random(n) < female, "女", "男"),
        "city_tier": np.array(TIERS)[rng.choice(4, n, p=np.array(tiers) / sum(tiers))],
        "channel": np.array(CHANNELS)[rng.choice(9, n, p=np.array(channels) / sum(channels))],
        "monthly_spend": np.round(spend * np.exp(rng.normal(0, 0.5, n)), 1),
        "orders_90d": rng.poisson(orders, n).astype(np.float64),
        "tenure_days": np.round(rng.exponential(tenure, n)),
        "is_member": rng.random(n) < member,
    }


def write_handbook(folder: Path, rows: int) -> None:
    """The sample's personas and interviews, the customers, and a spec naming the 8 columns."""
    for part in ("personas", "interviews"):
        shutil.copytree(ROOT / part, folder / part)
    for path in (folder / "personas").glob("*/*.md"):
        path.write_text(_without_expect(path.read_text(encoding="utf-8")), encoding="utf-8")
    (folder / "data").mkdir()
    pacsv.write_csv(customer_table(rows), folder / "data" / "customers.csv")
    (folder / "data" / "metrics.yml").write_text(
        "sources:\n  customers: {file: customers.csv, segment: segment}\n"
        "metrics:\n  - {id: customers, source: customers, agg: count}\n"
        f"discover:\n  source: customers\n  columns: [{', '.join(COLUMNS)}]\n",
        encoding="utf-8")


def _without_expect(text: str) -> str:
    """A persona or segment without its `expect:` block (its metrics are not in this spec)."""
    lines, skipping, kept = text.split("\n"), False, []
    for line in lines:
        if line.startswith("expect:"):
            skipping = True
            continue
        if skipping and line.startswith("  "):
            continue
        skipping = False
        kept.append(line)
    return "\n".join(kept)


def child_baseline(folder: Path, k: int) -> dict[str, Any]:
    """Encode as ours does, then time scikit-learn's k-means alone on that matrix."""
    from sklearn.cluster import KMeans

    from generator.content.validation import validate_handbook
    from generator.discover.columns import Request, plan_request, read_rows
    from generator.discover.encode import encode

    checked = validate_handbook(folder, jobs=1)
    assert checked.handbook is not None and checked.metrics is not None
    request = plan_request(checked.metrics, None, None, None)
    assert isinstance(request, Request)
    rows, problems = read_rows(checked.handbook, checked.metrics, request, folder / "data")
    assert rows is not None, problems
    matrix = encode(rows.columns, checked.metrics.min_group_size).matrix
    start = time.perf_counter()
    KMeans(n_clusters=k, random_state=0).fit(matrix)
    return {"seconds": time.perf_counter() - start, "shape": list(matrix.shape)}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure_ours(folder: Path) -> tuple[float, float, float, dict[str, Any]]:
    """(seconds, CPU seconds, peak MB of the process tree, the discovery) of the command.

    CPU seconds tell what the work costs when other processes share the cores.
    """
    command = [sys.executable, "-m", "generator.cli", "discover", str(folder),
               "--format", "json"]
    cpu = _children_cpu()
    done = run(command)
    cpu = _children_cpu() - cpu
    if done.returncode:
        raise SystemExit(f"handbook discover failed:\n{done.stdout}")
    found, _ = json.JSONDecoder().raw_decode(done.stdout[done.stdout.index("{"):])
    return done.seconds, cpu, done.peak_mb, found


def report(rows: int, folder: Path) -> None:
    seconds, cpu, peak, found = measure_ours(folder)
    command = [sys.executable, "-m", "bench.discover", "--child", "--folder", str(folder),
               "--k", str(found["k"])]
    base_cpu = _children_cpu()
    baseline = run(command, cwd=ROOT)
    base_cpu = _children_cpu() - base_cpu
    if baseline.returncode:
        raise SystemExit(f"baseline failed:\n{baseline.stdout}")
    base = json.loads(baseline.stdout.strip().splitlines()[-1])
    ok = seconds <= SECONDS_GOAL and peak < MEMORY_GOAL_MB
    comparison = found["comparison"] or {}
    print(f"rows: {rows:,}   columns: {len(COLUMNS)} ({', '.join(COLUMNS)})   "
          f"encoded matrix: {base['shape'][0]:,} × {base['shape'][1]}")
    print(f"chosen k = {found['k']} (silhouette {found['silhouette']:.2f}, stability ARI "
          f"{found['stability']:.2f}, structure {found['structure']}); ARI against the "
          f"planted segments {comparison.get('ari')}")
    print(f"{'':28} {'seconds':>8} {'CPU s':>8} {'peak MB':>8}")
    print(f"{'handbook discover (all)':28} {seconds:8.1f} {cpu:8.1f} {peak:8.0f}")
    print(f"{'scikit-learn KMeans fit':28} {base['seconds']:8.1f} {'':>8} {baseline.peak_mb:8.0f}")
    print(f"(the baseline process, encoding included, used {base_cpu:.1f} CPU s; load "
          f"average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores at the end)")
    print(f"ratio ours / plain k-means: {seconds / base['seconds']:.1f}×   goal: ≤ "
          f"{SECONDS_GOAL:.0f} s and < {MEMORY_GOAL_MB} MB: {'ok' if ok else 'MISSED'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--k", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child_baseline(args.folder, args.k)))
        return
    with tempfile.TemporaryDirectory(prefix="handbook-discover-bench-") as temp:
        folder = Path(temp)
        started = time.perf_counter()
        write_handbook(folder, args.rows)
        print(f"generated in {time.perf_counter() - started:.1f} s")
        report(args.rows, folder)


if __name__ == "__main__":
    main()

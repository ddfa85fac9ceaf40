"""Benchmark: `handbook build` against a plain `mkdocs build` of its own generated project.

For each size (default: 500 personas + 2,500 interviews, then 1,000 + 5,000),
generates a handbook with bench/corpus.py in a temporary folder, plus a small
metrics spec and customer CSV so the statistics run too, then times, each in a
fresh process (best of --repeats, runs interleaved):
- ours: the real CLI, `handbook build ROOT --today … --site-dir … --build-dir …`;
- phases: generate() (load, validate, statistics, render, write) and then
  run_mkdocs(), timed separately inside one process (this script's --child);
- baseline: `mkdocs build -f BUILD/mkdocs.yml -d …` of the project ours generated.
Prints seconds, peak memory of each process tree, search index and site sizes,
the goals (generator overhead ≤ 15% of the plain MkDocs build; doubling the
handbook costs ≤ 2.2× the build time; search index < 40 MB at the larger
size), and where the bytes of the largest site go (nav share of a page, pages
and search index by section).

    .venv/bin/python bench/build.py [--sizes 500:2500,1000:5000] [--repeats 1]
        [--rows-per-persona 15] [--no-stats] [--profile DIR]

--profile DIR also runs the phases of the largest size under cProfile and
writes DIR/generate.prof and DIR/mkdocs.prof (open with `python -m pstats`).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import write_handbook  # noqa: E402
from bench.measure import Run, run  # noqa: E402

BIN = Path(sys.executable).parent
TODAY = "2026-11-22"
OVERHEAD_GOAL = 0.15
SCALING_GOAL = 1.1  # per unit of size factor: 2.2× when the handbook doubles
SEARCH_INDEX_GOAL_MB = 40.0
MB = 1024 * 1024

# The sample spec's customer metrics (minus per-city ones) and the interview ones.
METRICS: list[dict[str, Any]] = [
    {"id": "customers", "label": "客户数", "source": "customers", "agg": "count"},
    {"id": "median_age", "label": "年龄中位数", "source": "customers", "column": "age",
     "agg": "median"},
    {"id": "age_bands", "label": "年龄分布", "source": "customers", "column": "age",
     "agg": "histogram", "bins": [18, 25, 35, 45, 55, 70]},
    {"id": "gender", "label": "性别构成", "source": "customers", "column": "gender",
     "agg": "share"},
    {"id": "top_cities", "label": "客户最多的城市", "source": "customers", "column": "city",
     "agg": "top", "k": 3},
    {"id": "spend_mean", "label": "人均月消费（元）", "source": "customers",
     "column": "monthly_spend", "agg": "mean"},
    {"id": "spend_p90", "label": "月消费 P90（元）", "source": "customers",
     "column": "monthly_spend", "agg": "quantile", "q": 0.9},
    {"id": "members", "label": "会员占比", "source": "customers", "column": "is_member",
     "agg": "share"},
    {"id": "nps", "label": "NPS", "source": "customers", "column": "nps", "agg": "nps"},
    {"id": "interview_nps", "label": "访谈 NPS", "source": "interviews", "column": "nps",
     "agg": "nps"},
    {"id": "interview_channels", "label": "首次接触渠道", "source": "interviews",
     "column": "channel", "agg": "share"},
]


@dataclass(frozen=True)
class Size:
    personas: int
    interviews: int

    @property
    def label(self) -> str:
        return f"{self.personas}+{self.interviews}"


@dataclass
class Result:
    size: Size
    files: int
    ours: Run
    plain: Run
    phases: dict[str, float]
    search_index_bytes: int
    site_bytes: int
    pages: int

    @property
    def overhead(self) -> float:
        return (self.ours.seconds - self.plain.seconds) / self.plain.seconds


def parse_sizes(text: str) -> list[Size]:
    sizes = []
    for part in text.split(","):
        personas, _, interviews = part.partition(":")
        sizes.append(Size(int(personas), int(interviews or 5 * int(personas))))
    return sizes


def write_metrics(root: Path, rows_per_persona: int) -> int:
    """data/metrics.yml and data/customers.csv whose ids are the handbook's; returns rows."""
    import pyarrow.csv as pacsv
    import yaml

    from bench.statsdata import customer_table, handbook_personas

    personas = handbook_personas(root)
    rows = rows_per_persona * len(personas)
    (root / "data").mkdir(exist_ok=True)
    pacsv.write_csv(customer_table(rows, personas), root / "data" / "customers.csv")
    spec = {"min_group_size": 10,
            "sources": {"customers": {"file": "customers.csv", "encoding": "utf-8",
                                      "segment": "segment", "persona": "persona"}},
            "metrics": METRICS}
    (root / "data" / "metrics.yml").write_text(
        yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return rows


def child_phases(root: Path, build_dir: Path, site_dir: Path, profile: Path | None) -> None:
    """Time generate() and run_mkdocs() separately, as build_site() runs them; print JSON."""
    started = time.perf_counter()
    from generator.site import generate, run_mkdocs

    imported = time.perf_counter()
    today = date.fromisoformat(TODAY)
    profiler = None
    if profile is not None:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    result = generate(root, build_dir.resolve(), today, site_dir.resolve())
    generated = time.perf_counter()
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(profile / "generate.prof")
        profiler = cProfile.Profile()
        profiler.enable()
    if not result.generated:
        sys.exit("generate() did not generate:\n" + "\n".join(
            p.as_text() for p in result.problems if p.severity == "error"))
    mkdocs_start = time.perf_counter()
    run_mkdocs(build_dir / "mkdocs.yml", site_dir, False, today)
    done = time.perf_counter()
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(profile / "mkdocs.prof")
    print(json.dumps({"import": imported - started, "generate": generated - imported,
                      "mkdocs": done - mkdocs_start}))


def _env() -> dict[str, str]:
    from generator.site import build_epoch

    # The same SOURCE_DATE_EPOCH handbook build sets, so both builds render the same dates.
    return {**os.environ, "SOURCE_DATE_EPOCH": build_epoch(date.fromisoformat(TODAY))}


def _checked(result: Run, what: str) -> Run:
    if result.returncode != 0:
        sys.exit(f"{what} failed ({result.returncode}):\n{result.stdout[-3000:]}")
    return result


def _folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def measure_size(work: Path, size: Size, repeats: int, rows_per_persona: int,
                 profile: Path | None) -> Result:
    root = write_handbook(work / f"handbook-{size.label}", size.personas, size.interviews)
    if rows_per_persona:
        write_metrics(root, rows_per_persona)
    files = sum(1 for _ in root.rglob("*.md"))
    build, site = work / f"build-{size.label}", work / f"site-{size.label}"
    plain_site, phase_build = work / f"plain-{size.label}", work / f"phase-build-{size.label}"
    phase_site = work / f"phase-site-{size.label}"
    env = _env()
    ours: list[Run] = []
    plain: list[Run] = []
    phases: list[dict[str, float]] = []
    for _ in range(repeats):
        # Fresh build folders every time: every generated file is written, as on a first build.
        for folder in (build, phase_build, plain_site, phase_site):
            shutil.rmtree(folder, ignore_errors=True)
        ours.append(_checked(run([str(BIN / "handbook"), "build", str(root), "--today", TODAY,
                                  "--site-dir", str(site), "--build-dir", str(build)], env=env),
                             "handbook build"))
        plain.append(_checked(run([str(BIN / "mkdocs"), "build", "-q", "-f",
                                   str(build / "mkdocs.yml"), "-d", str(plain_site)], env=env),
                              "mkdocs build"))
        child = _checked(run([sys.executable, __file__, "--child", str(root), str(phase_build),
                              str(phase_site)], env=env), "phases")
        phases.append(json.loads(child.stdout.strip().splitlines()[-1]))
    if profile is not None:
        profile.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(phase_build, ignore_errors=True)
        _checked(run([sys.executable, __file__, "--child", str(root), str(phase_build),
                      str(phase_site), "--profile", str(profile.resolve())], env=env), "profile")
    index = site / "search" / "search_index.json"
    result = Result(size, files, _best(ours), _best(plain),
                    {k: min(p[k] for p in phases) for k in phases[0]},
                    index.stat().st_size, _folder_bytes(site),
                    sum(1 for _ in site.rglob("*.html")))
    for folder in (phase_build, plain_site, phase_site):
        shutil.rmtree(folder, ignore_errors=True)
    return result


def _best(runs: list[Run]) -> Run:
    fastest = min(runs, key=lambda r: r.seconds)
    return Run(fastest.seconds, max(r.peak_mb for r in runs), fastest.returncode, "")


def report(results: list[Result]) -> bool:
    """Print the table and the goals; True when every goal is met."""
    print(f"{'size (personas+interviews)':<27}{'files':>6}{'pages':>7}{'build s':>9}"
          f"{'generate':>9}{'MkDocs':>8}{'plain s':>9}{'overhead':>9}{'build MB':>9}"
          f"{'plain MB':>9}{'index MB':>9}{'site MB':>8}")
    for r in results:
        print(f"{r.size.label:<27}{r.files:>6}{r.pages:>7}{r.ours.seconds:>9.1f}"
              f"{r.phases['generate']:>9.1f}{r.phases['mkdocs']:>8.1f}{r.plain.seconds:>9.1f}"
              f"{r.overhead:>8.0%} {r.ours.peak_mb:>8.0f}{r.plain.peak_mb:>9.0f}"
              f"{r.search_index_bytes / MB:>9.1f}{r.site_bytes / MB:>8.0f}")
    print("build = `handbook build` wall time (fresh process, imports included); generate and "
          "MkDocs = the two phases of build_site() timed inside one process (generate: load, "
          "validate, statistics, render, write); plain = `mkdocs build` of the generated "
          "project; MB = peak resident memory of the process tree.")
    ok = True
    print("\ngoals:")
    for r in results:
        met = r.overhead <= OVERHEAD_GOAL
        ok &= met
        print(f"  overhead {r.size.label}: ({r.ours.seconds:.1f} − {r.plain.seconds:.1f}) / "
              f"{r.plain.seconds:.1f} = {r.overhead:.0%} (goal ≤ {OVERHEAD_GOAL:.0%}; "
              f"time outside MkDocs: {r.phases['import'] + r.phases['generate']:.1f} s = "
              f"{(r.phases['import'] + r.phases['generate']) / r.plain.seconds:.0%} of plain) "
              f"{'ok' if met else 'MISSED'}")
    for small, large in pairwise(results):
        factor = (large.size.personas + large.size.interviews) / (
            small.size.personas + small.size.interviews)
        ratio = large.ours.seconds / small.ours.seconds
        plain_ratio = large.plain.seconds / small.plain.seconds
        gen_ratio = large.phases["generate"] / small.phases["generate"]
        met = ratio <= SCALING_GOAL * factor
        ok &= met
        print(f"  scaling {small.size.label} → {large.size.label} ({factor:g}× the files): "
              f"build {ratio:.2f}× (goal ≤ {SCALING_GOAL * factor:.2f}×; plain MkDocs "
              f"{plain_ratio:.2f}×, generate {gen_ratio:.2f}×) {'ok' if met else 'MISSED'}")
    largest = max(results, key=lambda r: r.size.personas + r.size.interviews)
    met = largest.search_index_bytes / MB < SEARCH_INDEX_GOAL_MB
    ok &= met
    print(f"  search index at {largest.size.label}: {largest.search_index_bytes / MB:.1f} MB "
          f"(goal < {SEARCH_INDEX_GOAL_MB:g} MB) {'ok' if met else 'MISSED'}")
    return ok


def _section(rel: str) -> str:
    head, _, rest = rel.strip("/").partition("/")
    return head if rest else "(top level)"


def anatomy(site: Path) -> None:
    """Where the bytes of a built site go: the nav in each page, pages and index by section."""
    page = next(iter(sorted((site / "personas").glob("*/index.html"))), None)
    if page is not None:
        text = page.read_text(encoding="utf-8")
        start = text.find('<div class="md-sidebar md-sidebar--primary"')
        end = text.find('<div class="md-sidebar md-sidebar--secondary"', start)
        nav = text[start:end] if start >= 0 and end > start else ""
        print(f"\none persona page ({page.relative_to(site).as_posix()}): {len(text):,} bytes, "
              f"primary nav sidebar {len(nav):,} bytes ({len(nav) / len(text):.0%}), "
              f"{nav.count('<a ')} nav links, {nav.count('md-nav__item')} nav items")
    pages: Counter[str] = Counter()
    counts: Counter[str] = Counter()
    for path in site.rglob("*.html"):
        key = _section(path.relative_to(site).as_posix())
        pages[key] += path.stat().st_size
        counts[key] += 1
    print("HTML by section: " + ", ".join(
        f"{k} {counts[k]} pages {v / MB:.1f} MB" for k, v in pages.most_common()))
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = index.get("docs", [])
    by_section: Counter[str] = Counter()
    entries: Counter[str] = Counter()
    for doc in docs:
        key = _section(doc["location"].split("#")[0])
        by_section[key] += len(json.dumps(doc, ensure_ascii=False).encode("utf-8"))
        entries[key] += 1
    print(f"search index: {len(docs):,} entries; by section: " + ", ".join(
        f"{k} {entries[k]:,} entries {v / MB:.1f} MB" for k, v in by_section.most_common()))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=parse_sizes, default=parse_sizes("500:2500,1000:5000"),
                        help="PERSONAS:INTERVIEWS,… (default: 500:2500,1000:5000)")
    parser.add_argument("--repeats", type=int, default=1, help="runs per size, best kept")
    parser.add_argument("--rows-per-persona", type=int, default=15,
                        help="customer CSV rows per persona (default 15)")
    parser.add_argument("--no-stats", action="store_true", help="no metrics spec, no CSV")
    parser.add_argument("--profile", type=Path, help="write cProfile files of the largest size")
    parser.add_argument("--child", nargs=3, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_phases(*args.child, args.profile)
        return
    rows = 0 if args.no_stats else args.rows_per_persona
    work = Path(tempfile.mkdtemp(prefix="bench-build-"))
    try:
        results = []
        largest = max(args.sizes, key=lambda s: s.personas + s.interviews)
        for size in args.sizes:
            started = time.perf_counter()
            results.append(measure_size(work, size, args.repeats, rows,
                                        args.profile if size == largest else None))
            print(f"measured {size.label} in {time.perf_counter() - started:.0f} s",
                  file=sys.stderr)
        print(f"handbook build vs mkdocs build, best of {args.repeats}; statistics: "
              + ("off" if not rows else f"{rows} customer rows per persona"))
        ok = report(results)
        anatomy(work / f"site-{largest.label}")
        if args.profile:
            print(f"\nprofiles: {args.profile}/generate.prof, {args.profile}/mkdocs.prof")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

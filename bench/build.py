"""Benchmark: `handbook build` against a plain `mkdocs build` of its own generated project.

For each size (default: 500 personas + 2,500 interviews, then 1,000 + 5,000),
generates a handbook with bench/corpus.py in a temporary folder, plus a small
metrics spec and customer CSV so the statistics run too, then times, each in a
fresh process (best of --repeats, runs interleaved):
- ours: the real CLI, `handbook build ROOT --today … --site-dir … --build-dir …`;
- phases: generate() (load, validate, statistics, render, write) and then
  run_mkdocs(), timed separately inside one process (this script's --child);
- baseline: `mkdocs build -f BUILD/mkdocs.yml -d …` of the project ours generated,
  and the same with MkDocs Material's search plugin on.
Prints seconds, peak memory of each process tree, search index (Pagefind's
folder; `handbook build` includes indexing it, the plain build does not) and site sizes,
the goals (`handbook build` ≤ 15% slower than a plain build of the same project
with MkDocs Material's own search, the configuration the handbook had before
Pagefind, so both sites can be searched; the generator's own time outside
MkDocs ≤ 15% of the plain build without search; doubling the handbook costs
≤ 2.2× the build time; search index < 40 MB at the larger size), and where the
bytes of the largest site go (nav share of a page, pages and search index by
section).

    .venv/bin/python -m bench.build [--sizes 500:2500,1000:5000] [--repeats 2]
        [--rows-per-persona 15] [--no-stats] [--profile DIR]

--profile DIR also runs the phases of the largest size under cProfile and
writes DIR/generate.prof and DIR/mkdocs.prof (open with `python -m pstats`).
Exits 1 when a goal is missed. The machine must be otherwise idle for the
wall times to mean much: compare the CPU columns when it is not.
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
from collections import Counter
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

from bench.corpus import write_handbook  # noqa: E402
from bench.measure import run  # noqa: E402

BIN = Path(sys.executable).parent
TODAY = "2026-11-22"
OVERHEAD_GOAL = 0.15
SCALING_GOAL = 1.1  # per unit of size factor: 2.2× when the handbook doubles
SEARCH_INDEX_GOAL_BYTES = 40_000_000  # 40 MB
MB = 1024 * 1024
# Material's search settings as the handbook had them before Pagefind.
MATERIAL_SEARCH_SEPARATOR = r"[\s\u200b\u3000\-、。，．？！；：（）《》“”]+"

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


@dataclass(frozen=True)
class Timed:
    seconds: float
    cpu: float
    peak_mb: float
    stdout: str


@dataclass
class Result:
    size: Size
    files: int
    ours: Timed
    plain: Timed
    material: Timed
    phases: dict[str, float]
    search_index_bytes: int
    site_bytes: int
    pages: int

    @property
    def overhead(self) -> float:
        return (self.ours.seconds - self.plain.seconds) / self.plain.seconds

    @property
    def cpu_overhead(self) -> float:
        return (self.ours.cpu - self.plain.cpu) / self.plain.cpu

    @property
    def searchable_overhead(self) -> float:
        """Against the plain build with MkDocs' own search: both sites can be searched."""
        return (self.ours.seconds - self.material.seconds) / self.material.seconds

    @property
    def outside(self) -> float:
        return self.phases["import"] + self.phases["generate"]


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


def cpu_seconds() -> float:
    """User + system CPU of this process and of its children that have been waited for."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(command: list[str], what: str, env: dict[str, str]) -> Timed:
    """Run a command (bench/measure.py) and also take the CPU time of its process tree."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = run(command, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"{what} failed ({result.returncode}):\n{result.stdout[-3000:]}")
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return Timed(result.seconds, cpu, result.peak_mb, result.stdout)


def child_phases(root: Path, build_dir: Path, site_dir: Path, profile: Path | None) -> None:
    """Time generate() and run_mkdocs() separately, as build_site() runs them; print JSON."""
    started, started_cpu = time.perf_counter(), cpu_seconds()
    from generator.pipeline import generate
    from generator.site.build import build_epoch, run_mkdocs
    from generator.tuning import build_date

    imported, imported_cpu = time.perf_counter(), cpu_seconds()
    today = date.fromisoformat(TODAY)
    profiler = None
    if profile is not None:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    result = generate(root, build_dir.resolve(), today, site_dir.resolve())
    generated, generated_cpu = time.perf_counter(), cpu_seconds()
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(profile / "generate.prof")
        profiler = cProfile.Profile()
        profiler.enable()
    if not result.generated:
        sys.exit("generate() did not generate:\n" + "\n".join(
            p.as_text() for p in result.problems if p.severity == "error"))
    mkdocs_start, mkdocs_cpu = time.perf_counter(), cpu_seconds()
    with build_date(build_epoch(today)):
        run_mkdocs(build_dir / "mkdocs.yml", site_dir, False)
    done, done_cpu = time.perf_counter(), cpu_seconds()
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(profile / "mkdocs.prof")
    print(json.dumps({"import": imported - started, "generate": generated - imported,
                      "mkdocs": done - mkdocs_start, "import_cpu": imported_cpu - started_cpu,
                      "generate_cpu": generated_cpu - imported_cpu,
                      "mkdocs_cpu": done_cpu - mkdocs_cpu}))


def material_search_config(build_dir: Path, overrides: bool = True) -> Path:
    """The generated mkdocs.yml with Material's own search plugin on, as the handbook had
    it before Pagefind (optionally without the theme overrides); the new file's path."""
    text = (build_dir / "mkdocs.yml").read_text(encoding="utf-8")
    search = ("- search:\n    separator: "
              + json.dumps(MATERIAL_SEARCH_SEPARATOR, ensure_ascii=False) + "\n")
    text = text.replace("plugins:\n- tags: {}\n", "plugins:\n" + search + "- tags: {}\n")
    if not overrides:
        text = text.replace("  custom_dir: overrides\n", "")
    if "- search:" not in text or (not overrides and "custom_dir" in text):
        sys.exit("the generated mkdocs.yml changed shape: update material_search_config()")
    path = build_dir / f"mkdocs-material-search{'' if overrides else '-plain'}.yml"
    path.write_text(text, encoding="utf-8")
    return path


def _env() -> dict[str, str]:
    from generator.site.build import build_epoch

    # The same SOURCE_DATE_EPOCH handbook build sets, so both builds render the same dates.
    return {**os.environ, "SOURCE_DATE_EPOCH": build_epoch(date.fromisoformat(TODAY))}


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
    ours: list[Timed] = []
    plain: list[Timed] = []
    material: list[Timed] = []
    phases: list[dict[str, float]] = []

    def run_ours() -> None:
        # Fresh folders every time: every generated file is written, as on a first build.
        for folder in (build, site):
            shutil.rmtree(folder, ignore_errors=True)
        ours.append(timed([str(BIN / "handbook"), "build", str(root), "--today", TODAY,
                           "--site-dir", str(site), "--build-dir", str(build)],
                          "handbook build", env))

    def run_plain() -> None:
        shutil.rmtree(plain_site, ignore_errors=True)
        plain.append(timed([str(BIN / "mkdocs"), "build", "-q", "-f", str(build / "mkdocs.yml"),
                            "-d", str(plain_site)], "mkdocs build", env))

    def run_material() -> None:
        shutil.rmtree(plain_site, ignore_errors=True)
        material.append(timed([str(BIN / "mkdocs"), "build", "-q", "-f",
                               str(material_search_config(build)), "-d", str(plain_site)],
                              "mkdocs build with Material's search", env))

    def run_phases(extra: tuple[str, ...] = ()) -> dict[str, float]:
        for folder in (phase_build, phase_site):
            shutil.rmtree(folder, ignore_errors=True)
        child = timed([sys.executable, "-m", "bench.build", "--child", str(root), str(phase_build),
                       str(phase_site), *extra], "phases", env)
        return dict(json.loads(child.stdout.strip().splitlines()[-1]))

    run_ours()  # the plain build needs the generated project
    jobs = [run_plain, lambda: phases.append(run_phases()), run_material, run_ours]
    for repeat in range(repeats):
        # Rotate the order so that no job always runs first or last on a busy machine.
        for job in jobs[repeat % 4:] + jobs[:repeat % 4]:
            if repeat or job is not run_ours:
                job()
    if profile is not None:
        profile.mkdir(parents=True, exist_ok=True)
        run_phases(("--profile", str(profile.resolve())))
    result = Result(size, files, _best(ours), _best(plain), _best(material),
                    {k: min(p[k] for p in phases) for k in phases[0]},
                    _folder_bytes(site / "pagefind"), _folder_bytes(site),
                    sum(1 for _ in site.rglob("*.html")))
    for folder in (phase_build, plain_site, phase_site):
        shutil.rmtree(folder, ignore_errors=True)
    return result


def _best(runs: list[Timed]) -> Timed:
    """The fastest run; its CPU time is the least of all runs, its memory the largest."""
    fastest = min(runs, key=lambda r: r.seconds)
    return Timed(fastest.seconds, min(r.cpu for r in runs), max(r.peak_mb for r in runs), "")


def _verdict(met: bool) -> str:
    return "ok" if met else "MISSED"


def report(results: list[Result]) -> bool:
    """Print the table and the goals; True when every goal is met."""
    print(f"{'size':<10}{'files':>6}{'pages':>6}{'build s':>9}{'(cpu)':>7}{'outside':>8}"
          f"{'MkDocs':>8}{'plain s':>9}{'(cpu)':>7}{'+search s':>10}{'build MB':>9}"
          f"{'plain MB':>9}{'index MB':>9}{'site MB':>8}")
    for r in results:
        print(f"{r.size.label:<10}{r.files:>6}{r.pages:>6}{r.ours.seconds:>9.1f}{r.ours.cpu:>7.1f}"
              f"{r.outside:>8.1f}{r.phases['mkdocs']:>8.1f}{r.plain.seconds:>9.1f}"
              f"{r.plain.cpu:>7.1f}{r.material.seconds:>10.1f}{r.ours.peak_mb:>9.0f}"
              f"{r.plain.peak_mb:>9.0f}{r.search_index_bytes / MB:>9.1f}"
              f"{r.site_bytes / MB:>8.0f}")
    print("size = personas+interviews; build = `handbook build` (fresh process; it writes the "
          "Pagefind search index too); outside = the time it spends outside MkDocs (imports + "
          "generate(): load, validate, statistics, render, write) and MkDocs = its run_mkdocs(), "
          "both timed inside one process; plain = `mkdocs build` of the generated project, no "
          "search; +search = the same with MkDocs Material's own search plugin, as the handbook "
          "had it before Pagefind; (cpu) = user+system seconds of the process tree, less "
          "sensitive to a busy machine than wall time; MB = peak resident memory of the process "
          "tree (sizes in MiB).")
    ok = True
    print("\ngoals:")
    for r in results:
        met = r.searchable_overhead <= OVERHEAD_GOAL
        ok &= met
        print(f"  overhead {r.size.label}, both sites searchable: ({r.ours.seconds:.1f} − "
              f"{r.material.seconds:.1f}) / {r.material.seconds:.1f} = "
              f"{r.searchable_overhead:.0%} (goal ≤ {OVERHEAD_GOAL:.0%}) {_verdict(met)}")
        share = r.outside / r.plain.seconds
        met = share <= OVERHEAD_GOAL
        ok &= met
        index = r.ours.seconds - r.outside - r.phases["mkdocs"]
        print(f"  generator {r.size.label}: outside MkDocs {r.outside:.1f} s = {share:.0%} of the "
              f"plain build (goal ≤ {OVERHEAD_GOAL:.0%}) {_verdict(met)}; against the plain "
              f"build without search: ({r.ours.seconds:.1f} − {r.plain.seconds:.1f}) / "
              f"{r.plain.seconds:.1f} = {r.overhead:.0%} (CPU {r.cpu_overhead:.0%}), of which "
              f"the search index and the swap ≈ {index:.1f} s")
    for small, large in pairwise(results):
        factor = (large.size.personas + large.size.interviews) / (
            small.size.personas + small.size.interviews)
        ratio = large.ours.seconds / small.ours.seconds
        met = ratio <= SCALING_GOAL * factor
        ok &= met
        print(f"  scaling {small.size.label} → {large.size.label} ({factor:g}× the files): "
              f"build {ratio:.2f}× (goal ≤ {SCALING_GOAL * factor:.2f}×; CPU "
              f"{large.ours.cpu / small.ours.cpu:.2f}×; plain MkDocs "
              f"{large.plain.seconds / small.plain.seconds:.2f}×; generate "
              f"{large.phases['generate'] / small.phases['generate']:.2f}×) {_verdict(met)}")
    largest = max(results, key=lambda r: r.size.personas + r.size.interviews)
    met = largest.search_index_bytes < SEARCH_INDEX_GOAL_BYTES
    ok &= met
    print(f"  search index at {largest.size.label}: {largest.search_index_bytes / 1e6:.1f} MB = "
          f"{largest.search_index_bytes / MB:.1f} MiB (goal < "
          f"{SEARCH_INDEX_GOAL_BYTES / 1e6:g} MB) {_verdict(met)}")
    return ok


def _section(rel: str) -> str:
    head, _, rest = rel.strip("/").partition("/")
    return head if rest else "(top level)"


def _nav_share(site: Path, pattern: str) -> str:
    page = next(iter(sorted(site.glob(pattern))), None)
    if page is None:
        return f"no {pattern}"
    text = page.read_text(encoding="utf-8")
    start = text.find('<div class="md-sidebar md-sidebar--primary"')
    end = text.find('<div class="md-sidebar md-sidebar--secondary"', start)
    nav = text[start:end] if start >= 0 and end > start else ""
    return (f"{page.relative_to(site).parent.as_posix()}/: {len(text):,} bytes, primary nav "
            f"{len(nav):,} bytes ({len(nav) / len(text):.0%}), {nav.count('<a ')} links")


def anatomy(site: Path) -> None:
    """Where the bytes of a built site go: the nav in each page, pages and index by section."""
    print(f"\nwhere the bytes go ({site.name.removeprefix('site-')}):")
    for pattern in ("personas/*/index.html", "interviews/*/index.html"):
        print("  one page, " + _nav_share(site, pattern))
    pages: Counter[str] = Counter()
    counts: Counter[str] = Counter()
    for path in site.rglob("*.html"):
        key = _section(path.relative_to(site).as_posix())
        pages[key] += path.stat().st_size
        counts[key] += 1
    print("  HTML by section: " + ", ".join(
        f"{k} {counts[k]} pages {v / MB:.1f} MiB" for k, v in pages.most_common(5)))
    bundle = site / "pagefind"
    parts: Counter[str] = Counter()
    for path in bundle.rglob("*"):
        if path.is_file():
            parts[path.parent.name if path.parent != bundle else "scripts"] += path.stat().st_size
    print(f"  search index (Pagefind, all of it; a query loads a few chunks): "
          f"{_folder_bytes(bundle) / MB:.1f} MiB: " + ", ".join(
              f"{k} {v / MB:.1f} MiB" for k, v in parts.most_common()))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=parse_sizes, default=parse_sizes("500:2500,1000:5000"),
                        help="PERSONAS:INTERVIEWS,… (default: 500:2500,1000:5000)")
    parser.add_argument("--repeats", type=int, default=2, help="runs per size, best kept")
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

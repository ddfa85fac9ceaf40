"""Benchmark: the site's search (Pagefind) against Material's built-in search, same run.

Generates a handbook with bench/corpus.py (default 1,000 personas + 5,000
interviews), then in one child process times the build phases: generate(),
run_mkdocs() and the search index (search.index_site), so the index's share of
the site build shows. The baseline is the same generated project built by plain
`mkdocs build` with Material's search plugin on and no theme overrides (its
index rewritten as UTF-8, as the handbook used to). Both sites are served on
localhost and driven by headless Chromium (/usr/bin/chromium): for each query,
a fresh browser context (cold cache) opens a persona page and types at once;
measured are the bytes the search fetched (index, worker, chunks) and the time
from typing to the first result. Goals: < 1 MB and < 500 ms to the first
result; the index ≤ 15% of the site build.

    .venv/bin/python bench/search.py [--size 1000:5000]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.build import _env, _folder_bytes, timed  # noqa: E402
from bench.corpus import write_handbook  # noqa: E402
from tests.browser import chromium, serve_folder  # noqa: E402

BIN = Path(sys.executable).parent
TODAY = "2026-11-22"
QUERIES = ["宁可去便利店", "燕麦拿铁", "会员积分规则", "Delivery"]
BYTES_GOAL, FIRST_RESULT_GOAL, INDEX_SHARE_GOAL = 1_000_000, 0.5, 0.15
SEARCH_URLS = {"material": ("/search/", "workers/search", "/lunr/"),
               "pagefind": ("/pagefind/", "assets/search.js")}


def child(root: Path, build_dir: Path, site: Path) -> None:
    """Time generate(), run_mkdocs() and index_site() in this process; print JSON."""
    from datetime import date

    from generator.site.build import generate, run_mkdocs
    from generator.site.search import index_site

    today = date.fromisoformat(TODAY)
    started = time.perf_counter()
    assert generate(root, build_dir, today, site).generated
    generated = time.perf_counter()
    run_mkdocs(build_dir / "mkdocs.yml", site, False, today)
    built = time.perf_counter()
    pages = index_site(site)
    print(json.dumps({"generate": generated - started, "mkdocs": built - generated,
                      "index": time.perf_counter() - built, "pages": pages}))


def material_site(build_dir: Path, site: Path) -> float:
    """The generated project with Material's search on and no overrides; seconds taken."""
    text = (build_dir / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("plugins:\n- tags: {}\n", "plugins:\n- search: {}\n- tags: {}\n")
    text = text.replace("  custom_dir: overrides\n", "")
    assert "- search: {}" in text and "custom_dir" not in text
    path = build_dir / "mkdocs-material-search.yml"
    path.write_text(text, encoding="utf-8")
    run = timed([str(BIN / "mkdocs"), "build", "-q", "-f", str(path), "-d", str(site)],
                "mkdocs build with Material's search", _env())
    index = site / "search" / "search_index.json"
    index.write_text(json.dumps(json.loads(index.read_text(encoding="utf-8")),
                                ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return run.seconds


def first_result(browser: Any, base: str, kind: str, query: str) -> tuple[float, int]:
    """Seconds from typing to the first result, and bytes the search fetched (cold cache)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    fetched: list[Any] = []
    page.on("requestfinished", lambda request: fetched.append(request))
    page.goto(base + "personas/persona-00000/")
    box = page.locator("input.md-search__input")
    box.click()
    started = time.perf_counter()
    box.fill(query)
    box.press("End")  # Material reads the query on keyup
    # The first result, or the word that there is none (Material's lunr may find nothing).
    page.wait_for_function(
        "() => document.querySelector('.md-search-result__item') || /没有|No /.test("
        "document.querySelector('.md-search-result__meta').textContent)", timeout=120_000)
    seconds = time.perf_counter() - started
    page.wait_for_load_state("networkidle")
    size = sum(r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"]
               for r in fetched if any(part in r.url for part in SEARCH_URLS[kind]))
    context.close()
    return seconds, size


def drive(sites: dict[str, Path]) -> dict[str, list[tuple[float, int]]]:
    found: dict[str, list[tuple[float, int]]] = {}
    with chromium() as browser:
        for kind, site in sites.items():
            with serve_folder(site) as base:
                found[kind] = [first_result(browser, base, kind, q) for q in QUERIES]
    return found


def report(phases: dict[str, float], material_build: float, sites: dict[str, Path],
           found: dict[str, list[tuple[float, int]]]) -> bool:
    site_build = phases["generate"] + phases["mkdocs"]
    share = phases["index"] / site_build
    print(f"site build {site_build:.1f} s (generate {phases['generate']:.1f} + MkDocs "
          f"{phases['mkdocs']:.1f}); Pagefind index {phases['index']:.1f} s for "
          f"{phases['pages']:,} pages = {share:.1%} of the site build (goal ≤ 15%); "
          f"Material's build with its search: {material_build:.1f} s")
    for kind, folder in (("material", "search"), ("pagefind", "pagefind")):
        print(f"{kind:9} index on disk {_folder_bytes(sites[kind] / folder) / 1e6:6.1f} MB")
    print(f"{'query':14}{'Material s':>11}{'MB':>8}{'Pagefind s':>12}{'MB':>8}{'× faster':>10}"
          f"{'× fewer bytes':>15}")
    for i, query in enumerate(QUERIES):
        (ms, mb), (ps, pb) = found["material"][i], found["pagefind"][i]
        print(f"{query:14}{ms:11.2f}{mb / 1e6:8.2f}{ps:12.3f}{pb / 1e6:8.3f}{ms / ps:10.1f}"
              f"{mb / pb:15.1f}")
    worst_s = max(s for s, _ in found["pagefind"])
    worst_b = max(b for _, b in found["pagefind"])
    med = {k: statistics.median(s for s, _ in v) for k, v in found.items()}
    print(f"median time to first result: Material {med['material']:.2f} s, Pagefind "
          f"{med['pagefind']:.3f} s ({med['material'] / med['pagefind']:.0f}×); worst "
          f"Pagefind {worst_s * 1000:.0f} ms (goal < 500 ms), {worst_b / 1e6:.2f} MB (goal < 1 MB)")
    return worst_s < FIRST_RESULT_GOAL and worst_b < BYTES_GOAL and share <= INDEX_SHARE_GOAL


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--size", default="1000:5000", help="PERSONAS:INTERVIEWS")
    parser.add_argument("--child", nargs=3, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    personas, _, interviews = args.size.partition(":")
    work = Path(tempfile.mkdtemp(prefix="bench-search-"))
    try:
        root = write_handbook(work / "handbook", int(personas), int(interviews))
        build_dir, site = work / "build", work / "site"
        run = timed([sys.executable, __file__, "--child", str(root), str(build_dir), str(site)],
                    "build phases", _env())
        phases = json.loads(run.stdout.strip().splitlines()[-1])
        material = work / "material-site"
        material_build = material_site(build_dir, material)
        sites = {"material": material, "pagefind": site}
        ok = report(phases, material_build, sites, drive(sites))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

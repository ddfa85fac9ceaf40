"""The build, read top to bottom.

validate → statistics (and what the data say of expectations, discovered segments)
→ history → page models → pages → MkDocs → swap.

Process-wide tuning lives here and only here, and is undone when a stage
ends: the build date MkDocs stamps into the sitemap (`SOURCE_DATE_EPOCH`),
and the garbage collector kept off the handbook's long-lived objects.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import date
from pathlib import Path

from generator.content.config import load_config
from generator.content.problems import errors_in
from generator.content.validation import validate_handbook
from generator.history.log import collect_history
from generator.site import pages, search
from generator.site.build import (
    BuildResult,
    build_epoch,
    run_mkdocs,
    swap_in,
    write_project,
)
from generator.site.dataviews import contradicted, data_checks
from generator.site.facts import page_facts
from generator.site.project import plugin_warnings, project_files
from generator.site.session import Session, expectations, names
from generator.site.targets import (
    SITE_MARKER,
    TargetError,
    check_targets,
    claim,
    remove_leftovers,
)
from generator.stats.compute import handbook_statistics
from generator.stats.display import Display
from generator.tuning import build_date, no_cyclic_gc, settled_heap


def generate(root: Path, build_dir: Path, today: date, site_dir: Path | None = None,
             live_reload: bool = False, session: Session | None = None) -> BuildResult:
    """Validate and write the generated MkDocs project; no MkDocs run (`live_reload`: for
    MkDocs' own serve, whose reload script is inline).

    A `session` kept from the previous call (`handbook serve`) makes this
    incremental: unchanged files are not read again, statistics and history
    are reused while their inputs stay the same, and only the pages that show
    a change are rendered. Without one, everything is.
    """
    session = session or Session()
    cfg = load_config(root)
    with no_cyclic_gc():
        checked = validate_handbook(root, today, cfg.max_file_bytes, cache=session.files)
    result = BuildResult(checked)
    handbook = result.validation.handbook
    if handbook is None:
        return result
    session.note(handbook)
    stats = session.statistics(cfg, handbook,
                               lambda: handbook_statistics(result.validation, cfg))
    checks = session.reuse("checks", (id(stats), names(handbook), expectations(handbook)),
                           lambda: data_checks(handbook, cfg, result.validation.metrics, stats))
    result.stats_problems = (list(stats.problems) if stats else []) + checks.problems
    if errors_in(result.stats_problems):
        return result
    history = session.history(root, lambda: collect_history(cfg.root, cfg.max_file_bytes))
    display = Display.of(cfg.root, cfg.language)
    spec = result.validation.metrics
    facts, warnings = session.reuse(
        "facts", (id(stats), id(history), display, names(handbook), spec),
        lambda: page_facts(handbook, cfg, stats, history, display, spec))
    facts = checks.facts(facts, handbook, display)
    plan = pages.plan_site(handbook, cfg, today, display, facts, session.wanted)
    files = project_files(cfg, plan, handbook, build_dir, site_dir or root / "site",
                          live_reload, session.reuse)
    result.changed = write_project(build_dir, files, {f"docs/{path}" for path in plan.kept})
    result.generated = True
    result.warnings += warnings + plugin_warnings(cfg)
    return result


def build_site(root: Path, site_dir: Path, build_dir: Path, today: date,
               strict: bool = False) -> BuildResult:
    """The whole build: validate, generate, MkDocs into a temporary folder, swap in.

    Raises TargetError, before anything is written, when the site or build
    folder is one the build must not write into (see `site.targets.check_targets`).
    With `strict`, data that contradict an `expect:` stop the build before MkDocs.
    """
    refused = check_targets(root, site_dir, build_dir)
    if refused:
        raise TargetError(*refused)
    site_dir, build_dir = site_dir.resolve(), build_dir.resolve()
    with settled_heap():
        result = generate(root, build_dir, today, site_dir)
    if not result.generated or (strict and contradicted(result.stats_problems)):
        return result
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(site_dir)
    temporary = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.new-{os.getpid()}-",
                                      dir=site_dir.parent))
    try:
        claim(temporary, SITE_MARKER)
        with settled_heap(), build_date(build_epoch(today)):
            run_mkdocs(build_dir / "mkdocs.yml", temporary, strict)
        search.index_site(temporary)
        temporary.chmod(0o755)  # mkdtemp makes it private; a web server must read it
        swap_in(temporary, site_dir)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    result.site_dir = site_dir
    return result

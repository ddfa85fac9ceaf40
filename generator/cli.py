"""The `handbook` command: a thin layer over the generator's functions.

Exit codes: 0 all good, 1 problems found (or the build failed), 2 usage error
(including a site or build folder the build must not write into), 3 internal
error (a bug: one line on stderr, the details in a file in the temp folder).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from generator import cli_authoring as authoring
from generator import errors
from generator.content import config as config_module
from generator.content.loading import LoadedFile
from generator.content.model import count_of, describe, is_publishable
from generator.content.problems import REPORTERS, UsageError, printable
from generator.discover import options as discover_options
from generator.tuning import no_cyclic_gc

Command = Callable[[argparse.Namespace], int]
COMMANDS: dict[str, tuple[Command, Callable[[argparse.ArgumentParser], None]]] = {}


def command(configure: Callable[[argparse.ArgumentParser], None]) -> Callable[[Command], Command]:
    """Register a subcommand; its docstring is its --help text."""

    def register(func: Command) -> Command:
        COMMANDS[func.__name__.removeprefix("cmd_").replace("_", "-")] = (func, configure)
        return func

    return register


def _root_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", default=".", type=Path,
                        help="the handbook folder (default: the current folder)")
    _today_argument(parser)


def _today_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--today", type=errors.date_argument,
                        help="date for staleness checks, YYYY-MM-DD "
                        f"(default: ${config_module.TODAY_VARIABLE} or the real date)")


def _folder(path: Path) -> None:
    if not path.is_dir():
        raise UsageError(f"no folder {path}")


def _validate_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", default=[Path(".")], type=Path, metavar="PATH",
                        help="the handbook folder (default: the current folder), or files "
                        "and folders in it: only their problems are reported")
    _today_argument(parser)
    parser.add_argument("--format", choices=sorted(REPORTERS), default="text",
                        help="text for people, json for tools, github for Actions annotations")
    parser.add_argument("--strict", action="store_true", help="warnings fail too")


@command(_validate_arguments)
def cmd_validate(args: argparse.Namespace) -> int:
    """Check every persona, segment and interview file; report every problem at once.

    Each problem is shown as `path:line:col: $.key.path: message`, with a hint
    where one helps. Given files (as a pre-commit hook passes them), the whole
    handbook they are in is checked, since ids and references span files, and
    only the problems of those files are reported. Exits 0 when clean, 1 when
    there are errors (or warnings with --strict), 2 on usage errors.
    """
    from generator.content.selection import select
    from generator.content.validation import validate_handbook

    selection = select(args.paths)
    root = selection.root
    cfg = config_module.load_config(root)
    with no_cyclic_gc():
        result = validate_handbook(root, config_module.today(args.today),
                                   cfg.max_file_bytes, with_model=False)
    problems = selection.problems(result.problems)
    checked = selection.count(f.source.rel for f in result.files)
    sys.stdout.write(REPORTERS[args.format](problems, checked))
    if args.format == "text" and result.ok and selection.whole:
        sys.stdout.write(_summary(result.files))
    failing = problems if args.strict else [p for p in problems if p.severity == "error"]
    return 1 if failing else 0


def _summary(files: Sequence[LoadedFile]) -> str:
    counts = Counter(f.source.kind for f in files)
    public = sum(1 for f in files if f.source.kind == "interview" and f.data
                 and is_publishable(f.data.get("consent"), f.data.get("confidential")))
    return (f"handbook: {count_of(counts['segment'], 'segment')}, "
            f"{count_of(counts['persona'], 'persona')}, "
            f"{count_of(counts['interview'], 'interview')} ({public} publishable)\n")


def _build_arguments(parser: argparse.ArgumentParser) -> None:
    _root_argument(parser)
    parser.add_argument("--site-dir", type=Path, help="where the site goes (default: PATH/site)")
    parser.add_argument("--build-dir", type=Path,
                        help="where the generated MkDocs project goes (default: PATH/build)")
    parser.add_argument("--strict", action="store_true", help="MkDocs warnings (e.g. two pages "
                        "for one address), data contradicting an `expect:` and missing data "
                        "files fail the build")


@command(_build_arguments)
def cmd_build(args: argparse.Namespace) -> int:
    """Validate the handbook and build the site with MkDocs + Material.

    Refuses to build when validation finds errors (same report as `validate`).
    The generated MkDocs project in the build folder also builds on its own
    with `mkdocs build -f build/mkdocs.yml`. The site is swapped in only when
    the build succeeds: a failed build leaves the previous site untouched.
    """
    from generator.pipeline import build_site
    from generator.site.build import BuildError

    root = args.path
    _folder(root)
    site_dir = args.site_dir or root / "site"
    try:
        result = build_site(root, site_dir, args.build_dir or root / "build",
                            config_module.today(args.today), args.strict)
    except BuildError as exc:
        print(f"handbook build: {exc.stage} failed, the previous site is unchanged: "
              f"{printable(str(exc))}", file=sys.stderr)
        return 1
    problems = result.problems
    if problems or not result.ok:
        sys.stdout.write(REPORTERS["text"](problems, len(result.validation.files)))
    for warning in result.warnings:
        print(f"warning: {printable(warning)}", file=sys.stderr)
    if not result.ok:
        print("handbook build: not built, " + ("--strict: the data contradict an expectation"
              if result.generated else "fix the errors above first"), file=sys.stderr)
        return 1
    if args.strict and any(p.code == "data.unavailable" for p in problems):
        print("handbook build: built without the statistics of missing data files, which "
              "--strict does not accept", file=sys.stderr)
        return 1
    print(_built_line(result, site_dir))
    return 0


def _built_line(result: Any, site_dir: Path) -> str:
    """What was built and where, as the last line of `handbook build`."""
    handbook = result.validation.handbook
    what = describe(handbook) if handbook is not None else "the handbook"
    pages = sum(1 for _ in site_dir.rglob("index.html"))
    return (f"built the site of {what} ({pages:,} pages) into {printable(str(site_dir))}: "
            f"open {(site_dir / 'index.html').resolve().as_uri()}")


def _serve_arguments(parser: argparse.ArgumentParser) -> None:
    _root_argument(parser)
    parser.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on")
    parser.add_argument("--build-dir", type=Path,
                        help="where the generated MkDocs project goes (default: PATH/build)")


@command(_serve_arguments)
def cmd_serve(args: argparse.Namespace) -> int:
    """Preview the site with live reload while you edit.

    Prints the address to open. A change under personas/, interviews/, data/,
    docs/ or site_templates/ (or to mkdocs.yml) rebuilds the pages that show
    it, the edited one first, and the browser showing it reloads. Problems are
    printed when they appear or are fixed; while nothing changes, nothing runs.
    """
    from generator.pipeline import generate
    from generator.site.serve import serve

    _folder(args.path)
    return serve(args.path, args.dev_addr, config_module.today(args.today), generate,
                 args.build_dir)


for _func, _configure in authoring.COMMANDS:  # init, new, schema
    command(_configure)(_func)


def _diff_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("base", help="the revision to compare from, e.g. origin/main")
    parser.add_argument("head", nargs="?", default="HEAD",
                        help="the revision to compare to (default: HEAD, the last commit)")
    parser.add_argument("--root", type=Path, default=Path("."),
                        help="the handbook folder (default: the current folder)")
    parser.add_argument("--format", choices=["markdown", "json"], default="markdown",
                        help="markdown for a pull-request comment, json for tools")
    parser.add_argument("--no-stats", action="store_true",
                        help="do not compute and compare statistics at both revisions")


@command(_diff_arguments)
def cmd_diff(args: argparse.Namespace) -> int:
    """Summarise what changed between two revisions: personas, segments, interviews, statistics.

    Compares the committed files of BASE and HEAD (default: the commit HEAD;
    uncommitted edits are not included): personas added, removed, moved
    between segments, and each field that changed ("status: draft → active",
    "pain_points: + …"); segments; interviews (confidential ones only
    counted); and statistics that moved, computed at both revisions when the
    handbook has a metrics spec. Markdown output starts with the hidden marker
    `<!-- persona-handbook-diff -->`, so a workflow can update its comment.
    Exits 0, or 2 when a revision is unknown or there is no git history.
    """
    from generator.review import statsmoves as statsdiff
    from generator.review import summary as prdiff

    _folder(args.root)
    stats = None if args.no_stats else statsdiff.handbook_stats
    result = prdiff.diff_revisions(args.root, args.base, args.head, stats)
    if isinstance(result, str):
        print(f"handbook diff: {printable(result)}", file=sys.stderr)
        return 2
    from generator.stats.display import Display

    cfg = config_module.load_config(args.root)
    sys.stdout.write(prdiff.RENDERERS[args.format](result, Display.of(args.root, cfg.language)))
    return 0


def _stats_arguments(parser: argparse.ArgumentParser) -> None:
    _root_argument(parser)
    parser.add_argument("--format", choices=["table", "json", "csv"], default="table",
                        help="table for people, json for tools, csv for spreadsheets")
    parser.add_argument("--strict", action="store_true", help="contradicted `expect:` fail too")


@command(_stats_arguments)
def cmd_stats(args: argparse.Namespace) -> int:
    """Compute the statistics of data/metrics.yml per segment, per persona and overall.

    The handbook is validated first; if it has errors, the validation report is
    shown and nothing is computed. A figure over fewer rows than the spec's
    `min_group_size` (default 10) is suppressed. Problems with the spec or the
    data files, and warnings (missing values, ids the handbook does not have),
    go to stderr, as does each `expect:` the data contradict. Exits 0 when all is
    well, 1 on errors (or contradictions with --strict), 2 on usage errors.
    """
    from generator.stats.display import Display
    from generator.stats.output import stats_command

    _folder(args.path)
    cfg = config_module.load_config(args.path)
    code, out, err = stats_command(args.path, config_module.today(args.today), args.format,
                                   Display.of(args.path, cfg.language), args.strict)
    sys.stdout.write(out)
    sys.stderr.write(err)
    return code


command(discover_options.add_arguments)(discover_options.cmd_discover)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="handbook", description=(__doc__ or "").splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (func, configure) in COMMANDS.items():
        doc = func.__doc__ or ""
        child = sub.add_parser(name, help=doc.splitlines()[0], description=doc,
                               formatter_class=argparse.RawDescriptionHelpFormatter)
        configure(child)
        child.set_defaults(handler=func)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `handbook` console command; `errors.run` maps failures to exit codes.

    Bad input never shows a traceback: it is a problem report (exit 1) or a
    usage error (exit 2); a bug is one line naming a file with the details (exit 3).
    """
    args = build_parser().parse_args(argv)
    return errors.run(args.handler, args, f"handbook {args.command}")


if __name__ == "__main__":
    sys.exit(main())

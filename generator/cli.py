"""The `handbook` command: a thin layer over the generator's functions.

Exit codes: 0 all good, 1 problems found (or the build failed), 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from generator import config as config_module
from generator.problems import REPORTERS

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
    parser.add_argument("--today", help="date for staleness checks, YYYY-MM-DD "
                        f"(default: ${config_module.TODAY_VARIABLE} or the real date)")


def _validate_arguments(parser: argparse.ArgumentParser) -> None:
    _root_argument(parser)
    parser.add_argument("--format", choices=sorted(REPORTERS), default="text",
                        help="text for people, json for tools, github for Actions annotations")
    parser.add_argument("--strict", action="store_true", help="warnings fail too")


@command(_validate_arguments)
def cmd_validate(args: argparse.Namespace) -> int:
    """Check every persona, segment and interview file; report every problem at once.

    Each problem is shown as `path:line:col: $.key.path: message`, with a hint
    where one helps. Exits 0 when clean, 1 when there are errors (or warnings
    with --strict).
    """
    from generator.validation import validate_handbook

    root = args.path
    if not root.is_dir():
        print(f"handbook validate: no folder {root}", file=sys.stderr)
        return 2
    cfg = config_module.load_config(root)
    result = validate_handbook(root, config_module.today(args.today), cfg.max_file_bytes)
    sys.stdout.write(REPORTERS[args.format](result.problems, len(result.files)))
    if args.format == "text" and result.handbook is not None:
        sys.stdout.write(_summary(result.handbook))
    failing = result.problems if args.strict else [p for p in result.problems
                                                    if p.severity == "error"]
    return 1 if failing else 0


def _summary(handbook: object) -> str:
    from generator.model import Handbook

    assert isinstance(handbook, Handbook)
    public = sum(1 for i in handbook.interviews.values() if i.publishable)
    return (f"handbook: {len(handbook.segments)} segments, {len(handbook.personas)} personas, "
            f"{len(handbook.interviews)} interviews ({public} publishable)\n")


def _schema_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")


@command(_schema_arguments)
def cmd_schema(args: argparse.Namespace) -> int:
    """Write the JSON Schemas (segment, persona, interview, metrics) for editors and tools."""
    from generator.schemas import write_schemas

    for path in write_schemas(args.out):
        print(path)
    return 0


def _new_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", choices=["segment", "persona", "interview"])
    parser.add_argument("id", help="segment: ID; persona: SEGMENT/ID; interview: ID")
    parser.add_argument("--root", type=Path, default=Path("."), help="the handbook folder")
    parser.add_argument("--persona", help="interview: the persona it cites")
    parser.add_argument("--today", help="date to write, YYYY-MM-DD (default: today)")


@command(_new_arguments)
def cmd_new(args: argparse.Namespace) -> int:
    """Create a segment, persona or interview file that validates, ready to fill in."""
    from generator import scaffold

    today = config_module.today(args.today)
    try:
        if args.kind == "segment":
            path = scaffold.new_segment(args.root, args.id, today)
        elif args.kind == "persona":
            path = scaffold.new_persona(args.root, args.id, today)
        else:
            path = scaffold.new_interview(args.root, args.id, today, args.persona)
    except scaffold.ScaffoldError as exc:
        print(f"handbook new: {exc}", file=sys.stderr)
        return 2
    print(f"created {path}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="handbook", description=(__doc__ or "").splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-v", "--verbose", action="store_true", help="say more")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (func, configure) in COMMANDS.items():
        doc = func.__doc__ or ""
        child = sub.add_parser(name, help=doc.splitlines()[0], description=doc,
                               formatter_class=argparse.RawDescriptionHelpFormatter)
        configure(child)
        child.set_defaults(handler=func)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `handbook` console command."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())

"""The `handbook` commands that write content: `init`, `new` and `schema` (registered by
`generator.cli`, which runs them; usage errors are raised as UsageError)."""

from __future__ import annotations

import argparse
from pathlib import Path

from generator import errors
from generator.content import config as config_module
from generator.content.problems import UsageError, printable


def _schema_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")


def cmd_schema(args: argparse.Namespace) -> int:
    """Write the JSON Schemas (segment, persona, interview, metrics) for editors and tools."""
    from generator.content.schemas import write_schemas

    if args.out.exists() and not args.out.is_dir():
        raise UsageError(f"--out {args.out} is a file, not a folder")
    for path in write_schemas(args.out):
        print(printable(str(path)))
    return 0


def _new_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", choices=["segment", "persona", "interview"])
    parser.add_argument("id", help="segment: ID; persona: SEGMENT/ID; interview: ID")
    parser.add_argument("--root", type=Path, default=Path("."), help="the handbook folder")
    parser.add_argument("--persona", help="interview: the persona it cites")
    parser.add_argument("--today", type=errors.date_argument,
                        help="date to write, YYYY-MM-DD (default: today)")


def cmd_new(args: argparse.Namespace) -> int:
    """Create a segment, persona or interview file that validates, ready to fill in."""
    from generator.content import scaffold

    today = config_module.today(args.today)
    if args.kind == "segment":
        path = scaffold.new_segment(args.root, args.id, today)
    elif args.kind == "persona":
        path = scaffold.new_persona(args.root, args.id, today)
    else:
        path = scaffold.new_interview(args.root, args.id, today, args.persona)
    print(f"created {printable(str(path))}")
    return 0


def _init_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", nargs="?", default=".", type=Path,
                        help="the folder of the new handbook (default: the current folder)")
    parser.add_argument("--force", action="store_true",
                        help="write into a folder that is not empty (its other files stay)")
    parser.add_argument("--today", type=errors.date_argument,
                        help="date of the examples, YYYY-MM-DD (default: today)")


def cmd_init(args: argparse.Namespace) -> int:
    """Start a new handbook repository that validates, builds and publishes at once.

    Writes mkdocs.yml, an example segment, persona and interview, data/metrics.yml
    with a small data file, the JSON Schemas for editors (.handbook/schemas/,
    mapped by .vscode/settings.json), a pre-commit hook, GitHub workflows
    (validate, pull-request comment, publish with Pages), .gitignore and a
    README. Refuses a folder that is not empty, unless --force.
    """
    from generator.content.init import init_handbook

    written = init_handbook(args.dir, config_module.today(args.today), args.force)
    shown = printable(str(args.dir))
    print(f"created a handbook of {len(written)} files in {shown}: try "
          f"`handbook serve {shown}`, then edit the example persona")
    return 0


COMMANDS = [(cmd_init, _init_arguments), (cmd_new, _new_arguments),
            (cmd_schema, _schema_arguments)]

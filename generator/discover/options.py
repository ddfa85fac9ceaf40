"""`handbook discover` on the command line: its arguments, choices and command (registered by
`generator.cli`); nothing heavy is imported until the command runs."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.errors import date_argument

K_MAX = 20


@dataclass(frozen=True)
class Options:
    """The command line's choices; None leaves the choice to the spec's `discover:` section."""

    source: str | None = None
    columns: Sequence[str] | None = None
    k: int | None = None
    fmt: str = "table"
    scaffold: bool = False


def k_value(text: str) -> int | None:
    """`auto` (None) or a number of clusters from 2 to 20."""
    if text == "auto":
        return None
    if text.isdigit() and 2 <= int(text) <= K_MAX:
        return int(text)
    raise argparse.ArgumentTypeError(f"`{text}`: write auto or a number from 2 to {K_MAX}")


def column_list(text: str) -> list[str]:
    """`age, channel,spend` → ["age", "channel", "spend"]."""
    return [c.strip() for c in text.split(",") if c.strip()]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of `handbook discover`."""
    parser.add_argument("path", nargs="?", default=".", type=Path,
                        help="the handbook folder (default: the current folder)")
    parser.add_argument("--today", type=date_argument,
                        help="date for staleness checks and drafts, YYYY-MM-DD")
    parser.add_argument("--source", help="the data source of data/metrics.yml whose rows are "
                        "clustered (default: the spec's `discover:` source, or its only source)")
    parser.add_argument("--columns", type=column_list,
                        help="columns to cluster on, comma-separated (default: the spec's "
                        "`discover:` columns, or the columns the source's metrics use)")
    parser.add_argument("--k", type=k_value, default=None, metavar="auto|N",
                        help="number of clusters (default: auto, chosen by silhouette)")
    parser.add_argument("--format", choices=["table", "json"], default="table",
                        help="table for people, json for tools")
    parser.add_argument("--scaffold", action="store_true", help="write a draft _segment.md "
                        "for each cluster that no declared segment covers")


def from_arguments(args: argparse.Namespace) -> Options:
    """The options of parsed arguments."""
    return Options(args.source, args.columns, args.k, args.format, args.scaffold)


def cmd_discover(args: argparse.Namespace) -> int:
    """Find segments in the data: cluster a data source's rows, compare with the segments.

    Each cluster's size, medians and over-represented categories against everyone,
    silhouette and stability; clusters under `min_group_size` rows are only counted
    and no row's value is printed. Exits 0, 1 on errors, 2 when nothing can be clustered.
    """
    from generator.content.config import today
    from generator.discover.command import discover_command

    code, out, err = discover_command(args.path, today(args.today), from_arguments(args))
    sys.stdout.write(out)
    sys.stderr.write(err)
    return code

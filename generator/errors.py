"""How the `handbook` command reports what went wrong, each kind in one plain line.

Bad input is a problem report (exit 1) or a usage error (exit 2); an error
of the operating system (a folder that cannot be written) is named with its
path; anything else is a bug, whose traceback goes to a file in the temp
folder while the command prints one line saying where (exit 3).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import traceback
from collections.abc import Callable

from generator.content import config as config_module
from generator.content.problems import UsageError, printable

INTERNAL_ERROR_EXIT = 3


def run(handler: Callable[[argparse.Namespace], int], args: argparse.Namespace,
        name: str) -> int:
    """Run a command; every way it can fail becomes one plain line and an exit code."""
    try:
        return int(handler(args))
    except KeyboardInterrupt:
        return 130
    except UsageError as exc:
        for message in exc.messages:
            print(f"{name}: {printable(message)}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return reader_gone()
    except OSError as exc:
        print(f"{name}: {os_error(exc)}", file=sys.stderr)
        return 1
    except Exception as exc:
        print(internal_error(exc), file=sys.stderr)
        return INTERNAL_ERROR_EXIT


def date_argument(text: str) -> str:
    """An argparse type for YYYY-MM-DD options: a bad date is a usage error."""
    try:
        config_module.parse_date(text, "")
    except UsageError as exc:
        raise argparse.ArgumentTypeError(str(exc).strip()) from exc
    return text


def reader_gone() -> int:
    """The reader of stdout went away (`handbook stats | head`): stop quietly, exit 1."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 1


def os_error(exc: OSError) -> str:
    """`cannot read or write site/x: Permission denied`, in one line."""
    where = f" {printable(str(exc.filename))}" if exc.filename else ""
    return f"cannot read or write{where}: {exc.strerror or exc}"


def internal_error(exc: BaseException) -> str:
    """Write the traceback to a file in the temp folder; the one line that says where."""
    summary = printable(f"{type(exc).__name__}: {exc}")[:200]
    try:
        handle, name = tempfile.mkstemp(prefix="handbook-error-", suffix=".txt")
        with open(handle, "w", encoding="utf-8") as out:
            out.write("".join(traceback.format_exception(exc)))
    except OSError:
        return f"handbook: internal error ({summary}); the details could not be written"
    return (f"handbook: internal error ({summary}); details written to {name} "
            "(please report it with that file)")

"""Problems found in a handbook, and the reporters that show them.

A problem is data: where it is (file, line, column, key path), what is wrong
in plain words, and how to fix it. Every stage returns problems instead of
raising, so that all of them are reported at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Literal

from generator.content import jsontext

Severity = Literal["error", "warning"]

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# Control characters, line and paragraph separators, and the bidirectional
# controls that reorder what a terminal shows ("Trojan source").
_INVISIBLE = [*range(0x20), *range(0x7F, 0xA0), 0x061C, 0x200E, 0x200F, 0x2028, 0x2029,
              *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
_VISIBLE = str.maketrans({code: _NAMED.get(chr(code)) or (
    f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}") for code in _INVISIBLE})


def printable(text: str) -> str:
    """`text` on one line with every control character shown as an escape (`\\n`, `\\x1b`).

    What people name and write reaches terminals, logs and CI: a newline in a
    file name or a value must not start a line that looks like another report.
    """
    return text.translate(_VISIBLE)


class UsageError(Exception):
    """A command was asked for something it cannot do: exit 2 with the plain message(s)."""

    def __init__(self, *messages: str) -> None:
        super().__init__(*messages)
        self.messages = messages


@dataclass(frozen=True)
class Problem:
    """One located problem in a handbook file."""

    file: str
    line: int
    column: int
    key_path: str
    message: str
    hint: str = ""
    severity: Severity = "error"
    code: str = ""

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line, self.column, self.key_path, self.message)

    def as_text(self) -> str:
        """`path:line:col: $.key.path: message`, warnings marked, hint indented below."""
        label = "warning: " if self.severity == "warning" else ""
        head = (f"{printable(self.file)}:{self.line}:{self.column}: {printable(self.key_path)}: "
                f"{label}{printable(self.message)}")
        return f"{head}\n    hint: {printable(self.hint)}" if self.hint else head


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems ordered by file, then line, without duplicates."""
    return sorted(set(problems), key=lambda p: p.sort_key)


def errors_in(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'s' * (count != 1)}"


def summary_line(problems: Sequence[Problem], files_checked: int) -> str:
    errors = len(errors_in(problems))
    warnings = len(problems) - errors
    if not problems:
        return f"ok: {_plural(files_checked, 'file')} checked, no problems"
    return (f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')} "
            f"in {_plural(files_checked, 'file')} checked")


# Warnings a person reads as one finding about several files: code → (one, several,
# whether each file's own message adds something to the heading).
WARNING_GROUPS: dict[str, tuple[str, str, bool]] = {
    "persona.stale": ("persona is due for review", "personas are due for review", True),
    "persona.uncited": ("persona is cited by no interview",
                        "personas are cited by no interview", False),
    "segment.empty": ("segment has no personas yet", "segments have no personas yet", False),
    "content.placeholder": ("file still has text from its template",
                            "files still have text from their template", True),
    "data.unavailable": ("data file is missing: its statistics cannot be checked here",
                         "data files are missing: their statistics cannot be checked here",
                         True),
    "data.missing-values": ("data column has empty cells", "data columns have empty cells",
                            True),
    "expect.contradicted": ("expectation is contradicted by the data",
                            "expectations are contradicted by the data", True),
    "data.unknown-id": ("data file has rows for groups the handbook does not have",
                        "data files have rows for groups the handbook does not have", True),
}


def _kind(problem: Problem) -> str:
    """What warnings are grouped by: their code when it has a group, else their message."""
    return problem.code if problem.code in WARNING_GROUPS else f"message:{problem.message}"


def warning_text(warnings: Sequence[Problem]) -> list[str]:
    """Warnings in plain words: one paragraph for each kind, naming every file once."""
    lines: list[str] = []
    for kind in dict.fromkeys(_kind(p) for p in warnings):
        group = [p for p in warnings if _kind(p) == kind]
        one, several, detailed = WARNING_GROUPS.get(
            kind, (f"warning: {group[0].message}", f"warnings: {group[0].message}", False))
        heading = f"{len(group):,} {one if len(group) == 1 else several}"
        items = [f"{p.file}:{p.line}" + (f"  {p.message}" if detailed else "") for p in group]
        if len(items) == 1 and not detailed:
            lines.append(f"{heading}: {items[0]}")
        else:
            lines += [f"{heading}:", *(f"  {item}" for item in items)]
        lines += [f"  → {hint}" for hint in dict.fromkeys(p.hint for p in group if p.hint)]
    return lines


def report_text(problems: Sequence[Problem], files_checked: int) -> str:
    """Errors one by one with their location; warnings grouped by kind; a summary line."""
    lines = [p.as_text() for p in problems if p.severity == "error"]
    lines += warning_text([p for p in problems if p.severity == "warning"])
    lines.append(summary_line(problems, files_checked))
    return "\n".join(lines) + "\n"


def report_json(problems: Sequence[Problem], files_checked: int) -> str:
    errors = len(errors_in(problems))
    document = {
        "files_checked": files_checked,
        "errors": errors,
        "warnings": len(problems) - errors,
        "problems": [asdict(p) for p in problems],
    }
    return jsontext.dumps(document, indent=2) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def report_github(problems: Sequence[Problem], files_checked: int) -> str:
    """GitHub Actions workflow commands: one annotation a problem, then the summary."""
    lines = []
    for p in problems:
        message = f"{p.key_path}: {p.message}" + (f" (hint: {p.hint})" if p.hint else "")
        props = (
            f"file={_escape_property(p.file)},line={p.line},col={p.column},"
            f"title={_escape_property(p.code or 'handbook')}"
        )
        lines.append(f"::{p.severity} {props}::{_escape_data(message)}")
    lines.append(summary_line(problems, files_checked))
    return "\n".join(lines) + "\n"


REPORTERS = {"text": report_text, "json": report_json, "github": report_github}

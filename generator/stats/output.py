"""`handbook stats` output: an aligned table for people, CSV for spreadsheets, JSON for tools."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from generator.content import jsontext
from generator.content.metrics_spec import DEFAULT_MIN_GROUP_SIZE, SPEC_FILE
from generator.content.problems import errors_in, printable, report_text, sort_problems
from generator.stats.aggregations import MetricResult
from generator.stats.compute import OVERALL, StatsResult, statistics_at, stats_json
from generator.stats.display import Display, display_width

CSV_HEADER = ("level", "group", "metric", "label", "agg", "n", "value", "category", "count",
              "share", "suppressed")


def _rows(result: StatsResult) -> Iterator[tuple[str, str, dict[str, MetricResult]]]:
    yield "overall", OVERALL, dict(result.overall)
    for level, groups in (("segment", result.segments), ("persona", result.personas)):
        for group, metrics in groups.items():
            if metrics:
                yield level, group, dict(metrics)


def format_table(result: StatsResult, display: Display) -> str:
    """Plain-text table: one line per group and metric, columns aligned for CJK text."""
    header = ("level", "group", "metric", "n", "value")
    lines = [header]
    for level, group, metrics in _rows(result):
        for metric_id, r in metrics.items():
            n = "" if r.suppressed else f"{r.n:,}"
            lines.append((level, group, printable(result.metric(metric_id).title), n,
                          printable(display.result(r, result.min_group_size))))
    widths = [max(display_width(line[i]) for line in lines) for i in range(len(header) - 1)]
    return "".join(
        "  ".join(_pad(cell, w) for cell, w in zip(line, widths, strict=False)) + "  "
        + line[-1] + "\n" for line in lines)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def stats_csv(result: StatsResult) -> str:
    """Long-format CSV: one row per scalar result, one row per category of share/top/histogram."""
    out = io.StringIO()
    writer = _SafeWriter(csv.writer(out, lineterminator="\n"))
    writer.writerow(CSV_HEADER)
    for level, group, metrics in _rows(result):
        for metric_id, r in metrics.items():
            head = [level, group, metric_id, result.metric(metric_id).title, r.agg]
            if r.suppressed:
                writer.writerow([*head, "", "", "", "", "", "true"])
            elif isinstance(r.value, tuple):
                for c in r.value:
                    writer.writerow([*head, r.n, "", c.label, _cell(c.count), _cell(c.share),
                                     "true" if c.suppressed else ""])
            else:
                writer.writerow([*head, r.n, _cell(r.value), "", "", "", ""])
    return out.getvalue()


def _cell(value: object) -> str:
    return "" if value is None else str(value)


# OWASP's CSV injection guidance: a cell starting with one of these is read as a formula.
# The full-width forms are included: spreadsheets in CJK locales accept them too.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def csv_safe(cell: object) -> object:
    """A text cell a spreadsheet would run as a formula, prefixed with `'`; numbers stay numbers."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_STARTS) and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


class _SafeWriter:
    """A csv writer whose every cell goes through `csv_safe`."""

    def __init__(self, writer: Any) -> None:
        self.writer = writer

    def writerow(self, row: Iterable[object]) -> None:
        self.writer.writerow([csv_safe(cell) for cell in row])


def _json(result: StatsResult) -> str:
    return jsontext.dumps(stats_json(result), indent=2) + "\n"


def stats_command(root: Path, today: date, fmt: str, display: Display, strict: bool = False
                  ) -> tuple[int, str, str]:
    """What `handbook stats` prints: (exit code, stdout, stderr).

    The handbook (metrics spec included) is validated first: with errors, the
    validation report is all there is. A handbook without data/metrics.yml has
    no statistics. Expectations of personas and segments that the data
    contradicts are warnings; `strict` makes them fail.
    """
    from generator.stats.expectations import (
        CONTRADICTED,
        expectation_checks,
        expectation_warnings,
    )

    checked, result = statistics_at(root, today)
    if checked.handbook is None:
        return 1, "", report_text(checked.problems, len(checked.files))
    formats = {"table": lambda r: format_table(r, display), "json": _json, "csv": stats_csv}
    if result is None:
        empty = StatsResult(DEFAULT_MIN_GROUP_SIZE, (), {}, {}, {}, {})
        return 0, formats[fmt](empty), f"no {SPEC_FILE}: this handbook has no statistics\n"
    spec_warnings = [p for p in checked.problems if p.file == SPEC_FILE]
    contradicted = expectation_warnings(expectation_checks(checked.handbook, result), root)
    problems = sort_problems([*spec_warnings, *result.problems, *contradicted])
    failing = errors_in(problems) or (strict and any(p.code == CONTRADICTED for p in problems))
    return (1 if failing else 0), formats[fmt](result), "".join(
        p.as_text() + "\n" for p in problems)

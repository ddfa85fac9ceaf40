"""Data sources as pandas tables, grouped by segment, by persona and overall.

A source is a data file named in the metrics spec, or the built-in
`interviews` whose rows are the handbook's interviews (confidential ones
included). Only the columns the spec uses are read. Group ids become
categoricals over the handbook's ids, so that rows naming an unknown id fall
out of the groups (and are reported) while still counting overall.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from generator.content.loading import format_path
from generator.content.metrics_spec import INTERVIEWS, MetricsSpec, Parts, SourceSpec
from generator.content.model import Handbook, Interview
from generator.content.problems import Problem
from generator.content.schema_check import did_you_mean
from generator.stats.readers import RawData, Unreadable, files_digest, read_file
from generator.stats.tablecheck import (
    id_keys,
    infinite_problems,
    missing_value_warnings,
    nps_problems,
    numeric_problems,
)

NUMERIC_AGGS = frozenset({"sum", "mean", "median", "min", "max", "quantile", "histogram", "nps"})
INTERVIEW_COLUMNS = ("customer_stage", "method", "channel", "competitors", "obstacles", "nps")
# Free text: counted from published interviews only (confidential ones count in the rest).
CONFIDENTIAL_TEXT = frozenset({"channel", "competitors", "obstacles"})
INTERVIEW_LISTS = frozenset({"competitors", "obstacles"})


@dataclass(frozen=True)
class Provenance:
    """Where a source's figures come from: file (relative to the handbook), hash, date, rows."""

    source: str
    file: str
    sha256: str
    modified: str
    rows: int
    encoding: str | None = None


@dataclass(frozen=True)
class Grouping:
    """Rows and, aligned with them, the categorical group id of each row (NaN: no group)."""

    frame: pd.DataFrame
    keys: pd.Series


@dataclass(frozen=True)
class Table:
    """A source ready for aggregation: one grouping per level (segments, personas, overall)."""

    source: str
    rel: str
    groupings: Mapping[str, Grouping]
    provenance: Provenance
    list_columns: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Usage:
    """The columns a spec uses from one source, each with the key path that first names it."""

    named_at: dict[str, Parts]
    numeric: dict[str, Parts]
    text: set[str]
    values: set[str]
    nps: set[str]


def usage(spec: MetricsSpec, source_id: str) -> Usage:
    """Which columns of a source the spec reads, and how (numbers, text, values to count)."""
    named_at: dict[str, Parts] = {}
    numeric: dict[str, Parts] = {}
    text: set[str] = set()
    values: set[str] = set()
    source = spec.sources.get(source_id)
    for key in ("segment", "persona"):
        column = getattr(source, key) if source else None
        if column:
            named_at.setdefault(column, ["sources", source_id, key])
            text.add(column)
    for m in spec.metrics_of(source_id):
        if m.column:
            at: Parts = ["metrics", m.index, "column"]
            named_at.setdefault(m.column, at)
            values.add(m.column)
            if m.agg in NUMERIC_AGGS:
                numeric.setdefault(m.column, at)
            else:
                text.add(m.column)
        for column, _ in m.where:
            named_at.setdefault(column, ["metrics", m.index, "where", column])
            text.add(column)
    nps = {m.column for m in spec.metrics_of(source_id) if m.agg == "nps" and m.column}
    return Usage(named_at, numeric, text - set(numeric), values, nps)


def load_table(handbook: Handbook, spec: MetricsSpec, source_id: str, data_dir: Path
               ) -> tuple[Table | None, list[Problem]]:
    """The source as a Table, or None with the problems that make it unusable."""
    use = usage(spec, source_id)
    if source_id == INTERVIEWS:
        return interviews_table(handbook, spec, use)
    source = spec.sources[source_id]
    path = data_dir / source.file
    rel = (Path(data_dir.name) / source.file).as_posix()
    raw, names = read_file(path, rel, list(use.named_at), use.text, source.encoding, source.sheet)
    if isinstance(raw, Unreadable):
        return None, _unreadable(spec, rel, use, raw, names)
    problems = numeric_problems(spec, raw, rel, use.numeric)
    problems = problems or infinite_problems(raw, rel, use.numeric)
    problems = problems or nps_problems(raw, rel, use.nps)
    if problems:
        return None, problems
    problems += missing_value_warnings(raw.frame, rel, sorted(use.values), "rows")
    table, id_warnings = _file_table(handbook, source, raw, rel, path)
    return table, problems + id_warnings


def _unreadable(spec: MetricsSpec, rel: str, use: Usage, raw: Unreadable, names: list[str]
                ) -> list[Problem]:
    absent = [c for c in use.named_at if c not in names]
    if not names or not absent:
        return [Problem(rel, raw.line, 1, "$", raw.message, raw.hint, code="data.unreadable")]
    return [spec.problem(use.named_at[c], f"column `{c}` is not in {rel}",
                         did_you_mean(c, names) or raw.hint, "data.missing-column")
            for c in absent]


def _file_table(handbook: Handbook, source: SourceSpec, raw: RawData, rel: str, path: Path
                ) -> tuple[Table, list[Problem]]:
    frame = raw.frame
    groupings = {"segments": Grouping(frame, id_keys(frame[source.segment], handbook.segments))}
    unknown = {"segment": groupings["segments"].keys}
    if source.persona:
        groupings["personas"] = Grouping(frame, id_keys(frame[source.persona], handbook.personas))
        unknown["persona"] = groupings["personas"].keys
    groupings["overall"] = Grouping(frame, overall_keys(len(frame)))
    warnings = _unknown_id_warning(rel, source, frame, unknown)
    files = sorted(path.rglob("*")) if path.is_dir() else [path]
    provenance = Provenance(source.id, rel, raw.sha256, modified(files), len(frame), raw.encoding)
    return Table(source.id, rel, groupings, provenance), warnings


def overall_keys(rows: int) -> pd.Series:
    """One group holding every row."""
    codes = np.zeros(rows, dtype=np.int8)
    return pd.Series(pd.Categorical.from_codes(codes, pd.Index(["overall"])))


def modified(files: list[Path]) -> str:
    """The latest modification date of files, as YYYY-MM-DD (UTC)."""
    stamp = max((f.stat().st_mtime for f in files if f.is_file()), default=0.0)
    return datetime.fromtimestamp(stamp, tz=UTC).date().isoformat()


def _unknown_id_warning(rel: str, source: SourceSpec, frame: pd.DataFrame,
                        keys: dict[str, pd.Series]) -> list[Problem]:
    parts, lost_any = [], np.zeros(len(frame), dtype=bool)
    for what, grouped in keys.items():
        column = source.segment if what == "segment" else source.persona or ""
        lost = grouped.isna().to_numpy()
        if not lost.any():
            continue
        named = frame[column][lost].astype(object).fillna("").value_counts()
        counts = named.sort_index().sort_values(ascending=False, kind="stable")
        shown = ", ".join(f"{f'{what} `{k}`' if k else f'no {what}'} ({_rows(n)})"
                          for k, n in counts.head(5).items())
        parts.append(f"{shown}{', …' if len(counts) > 5 else ''}")
        lost_any |= lost
    if not parts:
        return []
    rows = int(lost_any.sum())
    said = "1 row is" if rows == 1 else f"{rows:,} rows are"
    return [Problem(rel, 1, 1, format_path([source.segment]),
                    f"{said} not in a {' or '.join(keys)} of the handbook: " + "; ".join(parts),
                    "they count overall and in the groups the handbook has; fix the ids "
                    "or add the segment or persona", "warning", "data.unknown-id")]


def _rows(count: int) -> str:
    return "1 row" if count == 1 else f"{count:,} rows"


def interviews_table(handbook: Handbook, spec: MetricsSpec, use: Usage
                     ) -> tuple[Table | None, list[Problem]]:
    """The built-in source: one row per interview, once per persona and per segment it cites."""
    absent = [c for c in use.named_at if c not in INTERVIEW_COLUMNS]
    if absent:
        return None, [spec.problem(use.named_at[c], f"interviews have no column `{c}`",
                                   did_you_mean(c, list(INTERVIEW_COLUMNS))
                                   or "columns: " + ", ".join(INTERVIEW_COLUMNS),
                                   "data.missing-column") for c in absent]
    interviews = list(handbook.interviews.values())
    frame = pd.DataFrame({c: _interview_column(c, [_published_value(i, c) for i in interviews])
                          for c in INTERVIEW_COLUMNS})
    raw = RawData(frame, "", row_word="interview", first_row=1)
    problems = numeric_problems(spec, raw, INTERVIEWS, use.numeric, INTERVIEW_LISTS)
    if problems:
        return None, problems
    by_persona = [(row, p) for row, i in enumerate(interviews) for p in i.personas]
    by_segment = [(row, s) for row, i in enumerate(interviews) for s in handbook.segments_of(i)]
    groupings = {"segments": _exploded(frame, by_segment, list(handbook.segments)),
                 "personas": _exploded(frame, by_persona, list(handbook.personas)),
                 "overall": Grouping(frame, overall_keys(len(frame)))}
    files = [handbook.root / i.source for i in interviews]
    provenance = Provenance(INTERVIEWS, "interviews/",
                            files_digest(handbook.root / "interviews", files), modified(files),
                            len(frame))
    # Missing values are counted as written: a confidential interview's withheld text is
    # not missing.
    written = pd.DataFrame({c: _interview_column(c, [i.field(c) for i in interviews])
                            for c in sorted(use.values) if c in CONFIDENTIAL_TEXT})
    warnings = missing_value_warnings(frame.assign(**written), INTERVIEWS, sorted(use.values),
                                      "interviews",
                                      INTERVIEW_LISTS)
    return Table(INTERVIEWS, INTERVIEWS, groupings, provenance, INTERVIEW_LISTS), warnings


def _published_value(interview: Interview, column: str) -> object:
    """An interview's value; a confidential interview's free text never becomes a label."""
    if column in CONFIDENTIAL_TEXT and not interview.publishable:
        return None
    return interview.field(column)


def _interview_column(column: str, values: list[object]) -> pd.Series:
    if column in INTERVIEW_LISTS:
        return pd.Series([list(v) if isinstance(v, list) else [] for v in values], dtype=object)
    if column == "nps":
        return pd.Series(values, dtype="float64")
    return pd.Series(values, dtype="category")


def _exploded(frame: pd.DataFrame, pairs: list[tuple[int, str]], known: list[str]) -> Grouping:
    rows = frame.iloc[[row for row, _ in pairs]].reset_index(drop=True)
    keys = pd.Series(pd.Categorical([key for _, key in pairs], categories=known))
    return Grouping(rows, keys)

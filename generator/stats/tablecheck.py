"""Checks of the values read from a data source: numbers, missing values, group ids."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

import numpy as np
import pandas as pd

from generator.content.loading import format_path
from generator.content.metrics_spec import MetricsSpec, Parts
from generator.content.problems import Problem
from generator.stats.readers import RawData

_SHOWN_CHARS = 40


def id_keys(column: pd.Series, known: Mapping[str, object]) -> pd.Series:
    """Group ids as a categorical over the handbook's ids; unknown or missing ids become NaN."""
    values = column if isinstance(column.dtype, pd.CategoricalDtype) else column.astype("category")
    values = values.cat.rename_categories(str)
    return values.cat.set_categories(list(known))


def numeric_problems(spec: MetricsSpec, raw: RawData, rel: str, numeric: Mapping[str, Parts],
                     lists: Collection[str] = ()) -> list[Problem]:
    """Turn the columns that need numbers into numbers (in place), or say why they cannot.

    `numeric` maps each column to the key path of the first metric that needs numbers.
    """
    problems = []
    for column, at in sorted(numeric.items()):
        if column in lists:
            problems.append(spec.problem(
                at, f"column `{column}` of {rel} holds lists, not numbers",
                "count its items with `agg: share` or `agg: top`", "data.not-numeric"))
            continue
        problem = _to_numbers(spec, raw, rel, column, at)
        if problem is not None:
            problems.append(problem)
    return problems


def _to_numbers(spec: MetricsSpec, raw: RawData, rel: str, column: str, at: Parts
                ) -> Problem | None:
    values = raw.frame[column]
    if pd.api.types.is_numeric_dtype(values) and not isinstance(values.dtype, pd.CategoricalDtype):
        return None
    numbers = pd.to_numeric(values.astype(object), errors="coerce")
    bad = (numbers.isna() & values.notna()).to_numpy()
    if not bad.any():
        raw.frame[column] = numbers
        return None
    if not numbers.notna().any():
        return spec.problem(at, f"column `{column}` of {rel} holds text, not numbers",
                            "this statistic needs a column of numbers", "data.not-numeric")
    return _bad_values(raw, rel, column, bad, ("value that is not a number",
                                               "values that are not numbers"),
                       "write a number, or leave the cell empty when the value is unknown",
                       "data.not-numeric")


def infinite_problems(raw: RawData, rel: str, columns: Collection[str]) -> list[Problem]:
    """Infinite values (`inf`, or a number past 1.8e308) in columns read as numbers."""
    problems = []
    for column in sorted(columns):
        values = raw.frame[column].to_numpy(dtype="float64", na_value=np.nan)
        bad = np.isinf(values)
        if bad.any():
            problems.append(_bad_values(
                raw, rel, column, bad, ("value that is infinite", "values that are infinite"),
                "write a finite number, or leave the cell empty when the value is unknown",
                "data.not-finite"))
    return problems


def nps_problems(raw: RawData, rel: str, columns: Collection[str]) -> list[Problem]:
    """Answers outside 0–10 in the columns NPS is computed from (already numbers)."""
    problems = []
    for column in sorted(columns):
        values = raw.frame[column].to_numpy(dtype="float64", na_value=np.nan)
        bad = (values < 0) | (values > 10)
        if bad.any():
            problems.append(_bad_values(
                raw, rel, column, bad, ("value outside 0–10", "values outside 0–10"),
                "NPS answers are numbers from 0 to 10", "data.nps-range"))
    return problems


def _bad_values(raw: RawData, rel: str, column: str, bad: np.ndarray[Any, Any],
                words: tuple[str, str], hint: str, code: str) -> Problem:
    """The problem of a column with bad values: how many, and the first one and where."""
    first = int(np.flatnonzero(bad)[0])
    number = raw.first_row + first
    shown = str(raw.frame[column].iloc[first])[:_SHOWN_CHARS]
    count = int(bad.sum())
    what = f"1 {words[0]}" if count == 1 else f"{count:,} {words[1]}"
    return Problem(
        rel, number if raw.row_word == "line" else 1, 1, format_path([column]),
        f"column `{column}` has {what}, such as `{shown}` on {raw.row_word} {number}",
        hint, code=code)


def missing_value_warnings(frame: pd.DataFrame, rel: str, columns: list[str], what: str,
                           lists: Collection[str] = ()) -> list[Problem]:
    """One warning for each column with missing values (empty lists count as missing)."""
    problems = []
    for column in columns:
        values = frame[column]
        missing = int(values.map(len).eq(0).sum() if column in lists else values.isna().sum())
        if missing:
            problems.append(Problem(
                rel, 1, 1, format_path([column]),
                f"{missing:,} of {len(frame):,} {what} have no `{column}`; statistics skip them",
                "fill in the values if they are known", "warning", "data.missing-values"))
    return problems

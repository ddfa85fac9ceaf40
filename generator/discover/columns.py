"""Which source and columns to cluster, read with the statistics' readers, typed.

A column holding numbers (more than two distinct values) is a number; text,
true/false and two-valued numbers are categories. Dates cannot be clustered.
Missing values stay missing here (NaN, code -1): `encode` imputes them and
the profiles leave them out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from generator.content.metrics_spec import INTERVIEWS, MetricsSpec, Parts
from generator.content.model import Handbook
from generator.content.problems import Problem
from generator.content.schema_check import did_you_mean
from generator.stats.readers import Unreadable, read_file
from generator.stats.sources import Provenance, modified
from generator.stats.tablecheck import id_keys

Array = np.ndarray[Any, Any]


@dataclass(frozen=True)
class Request:
    """What to cluster: a source, its columns, k (None: chosen), the seed.

    `named_at` gives the spec's key path of each column it names, for located problems.
    """

    source: str
    columns: tuple[str, ...]
    k: int | None = None
    seed: int = 0
    named_at: dict[str, Parts] = field(default_factory=dict)


@dataclass(frozen=True)
class Column:
    """One column's values: numbers (NaN missing) or category codes (-1 missing) with labels."""

    name: str
    kind: Literal["number", "category"]
    values: Array
    levels: tuple[str, ...] = ()

    @property
    def missing(self) -> int:
        return int(np.isnan(self.values).sum() if self.kind == "number"
                   else (self.values < 0).sum())


@dataclass(frozen=True)
class Rows:
    """The columns of a source, each row's segment key (NaN: not in the handbook), provenance."""

    columns: list[Column]
    unusable: list[tuple[str, str]]
    segments: pd.Series
    provenance: Provenance

    @property
    def count(self) -> int:
        return len(self.segments)


def plan_request(spec: MetricsSpec, source: str | None, columns: Sequence[str] | None,
                 k: int | None, seed: int | None = None) -> Request | str:
    """The request, from the command line's choices over the spec's `discover:` section;
    a one-line usage message when no source can be chosen."""
    declared = spec.discover
    data_sources = sorted(spec.sources)
    source = source or (declared.source if declared else None) or (
        data_sources[0] if len(data_sources) == 1 else None)
    if source is None:
        return ("choose a source with --source (or a `discover:` section in data/metrics.yml): "
                + (", ".join(data_sources) or "data/metrics.yml has no data source"))
    if source not in spec.sources:
        hint = did_you_mean(source, data_sources) or "sources: " + ", ".join(data_sources)
        what = "interviews are not rows to cluster" if source == INTERVIEWS else hint
        return f"no data source `{source}`: {what}"
    own = declared if declared and declared.source == source else None
    named_at = _spec_columns(spec, source, own is not None)
    chosen = tuple(columns) if columns else tuple(named_at)
    if not chosen:
        return f"source `{source}` has no columns to cluster on: name them with --columns"
    k = k if k is not None else (own.k if own else None)
    seed = seed if seed is not None else (own.seed if own else 0)
    return Request(source, chosen, k, seed, {c: named_at[c] for c in chosen if c in named_at})


def _spec_columns(spec: MetricsSpec, source: str, declared: bool) -> dict[str, Parts]:
    """Columns the spec names: the `discover:` list, else the columns of the source's metrics."""
    if declared and spec.discover and spec.discover.columns:
        return {c: ["discover", "columns", i] for i, c in enumerate(spec.discover.columns)}
    groups = {spec.sources[source].segment, spec.sources[source].persona}
    found: dict[str, Parts] = {}
    for metric in spec.metrics_of(source):
        if metric.column and metric.column not in groups:
            found.setdefault(metric.column, ["metrics", metric.index, "column"])
    return found


def read_rows(handbook: Handbook, spec: MetricsSpec, request: Request, data_dir: Path
              ) -> tuple[Rows | None, list[Problem]]:
    """The requested columns of the source, typed, or None with the problems."""
    source = spec.sources[request.source]
    path = data_dir / source.file
    rel = (Path(data_dir.name) / source.file).as_posix()
    wanted = list(dict.fromkeys([source.segment, *request.columns]))
    raw, names = read_file(path, rel, wanted, {source.segment}, source.encoding, source.sheet)
    if isinstance(raw, Unreadable):
        return None, _unreadable(spec, request, rel, raw, names, wanted)
    columns, unusable = [], []
    for name in request.columns:
        typed = typed_column(name, raw.frame[name])
        if isinstance(typed, str):
            unusable.append((name, typed))
        else:
            columns.append(typed)
    files = sorted(path.rglob("*")) if path.is_dir() else [path]
    provenance = Provenance(request.source, rel, raw.sha256, modified(files), len(raw.frame),
                            raw.encoding)
    segments = id_keys(raw.frame[source.segment], handbook.segments)
    return Rows(columns, unusable, segments, provenance), []


def _unreadable(spec: MetricsSpec, request: Request, rel: str, raw: Unreadable,
                names: list[str], wanted: list[str]) -> list[Problem]:
    absent = [c for c in wanted if c not in names]
    if not names or not absent:
        return [Problem(rel, 1, 1, "$", raw.message, raw.hint, code="data.unreadable")]
    problems = []
    for column in absent:
        message = f"column `{column}` is not in {rel}"
        hint = did_you_mean(column, names) or raw.hint
        at = request.named_at.get(column)
        problems.append(spec.problem(at, message, hint, "discover.missing-column") if at
                        else Problem(rel, 1, 1, "$", message, hint,
                                     code="discover.missing-column"))
    return problems


def typed_column(name: str, values: pd.Series) -> Column | str:
    """The column as numbers or categories, or why it cannot be clustered."""
    if pd.api.types.is_datetime64_any_dtype(values) or (
            values.dtype == object
            and pd.api.types.infer_dtype(values, skipna=True) in ("date", "datetime")):
        return "dates cannot be clustered: use a number, such as days since sign-up"
    is_category = isinstance(values.dtype, pd.CategoricalDtype)
    if pd.api.types.is_numeric_dtype(values) and not is_category \
            and not pd.api.types.is_bool_dtype(values):
        numbers = values.to_numpy(dtype="float64", na_value=np.nan, copy=True)
        numbers[~np.isfinite(numbers)] = np.nan  # infinities count as missing
        if len(np.unique(numbers[~np.isnan(numbers)])) > 2:
            return Column(name, "number", numbers)
    cats = values if is_category else values.astype("category")
    labels = tuple(_label(c) for c in cats.cat.categories)
    return Column(name, "category", cats.cat.codes.to_numpy().astype(np.int32), labels)


def _label(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)

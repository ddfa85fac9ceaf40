"""The metrics of a spec as DuckDB SQL: the baseline of bench/stats.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

SCALAR = {"count": "count(*)", "sum": "sum({c})", "mean": "avg({c})", "median": "median({c})",
          "min": "min({c})", "max": "max({c})", "quantile": "quantile_cont({c}, {q})"}


def _name(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def _literal(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def _where(metric: dict[str, Any]) -> str:
    terms = []
    for column, wanted in (metric.get("where") or {}).items():
        values = wanted if isinstance(wanted, list) else [wanted]
        terms.append(f"{_name(column)} IN ({', '.join(map(_literal, values))})")
    return " AND ".join(terms) or "true"


def _scalar_terms(metric: dict[str, Any]) -> list[str]:
    column = _name(metric.get("column") or "")
    condition = f" FILTER (WHERE {_where(metric)})"
    if metric["agg"] == "nps":
        return [f"count({column}){condition}",
                f"count(*) FILTER (WHERE {column} >= 9 AND {_where(metric)})",
                f"count(*) FILTER (WHERE {column} <= 6 AND {_where(metric)})"]
    term = SCALAR[metric["agg"]].format(c=column, q=metric.get("q"))
    return [term + condition, (f"count({column})" if metric.get("column") else "count(*)")
            + condition]


def _grouped_query(metric: dict[str, Any], key: str) -> str:
    column = _name(metric["column"])
    if metric["agg"] == "histogram":
        bins = metric["bins"]
        cases = " ".join(f"WHEN {column} < {b} THEN {i}" for i, b in enumerate(bins))
        column = f"CASE {cases} ELSE {len(bins)} END"
    return (f"SELECT {key}, {column} AS category, count(*) FROM t WHERE {_where(metric)} "
            f"AND {_name(metric['column'])} IS NOT NULL GROUP BY ALL")


def duckdb_stats(path: Path, spec: dict[str, Any]) -> dict[str, Any]:
    """Every metric per segment, per persona and overall; `check` holds the segments' spend_p90."""
    source = spec["sources"]["customers"]
    metrics = spec["metrics"]
    columns = {source["segment"], source["persona"]}
    for m in metrics:
        columns.update([m["column"]] if m.get("column") else [])
        columns.update((m.get("where") or {}).keys())
    reader = "read_parquet" if path.suffix == ".parquet" else "read_csv"
    con = duckdb.connect()
    con.execute(f"CREATE TABLE t AS SELECT {', '.join(map(_name, sorted(columns)))} "
                f"FROM {reader}('{path}')")
    levels = {"segments": _name(source["segment"]), "personas": _name(source["persona"]),
              "overall": "'overall'"}
    scalar = [m for m in metrics if m["agg"] in SCALAR or m["agg"] == "nps"]
    results: dict[str, Any] = {}
    for level, key in levels.items():
        terms = [t for m in scalar for t in _scalar_terms(m)]
        results[level] = con.execute(f"SELECT {key} AS g, {', '.join(terms)} FROM t GROUP BY g"
                                     ).fetchall()
        for m in metrics:
            if m not in scalar:
                con.execute(_grouped_query(m, key)).fetchall()
    at = [i for i, m in enumerate(scalar) if m["id"] == "spend_p90"]
    check = {row[0]: row[1 + 2 * at[0]] for row in results["segments"] if row[0] is not None}
    return {"check": check if at else {}}

"""Real handbook folders around a synthetic customer table, for the discovery tests."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tests.statsfixtures import write_handbook, write_spec

SPEC = """min_group_size: 10
sources:
  customers:
    file: customers.csv
    encoding: {encoding}
    segment: segment
metrics:
  - {{id: customers, source: customers, agg: count}}
  - {{id: median_age, source: customers, column: age, agg: median}}
{discover}"""


def discover_handbook(root: Path, frame: pd.DataFrame, discover: str | None = None,
                      encoding: str = "utf-8", segments: list[str] | None = None) -> Path:
    """A handbook whose segments are `segments` (default: those of the table) and whose
    data/customers.csv is the table, written in `encoding` (gbk as Excel writes it).

    The spec's `discover:` section is `discover`, by default one naming every column of
    the table but the segment.
    """
    names = segments if segments is not None else sorted(set(frame["segment"]))
    if discover is None:
        columns = ", ".join(c for c in frame.columns if c != "segment")
        discover = f"discover:\n  source: customers\n  columns: [{columns}]\n"
    write_handbook(root, {name: [f"{name}-p"] for name in names})
    write_spec(root, SPEC.format(encoding="auto" if encoding == "gbk" else encoding,
                                 discover=discover))
    frame.to_csv(root / "data" / "customers.csv", index=False, encoding=encoding)
    return root

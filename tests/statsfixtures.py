"""Tiny real handbooks in temporary folders, for the statistics tests."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from generator.content.metrics_spec import MetricsSpec, load_metrics_spec
from generator.content.model import Handbook
from generator.content.validation import validate_handbook
from generator.stats.compute import StatsResult, compute_stats

TODAY = date(2026, 11, 22)


def _front_matter(data: Mapping[str, Any], body: str = "") -> str:
    text = yaml.safe_dump(dict(data), allow_unicode=True, sort_keys=False)
    return f"---\n{text}---\n{body}"


def write_handbook(root: Path, segments: Mapping[str, Sequence[str]],
                   interviews: Sequence[Mapping[str, Any]] = ()) -> None:
    """Segment folders with their personas, and interviews (each a dict of extra keys)."""
    for segment, personas in segments.items():
        folder = root / "personas" / segment
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "_segment.md").write_text(_front_matter(
            {"name": f"细分 {segment}", "summary": "s", "owners": ["市场部"], "kind": "b2c"}),
            encoding="utf-8")
        for persona in personas:
            (folder / f"{persona}.md").write_text(_front_matter({
                "name": f"画像 {persona}", "status": "active", "tagline": "t",
                "owners": ["市场部"], "last_validated": "2026-10-01", "goals": ["g"],
                "pain_points": ["p"]}), encoding="utf-8")
    folder = root / "interviews"
    folder.mkdir(parents=True, exist_ok=True)
    for number, extra in enumerate(interviews, start=1):
        data = {"date": "2026-10-01", "interviewer": "UR", "participant": f"P-{number:03d}",
                "consent": True, **extra}
        (folder / f"i-{number:03d}.md").write_text(_front_matter(data, "notes\n"),
                                                   encoding="utf-8")


def load_handbook(root: Path) -> Handbook:
    """The validated handbook (the test fails if it has errors)."""
    result = validate_handbook(root, TODAY, jobs=1)
    assert result.handbook is not None, [p.as_text() for p in result.problems]
    return result.handbook


def write_spec(root: Path, text: str) -> Path:
    path = root / "data" / "metrics.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def load_spec(root: Path) -> MetricsSpec:
    """The metrics spec (the test fails if it has errors)."""
    spec, problems = load_metrics_spec(root)
    assert spec is not None, [p.as_text() for p in problems]
    return spec


def csv_text(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """CSV text; None becomes an empty cell."""
    lines = [",".join(header)]
    lines += [",".join("" if v is None else str(v) for v in row) for row in rows]
    return "\n".join(lines) + "\n"


def small_groups(tmp_path: Path, sizes: dict[str, int], spec: str,
                 rows: list[list[Any]] | None = None) -> StatsResult:
    """A handbook with one persona per segment and `sizes[segment]` customer rows each."""
    write_handbook(tmp_path, {s: [f"{s}-p"] for s in sizes})
    if rows is None:
        rows = [[s, f"{s}-p", 20 + i, "上海"] for s, size in sizes.items() for i in range(size)]
    (tmp_path / "data").mkdir(exist_ok=True)
    (tmp_path / "data" / "c.csv").write_text(csv_text(["segment", "persona", "age", "city"], rows),
                                             encoding="utf-8")
    write_spec(tmp_path, "sources:\n  c: {file: c.csv, segment: segment, persona: persona}\n"
               "metrics:\n" + spec)
    return compute_stats(load_handbook(tmp_path), load_spec(tmp_path), tmp_path / "data")

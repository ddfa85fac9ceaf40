"""Large handbooks are checked in worker processes: same problems, same positions."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bench.corpus import write_handbook
from generator.content.validation import PARALLEL_THRESHOLD, validate_handbook


def test_parallel_and_serial_validation_agree(tmp_path: Path) -> None:
    root = write_handbook(tmp_path / "big", personas=200, interviews=PARALLEL_THRESHOLD)
    broken = root / "personas" / "segment-000" / "persona-00000.md"
    broken.write_text(broken.read_text(encoding="utf-8").replace("status:", "statuss:"),
                      encoding="utf-8")
    today = date(2026, 11, 22)
    serial = validate_handbook(root, today, jobs=1)
    parallel = validate_handbook(root, today, jobs=2)
    assert parallel.problems == serial.problems
    assert [p.as_text() for p in parallel.problems if p.severity == "error"] == [
        "personas/segment-000/persona-00000.md:2:1: $: missing required key `status`\n"
        "    hint: add a line `status: …`",
        "personas/segment-000/persona-00000.md:3:1: $.statuss: unknown key `statuss`\n"
        "    hint: did you mean `status`?"]
    assert len(parallel.files) == len(serial.files) == 200 + PARALLEL_THRESHOLD + 20

"""Large handbooks are checked in worker processes: same problems, same positions."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

from generator.content.validation import PARALLEL_THRESHOLD, validate_handbook
from tests.conftest import VALID


def many_copies(root: Path, personas: int, interviews: int) -> Path:
    """The valid example handbook with its first persona and interview copied many times."""
    shutil.copytree(VALID, root)
    persona = (root / "personas/commuters/lin-xiao.md").read_text(encoding="utf-8")
    for n in range(personas):
        (root / f"personas/commuters/persona-{n:05d}.md").write_text(persona, encoding="utf-8")
    interview = (root / "interviews/2026-09-10-p-001.md").read_text(encoding="utf-8")
    for n in range(interviews):
        text = re.sub(r"(?m)^participant: .*$", f"participant: P-{n:05d}", interview)
        (root / f"interviews/interview-{n:05d}.md").write_text(text, encoding="utf-8")
    return root


def test_parallel_and_serial_validation_agree(tmp_path: Path) -> None:
    root = many_copies(tmp_path / "big", personas=200, interviews=PARALLEL_THRESHOLD)
    broken = root / "personas" / "commuters" / "persona-00000.md"
    broken.write_text(broken.read_text(encoding="utf-8").replace("status:", "statuss:"),
                      encoding="utf-8")
    today = date(2026, 11, 22)
    serial = validate_handbook(root, today, jobs=1)
    parallel = validate_handbook(root, today, jobs=2)
    assert parallel.problems == serial.problems
    errors = [p.as_text() for p in parallel.problems if p.severity == "error"]
    assert [e for e in errors if "persona-00000" in e] == [
        "personas/commuters/persona-00000.md:2:1: $: missing required key `status`\n"
        "    hint: add a line `status: …`",
        "personas/commuters/persona-00000.md:3:1: $.statuss: unknown key `statuss`\n"
        "    hint: did you mean `status`?"]
    assert len(parallel.files) == len(serial.files) >= 200 + PARALLEL_THRESHOLD

"""Golden files of the generated Markdown, and what the pages must (not) contain."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generator.pipeline import generate
from tests.conftest import check_golden

GOLDEN = Path(__file__).parent.parent / "golden"
TODAY = date(2026, 11, 22)


@pytest.fixture
def generated(valid_handbook: Path, tmp_path: Path) -> Path:
    build_dir = tmp_path / "build"
    result = generate(valid_handbook, build_dir, TODAY)
    assert result.validation.handbook is not None
    return build_dir


@pytest.mark.parametrize(
    ("page", "golden"),
    [
        ("personas/lin-xiao.md", "persona-lin-xiao.md"),
        ("segments/sales-teams.md", "segment-sales-teams.md"),
        ("interviews/2026-09-10-p-001.md", "interview-2026-09-10-p-001.md"),
    ],
)
def test_generated_markdown_matches_golden(generated: Path, page: str, golden: str) -> None:
    check_golden(GOLDEN / golden, (generated / "docs" / page).read_text(encoding="utf-8"))


def test_confidential_interview_appears_nowhere(generated: Path) -> None:
    assert not (generated / "docs" / "interviews" / "2026-10-20-p-003.md").exists()
    for path in generated.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            for secret in ("只能计入统计的保密原话", "保密的预算顾虑", "P-003"):
                assert secret not in text, path


def test_persona_page_counts_confidential_interviews(generated: Path) -> None:
    text = (generated / "docs" / "personas" / "liu-qiang.md").read_text(encoding="utf-8")
    assert "另有 1 次保密访谈计入统计，但不公开。" in text


def test_regenerating_rewrites_only_changed_files(valid_handbook: Path, tmp_path: Path) -> None:
    build_dir = tmp_path / "build"
    first = generate(valid_handbook, build_dir, TODAY)
    assert "docs/personas/zhou-ming.md" in first.changed
    again = generate(valid_handbook, build_dir, TODAY)
    assert again.changed == []
    persona = valid_handbook / "personas" / "commuters" / "zhou-ming.md"
    persona.write_text(persona.read_text(encoding="utf-8").replace("8 pm", "9 pm"),
                       encoding="utf-8")
    changed = generate(valid_handbook, build_dir, TODAY).changed
    assert "docs/personas/zhou-ming.md" in changed
    assert "docs/personas/lin-xiao.md" not in changed


def test_removed_persona_page_is_deleted(valid_handbook: Path, tmp_path: Path) -> None:
    build_dir = tmp_path / "build"
    generate(valid_handbook, build_dir, TODAY)
    (valid_handbook / "personas" / "commuters" / "zhou-ming.md").unlink()
    for interview in (valid_handbook / "interviews").glob("*.md"):
        interview.write_text(interview.read_text(encoding="utf-8")
                             .replace("zhou-ming, ", ""), encoding="utf-8")
    lin = valid_handbook / "personas" / "commuters" / "lin-xiao.md"
    lin.write_text(lin.read_text(encoding="utf-8").replace("related:\n  - zhou-ming\n", ""),
                   encoding="utf-8")
    result = generate(valid_handbook, build_dir, TODAY)
    assert result.validation.handbook is not None, result.validation.problems
    assert not (build_dir / "docs" / "personas" / "zhou-ming.md").exists()

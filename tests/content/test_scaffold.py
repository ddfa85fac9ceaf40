"""`handbook new`: every section of the content model, the sample's heading levels, and
template text that validation warns about (and --strict refuses)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main
from generator.content.schemas import schema
from tests.conftest import TODAY

REPO = Path(__file__).resolve().parent.parent.parent


def new(root: Path, *args: str) -> Path:
    assert main(["new", *args, "--root", str(root), "--today", TODAY]) == 0
    return root


def front_matter(path: Path) -> tuple[str, str]:
    _, yaml_text, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml_text, body


def keys_written(yaml_text: str) -> set[str]:
    """Top-level keys, written or commented out (`# key: example`)."""
    return set(re.findall(r"^#? ?([a-z_]+):", yaml_text, re.M))


@pytest.mark.parametrize(("kind", "spec", "rel"), [
    ("persona", "commuters/xiao-mei", "personas/commuters/xiao-mei.md"),
    ("segment", "students", "personas/students/_segment.md"),
    ("interview", "2026-11-22-p-009", "interviews/2026-11-22-p-009.md"),
])
def test_every_section_of_the_content_model_is_there(valid_handbook: Path, kind: str,
                                                     spec: str, rel: str) -> None:
    yaml_text, _ = front_matter(new(valid_handbook, kind, spec) / rel)
    properties = set(schema(kind)["properties"]) - {"b2b"}
    assert properties - keys_written(yaml_text) == set()


def test_a_b2b_persona_gets_every_key_of_the_b2b_section(valid_handbook: Path) -> None:
    yaml_text, _ = front_matter(new(valid_handbook, "persona", "sales-teams/wang-li")
                                / "personas" / "sales-teams" / "wang-li.md")
    b2b: dict[str, Any] = yaml.safe_load(yaml_text)["b2b"]
    b2b_schema = schema("persona")["properties"]["b2b"]
    properties = b2b_schema.get("properties") or schema("persona")["$defs"][
        b2b_schema["$ref"].rsplit("/", 1)[1]]["properties"]
    assert set(b2b) == set(properties)


def test_headings_are_at_the_sample_levels(valid_handbook: Path) -> None:
    new(valid_handbook, "persona", "commuters/xiao-mei")
    new(valid_handbook, "interview", "2026-11-22-p-009")
    _, persona = front_matter(valid_handbook / "personas" / "commuters" / "xiao-mei.md")
    _, interview = front_matter(valid_handbook / "interviews" / "2026-11-22-p-009.md")
    _, sample_persona = front_matter(REPO / "personas" / "urban-commuters" / "lin-xiao.md")
    _, sample_interview = front_matter(REPO / "interviews" / "2026-03-12-p-009.md")
    levels = lambda body: {line.split()[0] for line in body.splitlines()  # noqa: E731
                           if line.startswith("#")}
    assert levels(persona) == levels(sample_persona) == {"##"}
    assert levels(interview) == levels(sample_interview) == {"##"}


def test_template_text_is_a_warning_and_fails_with_strict(
        valid_handbook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new(valid_handbook, "persona", "commuters/xiao-mei")
    capsys.readouterr()
    root = str(valid_handbook)
    assert main(["validate", root, "--today", TODAY]) == 0
    out = capsys.readouterr().out
    assert "1 file still has text from its template:" in out
    assert "personas/commuters/xiao-mei.md:" in out and "$.tagline" in out
    assert "1 line of the text" in out
    assert main(["validate", root, "--today", TODAY, "--strict"]) == 1


def test_filled_in_files_have_no_warning(valid_handbook: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    path = new(valid_handbook, "persona", "commuters/xiao-mei") / "personas" / "commuters" / \
        "xiao-mei.md"
    path.write_text(path.read_text(encoding="utf-8").replace("TODO ", ""), encoding="utf-8")
    interview = valid_handbook / "interviews" / "2026-09-10-p-001.md"
    interview.write_text(interview.read_text(encoding="utf-8").replace(
        "personas: [lin-xiao]", "personas: [lin-xiao, xiao-mei]"), encoding="utf-8")
    capsys.readouterr()
    assert main(["validate", str(path), "--today", TODAY, "--strict"]) == 0, \
        capsys.readouterr().out

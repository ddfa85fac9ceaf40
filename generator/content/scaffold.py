"""`handbook new`: scaffold segment, persona and interview files that validate.

Each file has every section of the content model, empty or as a commented
example, with the sample handbook's heading levels. Text to replace starts
with the placeholder marker (`placeholders.MARKER`), which `handbook
validate` reports until it is gone.
"""

from __future__ import annotations

import re
from datetime import date
from importlib import resources
from pathlib import Path
from string import Template

from generator.content import loading
from generator.content.discovery import discover
from generator.content.problems import UsageError

_B2B_SECTION = """b2b:                           # the buying company (the segment is b2b)
  industry: ""
  company_size: ""
  business_stage: ""
  decision_role: ""
  buying_center: []
  problems: []
"""


class ScaffoldError(UsageError):
    """The file cannot be created (bad id, missing segment, file exists)."""


def _template(kind: str) -> Template:
    folder = resources.files("generator.content") / "templates"
    text = (folder / f"new-{kind}.md").read_text("utf-8")
    return Template(text)


def _check_id(id_: str) -> None:
    if not loading.ID_PATTERN.match(id_):
        raise ScaffoldError(
            f"`{id_}` is not a valid id: use lowercase letters a-z, digits and hyphens"
        )


def _write(target: Path, text: str) -> Path:
    if target.exists() or target.is_symlink():
        raise ScaffoldError(f"{target} already exists")
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as out:  # never through a link planted there
        out.write(text)
    return target


def new_segment(root: Path, segment_id: str, today: date) -> Path:
    _check_id(segment_id)
    target = root / "personas" / segment_id / loading.SEGMENT_FILE
    text = _template("segment").substitute(name=segment_id)
    return _write(target, text)


def new_persona(root: Path, spec: str, today: date) -> Path:
    """`spec` is SEGMENT/ID; the segment must exist (its kind decides the b2b section)."""
    segment_id, _, persona_id = spec.partition("/")
    if not persona_id:
        raise ScaffoldError(f"write the persona as SEGMENT/ID, e.g. urban-commuters/lin-xiao, "
                            f"not `{spec}`")
    _check_id(segment_id)
    _check_id(persona_id)
    segment_file = root / "personas" / segment_id / loading.SEGMENT_FILE
    if not segment_file.is_file():
        raise ScaffoldError(f"no segment `{segment_id}`: create it first with "
                            f"`handbook new segment {segment_id}`")
    is_b2b = re.search(r"^kind:\s*['\"]?b2b", segment_file.read_text("utf-8", "replace"),
                       re.M)
    target = segment_file.parent / f"{persona_id}.md"
    text = _template("persona").substitute(
        name=persona_id, id=persona_id, today=today.isoformat(),
        b2b_section=_B2B_SECTION if is_b2b else "")
    return _write(target, text)


def new_interview(root: Path, interview_id: str, today: date, persona: str | None) -> Path:
    """An interview citing `persona` (default: the first persona of the handbook)."""
    _check_id(interview_id)
    found = discover(root).files
    persona_ids = sorted(f.id for f in found if f.kind == "persona")
    persona = persona or (persona_ids[0] if persona_ids else None)
    if persona is None or persona not in persona_ids:
        raise ScaffoldError(f"no persona `{persona}` to cite: pass --persona with an existing "
                            "persona id" if persona else "the handbook has no persona to cite "
                            "yet: create one with `handbook new persona SEGMENT/ID`")
    target = root / "interviews" / f"{interview_id}.md"
    text = _template("interview").substitute(
        today=today.isoformat(),
        participant=_next_participant(found), persona=persona)
    return _write(target, text)


def _next_participant(found: list[loading.SourceFile]) -> str:
    numbers = [0]
    for source in found:
        if source.kind == "interview":
            text = source.path.read_text("utf-8", "replace")
            match = re.search(r"^participant:\s*['\"]?P-(\d+)", text, re.M)
            numbers += [int(match.group(1))] if match else []
    return f"P-{max(numbers) + 1:03d}"

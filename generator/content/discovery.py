"""Which files of a handbook are content: segments, personas and interviews, found by path."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.content.loading import SEGMENT_FILE, SKIPPED_NAMES, Kind, SourceFile
from generator.content.paths import inside_root, outside_problem, walk
from generator.content.problems import Problem


@dataclass(frozen=True)
class Discovery:
    """Every content file found, the segment folders, and files in the wrong place."""

    files: list[SourceFile]
    segment_dirs: list[str]
    problems: list[Problem]


@dataclass(frozen=True)
class ContentRef:
    """What a path in the handbook holds: kind, id and segment folder."""

    kind: Kind
    id: str
    segment: str | None = None


def content_ref(rel: str | None) -> ContentRef | None:
    """The one rule for which file is which, from its path relative to the handbook root.

    `personas/<segment>/_segment.md` is a segment, `personas/<segment>/<id>.md` a
    persona, `interviews/**/<id>.md` an interview; README/index pages and
    anything under a hidden folder are none of these.
    """
    parts = (rel or "").split("/")
    name = parts[-1]
    if not name.endswith(".md") or ignored(parts):
        return None
    stem = name[: -len(".md")]
    if parts[0] == "personas" and len(parts) == 3:
        if name == SEGMENT_FILE:
            return ContentRef("segment", parts[1], parts[1])
        return ContentRef("persona", stem, parts[1])
    if parts[0] == "interviews" and len(parts) >= 2:
        return ContentRef("interview", stem)
    return None


def ignored(parts: list[str]) -> bool:
    """README and index pages, and anything in a hidden folder, are not content."""
    return parts[-1].lower() in SKIPPED_NAMES or any(p.startswith(".") for p in parts)


def discover(root: Path) -> Discovery:
    """Find segments, personas and interviews below `root` in a stable order.

    Files and folders that lead out of `personas/` or `interviews/` (links,
    see `paths.walk`) are problems and are never read.
    """
    files: list[SourceFile] = []
    problems: list[Problem] = []
    for folder in ("personas", "interviews"):
        base = root / folder
        found = walk(root, base)
        problems += [outside_problem(root, path, base) for path in found.outside]
        for path in found.files:
            rel = path.relative_to(root).as_posix()
            ref = content_ref(rel)
            if ref is not None:
                files.append(SourceFile(path, rel, ref.kind, ref.id, ref.segment))
            elif folder == "personas" and rel.endswith(".md") and not ignored(rel.split("/")):
                problems.append(_misplaced(rel))
    return Discovery(files, _segment_dirs(root, root / "personas"), problems)


def _segment_dirs(root: Path, personas: Path) -> list[str]:
    if not personas.is_dir() or inside_root(root, personas) is None:
        return []
    return sorted(p.name for p in personas.iterdir() if p.is_dir() and not p.name.startswith(".")
                  and inside_root(personas, p) is not None)


def _misplaced(rel: str) -> Problem:
    return Problem(
        rel, 1, 1, "$",
        "persona files belong in a segment folder: personas/<segment-id>/<persona-id>.md",
        "move the file into the folder of its segment (one level below personas/)",
        code="layout.misplaced",
    )

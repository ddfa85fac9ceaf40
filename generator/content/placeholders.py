"""Text left from a `handbook new` template: values and body lines that start with the
placeholder marker. A warning, so a half-written file still previews; `--strict` fails."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.content.loading import LoadedFile, format_path
from generator.content.problems import Problem

MARKER = "TODO"
_SHOWN_KEYS = 4


def starts_with_marker(text: str) -> bool:
    """Whether a value or a line of Markdown is template text (`TODO …`)."""
    stripped = text.lstrip(" \t>-*").lstrip()
    return stripped == MARKER or stripped.startswith((f"{MARKER} ", f"{MARKER}:"))


def _marked_values(value: Any, path: list[str | int]) -> Iterator[list[str | int]]:
    if isinstance(value, str) and starts_with_marker(value):
        yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _marked_values(item, [*path, str(key)])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _marked_values(item, [*path, index])


def placeholder_warning(loaded: LoadedFile) -> Problem | None:
    """One warning if the file still has template text, naming where."""
    if MARKER not in loaded.front_matter_text() and MARKER not in loaded.body:
        return None
    keys = list(_marked_values(loaded.data or {}, []))
    body_lines = sum(1 for line in loaded.body.splitlines() if starts_with_marker(line))
    if not keys and not body_lines:
        return None
    where = [format_path(k) for k in keys[:_SHOWN_KEYS]]
    where += [f"{len(keys) - _SHOWN_KEYS} more"] if len(keys) > _SHOWN_KEYS else []
    where += [f"{body_lines} line{'s' * (body_lines != 1)} of the text"] if body_lines else []
    line, column = loaded.position(keys[0]) if keys else (1, 1)
    return Problem(
        loaded.source.rel, line, column, format_path(keys[0]) if keys else "body",
        "template text left: " + ", ".join(where),
        f"replace each `{MARKER} …` with what you know, or delete it",
        "warning", "content.placeholder")

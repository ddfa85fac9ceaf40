"""Personal data in a content file, as located problems.

Segments, personas and interviews are all scanned, front matter and body, and
the metrics spec (its labels and names are printed on the site). The
front matter is scanned as written (so a finding has its exact line) and, when
it holds escapes (`"\\u0031…"`), as YAML reads it too. An interview's
participant must be a code that spells no name (`participant`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.content import participant, privacy
from generator.content.loading import LoadedFile, format_path
from generator.content.problems import Problem

_HINTS = {
    "interview": "interview notes identify people only by a participant code: remove it",
    "persona": "a persona describes a kind of customer, never a real person: remove it",
    "segment": "a segment describes a group of customers, never a real person: remove it",
    "metrics": "the statistics' names and labels are shown on the site: remove it",
}


def personal_data_problems(loaded: LoadedFile) -> list[Problem]:
    """Personal data in a file's front matter or body by line, value masked, and a
    participant code that spells a name."""
    text = loaded.lined_text()
    closing_fence = loaded.yaml_first_line + loaded.front_matter_text().count("\n")
    problems = []
    for found in privacy.find_personal_data(text):
        in_body = found.line > closing_fence
        key = "body" if in_body else format_path(loaded.path_at_line(found.line))
        problems.append(_problem(loaded, found.line, found.column, key, found))
    if "\\" in loaded.yaml_text:
        problems += _read_values(loaded, {(p.key_path, p.code) for p in problems})
    return problems + _participant_name(loaded)


def _problem(loaded: LoadedFile, line: int, column: int, key: str,
             found: privacy.Finding) -> Problem:
    return Problem(loaded.source.rel, line, column, key,
                   f"personal data: {found.kind} ({found.masked})",
                   _HINTS.get(loaded.source.kind, _HINTS["persona"]), code=found.code)


def personal_data_in_values(loaded: LoadedFile) -> list[Problem]:
    """Personal data in the values of a settings file, each at its exact key (its comments,
    which are never shown, are not scanned)."""
    return _read_values(loaded, set())


def _read_values(loaded: LoadedFile, reported: set[tuple[str, str]]) -> list[Problem]:
    # Escapes in double-quoted YAML (`"\u0031\u0033\u0038…"`) hide a value from the scan of
    # the text as written; scan the values as YAML reads them.
    problems = []
    for parts, value in _strings(loaded.data, []):
        for found in privacy.find_personal_data(value):
            key = format_path(parts)
            if (key, found.code) not in reported:
                reported.add((key, found.code))
                problems.append(_problem(loaded, *loaded.position(parts), key, found))
    return problems


def _strings(value: Any, parts: list[str | int]) -> Iterator[tuple[list[str | int], str]]:
    if isinstance(value, str):
        yield parts, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, [*parts, str(key)])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, [*parts, index])


def _participant_name(loaded: LoadedFile) -> list[Problem]:
    code = (loaded.data or {}).get("participant")
    if loaded.source.kind != "interview" or not isinstance(code, str):
        return []
    # A value the schema refused (not the form of a code) is reported once, there.
    if any(p.key_path == "$.participant" for p in loaded.problems):
        return []
    if not participant.spells_a_name(code):
        return []
    line, column = loaded.position(["participant"])
    return [Problem(loaded.source.rel, line, column, "$.participant", participant.MESSAGE,
                    participant.HINT, code="privacy.participant-name")]

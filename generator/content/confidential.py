"""Personas and segments must not point at confidential interviews.

A confidential interview (or one without consent) counts in statistics and is
never published; a persona or segment page that links to it, names its id or
repeats one of its quotes would publish it through the back door.
"""

from __future__ import annotations

import re

from generator.content.loading import LoadedFile, read_text
from generator.content.model import is_publishable
from generator.content.problems import Problem

SHORTEST_QUOTE = 8


def confidential_citation_problems(files: list[LoadedFile]) -> list[Problem]:
    """Every persona or segment file that names or quotes a confidential interview."""
    secret = [f for f in files if f.source.kind == "interview" and f.data is not None
              and not is_publishable(f.data.get("consent"), f.data.get("confidential"))]
    if not secret:
        return []
    marks = [(f.source.id, re.compile(rf"(?<![\w-]){re.escape(f.source.id)}(?![\w-])"),
              _quotes(f)) for f in secret]
    problems = []
    for loaded in files:
        if loaded.source.kind in ("persona", "segment"):
            text, _ = read_text(loaded.source, max_bytes=1 << 62)
            problems += [_problem(loaded, text or "", interview, offset)
                         for interview, pattern, quotes in marks
                         for offset in _found(text or "", pattern, quotes)[:1]]
    return problems


def _quotes(loaded: LoadedFile) -> list[str]:
    found = (loaded.data or {}).get("quotes") or []
    texts = [" ".join(str(q.get("text", "")).split()) for q in found if isinstance(q, dict)]
    return [t for t in texts if len(t) >= SHORTEST_QUOTE]


def _found(text: str, pattern: re.Pattern[str], quotes: list[str]) -> list[int]:
    match = pattern.search(text)
    offsets = [match.start()] if match else []
    flat = text.replace("\r\n", "\n")
    return offsets + [flat.find(q) for q in quotes if q in flat]


def _problem(loaded: LoadedFile, text: str, interview: str, offset: int) -> Problem:
    line = text.count("\n", 0, offset) + 1
    return Problem(
        loaded.source.rel, line, 1, "$",
        f"links to, names or quotes the confidential interview `{interview}`, whose text is "
        "never published",
        "remove the link, the id or the quote; cite a published interview, or say what was "
        "learnt in your own words", code="confidential.cited")

"""Personas and segments must not point at confidential interviews.

A confidential interview (or one without consent) counts in statistics and is
never published; a persona or segment page that links to it, names its id or
repeats one of its quotes would publish it through the back door.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ahocorasick_rs import AhoCorasick

from generator.content.loading import LoadedFile
from generator.content.model import is_publishable
from generator.content.problems import Problem

SHORTEST_QUOTE = 8
# The files whose whole text is searched for citations.
CITING_KINDS = ("persona", "segment")
_NOT_SPACE = re.compile(r"\S")
_ID_PART = re.compile(r"[\w-]")


@dataclass
class _Secrets:
    """What would publish a confidential interview: its ids, and its quotes (whitespace
    left out of quote and text alike, so that a quote wrapped over lines, in Chinese or
    English, is still found). A text is searched for all of them at once
    (Aho-Corasick automata)."""

    ids: list[str] = field(default_factory=list)
    quotes: list[tuple[str, str]] = field(default_factory=list)
    _automata: tuple[AhoCorasick, AhoCorasick | None] | None = field(
        default=None, compare=False, repr=False)

    def add(self, loaded: LoadedFile) -> None:
        self.ids.append(loaded.source.id)
        self.quotes += [(quote, loaded.source.id) for quote in _quotes(loaded)]

    def first_citation(self, text: str) -> dict[str, int]:
        """For each confidential interview the text cites, the offset of the first citation."""
        if self._automata is None:
            quotes = AhoCorasick([q for q, _ in self.quotes]) if self.quotes else None
            self._automata = (AhoCorasick(self.ids), quotes)
        ids, quotes = self._automata
        found: dict[str, int] = {}
        for index, start, end in ids.find_matches_as_indexes(text, overlapping=True):
            if _stands_alone(text, start, end):
                found[self.ids[index]] = min(found.get(self.ids[index], start), start)
        if quotes is not None:
            flat = _without_whitespace(text)
            for index, start, _ in quotes.find_matches_as_indexes(flat, overlapping=True):
                interview, offset = self.quotes[index][1], _original_offset(text, start)
                found[interview] = min(found.get(interview, offset), offset)
        return found


def _stands_alone(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is not part of a longer run of word characters or hyphens."""
    return not (start > 0 and _ID_PART.match(text[start - 1])) and not (
        end < len(text) and _ID_PART.match(text[end]))


class _Scans:
    """What each text cites, kept while the confidential interviews stay the same:
    `handbook serve` validates the whole handbook after every edit, and only the edited
    text needs scanning again."""

    def __init__(self) -> None:
        self.secrets = _Secrets()
        self.found: dict[str, dict[str, int]] = {}

    def use(self, secrets: _Secrets, texts: int) -> None:
        if secrets != self.secrets or len(self.found) > 2 * texts:
            self.secrets, self.found = secrets, {}

    def first_citation(self, text: str) -> dict[str, int]:
        if text not in self.found:
            self.found[text] = self.secrets.first_citation(text)
        return self.found[text]


_scans = _Scans()


def confidential_citation_problems(files: list[LoadedFile]) -> list[Problem]:
    """Every persona or segment file that names or quotes a confidential interview."""
    secrets = _Secrets()
    for f in files:
        if f.source.kind == "interview" and f.data is not None and not is_publishable(
                f.data.get("consent"), f.data.get("confidential")):
            secrets.add(f)
    if not secrets.ids:
        return []
    citing = [f for f in files if f.source.kind in CITING_KINDS]
    _scans.use(secrets, len(citing))
    problems = []
    for loaded in citing:
        text = loaded.lined_text()
        problems += [_problem(loaded, text, interview, offset)
                     for interview, offset in sorted(_scans.first_citation(text).items())]
    return problems


def _quotes(loaded: LoadedFile) -> list[str]:
    found = (loaded.data or {}).get("quotes") or []
    texts = [_without_whitespace(str(q.get("text", ""))) for q in found if isinstance(q, dict)]
    return [t for t in texts if len(t) >= SHORTEST_QUOTE]


def _without_whitespace(text: str) -> str:
    # The characters `str.split` breaks at are those `\s` matches (`_NOT_SPACE` maps back).
    return "".join(text.split())


def _original_offset(text: str, index: int) -> int:
    """Where the `index`-th character that is not whitespace stands in `text`."""
    for count, match in enumerate(_NOT_SPACE.finditer(text)):
        if count == index:
            return match.start()
    return 0


def _problem(loaded: LoadedFile, text: str, interview: str, offset: int) -> Problem:
    line = text.count("\n", 0, offset) + 1
    return Problem(
        loaded.source.rel, line, 1, "$",
        f"links to, names or quotes the confidential interview `{interview}`, whose text is "
        "never published",
        "remove the link, the id or the quote; cite a published interview, or say what was "
        "learnt in your own words", code="confidential.cited")

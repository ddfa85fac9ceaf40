"""Personas and segments must not point at confidential interviews.

A confidential interview (or one without consent) counts in statistics and is
never published; a persona or segment page that links to it, names its id or
repeats one of its quotes would publish it through the back door.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.content.loading import LoadedFile, read_text
from generator.content.model import is_publishable
from generator.content.problems import Problem

SHORTEST_QUOTE = 8
# An id is named where it stands alone: not inside a longer run of word characters or hyphens.
_WORD_RUN = re.compile(r"[\w-]+")
_NOT_SPACE = re.compile(r"\S")
_SPACES = re.compile(r"\s+")


@dataclass
class _Secrets:
    """What would publish a confidential interview: its ids, and its quotes indexed by
    their first characters, so a text is scanned once. Whitespace is left out of both:
    a quote wrapped over lines, in Chinese or English, is still found."""

    ids: set[str] = field(default_factory=set)
    quotes: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def add(self, loaded: LoadedFile) -> None:
        self.ids.add(loaded.source.id)
        for quote in _quotes(loaded):
            self.quotes.setdefault(quote[:SHORTEST_QUOTE], []).append((quote, loaded.source.id))

    def first_citation(self, text: str) -> dict[str, int]:
        """For each confidential interview the text cites, the offset of the first citation."""
        found: dict[str, int] = {}
        for match in _WORD_RUN.finditer(text):
            if match.group() in self.ids:
                found.setdefault(match.group(), match.start())
        flat = _SPACES.sub("", text)
        grams = {flat[i:i + SHORTEST_QUOTE] for i in range(len(flat) - SHORTEST_QUOTE + 1)}
        for prefix in grams & self.quotes.keys():
            index = flat.find(prefix)
            while index != -1:
                for quote, interview in self.quotes[prefix]:
                    if flat.startswith(quote, index):
                        offset = _original_offset(text, index)
                        found[interview] = min(found.get(interview, offset), offset)
                index = flat.find(prefix, index + 1)
        return found


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
    citing = [f for f in files if f.source.kind in ("persona", "segment")]
    _scans.use(secrets, len(citing))
    problems = []
    for loaded in citing:
        text = read_text(loaded.source, max_bytes=1 << 62)[0] or ""
        problems += [_problem(loaded, text, interview, offset)
                     for interview, offset in sorted(_scans.first_citation(text).items())]
    return problems


def _quotes(loaded: LoadedFile) -> list[str]:
    found = (loaded.data or {}).get("quotes") or []
    texts = ["".join(str(q.get("text", "")).split()) for q in found if isinstance(q, dict)]
    return [t for t in texts if len(t) >= SHORTEST_QUOTE]


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

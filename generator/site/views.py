"""What the pages show, derived from the handbook: evidence, rankings, comparisons.

Pure functions over the model. Only publishable interviews contribute text;
confidential ones are counted and nothing more.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from generator.content.model import Handbook, Interview, Persona


@dataclass(frozen=True)
class Evidence:
    """What the interviews say about one persona."""

    interviews: list[Interview]
    confidential_count: int

    @property
    def quotes(self) -> list[tuple[Interview, str, tuple[str, ...]]]:
        return [(i, q.text, q.tags) for i in self.interviews for q in i.quotes]


def evidence_for(handbook: Handbook, persona_id: str) -> Evidence:
    citing = sorted(handbook.interviews_citing(persona_id), key=lambda i: (i.date, i.id),
                    reverse=True)
    public = [i for i in citing if i.publishable]
    return Evidence(public, len(citing) - len(public))


def public_interviews(handbook: Handbook) -> list[Interview]:
    """Publishable interviews, newest first."""
    return sorted((i for i in handbook.interviews.values() if i.publishable),
                  key=lambda i: (i.date, i.id), reverse=True)


def segment_interviews(handbook: Handbook, segment_id: str) -> list[Interview]:
    return [i for i in public_interviews(handbook) if segment_id in handbook.segments_of(i)]


def most_cited(interviews: Iterable[Interview], key: str, limit: int = 5) -> list[tuple[str, int]]:
    """The items of a list field (obstacles, competitors) most often named, with counts."""
    counts: Counter[str] = Counter()
    for interview in interviews:
        counts.update(set(interview.field(key) or []))
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]


def stale_personas(handbook: Handbook, today: date) -> list[Persona]:
    return [p for p in handbook.personas.values() if p.is_stale(today)]


def personas_without_evidence(handbook: Handbook) -> list[Persona]:
    return [p for p in handbook.personas.values()
            if p.status != "retired" and not evidence_for(handbook, p.id).interviews]


def drafts(handbook: Handbook) -> list[Persona]:
    return [p for p in handbook.personas.values() if p.status == "draft"]


COMPARE_ROWS = (
    ("goals", ("goals",)),
    ("pain_points", ("pain_points",)),
    ("channels", ("behavior", "channels")),
    ("competitors", ("competitors",)),
    ("purchasing_power", ("purchasing_power",)),
)


def compare_cell(persona: Persona, path: tuple[str, ...]) -> list[tuple[str | None, str]]:
    """One comparison row for a persona: (sub-key or None, text) lines."""
    value: object = persona.data
    for key in path:
        value = value.get(key) if isinstance(value, Mapping) else None
    if isinstance(value, list):
        return [(None, str(v)) for v in value]
    if isinstance(value, Mapping):
        return [(str(k), str(v)) for k, v in value.items() if v not in (None, "", [])]
    return [] if value is None else [(None, str(value))]


_QUESTION = re.compile(r"^## +Q([1-5])\b[^\n]*\n?", re.M)
_SECTION = re.compile(r"^## ", re.M)


def split_questions(body: str) -> tuple[dict[int, str], str]:
    """An interview's notes split by the five questions: {1: text under `## Q1 …`, …} and
    the rest (text before the first question and sections that are not questions).

    The page shows each question once, its structured answer and these notes together.
    """
    answers: dict[int, str] = {}
    rest, last = [], 0
    for match in _QUESTION.finditer(body):
        rest.append(body[last:match.start()])
        following = _SECTION.search(body, match.end())
        end = following.start() if following else len(body)
        number = int(match.group(1))
        parts = (answers.get(number, ""), body[match.end():end].strip())
        answers[number] = "\n\n".join(part for part in parts if part)
        last = end
    rest.append(body[last:])
    return answers, "\n\n".join(part.strip() for part in rest if part.strip())

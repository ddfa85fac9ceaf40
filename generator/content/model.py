"""The validated handbook as typed, immutable values. No I/O here."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any

DEFAULT_REVIEW_DAYS = 180


def is_publishable(consent: object, confidential: object) -> bool:
    """The one rule: an interview is published only with consent and when not confidential."""
    return consent is True and confidential is not True


def review_due(last_validated: date, review_every_days: int) -> date:
    """When a persona is due for review (the last representable date at the most)."""
    return add_days(last_validated, review_every_days)


def is_stale(status: str, last_validated: date, review_every_days: int, today: date) -> bool:
    """The one rule: past its review date, unless retired."""
    return status != "retired" and today > review_due(last_validated, review_every_days)


@dataclass(frozen=True)
class Segment:
    """A customer segment (客户细分): one folder under personas/."""

    id: str
    name: str
    summary: str
    kind: str
    owners: tuple[str, ...]
    priority: str | None
    body: str
    source: str
    data: Mapping[str, Any] = field(default_factory=dict, repr=False)


@dataclass(frozen=True)
class Persona:
    """A persona (客户画像). `data` holds every front matter section as written."""

    id: str
    segment_id: str
    name: str
    status: str
    tagline: str
    owners: tuple[str, ...]
    last_validated: date
    review_every_days: int
    body: str
    source: str
    data: Mapping[str, Any] = field(default_factory=dict, repr=False)

    @property
    def review_due(self) -> date:
        """When the persona is due for review."""
        return review_due(self.last_validated, self.review_every_days)

    def is_stale(self, today: date) -> bool:
        """Past its review date (retired personas are never stale)."""
        return is_stale(self.status, self.last_validated, self.review_every_days, today)

    def section(self, key: str) -> Any:
        return self.data.get(key)


@dataclass(frozen=True)
class Quote:
    text: str
    tags: tuple[str, ...]


@dataclass(frozen=True)
class Interview:
    """A customer interview. Confidential ones count in statistics but are never published."""

    id: str
    date: date
    participant: str
    personas: tuple[str, ...]
    consent: bool
    confidential: bool
    nps: int | None
    quotes: tuple[Quote, ...]
    body: str
    source: str
    data: Mapping[str, Any] = field(default_factory=dict, repr=False)

    @property
    def publishable(self) -> bool:
        """Consent given and not confidential: the interview may have a page."""
        return is_publishable(self.consent, self.confidential)

    def field(self, key: str) -> Any:
        return self.data.get(key)


@dataclass(frozen=True)
class Handbook:
    """Everything a handbook holds, keyed by id, in a stable order."""

    root: Path
    segments: Mapping[str, Segment]
    personas: Mapping[str, Persona]
    interviews: Mapping[str, Interview]

    def personas_of(self, segment_id: str) -> list[Persona]:
        return [p for p in self.personas.values() if p.segment_id == segment_id]

    def interviews_citing(self, persona_id: str) -> list[Interview]:
        return list(self._citations.get(persona_id, ()))

    @cached_property
    def _citations(self) -> dict[str, list[Interview]]:
        """Interviews by the persona they cite, built once (pages ask for every persona)."""
        index: dict[str, list[Interview]] = {}
        for interview in self.interviews.values():
            for persona_id in dict.fromkeys(interview.personas):
                index.setdefault(persona_id, []).append(interview)
        return index

    def segments_of(self, interview: Interview) -> list[str]:
        """Distinct segment ids of the personas an interview cites, in citation order."""
        seen: dict[str, None] = {}
        for persona_id in interview.personas:
            persona = self.personas.get(persona_id)
            if persona is not None:
                seen.setdefault(persona.segment_id)
        return list(seen)


def add_days(day: date, days: int) -> date:
    """`day` plus a number of days, stopping at the last representable date, never raising."""
    try:
        return day + timedelta(days=int(days))
    except (OverflowError, ValueError):
        return date.max if days > 0 else date.min


def frozen(data: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(data))


def segment_from(id: str, data: Mapping[str, Any], body: str, source: str) -> Segment:
    return Segment(
        id=id, name=data["name"], summary=data["summary"], kind=data["kind"],
        owners=tuple(data["owners"]), priority=data.get("priority"), body=body,
        source=source, data=frozen(data),
    )


def persona_from(id: str, segment_id: str, data: Mapping[str, Any], body: str,
                 source: str) -> Persona:
    return Persona(
        id=id, segment_id=segment_id, name=data["name"], status=data["status"],
        tagline=data["tagline"], owners=tuple(data["owners"]),
        last_validated=date.fromisoformat(data["last_validated"]),
        review_every_days=data.get("review_every_days", DEFAULT_REVIEW_DAYS),
        body=body, source=source, data=frozen(data),
    )


def interview_from(id: str, data: Mapping[str, Any], body: str, source: str) -> Interview:
    quotes = tuple(Quote(q["text"], tuple(q.get("tags", ()))) for q in data.get("quotes", ()))
    return Interview(
        id=id, date=date.fromisoformat(data["date"]), participant=data["participant"],
        personas=tuple(data["personas"]), consent=data["consent"],
        confidential=data.get("confidential", False), nps=data.get("nps"), quotes=quotes,
        body=body, source=source, data=frozen(data),
    )


def count_of(number: int, word: str) -> str:
    """`1 persona`, `14 personas`."""
    return f"{number:,} {word}{'s' * (number != 1)}"


def describe(handbook: Handbook) -> str:
    """`5 segments, 14 personas, 26 interviews`."""
    return (f"{count_of(len(handbook.segments), 'segment')}, "
            f"{count_of(len(handbook.personas), 'persona')}, "
            f"{count_of(len(handbook.interviews), 'interview')}")

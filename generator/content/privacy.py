"""Personal data in handbook text: phone, ID, bank card and account numbers, e-mail.

Personas describe kinds of customers and interview notes identify people only
by a code, so none of this belongs in a handbook. Every scan reads the text in
one normal form (`normalise`: full-width characters, invisible characters,
markup between digits, numbers wrapped across lines), and every finding is
located in the original text. A finding never carries the value in full (a
report may end up in a CI log).

`find_personal_data` and `holds_personal_data` are the whole interface: the
validator reports findings as problems, the publishing gate refuses text that
holds any.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.content.detect_contacts import contact_hits, might_hold_contacts
from generator.content.detect_numbers import might_hold_numbers, number_hits
from generator.content.identifiers import PRIORITY, Hit, Kind, is_resident_id, mask
from generator.content.normalise import changes_more_than_punctuation, normalise

__all__ = ["Finding", "find_personal_data", "holds_personal_data", "is_resident_id", "mask",
           "might_hold_personal_data"]

# `<`, `&` and `\\` start markup, entities and escapes, which normalising removes or decodes.
_MARKUP = ("<", "&", "\\")


@dataclass(frozen=True)
class Finding:
    """Personal data in a text: its kind, where it is in the original text (offsets
    [start, end), 1-based line and column of the start), and the value masked."""

    kind: str
    code: str
    start: int
    end: int
    line: int
    column: int
    masked: str


def might_hold_personal_data(text: str) -> bool:
    """False when a text certainly holds no personal data: a quick look at the text as
    written, enough for most texts (normalising and scanning cost several times more)."""
    return (any(mark in text for mark in _MARKUP) or changes_more_than_punctuation(text)
            or might_hold_numbers(text) or might_hold_contacts(text))


def find_personal_data(text: str) -> list[Finding]:
    """Every phone, resident ID, bank card, WeChat, QQ and passport number and e-mail
    address in a text, in order, each located in the original text with its value masked."""
    if not might_hold_personal_data(text):
        return []
    normal = normalise(text)
    findings = []
    for hit in _without_overlaps(number_hits(normal.text) + contact_hits(normal.text)):
        start, end = normal.span(hit.start, hit.end)
        line, column = normal.location(start)
        findings.append(Finding(hit.kind.label, hit.kind.code, start, end, line, column,
                                mask(_bare(hit.value))))
    return findings


def holds_personal_data(text: str) -> bool:
    """True when a text holds any personal data `find_personal_data` reports."""
    return bool(find_personal_data(text))


def _bare(value: str) -> str:
    """The value as masked: without brackets (`(86)138…` → `86138…`), each run of white
    space (a line break and indentation) one space."""
    return " ".join(value.replace("(", "").replace(")", "").split())


def _without_overlaps(hits: list[Hit]) -> list[Hit]:
    """The longest of overlapping hits (then the first kind in `PRIORITY`), in text order."""
    rank: dict[Kind, int] = {kind: index for index, kind in enumerate(PRIORITY)}
    kept: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start - h.end, rank[h.kind], h.start)):
        if all(hit.end <= k.start or k.end <= hit.start for k in kept):
            kept.append(hit)
    return sorted(kept, key=lambda h: h.start)

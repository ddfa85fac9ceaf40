"""Personal data in interview notes: phone numbers, e-mail addresses, ID numbers.

Interview notes are about real customers, who are identified only by a code.
A finding names the line and the kind of data, and never repeats the value
in full (the report itself may end up in a CI log).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("an e-mail address",
     re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")),
    ("a resident ID number", re.compile(r"(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9A-Za-z])")),
    ("a mobile phone number",
     re.compile(r"(?<![0-9])(?:\+?86[- ]?)?1[3-9][0-9](?:[- ]?[0-9]{4}){2}(?![0-9])")),
    ("a landline phone number",
     re.compile(r"(?<![0-9])(?:\+?86[- ]?)?(?:\(0[1-9][0-9]{1,2}\)|0[1-9][0-9]{1,2})[- ]?"
                r"[2-9][0-9]{3}[- ]?[0-9]{3,4}(?![0-9])")),
]
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_QUICK_SCAN = re.compile(r"@|[0-9]{7}|[0-9][- ][0-9]{4}")


@dataclass(frozen=True)
class Finding:
    """Personal data at a 1-based line and column of a text, with the value masked."""

    line: int
    column: int
    kind: str
    masked: str


def is_resident_id(text: str) -> bool:
    """True for an 18-character mainland resident ID with a real birth date and check digit."""
    if len(text) != 18 or not text[:17].isdigit():
        return False
    try:
        born = date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        return False
    if not 1900 <= born.year <= 2100:
        return False
    total = sum(int(d) * w for d, w in zip(text[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == text[17].upper()


def mask(value: str) -> str:
    """Keep the first three and last two characters: `138******78`."""
    if len(value) <= 6:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 5) + value[-2:]


def find_personal_data(text: str) -> Iterator[Finding]:
    """Every phone number, e-mail address and resident ID number in a text."""
    if not _QUICK_SCAN.search(text):
        return
    for number, line in enumerate(text.split("\n"), start=1):
        taken: list[tuple[int, int]] = []
        for kind, pattern in _PATTERNS:
            for match in pattern.finditer(line):
                if any(s < match.end() and match.start() < e for s, e in taken):
                    continue
                if kind == "a resident ID number" and not is_resident_id(match.group()):
                    continue
                taken.append(match.span())
                yield Finding(number, match.start() + 1, kind, mask(match.group()))

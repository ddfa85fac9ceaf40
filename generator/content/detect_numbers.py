"""Numbers that identify a person in normal-form text: phones, resident IDs, bank cards.

A number is a run of digit groups joined by at most three separators (space,
`-`, `.`, `/`, brackets, `+`), and maybe a line break with the next line's
indentation (a number wrapped in YAML block text or a paragraph). Phone numbers
are recognised by libphonenumber (`phonenumbers.PhoneNumberMatcher`, region CN,
leniency VALID: mainland mobiles and landlines, and international numbers with
their country code); it is slow, so it reads only runs of at least nine digits
that are not a date. Resident ID and bank card numbers are any consecutive
groups of a run whose digits pass their check (`identifiers`).
"""

from __future__ import annotations

import re
from functools import cache
from types import ModuleType

from generator.content.identifiers import (
    BANK_CARD,
    LANDLINE,
    MOBILE,
    PHONE,
    RESIDENT_ID,
    Hit,
    Kind,
    is_card_number,
    is_resident_id,
)

_RUN = re.compile(r"[0-9](?:[ \t\-./()+]{0,3}(?:\\?\r?\n[ \t>]*)?[0-9]){8,}"
                  r"(?:[ \t-]?[Xx](?![A-Za-z0-9]))?")
_LINE_BREAK = re.compile(r"[ \t]*\\?\r?\n[ \t>]*")
_GROUP = re.compile(r"[0-9]+|[Xx]")
_DATE = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}([-./])[01]?[0-9]\1[0-3]?[0-9](?![0-9])")
# Nine digits in the text as written, whatever normalising would remove or change between
# them: separators (full-width too), Markdown marks, line breaks with their indentation.
_SPREAD_NUMBER = re.compile(
    "[0-9](?:(?:[ \t\r\\-./()+*_`~\u3000\uff08\uff09\uff0a\uff0b\uff0d\uff0e\uff0f\uff3f"
    "\uff40\uff5e\u2025\u2026]|\n[ \t>\u3000\uff1e]*)*[0-9]){8}")
_MOBILE_CN = re.compile(r"1[3-9][0-9]{9}")
_CONTEXT = 3
_MIN_PHONE_DIGITS = 9


@cache
def _phonenumbers() -> ModuleType:
    # Imported on first use: most texts hold no long number, and the import is slow.
    import phonenumbers

    return phonenumbers


def might_hold_numbers(text: str) -> bool:
    """False when a text as written, in plain characters, cannot hold a number this module
    finds once normalised (no run of nine digits): a quick test before normalising."""
    return _SPREAD_NUMBER.search(text) is not None


def number_hits(text: str) -> list[Hit]:
    """Phone, resident ID and bank card numbers in a normal-form text."""
    hits: list[Hit] = []
    for run in _RUN.finditer(text):
        start = run.start()
        while start > 0 and text[start - 1] in "+(":  # `+86`, `(021)`
            start -= 1
        hits += identifier_hits(text, start, run.end())
        hits += phone_hits(text, start, run.end())
    return hits


def identifier_hits(text: str, start: int, end: int) -> list[Hit]:
    """Resident ID and bank card numbers made of consecutive digit groups of a run."""
    groups = list(_GROUP.finditer(text, start, end))
    if sum(g.end() - g.start() for g in groups) < 13:
        return []
    hits = []
    for first, head in enumerate(groups):
        value = ""
        for group in groups[first:]:
            value += group.group().upper()
            if len(value) > 19:
                break
            kind = (RESIDENT_ID if len(value) in (15, 18) and is_resident_id(value) else
                    BANK_CARD if is_card_number(value) else None)
            if kind is not None:
                hits.append(Hit(kind, head.start(), group.end(), text[head.start():group.end()]))
    return hits


def phone_hits(text: str, start: int, end: int) -> list[Hit]:
    """Phone numbers of a digit run, found by libphonenumber; dates are left out."""
    window, offsets = _window(text, max(0, start - _CONTEXT), min(len(text), end + _CONTEXT))
    if sum(c.isdigit() for c in window) < _MIN_PHONE_DIGITS:
        return []
    pn = _phonenumbers()
    hits = []
    for match in pn.PhoneNumberMatcher(window, "CN", leniency=pn.Leniency.VALID):
        kind = _phone_kind(pn, pn.number_type(match.number))
        if kind is not None:
            found_start, found_end = offsets[match.start], offsets[match.end - 1] + 1
            hits.append(Hit(kind, found_start, found_end, text[found_start:found_end]))
    if not hits:
        hits = _glued_mobiles(pn, text, start, end)
    return hits


def _window(text: str, low: int, high: int) -> tuple[str, list[int]]:
    """Text around a run as libphonenumber reads it: dates blanked, each line break with its
    indentation one space; and the offset in `text` of each of its characters."""
    window = _DATE.sub(lambda m: " " * len(m.group()), text[low:high])
    pieces, offsets, done = [], [], 0
    for brk in _LINE_BREAK.finditer(window):
        pieces += [window[done:brk.start()], " "]
        offsets += [*range(low + done, low + brk.start()), low + brk.start()]
        done = brk.end()
    pieces.append(window[done:])
    offsets += range(low + done, high)
    return "".join(pieces), offsets


def _phone_kind(pn: ModuleType, number_type: int) -> Kind | None:
    types = pn.PhoneNumberType
    if number_type == types.MOBILE:
        return MOBILE
    if number_type == types.FIXED_LINE:
        return LANDLINE
    # Toll-free, premium, shared-cost and UAN numbers (400, 800, 95xxx …) belong to
    # companies, not people.
    if number_type in (types.FIXED_LINE_OR_MOBILE, types.PERSONAL_NUMBER, types.VOIP,
                       types.PAGER):
        return PHONE
    return None


def _glued_mobiles(pn: ModuleType, text: str, start: int, end: int) -> list[Hit]:
    # libphonenumber skips numbers touching a Latin letter (`tel13812345678`); a mainland
    # mobile number is distinctive enough to report there too.
    hits = []
    for group in _GROUP.finditer(text, start, end):
        value = group.group()
        if _MOBILE_CN.fullmatch(value) and pn.is_valid_number(pn.parse(value, "CN")):
            hits.append(Hit(MOBILE, group.start(), group.end(), value))
    return hits

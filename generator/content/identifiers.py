"""The kinds of personal data the privacy scan reports, and the check-digit rules it uses.

Check digits keep ordinary long numbers (order numbers, SKUs) from being taken for
personal data: a resident ID number must have a province code, a real birth date
and (18 digits) its ISO 7064 MOD 11-2 check character; a bank card number must
pass the Luhn check and start like a card of a known network.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Kind:
    """A kind of personal data: the words a message uses, and the problem code."""

    label: str
    code: str


MOBILE = Kind("a mobile phone number", "privacy.phone-number")
LANDLINE = Kind("a landline phone number", "privacy.phone-number")
PHONE = Kind("a phone number", "privacy.phone-number")
EMAIL = Kind("an e-mail address", "privacy.email")
RESIDENT_ID = Kind("a resident ID number", "privacy.resident-id")
BANK_CARD = Kind("a bank card number", "privacy.bank-card")
WECHAT = Kind("a WeChat ID", "privacy.wechat")
QQ = Kind("a QQ number", "privacy.qq")
PASSPORT = Kind("a passport or travel permit number", "privacy.passport")
# When two findings overlap, the longer one is kept, then the earlier kind here.
PRIORITY = (RESIDENT_ID, BANK_CARD, EMAIL, MOBILE, LANDLINE, PHONE, PASSPORT, QQ, WECHAT)


@dataclass(frozen=True)
class Hit:
    """A finding in normal-form text: kind, [start, end) and the value as found."""

    kind: Kind
    start: int
    end: int
    value: str


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
# Provinces, Hong Kong / Macao / Taiwan residence permits, foreigners' permanent residence.
_PROVINCE_CODES = ("11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 "
                   "61 62 63 64 65 71 81 82 83 91")
_PROVINCES = frozenset(_PROVINCE_CODES.split())


def is_resident_id(text: str) -> bool:
    """True for a mainland resident ID number: 18 characters with a province code, a real
    birth date and a valid check character, or the old 15 digits with a real birth date."""
    if len(text) == 15 and text.isdigit():
        return text[:2] in _PROVINCES and _real_date(1900 + int(text[6:8]), text[8:10],
                                                     text[10:12])
    if len(text) != 18 or not text[:17].isdigit() or text[:2] not in _PROVINCES:
        return False
    if not _real_date(int(text[6:10]), text[10:12], text[12:14]):
        return False
    total = sum(int(d) * w for d, w in zip(text[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == text[17].upper()


def _real_date(year: int, month: str, day: str) -> bool:
    try:
        born = date(year, int(month), int(day))
    except ValueError:
        return False
    return 1900 <= born.year <= 2100


def luhn_valid(digits: str) -> bool:
    """True when a string of digits passes the Luhn (mod 10) check."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


# Leading digits of card networks: Visa, Mastercard, American Express, Diners, JCB,
# Discover, Maestro, China UnionPay (62, 81) and older Chinese bank cards (60, 9x).
_CARD_PREFIXES = ("4", "51", "52", "53", "54", "55", "22", "23", "24", "25", "26", "27",
                  "34", "37", "30", "36", "38", "39", "35", "6", "81", "94", "95", "96",
                  "98", "99")


def is_card_number(digits: str) -> bool:
    """True for 13–19 digits that start like a payment card and pass the Luhn check."""
    return (13 <= len(digits) <= 19 and digits.isdigit() and digits.startswith(_CARD_PREFIXES)
            and luhn_valid(digits))


def mask(value: str) -> str:
    """The value with most characters hidden: `138******78`, `a*****3`, `***`. Only ASCII
    characters are ever shown (three Chinese characters can be a whole name)."""
    if len(value) <= 6:
        return "*" * len(value)
    head, tail = (1, 1) if len(value) <= 10 else (3, 2)
    shown = "".join(c if c.isascii() else "*" for c in value[:head] + value[-tail:])
    return shown[:head] + "*" * (len(value) - head - tail) + shown[head:]

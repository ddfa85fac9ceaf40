"""The publishing gate's test for text: does a value hold personal data?

Everything that leaves the generator — change history, What's new, the feed,
statistics labels, commit messages, `handbook diff` — asks this one function
before it shows a value; a value that holds personal data is withheld, never
shown masked.
"""

from __future__ import annotations

from collections.abc import Mapping

from generator.content.privacy import find_personal_data


def flatten(value: object) -> str:
    """Every piece of text in a value (lists and mappings included), one per line."""
    if isinstance(value, Mapping):
        return "\n".join(f"{k}\n{flatten(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return "\n".join(flatten(v) for v in value)
    return "" if value is None else str(value)


def holds_personal_data(value: object) -> bool:
    """True when any text in `value` holds a phone number, e-mail address or ID number."""
    text = flatten(value)
    return bool(text) and next(iter(find_personal_data(text)), None) is not None

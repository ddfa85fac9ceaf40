"""Lines as editors and git count them, whatever the file's line ends or separators.

A file is numbered by its `\\n` line ends once Windows (`\\r\\n`) and old Mac (`\\r`)
ends are read as `\\n`; the separators NEL, LS and PS are characters inside a line,
as in YAML 1.2, although YAML 1.1 parsers break lines at them.
"""

from __future__ import annotations

from typing import Any


def normalise_newlines(text: str) -> str:
    """Line ends as `\\n` whatever the editor wrote (`\\r\\n` from Windows, a lone `\\r`), as
    Python's text mode reads them: a file validates and is numbered the same either way."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def file_lines(text: str) -> list[str]:
    """The lines of a text split at `\\n` only (with their ends): U+2028 and the other
    separators `str.splitlines` breaks at are characters inside a line for editors and git."""
    lines = text.split("\n")
    ended = [line + "\n" for line in lines[:-1]]
    return [*ended, lines[-1]] if lines[-1] else ended


# YAML 1.1 (libyaml, PyYAML) breaks lines at NEL, LS and PS; YAML 1.2, editors and git do
# not. They are parsed as stand-ins that are plain characters, then put back into the
# values, so that they neither shift line numbers nor end a value.
_SEPARATORS = {"\x85": "\U0010fff5", "\u2028": "\U0010fff8", "\u2029": "\U0010fff9"}
_SHIELD = str.maketrans(_SEPARATORS)
_UNSHIELD = str.maketrans({v: k for k, v in _SEPARATORS.items()})
_STAND_INS = tuple(_SEPARATORS.values())


def shield(text: str) -> str:
    """`text` with the line separators only YAML 1.1 breaks at replaced by stand-ins
    (unchanged when it has none, or already holds a stand-in character)."""
    if not any(c in text for c in _SEPARATORS) or any(c in text for c in _STAND_INS):
        return text
    return text.translate(_SHIELD)


def unshield(value: Any) -> Any:
    """A parsed value (keys, lists, text) with the stand-ins of `shield` put back."""
    if isinstance(value, str):
        return value.translate(_UNSHIELD)
    if isinstance(value, dict):
        return {unshield(k): unshield(v) for k, v in value.items()}
    if isinstance(value, list):
        return [unshield(v) for v in value]
    return value

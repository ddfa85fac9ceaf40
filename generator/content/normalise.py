"""One normal form of text for every personal-data scan, with a way back to the original.

Text is scanned as a reader would see it, not as it was typed:

1. HTML character references are decoded (`&#49;` is a `1`, `&shy;` a soft hyphen);
2. each character is put in NFKC form (full-width `１３８` and `＠` become `138` and
   `@`), decimal digits of every script become ASCII digits, the other spaces become a
   plain space, and characters that show nothing are removed: format characters
   (zero-width space and joiners, soft hyphen, BOM, bidi marks, Unicode category Cf),
   combining marks, control characters other than tab and line breaks, fillers;
3. what Markdown or HTML hides between digits is removed: HTML tags (their attribute
   values stay, `href="tel:…"`) and comment marks (their text stays), backslash escapes,
   emphasis and code marks (`138**1234**5678`).

Line breaks stay where they are: a number wrapped across lines is the number
detectors' business (`detect_numbers`).

A scan finds things in `Normalised.text`; `Normalised.span` maps them back to offsets
of the original text, and `Normalised.location` to its 1-based line and column.
"""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

# Characters whose normal form is themselves (the body of a regular-expression class):
# ASCII, Latin letters, CJK ideographs and kana, punctuation and symbols of Chinese text.
_STABLE = (
    "\t\n\r\x20-\x7e\u00a2\u00a3\u00a5\u00a7\u00a9\u00ab\u00ae\u00b0\u00b1\u00b6\u00b7"
    "\u00bb\u00c0-\u00ff\u2010\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2030\u203b"
    "\u2190-\u2199\u25a0-\u25ff\u2605\u2606\u3001-\u3029\u3030-\u3035\u303b-\u303d\u3041-\u3096"
    "\u309d\u309e\u30a0-\u30fe\u4e00-\u9fff")
# Full-width punctuation, the ideographic space and ellipses: their normal forms are plain
# replacements, no character table needed.
_FAST_FORMS = {chr(c): unicodedata.normalize("NFKC", chr(c))
               for c in [*range(0xFF01, 0xFF10), *range(0xFF1A, 0xFF21), *range(0xFF3B, 0xFF41),
                         *range(0xFF5B, 0xFF5F), 0xFFE0, 0xFFE1, 0xFFE5, 0x3000, 0x2025, 0x2026]}
_NOT_STABLE = re.compile(f"[^{_STABLE}]")
_NOT_PLAIN = re.compile(f"[^{_STABLE}{''.join(_FAST_FORMS)}]")
_LONGER_FORMS = re.compile("[\u2025\u2026]")
_SHOW_NOTHING = {"Cf", "Cc", "Mn", "Me", "Cs"}
_FILLERS = {0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800}
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_INLINE_TAGS = {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em",
                "font", "i", "ins", "kbd", "mark", "q", "s", "samp", "small", "span",
                "strong", "sub", "sup", "time", "tt", "u", "var", "wbr"}
_MARKUP = re.compile(r"<!--(?P<comment>.*?)-->|</?(?P<tag>[A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?/?>"
                     r"|\\(?=[!-/:-@\[-`{-~])", re.S)
_ATTRIBUTE_VALUE = re.compile(r"""=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_MARKS = re.compile(r"[0-9][ \t]?[*_`~]+(?=[ \t]?[0-9])")

Span = tuple[int, int, int, int]  # input start, input end, output start, output end


@dataclass
class _Step:
    """The spans one step replaced: how offsets of its output map to its input."""

    spans: list[Span] = field(default_factory=list)
    compute: Callable[[], list[Span]] | None = None
    _out_starts: list[int] = field(default_factory=list)

    def _ready(self) -> list[Span]:
        if self.compute is not None:
            self.spans, self.compute = self.compute(), None
        if len(self._out_starts) != len(self.spans):
            self._out_starts = [s[2] for s in self.spans]
        return self.spans

    def to_input(self, offset: int, end: bool = False) -> int:
        """The input offset of an output offset (an exclusive end when `end`)."""
        spans = self._ready()
        if not spans:
            return offset
        find = bisect_left if end else bisect_right
        index = find(self._out_starts, offset) - 1
        if index < 0:
            return offset
        in_start, in_end, out_start, out_end = spans[index]
        inside = out_start < offset <= out_end if end else out_start <= offset < out_end
        if inside and in_end - in_start == out_end - out_start:
            return in_start + offset - out_start
        if inside:
            return in_end if end else in_start
        return in_end + offset - out_end


@dataclass(frozen=True)
class Normalised:
    """A text in normal form, the original, and the steps between them."""

    text: str
    original: str
    steps: tuple[_Step, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in the original text of the normal-form span [start, end)."""
        for step in reversed(self.steps):
            new_start = step.to_input(start)
            end, start = max(step.to_input(end, end=True), new_start), new_start
        return start, end

    def location(self, offset: int) -> tuple[int, int]:
        """1-based line and column of an offset of the original text."""
        line_start = self.original.rfind("\n", 0, offset) + 1
        return self.original.count("\n", 0, offset) + 1, offset - line_start + 1


def normalise(text: str) -> Normalised:
    """The normal form of a text that every personal-data scan reads (see the module)."""
    steps = []
    current = text
    if "&" in current:
        current, spans = _apply(current, ((m.start(), m.end(), html.unescape(m.group()))
                                          for m in _ENTITY.finditer(current)))
        steps.append(_Step(spans))
    current, step = _characters(current)
    steps.append(step)
    current, spans = _apply(current, _hidden(current))
    steps.append(_Step(spans))
    return Normalised(current, text, tuple(steps))


def changes_more_than_punctuation(text: str) -> bool:
    """True when normalising changes a character of the text other than full-width
    punctuation, the ideographic space or an ellipsis (a quick test of the text as written)."""
    return _NOT_PLAIN.search(text) is not None


def char_form(char: str) -> str:
    """What one character becomes in normal form (step 2)."""
    code = ord(char)
    if char in "\t\n\r":
        return char
    category = unicodedata.category(char)
    if category in _SHOW_NOTHING or code in _FILLERS:
        return ""
    digit = unicodedata.decimal(char, None)
    if digit is not None:
        return str(digit)
    if category in ("Zs", "Zl", "Zp"):
        return " "
    return unicodedata.normalize("NFKC", char)


class _CharForms(dict[int, str]):
    """`str.translate` table of `char_form`, filled on first sight of each character."""

    def __missing__(self, code: int) -> str:
        form = self[code] = char_form(chr(code))
        return form


_FORMS = _CharForms()


def _characters(text: str) -> tuple[str, _Step]:
    found = set(_NOT_STABLE.findall(text))
    if not found.issubset(_FAST_FORMS):
        return text.translate(_FORMS), _Step(compute=lambda: _length_changes(text))
    longer = [char for char in found if len(_FAST_FORMS[char]) != 1]
    for char in found.difference(longer):
        text = text.replace(char, _FAST_FORMS[char])
    if not longer:
        return text, _Step()
    text, spans = _apply(text, ((m.start(), m.end(), _FAST_FORMS[m.group()])
                                for m in _LONGER_FORMS.finditer(text)))
    return text, _Step(spans)


def _length_changes(text: str) -> list[Span]:
    spans = []
    out = 0
    for index, char in enumerate(text):
        size = len(_FORMS[ord(char)])
        if size != 1:
            spans.append((index, index + 1, out, out + size))
        out += size
    return spans


def _hidden(text: str) -> list[tuple[int, int, str]]:
    """Step 3: markup, and marks between digits, each as (start, end, new)."""
    edits = []
    if "<" in text or "\\" in text:
        for match in _MARKUP.finditer(text):
            edits += _unmarked(match)
    edits += ((m.start() + 1, m.end(), "") for m in _MARKS.finditer(text))
    return sorted(edits)


def _unmarked(match: re.Match[str]) -> list[tuple[int, int, str]]:
    """The edits that remove a comment's marks, a tag or an escape. A comment's text and a
    tag's attribute values (`href="tel:…"`) stay in place, to be scanned; an inline tag
    leaves nothing, a block tag a space."""
    start, end = match.span()
    if match.group("comment") is not None:
        if not match.group("comment").strip():
            return [(start, end, "")]
        return [(start, start + 4, " "), (end - 3, end, " ")]
    tag = match.group("tag")
    if tag is None:
        return [(start, end, "")]
    edits, done = [], start
    for value in _ATTRIBUTE_VALUE.finditer(match.group()):
        group = next(g for g in (1, 2, 3) if value.group(g) is not None)
        edits.append((done, start + value.start(group), " "))
        done = start + value.end(group)
    if edits:
        return [*edits, (done, end, " ")]
    return [(start, end, "" if tag.lower() in _INLINE_TAGS else " ")]


def _apply(text: str, edits: Iterable[tuple[int, int, str]]) -> tuple[str, list[Span]]:
    """The text with each (start, end, new) edit made, skipping any that overlaps an
    earlier one, and the spans it replaced."""
    pieces: list[str] = []
    spans: list[Span] = []
    done = out = 0
    for start, end, new in edits:
        if start < done or text[start:end] == new:
            continue
        pieces.append(text[done:start])
        out += start - done
        spans.append((start, end, out, out + len(new)))
        pieces.append(new)
        out += len(new)
        done = end
    pieces.append(text[done:])
    return "".join(pieces), spans

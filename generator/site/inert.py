"""Sanitized HTML and plain text, written into a generated Markdown page so that it stays inert.

MkDocs renders the generated pages with Python-Markdown and the site's
extensions (attribute lists, HTML in Markdown, admonitions …), which the
templates use for layout. What people wrote must come out of that second
Markdown pass exactly as the sanitizer left it:

- text: Markdown punctuation and `& < > " '` become numeric character
  references, which Markdown leaves alone and browsers show as the
  character; so do `-` and `.` where they could start a list or a rule;
- headings of a body become Markdown headings, so that they get anchors and a
  place in the table of contents; their inline markup is inline HTML, which
  Markdown stores away untouched;
- everything else goes into raw HTML blocks (`<div class="ph-md">`, one per
  run of blocks between headings), which Python-Markdown copies verbatim.

The HTML is parsed again and only allow-listed elements and attributes (URLs
checked once more) are written back: the output never depends on the
sanitizer alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Set
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = frozenset({"br", "hr", "img"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_PUNCTUATION = re.compile(r"""[\\`*_{}\[\]()#+!|~=^:$@%<>&"']""")
_LINE_START = re.compile(r"^(?:\d*\.|-)")
_SPACES = re.compile(r"\s+")
# A newline that would leave a blank line (which could end a raw block) is a reference too.
_BLANK_LINE = re.compile(r"\n(?=[ \t]*\n)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ATTRIBUTE_ESCAPES = str.maketrans({"&": "&amp;", '"': "&quot;", "<": "&lt;", ">": "&gt;"})

UrlCheck = Callable[[str, str, str], "str | None"]


@dataclass(frozen=True)
class Policy:
    """What may be written: elements, their attributes, and a check of URL attributes
    (given tag, attribute and value; returns the value to write, or None to drop it)."""

    tags: Set[str]
    attributes: Mapping[str, Set[str]]
    check_url: UrlCheck


def _reference(match: re.Match[str]) -> str:
    return f"&#{ord(match.group(0))};"


def _last_referenced(match: re.Match[str]) -> str:
    return match.group(0)[:-1] + f"&#{ord(match.group(0)[-1])};"


def inert_text(value: str, line_start: bool = False) -> str:
    """Text that Markdown reads as nothing but text, and HTML shows as written.

    With `line_start`, a leading `-`, `.` or `1.` is encoded too: the text may
    begin a line of the page, where it would start a list or a rule.
    """
    value = _PUNCTUATION.sub(_reference, _CONTROL.sub("", value))
    return _LINE_START.sub(_last_referenced, value, count=1) if line_start else value


@dataclass
class Element:
    """One parsed element: tag, attributes in order, children (elements and text)."""

    tag: str
    attrs: list[tuple[str, str]]
    children: list[Element | str] = field(default_factory=list)


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("", [])
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, [(k, v or "") for k, v in attrs])
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, [(k, v or "") for k, v in attrs]))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Element:
    """HTML as a tree under a nameless root element."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


@dataclass(frozen=True)
class _Writer:
    policy: Policy
    shift: int

    def node(self, node: Element | str, heading: bool = False) -> str:
        if isinstance(node, str):
            if heading:
                return inert_text(_SPACES.sub(" ", node))
            return _BLANK_LINE.sub("&#10;", inert_text(node))
        inner = "".join(self.node(child, heading) for child in node.children)
        if node.tag not in self.policy.tags:
            return inner
        tag = self.tag(node.tag)
        start = f"<{tag}{self.attributes(node)}>"
        return start if tag in VOID else f"{start}{inner}</{tag}>"

    def tag(self, name: str) -> str:
        return f"h{min(int(name[1]) + self.shift, 6)}" if name in HEADINGS else name

    def attributes(self, element: Element) -> str:
        allowed = self.policy.attributes.get(element.tag, set())
        written = []
        for name, value in element.attrs:
            kept = (self.policy.check_url(element.tag, name, value) if name in ("href", "src")
                    else value)
            if name in allowed and kept is not None:
                written.append(f' {name}="{kept.translate(_ATTRIBUTE_ESCAPES)}"')
        return "".join(written)

    def heading(self, element: Element) -> str | None:
        inner = "".join(self.node(child, heading=True) for child in element.children).strip()
        return "#" * int(self.tag(element.tag)[1]) + " " + inner if inner else None


def inert_blocks(html: str, policy: Policy, shift: int = 0) -> str:
    """Sanitized HTML as Markdown blocks that MkDocs' Markdown pass cannot change.

    Only what `policy` allows is written; headings move down `shift` levels.
    """
    writer = _Writer(policy, shift)
    blocks: list[str] = []
    run: list[str] = []
    for node in parse(html).children:
        line = writer.heading(node) if isinstance(node, Element) and node.tag in HEADINGS \
            else None
        if line is None:
            run.append(writer.node(node))
            continue
        blocks.extend(_raw_block(run))
        run = []
        blocks.append(line)
    blocks.extend(_raw_block(run))
    return "\n\n".join(blocks)


def _raw_block(parts: list[str]) -> list[str]:
    inner = "".join(parts).strip("\n")
    return [f'<div class="ph-md">\n{inner}\n</div>'] if inner.strip() else []

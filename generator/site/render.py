"""Jinja2 over `site_templates/`: safe by default for Markdown and HTML alike.

Every `{{ value }}` is escaped twice over: HTML special characters become
entities and Markdown punctuation is backslash-escaped, so a `<script>` or a
`[link](javascript:…)` in a tagline shows as text. Markdown bodies go through
`body`, which keeps Markdown but neutralises raw HTML outside code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from generator.content.labels import template_dirs

# One pass for both: HTML special characters to entities, Markdown punctuation
# backslash-escaped (Python-Markdown's escapable characters, `|` for tables).
_INLINE_ESCAPES = str.maketrans({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;",
    **{c: "\\" + c for c in "\\`*_{}[]()#+!|"},
})
_CODE = re.compile(r"(^(?P<fence>```|~~~).*?^(?P=fence)[ \t]*$|`[^`\n]+`)", re.M | re.S)
_DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def inline(value: Any) -> Markup:
    """One line of user text, safe inside Markdown and HTML."""
    if isinstance(value, Markup):
        return value
    return Markup(" ".join(str(value).split()).translate(_INLINE_ESCAPES))


def html_text(value: Any) -> Markup:
    """User text inside raw HTML (a block or an attribute): HTML-escaped, no Markdown escapes."""
    return Markup(escape(" ".join(str(value).split())))


def body(text: str) -> Markup:
    """A Markdown body: Markdown kept, raw HTML shown as text (code left untouched)."""
    pieces, last = [], 0
    for match in _CODE.finditer(text):
        pieces.append(text[last:match.start()].replace("<", "&lt;"))
        pieces.append(match.group(0))
        last = match.end()
    pieces.append(text[last:].replace("<", "&lt;"))
    return Markup("".join(pieces).strip())


def shift_headings(text: Markup, levels: int = 1) -> Markup:
    """Demote Markdown headings so a body sits below the page's own sections."""
    return Markup(re.sub(r"^(#{1,5}) ", lambda m: "#" * (len(m.group(1)) + levels) + " ",
                         str(text), flags=re.M))


def initials(name: str) -> str:
    """`林` for `通勤族 · 林晓`, `ZM` for `Commuter · Zhou Ming`."""
    person = name.split("·")[-1].strip() or name
    if _CJK.search(person):
        return _CJK.findall(person)[0]
    words = [w for w in re.split(r"[\s\-_]+", person) if w]
    return "".join(w[0].upper() for w in words[:2]) or "?"


def front_matter(meta: Mapping[str, Any]) -> Markup:
    """A YAML front matter block for a generated page (values YAML-quoted, not escaped)."""
    dumped = yaml.dump(dict(meta), Dumper=_DUMPER, allow_unicode=True, sort_keys=False,
                       width=1000)
    return Markup(f"---\n{dumped}---\n")


def _finalize(value: Any) -> Any:
    if value is None:
        return ""
    return value if isinstance(value, Markup) else inline(value)


def environment(root: Path) -> Environment:
    """The Jinja2 environment for a handbook's pages."""
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(str(d)) for d in template_dirs(root)]),
        autoescape=True,
        finalize=_finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(inline=inline, html=html_text, body=body, initials=initials,
                       shift_headings=shift_headings, front_matter=front_matter)
    return env


def render_page(env: Environment, template: str, **context: Any) -> str:
    """Render one page; collapses runs of blank lines the templates leave behind."""
    text = env.get_template(template).render(**context)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"

"""Jinja2 over `site_templates/`: what people wrote is safe wherever a template puts it.

Every `{{ value }}` is `sanitize.text`: HTML-escaped, Markdown punctuation
written as character references, so a `<script>` or a `[link](javascript:…)`
in a tagline shows as text, in a table cell as in raw HTML. Markdown bodies go
through `markdown` (rendered, sanitized with an allow-list, written so that
MkDocs reads nothing more into it); URLs written by templates through `url`.
The templates themselves are trusted: layout (grids, attribute lists,
admonitions) is theirs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from generator.content.labels import template_dirs
from generator.site.sanitize import link_target, safe_html, text

_DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")




def html_text(value: Any) -> Markup:
    """Text the theme prints as HTML (page titles, descriptions, tags, nav): HTML-escaped."""
    return Markup(escape(" ".join(str(value).split())))


@pass_context
def markdown_filter(context: Context, value: str, shift: int = 0) -> Markup:
    """`{{ body | markdown(2) }}`: a Markdown body, headings `shift` levels down, links
    relative to the page being rendered (`page_path` in the context)."""
    return safe_html(value, shift=shift, page=context.get("page_path"))


def join_text(values: Iterable[Any], separator: str = "") -> Markup:
    """Jinja's `join`, with every item as text (the separator is the template's)."""
    return Markup(separator).join(text(v) for v in values)


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
    return "" if value is None else text(value)


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
    env.filters.update(text=text, html=text, markdown=markdown_filter, url=link_target,
                       join=join_text, initials=initials, front_matter=front_matter)
    return env


def render_page(env: Environment, template: str, **context: Any) -> str:
    """Render one page; collapses runs of blank lines the templates leave behind."""
    page = env.get_template(template).render(**context)
    return re.sub(r"\n{3,}", "\n\n", page).strip() + "\n"

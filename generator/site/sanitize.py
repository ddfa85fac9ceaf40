"""What people wrote, made safe for a reader's browser.

Two kinds of values, two functions:

- `text`: a one-line field (a name, a tagline, a list item). It is text, never
  Markdown: HTML-escaped, with Markdown punctuation written as numeric
  character references, so it shows exactly as written wherever a template
  puts it (a table cell, a heading, a link text, raw HTML).
- `safe_html`: a Markdown body (segment, persona and interview notes, a guide
  of `docs/`). Python-Markdown renders it with a small set of extensions
  (raw HTML in it shows as text, no attribute lists, no file includes), nh3
  (Rust's ammonia) keeps only allow-listed elements, attributes, classes and
  URL schemes, and `inert` writes the result into the generated Markdown page
  so that MkDocs' own pass, with the site's extensions, reads nothing into it.
"""

from __future__ import annotations

import posixpath
import re
from functools import cache, lru_cache
from typing import Any
from urllib.parse import quote, urlsplit

import markdown
import nh3
from markupsafe import Markup

from generator.site import inert

TAGS = frozenset({"p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "code",
                  "pre", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead",
                  "tbody", "tr", "th", "td", "a", "img", "div"})
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"}}
_ALIGNS = {"left", "center", "right"}
ALIGNED = {"th": {"align": _ALIGNS}, "td": {"align": _ALIGNS}}
ADMONITIONS = frozenset({"note", "abstract", "info", "tip", "success", "question", "warning",
                         "failure", "danger", "bug", "example", "quote"})
CLASSES = {"div": {"admonition", *ADMONITIONS}, "p": {"admonition-title"}}
# Every attribute the sanitizer may leave on an element: `inert` checks its output again.
KEPT_ATTRIBUTES = {**ATTRIBUTES, "a": {"href", "title", "rel"}, "th": {"align"},
                   "td": {"align"}, "div": {"class"}, "p": {"class"}}
SCHEMES = frozenset({"http", "https", "mailto"})
URL_ATTRIBUTES = frozenset({"href", "src"})
_EXTENSIONS = ["tables", "fenced_code", "def_list", "sane_lists", "admonition"]
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_IGNORED_BY_BROWSERS = re.compile(r"[\x00-\x20\x7f]")
_SPACE = re.compile(r"\s+")


def text(value: Any) -> Markup:
    """One line of what someone wrote: shown as written in Markdown and HTML alike."""
    if isinstance(value, Markup):
        return value
    return _inert_line(str(value))


# Every value a page template prints passes here, and labels, names and tags recur on
# thousands of pages: each distinct text is made inert once.
@lru_cache(maxsize=1 << 16)
def _inert_line(value: str) -> Markup:
    return Markup(inert.inert_text(_SPACE.sub(" ", value).strip(), line_start=True))


def safe_html(markdown_text: str, *, shift: int = 0, page: str | None = None) -> Markup:
    """A Markdown body as sanitized HTML, ready to sit in a generated Markdown page.

    `shift` demotes headings (so a body sits below the page's own sections);
    `page` is the generated page's path (`guides/howto.md`): relative links to
    `.md` files and images are then rewritten to the site's addresses.
    """
    md = _markdown()
    md.reset()
    rendered = md.convert(markdown_text)
    cleaned = clean_html(rendered, page)
    return Markup(inert.inert_blocks(cleaned, _POLICY, shift))


def clean_html(html: str, page: str | None = None) -> str:
    """HTML reduced to the allow-list: elements, attributes, classes and URL schemes."""
    return nh3.clean(
        html, tags=set(TAGS), attributes={k: set(v) for k, v in ATTRIBUTES.items()},
        tag_attribute_values={k: {a: set(v) for a, v in av.items()} for k, av in ALIGNED.items()},
        allowed_classes={k: set(v) for k, v in CLASSES.items()}, url_schemes=set(SCHEMES),
        link_rel="noopener noreferrer", strip_comments=True,
        clean_content_tags={"script", "style"},
        attribute_filter=lambda tag, name, value: _filter_attribute(tag, name, value, page))


def safe_url(url: str) -> str | None:
    """`url` if following it stays harmless (http, https, mailto or relative), else None."""
    visible = _IGNORED_BY_BROWSERS.sub("", url)
    scheme = _SCHEME.match(visible)
    if scheme:
        return url if scheme.group(1).lower() in SCHEMES else None
    return url


def keep_url(tag: str, name: str, value: str) -> str | None:
    """An URL attribute as it may stay: images only from the site itself."""
    if tag == "img" and name == "src":
        return value if _local(value) else None
    return safe_url(value)


def link_target(url: str) -> Markup:
    """An URL for a Markdown link written by a template: checked, then percent-encoded
    wherever Markdown would read punctuation (`#` when unsafe)."""
    safe = safe_url(url)
    return Markup(quote(safe, safe="/:?#@!$&+,;=%~-._") if safe else "#")


_POLICY = inert.Policy(TAGS, KEPT_ATTRIBUTES, keep_url)


def _local(url: str) -> bool:
    visible = _IGNORED_BY_BROWSERS.sub("", url).replace("\\", "/")
    return bool(visible) and not _SCHEME.match(visible) and not visible.startswith("//")


def _filter_attribute(tag: str, name: str, value: str, page: str | None) -> str | None:
    if name not in URL_ATTRIBUTES:
        return value
    kept = keep_url(tag, name, value)
    if kept is None or page is None or not _local(kept):
        return kept
    return _site_address(kept, page)


def _site_address(url: str, page: str) -> str:
    """A link relative to a page's source file, made relative to the page's address
    (`glossary.md#terms` from `guides/howto.md` is `../glossary/#terms`)."""
    parts = urlsplit(url)
    if not parts.path or parts.path.startswith("/"):
        return url
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), parts.path))
    is_page = target.endswith(".md")
    if is_page:
        target = _address(target) or "."
    relative = posixpath.relpath(target, _address(page) or ".")
    if is_page:
        relative = relative.rstrip("/") + "/"
    if _SCHEME.match(relative):  # `a/../javascript:x` must not become a scheme
        relative = "./" + relative
    rest = ("?" + parts.query if parts.query else "") + (
        "#" + parts.fragment if parts.fragment else "")
    return relative + rest


def _address(page: str) -> str:
    """The folder a page is served from: `guides/howto/` for `guides/howto.md`."""
    stem = page[:-3] if page.endswith(".md") else page
    folder, name = posixpath.split(stem)
    if name.lower() in ("index", "readme"):
        return folder + "/" if folder else ""
    return stem + "/"


@cache
def _markdown() -> markdown.Markdown:
    """Python-Markdown with the content extensions; raw HTML is text, not markup."""
    md = markdown.Markdown(extensions=_EXTENSIONS,
                           extension_configs={"tables": {"use_align_attribute": True}})
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md

"""Property tests of the renderer: whatever is written, only allow-listed HTML comes out.

Random Markdown, HTML fragments and field values go through `safe_html` and
`text`, then through Python-Markdown with the site's own extensions (as
MkDocs renders a generated page); the resulting HTML is parsed and must hold
only allow-listed elements, attributes and URL schemes.
"""

from __future__ import annotations

import re

import markdown
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator.site.sanitize import KEPT_ATTRIBUTES, SCHEMES, TAGS, safe_html, text
from tests.adversarial.harness import page_text, parse_html

# What MkDocs adds to a generated page around content: heading anchors and permalinks.
SITE_EXTENSIONS = ["tables", "attr_list", "md_in_html", "admonition", "def_list", "toc"]
MARKDOWN_ADDS = {"h1": {"id"}, "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"},
                 "h6": {"id"}, "a": {"class", "title"}}
PIECES = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "{: onclick=alert(1) }",
          "{ style=\"position:fixed\" }", "[x](javascript:alert(1))", "![i](data:x)",
          "<a href='vbscript:x'>", "&#106;avascript:", "`", "\\", "**", "_", "#", "- ",
          "1. ", "> ", "|", "---", "\n", "\n\n", "    ", "<div markdown=\"1\">", "</div>",
          "!!! note \"t\"\n    ", "```\n", "<!--", "-->", "[r]: javascript:x\n", "[r]",
          "<https://x.example>", "<javascript:alert(1)>", "&", "&lt;", ":", "\t", "\x00",
          "<svg onload=alert(1)>", "<style>*{}</style>", "java\tscript:", "<p style=x>",
          "\u2028", "\x02wzxhzdk:0\x03", "[t](https://ok.example \"title\")", "![a](p.png)"]
markdown_text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)),
                         max_size=25).map("".join)


def site_html(generated: str) -> str:
    """A generated page's Markdown as MkDocs renders it (the site's extensions)."""
    return markdown.markdown(generated, extensions=SITE_EXTENSIONS)


def scheme(url: str) -> str | None:
    """The scheme of a URL as a browser reads it (spaces and controls dropped)."""
    visible = "".join(c for c in url if c > " " and c != "\x7f")
    found = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", visible)
    return found.group(1).lower() if found else None


def assert_allow_listed(html: str) -> None:
    for element in parse_html(html):
        assert element.tag in TAGS, element
        allowed = KEPT_ATTRIBUTES.get(element.tag, set()) | MARKDOWN_ADDS.get(element.tag, set())
        for name, value in element.attrs.items():
            assert name in allowed, element
            if name in ("href", "src"):
                assert scheme(value) in (None, *SCHEMES), element
            if name == "src":
                assert scheme(value) is None, element
                assert not value.strip().replace("\\", "/").startswith("//"), element


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown_text, st.integers(min_value=0, max_value=3))
def test_markdown_bodies_come_out_allow_listed(source: str, shift: int) -> None:
    generated = str(safe_html(source, shift=shift, page="guides/page.md"))
    assert_allow_listed(site_html(generated))


@settings(max_examples=300, deadline=None)
@given(markdown_text)
def test_field_values_come_out_as_text(value: str) -> None:
    shown = text(value)
    assume(str(shown).strip())  # an empty value leaves the template's own `****`, a rule
    for template in ("{v}", "- {v}", "| {v} | x |\n|---|---|\n| {v} | y |", "# {v}",
                     "[{v}](x.md)", "> {v}", '<p class="x">{v}</p>', "**{v}**"):
        html = site_html(template.format(v=shown))
        tags = {e.tag for e in parse_html(html)}
        assert tags <= {"p", "ul", "li", "table", "thead", "tbody", "tr", "th", "td", "h1",
                        "a", "blockquote", "strong"}, (template, html)
        for element in parse_html(html):
            assert set(element.attrs) <= {"id", "href", "class"}, (template, html)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_field_values_keep_every_character(value: str) -> None:
    spaced = " ".join(value.split())  # Python's whitespace (\x1c-\x1f too) is one space
    expected = " ".join(re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", spaced).split())
    assert page_text(site_html(f"<p>{text(value)}</p>")) == expected

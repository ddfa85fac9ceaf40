"""What people wrote, rendered safely, and small helpers of the page renderer."""

from __future__ import annotations

from pathlib import Path

import markdown

from generator.site.render import initials, join_text
from generator.site.sanitize import link_target, safe_html, text


def to_html(text: str) -> str:
    """A generated page as MkDocs renders it (the site's Markdown extensions)."""
    return markdown.markdown(text, extensions=["tables", "attr_list", "md_in_html", "toc"])


def test_text_neutralises_html_and_markdown() -> None:
    html = to_html(f"Tagline: {text('<script>alert(1)</script> [x](javascript:alert(1)) *a*')}")
    assert "<script>" not in html
    assert "&#60;script&#62;" in html
    assert "<a " not in html
    assert "<em>" not in html
    assert "&#91;x&#93;&#40;javascript&#58;alert&#40;1&#41;&#41;" in html


def test_text_collapses_line_breaks_and_cannot_start_a_block() -> None:
    assert str(text("one\n\n# two")) == "one &#35; two"
    assert to_html(f"{text('- item')}\n\n{text('1. first')}\n\n{text('---')}").count("<p>") == 3


def test_markdown_body_keeps_markdown_but_not_raw_html() -> None:
    source = "## Day\n\n**bold** <img src=x onerror=alert(1)>\n\n```\n<b>code</b>\n```\n"
    html = to_html(str(safe_html(source)))
    assert "<strong>bold</strong>" in html
    assert "<img" not in html
    assert "&#60;img src&#61;x onerror&#61;alert&#40;1&#41;&#62;" in html
    assert "&#60;b&#62;code&#60;/b&#62;" in html
    assert '<h2 id="day">Day</h2>' in html


def test_markdown_body_attribute_lists_are_text() -> None:
    source = '# Title {: style="position:fixed" }\n\n**x**{ onmouseover=alert(1) }\n'
    html = to_html(str(safe_html(source)))
    assert "style=" not in html and "onmouseover=" not in html.replace("&#61;", "")
    assert "onmouseover&#61;alert" in html


def test_markdown_headings_shift_and_links_follow_the_page() -> None:
    html = to_html(str(safe_html("# A\n\n## B\n\n[g](glossary.md#x) ![p](img/p.png)",
                                 shift=2, page="guides/howto.md")))
    assert '<h3 id="a">A</h3>' in html and '<h4 id="b">B</h4>' in html
    assert 'href="../glossary/#x"' in html and 'src="../img/p.png"' in html
    assert 'rel="noopener noreferrer"' in html


def test_links_written_by_templates_are_checked() -> None:
    assert str(link_target("https://git.example/pull/1")) == "https://git.example/pull/1"
    assert str(link_target("javascript:alert(1)")) == "#"
    assert str(link_target("https://x.example/a b(c)")) == "https://x.example/a%20b%28c%29"


def test_join_shows_every_item_as_text() -> None:
    assert str(join_text(["**a**", "<b>"], "、")) == "&#42;&#42;a&#42;&#42;、&#60;b&#62;"


def test_initials() -> None:
    assert initials("通勤族 · 林晓") == "林"
    assert initials("Commuter · Zhou Ming") == "ZM"
    assert initials("solo") == "S"


def test_history_lines_are_localized() -> None:
    from generator.history.describe import describe
    from generator.history.fields import FieldChange
    from generator.history.files import FileDiff, Note
    from generator.stats.display import Display

    zh = Display.of(Path(__file__).parent, "zh")
    diff = FileDiff("personas/a/x.md", "personas/b/x.md", "persona", "x", "moved", "X",
                    (FieldChange("changed", "purchasing_power.price_sensitivity", "中", "高"),
                     FieldChange("changed", "x-team.flag", False, True)),
                    (Note("moved_segment", "b", "a"),), True, False)
    assert describe(diff, zh) == ["从细分 b 移到 a", "购买能力 · 价格敏感度：中 → 高",
                                  "x-team · flag：否 → 是", "修改了正文"]

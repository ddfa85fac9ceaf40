"""Escaping and small helpers of the page renderer."""

from __future__ import annotations

from pathlib import Path

import markdown

from generator.site.render import body, initials, inline, shift_headings


def to_html(text: str) -> str:
    return markdown.markdown(text, extensions=["tables", "attr_list", "md_in_html"])


def test_inline_neutralises_html_and_markdown() -> None:
    html = to_html(f"Tagline: {inline('<script>alert(1)</script> [x](javascript:alert(1)) *a*')}")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<a " not in html
    assert "<em>" not in html
    assert "[x](javascript:alert(1))" in html


def test_inline_collapses_line_breaks() -> None:
    assert str(inline("one\n\n# two")) == "one \\# two"


def test_body_keeps_markdown_but_not_raw_html() -> None:
    text = "## Day\n\n**bold** <img src=x onerror=alert(1)>\n\n```\n<b>code</b>\n```\n"
    html = to_html(str(body(text)))
    assert "<strong>bold</strong>" in html
    assert "<img" not in html
    assert "&lt;b&gt;code&lt;/b&gt;" in html


def test_shift_headings() -> None:
    assert str(shift_headings(body("# A\n\n## B"), 2)) == "### A\n\n#### B"


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

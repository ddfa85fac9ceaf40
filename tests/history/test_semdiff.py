"""Field-level differences between two front matter mappings, and between two file revisions."""

from __future__ import annotations

from generator.history.describe import describe, field_text, shown
from generator.history.fields import diff_data
from generator.history.files import file_diff, parse_revision
from generator.history.git import RawEntry
from tests.conftest import english_display

EN = english_display()


def lines(old: dict[str, object], new: dict[str, object]) -> list[str]:
    return [field_text(change, EN) for change in diff_data(old, new)]


def test_scalars_lists_and_nested_keys() -> None:
    old = {"status": "draft", "tags": ["a", "b"], "buying": {"triggers": ["x"]}, "quote": "q"}
    new = {"status": "active", "tags": ["b", "c"], "buying": {"triggers": ["x", "y"],
                                                              "decision_cycle": "5 分钟"}}
    assert lines(old, new) == [
        "status: draft → active",
        "tags: − a",
        "tags: + c",
        "buying · triggers: + y",
        "buying · decision_cycle: + 5 分钟",
        "quote: − q",
    ]


def test_a_new_section_lists_its_leaves() -> None:
    assert lines({}, {"b2b": {"industry": "零售", "buying_center": ["采购", "IT"]}}) == [
        "b2b · industry: + 零售", "b2b · buying_center: + 采购", "b2b · buying_center: + IT"]


def test_reordering_duplicates_and_types() -> None:
    assert lines({"goals": ["a", "b"]}, {"goals": ["b", "a"]}) == ["goals: reordered"]
    assert lines({"goals": ["a", "a"]}, {"goals": ["a"]}) == ["goals: − a"]
    assert lines({"consent": 1}, {"consent": True}) == ["consent: 1 → Yes"]
    assert lines({"tags": "a"}, {"tags": ["a", "b"]}) == ["tags: a → a, b"]
    assert lines({"nps": None}, {"nps": 9}) == ["nps: — → 9"]


def test_lists_of_mappings_compare_whole_items() -> None:
    old = {"quotes": [{"text": "排队太久", "tags": ["速度"]}]}
    new = {"quotes": [{"text": "排队太久", "tags": ["速度", "早高峰"]}]}
    assert lines(old, new) == ["quotes: − text: 排队太久; tags: 速度",
                               "quotes: + text: 排队太久; tags: 速度, 早高峰"]


def test_long_values_are_cut() -> None:
    assert shown("长" * 200, EN, limit=10) == "长" * 9 + "…"
    assert shown("two\n  lines", EN) == "two lines"


def entry(old_path: str | None, new_path: str | None) -> RawEntry:
    status = "A" if old_path is None else "D" if new_path is None else "R"
    return RawEntry(status, old_path and "1" * 40, new_path and "2" * 40, old_path, new_path)


def revision(front: str, body: str = "正文\n") -> bytes:
    return f"---\n{front}---\n{body}".encode()


def test_renamed_persona_and_reformatted_front_matter() -> None:
    old = parse_revision("", revision("name: 甲\ntags: [a]\n"))
    new = parse_revision("", revision("name: 甲\ntags:\n  - a\n"))
    moved = file_diff(entry("personas/a/x.md", "personas/a/y.md"), old, new)
    assert moved is not None and describe(moved, EN) == ["renamed from x to y"]
    same = file_diff(entry("personas/a/x.md", "personas/a/x.md"), old, new)
    assert same is not None and describe(same, EN) == ["front matter reformatted (same values)"]
    assert file_diff(entry("personas/a/x.md", "personas/a/x.md"), old, old) is None


def test_files_that_are_not_content_are_ignored() -> None:
    text = parse_revision("", revision("name: 甲\n"))
    for path in ("personas/README.md", "personas/x.md", "interviews/.draft.md", "docs/a.md",
                 "personas/a/avatar.svg"):
        assert file_diff(entry(None, path), None, text) is None


def test_a_revision_without_front_matter_or_too_big() -> None:
    assert parse_revision("", b"just text\n").data is None
    assert parse_revision("", b"\xff\xfe").data is None
    assert parse_revision("", revision("name: x\n"), max_bytes=5).data is None
    before = parse_revision("", revision("name: x\n"))
    after = parse_revision("", b"no fence\n")
    diff = file_diff(entry("personas/a/x.md", "personas/a/x.md"), before, after)
    assert describe(diff, EN) == ["front matter did not parse in this revision"]


def test_a_fix_that_restores_the_last_good_version() -> None:
    good = parse_revision("", revision("name: 甲\n"))
    broken = parse_revision("", revision("name: [甲\n"))
    same = entry("personas/a/x.md", "personas/a/x.md")
    fixed = file_diff(same, broken, good, baseline=good)
    assert fixed is not None and describe(fixed, EN) == ["front matter parses again"]

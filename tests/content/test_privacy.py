"""Personal data detection in interview notes."""

from __future__ import annotations

import pytest

from generator.content.privacy import find_personal_data, is_resident_id, mask


@pytest.mark.parametrize("text", ["11010519491231002X", "44030419900307123X"])
def test_resident_ids_with_valid_check_digit(text: str) -> None:
    assert is_resident_id(text)


@pytest.mark.parametrize("text", ["110105194912310021", "123456789012345678", "11010519491331002X"])
def test_numbers_that_are_not_resident_ids(text: str) -> None:
    assert not is_resident_id(text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("电话 13812345678", "a mobile phone number"),
        ("电话 +86 138-1234-5678", "a mobile phone number"),
        ("座机 (021) 6888 8888", "a landline phone number"),
        ("座机 010-62345678", "a landline phone number"),
        ("mail: a.b@example.com.cn", "an e-mail address"),
    ],
)
def test_personal_data_is_found(text: str, kind: str) -> None:
    assert [f.kind for f in find_personal_data(text)] == [kind]


@pytest.mark.parametrize(
    "text",
    ["NPS 9 分，订单 2026-09-10", "客单价 35 元，每周 4-5 次", "订单号 123456789012345678",
     "P-017 说排队 10 分钟"],
)
def test_ordinary_numbers_are_not_personal_data(text: str) -> None:
    assert list(find_personal_data(text)) == []


def test_findings_are_masked_and_located() -> None:
    (finding,) = find_personal_data("第一行\n请拨 13812345678 找我")
    assert (finding.line, finding.column, finding.masked) == (2, 4, "138******78")
    assert mask("abc") == "***"

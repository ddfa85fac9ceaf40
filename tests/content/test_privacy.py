"""Personal data in handbook text: the detectors, the quick test, participant codes."""

from __future__ import annotations

import pytest

from generator.content.detect_contacts import contact_hits
from generator.content.detect_numbers import number_hits
from generator.content.identifiers import is_card_number, luhn_valid
from generator.content.normalise import normalise
from generator.content.participant import spells_a_name
from generator.content.privacy import (
    find_personal_data,
    holds_personal_data,
    is_resident_id,
    mask,
    might_hold_personal_data,
)

MOBILE = "a mobile phone number"


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


@pytest.mark.parametrize(
    ("text", "valid"),
    [("110105491231002", True), ("110105491331002", False), ("990105491231002", False),
     ("11010519491231002x", True), ("000101199003071233", False)],
)
def test_old_and_new_resident_ids(text: str, valid: bool) -> None:
    assert is_resident_id(text) is valid


@pytest.mark.parametrize(
    ("digits", "card"),
    [("4111111111111111", True), ("6222021234567890128", True), ("378282246310005", True),
     ("4111111111111112", False), ("1234567812345670", False), ("411111111111", False)],
)
def test_bank_cards_need_a_network_prefix_and_the_luhn_check(digits: str, card: bool) -> None:
    assert luhn_valid("79927398713")
    assert is_card_number(digits) is card


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("电话 13812345678", [MOBILE]),
        ("(86)13812345678 和 0086 139 1234 5678", [MOBILE, MOBILE]),
        ("2026-03-12 13812345678", [MOBILE]),
        ("+1 650-253-0000", ["a phone number"]),
        ("身份证 110101 19900307 1233，卡号 6222-0212-3456-7890-128",
         ["a resident ID number", "a bank card number"]),
        ("13812345678@qq.com", ["an e-mail address"]),
        ("zhangwei@例子.中国。谢谢", ["an e-mail address"]),
        ("zhang (at) example (dot) com", ["an e-mail address"]),
        ("zhang.wei#qq.com（#换成@）", ["an e-mail address"]),
        ("加v abc_123", ["a WeChat ID"]),
        ("微信号 zhangwei，QQ号：12345678", ["a WeChat ID", "a QQ number"]),
        ("护照 EA1234567；电话 6234 5678", ["a passport or travel permit number",
                                          "a phone number"]),
    ],
)
def test_each_kind_is_found_once(text: str, kinds: list[str]) -> None:
    assert [f.kind for f in find_personal_data(text)] == kinds


@pytest.mark.parametrize(
    "text",
    ["客服 400-820-8820", "2026-03-12 10:30", "微信 official account", "logo@2x.png",
     "look at example.com", "ISBN 978-7-111-12345-6", "SKU 12345678901", "WeChat Pay",
     "qq音乐", "hotel 62345678 房", "## Q1 用 C# 写", "issue#12.md"],
)
def test_company_numbers_and_lookalikes_are_not_personal_data(text: str) -> None:
    assert find_personal_data(text) == []
    assert not holds_personal_data(text)


def test_markup_hides_nothing() -> None:
    comment, link = find_personal_data(
        "正文\n<!-- 客户电话 13812345678 -->\n<a href='mailto:zhang@example.com'>写信</a>")
    assert (comment.line, comment.column, comment.kind) == (2, 11, MOBILE)
    assert (link.line, link.column, link.kind) == (3, 17, "an e-mail address")


def test_findings_locate_the_original_text_and_never_hold_the_value() -> None:
    text = "第一行\n  请打 １３８\u200b1234\n    5678 谢谢\n邮箱 张伟@example.com"
    phone, email = find_personal_data(text)
    assert (phone.line, phone.column, phone.code) == (2, 6, "privacy.phone-number")
    assert text[phone.start:phone.end] == "１３８\u200b1234\n    5678"
    assert phone.masked == "138*******78"
    assert (email.line, email.kind, email.masked) == (4, "an e-mail address", "**@*********om")
    assert holds_personal_data(text)


# Hostile spellings of personal data: every one must pass the quick test before the scan.
VALUES = ["13812345678", "+86 138 1234 5678", "110101199003071233", "6222021234567890128",
          "zhang@example.com", "微信：abc_123", "QQ 12345678", "护照号 E12345678",
          "zhang [at] example [dot] com", "WeChat ID: wxid_k3j9x2m1", "电话 6234 5678",
          "zhang#qq.com", "加V：abc_123"]
DISGUISES = [
    lambda v: v,
    lambda v: v.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)}),
    lambda v: "\u200b".join(v),
    lambda v: "\u00ad".join(v),
    lambda v: v[:5] + "\n      " + v[5:],
    lambda v: v[:4] + "**" + v[4:],
    lambda v: "".join(f"&#{ord(c)};" for c in v),
    lambda v: v.replace(" ", "\u3000"),
    lambda v: "<b>" + v[:3] + "</b>" + v[3:],
]


@pytest.mark.parametrize("value", VALUES)
def test_the_quick_test_passes_every_disguise(value: str) -> None:
    for disguise in DISGUISES:
        text = "客户说：" + disguise(value) + "。"
        normal = normalise(text).text
        if number_hits(normal) or contact_hits(normal):
            assert might_hold_personal_data(text), repr(text)


@pytest.mark.parametrize(
    ("code", "name"),
    [("ZhangWei-8", True), ("LiNa03", True), ("LINA03", True), ("WeiZhang1", True),
     ("PZhang01", True), ("Wang-3", True), ("Emily-2", True), ("xiaoming1", True),
     ("P-017", False), ("CX12", False), ("INT-07", False), ("IV-3", False), ("DEMO-1", False),
     ("U-3", False), ("KA-01", False), ("B2B-07", False), ("TEST-1", False), ("USER-12", False)],
)
def test_participant_codes_that_spell_a_name(code: str, name: bool) -> None:
    assert spells_a_name(code) is name


@pytest.mark.parametrize("text", ["微信## abc_123", "QQ号码：是 12345678", "微信#：abc_123",
                                  "Passport number is E1234567", "vx＝zhang_88"])
def test_labels_with_unusual_separators(text: str) -> None:
    assert might_hold_personal_data(text)
    assert len(find_personal_data(text)) == 1

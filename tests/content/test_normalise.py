"""The normal form every personal-data scan reads, and the way back to the original."""

from __future__ import annotations

import pytest

from generator.content.normalise import changes_more_than_punctuation, char_form, normalise


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        ("１３８－１２３４", "138-1234"),
        ("zhang＠例子．中国", "zhang@例子.中国"),
        ("ＱＱ：１２３", "QQ:123"),
        ("138\u200b1234\u200c5678\u200d", "13812345678"),
        ("\ufeff\u202e138\u00ad1234\u202c\u2060", "1381234"),
        ("1\u20e33\ufe0f8", "138"),
        ("①③⑧", "138"),
        ("\u0661\u0662\u0663 \u0967\u0968", "123 12"),
        ("a\u3000b\u00a0c", "a b c"),
        ("&#49;&#x33;8&shy;0", "1380"),
        ("138<span>1234</span>5678", "13812345678"),
        ("138<br>1234", "138 1234"),
        ("138<!---->1234", "1381234"),
        ("<!-- 电话 13812345678 -->", "  电话 13812345678  "),
        ('<a href="tel:13812345678">拨打</a>', " tel:13812345678 拨打"),
        ("138**1234**5678 and 1_000", "13812345678 and 1000"),
        ("138\\-1234", "138-1234"),
        ("请拨 138 1234\n    5678", "请拨 138 1234\n    5678"),
        ("第一行\n2. 第二行", "第一行\n2. 第二行"),
        ("等等……好的", "等等......好的"),
        ("普通的中文，没有号码。", "普通的中文,没有号码。"),
    ],
)
def test_normal_form(text: str, normal: str) -> None:
    assert normalise(text).text == normal


def test_offsets_and_lines_of_the_original() -> None:
    text = "第一行……\n&#49;３\u200b8\u00ad1234**5678 号\n"
    normal = normalise(text)
    start = normal.text.index("138")
    end = start + len("13812345678")
    assert normal.text[start:end] == "13812345678"
    original_start, original_end = normal.span(start, end)
    assert text[original_start:original_end] == "&#49;３\u200b8\u00ad1234**5678"
    assert normal.location(original_start) == (2, 1)
    after = normal.text.index("号")
    assert text[normal.span(after, after + 1)[0]] == "号"


def test_texts_without_changes_keep_their_offsets() -> None:
    text = "座机：(021) 6888 8888，邮箱 a@b.cn"
    normal = normalise(text)
    assert len(normal.text) == len(text)
    assert normal.span(3, 8) == (3, 8)


def test_the_quick_path_agrees_with_the_character_table() -> None:
    # Texts of plain characters skip the table; every character must come out the same.
    for code in range(0x20, 0x10000):
        char = chr(code)
        if 0xD800 <= code < 0xE000:
            continue
        assert normalise(char).text == char_form(char), hex(code)
        if not changes_more_than_punctuation(char):
            assert char_form(char) == unicodedata_nfkc(char), hex(code)


def unicodedata_nfkc(char: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKC", char)

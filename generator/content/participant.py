"""Whether an interview's participant code spells a person's name.

The schema fixes a code's form: ASCII letters, an optional hyphen and digits
(`P-017`, `CX12`), so a name in Chinese characters or with spaces (`王伟`,
`Li Na 03`) is refused there. This rule reads the letters of a code of that
form: they must not be a common Chinese surname in pinyin, alone (`Wang-3`) or
with a given name (`ZhangWei-8`, `LINA03`, and `WeiZhang1` for surnames of three
letters or more), nor be a common English given name (`Emily-2`); in a code
written in mixed case each capitalised part counts on its own (`PZhang01`).
"""

from __future__ import annotations

import re

from generator.content.normalise import normalise

# The most common Chinese surnames (about 85% of people), in pinyin; ü as v, yu or u.
_SURNAMES = """
wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin gao luo zheng
liang xie song tang han deng feng cao peng zeng xiao tian dong pan yuan cai jiang yu du ye
cheng wei su lv lyu lu ding ren yao shen zhong cui tan fan liao shi jin jia xia fu fang zou
xiong bai meng qin qiu hou yin xue yan duan lei long tao mao hao gu gong shao wan qian dai mo
kong xiang chang kang yi qiao lai wen hong xin chai niu pang ge lan
ouyang sima zhuge shangguan dongfang huangfu murong linghu situ xiahou yuchi gongsun
"""
_GIVEN_NAMES = """
adam alex alice amanda amy andrew angela ann anna annie bella ben bill bob brian carol
cathy charles cherry chloe chris
cindy claire daisy daniel david dennis diana eric emily emma frank george grace helen henry
jack jackie jacky james jane jason jennifer jenny jerry jessica john johnny joyce judy julia
kate kelly kevin lily linda lisa lucy mark mary michael mike nancy nick olivia peter richard
robert rose sally sarah simon sophia sophie steven susan terry tina tony vicky victor
vincent vivian wendy william ella ethan fiona gloria iris irene ivy joe leo luke nina ryan
sara tim tom zoe
"""
SURNAMES = frozenset(_SURNAMES.split())
GIVEN_NAMES = frozenset(_GIVEN_NAMES.split())
_SYLLABLE = (r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
             r"(?:iang|iong|uang|ang|eng|ing|ong|iao|ian|uai|uan|ai|ei|ui|ao|ou|iu|ie|ve|ue|"
             r"er|an|en|in|un|vn|ia|ua|uo|a|o|e|i|u|v)")
_GIVEN_PINYIN = re.compile(f"(?:{_SYLLABLE}){{1,2}}")
_LETTERS = re.compile(r"[A-Za-z]+")
_CAPITALISED = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")

MESSAGE = ("participant looks like a personal name (a common Chinese surname in pinyin, "
           "alone or with a given name, or a common given name), not a code")
HINT = "write a code such as P-017 and keep the key to codes outside the handbook"


def spells_a_name(code: str) -> bool:
    """True when the letters of a participant code spell a personal name (see the module)."""
    for run in _LETTERS.findall(code if code.isascii() else normalise(code).text):
        parts = [p.lower() for p in _CAPITALISED.findall(run)]
        if _is_name(run.lower()) or (len(parts) > 1 and any(map(_is_name, parts))):
            return True
    return False


def _is_name(word: str) -> bool:
    if word in SURNAMES or word in GIVEN_NAMES:
        return True
    for cut in range(1, len(word)):
        head, tail = word[:cut], word[cut:]
        if head in SURNAMES and _GIVEN_PINYIN.fullmatch(tail):
            return True
        if len(tail) >= 3 and tail in SURNAMES and _GIVEN_PINYIN.fullmatch(head):
            return True
    return False

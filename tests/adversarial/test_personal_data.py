"""Trust, class 4: personal data hidden from the privacy check.

Each case writes a realistic hostile string into a real handbook (an interview's
body or quote, a persona's field or body, a segment's body, or the participant
code) and runs the real `handbook validate`: it must fail with a message that
names the file, the line and the kind of data, and never repeats the value.
Ordinary numbers written in the same places must not be reported.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.adversarial.harness import copy_valid, handbook
from tests.conftest import TODAY

INTERVIEW = "interviews/2026-09-10-p-001.md"
PERSONA = "personas/commuters/lin-xiao.md"
SEGMENT = "personas/commuters/_segment.md"
MOBILE = "a mobile phone number"
LANDLINE = "a landline phone number"
PHONE = "a phone number"
ID = "a resident ID number"
CARD = "a bank card number"
EMAIL = "an e-mail address"
WECHAT = "a WeChat ID"
QQ = "a QQ number"
PASSPORT = "a passport or travel permit number"


@dataclass(frozen=True)
class Case:
    """A hostile string, where it goes, what must be reported, and the value kept secret."""

    name: str
    where: str
    text: str
    kind: str
    secret: str


def place(root: Path, where: str, text: str) -> tuple[str, int]:
    """Write `text` into the handbook; the file and the line where it starts."""
    rel, old, new = {
        "interview body": (INTERVIEW, "在地铁站看到灯箱广告。\n", "在地铁站看到灯箱广告。\n{}\n"),
        "quote": (INTERVIEW, "  - text: 早高峰排队十分钟，我宁可去便利店买瓶装咖啡。\n",
                  "  - text: |-\n      {}\n"),
        "quoted value": (INTERVIEW, "nps_reason: 味道稳定，小程序方便\n", 'nps_reason: "{}"\n'),
        "persona field": (PERSONA, "tagline: 赶地铁的产品经理，咖啡是她的早餐\n",
                          "tagline: |-\n  {}\n"),
        "persona list": (PERSONA, "  - 门店早高峰排队超过 10 分钟\n",
                         "  - 门店早高峰排队超过 10 分钟\n  - |-\n    {}\n"),
        "persona body": (PERSONA, "早上 7 点左右起床，7 点 40 分出门。\n",
                         "早上 7 点左右起床，7 点 40 分出门。\n{}\n"),
        "segment body": (SEGMENT, "是门店早高峰的主力客群。\n", "是门店早高峰的主力客群。\n{}\n"),
        "participant": (INTERVIEW, "participant: P-001\n", "participant: {}\n"),
    }[where]
    path = root / rel
    content = path.read_text(encoding="utf-8")
    assert old in content
    indent = re.search(r"\{\}", new)
    prefix = new[: indent.start()] if indent else new
    lines_before = content[: content.index(old)].count("\n") + prefix.count("\n")
    body = text.replace("\n", "\n" + prefix.rsplit("\n", 1)[-1]) if "|-" in new else text
    path.write_text(content.replace(old, new.replace("{}", body), 1), encoding="utf-8")
    return rel, lines_before + 1


def compact(text: str) -> str:
    """Letters and digits only, in NFKC form: what a leaked value looks like in any spelling."""
    return "".join(c for c in unicodedata.normalize("NFKC", text) if c.isalnum())


HOSTILE = [
    Case("full-width mobile", "interview body", "客户手机１３８１２３４５６７８，晚上打", MOBILE,
         "13812345678"),
    Case("+86 without space", "quote", "有事打 +8613912345678 找我", MOBILE, "13912345678"),
    Case("0086 and dashes", "persona field", "常用 0086-139-1234-5678 联系", MOBILE, "13912345678"),
    Case("(86) and dots", "persona body", "她的号码是(86)139.1234.5678。", MOBILE, "13912345678"),
    Case("slashes", "segment body", "代表客户 139/1234/5678", MOBILE, "13912345678"),
    Case("spaced digits", "interview body", "号码 1 3 9 1 2 3 4 5 6 7 8", MOBILE, "13912345678"),
    Case("zero-width spaces", "quote", "打 139\u200b1234\u200b5678 就行", MOBILE, "13912345678"),
    Case("soft hyphen and BOM", "interview body", "回访 139\u00ad1234\ufeff5678", MOBILE,
         "13912345678"),
    Case("bidi marks", "persona list", "联系 \u202e13912345678\u202c", MOBILE, "13912345678"),
    Case("wrapped in YAML block", "quote", "请打 139 1234\n5678 找我", MOBILE, "13912345678"),
    Case("wrapped in body", "interview body", "电话 139-1234-\n    5678", MOBILE, "13912345678"),
    Case("HTML entities", "interview body", "号码 &#49;&#51;&#57;12345678", MOBILE, "13912345678"),
    Case("Markdown emphasis", "persona body", "号码 139**1234**5678", MOBILE, "13912345678"),
    Case("circled digits", "segment body", "号码 ①③⑨①②③④⑤⑥⑦⑧", MOBILE, "13912345678"),
    Case("glued to letters", "interview body", "tel13912345678", MOBILE, "13912345678"),
    Case("YAML escapes", "quoted value", "\\u0031\\u00339 1234 5678", MOBILE, "13912345678"),
    Case("full-width landline", "persona field", "座机（０２１）６８８８ ８８８８", LANDLINE,
         "02168888888"),
    Case("international", "interview body", "英国同事 +44 20 7946 0958", LANDLINE, "442079460958"),
    Case("ID in groups", "interview body", "身份证 110101 19900307 1233", ID, "110101199003071233"),
    Case("full-width ID", "quote", "证件号１１０１０１１９９００３０７１２３３", ID,
         "110101199003071233"),
    Case("old 15-digit ID", "persona body", "老身份证 110105491231002", ID, "110105491231002"),
    Case("ID with X", "persona list", "证件 11010519491231002X", ID, "11010519491231002X"),
    Case("UnionPay card grouped", "interview body", "卡号 6222 0212 3456 7890 128", CARD,
         "6222021234567890128"),
    Case("Visa card", "segment body", "付款卡 4111111111111111", CARD, "4111111111111111"),
    Case("IDN e-mail", "interview body", "邮箱 zhangwei@例子.中国", EMAIL, "zhangwei例子中国"),
    Case("non-ASCII local part", "persona body", "联系 张伟@example.com", EMAIL, "张伟examplecom"),
    Case("full-width at sign", "quote", "发到 zhang.wei＠example.com", EMAIL, "zhangweiexamplecom"),
    Case("[at] spelled out", "persona list", "邮件 zhang.wei [at] example [dot] com", EMAIL,
         "zhangweiatexampledotcom"),
    Case("# for @", "interview body", "邮箱 zhang.wei#qq.com（#换成@）", EMAIL, "zhangweiqqcom"),
    Case("WeChat label", "interview body", "微信：abc_123", WECHAT, "abc123"),
    Case("加v slang", "segment body", "有问题加V：coffee_lin88", WECHAT, "coffeelin88"),
    Case("WeChat ID wxid", "quote", "WeChat ID: wxid_k3j9x2m1", WECHAT, "wxidk3j9x2m1"),
    Case("vx slang", "persona field", "加vx: zhangwei_88", WECHAT, "zhangwei88"),
    Case("QQ number", "interview body", "QQ 12345678", QQ, "12345678"),
    Case("QQ号 full-width", "segment body", "ＱＱ号：３４５６７８９０１２", QQ, "3456789012"),
    Case("passport Chinese", "interview body", "护照号 E12345678", PASSPORT, "E12345678"),
    Case("passport English", "persona body", "passport no. E87654321", PASSPORT, "E87654321"),
]


@pytest.mark.parametrize("case", HOSTILE, ids=[c.name for c in HOSTILE])
def test_personal_data_is_reported_where_it_is(case: Case, tmp_path: Path) -> None:
    root = copy_valid(tmp_path)
    rel, line = place(root, case.where, case.text)
    result = handbook("validate", str(root), "--today", TODAY)
    assert result.returncode == 1, result.stdout
    reported = [row for row in result.stdout.splitlines() if row.startswith(f"{rel}:{line}:")]
    assert any(f"personal data: {case.kind} (" in row for row in reported), result.stdout
    hidden = compact(case.secret)[2:-2]
    assert all(hidden not in compact(row) for row in result.stdout.splitlines())
    assert case.text not in result.stdout


NAMES = [("pinyin name and number", "ZhangWei-8", "personal name"),
         ("pinyin name in capitals", "LINA03", "personal name"),
         ("surname and number", "Wang-3", "personal name"),
         ("Chinese characters", "王伟", "not a name or contact detail"),
         ("name with spaces", "Li Na 03", "not a name or contact detail")]


@pytest.mark.parametrize(("code", "words"), [n[1:] for n in NAMES], ids=[n[0] for n in NAMES])
def test_participant_codes_that_are_names_are_refused(code: str, words: str,
                                                      tmp_path: Path) -> None:
    root = copy_valid(tmp_path)
    rel, line = place(root, "participant", code)
    result = handbook("validate", str(root), "--today", TODAY)
    assert result.returncode == 1, result.stdout
    assert f"{rel}:{line}:14: $.participant: participant " in result.stdout
    assert words in result.stdout
    assert code not in result.stdout


ORDINARY = [
    ("dates", "interview body", "2026-03-12 到 2026-03-15 之间回访两次"),
    ("date and time", "quote", "2026-03-12 10:30 在门店见面"),
    ("price", "persona field", "年费 ¥12,800，月均 1,066 元"),
    ("order count", "segment body", "去年 1,234,567 单，增长 35%"),
    ("NPS and percentages", "interview body", "NPS 9 分，复购 12.5%，13.7% 的人流失"),
    ("ids and codes", "persona body", "参见 p-009 与 P-017 的访谈"),
    ("SKU failing phone validation", "interview body", "SKU 12345678901 缺货"),
    ("order number failing ID check", "quote", "订单号 123456789012345678"),
    ("company hotline", "segment body", "客服热线 400-820-8820，银行 95588"),
    ("WeChat as a channel", "persona list", "微信支付和 WeChat Pay 都用，微信 official account"),
    ("QQ music", "interview body", "QQ音乐 2024 年度报告"),
    ("retina image", "persona body", "![logo](img/logo@2x.png)"),
    ("Markdown heading and C#", "interview body",
     "## Q6 补充\n\n用 C# 写过 2 个小程序，见 issue#12.md"),
    ("mention", "interview body", "@王芳 看一下 2026 年计划"),
    ("version and ISBN", "segment body", "版本 1.2.3.4，ISBN 978-7-111-12345-6"),
    ("scores in a list", "persona body", "评分 1 2 3 4 5 6 7 8 9 10 分"),
    ("phone as a channel", "persona list", "手机下单 7 次，电话回访 3 次"),
]


@pytest.mark.parametrize(("where", "text"), [o[1:] for o in ORDINARY], ids=[o[0] for o in ORDINARY])
def test_ordinary_numbers_are_not_reported(where: str, text: str, tmp_path: Path) -> None:
    root = copy_valid(tmp_path)
    place(root, where, text)
    result = handbook("validate", str(root), "--today", TODAY, "--strict")
    assert result.returncode == 0, result.stdout
    assert "personal data" not in result.stdout


ONE_LINE = [c for c in HOSTILE if "\n" not in c.text and c.where != "participant"]


@pytest.mark.parametrize("case", ONE_LINE, ids=[c.name for c in ONE_LINE])
def test_personal_data_in_the_metrics_spec_is_reported_where_it_is(case: Case,
                                                                   tmp_path: Path) -> None:
    # The spec's labels are printed on the site (tables, charts, the home page, stats.json).
    root = copy_valid(tmp_path)
    (root / "data").mkdir()
    label = case.text.replace("\\", "\\\\").replace('"', '\\"') if case.where != "quoted value" \
        else case.text
    (root / "data" / "metrics.yml").write_text(
        "sources:\n  customers: {file: customers.csv, segment: segment}\n"
        f'metrics:\n  - id: n\n    label: "{label}"\n    source: customers\n    agg: count\n',
        encoding="utf-8")
    result = handbook("validate", str(root), "--today", TODAY)
    assert result.returncode == 1, result.stdout
    assert re.search(rf"^data/metrics\.yml:5:\d+: \$\.metrics\[0\]\.label: personal data: "
                     rf"{re.escape(case.kind)} \(", result.stdout, re.M), result.stdout
    hidden = compact(case.secret)[2:-2]
    assert all(hidden not in compact(row) for row in result.stdout.splitlines())

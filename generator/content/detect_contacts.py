"""Contact details in normal-form text: e-mail addresses and labelled account numbers.

- E-mail addresses, with non-ASCII local parts and domains (`张伟@例子.中国`), and
  the `name [at] example [dot] com` way of writing them.
- A label followed on the same line by a value: WeChat IDs (`微信号：abc_123`,
  `WeChat ID: wxid_…`, `vx: …`; any `wxid_…`), QQ numbers (`QQ 12345678`,
  `QQ号：…`), passport and travel permit numbers (`护照号 E12345678`,
  `passport no. …`), and local phone numbers without an area code (`电话 6234 5678`).
  A WeChat ID of letters only needs a clear label (`微信号`, `WeChat ID`, a colon):
  `微信 official` is not reported.
"""

from __future__ import annotations

import re

from generator.content.identifiers import EMAIL, PASSPORT, PHONE, QQ, WECHAT, Hit, Kind

# Labels are found with `str.find` (a regular expression of alternatives is several times
# slower), and only those a quick look at the text shows; what follows a label (a word
# such as `号` or `ID`, a colon, `是`) is then matched where it stands.
_LABELS = {
    **dict.fromkeys(("wechat", "we chat", "weixin", "wei xin", "wx", "vx", "v信", "加v", "微信",
                     "薇信", "威信", "维信"), WECHAT),
    **dict.fromkeys(("qq", "扣扣", "企鹅号"), QQ),
    **dict.fromkeys(("passport", "护照", "通行证", "台胞证", "回乡证"), PASSPORT),
    **dict.fromkeys(("telephone", "tel", "phone", "mobile", "cell", "电话", "手机", "座机",
                     "联系方式"), PHONE),
}
_FOLLOW = (r"(?P<word>[ \t]*(?:id|号码?|账号|帐号|account|number|num|no\.?|#))?"
           r"(?P<sep>[ \t]*[:=#]?[ \t]*(?:(?:是|为|is)[ \t]*)?)")
_VALUES = {
    WECHAT: r"[A-Za-z][A-Za-z0-9_-]{5,19}(?![A-Za-z0-9_-])|[0-9]{5,12}(?![0-9])",
    QQ: r"[1-9][0-9]{4,10}(?![0-9])",
    PASSPORT: r"[A-Za-z]{0,2}[0-9]{6,9}[A-Za-z]?(?![A-Za-z0-9])",
    PHONE: r"[2-9][0-9]{2,3}[ -]?[0-9]{4}(?![0-9])",
}
_FOLLOWS = {kind: re.compile(f"{_FOLLOW}(?P<value>{value})", re.IGNORECASE)
            for kind, value in _VALUES.items()}
_ASCII_LABELS = [label for label in _LABELS if label.isascii()]
# What to look for in the text as written (not lower-cased): `v信` may be `V信`, `加v` `加V`.
_OTHER_LABELS = [(label, label.strip("v")) for label in _LABELS if not label.isascii()]
# The quick test before normalising: a label, then any of the separators and words
# `_FOLLOW` allows (in full-width forms too), then an ASCII letter or digit. ASCII labels
# are looked for among the text's ASCII characters only, as lower-cased bytes.
_ASCII_LABEL_CLUE = re.compile(b"(?:" + b"|".join(label.encode() for label in _ASCII_LABELS) +
                               rb")[ \t:=#]*[0-9a-z]")
_OTHER_FOLLOW_CLUE = "(?:[ \t\u3000:=#\uff1a\uff1d\uff03是为]|号码?|账号|帐号)*[0-9A-Za-z]"
# Labels starting with a Chinese character, so the search skips everything else quickly;
# `v信` and `加v` (either case) are found as `信` and `加` followed by the same.
_OTHER_LABEL_CLUE = re.compile(
    "(?:" + "|".join(sorted({label.lstrip("v") for label, _ in _OTHER_LABELS}, key=len,
                            reverse=True)).replace("加v", "加[vV]") + ")" + _OTHER_FOLLOW_CLUE)
_BRACKET_AT = re.compile(r"[\[({<][ \t]*at[ \t]*[\])}>]", re.IGNORECASE)
_BRACKET_AT_CLUE = re.compile("[\\[({<\uff3b\uff08\uff5b\uff1c][ \t\u3000]*[aA][tT]"
                              "[ \t\u3000]*[\\])}>\uff3d\uff09\uff5d\uff1e]")
_PLAIN_AT = re.compile(r"[ \t]at[ \t]", re.IGNORECASE)
# `zhang#qq.com` (with "# 换成 @"): a `#` between an address's two halves.
_HASH_AT = re.compile(r"[A-Za-z0-9._%+-]+#(?=[A-Za-z0-9])")
_PLAIN_AT_CLUE = re.compile("[ \t\u3000][aA][tT][ \t\u3000]")
_WXID = re.compile(r"wxid_[A-Za-z0-9_-]{4,}", re.IGNORECASE)
# Words that follow "WeChat" in ordinary writing, never IDs.
_WECHAT_WORDS = frozenset({"official", "account", "accounts", "moments", "channel", "channels",
                           "groups", "search", "article", "articles", "payment", "payments",
                           "miniprogram", "program", "programs", "users", "stores", "videos"})

_LOCAL_ASCII = re.compile(r"[A-Za-z0-9._%+-]{1,64}\Z")
_LOCAL_ANY = re.compile(r"[\w.+-]{1,64}\Z")
_DOMAIN = re.compile(r"[^\W_][\w-]*(?:\.[^\W_][\w-]*)+")
_ASCII_HEAD = re.compile(r"[A-Za-z0-9-]+")
# `logo@2x.png` is an image, not an address.
_FILE_ENDINGS = frozenset({"png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "ico", "md",
                           "html", "htm", "pdf", "js", "css", "txt", "csv", "json", "yml",
                           "yaml", "zip"})
_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")
_DOT_WORD = r"[ \t]*(?:\.|[\[({<][ \t]*dot[ \t]*[\])}>]|(?<=[ \t])dot(?=[ \t]))[ \t]*"
_SPELLED_DOMAIN = re.compile(r"[A-Za-z0-9-]+(?:" + _DOT_WORD + r"[A-Za-z0-9-]+)+",
                             re.IGNORECASE)


def might_hold_contacts(text: str) -> bool:
    """False when a text as written, in plain characters, cannot hold a contact detail this
    module finds once normalised: a quick test before normalising."""
    if "@" in text or "\uff20" in text or _BRACKET_AT_CLUE.search(text):
        return True
    if ("#" in text or "\uff03" in text) and _hash_clue(text):
        return True
    letters = text.encode("ascii", "ignore").lower()
    if _ASCII_LABEL_CLUE.search(letters) or _OTHER_LABEL_CLUE.search(text):
        return True
    return b"dot" in letters and _PLAIN_AT_CLUE.search(text) is not None


def _hash_clue(text: str) -> bool:
    for hash_sign in "#\uff03":
        at = text.find(hash_sign)
        while at != -1:
            if 0 < at < len(text) - 1 and text[at - 1].isalnum() and text[at + 1].isalnum():
                return True
            at = text.find(hash_sign, at + 1)
    return False


def contact_hits(text: str) -> list[Hit]:
    """E-mail addresses and labelled account numbers in a normal-form text."""
    hits = email_hits(text) if "@" in text else []
    if "#" in text:
        hits += hash_email_hits(text)
    letters = text.encode("ascii", "ignore").lower()
    ats = [*_BRACKET_AT.finditer(text)] if b"at" in letters else []
    if b"dot" in letters:
        ats += _PLAIN_AT.finditer(text)
    for at in ats:
        hits += spelled_email_hits(text, at.start(), at.end())
    labels = [label for label in _ASCII_LABELS if label.encode() in letters]
    labels += [label for label, clue in _OTHER_LABELS if clue in text]
    if not labels:
        return hits
    lowered = text.lower()
    if len(lowered) != len(text):  # a few letters lower-case to two characters (İ)
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    for label in labels:
        start = lowered.find(label)
        while start != -1:
            hits += _labelled(text, lowered, _LABELS[label], start, start + len(label))
            start = lowered.find(label, start + 1)
    return hits


def _labelled(text: str, lowered: str, kind: Kind, start: int, end: int) -> list[Hit]:
    """The value after a WeChat, QQ, passport or phone label."""
    before = lowered[start - 1] if start else ""
    if lowered[start].isascii() and before in _ASCII_LETTERS:
        return []
    if lowered.startswith("wxid_", start):
        match = _WXID.match(text, start)
        if match is None or before.isdigit():
            return []
        return [Hit(WECHAT, start, match.end(), match.group())]
    match = _FOLLOWS[kind].match(text, end)
    if match is None or (kind is WECHAT and not _wechat_id(match)):
        return []
    return [Hit(kind, match.start("value"), match.end("value"), match.group("value"))]


def _wechat_id(match: re.Match[str]) -> bool:
    value = match.group("value")
    if not value.isalpha():
        return True
    clear_label = match.group("word") or match.group("sep").strip()
    return bool(clear_label) and value.lower() not in _WECHAT_WORDS


def email_hits(text: str) -> list[Hit]:
    """Addresses around each `@`: ASCII or non-ASCII local part and domain."""
    hits = []
    at = text.find("@")
    while at != -1:
        head = text[max(0, at - 64):at]
        local = _LOCAL_ASCII.search(head) or _LOCAL_ANY.search(head)
        domain_end = _domain_end(text, at + 1)
        if local is not None and local.group().strip(".") and domain_end:
            start = at - len(head) + local.start()
            start += len(local.group()) - len(local.group().lstrip("."))
            hits.append(Hit(EMAIL, start, domain_end, text[start:domain_end]))
        at = text.find("@", at + 1)
    return hits


def _domain_end(text: str, start: int) -> int:
    """End of the domain starting at `start`, or 0 when there is none."""
    domain = _DOMAIN.match(text, start)
    if domain is None:
        return 0
    top_start = domain.group().rindex(".") + 1 + start
    top = text[top_start:domain.end()]
    if top[0].isascii():
        # An ASCII top-level domain ends where the letters do (`a@b.com谢谢`).
        top = _ASCII_HEAD.match(top).group()  # type: ignore[union-attr]
        if len(top) < 2 or not top.isalpha() or top.lower() in _FILE_ENDINGS:
            return 0
        return top_start + len(top)
    return domain.end() if not any(c.isdigit() for c in top) else 0


def hash_email_hits(text: str) -> list[Hit]:
    """`zhang#qq.com`: an ASCII address with `#` for `@`."""
    hits = []
    for match in _HASH_AT.finditer(text):
        end = _domain_end(text, match.end())
        if end and text[match.end():end].isascii():
            hits.append(Hit(EMAIL, match.start(), end, text[match.start():end]))
    return hits


def spelled_email_hits(text: str, start: int, end: int) -> list[Hit]:
    """`name [at] example [dot] com`, `name (at) example.com`, `name at example dot com`,
    around the `at` between `start` and `end`."""
    while start > 0 and text[start - 1] in " \t":
        start -= 1
    local = _LOCAL_ASCII.search(text, max(0, start - 64), start)
    domain = _SPELLED_DOMAIN.match(text, end + len(text[end:]) - len(text[end:].lstrip(" \t")))
    if local is None or domain is None:
        return []
    at_word = text[start:end]
    spelled = any(b in at_word for b in "[({<") or "dot" in domain.group().lower()
    top = re.split(_DOT_WORD, domain.group(), flags=re.IGNORECASE)[-1]
    if not (spelled and top.isalpha() and len(top) >= 2):
        return []
    return [Hit(EMAIL, local.start(), domain.end(), text[local.start():domain.end()])]

"""Class 3 of the trust issue: nothing a person writes runs in a reader's browser.

One hostile handbook carries every vector below at once, each in its own
field or body (personas, segments, interviews, a guide of docs/, commit
messages of its git history), and is built for real. Each case then checks
the built site, parsed: no page has an event handler, a script that is not
the theme's own file, a `javascript:`/`data:`/`vbscript:` URL, a style
attribute; and what was written still shows as text where it should.
"""

from __future__ import annotations

import os
import re
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.adversarial.harness import (
    active_content,
    build,
    copy_valid,
    page_text,
    parse_html,
    site_pages,
)

pytestmark = pytest.mark.xdist_group("build")

LIN = "personas/commuters/lin-xiao.md"
ZHOU = "personas/commuters/zhou-ming.md"
LIU = "personas/sales-teams/liu-qiang.md"
COMMUTERS = "personas/commuters/_segment.md"
SALES = "personas/sales-teams/_segment.md"
INTERVIEW = "interviews/2026-09-10-p-001.md"
INTERVIEW_2 = "interviews/2026-10-02-p-002.md"
GUIDE = "docs/howto.md"
GUIDE_2 = "docs/links.md"
GUIDE_3 = "docs/notes.md"
# Material's own style attributes (none on the pages this handbook has): none from content.
THEME_STYLES = frozenset({"list-style-type:none"})
GIT_ENV = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_EMAIL": "a@example.com", "GIT_COMMITTER_EMAIL": "a@example.com",
           "GIT_AUTHOR_DATE": "2026-11-01T10:00:00+08:00",
           "GIT_COMMITTER_DATE": "2026-11-01T10:00:00+08:00"}


@dataclass(frozen=True)
class Vector:
    """A hostile input: where it is written, and the text a reader must see instead."""

    id: str
    file: str
    write: Callable[[dict[str, Any], str], str]
    page: str
    shows: str


def field(*keys: str | int, value: Any) -> Callable[[dict[str, Any], str], str]:
    """Set a front matter value (a key path; an int index replaces a list item)."""
    def write(data: dict[str, Any], body: str) -> str:
        target: Any = data
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = value
        return body
    return write


def body(text: str) -> Callable[[dict[str, Any], str], str]:
    return lambda data, old: text


VECTORS = [
    Vector("tagline-img-onerror", LIN, field("tagline", value="<img src=x onerror=alert(1)>"),
           "personas/lin-xiao/", "<img src=x onerror=alert(1)>"),
    Vector("name-script", ZHOU, field("name", value="夜班 · <script>alert(1)</script>"),
           "personas/zhou-ming/", "夜班 · <script>alert(1)</script>"),
    Vector("goal-javascript-link", LIN, field("goals", 0, value="[点我](javascript:alert(1))"),
           "personas/lin-xiao/", "[点我](javascript:alert(1))"),
    Vector("quote-attribute-list", LIN, field("quote", value="**x**{ onmouseover=alert(1) }"),
           "personas/lin-xiao/", "**x**{ onmouseover=alert(1) }"),
    Vector("pain-point-line-start-attribute-list", LIN,
           field("pain_points", 0, value='{: style="position:fixed;inset:0" }'),
           "compare/", '{: style="position:fixed;inset:0" }'),
    Vector("summary-attribute-breakout", COMMUTERS,
           field("summary", value='" onmouseover="alert(1)" x="'), "segments/commuters/",
           '" onmouseover="alert(1)" x="'),
    Vector("segment-name-closing-tags", SALES,
           field("name", value="销售</div></table><svg onload=alert(1)>"), "",
           "销售</div></table><svg onload=alert(1)>"),
    Vector("owner-javascript-url", LIU, field("owners", 0, value="javascript:alert(1)"),
           "personas/liu-qiang/", "javascript:alert(1)"),
    Vector("tag-svg-onload", ZHOU, field("tags", value=["<svg/onload=alert(1)>"]), "tags/",
           "<svg/onload=alert(1)>"),
    Vector("interview-quote-data-image", INTERVIEW,
           field("quotes", 0, "text", value="![x](data:image/svg+xml;base64,PHN2Zz4=)"),
           "interviews/2026-09-10-p-001/", "![x](data:image/svg+xml;base64,PHN2Zz4=)"),
    Vector("interview-channel-entity-javascript", INTERVIEW,
           field("channel", value="[a](&#106;avascript:alert(1))"),
           "interviews/2026-09-10-p-001/", "[a](&#106;avascript:alert(1))"),
    Vector("interview-competitor-vbscript-anchor", INTERVIEW,
           field("competitors", 0, value='<a href="vbscript:msgbox(1)">瑞幸</a>'),
           "segments/commuters/", '<a href="vbscript:msgbox(1)">瑞幸</a>'),
    Vector("body-heading-attribute-list", LIN,
           body('# 标题 {: style="position:fixed;inset:0" onclick="alert(1)" }\n\n正文。\n'),
           "personas/lin-xiao/", '标题 {: style="position:fixed;inset:0" onclick="alert(1)" }'),
    Vector("body-inline-attribute-list", ZHOU, body("**粗体**{ onmouseover=alert(1) }\n"),
           "personas/zhou-ming/", "粗体{ onmouseover=alert(1) }"),
    Vector("body-backslash-code-span", COMMUTERS,
           body("前言 `\\`<img src=x onerror=alert(1)>` 后记\n"), "segments/commuters/",
           "<img src=x onerror=alert(1)>"),
    Vector("body-script-links", INTERVIEW, body(
        "[甲](javascript:alert(1)) [乙](JaVaScRiPt:alert(1)) [丙](vbscript:msgbox(1)) "
        "[丁](data:text/html,<script>alert(1)</script>) [戊](java\tscript:alert(1))\n"),
        "interviews/2026-09-10-p-001/", "甲 乙 丙 丁"),
    Vector("body-reference-link", SALES,
           body("[参考][x] 与 <javascript:alert(1)>\n\n[x]: javascript:alert(1)\n"),
           "segments/sales-teams/", "参考 与 <javascript:alert(1)>"),
    Vector("body-entity-javascript", GUIDE_2, body(
        "[e1](&#106;&#97;vascript:alert(1)) [e2](javascript&#58;alert(1)) "
        "[e3](&#x6A;avascript:alert(1)) [e4](&#0000106avascript:alert(1))\n"),
        "guides/links/", "e1 e2 e3 e4"),
    Vector("body-images", LIU, body(
        "![i1](javascript:alert(1)) ![i2](data:image/svg+xml;base64,PHN2Zz4=) "
        "![i3](https://tracker.example/p.png) ![i4](//tracker.example/p.png)\n\n"
        "# 图片\n"), "personas/liu-qiang/", "图片"),
    Vector("body-raw-html", INTERVIEW_2, body(
        '<script>alert(1)</script>\n\n<iframe src="javascript:alert(1)"></iframe>\n\n'
        '<div style="position:fixed;inset:0" markdown="1" onclick="alert(1)">**x**</div>\n'),
        "interviews/2026-10-02-p-002/", "<script>alert(1)</script>"),
    Vector("body-admonition-title", GUIDE_3, body(
        '!!! danger "<img src=x onerror=alert(1)>"\n    提醒\n'), "guides/notes/",
        "<img src=x onerror=alert(1)>"),
    Vector("guide-html-and-attribute-lists", GUIDE, body(
        "# 指南 {: onclick=alert(1) }\n\n<img src=x onerror=alert(1)>\n\n"
        "**x**{: style='position:fixed' }\n\n[下一页](other.md)\n"),
        "guides/howto/", "<img src=x onerror=alert(1)>"),
]


# Settings the theme prints as they are: a consent banner, home, social and language links,
# the contents' title.
CONSENT = '<img src=x onerror=alert(1)><meta http-equiv="refresh" content="0;url=https://evil.example/">'
HOSTILE_SETTINGS = f"""extra:
  homepage: "javascript:alert(1)"
  consent: {{title: '{CONSENT}', description: '{CONSENT}'}}
  social:
    - {{icon: fontawesome/brands/github, link: "javascript:alert(1)", name: x}}
    - {{icon: fontawesome/brands/github, link: 'https://git.example/" onmouseover="alert(1)'}}
  alternate:
    - {{name: '<img src=x onerror=alert(1)>', link: "javascript:alert(1)", lang: en}}
    - {{name: '<img src=x onerror=alert(1)>', link: /, lang: zh}}
markdown_extensions:
  - toc: {{title: '<img src=x onerror=alert(1)>'}}
"""


def _rewrite(path: Path, vector: Vector) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else "---\n{}\n---\n"
    _, front, old_body = text.split("---\n", 2)
    data = yaml.safe_load(front) or {}
    new_body = vector.write(data, old_body)
    front = yaml.safe_dump(data, allow_unicode=True, sort_keys=False) if data else ""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front}---\n{new_body}" if front else new_body, encoding="utf-8")


def _git(root: Path, *args: str, who: str = "Alice") -> None:
    env = {**os.environ, **GIT_ENV, "GIT_AUTHOR_NAME": who, "GIT_COMMITTER_NAME": who}
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def hostile_handbook(root: Path, sentinel: bool = False) -> None:
    """The valid handbook at `root`, committed, then every vector written and committed by a
    hostile author with a hostile message; with a site address, so with a feed. With
    `sentinel`, every `alert(1)` also sets `window.__pwned` (for the browser test)."""
    (root / "mkdocs.yml").write_text(
        "site_name: 手册\nsite_url: https://handbook.example/\n"
        "repo_url: https://git.example/team/handbook\n" + HOSTILE_SETTINGS, encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs" / "other.md").write_text("# 另一页\n", encoding="utf-8")
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "first")
    for vector in VECTORS:
        _rewrite(root / vector.file, vector)
    if sentinel:
        for path in root.rglob("*.md"):
            text = path.read_text(encoding="utf-8")
            path.write_text(text.replace("alert(1)", "alert(window.__pwned=1)"), "utf-8")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "<img src=x onerror=alert(1)> [x](javascript:alert(1))",
         who='Eve " onmouseover="alert(1) [x](javascript:alert(1))')


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The hostile handbook, built."""
    root = copy_valid(tmp_path_factory.mktemp("injection"))
    hostile_handbook(root)
    done = build(root)
    site = root / "site"
    return {"done": done, "site": site, "pages": site_pages(site) if site.is_dir() else {}}


def _styles(elements: list[Any]) -> list[str]:
    return [f"<{e.tag} style={e.attrs['style']!r}>" for e in elements
            if "style" in e.attrs and e.attrs["style"] not in THEME_STYLES]


@pytest.mark.parametrize("vector", VECTORS, ids=[v.id for v in VECTORS])
def test_hostile_input_shows_as_written_and_runs_nowhere(hostile: dict[str, Any],
                                                         vector: Vector) -> None:
    done = hostile["done"]
    assert done.returncode == 0, done.stdout + done.stderr
    pages = hostile["pages"]
    assert len(pages) > 10
    for rel, elements in pages.items():
        assert active_content(elements) == [], rel
        assert _styles(elements) == [], rel
    html = (hostile["site"] / vector.page / "index.html").read_text(encoding="utf-8")
    assert vector.shows in page_text(html)


def test_settings_the_theme_prints_show_as_written(hostile: dict[str, Any]) -> None:
    html = (hostile["site"] / "index.html").read_text(encoding="utf-8")
    assert CONSENT in page_text(html)
    links = [e.attrs.get("href", "") for e in hostile["pages"]["index.html"] if e.tag == "a"]
    assert 'https://git.example/" onmouseover="alert(1)' in links  # one address, no handler


def test_no_request_to_another_host_from_content(hostile: dict[str, Any]) -> None:
    for rel, elements in hostile["pages"].items():
        for e in elements:
            source = e.attrs.get("src", "")
            assert "tracker.example" not in source, rel
            assert not re.match(r"^\s*(https?:)?//", source), (rel, source)


def test_feed_entries_hold_only_escaped_text(hostile: dict[str, Any]) -> None:
    feed = ET.fromstring((hostile["site"] / "feed.xml").read_bytes())
    namespace = {"atom": "http://www.w3.org/2005/Atom"}
    entries = feed.findall("atom:entry", namespace)
    assert entries
    titles = [entry.findtext("atom:title", "", namespace) for entry in entries]
    assert "<img src=x onerror=alert(1)> [x](javascript:alert(1))" in titles
    authors = [entry.findtext("atom:author/atom:name", "", namespace) for entry in entries]
    assert 'Eve " onmouseover="alert(1) [x](javascript:alert(1))' in authors
    for entry in entries:
        content = parse_html(entry.findtext("atom:content", "", namespace))
        assert {e.tag for e in content} <= {"ul", "li", "code"}
        assert all(not e.attrs for e in content)
        link = entry.find("atom:link", namespace)
        assert link is not None and link.get("href", "").startswith("https://")


def test_guide_front_matter_cannot_pick_a_template_or_break_out(
        tmp_path: Path) -> None:
    root = copy_valid(tmp_path)
    (root / "docs").mkdir()
    (root / "docs" / "trap.md").write_text(
        "---\ntitle: '<script>alert(1)</script>'\ndescription: '\"><script>alert(1)</script>'\n"
        "template: redirect.html\nlocation: javascript:alert(1)\n---\n\n# 陷阱\n",
        encoding="utf-8")
    assert build(root).returncode == 0
    html = (root / "site" / "guides" / "trap" / "index.html").read_text(encoding="utf-8")
    elements = parse_html(html)
    assert active_content(elements) == []
    assert "window.location.replace" not in html
    assert "<script>alert(1)</script>" in page_text(html)
    descriptions = [e.attrs["content"] for e in elements
                    if e.tag == "meta" and e.attrs.get("name") == "description"]
    assert descriptions == ['"><script>alert(1)</script>']

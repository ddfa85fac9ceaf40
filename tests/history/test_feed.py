"""The Atom feed of recent changes: grouped by pull request, escaped, valid Atom 1.0."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.history.feed import feed_xml, group_changes
from generator.history.log import History, collect_history
from tests.conftest import english_display
from tests.gitscenario import build_scenario, commit, persona, run_git, write

A = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
SITE = "https://handbook.example.com/"

EN = english_display()


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> History:
    return collect_history(build_scenario(tmp_path_factory.mktemp("feed") / "repo"))


def assert_valid_atom(document: str) -> ET.Element:
    """The rules of RFC 4287 that a generated feed can break."""
    assert document.startswith('<?xml version="1.0" encoding="utf-8"?>\n')
    feed = ET.fromstring(document)
    assert feed.tag == f"{A}feed"
    for element in [feed, *feed.findall(f"{A}entry")]:
        for tag in ("id", "title", "updated"):
            assert len(element.findall(f"{A}{tag}")) == 1, (element.tag, tag)
        assert RFC3339.match(element.findtext(f"{A}updated") or "")
        assert re.match(r"^[a-z]+:", element.findtext(f"{A}id") or "")
    for entry in feed.findall(f"{A}entry"):
        assert entry.findall(f"{A}author/{A}name")
        assert [c.get("type") for c in entry.findall(f"{A}content")] == ["html"]
    ids = [e.text for e in feed.iter(f"{A}id")]
    assert len(ids) == len(set(ids))
    return feed


def test_one_entry_per_pull_request_newest_first(history: History) -> None:
    feed = assert_valid_atom(feed_xml(history.changes, SITE, "客户画像手册", EN))
    titles = [e.findtext(f"{A}title") for e in feed.findall(f"{A}entry")]
    assert titles == ["#20 Reorganise urban commuters", "Add two interviews and zhou-ming",
                      "#18 Fix huang-xin front matter", "WIP tagline",
                      "Move huang-xin to urban commuters", "#15 更新林晓的痛点", "#12 激活林晓画像",
                      "Add the first personas"]
    assert feed.findtext(f"{A}updated") == "2026-03-20T10:00:00+08:00"


def test_an_entry_exactly(history: History) -> None:
    document = feed_xml(history.changes, SITE, "变更", EN, limit=2,
                        repo_url="https://github.com/team/handbook")
    entry = document.split("<entry>")[2]
    assert entry == """
    <id>https://handbook.example.com/#commit-{sha}</id>
    <title>Add two interviews and zhou-ming</title>
    <updated>2026-03-18T10:00:00+08:00</updated>
    <author>
      <name>Alice Zhang</name>
    </author>
    <link rel="alternate" href="https://github.com/team/handbook/commit/{sha}" />
    <content type="html">&lt;ul&gt;\
&lt;li&gt;&lt;code&gt;2026-03-17-p-002&lt;/code&gt;&lt;ul&gt;&lt;li&gt;created&lt;/li&gt;&lt;/ul&gt;&lt;/li&gt;\
&lt;li&gt;&lt;code&gt;zhou-ming&lt;/code&gt; 通勤族 · 周明\
&lt;ul&gt;&lt;li&gt;created&lt;/li&gt;&lt;/ul&gt;&lt;/li&gt;\
&lt;li&gt;1 confidential interview(s) changed (not shown)&lt;/li&gt;&lt;/ul&gt;</content>
  </entry>
</feed>
""".format(sha=group_changes(history.changes)[1].sha)
    assert "P-003" not in document and "p-003" not in document


def test_the_same_history_gives_the_same_bytes(history: History) -> None:
    assert feed_xml(history.changes, SITE, "t", EN) == feed_xml(history.changes, SITE, "t", EN)


def test_an_empty_history_is_still_a_valid_feed() -> None:
    feed = assert_valid_atom(feed_xml([], SITE, "t", EN))
    assert feed.findall(f"{A}entry") == []


def test_everything_a_person_wrote_is_escaped(tmp_path: Path) -> None:
    write(tmp_path, "personas/a/x.md",
          persona("<b>X</b> & co", tagline="<script>alert(1)</script>"))
    run_git(tmp_path, "init", "-q")
    commit(tmp_path, "Add <img src=x onerror=alert(1)> & more\x07 (#3)", "2026-01-01T08:00:00")
    write(tmp_path, "personas/a/x.md", persona("<b>X</b> & co", tagline="x ]]> <script>"))
    commit(tmp_path, "Edit", "2026-01-02T08:00:00")
    feed = assert_valid_atom(feed_xml(collect_history(tmp_path).changes, SITE, "<t>", EN))
    entries = feed.findall(f"{A}entry")
    assert entries[1].findtext(f"{A}title") == "#3 Add <img src=x onerror=alert(1)> & more"
    content = entries[0].findtext(f"{A}content") or ""
    assert "<script>" not in content
    assert "&lt;b&gt;X&lt;/b&gt; &amp; co" in content
    assert "tagline: &lt;script&gt;alert(1)&lt;/script&gt; → x ]]&gt; &lt;script&gt;" in content

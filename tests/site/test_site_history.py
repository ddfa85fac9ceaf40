"""The site built from a real git repository: change history, last updated, What's new, feed.

The repository is tests/gitscenario.py's `build_site_scenario`: pull requests
merged with a merge commit and squashed, a persona moved to another segment,
a revision whose front matter did not parse, and an interview made
confidential after it had been published. Each build runs the real
`handbook build` (validation, history, pages, MkDocs); expected text is
written out in full.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import TODAY
from tests.gitscenario import REPO_URL, SITE_URL, build_site_scenario, run_git
from tests.history.test_feed import A, assert_valid_atom


@dataclass(frozen=True)
class Built:
    """A handbook folder after `handbook build`: exit code and what went to stderr."""

    root: Path
    code: int
    stderr: str

    @property
    def docs(self) -> Path:
        return self.root / "build" / "docs"

    @property
    def site(self) -> Path:
        return self.root / "site"

    def markdown(self, page: str) -> str:
        return (self.docs / f"{page}.md").read_text(encoding="utf-8")

    def html(self, page: str) -> str:
        return (self.site / page / "index.html").read_text(encoding="utf-8")

    @property
    def warnings(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.startswith("warning: ")]


def build(root: Path) -> Built:
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = main(["build", str(root), "--today", TODAY])
    return Built(root, code, err.getvalue())


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site_scenario(tmp_path_factory.mktemp("site-history") / "repo")


@pytest.fixture(scope="module")
def linked(repo: Path) -> Built:
    """Built in the repository itself; mkdocs.yml has repo_url and site_url."""
    return build(repo)


@pytest.fixture(scope="module")
def unlinked(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Built:
    """A full clone whose mkdocs.yml has neither repo_url nor site_url."""
    clone = tmp_path_factory.mktemp("unlinked") / "clone"
    run_git(clone.parent, "clone", "-q", str(repo), clone.name)
    (clone / "mkdocs.yml").write_text("site_name: 测试手册\ntheme:\n  name: material\n"
                                      "  language: zh\n", encoding="utf-8")
    return build(clone)


@pytest.fixture(scope="module")
def outside(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The same files without .git, where git cannot find any repository."""
    copy = tmp_path_factory.mktemp("outside") / "handbook"
    shutil.copytree(repo, copy, ignore=shutil.ignore_patterns(".git", "build", "site"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GIT_CEILING_DIRECTORIES", str(copy.parent))
        return build(copy)


@pytest.fixture(scope="module")
def shallow(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Built:
    """`git clone --depth 1`, as CI checkouts do by default."""
    clone = tmp_path_factory.mktemp("shallow") / "clone"
    run_git(clone.parent, "clone", "-q", "--depth", "1", repo.as_uri(), clone.name)
    return build(clone)


def history_section(markdown: str) -> str:
    start = markdown.index("## 变更历史")
    return markdown[start:markdown.index("</div>", start) + len("</div>\n")]


def history_html(html: str) -> str:
    found = re.search(r'<div class="ph-history">.*?</div>', html, re.S)
    assert found, "no change history section"
    return found.group(0)


LIN_XIAO = r"""## 变更历史

<div class="ph-history" markdown>

- **2026-03-01** [#15](https://github.com/team/handbook/pull/15) 更新林晓的痛点 — Bob Li
    - 挑战与痛点：− 优惠券复杂
    - 挑战与痛点：&#43; 门店早高峰排队超过 10 分钟
- **2026-02-03** [#12](https://github.com/team/handbook/pull/12) 激活林晓画像 — Alice Zhang
    - 状态：草稿 → 使用中
    - 最近验证：2026-01-01 → 2026-02-01
    - 购买决策过程 · 触发因素：&#43; 出地铁站时收到取餐提醒
    - 修改了正文
- **2026-01-05** Add the first personas — Alice Zhang
    - 新建

</div>
"""

HUANG_XIN = r"""## 变更历史

<div class="ph-history" markdown>

- **2026-03-16** [#18](https://github.com/team/handbook/pull/18) Fix huang-xin front matter — Alice Zhang
    - 一句话描述：爱逛小红书 → 通勤路上刷小红书
- **2026-03-15** WIP tagline — Alice Zhang
    - 这一版的 front matter 无法解析
- **2026-03-10** Move huang-xin to urban commuters — Alice Zhang
    - 从细分 young-fashion 移到 urban-commuters
- **2026-01-05** Add the first personas — Alice Zhang
    - 新建

</div>
"""  # noqa: E501

LIN_XIAO_HTML = """<div class="ph-history">
<ul>
<li><strong>2026-03-01</strong> <a href="https://github.com/team/handbook/pull/15">#15</a> 更新林晓的痛点 — Bob Li<ul>
<li>挑战与痛点：− 优惠券复杂</li>
<li>挑战与痛点：&#43; 门店早高峰排队超过 10 分钟</li>
</ul>
</li>
<li><strong>2026-02-03</strong> <a href="https://github.com/team/handbook/pull/12">#12</a> 激活林晓画像 — Alice Zhang<ul>
<li>状态：草稿 → 使用中</li>
<li>最近验证：2026-01-01 → 2026-02-01</li>
<li>购买决策过程 · 触发因素：&#43; 出地铁站时收到取餐提醒</li>
<li>修改了正文</li>
</ul>
</li>
<li><strong>2026-01-05</strong> Add the first personas — Alice Zhang<ul>
<li>新建</li>
</ul>
</li>
</ul>
</div>"""  # noqa: E501

HUANG_XIN_HTML_ITEM = ("<li><strong>2026-03-10</strong> Move huang-xin to urban commuters — "
                       "Alice Zhang<ul>\n<li>从细分 young-fashion 移到 urban-commuters"
                       "</li>\n</ul>\n</li>")


def test_persona_pages_list_changes_newest_first_with_pull_requests(linked: Built) -> None:
    assert linked.code == 0, linked.stderr
    assert history_section(linked.markdown("personas/lin-xiao")) == LIN_XIAO
    assert history_section(linked.markdown("personas/huang-xin")) == HUANG_XIN
    assert history_html(linked.html("personas/lin-xiao")) == LIN_XIAO_HTML
    assert HUANG_XIN_HTML_ITEM in history_html(linked.html("personas/huang-xin"))


def test_every_persona_history_is_newest_first(linked: Built) -> None:
    for page in sorted((linked.docs / "personas").glob("*.md")):
        days = re.findall(r"^- \*\*(\d{4}-\d\d-\d\d)\*\*", history_section(
            page.read_text(encoding="utf-8")), re.M)
        assert days, page.name
        assert days == sorted(days, reverse=True), page.name


def test_pull_requests_are_not_links_without_repo_url(unlinked: Built) -> None:
    assert unlinked.code == 0, unlinked.stderr
    lines = history_section(unlinked.markdown("personas/lin-xiao")).splitlines()
    assert [line for line in lines if line.startswith("- ")] == [
        "- **2026-03-01** #15 更新林晓的痛点 — Bob Li",
        "- **2026-02-03** #12 激活林晓画像 — Alice Zhang",
        "- **2026-01-05** Add the first personas — Alice Zhang",
    ]
    assert ("<li><strong>2026-03-01</strong> #15 更新林晓的痛点 — Bob Li<ul>"
            in history_html(unlinked.html("personas/lin-xiao")))
    assert "## #12 激活林晓画像\n" in unlinked.markdown("whats-new")
    for path in unlinked.site.rglob("*.html"):
        assert "/pull/" not in path.read_text(encoding="utf-8"), path


LAST_UPDATED = {
    "personas/lin-xiao": ("personas/urban-commuters/lin-xiao.md", "2026-03-01"),
    "personas/huang-xin": ("personas/urban-commuters/huang-xin.md", "2026-03-16"),
    "personas/zhou-ming": ("personas/urban-commuters/zhou-ming.md", "2026-03-18"),
    "segments/urban-commuters": ("personas/urban-commuters/_segment.md", "2026-03-20"),
    "segments/young-fashion": ("personas/young-fashion/_segment.md", "2026-01-05"),
    "interviews/2026-03-17-p-002": ("interviews/2026-03-17-p-002.md", "2026-03-18"),
}


@pytest.mark.parametrize("page", sorted(LAST_UPDATED))
def test_last_updated_is_the_last_commit_to_the_file(repo: Path, linked: Built, page: str
                                                     ) -> None:
    source, day = LAST_UPDATED[page]
    assert run_git(repo, "log", "-1", "--format=%cs", "--", source).strip() == day
    if page.startswith("personas/"):  # in the persona card's strip
        assert f"<span>最近更新 **{day}**</span>" in linked.markdown(page)
        assert f"<span>最近更新 <strong>{day}</strong></span>" in linked.html(page)
    else:
        assert f"\n| 最近更新 | {day} |\n" in linked.markdown(page)
        assert f"<td>最近更新</td>\n<td>{day}</td>" in linked.html(page)


WHATS_NEW = r"""---
title: 更新动态
search:
  exclude: true
---

# 更新动态

[订阅（Atom）](feed.xml)

## [#20](https://github.com/team/handbook/pull/20) Reorganise urban commuters

2026-03-20 · Alice Zhang

- [都市通勤族](segments/urban-commuters.md): 优先级：次要 → 重点
- 潮流白领 · 苏婷婷: 删除

## Add two interviews and zhou-ming

2026-03-18 · Alice Zhang

- [P-002 · 2026-03-01](interviews/2026-03-17-p-002.md): 新建
- [通勤族 · 周明](personas/zhou-ming.md): 新建

## [#18](https://github.com/team/handbook/pull/18) Fix huang-xin front matter

2026-03-16 · Alice Zhang

- [潮流学生 · 黄欣](personas/huang-xin.md): 一句话描述：爱逛小红书 → 通勤路上刷小红书

## WIP tagline

2026-03-15 · Alice Zhang

- [潮流学生 · 黄欣](personas/huang-xin.md): 这一版的 front matter 无法解析

## Move huang-xin to urban commuters

2026-03-10 · Alice Zhang

- [潮流学生 · 黄欣](personas/huang-xin.md): 从细分 young-fashion 移到 urban-commuters

## [#15](https://github.com/team/handbook/pull/15) 更新林晓的痛点

2026-03-01 · Bob Li

- [通勤族 · 林晓](personas/lin-xiao.md): 挑战与痛点：− 优惠券复杂; 挑战与痛点：&#43; 门店早高峰排队超过 10 分钟

## [#12](https://github.com/team/handbook/pull/12) 激活林晓画像

2026-02-03 · Alice Zhang

- [通勤族 · 林晓](personas/lin-xiao.md): 状态：草稿 → 使用中; 最近验证：2026-01-01 → 2026-02-01; 购买决策过程 · 触发因素：&#43; 出地铁站时收到取餐提醒; 修改了正文

## Add the first personas

2026-01-05 · Alice Zhang

- [都市通勤族](segments/urban-commuters.md): 新建
- [通勤族 · 林晓](personas/lin-xiao.md): 新建
- [潮流青年](segments/young-fashion.md): 新建
- [潮流学生 · 黄欣](personas/huang-xin.md): 新建
- 潮流白领 · 苏婷婷: 新建
"""  # noqa: E501


def test_whats_new_groups_changes_by_pull_request(linked: Built) -> None:
    assert linked.markdown("whats-new") == WHATS_NEW
    html = linked.html("whats-new")
    headings = [re.sub(r'<a class="headerlink".*?</a>|<[^>]+>', "", h)
                for h in re.findall(r"<h2 [^>]*>(.*?)</h2>", html)]
    assert headings == [
        "#20 Reorganise urban commuters", "Add two interviews and zhou-ming",
        "#18 Fix huang-xin front matter", "WIP tagline", "Move huang-xin to urban commuters",
        "#15 更新林晓的痛点", "#12 激活林晓画像", "Add the first personas"]
    assert '<a href="https://github.com/team/handbook/pull/20">#20</a>' in html
    assert '<a href="../personas/huang-xin/">潮流学生 · 黄欣</a>: 从细分' in html


def test_feed_is_valid_atom_one_entry_per_pull_request(linked: Built) -> None:
    document = (linked.site / "feed.xml").read_text(encoding="utf-8")
    feed = assert_valid_atom(document)
    assert feed.findtext(f"{A}id") == SITE_URL
    assert feed.findtext(f"{A}title") == "测试手册"
    assert feed.findtext(f"{A}updated") == "2026-03-20T10:00:00+08:00"
    entries = feed.findall(f"{A}entry")
    assert [e.findtext(f"{A}title") for e in entries] == [
        "#20 Reorganise urban commuters", "Add two interviews and zhou-ming",
        "#18 Fix huang-xin front matter", "WIP tagline", "Move huang-xin to urban commuters",
        "#15 更新林晓的痛点", "#12 激活林晓画像", "Add the first personas"]
    hrefs = [link.get("href") for e in entries for link in e.findall(f"{A}link")]
    assert len(hrefs) == len(entries)
    assert [hrefs[0], hrefs[2], hrefs[5], hrefs[6]] == [
        f"{REPO_URL}/pull/{n}" for n in (20, 18, 15, 12)]
    commits = (hrefs[1], hrefs[3], hrefs[4], hrefs[7])
    assert all(str(h).startswith(f"{REPO_URL}/commit/") for h in commits)
    assert entries[0].findtext(f"{A}id") == f"{SITE_URL}#pr-20"
    assert "从细分 young-fashion 移到 urban-commuters" in document


SECRETS = ("P-003", "p-003", "P-004", "p-004", "后来保密的笔记", "asked for confidentiality",
           "Add interview", "pull/21", "pull/22", "#pr-21", "#pr-22")


@pytest.mark.parametrize("name", ["linked", "unlinked", "outside", "shallow"])
def test_confidential_interviews_appear_nowhere(request: pytest.FixtureRequest, name: str
                                                ) -> None:
    built: Built = request.getfixturevalue(name)
    assert built.code == 0, built.stderr
    files = [p for folder in (built.docs.parent, built.site) for p in folder.rglob("*")
             if p.is_file()]
    assert len(files) > 50
    for path in files:
        data = path.read_bytes()
        text = (gzip.decompress(data) if path.suffix == ".gz" else data).decode("utf-8", "replace")
        for secret in SECRETS:
            assert secret not in text, (path, secret)


def test_builds_with_history_warn_about_nothing_but_a_missing_site_url(
        linked: Built, unlinked: Built) -> None:
    assert linked.warnings == []
    assert unlinked.warnings == ["warning: no feed.xml: set site_url in mkdocs.yml (an Atom "
                                 "feed needs the site's address)"]
    assert not (unlinked.site / "feed.xml").exists()
    assert "订阅" not in unlinked.markdown("whats-new")


NO_HISTORY = {
    "outside": "warning: no change history: not inside a git repository",
    "shallow": "warning: no change history: shallow clone: the history is incomplete (fetch "
               "the full history, e.g. actions/checkout with fetch-depth: 0)",
}
EMPTY_HISTORY = '## 变更历史\n\n<div class="ph-history" markdown>\n\n暂无变更记录。\n\n</div>\n'
EMPTY_HISTORY_HTML = '<div class="ph-history">\n<p>暂无变更记录。</p>\n</div>'
EMPTY_WHATS_NEW = ("---\ntitle: 更新动态\nsearch:\n  exclude: true\n---\n\n"
                   "# 更新动态\n\n暂无变更记录。\n")


@pytest.mark.parametrize("name", sorted(NO_HISTORY))
def test_without_full_history_the_build_warns_and_shows_no_changes(
        request: pytest.FixtureRequest, name: str) -> None:
    built: Built = request.getfixturevalue(name)
    assert built.code == 0, built.stderr
    assert built.warnings == [NO_HISTORY[name]]
    for page in ("personas/lin-xiao", "personas/huang-xin", "personas/zhou-ming"):
        assert history_section(built.markdown(page)) == EMPTY_HISTORY
        assert history_html(built.html(page)) == EMPTY_HISTORY_HTML
    for page in LAST_UPDATED:
        assert "最近更新" not in built.markdown(page).split("\n# ", 1)[1]
    assert built.markdown("whats-new") == EMPTY_WHATS_NEW
    assert not (built.site / "feed.xml").exists()
    assert not (built.docs / "feed.xml").exists()

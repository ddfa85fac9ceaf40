"""History from real git repositories: pull requests, renames, broken revisions, shallow clones."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from generator.history.describe import describe
from generator.history.log import History, collect_history, commit_from
from tests.conftest import english_display
from tests.gitscenario import UC, build_scenario, commit, persona, run_git, write

EN = english_display()


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_scenario(tmp_path_factory.mktemp("history") / "repo")


@pytest.fixture(scope="module")
def history(scenario: Path) -> History:
    return collect_history(scenario)


def as_text(history: History) -> str:
    out = []
    for change in history.changes:
        c = change.commit
        pr = f"#{c.pr}" if c.pr else "-"
        out += [f"{pr} {c.subject} · {c.author} · {c.date}", f"  {change.path}"]
        out += [f"    {line}" for line in describe(change.diff, EN)]
    return "\n".join(out) + "\n"


EXPECTED = """\
#20 Reorganise urban commuters · Alice Zhang · 2026-03-20T10:00:00+08:00
  interviews/2026-01-04-p-001.md
    deleted
#20 Reorganise urban commuters · Alice Zhang · 2026-03-20T10:00:00+08:00
  personas/urban-commuters/_segment.md
    priority: secondary → primary
#20 Reorganise urban commuters · Alice Zhang · 2026-03-20T10:00:00+08:00
  personas/young-fashion/su-tingting.md
    deleted
- Add two interviews and zhou-ming · Alice Zhang · 2026-03-18T10:00:00+08:00
  interviews/2026-03-17-p-002.md
    created
- Add two interviews and zhou-ming · Alice Zhang · 2026-03-18T10:00:00+08:00
  interviews/2026-03-18-p-003.md
    created
- Add two interviews and zhou-ming · Alice Zhang · 2026-03-18T10:00:00+08:00
  personas/urban-commuters/zhou-ming.md
    created
#18 Fix huang-xin front matter · Alice Zhang · 2026-03-16T10:00:00+08:00
  personas/urban-commuters/huang-xin.md
    tagline: 爱逛小红书 → 通勤路上刷小红书
- WIP tagline · Alice Zhang · 2026-03-15T10:00:00+08:00
  personas/urban-commuters/huang-xin.md
    front matter did not parse in this revision
- Move huang-xin to urban commuters · Alice Zhang · 2026-03-10T10:00:00+08:00
  personas/urban-commuters/huang-xin.md
    moved from segment young-fashion to urban-commuters
#15 更新林晓的痛点 · Bob Li · 2026-03-01T11:00:00+08:00
  personas/urban-commuters/lin-xiao.md
    pain_points: − 优惠券复杂
    pain_points: + 门店早高峰排队超过 10 分钟
#12 激活林晓画像 · Alice Zhang · 2026-02-03T18:00:00+08:00
  personas/urban-commuters/lin-xiao.md
    status: draft → active
    last_validated: 2026-01-01 → 2026-02-01
    buying · triggers: + 出地铁站时收到取餐提醒
    narrative edited
- Add the first personas · Alice Zhang · 2026-01-05T10:00:00+08:00
  interviews/2026-01-04-p-001.md
    created
- Add the first personas · Alice Zhang · 2026-01-05T10:00:00+08:00
  personas/urban-commuters/_segment.md
    created
- Add the first personas · Alice Zhang · 2026-01-05T10:00:00+08:00
  personas/urban-commuters/lin-xiao.md
    created
- Add the first personas · Alice Zhang · 2026-01-05T10:00:00+08:00
  personas/young-fashion/_segment.md
    created
- Add the first personas · Alice Zhang · 2026-01-05T10:00:00+08:00
  personas/young-fashion/huang-xin.md
    created
- Add the first personas · Alice Zhang · 2026-01-05T10:00:00+08:00
  personas/young-fashion/su-tingting.md
    created
"""


def test_the_whole_history_newest_first(history: History) -> None:
    assert history.warning is None
    assert as_text(history) == EXPECTED


def test_a_merged_branch_is_one_change_of_its_pull_request(history: History) -> None:
    merged = [c for c in history.of_file(f"{UC}/lin-xiao.md") if c.commit.pr == 12]
    assert len(merged) == 1
    assert merged[0].commit.subject == "激活林晓画像"
    assert {c.commit.subject for c in history.changes}.isdisjoint(
        {"Activate lin-xiao", "Edit the day in the life"})


def test_field_changes_are_structured(history: History) -> None:
    squash = history.of_file(f"{UC}/lin-xiao.md")[0]
    assert squash.commit.pr == 15
    assert [(f.kind, f.path, f.old, f.new) for f in squash.diff.fields] == [
        ("removed", "pain_points", "优惠券复杂", None),
        ("added", "pain_points", None, "门店早高峰排队超过 10 分钟"),
    ]


def test_a_renamed_persona_keeps_its_history(history: History) -> None:
    changes = history.of_file(f"{UC}/huang-xin.md")
    assert [c.commit.subject for c in changes] == [
        "Fix huang-xin front matter", "WIP tagline", "Move huang-xin to urban commuters",
        "Add the first personas"]
    moved = changes[2].diff
    assert (moved.action, moved.old_path, moved.segment) == (
        "moved", "personas/young-fashion/huang-xin.md", "urban-commuters")
    assert history.of_file("personas/young-fashion/huang-xin.md") == ()


def test_last_updated_per_file(history: History) -> None:
    assert history.last_updated(f"{UC}/huang-xin.md") == datetime.date(2026, 3, 16)
    assert history.last_updated(f"{UC}/lin-xiao.md") == datetime.date(2026, 3, 1)
    assert history.last_updated("personas/nowhere/ghost.md") is None


def test_confidential_interviews_are_marked_private(history: History) -> None:
    assert history.of_file("interviews/2026-03-18-p-003.md")[0].diff.private
    assert not history.of_file("interviews/2026-03-17-p-002.md")[0].diff.private


def test_pull_request_numbers_from_subjects() -> None:
    def pr(subject: str, body: str = "") -> tuple[int | None, str]:
        found = commit_from("0" * 40, "2026-01-01T00:00:00+00:00", "A", subject, body)
        return found.pr, found.subject

    assert pr("Merge pull request #7 from org/fix-typo", "Fix a typo\n") == (7, "Fix a typo")
    assert pr("Merge pull request #7 from org/fix-typo") == (7, "Merge pull request #7 from "
                                                               "org/fix-typo")
    assert pr("更新林晓的痛点 (#15)") == (15, "更新林晓的痛点")
    assert pr("Merge branch 'x' into 'main'", "Add\n\nSee merge request team/hb!9\n") == (
        9, "Merge branch 'x' into 'main'")
    assert pr("Refer to (#3) in the text") == (None, "Refer to (#3) in the text")


def test_a_shallow_clone_gives_no_history_and_says_why(scenario: Path, tmp_path: Path) -> None:
    clone = tmp_path / "shallow"
    run_git(tmp_path, "clone", "-q", "--depth", "1", scenario.as_uri(), str(clone))
    found = collect_history(clone)
    assert found.changes == ()
    assert found.warning is not None and found.warning.startswith("no change history: shallow")


def test_outside_a_repository_or_before_the_first_commit(tmp_path: Path) -> None:
    assert collect_history(tmp_path).warning == "no change history: not inside a git repository"
    run_git(tmp_path, "init", "-q")
    assert collect_history(tmp_path).warning == "no change history: no commits yet"


def test_a_handbook_in_a_subfolder_with_chinese_file_names(tmp_path: Path) -> None:
    write(tmp_path, "docs/handbook/personas/城市/林晓.md", persona("林晓"))
    write(tmp_path, "personas/outside/other.md", persona("不在手册里"))
    run_git(tmp_path, "init", "-q")
    commit(tmp_path, "Add", "2026-01-01T08:00:00")
    write(tmp_path, "docs/handbook/personas/城市/林晓.md", persona("林晓", status="active"))
    commit(tmp_path, "Activate", "2026-01-02T08:00:00")
    found = collect_history(tmp_path / "docs" / "handbook")
    assert list(found.by_file) == ["personas/城市/林晓.md"]
    assert [describe(c.diff, EN) for c in found.of_file("personas/城市/林晓.md")] == [
        ["status: draft → active"], ["created"]]

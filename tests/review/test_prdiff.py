"""`handbook diff BASE [HEAD]` on a real repository: golden Markdown, JSON, statistics."""

from __future__ import annotations

import json
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.review.statsmoves import compare_stats
from generator.review.summary import MARKER, RevisionDiff, diff_revisions, render_markdown
from tests.conftest import VALID, english_display
from tests.gitscenario import build_scenario, commit, persona, run_git, write

EN = english_display()


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_scenario(tmp_path_factory.mktemp("prdiff") / "repo")


EXPECTED = """\
<!-- persona-handbook-diff -->
### 客户画像手册的改动：`v1` → `HEAD`

#### 客户画像

- **新增** `zhou-ming` 通勤族 · 周明 (属于细分 `urban-commuters`)
  - 状态：草稿
  - 一句话描述：一句话
- **删除** `su-tingting` 潮流白领 · 苏婷婷
- **移动** `huang-xin` 潮流学生 · 黄欣
  - 从细分 young-fashion 移到 urban-commuters
  - 一句话描述：爱逛小红书 → 通勤路上刷小红书
- **修改** `lin-xiao` 通勤族 · 林晓
  - 状态：草稿 → 使用中
  - 最近验证：2026-01-01 → 2026-02-01
  - 挑战与痛点：− 优惠券复杂
  - 挑战与痛点：+ 门店早高峰排队超过 10 分钟
  - 购买决策过程 · 触发因素：+ 出地铁站时收到取餐提醒
  - 修改了正文

#### 客户细分

- **修改** `urban-commuters` 都市通勤族
  - 优先级：次要 → 重点

#### 客户访谈

- **新增** `2026-03-17-p-002`
- **删除** `2026-01-04-p-001`
- 另有 1 次保密访谈新增、修改或删除（不显示）
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["diff", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_markdown_summary_of_a_release(scenario: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "v1", "--root", str(scenario), "--no-stats")
    assert code == 0
    assert out == EXPECTED
    assert "P-003" not in out


def test_head_defaults_to_the_commit_head(scenario: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    (scenario / "personas/urban-commuters/lin-xiao.md").write_text("uncommitted\n")
    try:
        code, out, _ = run(capsys, "v1", "--root", str(scenario), "--no-stats")
    finally:
        run_git(scenario, "checkout", "--", "personas/urban-commuters/lin-xiao.md")
    assert (code, out) == (0, EXPECTED)


def test_one_pull_request(scenario: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "v1", "HEAD~6", "--root", str(scenario), "--no-stats")
    assert (code, out) == (0, """\
<!-- persona-handbook-diff -->
### 客户画像手册的改动：`v1` → `HEAD~6`

#### 客户画像

- **修改** `lin-xiao` 通勤族 · 林晓
  - 状态：草稿 → 使用中
  - 最近验证：2026-01-01 → 2026-02-01
  - 购买决策过程 · 触发因素：+ 出地铁站时收到取餐提醒
  - 修改了正文
""")


def test_nothing_changed_says_so(scenario: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "HEAD", "HEAD", "--root", str(scenario), "--no-stats")
    assert (code, out) == (0, f"{MARKER}\n### 客户画像手册的改动：`HEAD` → `HEAD`\n\n"
                              "客户细分、画像、访谈和统计都没有改动。\n")


def test_json_counts_confidential_interviews_only(scenario: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "v1", "--root", str(scenario), "--format", "json", "--no-stats")
    document = json.loads(out)
    assert code == 0
    assert [(p["id"], p["action"]) for p in document["personas"]] == [
        ("zhou-ming", "created"), ("su-tingting", "deleted"), ("huang-xin", "moved"),
        ("lin-xiao", "modified")]
    assert [i["id"] for i in document["interviews"]] == ["2026-03-17-p-002", "2026-01-04-p-001"]
    assert document["confidential_interviews"] == 1
    assert "p-003" not in out
    assert document["personas"][3]["fields"][0] == {
        "kind": "changed", "path": "status", "old": "draft", "new": "active", "withheld": False}


def test_unknown_revision_or_no_repository(scenario: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "no-such-tag", "--root", str(scenario)) == (
        2, "", "handbook diff: unknown revision 'no-such-tag'\n")
    assert run(capsys, "HEAD", "--root", str(tmp_path)) == (
        2, "", "handbook diff: not inside a git repository\n")


def persona_counts(root: Path) -> Mapping[str, Any]:
    """Stats JSON with one metric, computed from the files `git archive` extracted."""
    segments = {}
    for folder in sorted((root / "personas").iterdir()):
        count = sum(1 for p in folder.glob("*.md") if p.name != "_segment.md")
        segments[folder.name] = {"personas": {"value": count, "n": count}}
    return {"segments": segments, "personas": {}}


def test_statistics_computed_at_both_revisions(scenario: Path) -> None:
    diff = diff_revisions(scenario, "v1", "HEAD", stats=persona_counts)
    assert isinstance(diff, RevisionDiff)
    assert [m.as_text(EN) for m in diff.stats] == [
        "urban-commuters · personas 1 → 3", "young-fashion · personas 2 → 0"]
    assert render_markdown(diff, EN).endswith(
        "#### Statistics that moved\n\n"
        "- urban-commuters · personas 1 → 3\n- young-fashion · personas 2 → 0\n")


def test_a_handbook_without_statistics_adds_nothing(scenario: Path) -> None:
    diff = diff_revisions(scenario, "v1", "HEAD", stats=lambda root: None)
    assert isinstance(diff, RevisionDiff)
    assert (diff.stats, diff.notes) == ((), ())


def test_a_shallow_clone_with_both_revisions_compares_them(scenario: Path) -> None:
    shallow = scenario.parent / "no-objects"
    run_git(scenario.parent, "clone", "-q", "--depth", "1", scenario.as_uri(), str(shallow))
    run_git(shallow, "fetch", "-q", "--depth", "1", "origin", "tag", "v1")
    diff = diff_revisions(shallow, "v1", "HEAD", stats=persona_counts)
    assert isinstance(diff, RevisionDiff)
    assert [m.as_text(EN) for m in diff.stats][:1] == ["urban-commuters · personas 1 → 3"]


def test_compare_stats_scalars_suppression_and_absence() -> None:
    old = {"segments": {"urban-commuters": {
        "nps": {"value": 31, "n": 40}, "median_age": {"value": 29.0, "n": 40},
        "channels": {"value": {"app": 0.5}, "n": 40}, "spend_p90": {"value": 88.456, "n": 40},
        "small": {"suppressed": True, "n": 3}}}}
    new = {"segments": {"urban-commuters": {
        "nps": {"value": 38, "n": 44}, "median_age": {"value": 29, "n": 44},
        "channels": {"value": {"app": 0.6}, "n": 44}, "spend_p90": {"value": 90.0, "n": 44},
        "small": {"value": 12, "n": 12}}},
        "personas": {"lin-xiao": {"nps": {"value": 40, "n": 20}}}}
    assert [m.as_text(EN) for m in compare_stats(old, new)] == [
        "urban-commuters · nps 31 → 38",
        "urban-commuters · small not enough data → 12",
        "urban-commuters · spend_p90 88.5 → 90",
        "lin-xiao · nps — → 40",
    ]


METRICS = """\
min_group_size: 5
sources: {}
metrics:
  - {id: interviews, source: interviews, agg: count}
  - {id: interview_nps, source: interviews, column: nps, agg: nps}
"""


def test_statistics_from_the_metrics_spec(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(VALID, repo)
    write(repo, "data/metrics.yml", METRICS)
    run_git(repo, "init", "-q")
    commit(repo, "Add the handbook", "2026-10-21T09:00:00")
    interview = repo / "interviews/2026-10-02-p-002.md"
    interview.write_text(interview.read_text(encoding="utf-8").replace("nps: 6", "nps: 10"),
                         encoding="utf-8")
    commit(repo, "Correct an answer (#3)", "2026-10-22T09:00:00")
    code, out, _ = run(capsys, "HEAD~1", "--root", str(repo))
    assert code == 0
    assert out.split("#### 客户访谈\n\n")[1] == """\
- **修改** `2026-10-02-p-002`
  - NPS：6 → 10
"""
    # Three interviews are fewer than min_group_size: no statistic moves in public.
    assert "变化的统计" not in out


def test_markdown_in_values_is_escaped(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, "personas/a/x.md", persona("X"))
    run_git(tmp_path, "init", "-q")
    commit(tmp_path, "Add", "2026-01-01T08:00:00")
    write(tmp_path, "personas/a/x.md", persona("X", pains=("急 *很急* <img src=x> [链接](y)",)))
    commit(tmp_path, "Edit", "2026-01-02T08:00:00")
    _, out, _ = run(capsys, "HEAD~1", "--root", str(tmp_path), "--no-stats")
    assert "  - 挑战与痛点：+ 急 \\*很急\\* \\<img src=x\\> \\[链接\\](y)\n" in out

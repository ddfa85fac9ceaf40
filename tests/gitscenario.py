"""A real git repository with a handbook's typical history, built commit by commit.

Fixed names and dates make every commit id, and so every golden string,
the same on every run. The story (oldest first):

1. v1: two segments, three personas, one interview.
2. branch team/branch: lin-xiao activated, then her narrative edited;
   merged as "Merge pull request #12 from team/branch".
3. squash merge "更新林晓的痛点 (#15)": one pain point replaced.
4. huang-xin moved from young-fashion to urban-commuters (no pull request).
5. huang-xin's front matter broken, then fixed with a new tagline (#18).
6. a public and a confidential interview and a persona added; then
   su-tingting and the v1 interview deleted, a segment's priority raised (#20).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "LC_ALL": "C",
    "GIT_AUTHOR_EMAIL": "team@example.com", "GIT_COMMITTER_EMAIL": "team@example.com",
}


def run_git(repo: Path, *args: str, who: str = "Alice Zhang", when: str = "") -> str:
    """Run git in `repo` as `who` at `when` (ISO date-time, +08:00)."""
    env = {**os.environ, **ENV, "GIT_AUTHOR_NAME": who, "GIT_COMMITTER_NAME": who,
           "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    done = subprocess.run(["git", *args], cwd=repo, env=env, check=True,
                          capture_output=True, text=True)
    return done.stdout


def write(repo: Path, rel: str, text: str) -> None:
    path = repo / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def commit(repo: Path, message: str, when: str, who: str = "Alice Zhang") -> None:
    run_git(repo, "add", "-A")
    run_git(repo, "commit", "-q", "-m", message, who=who, when=f"{when}+08:00")


def segment(name: str, priority: str) -> str:
    return (f"---\nname: {name}\nsummary: {name}的客户。\npriority: {priority}\n"
            f"owners:\n  - 市场部\nkind: b2c\n---\n\n{name}。\n")


def persona(name: str, *, status: str = "draft", tagline: str = "一句话",
            validated: str = "2026-01-01", pains: tuple[str, ...] = ("排队久", "优惠券复杂"),
            triggers: tuple[str, ...] = ("同事拼单",), body: str = "早上七点起床。") -> str:
    lines = [f"name: {name}", f"status: {status}", f"tagline: {tagline}",
             "owners:\n  - 市场部", f"last_validated: {validated}", "goals:\n  - 不迟到",
             "pain_points:" + "".join(f"\n  - {p}" for p in pains),
             "buying:\n  triggers:" + "".join(f"\n    - {t}" for t in triggers)]
    return "---\n" + "\n".join(lines) + f"\n---\n\n{body}\n"


def interview(participant: str, persona_id: str, confidential: bool) -> str:
    return (f"---\ndate: 2026-03-01\ninterviewer: UR-01\nparticipant: {participant}\n"
            f"personas:\n  - {persona_id}\nconsent: true\n"
            f"confidential: {str(confidential).lower()}\nnps: 9\n---\n\n"
            f"访谈笔记：{participant}。\n")


UC, YF = "personas/urban-commuters", "personas/young-fashion"


def build_scenario(repo: Path) -> Path:
    """Create the repository described in the module docstring; returns `repo`."""
    repo.mkdir(parents=True, exist_ok=True)
    run_git(repo, "init", "-q", "-b", "main")
    _first_release(repo)
    _pull_requests(repo)
    _move_and_break(repo)
    _interviews_and_removals(repo)
    return repo


def _first_release(repo: Path) -> None:
    write(repo, f"{UC}/_segment.md", segment("都市通勤族", "secondary"))
    write(repo, f"{UC}/lin-xiao.md", persona("通勤族 · 林晓"))
    write(repo, f"{YF}/_segment.md", segment("潮流青年", "exploratory"))
    write(repo, f"{YF}/huang-xin.md", persona("潮流学生 · 黄欣", tagline="爱逛小红书"))
    write(repo, f"{YF}/su-tingting.md", persona("潮流白领 · 苏婷婷"))
    write(repo, "interviews/2026-01-04-p-001.md", interview("P-001", "lin-xiao", False))
    write(repo, "README.md", "# 客户画像手册\n")
    commit(repo, "Add the first personas", "2026-01-05T10:00:00")
    run_git(repo, "tag", "v1")


def _pull_requests(repo: Path) -> None:
    run_git(repo, "checkout", "-q", "-b", "team/branch")
    write(repo, f"{UC}/lin-xiao.md", persona(
        "通勤族 · 林晓", status="active", validated="2026-02-01",
        triggers=("同事拼单", "出地铁站时收到取餐提醒")))
    commit(repo, "Activate lin-xiao", "2026-02-01T09:00:00", who="Bob Li")
    write(repo, f"{UC}/lin-xiao.md", persona(
        "通勤族 · 林晓", status="active", validated="2026-02-01",
        triggers=("同事拼单", "出地铁站时收到取餐提醒"), body="早上七点起床，七点四十出门。"))
    commit(repo, "Edit the day in the life", "2026-02-02T09:00:00", who="Bob Li")
    run_git(repo, "checkout", "-q", "main")
    run_git(repo, "merge", "-q", "--no-ff", "team/branch", "-m",
            "Merge pull request #12 from team/branch", "-m", "激活林晓画像",
            when="2026-02-03T18:00:00+08:00")
    write(repo, f"{UC}/lin-xiao.md", persona(
        "通勤族 · 林晓", status="active", validated="2026-02-01",
        pains=("排队久", "门店早高峰排队超过 10 分钟"),
        triggers=("同事拼单", "出地铁站时收到取餐提醒"), body="早上七点起床，七点四十出门。"))
    commit(repo, "更新林晓的痛点 (#15)", "2026-03-01T11:00:00", who="Bob Li")


def _move_and_break(repo: Path) -> None:
    run_git(repo, "mv", f"{YF}/huang-xin.md", f"{UC}/huang-xin.md")
    commit(repo, "Move huang-xin to urban commuters", "2026-03-10T10:00:00")
    text = persona("潮流学生 · 黄欣", tagline="爱逛小红书")
    write(repo, f"{UC}/huang-xin.md", text.replace("tagline: 爱逛小红书", "tagline: [爱逛小红书"))
    commit(repo, "WIP tagline", "2026-03-15T10:00:00")
    write(repo, f"{UC}/huang-xin.md", persona("潮流学生 · 黄欣", tagline="通勤路上刷小红书"))
    commit(repo, "Fix huang-xin front matter (#18)", "2026-03-16T10:00:00")


def _interviews_and_removals(repo: Path) -> None:
    write(repo, "interviews/2026-03-17-p-002.md", interview("P-002", "lin-xiao", False))
    write(repo, "interviews/2026-03-18-p-003.md", interview("P-003", "huang-xin", True))
    write(repo, f"{UC}/zhou-ming.md", persona("通勤族 · 周明"))
    commit(repo, "Add two interviews and zhou-ming", "2026-03-18T10:00:00")
    (repo / f"{YF}/su-tingting.md").unlink()
    (repo / "interviews/2026-01-04-p-001.md").unlink()
    write(repo, f"{UC}/_segment.md", segment("都市通勤族", "primary"))
    commit(repo, "Reorganise urban commuters (#20)", "2026-03-20T10:00:00")


SITE_URL = "https://handbook.example.com/"
REPO_URL = "https://github.com/team/handbook"
MKDOCS_YML = (f"site_name: 测试手册\nsite_url: {SITE_URL}\nrepo_url: {REPO_URL}\n"
              "theme:\n  name: material\n  language: zh\n")


def build_site_scenario(repo: Path) -> Path:
    """The scenario above, then what a site build must keep to itself, and a `mkdocs.yml`.

    7. interview P-004 added as publishable (#21), then made confidential at the
       participant's request (#22): none of its revisions may be published.
    8. `mkdocs.yml` with `site_url` and `repo_url` (outside the history's paths).
    """
    build_scenario(repo)
    path = "interviews/2026-03-21-p-004.md"
    for confidential, message, when in ((False, "Add interview P-004 (#21)", "2026-03-21"),
                                        (True, "P-004 asked for confidentiality (#22)",
                                         "2026-03-22")):
        text = interview("P-004", "zhou-ming", confidential)
        write(repo, path, text.replace("访谈笔记", "后来保密的笔记"))
        commit(repo, message, f"{when}T10:00:00")
    write(repo, "mkdocs.yml", MKDOCS_YML)
    commit(repo, "Site settings", "2026-03-23T10:00:00")
    return repo

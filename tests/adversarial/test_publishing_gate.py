"""Class 5 and 6 of the trust promises: one gate before publishing, at any setting.

Each case builds (or checks) a real handbook and then looks for the danger in
everything that leaves the generator: every file of the built site (pages,
feed, search index, stats.json) and the output of `handbook stats` and
`handbook diff`.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

import pytest

from tests.adversarial.harness import build, copy_valid, handbook
from tests.gitscenario import commit, run_git
from tests.statsfixtures import csv_text, write_spec

pytestmark = pytest.mark.xdist_group("build")

PHONE = "13812345678"
PERSONA = "personas/commuters/lin-xiao.md"


def site_text(site: Path) -> str:
    """Every readable file of a built site, as text."""
    return "\n".join(p.read_bytes().decode("utf-8", "replace")
                     for p in sorted(site.rglob("*")) if p.is_file())


def flat(text: str) -> str:
    """Text as a reader's eye takes it: full-width digits as digits, no grouping."""
    return re.sub(r"[\s\-\u200b]", "", unicodedata.normalize("NFKC", text))


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def repo_with_history(tmp_path: Path) -> Path:
    root = copy_valid(tmp_path)
    (root / "mkdocs.yml").write_text("site_name: t\nsite_url: https://handbook.example/\n",
                                     encoding="utf-8")
    run_git(root, "init", "-q")
    commit(root, "Add the handbook", "2026-10-01T09:00:00")
    return root


@pytest.mark.parametrize("written", [PHONE, "１３８ １２３４ ５６７８", "138-1234-5678"])
def test_a_removed_phone_number_never_comes_back_through_history(tmp_path: Path,
                                                               written: str) -> None:
    root = repo_with_history(tmp_path)
    edit(root, PERSONA, "tagline: 赶地铁的产品经理", f"tagline: 赶地铁的产品经理 {written}")
    commit(root, "Tagline", "2026-10-02T09:00:00")
    edit(root, PERSONA, f"tagline: 赶地铁的产品经理 {written}", "tagline: 赶地铁的产品经理")
    commit(root, "Remove the number as validate asks (#2)", "2026-10-03T09:00:00")
    done = build(root)
    assert done.returncode == 0, done.stdout + done.stderr
    text = site_text(root / "site")
    assert PHONE not in flat(text)
    assert "一句话描述：已修改（含个人信息，不显示取值）" in text
    diff = handbook("diff", "HEAD~2", "--root", str(root), "--no-stats")
    assert diff.returncode == 0 and PHONE not in flat(diff.stdout)


def test_a_commit_message_with_personal_data_is_withheld(tmp_path: Path) -> None:
    root = repo_with_history(tmp_path)
    edit(root, PERSONA, "tagline: 赶地铁的产品经理", "tagline: 赶地铁的产品经理们")
    commit(root, f"Call her on {PHONE} first", "2026-10-02T09:00:00")
    done = build(root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert PHONE not in site_text(root / "site")
    assert "提交说明含个人信息" in site_text(root / "site")


def test_a_deleted_interview_leaves_whats_new(tmp_path: Path) -> None:
    root = repo_with_history(tmp_path)
    edit(root, "interviews/2026-09-10-p-001.md", "quotes:\n",
         "quotes:\n  - text: 一句只在这次访谈里说过的原话。\n")
    commit(root, "Another quote", "2026-10-02T09:00:00")
    assert "一句只在这次访谈里说过的原话" in handbook(
        "diff", "HEAD~1", "--root", str(root), "--no-stats").stdout
    (root / "interviews" / "2026-09-10-p-001.md").unlink()
    commit(root, "Participant withdrew", "2026-10-03T09:00:00")
    done = build(root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "一句只在这次访谈里说过的原话" not in site_text(root / "site")


@pytest.mark.parametrize("size", [0, 1, 4])
def test_a_group_size_below_the_floor_is_a_located_error(tmp_path: Path, size: int) -> None:
    root = copy_valid(tmp_path)
    write_spec(root, f"min_group_size: {size}\nsources: {{}}\nmetrics:\n"
               "  - {id: n, source: interviews, agg: count}\n")
    checked = handbook("validate", str(root))
    assert checked.returncode == 1
    assert f"data/metrics.yml:1:17: $.min_group_size: {size} is outside 5–" in checked.stdout


def confidential_handbook(tmp_path: Path) -> Path:
    root = copy_valid(tmp_path)
    source = root / "interviews" / "2026-10-20-p-003.md"
    for n in range(12):
        shutil.copy(source, root / "interviews" / f"secret-{n:02d}.md")
        edit(root, f"interviews/secret-{n:02d}.md", "participant: P-003",
             f"participant: P-{100 + n}")
    write_spec(root, "min_group_size: 5\nsources: {}\nmetrics:\n"
               "  - {id: obstacles, source: interviews, column: obstacles, agg: share}\n"
               "  - {id: top, source: interviews, column: obstacles, agg: top, k: 3}\n")
    return root


def test_confidential_free_text_never_becomes_a_label(tmp_path: Path) -> None:
    root = confidential_handbook(tmp_path)
    done = build(root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "保密的预算顾虑" not in site_text(root / "site")
    stats = handbook("stats", str(root), "--format", "json")
    assert stats.returncode == 0 and "保密的预算顾虑" not in stats.stdout


def test_personal_data_in_a_data_column_is_no_label(tmp_path: Path) -> None:
    root = copy_valid(tmp_path)
    rows = [["commuters", f"请打 {PHONE}"] for _ in range(12)] + [["commuters", "好"]] * 12
    (root / "data").mkdir(exist_ok=True)
    (root / "data" / "s.csv").write_text(csv_text(["segment", "comment"], rows),
                                         encoding="utf-8")
    write_spec(root, "sources:\n  s: {file: s.csv, segment: segment}\nmetrics:\n"
               "  - {id: comments, source: s, column: comment, agg: top, k: 3}\n"
               "  - {id: shares, source: s, column: comment, agg: share}\n")
    for fmt in ("json", "csv", "table"):
        stats = handbook("stats", str(root), "--format", fmt)
        assert stats.returncode == 0 and PHONE not in stats.stdout
    done = build(root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert PHONE not in site_text(root / "site")


@pytest.mark.parametrize("body", [
    "见 [访谈](../../interviews/2026-10-20-p-003.md)。",
    "参考访谈 2026-10-20-p-003 的结论。",
    "> 这是一句只能计入统计的保密原话。",
    "他说过这是一句只能计入\n统计的保密原话。我们记下了。",
])
def test_a_persona_that_cites_a_confidential_interview_is_an_error(tmp_path: Path,
                                                                   body: str) -> None:
    root = copy_valid(tmp_path)
    path = root / "personas" / "sales-teams" / "liu-qiang.md"
    path.write_text(path.read_text(encoding="utf-8") + f"\n{body}\n", encoding="utf-8")
    checked = handbook("validate", str(root))
    assert checked.returncode == 1
    assert "personas/sales-teams/liu-qiang.md:" in checked.stdout
    assert "confidential interview" in checked.stdout
    assert "这是一句只能计入统计的保密原话" not in checked.stdout
    added_at = path.read_text(encoding="utf-8").count("\n") - body.count("\n")
    assert f"personas/sales-teams/liu-qiang.md:{added_at}:" in checked.stdout


def test_a_citation_in_the_front_matter_is_reported_on_its_line(tmp_path: Path) -> None:
    root = copy_valid(tmp_path)
    path = root / "personas" / "sales-teams" / "liu-qiang.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("tagline: 要让", "tagline: 访谈 2026-10-20-p-003 说要让", 1),
                    encoding="utf-8")
    checked = handbook("validate", str(root))
    assert checked.returncode == 1
    line = text.split("\n").index(next(x for x in text.split("\n") if x.startswith("tagline:")))
    assert f"personas/sales-teams/liu-qiang.md:{line + 1}:" in checked.stdout
    assert "confidential interview `2026-10-20-p-003`" in checked.stdout

"""`handbook build` end to end: a real MkDocs build, atomic and deterministic."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.cli import main
from generator.content.config import read_mkdocs_yml
from generator.site.search import BackgroundIndex, SearchIndexError, index_site
from tests.adversarial.harness import handbook, search_index_files, search_records
from tests.conftest import TODAY

pytestmark = pytest.mark.xdist_group("build")


def build(root: Path, *args: str) -> int:
    return main(["build", str(root), "--today", TODAY, *args])


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_writes_site_and_says_where(valid_handbook: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert build(valid_handbook) == 0
    out = capsys.readouterr().out
    assert f"open {(valid_handbook / 'site' / 'index.html').resolve().as_uri()}" in out
    site = valid_handbook / "site"
    for page in ("index.html", "personas/lin-xiao/index.html", "segments/commuters/index.html",
                 "interviews/2026-09-10-p-001/index.html", "compare/index.html",
                 "review/index.html", "tags/index.html", "pagefind/pagefind.js"):
        assert (site / page).is_file(), page
    assert not (site / "interviews" / "2026-10-20-p-003").exists()


def test_two_builds_are_byte_identical(valid_handbook: Path, tmp_path: Path) -> None:
    assert build(valid_handbook, "--site-dir", str(tmp_path / "a")) == 0
    assert build(valid_handbook, "--site-dir", str(tmp_path / "b")) == 0
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")


def test_generated_project_builds_with_plain_mkdocs(valid_handbook: Path, tmp_path: Path) -> None:
    assert build(valid_handbook) == 0
    config = valid_handbook / "build" / "mkdocs.yml"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config),
                    "-d", str(tmp_path / "plain")], check=True, cwd=valid_handbook)
    assert (tmp_path / "plain" / "personas" / "lin-xiao" / "index.html").is_file()


def test_failed_validation_leaves_previous_site_untouched(
        valid_handbook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert build(valid_handbook) == 0
    before = snapshot(valid_handbook / "site")
    persona = valid_handbook / "personas" / "commuters" / "lin-xiao.md"
    persona.write_text(persona.read_text(encoding="utf-8").replace("status: active",
                                                                   "status: actve"))
    capsys.readouterr()
    assert build(valid_handbook) == 1
    captured = capsys.readouterr()
    assert ("personas/commuters/lin-xiao.md:3:9: $.status: `actve` is not one of: draft, "
            "active, retired") in captured.out
    assert "not built, fix the errors above first" in captured.err
    assert snapshot(valid_handbook / "site") == before


def test_failed_mkdocs_build_leaves_previous_site_untouched(
        valid_handbook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert build(valid_handbook) == 0
    before = snapshot(valid_handbook / "site")
    (valid_handbook / "docs").mkdir()
    # Two guides for one address: MkDocs warns, and --strict makes that fail.
    (valid_handbook / "docs" / "index.md").write_text("# Guides\n")
    (valid_handbook / "docs" / "README.md").write_text("# Read me\n")
    assert build(valid_handbook, "--strict") == 1
    assert "MkDocs failed, the previous site is unchanged" in capsys.readouterr().err
    assert snapshot(valid_handbook / "site") == before
    leftovers = [p.name for p in valid_handbook.iterdir() if p.name.startswith(".site")]
    assert leftovers == []


def test_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    assert build(tmp_path / "nope") == 2


def test_search_is_pagefinds_and_materials_is_off(valid_handbook: Path) -> None:
    assert build(valid_handbook) == 0
    config = read_mkdocs_yml(valid_handbook / "build")
    assert config["plugins"] == [{"tags": {}}]
    assert config["extra"]["handbook_search"]["search_placeholder"] == "搜索画像、访谈和原话"
    assert config["theme"]["font"] is False
    site = valid_handbook / "site"
    assert not (site / "search").exists()
    assert not (valid_handbook / "build" / "jieba_user_dict.txt").exists()
    assert (site / "pagefind" / "pagefind-entry.json").is_file()
    assert not list((site / "pagefind").glob("pagefind-*ui*"))
    html = (site / "personas" / "lin-xiao" / "index.html").read_text(encoding="utf-8")
    assert 'class="md-search ph-search"' in html and "assets/search.js" in html


def test_search_indexes_content_pages_with_their_filters(valid_handbook: Path) -> None:
    assert build(valid_handbook) == 0
    records = {r["url"]: r for r in search_records(valid_handbook / "site")}
    assert set(records) == {"/personas/lin-xiao/", "/personas/zhou-ming/",
                            "/personas/liu-qiang/", "/segments/commuters/",
                            "/segments/sales-teams/", "/interviews/2026-09-10-p-001/",
                            "/interviews/2026-10-02-p-002/"}
    lin = records["/personas/lin-xiao/"]
    assert lin["meta"]["title"] == "通勤族 · 林晓"
    assert lin["filters"] == {"type": ["persona"], "segment": ["都市通勤族"],
                              "status": ["active"]}
    assert records["/interviews/2026-09-10-p-001/"]["filters"]["type"] == ["interview"]
    # Navigation, header and footer are not indexed; the change history is not either.
    assert "客户细分" not in lin["content"].split("通勤族 · 林晓")[0]
    assert "¶" not in lin["content"]
    assert "变更历史" in lin["content"] and "暂无变更记录" not in lin["content"]


def test_confidential_interview_text_is_nowhere_in_the_search_index(
        valid_handbook: Path) -> None:
    source = (valid_handbook / "interviews" / "2026-10-20-p-003.md").read_text("utf-8")
    assert "只能计入统计的保密原话" in source and "保密的预算顾虑" in source
    assert build(valid_handbook) == 0
    index = b"".join(search_index_files(valid_handbook / "site").values()).decode(
        "utf-8", errors="replace")
    for secret in ("只能计入统计的保密原话", "保密原话", "保密的预算顾虑", "预算顾虑", "P-003"):
        assert secret not in index, secret


def test_pagefind_settings_around_the_build_do_not_change_the_index(
        valid_handbook: Path, tmp_path: Path) -> None:
    assert build(valid_handbook, "--site-dir", str(tmp_path / "plain")) == 0
    # Pagefind reads pagefind.yml from the folder it runs in, and PAGEFIND_* variables.
    (valid_handbook / "pagefind.yml").write_text(
        'glob: "guides/**/*.html"\nexclude_selectors: [".ph-quote", "h1"]\n', encoding="utf-8")
    env = {**os.environ, "PAGEFIND_FORCE_LANGUAGE": "en", "PAGEFIND_ROOT_SELECTOR": "nav"}
    done = handbook("build", str(valid_handbook), "--today", TODAY, "--site-dir",
                    str(tmp_path / "hostile"), cwd=valid_handbook, env=env)
    assert done.returncode == 0, done.stderr
    assert search_index_files(tmp_path / "hostile") == search_index_files(tmp_path / "plain")


def test_files_the_handbook_puts_in_docs_pagefind_are_not_in_the_search_bundle(
        valid_handbook: Path) -> None:
    planted = valid_handbook / "docs" / "pagefind"
    (planted / "fragment").mkdir(parents=True)
    (planted / "pagefind.js").write_text("alert('planted')", encoding="utf-8")
    (planted / "fragment" / "zh_0000000.pf_fragment").write_text("planted", encoding="utf-8")
    (planted / "extra.js").write_text("alert('planted')", encoding="utf-8")
    assert build(valid_handbook) == 0
    bundle = valid_handbook / "site" / "pagefind"
    assert (bundle / "pagefind.js").is_file()
    assert [p for p in bundle.rglob("*") if p.is_file() and b"planted" in p.read_bytes()] == []


def test_a_site_pagefind_cannot_index_is_a_search_index_error(tmp_path: Path) -> None:
    with pytest.raises(SearchIndexError, match=r"Pagefind failed: .*not able to build an index"
                       ) as caught:
        index_site(tmp_path)  # no pages at all
    assert caught.value.stage == "the search index"


def test_site_loads_nothing_from_other_hosts(valid_handbook: Path) -> None:
    assert build(valid_handbook) == 0
    for page in (valid_handbook / "site").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for marker in ('src="http', "src='http", '<link href="http', "@import url(http"):
            assert marker not in html, (page, marker)


def test_english_site_labels(valid_handbook: Path) -> None:
    (valid_handbook / "mkdocs.yml").write_text("site_name: Personas\ntheme:\n  language: en\n")
    assert build(valid_handbook) == 0
    page = (valid_handbook / "build" / "docs" / "personas" / "lin-xiao.md").read_text("utf-8")
    assert "## Pain points" in page and "## 挑战与痛点" not in page
    html = (valid_handbook / "site" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in html


def children() -> set[int]:
    """The processes this test's process started and has not yet waited for."""
    return {int(pid) for task in Path("/proc/self/task").iterdir()
            for pid in (task / "children").read_text().split()}


def test_stopping_the_preview_index_ends_the_run_under_way(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]
                                                           ) -> None:
    # Enough pages that Pagefind runs a while: stop() must not wait for it, as a
    # low-priority run on a busy machine can take minutes.
    for number in range(600):
        page = tmp_path / f"page-{number}" / "index.html"
        page.parent.mkdir()
        words = " ".join(f"word{number * 7 + n} 客户画像{n}" for n in range(200))
        page.write_text(f'<html lang="zh"><body><main data-pagefind-body><p>{words}</p>'
                        "</main></body></html>", encoding="utf-8")
    index, earlier = BackgroundIndex(tmp_path, settle=0), children()  # a browser, maybe
    index.request()
    deadline = time.monotonic() + 60
    while not children() - earlier:
        assert time.monotonic() < deadline, "Pagefind never started"
        time.sleep(0.01)
    running = children() - earlier
    index.stop()
    for pid in running:
        assert not Path(f"/proc/{pid}").exists()  # killed, and waited for
    assert not (tmp_path / "pagefind" / "pagefind.js").exists()
    assert capsys.readouterr().err == ""  # a stopped index is not a failure
    index.request()  # a stopped index stays stopped
    index.wait()
    assert not (tmp_path / "pagefind" / "pagefind.js").exists()


def test_the_preview_index_runs_in_the_background_and_again_after_new_pages(
        valid_handbook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert build(valid_handbook) == 0
    site = valid_handbook / "site"
    shutil.rmtree(site / "pagefind")
    index = BackgroundIndex(site, settle=0.2)
    index.request()
    # A page written while the first run is under way is in the index of the run after it.
    page = site / "personas" / "lin-xiao" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "拿到咖啡赶上地铁", "拿到热可可赶上地铁"), encoding="utf-8")
    index.request()
    index.wait()
    lin = next(r for r in search_records(site) if r["url"] == "/personas/lin-xiao/")
    assert "拿到热可可赶上地铁" in lin["content"]
    broken = BackgroundIndex(valid_handbook / "no-such-site")
    broken.request()
    broken.wait()
    assert "search does not work in this preview" in capsys.readouterr().err

"""`handbook build` end to end: a real MkDocs build, atomic and deterministic."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from generator.content.config import read_mkdocs_yml
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
                 "review/index.html", "tags/index.html", "search/search_index.json"):
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


def test_search_is_set_up_for_chinese(valid_handbook: Path) -> None:
    assert build(valid_handbook) == 0
    config = read_mkdocs_yml(valid_handbook / "build")
    search = config["plugins"][0]["search"]
    assert "\\u200b" in search["separator"]
    words = Path(search["jieba_dict_user"]).read_text(encoding="utf-8").split("\n")
    assert {"林晓", "瑞幸", "都市通勤族"} <= set(words)
    assert config["theme"]["font"] is False


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


def test_search_index_is_written_as_utf8(valid_handbook: Path) -> None:
    assert build(valid_handbook) == 0
    raw = (valid_handbook / "site" / "search" / "search_index.json").read_text("utf-8")
    assert "\\u6797\\u6653" not in raw  # 林晓, escaped
    assert "林晓" in raw

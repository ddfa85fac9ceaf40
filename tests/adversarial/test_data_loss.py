"""Data loss: a site or build folder that would overwrite the handbook is refused.

Each case runs the real `handbook build` (or `serve`) against a git repository
holding the valid handbook, with an output folder that is, holds or lies
inside the handbook's sources, is a file, or is not the build's own; the
handbook's files and `.git` must be byte-identical afterwards and the user
must see one plain message naming the option and the folder.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from generator.site.targets import BUILD_MARKER, SITE_MARKER
from tests.adversarial.harness import build, copy_valid, handbook, snapshot
from tests.conftest import TODAY

pytestmark = pytest.mark.xdist_group("build")


def git_handbook(tmp_path: Path) -> Path:
    """The valid handbook as a committed git repository, with mkdocs.yml, docs/ and data/."""
    root = copy_valid(tmp_path)
    (root / "mkdocs.yml").write_text("site_name: 测试手册\n", encoding="utf-8")
    for folder in ("docs", "data", "site_templates"):
        (root / folder).mkdir()
        (root / folder / "keep.md").write_text("# 保留\n", encoding="utf-8")
    (root / "notes.txt").write_text("meeting notes\n", encoding="utf-8")
    for args in (["init", "-q"], ["add", "-A"],
                 ["-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "v1"]):
        subprocess.run(["git", *args], cwd=root, check=True)
    return root


# (option, folder relative to the handbook, words the refusal must contain)
REFUSED = [
    ("--site-dir", ".", "is the handbook folder"),
    ("--build-dir", ".", "is the handbook folder"),
    ("--site-dir", "..", "a folder holding the handbook"),
    ("--build-dir", "/", "a folder holding the handbook"),
    ("--site-dir", "personas", "the handbook's `personas`"),
    ("--build-dir", "interviews", "the handbook's `interviews`"),
    ("--site-dir", "data", "the handbook's `data`"),
    ("--build-dir", "docs", "the handbook's `docs`"),
    ("--site-dir", "site_templates", "the handbook's `site_templates`"),
    ("--build-dir", ".git", "the handbook's `.git`"),
    ("--site-dir", "personas/commuters/new-site", "the handbook's `personas`"),
    ("--build-dir", ".git/hooks/out", "the handbook's `.git`"),
    ("--site-dir", "mkdocs.yml", "is a file, not a folder"),
    ("--site-dir", "notes.txt", "is a file, not a folder"),
    ("--build-dir", "notes.txt", "is a file, not a folder"),
]


@pytest.mark.parametrize(("option", "folder", "words"), REFUSED,
                         ids=[f"{o}={f}" for o, f, _ in REFUSED])
def test_build_refuses_to_write_over_the_handbook(tmp_path: Path, option: str, folder: str,
                                                  words: str) -> None:
    root = git_handbook(tmp_path)
    before = snapshot(root)
    done = build(root, option, folder if folder.startswith("/") else str(root / folder))
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"handbook build: {option} ") and words in lines[0], lines[0]
    assert "Traceback" not in done.stderr
    assert snapshot(root) == before


OVERLAPS = [
    (("--site-dir", "out", "--build-dir", "out"), "--site-dir", "is also the build folder"),
    (("--site-dir", "out/site", "--build-dir", "out"), "--site-dir",
     "lies inside the build folder"),
    (("--site-dir", "out", "--build-dir", "out/build"), "--build-dir",
     "lies inside the site folder"),
]


@pytest.mark.parametrize(("args", "option", "words"), OVERLAPS, ids=["same", "site-in-build",
                                                                    "build-in-site"])
def test_build_refuses_overlapping_site_and_build_folders(tmp_path: Path, args: tuple[str, ...],
                                                          option: str, words: str) -> None:
    root = git_handbook(tmp_path)
    before = snapshot(tmp_path)
    paths = [str(tmp_path / a) if i % 2 else a for i, a in enumerate(args)]
    done = build(root, *paths)
    assert done.returncode == 2
    assert done.stderr.startswith(f"handbook build: {option} ") and words in done.stderr
    assert snapshot(tmp_path) == before


FOREIGN = [("--site-dir", "photos"), ("--build-dir", "photos"), ("--site-dir", "tracked"),
           ("--build-dir", "a-site-of-ours")]


@pytest.mark.parametrize(("option", "folder"), FOREIGN, ids=[f"{o}={f}" for o, f in FOREIGN])
def test_build_never_deletes_a_folder_it_did_not_make(tmp_path: Path, option: str,
                                                      folder: str) -> None:
    root = git_handbook(tmp_path)
    (root / "photos").mkdir()
    (root / "photos" / "team.jpg").write_bytes(b"\xff\xd8 a photo")
    (root / "tracked").mkdir()
    (root / "tracked" / SITE_MARKER).write_text("forged marker\n")  # committed: a source
    (root / "a-site-of-ours").mkdir()
    (root / "a-site-of-ours" / SITE_MARKER).write_text("x\n")
    (root / "a-site-of-ours" / "index.html").write_text("<p>old</p>\n")
    subprocess.run(["git", "add", "tracked"], cwd=root, check=True)
    before = snapshot(root)
    done = build(root, option, str(root / folder))
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.startswith(f"handbook build: {option} {root / folder}: ")
    assert snapshot(root) == before


def test_serve_refuses_the_same_folders(tmp_path: Path) -> None:
    root = git_handbook(tmp_path)
    before = snapshot(root)
    done = handbook("serve", str(root), "--today", TODAY, "--build-dir", str(root / "personas"))
    assert done.returncode == 2
    assert done.stderr == (f"handbook serve: --build-dir {root / 'personas'}: is or holds the "
                           "handbook's `personas` (its sources); name a folder outside them\n")
    assert snapshot(root) == before


def test_rebuild_cleans_only_inside_folders_it_owns(tmp_path: Path) -> None:
    root = git_handbook(tmp_path)
    assert build(root).returncode == 0
    assert (root / "site" / SITE_MARKER).is_file() and (root / "build" / BUILD_MARKER).is_file()
    (root / "build" / "docs" / "stale.md").write_text("left over\n")
    outside = tmp_path / "outside.md"
    outside.write_text("not ours\n")
    (root / "build" / "docs" / "personas" / "lin-xiao.md").unlink()
    (root / "build" / "docs" / "personas" / "lin-xiao.md").symlink_to(outside)
    killed = root / f".site.new-{2**22 + 12345}-x"  # a build that was killed (no such process)
    killed.mkdir()
    (killed / SITE_MARKER).write_text("x\n")
    unmarked = root / ".site.new-4194305-y"
    unmarked.mkdir()
    before = snapshot(root / "personas")
    assert build(root).returncode == 0
    assert not (root / "build" / "docs" / "stale.md").exists()
    assert outside.read_text() == "not ours\n"
    assert not (root / "build" / "docs" / "personas" / "lin-xiao.md").is_symlink()
    assert not killed.exists() and unmarked.is_dir()
    assert snapshot(root / "personas") == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into read-only folders")
def test_read_only_target_is_a_plain_error(tmp_path: Path) -> None:
    root = git_handbook(tmp_path)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    done = build(root, "--site-dir", str(locked / "site"))
    assert done.returncode == 2
    assert "cannot write there" in done.stderr and "Traceback" not in done.stderr


def test_unwritable_target_is_a_plain_error(tmp_path: Path) -> None:
    root = git_handbook(tmp_path)
    before = snapshot(root)
    done = build(root, "--site-dir", "/proc/handbook-site")
    assert done.returncode in (1, 2)
    assert done.stderr.startswith("handbook build: ") and "Traceback" not in done.stderr
    assert "/proc" in done.stderr
    assert {k: v for k, v in snapshot(root).items() if not k.startswith("build/")} == before

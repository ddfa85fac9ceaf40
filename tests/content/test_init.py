"""`handbook init`: a new handbook repository that validates, builds and shows its example
persona in a browser; its workflows, pre-commit hook and editor settings are valid."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.browser import serve_folder
from tests.conftest import TODAY

pytestmark = pytest.mark.xdist_group("build")
REPO = Path(__file__).resolve().parent.parent.parent
HANDBOOK = [sys.executable, "-m", "generator.cli"]
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@(v\d+\.\d+\.\d+|[0-9a-f]{40})$")


def handbook(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*HANDBOOK, *args, "--today", TODAY], cwd=cwd, capture_output=True,
                          text=True, check=False)


@pytest.fixture(scope="module")
def new_handbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("init") / "personas-repo"
    done = handbook("init", str(root))
    assert done.returncode == 0, done.stderr
    return root


def test_the_new_handbook_validates_clean(new_handbook: Path) -> None:
    done = handbook("validate", "--strict", cwd=new_handbook)
    assert done.returncode == 0, done.stdout
    assert done.stdout.startswith("ok: 3 files checked, no problems")


def test_the_new_handbook_builds_and_shows_its_example_persona(new_handbook: Path,
                                                              page: Any) -> None:
    done = handbook("build", str(new_handbook), "--strict")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1].startswith(
        "built the site of 1 segment, 1 persona, 1 interview")
    with serve_folder(new_handbook / "site") as base:
        page.goto(base)
        page.get_by_role("link", name="上班族 · 陈静").first.click()
        page.wait_for_url("**/personas/chen-jing/")
        assert "上班族 · 陈静" in page.locator("h1").first.inner_text()
        assert page.get_by_text("能在地铁上用手机搞定的事").first.is_visible()


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    refused = handbook("init", str(tmp_path))
    assert refused.returncode == 2
    assert "not empty" in refused.stderr and "--force" in refused.stderr
    assert handbook("init", str(tmp_path), "--force").returncode == 0
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    assert (tmp_path / "mkdocs.yml").is_file()


def workflows(root: Path) -> list[Path]:
    return sorted((root / ".github" / "workflows").glob("*.yml"))


def test_the_workflows_pass_the_github_workflow_schema(new_handbook: Path) -> None:
    files = workflows(new_handbook)
    assert [f.name for f in files] == ["pages.yml", "pr-comment.yml", "pr-diff.yml",
                                       "validate.yml"]
    checker = Path(sys.executable).parent / "check-jsonschema"
    done = subprocess.run(
        [str(checker), "--builtin-schema", "vendor.github-workflows", *map(str, files)],
        capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("name", ["pages.yml", "pr-diff.yml", "validate.yml"])
def test_workflows_install_the_package_pinned_with_pinned_actions(new_handbook: Path,
                                                                  name: str) -> None:
    document = yaml.safe_load((new_handbook / ".github" / "workflows" / name).read_text("utf-8"))
    steps = [s for job in document["jobs"].values() for s in job.get("steps", [])]
    assert all(PINNED.match(s["uses"]) for s in steps if "uses" in s)
    runs = "\n".join(s.get("run", "") for s in steps)
    assert re.search(r'pip install "persona-handbook==\d+\.\d+\.\d+"', runs)
    assert "make " not in runs
    checkouts = [s for s in steps if s.get("uses", "").startswith("actions/checkout@")]
    assert checkouts and all(s["with"]["fetch-depth"] == 0 for s in checkouts)
    assert all(s["with"]["persist-credentials"] is False for s in checkouts)


def test_the_pull_request_comment_runs_none_of_the_pull_requests_code(
        new_handbook: Path) -> None:
    text = (new_handbook / ".github" / "workflows" / "pr-comment.yml").read_text("utf-8")
    document = yaml.safe_load(text)
    steps = [s for job in document["jobs"].values() for s in job.get("steps", [])]
    assert not [s for s in steps if "run" in s or "checkout" in s.get("uses", "")]
    diff = yaml.safe_load((new_handbook / ".github" / "workflows" / "pr-diff.yml").read_text(
        "utf-8"))
    assert diff["permissions"] == {"contents": "read"}


def test_zizmor_finds_nothing_in_the_workflows(new_handbook: Path) -> None:
    zizmor = Path(sys.executable).parent / "zizmor"
    done = subprocess.run([str(zizmor), "--offline", "--config", ".github/zizmor.yml",
                           ".github/workflows"], cwd=new_handbook, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_validate_workflow_annotates(new_handbook: Path) -> None:
    text = (new_handbook / ".github" / "workflows" / "validate.yml").read_text("utf-8")
    assert "handbook validate --format github" in text


def test_the_pre_commit_hook_is_the_repositorys_hook(new_handbook: Path) -> None:
    config = new_handbook / ".pre-commit-config.yaml"
    pre_commit = Path(sys.executable).parent / "pre-commit"
    done = subprocess.run([str(pre_commit), "validate-config", str(config)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    hook = yaml.safe_load(config.read_text("utf-8"))["repos"][0]["hooks"][0]
    manifest = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))[0]
    for key in ("id", "entry", "language", "pass_filenames", "files"):
        assert hook[key] == manifest[key]


def test_editor_settings_map_the_schemas_to_the_content_folders(new_handbook: Path) -> None:
    settings = json.loads((new_handbook / ".vscode" / "settings.json").read_text("utf-8"))
    schemas = settings["yaml.schemas"]
    assert all((new_handbook / path).is_file() for path in schemas)
    kinds = {Path(path).name.split(".")[0]: globs for path, globs in schemas.items()}
    assert kinds["persona"][0] == "personas/*/*.md"
    assert kinds["interview"] == ["interviews/**/*.md"]
    assert not (new_handbook / "schemas").exists()


def test_git_ignores_the_built_site_but_keeps_the_schemas(new_handbook: Path) -> None:
    ignored = (new_handbook / ".gitignore").read_text("utf-8").split()
    assert "site/" in ignored and "build/" in ignored
    assert not any(".handbook" in line for line in ignored)

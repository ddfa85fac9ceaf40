"""The GitHub Actions workflows: valid against the workflow schema, pinned, with full history."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.review.summary import MARKER

WORKFLOWS = Path(__file__).parent.parent / ".github" / "workflows"
FILES = sorted(WORKFLOWS.glob("*.yml"))
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@(v\d+\.\d+\.\d+|[0-9a-f]{40})$")


def load(name: str) -> dict[str, Any]:
    document: dict[Any, Any] = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as the boolean true.
    document["on"] = document.pop(True, document.get("on"))
    return document


def steps(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in document["jobs"].values() for step in job.get("steps", [])]


def runs(document: dict[str, Any]) -> str:
    return "\n".join(step.get("run", "") for step in steps(document))


# The one workflow that may write: it checks out nothing (tests/adversarial/test_ci_workflows.py).
COMMENTER = "pr-comment.yml"
CHECKING_OUT = [f for f in FILES if f.name != COMMENTER]


def test_the_four_workflows_exist() -> None:
    assert [f.name for f in FILES] == ["ci.yml", "pages.yml", "pr-comment.yml", "pr-diff.yml"]


def test_workflows_match_the_github_workflow_schema() -> None:
    checker = Path(sys.executable).parent / "check-jsonschema"
    done = subprocess.run(
        [str(checker), "--builtin-schema", "vendor.github-workflows", *map(str, FILES)],
        capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_full_version(path: Path) -> None:
    uses = [s["uses"] for s in steps(load(path.name)) if "uses" in s]
    assert uses
    assert [u for u in uses if not PINNED.match(u)] == []


@pytest.mark.parametrize("path", CHECKING_OUT, ids=lambda p: p.name)
def test_checkouts_fetch_the_whole_history(path: Path) -> None:
    checkouts = [s for s in steps(load(path.name))
                 if s.get("uses", "").startswith("actions/checkout@")]
    assert checkouts
    assert all(s.get("with", {}).get("fetch-depth") == 0 for s in checkouts)


def test_ci_tests_and_annotates_on_push_and_pull_request() -> None:
    ci = load("ci.yml")
    assert set(ci["on"]) == {"push", "pull_request"}
    assert "make test" in runs(ci)
    assert re.search(r"handbook validate --format github", runs(ci))
    python = [s for s in steps(ci) if s.get("uses", "").startswith("actions/setup-python@")]
    assert python[0]["with"]["python-version"] == "3.11"


def test_pr_diff_summarises_with_a_read_only_token_and_hands_over_an_artifact() -> None:
    pr = load("pr-diff.yml")
    assert list(pr["on"]) == ["pull_request"]
    assert pr["permissions"] == {"contents": "read"}
    assert 'handbook diff "origin/$BASE_REF" HEAD' in runs(pr)
    upload = next(s for s in steps(pr) if "upload-artifact" in s.get("uses", ""))
    assert upload["with"]["name"] == "handbook-diff"


def test_pr_comment_updates_one_comment_found_by_its_marker() -> None:
    comment = load(COMMENTER)
    assert comment["on"]["workflow_run"]["workflows"] == [load("pr-diff.yml")["name"]]
    job = comment["jobs"]["comment"]
    assert job["permissions"] == {"actions": "read", "pull-requests": "write"}
    script = next(s for s in steps(comment)
                  if "github-script" in s.get("uses", ""))["with"]["script"]
    assert f"'{MARKER}'" in script
    assert "updateComment" in script and "createComment" in script


def test_pages_builds_uploads_and_deploys_one_at_a_time() -> None:
    pages = load("pages.yml")
    assert pages["on"]["push"]["branches"] == ["main"]
    assert pages["concurrency"]["group"] == "pages"
    assert "make site" in runs(pages)
    upload = next(s for s in steps(pages) if "upload-pages-artifact" in s.get("uses", ""))
    assert upload["with"]["path"] == "site"
    deploy = pages["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"

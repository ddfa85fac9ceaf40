"""Output injection: what people write cannot forge report lines, CI annotations,
spreadsheet formulas or pull-request pings.

Each case puts hostile names or values into a real handbook, runs the real
command and parses what it printed: report lines, GitHub workflow commands,
CSV cells, the Markdown of the pull-request comment.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
from pathlib import Path

import pytest

from generator.review.summary import MARKER
from tests.adversarial.harness import copy_valid, handbook
from tests.conftest import TODAY

LIN = "personas/commuters/lin-xiao.md"
REPORT_LINE = re.compile(r"^[^\n]+:\d+:\d+: \$[^\n]*: |^    hint: |^\d+ errors?, \d+ warnings? in ")
FORGED = "fake.md:1:1: $: forged"


def hostile_handbook(tmp_path: Path, value: str) -> Path:
    """The valid handbook with `value` in a file name, an unknown key and an enum value."""
    root = copy_valid(tmp_path)
    (root / "interviews" / f"x{value}.md").write_text(
        (root / "interviews" / "2026-09-10-p-001.md").read_text(encoding="utf-8")
        .replace("P-001", "P-101"), encoding="utf-8")
    path = root / LIN
    quoted = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") \
        .replace("\r", "\\r").replace("\x1b", "\\e")
    path.write_text(path.read_text(encoding="utf-8").replace(
        "status: active", f'status: "{quoted}"\n"bad{quoted}key": 1'), encoding="utf-8")
    return root


VALUES = [f"\n{FORGED}\n", f"\r{FORGED}", f"::error file=x::{FORGED}", "\x1b[2J\x1b[31m",
          f"%0A{FORGED},:"]


@pytest.mark.parametrize("value", VALUES, ids=["newline", "cr", "workflow-command", "ansi",
                                              "percent"])
def test_text_report_lines_cannot_be_forged(tmp_path: Path, value: str) -> None:
    root = hostile_handbook(tmp_path, value)
    done = handbook("validate", str(root), "--today", TODAY)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines and all(REPORT_LINE.match(line) for line in lines), done.stdout
    assert not any(line.startswith(FORGED) for line in lines)
    assert "\x1b" not in done.stdout and "\r" not in done.stdout
    for control, shown in (("\n", "\\n"), ("\r", "\\r"), ("\x1b", "\\x1b")):
        assert control not in value or shown in done.stdout


@pytest.mark.parametrize("value", VALUES, ids=["newline", "cr", "workflow-command", "ansi",
                                              "percent"])
def test_github_annotations_cannot_be_forged(tmp_path: Path, value: str) -> None:
    root = hostile_handbook(tmp_path, value)
    done = handbook("validate", str(root), "--today", TODAY, "--format", "github")
    lines = done.stdout.splitlines()
    commands = lines[:-1]
    assert re.fullmatch(r"\d+ errors?, \d+ warnings? in \d+ files checked", lines[-1])
    for line in commands:
        head, _, _ = line.partition("::")[2].partition("::")
        name, _, props = head.partition(" ")
        assert name in ("error", "warning"), line
        # Properties: key=value pairs whose values hold no raw `,` `:` `%` line break.
        pairs = dict(p.split("=", 1) for p in props.split(","))
        assert set(pairs) == {"file", "line", "col", "title"}, line
        assert all(not re.search(r"[\r\n]|%(?![0-9A-F]{2})", v) for v in pairs.values())
    assert sum(line.startswith("::") for line in lines) == len(commands)
    assert "\r" not in done.stdout


CATEGORIES = ["=HYPERLINK(\"http://x\",\"y\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)",
              "\tx", "＝1+1", "plain"]


def test_stats_csv_neutralises_formulas(tmp_path: Path) -> None:
    root = copy_valid(tmp_path)
    (root / "data").mkdir()
    (root / "data" / "metrics.yml").write_text(
        "min_group_size: 5\nsources:\n  c: {file: c.csv, segment: segment}\nmetrics:\n"
        "  - {id: ch, label: '=1+2', source: c, column: channel, agg: share}\n"
        "  - {id: n, source: c, column: spend, agg: mean}\n", encoding="utf-8")
    rows = io.StringIO()
    writer = csv.writer(rows, lineterminator="\n")
    writer.writerow(["segment", "channel", "spend"])
    for category in CATEGORIES:
        writer.writerows([["commuters", category, -5]] * 5)
    (root / "data" / "c.csv").write_text(rows.getvalue(), encoding="utf-8")
    done = handbook("stats", str(root), "--today", TODAY, "--format", "csv")
    assert done.returncode == 0, done.stderr
    table = list(csv.DictReader(io.StringIO(done.stdout)))
    shown = {r["category"] for r in table if r["metric"] == "ch" and r["level"] == "overall"}
    assert shown == {"'" + c for c in CATEGORIES[:-1]} | {"plain"}
    assert {r["label"] for r in table if r["metric"] == "ch"} == {"'=1+2"}
    means = [r["value"] for r in table if r["metric"] == "n" and r["value"]]
    assert means and all(float(v) == -5 for v in means)
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) or
               re.fullmatch(r"-?[\d.]+", cell) for r in table for cell in r.values())


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.email=t@example.com", "-c", "user.name=t", *args],
                   cwd=root, check=True, capture_output=True)


PINGS = [
    ("tagline", "ping @security-team and @org/admins now"),
    ("tagline", "closes #1, see GH-2 and octo/repo#3"),
    ("tagline", "see https://github.com/octo/repo/issues/4 and www.example.com"),
    ("tagline", "ends the marker --> <!-- persona-handbook-diff --> <img src=x onerror=alert(1)>"),
    ("name", "林晓\n#### Forged heading\n- **added** `fake`"),
    ("tagline", "&#64;team and &lt;!-- entity --&gt; [link](https://evil.example)"),
]


@pytest.mark.parametrize(("key", "value"), PINGS, ids=["mentions", "references", "links",
                                                      "html-comment", "newlines", "entities"])
def test_pull_request_comment_is_inert(tmp_path: Path, key: str, value: str) -> None:
    root = copy_valid(tmp_path)
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "base")
    path = root / LIN
    text = path.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith(f"{key}: "))
    quoted = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    path.write_text(text.replace(line, f'{key}: "{quoted}"'), encoding="utf-8")
    _git(root, "commit", "-qam", "hostile")
    done = handbook("diff", "HEAD~1", "HEAD", "--root", str(root), "--no-stats")
    assert done.returncode == 0, done.stderr
    body = done.stdout
    lines = body.splitlines()
    assert lines[0] == MARKER
    assert len(re.findall(r"(?<!\\)<!--", body)) == len(re.findall(r"--(?<!\\)>", body)) == 1
    assert not re.search(r"(?<![\w\\])@\w", body), body
    assert not re.search(r"#\d|(?<![\w-])gh-\d|://|(?<![\w.])www\.", body, re.IGNORECASE), body
    assert not re.search(r"(?<!\\)[<>\[\]]|(?<!\\)&", body.replace(MARKER, "")), body
    assert [x for x in lines if x.startswith("#")] == [lines[1], lines[3]]  # title, section
    assert sum(x.startswith("- ") for x in lines) == 1
    visible = body.replace("\u200d", "").replace("\\", "")
    assert any(word in visible for word in ("@security-team", "#1", "github.com", "--",
                                            "Forged heading", "&#64;team"))

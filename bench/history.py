"""Benchmark: `handbook build` with the change history of 1,000 files over 5,000 commits.

Generates a handbook (personas in a few segments, interviews) and a git
history for it with `git fast-import`: single commits with squash-style
`(#N)` subjects, pull requests merged with merge commits, personas moved
between segments, edits to front matter and bodies. Then times, in the same
run, real `handbook build` runs (the CLI, in a subprocess) of the repository
(history collected: per-page change history, What's new, feed.xml) against
the same files copied without `.git` (no history), alternating the two, and
prints the ratio. `collect_history` alone is timed too, as a breakdown.
Goal: history adds at most 30% to the build.

    .venv/bin/python -m bench.history [--files 1000] [--commits 5000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.corpus import PAINS, interview_text, persona_text, segment_text
from bench.measure import Run, run
from generator.history.log import collect_history

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-22"
GOAL = 0.30  # history may add at most 30% to `handbook build`
NO_HISTORY = "warning: no change history"
MKDOCS_YML = ("site_name: Bench\nsite_url: https://handbook.example.com/\n"
              "repo_url: https://github.com/team/handbook\n")
SEGMENTS = 6
START = 1_767_225_600  # 2026-01-01 00:00 UTC


def initial_files(rng: random.Random, files: int) -> dict[str, str]:
    """Segments, personas (40%) and interviews (the rest), path → text."""
    personas = int(files * 0.4) - SEGMENTS
    ids = [f"persona-{i:05d}" for i in range(personas)]
    tree = {f"personas/segment-{s}/_segment.md": segment_text(s, "b2c") for s in range(SEGMENTS)}
    for i, pid in enumerate(ids):
        tree[f"personas/segment-{i % SEGMENTS}/{pid}.md"] = persona_text(
            rng, i, False, ids[(i + 1) % personas])
    for i in range(files - len(tree)):
        tree[f"interviews/interview-{i:05d}.md"] = interview_text(rng, i, ids)
    return tree


def edit(rng: random.Random, tree: dict[str, str], step: int) -> tuple[str, str | None]:
    """Change one file in place; returns (path, new path if it moved)."""
    path = rng.choice(sorted(tree))
    text = tree[path]
    if path.startswith("interviews/"):
        head, nps, rest = text.partition("\nnps: ")
        tree[path] = f"{head}{nps}{step % 11}\n{rest.split(chr(10), 1)[1]}补充记录 {step}。\n"
    elif rng.random() < 0.04 and not path.endswith("_segment.md"):
        moved = f"personas/segment-{rng.randrange(SEGMENTS)}/{path.rsplit('/', 1)[1]}"
        if moved not in tree:
            tree[moved] = tree.pop(path)
            return path, moved
    elif rng.random() < 0.5:
        pain = f'"{rng.choice(PAINS)} {step}", '
        tree[path] = text.replace("pain_points: [", f"pain_points: [{pain}", 1)
    else:
        tree[path] = text.replace("status: draft", "status: active", 1).replace(
            "\n---\n", f"\n---\n\n第 {step} 次修订的叙述。\n", 1)
    return path, None


class Stream:
    """A `git fast-import` input stream, built in memory."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.mark = 0

    def data(self, text: str) -> None:
        raw = text.encode("utf-8")
        self.parts.append(b"data %d\n%s\n" % (len(raw), raw))

    def commit(self, ref: str, subject: str, when: int, parents: list[int],
               ops: list[str], contents: dict[str, str]) -> int:
        self.mark += 1
        who = f"Dev {self.mark % 7} <dev{self.mark % 7}@example.com> {when} +0800"
        self.parts.append(f"commit {ref}\nmark :{self.mark}\nauthor {who}\ncommitter {who}\n"
                          .encode())
        self.data(subject)
        for index, parent in enumerate(parents):
            self.parts.append(f"{'from' if index == 0 else 'merge'} :{parent}\n".encode())
        for op in ops:
            self.parts.append(f"{op}\n".encode())
            if op.startswith("M "):
                self.data(contents[op.split(" ", 3)[3]])
        return self.mark


def generate(repo: Path, files: int, commits: int, seed: int = 11) -> None:
    """A repository with `commits` commits over `files` content files, working tree checked out."""
    rng = random.Random(seed)
    tree = initial_files(rng, files)
    stream = Stream()
    tip = stream.commit("refs/heads/main", "Initial handbook", START, [],
                        [f"M 100644 inline {p}" for p in sorted(tree)], tree)
    step, pr = 1, 100
    while stream.mark < commits:
        step, pr = step + 1, pr + 1
        when = START + step * 3600
        if rng.random() < 0.05 and commits - stream.mark >= 3:
            tip = _merged_pull_request(rng, stream, tree, tip, step, pr, when)
            continue
        path, moved = edit(rng, tree, step)
        ops = [f"R {path} {moved}"] if moved else [f"M 100644 inline {path}"]
        subject = f"Edit {path.rsplit('/', 1)[1]}" + (f" (#{pr})" if step % 2 else "")
        tip = stream.commit("refs/heads/main", subject, when, [tip], ops, tree)
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=repo, check=True,
                   input=b"".join(stream.parts))
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=repo, check=True)


def _merged_pull_request(rng: random.Random, stream: Stream, tree: dict[str, str], tip: int,
                         step: int, pr: int, when: int) -> int:
    """Two commits on a branch, merged into main with a merge commit."""
    branch_tip, changed = tip, []
    for offset in (0, 1):
        path, moved = edit(rng, tree, step * 10 + offset)
        if moved:  # moves stay on main in this corpus: put the file back
            tree[path] = tree.pop(moved)
        changed.append(path)
        branch_tip = stream.commit("refs/heads/topic", f"Work on {path}", when + offset,
                                   [branch_tip], [f"M 100644 inline {path}"], tree)
    ops = [f"M 100644 inline {p}" for p in sorted(set(changed))]
    return stream.commit("refs/heads/main", f"Merge pull request #{pr} from team/topic-{pr}",
                         when + 2, [tip, branch_tip], ops, tree)


def timed(action: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    value = action()
    return time.perf_counter() - start, value


def build_command(root: Path) -> list[str]:
    return [sys.executable, "-m", "generator.cli", "build", str(root), "--today", TODAY]


def compare_builds(repo: Path, plain: Path, rounds: int) -> tuple[Run, Run]:
    """Best of `rounds` builds with and without history, alternated so both see the same noise.

    A first, untimed build of each writes the generated project, so every
    timed build is the same incremental rebuild (pages compared, MkDocs run).
    The copy without .git is fenced off with GIT_CEILING_DIRECTORIES: git
    must not find a repository above it.
    """
    env = {**os.environ, "GIT_CEILING_DIRECTORIES": str(plain.parent)}
    for root in (repo, plain):
        first = run(build_command(root), cwd=ROOT, env=env)
        if first.returncode:
            sys.exit(f"handbook build {root.name} failed:\n{first.stdout[-3000:]}")
    with_history: list[Run] = []
    without: list[Run] = []
    for _ in range(rounds):
        with_history.append(run(build_command(repo), cwd=ROOT, env=env))
        without.append(run(build_command(plain), cwd=ROOT, env=env))
    if any(r.returncode for r in with_history + without):
        sys.exit("a timed build failed")
    if NO_HISTORY in with_history[0].stdout or NO_HISTORY not in without[0].stdout:
        sys.exit("the build in the repository must have history, the copy must not:\n"
                 f"{with_history[0].stdout[-1500:]}\n{without[0].stdout[-1500:]}")
    for label, runs in (("with history", with_history), ("without history", without)):
        print(f"  {label:16} " + "  ".join(f"{r.seconds:6.2f} s" for r in runs))
    medians = [statistics.median(r.seconds for r in runs) for runs in (with_history, without)]
    print(f"  medians: {medians[0]:.2f} s / {medians[1]:.2f} s = {medians[0] / medians[1]:.2f}")
    return min(with_history, key=lambda r: r.seconds), min(without, key=lambda r: r.seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3, help="timed builds of each kind")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-history-") as tmp:
        repo = Path(tmp) / "repo"
        seconds, _ = timed(lambda: generate(repo, args.files, args.commits))
        (repo / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
        plain = Path(tmp) / "plain" / "repo"
        shutil.copytree(repo, plain, ignore=shutil.ignore_patterns(".git"))
        print(f"corpus: {args.files} files, {args.commits} commits (generated in {seconds:.1f} s)")
        history_s = min(timed(lambda: collect_history(repo))[0] for _ in range(3))
        history = collect_history(repo)
        print(f"collect_history alone: {history_s:.2f} s for {len(history.changes)} changes "
              f"in {len(history.by_file)} files (best of 3)")
        print(f"handbook build, {args.rounds} rounds (alternated):")
        with_history, without = compare_builds(repo, plain, args.rounds)
        ratio = with_history.seconds / without.seconds
        print(f"build with history (repository): {with_history.seconds:.2f} s, "
              f"peak {with_history.peak_mb:.0f} MB")
        print(f"build without history (no .git): {without.seconds:.2f} s, "
              f"peak {without.peak_mb:.0f} MB")
        verdict = "ok" if ratio <= 1 + GOAL else "over the goal"
        print(f"ratio with / without (best of each): {ratio:.2f} (history adds {ratio - 1:+.0%}; "
              f"goal: at most +{GOAL:.0%}: {verdict})")


if __name__ == "__main__":
    main()

"""Per-file change history of a handbook, from one pass over git history.

One `git log` over `personas/` and `interviews/` lists every change with the
blob ids of both sides; one `git cat-file --batch` reads all those blobs; each
distinct blob is parsed once. The log follows the first parent only, and
diffs a merge against its first parent: a pull request merged with a merge
commit is one change attributed to the pull request, not a series of branch
commits. Renames (`-M`) carry a file's history over to its new path.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.content.discovery import content_ref
from generator.content.loading import DEFAULT_MAX_BYTES
from generator.history.files import (
    FileDiff,
    Revision,
    file_diff,
    read_revisions,
    split_weak_renames,
    withhold_personal_data,
)
from generator.history.git import (
    HANDBOOK_PATHSPEC,
    RawEntry,
    git,
    history_unavailable,
    parse_raw,
)

LOG_ARGS = (
    "log", "--first-parent", "--diff-merges=first-parent", "-M", "--raw", "--no-abbrev",
    "-z", "--relative", "--no-color", "--format=%x1e%H%x1f%cI%x1f%an%x1f%s%x1f%b%x1f",
    "--", *HANDBOOK_PATHSPEC,
)
_MERGED_PR = re.compile(r"^Merge pull request #(\d+) from ")
_SQUASHED_PR = re.compile(r"\s*\(#(\d+)\)$")
_MERGE_REQUEST = re.compile(r"^See merge request \S+!(\d+)$", re.MULTILINE)
Entries = list[tuple["Commit", RawEntry]]


@dataclass(frozen=True)
class Commit:
    """A commit on the main line: `date` is when it landed (committer date, ISO 8601)."""

    sha: str
    date: str
    author: str
    pr: int | None
    subject: str

    @property
    def day(self) -> datetime.date:
        return datetime.date.fromisoformat(self.date[:10])


def commit_from(sha: str, when: str, author: str, subject: str, body: str) -> Commit:
    """A commit with its pull request number read from the subject (or a merge's body).

    `Merge pull request #12 from team/branch` (merge commit: the title is the
    body's first line), `Subject (#15)` (squash merge), GitLab's `See merge
    request group/project!7`. Anything else has no pull request.
    """
    merged = _MERGED_PR.match(subject)
    if merged:
        title = next((line.strip() for line in body.splitlines() if line.strip()), subject)
        return Commit(sha, when, author, int(merged.group(1)), title)
    squashed = _SQUASHED_PR.search(subject)
    if squashed:
        return Commit(sha, when, author, int(squashed.group(1)), subject[: squashed.start()])
    request = _MERGE_REQUEST.search(body)
    return Commit(sha, when, author, int(request.group(1)) if request else None, subject)


@dataclass(frozen=True)
class Change:
    """One commit's change to one file."""

    commit: Commit
    diff: FileDiff

    @property
    def path(self) -> str:
        return self.diff.path


@dataclass(frozen=True)
class History:
    """Every change to the handbook's content files, newest first, keyed by current path.

    `warning` says why the history is empty when git could not give one.
    """

    changes: tuple[Change, ...] = ()
    warning: str | None = None
    by_file: Mapping[str, tuple[Change, ...]] = field(default_factory=dict, repr=False)

    def of_file(self, rel_path: str) -> tuple[Change, ...]:
        """Changes of the file now at `rel_path` (under earlier names too), newest first."""
        return self.by_file.get(rel_path, ())

    def last_updated(self, rel_path: str) -> datetime.date | None:
        """The day of the file's latest change, or None when git knows nothing of it."""
        changes = self.of_file(rel_path)
        return changes[0].commit.day if changes else None


def collect_history(root: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> History:
    """The history of the handbook at `root`; empty, with a warning, where git cannot give it."""
    reason = history_unavailable(root)
    if reason is not None:
        return History(warning=f"no change history: {reason}")
    log = git(root, *LOG_ARGS)
    if not log.ok:
        return History(warning=f"no change history: {log.error}")
    commits = parse_log(log.stdout)
    files = group_by_file(commits)
    revisions = read_revisions(root, (e for entries in files.values() for _, e in entries),
                               max_bytes)
    by_file = {key: _changes(entries, revisions) for key, entries in files.items()}
    by_file = {key: changes for key, changes in by_file.items() if changes}
    order = {commit.sha: n for n, (commit, _) in enumerate(commits)}
    every = sorted((c for changes in by_file.values() for c in changes),
                   key=lambda c: (order[c.commit.sha], c.path))
    return History(tuple(every), None, by_file)


def parse_log(out: bytes) -> list[tuple[Commit, list[RawEntry]]]:
    """Commits (newest first) with their raw entries, from the output of LOG_ARGS."""
    commits = []
    for record in out.split(b"\x1e")[1:]:
        header, _, raw = record.partition(b"\x1f\x00")
        sha, when, author, subject, body = header.decode("utf-8", "replace").split("\x1f", 4)
        entries = split_weak_renames(parse_raw(raw))
        commits.append((commit_from(sha, when, author, subject, body), entries))
    return commits


def group_by_file(commits: Iterable[tuple[Commit, list[RawEntry]]]) -> dict[str, Entries]:
    """Entries of content files keyed by each file's latest path, following renames back."""
    alias: dict[str, str] = {}
    files: dict[str, Entries] = {}
    for commit, entries in commits:
        wanted = [e for e in entries if content_ref(e.old_path) or content_ref(e.new_path)]
        # Keys first, aliases after: a commit may rename a→b and add a new a.
        keys = [alias.get(e.path, e.path) for e in wanted]
        for key, entry in zip(keys, wanted, strict=True):
            files.setdefault(key, []).append((commit, entry))
            if entry.old_path and entry.new_path and entry.old_path != entry.new_path:
                alias.pop(entry.new_path, None)
                alias[entry.old_path] = key
    return files


def _changes(entries: Entries, revisions: Mapping[str, Revision]) -> tuple[Change, ...]:
    olds = [revisions.get(e.old_blob or "") for _, e in entries]
    changes: list[tuple[Commit, FileDiff]] = []
    for index, (commit, entry) in enumerate(entries):
        # An old side that did not parse is compared through the last version that did.
        baseline = next((r for r in olds[index:] if r is not None and r.data is not None), None)
        diff = file_diff(entry, olds[index], revisions.get(entry.new_blob or ""), baseline)
        if diff is not None:
            changes.append((commit, diff))
    diffs = withhold_personal_data([diff for _, diff in changes])
    return tuple(Change(commit, diff) for (commit, _), diff in zip(changes, diffs, strict=True))

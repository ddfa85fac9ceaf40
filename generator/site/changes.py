"""Change history on the pages: a file's changes and What's new, in the site's language.

Changes to a file that is or ever was private (a confidential interview, or
one without consent) never show, not even its earlier public revisions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.content.model import Handbook
from generator.history.describe import describe, subject_text
from generator.history.feed import group_changes
from generator.history.log import Change, History
from generator.stats.display import Display

RECENT_UPDATES = 30


@dataclass(frozen=True)
class HistoryEntry:
    """One commit's change to a page's file, as the page lists it."""

    date: str
    pr: int | None
    pr_url: str | None
    subject: str
    author: str
    lines: list[str]


def public_changes(history: History, handbook: Handbook) -> list[Change]:
    """Every change, newest first, except all of those to a file that is or was private, and
    to an interview that is no longer in the handbook (its old quotes go with it)."""
    shown = {id(change) for changes in history.by_file.values()
             if _public(changes, handbook) for change in changes}
    return [change for change in history.changes if id(change) in shown]


def _public(changes: tuple[Change, ...], handbook: Handbook) -> bool:
    if any(change.diff.private for change in changes):
        return False
    latest = changes[0].diff
    return latest.kind != "interview" or latest.id in handbook.interviews


def file_histories(history: History, repo_url: str | None, display: Display
                   ) -> dict[str, list[HistoryEntry]]:
    """Each public file's changes, newest first, by the file's current path."""
    return {path: [_entry(change, repo_url, display) for change in changes]
            for path, changes in history.by_file.items()
            if not any(change.diff.private for change in changes)}


def _entry(change: Change, repo_url: str | None, display: Display) -> HistoryEntry:
    commit = change.commit
    return HistoryEntry(display.date(commit.day), commit.pr, pr_link(repo_url, commit.pr),
                        subject_text(commit.subject, display), commit.author,
                        describe(change.diff, display))


def pr_link(repo_url: str | None, pr: int | None) -> str | None:
    """The pull request's address on a GitHub-style host, if the handbook names its repo."""
    if not repo_url or pr is None:
        return None
    return f"{repo_url.rstrip('/')}/pull/{pr}"


def whats_new(history: History, handbook: Handbook, repo_url: str | None,
              display: Display) -> list[dict[str, Any]]:
    """Recent updates grouped by pull request, each file linked to its page if it has one."""
    groups = []
    for update in group_changes(public_changes(history, handbook))[:RECENT_UPDATES]:
        newest = update.changes[0].commit
        groups.append({
            "pr": update.pr, "pr_url": pr_link(repo_url, update.pr),
            "subject": subject_text(newest.subject, display),
            "date": display.date(newest.day), "author": "、".join(update.authors),
            "files": [_item(change, handbook, display) for change in update.changes]})
    return groups


def _item(change: Change, handbook: Handbook, display: Display) -> dict[str, Any]:
    diff = change.diff
    page, title = None, diff.title or diff.path
    if diff.kind == "persona" and diff.id in handbook.personas:
        page = f"personas/{diff.id}.md"
    elif diff.kind == "segment" and diff.id in handbook.segments:
        page = f"segments/{diff.id}.md"
    elif diff.kind == "interview" and diff.id in handbook.interviews:
        interview = handbook.interviews[diff.id]
        page = f"interviews/{diff.id}.md"
        title = f"{interview.participant} · {display.date(interview.date)}"
    return {"title": title, "page": page, "lines": describe(diff, display)}

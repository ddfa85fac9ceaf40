"""What a pull request changes in the handbook, as a semantic summary.

`handbook diff BASE [HEAD]` compares the two revisions' trees directly (HEAD
defaults to the commit `HEAD`; uncommitted edits are not included). In a
pull-request workflow, the checked-out HEAD is the merge of the pull request
into its base, so `origin/<base> HEAD` is exactly what the pull request adds.
Confidential interviews (and any without consent) are only counted.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from generator.content import jsontext
from generator.content.problems import printable
from generator.history.describe import describe, details, outline_text
from generator.history.files import (
    FileDiff,
    file_diff,
    read_revisions,
    split_weak_renames,
    withhold_personal_data,
)
from generator.history.git import (
    HANDBOOK_PATHSPEC,
    git,
    history_unavailable,
    parse_raw,
    resolve,
)
from generator.review.statsmoves import StatMove, StatsFunction, compare_stats, stats_at
from generator.stats.display import Display

MARKER = "<!-- persona-handbook-diff -->"
_ACTION_ORDER = ["created", "deleted", "moved", "renamed", "modified"]
# Not `_`: ids and metric names use it inside words, where it never emphasises. `&` so
# that an entity (`&#64;`) cannot spell a character that the escapes keep out.
_MARKDOWN_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*[]<>|~&"})
# What GitHub turns into a notification or a cross-reference: @mentions, #123 and GH-123
# references, links (also bare URLs and www. addresses). A zero-width joiner breaks each
# without changing what a reader sees.
_JOINER = "\u200d"
_PINGS = re.compile(r"(@)(?=\w)|(#)(?=\d)|(?<![\w-])(gh-)(?=\d)|(:/)(?=/)|(?<![\w.])(www)(?=\.)",
                    re.IGNORECASE)


@dataclass(frozen=True)
class RevisionDiff:
    """Every content file that differs between two revisions, and the statistics that moved."""

    base: str
    head: str
    files: tuple[FileDiff, ...]
    stats: tuple[StatMove, ...] = ()
    notes: tuple[str, ...] = ()

    def of_kind(self, kind: str) -> list[FileDiff]:
        """Public changes of one kind (segment, persona, interview), by action, then id."""
        chosen = [f for f in self.files if f.kind == kind and not f.private]
        return sorted(chosen, key=lambda f: (_ACTION_ORDER.index(f.action), f.id, f.path))

    @property
    def private_count(self) -> int:
        return sum(1 for f in self.files if f.private)


def diff_revisions(root: Path, base: str, head: str = "HEAD",
                   stats: StatsFunction | None = None) -> RevisionDiff | str:
    """The semantic difference between two revisions, or a message saying what is wrong."""
    base_id, head_id = resolve(root, base), resolve(root, head)
    if base_id is None or head_id is None:
        unknown = base if base_id is None else head
        return history_unavailable(root) or f"unknown revision {unknown!r}"
    raw = git(root, "diff", "--raw", "-z", "-M", "--no-abbrev", "--relative",
              base_id, head_id, "--", *HANDBOOK_PATHSPEC)
    if not raw.ok:
        return raw.error
    entries = split_weak_renames(parse_raw(raw.stdout))
    revisions = read_revisions(root, entries)
    files = [withheld for e in entries
             for withheld in withhold_personal_data(
                 [d for d in [file_diff(e, revisions.get(e.old_blob or ""),
                                        revisions.get(e.new_blob or ""))] if d is not None])]
    moves, notes = _stats(root, base_id, head_id, stats) if stats else ([], [])
    return RevisionDiff(base, head, tuple(files),
                        tuple(moves), tuple(notes))


def _stats(root: Path, base: str, head: str,
           compute: StatsFunction) -> tuple[list[StatMove], list[str]]:
    before, after = stats_at(root, base, compute), stats_at(root, head, compute)
    if isinstance(before, str) or isinstance(after, str):
        return [], [f"statistics not compared: {before if isinstance(before, str) else after}"]
    return compare_stats(before, after), []


def render_markdown(diff: RevisionDiff, display: Display) -> str:
    """A pull-request comment: hidden marker, heading, one section per kind of change."""
    title = display.word("review_title", base=f"`{_code(diff.base)}`",
                         head=f"`{_code(diff.head)}`")
    out = [MARKER, f"### {title}", ""]
    sections = [
        (display.word("personas"), _file_items(diff.of_kind("persona"), display)),
        (display.word("segments"), _file_items(diff.of_kind("segment"), display)),
        (display.word("interviews"),
         _file_items(diff.of_kind("interview"), display) + _private_items(diff, display)),
        (display.word("stats_moved"), [f"- {_escape(m.as_text(display))}" for m in diff.stats]),
    ]
    if not any(items for _, items in sections):
        out += [display.word("review_none"), ""]
    for heading, items in sections:
        if items:
            out += [f"#### {_escape(heading)}", "", *items, ""]
    out += [f"_{_escape(note)}_" for note in diff.notes]
    return "\n".join(out).rstrip("\n") + "\n"


def _file_items(files: list[FileDiff], display: Display) -> list[str]:
    items = []
    for f in files:
        title = f" {_escape(f.title)}" if f.title else ""
        if f.kind == "persona" and f.action == "created":
            title += f" ({display.word('in_segment')} `{_code(f.segment or '')}`)"
        items.append(f"- **{display.word('action_' + f.action)}** `{_code(f.id)}`{title}")
        lines = [outline_text(key, value, display) for key, value in f.outline]
        lines += details(f, display)
        items += [f"  - {_escape(line)}" for line in lines]
    return items


def _private_items(diff: RevisionDiff, display: Display) -> list[str]:
    count = diff.private_count
    return [f"- {display.word('confidential_summary', count=count)}"] if count else []


def _escape(text: str) -> str:
    """Text from the handbook as inert Markdown: one line, no markup, no pings or links."""
    escaped = printable(text).translate(_MARKDOWN_SPECIAL)
    return _PINGS.sub(lambda m: m.group() + _JOINER, escaped)


def _code(text: str) -> str:
    """Text for a code span: one line, no backtick that could close it."""
    return printable(text).replace("`", "'")


def render_json(diff: RevisionDiff, display: Display) -> str:
    """The same summary as JSON for tools; confidential interviews only counted."""
    document = {
        "base": diff.base,
        "head": diff.head,
        "personas": [_file_json(f, display) for f in diff.of_kind("persona")],
        "segments": [_file_json(f, display) for f in diff.of_kind("segment")],
        "interviews": [_file_json(f, display) for f in diff.of_kind("interview")],
        "confidential_interviews": diff.private_count,
        "statistics": [asdict(m) for m in diff.stats],
        "notes": list(diff.notes),
    }
    return jsontext.dumps(document, indent=2, default=str) + "\n"


def _file_json(f: FileDiff, display: Display) -> dict[str, Any]:
    return {
        "id": f.id, "path": f.path, "old_path": f.old_path, "action": f.action,
        "title": f.title, "segment": f.segment, "changes": describe(f, display),
        "fields": [asdict(c) for c in f.fields], "narrative_edited": f.body_changed,
    }


RENDERERS = {"markdown": render_markdown, "json": render_json}

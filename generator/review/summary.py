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
from generator.history.files import (
    NARRATIVE,
    FileDiff,
    file_diff,
    read_revisions,
    split_weak_renames,
)
from generator.history.git import (
    HANDBOOK_PATHSPEC,
    git,
    history_unavailable,
    parse_raw,
    resolve,
)
from generator.review.statsmoves import StatMove, StatsFunction, compare_stats, stats_at

MARKER = "<!-- persona-handbook-diff -->"
_LABELS = {"created": "added", "deleted": "removed", "moved": "moved", "renamed": "renamed",
           "modified": "changed"}
_ACTION_ORDER = list(_LABELS)
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
    files = [file_diff(e, revisions.get(e.old_blob or ""), revisions.get(e.new_blob or ""))
             for e in entries]
    moves, notes = _stats(root, base_id, head_id, stats) if stats else ([], [])
    return RevisionDiff(base, head, tuple(f for f in files if f is not None),
                        tuple(moves), tuple(notes))


def _stats(root: Path, base: str, head: str,
           compute: StatsFunction) -> tuple[list[StatMove], list[str]]:
    before, after = stats_at(root, base, compute), stats_at(root, head, compute)
    if isinstance(before, str) or isinstance(after, str):
        return [], [f"statistics not compared: {before if isinstance(before, str) else after}"]
    return compare_stats(before, after), []


def render_markdown(diff: RevisionDiff) -> str:
    """A pull-request comment: hidden marker, heading, one section per kind of change."""
    out = [MARKER, f"### Persona handbook: `{_code(diff.base)}` → `{_code(diff.head)}`", ""]
    sections = [
        ("Personas", _file_items(diff.of_kind("persona"))),
        ("Segments", _file_items(diff.of_kind("segment"))),
        ("Interviews", _file_items(diff.of_kind("interview")) + _private_items(diff)),
        ("Statistics that moved", [f"- {_escape(m.as_text())}" for m in diff.stats]),
    ]
    if not any(items for _, items in sections):
        out += ["No changes to personas, segments, interviews or statistics.", ""]
    for title, items in sections:
        if items:
            out += [f"#### {title}", "", *items, ""]
    out += [f"_{_escape(note)}_" for note in diff.notes]
    return "\n".join(out).rstrip("\n") + "\n"


def _file_items(files: list[FileDiff]) -> list[str]:
    items = []
    for f in files:
        title = f" {_escape(f.title)}" if f.title else ""
        if f.kind == "persona" and f.action == "created":
            title += f" in `{_code(f.segment or '')}`"
        items.append(f"- **{_LABELS[f.action]}** `{_code(f.id)}`{title}")
        details = [_escape(n) for n in f.notes if n not in ("created", "deleted")]
        details += [f"`{_code(c.path)}`: {_escape(c.what())}" for c in f.fields]
        details += [NARRATIVE] if f.body_changed else []
        items += [f"  - {detail}" for detail in details]
    return items


def _private_items(diff: RevisionDiff) -> list[str]:
    count = diff.private_count
    if not count:
        return []
    noun = "interview" if count == 1 else "interviews"
    return [f"- {count} confidential {noun} added, changed or removed (not shown)"]


def _escape(text: str) -> str:
    """Text from the handbook as inert Markdown: one line, no markup, no pings or links."""
    escaped = printable(text).translate(_MARKDOWN_SPECIAL)
    return _PINGS.sub(lambda m: m.group() + _JOINER, escaped)


def _code(text: str) -> str:
    """Text for a code span: one line, no backtick that could close it."""
    return printable(text).replace("`", "'")


def render_json(diff: RevisionDiff) -> str:
    """The same summary as JSON for tools; confidential interviews only counted."""
    document = {
        "base": diff.base,
        "head": diff.head,
        "personas": [_file_json(f) for f in diff.of_kind("persona")],
        "segments": [_file_json(f) for f in diff.of_kind("segment")],
        "interviews": [_file_json(f) for f in diff.of_kind("interview")],
        "confidential_interviews": diff.private_count,
        "statistics": [asdict(m) for m in diff.stats],
        "notes": list(diff.notes),
    }
    return jsontext.dumps(document, indent=2, default=str) + "\n"


def _file_json(f: FileDiff) -> dict[str, Any]:
    return {
        "id": f.id, "path": f.path, "old_path": f.old_path, "action": f.action,
        "title": f.title, "segment": f.segment, "changes": f.lines(),
        "fields": [asdict(c) for c in f.fields], "narrative_edited": f.body_changed,
    }


RENDERERS = {"markdown": render_markdown, "json": render_json}

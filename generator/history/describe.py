"""Change records in words, in the handbook's language: the one renderer of history.

The site's change lists, What's new, the Atom feed and the pull-request
comment all describe a file's change through `describe`, so a field reads
as 价格敏感度 (not `purchasing_power.price_sensitivity`) everywhere.
"""

from __future__ import annotations

from generator.content.gate import holds_personal_data
from generator.history.fields import FieldChange
from generator.history.files import FileDiff, Note
from generator.stats.display import Display

SHOWN_CHARACTERS = 160


def describe(diff: FileDiff, display: Display) -> list[str]:
    """What happened to one file: notes, then each field, then "narrative edited"."""
    lines = [note_text(note, display) for note in diff.notes]
    lines += [field_text(change, display) for change in diff.fields]
    if diff.body_changed:
        lines.append(display.word("change_narrative"))
    return lines


def details(diff: FileDiff, display: Display) -> list[str]:
    """`describe` without the bare "created"/"deleted" notes (the action says it already)."""
    notes = [n for n in diff.notes if n.kind not in ("created", "deleted")]
    return [note_text(n, display) for n in notes] + describe(
        FileDiff(diff.path, diff.old_path, diff.kind, diff.id, diff.action, diff.title,
                 diff.fields, (), diff.body_changed, diff.private, diff.segment), display)


def note_text(note: Note, display: Display) -> str:
    """`moved from segment a to b`, `从细分 a 移到 b`."""
    return display.word(f"change_{note.kind}", old=note.old or "", new=note.new or "")


def field_text(change: FieldChange, display: Display) -> str:
    """`价格敏感度: 中 → 高`, `Pain points: + queues`, `Goals: reordered`; a field that ever
    held personal data shows as changed, without its values."""
    if change.withheld:
        return display.word("change_field_withheld", field=display.field(change.path))
    return display.word(f"change_field_{change.kind}", field=display.field(change.path),
                        old=shown(change.old, display, change.path),
                        new=shown(change.new, display, change.path))


def subject_text(subject: str, display: Display) -> str:
    """A commit message as published: withheld when it holds personal data."""
    return display.word("subject_withheld") if holds_personal_data(subject) else subject


def outline_text(key: str, value: object, display: Display) -> str:
    """`状态：草稿` for what a new file is at a glance."""
    if holds_personal_data(value):
        return display.word("change_field_withheld", field=display.field(key))
    return display.word("change_field_value", field=display.field(key),
                        new=shown(value, display, key))


def shown(value: object, display: Display, path: str = "",
          limit: int = SHOWN_CHARACTERS) -> str:
    """A value as one short line of text (lists joined, long text cut with …)."""
    text = display.field_value(path, value)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"

"""What changed in one handbook file between two revisions, in words.

A revision is read the way the loader reads a file (front matter split,
safe YAML) but never raises: a revision whose front matter does not parse is
shown as such. Renames are read from the paths: a persona file that moved to
another segment folder "moved from segment A to B".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from generator.content import yamlsafe
from generator.content.discovery import ContentRef, content_ref
from generator.content.gate import holds_personal_data
from generator.content.lines import normalise_newlines
from generator.content.loading import (
    DEFAULT_MAX_BYTES,
    Kind,
    split_front_matter,
)
from generator.content.model import is_publishable
from generator.content.problems import Problem
from generator.history.fields import FieldChange, diff_data
from generator.history.git import RawEntry, read_blobs

Action = Literal["created", "modified", "moved", "renamed", "deleted"]
NoteKind = Literal["created", "deleted", "moved_segment", "renamed", "moved_path",
                   "unparsed", "reformatted", "parses_again"]


@dataclass(frozen=True)
class Note:
    """A change to a file as a whole (created, moved, renamed, …), with the old and new names."""

    kind: NoteKind
    old: str | None = None
    new: str | None = None


@dataclass(frozen=True)
class Revision:
    """One version of a content file: its front matter (None if it did not parse) and body."""

    data: dict[str, Any] | None
    body: str = ""
    yaml_text: str = ""


def parse_revision(rel: str, raw: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> Revision:
    """Front matter and body of a file's bytes; `data` is None when unusable."""
    try:
        text = normalise_newlines(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return Revision(None)
    split = split_front_matter(rel, text)
    if len(raw) > max_bytes or isinstance(split, Problem):
        return Revision(None)
    yaml_text, _, body = split
    value, _ = yamlsafe.parse(yaml_text)
    return Revision(value if isinstance(value, dict) else None, body, yaml_text)


def read_revisions(root: Path, entries: Iterable[RawEntry],
                   max_bytes: int = DEFAULT_MAX_BYTES) -> dict[str, Revision]:
    """Both sides of every entry, by blob id: read in one batch, each blob parsed once."""
    blob_ids = {b for e in entries for b in (e.old_blob, e.new_blob) if b}
    return {i: parse_revision("", raw, max_bytes)
            for i, raw in read_blobs(root, blob_ids).items()}


@dataclass(frozen=True)
class FileDiff:
    """One file's change between two revisions: what happened, and each field that moved."""

    path: str
    old_path: str | None
    kind: Kind
    id: str
    action: Action
    title: str | None
    fields: tuple[FieldChange, ...]
    notes: tuple[Note, ...]
    body_changed: bool
    private: bool
    segment: str | None = None
    outline: tuple[tuple[str, Any], ...] = ()


RENAME_MIN_SIMILARITY = 90


def split_weak_renames(entries: list[RawEntry]) -> list[RawEntry]:
    """Renames that change a file's id, unless nearly identical, as a removal plus an addition.

    Ids name personas: a new id with different content is a new persona that
    git paired with a removed one because both follow the same template.
    Copies are additions.
    """
    kept = []
    for e in entries:
        weak = (e.status == "R" and e.similarity < RENAME_MIN_SIMILARITY
                and _ref_id(e.old_path) != _ref_id(e.new_path))
        if weak:
            kept.append(RawEntry("D", e.old_blob, None, e.old_path, None))
        if weak or e.status == "C":
            kept.append(RawEntry("A", None, e.new_blob, None, e.new_path))
        else:
            kept.append(e)
    return kept


def _ref_id(path: str | None) -> str | None:
    ref = content_ref(path)
    return ref.id if ref else None


def file_diff(entry: RawEntry, old: Revision | None, new: Revision | None,
              baseline: Revision | None = None) -> FileDiff | None:
    """The change of one `--raw` entry; `baseline` stands in for an old side that did not parse.

    None when the entry is not a content file or nothing visible changed.
    """
    old_ref, new_ref = content_ref(entry.old_path), content_ref(entry.new_path)
    ref = new_ref or old_ref
    if ref is None:
        return None
    action, notes = _action(entry, old_ref, new_ref)
    before = old if old is not None and old.data is not None else baseline
    fields: list[FieldChange] = []
    body_changed = False
    if action not in ("created", "deleted") and new is not None and before is not None:
        fields, body_changed = _compare(before, new)
    if new is not None and new.data is None:
        notes.append(Note("unparsed"))
    elif not (notes or fields or body_changed):
        if old is not None and old.data is None:
            notes.append(Note("parses_again"))
        elif old is None or new is None or old.yaml_text == new.yaml_text:
            return None
        else:
            notes.append(Note("reformatted"))
    sides = [r.data for r in (new, old, baseline) if r is not None and r.data is not None]
    outline = _outline(new.data if new is not None and action == "created" else None)
    return FileDiff(
        entry.path, entry.old_path if entry.old_path != entry.path else None, ref.kind, ref.id,
        action, next((str(d["name"]) for d in sides if d.get("name")), None), tuple(fields),
        tuple(notes), body_changed, ref.kind == "interview" and _private(sides), ref.segment,
        outline)


OUTLINE_KEYS = ("status", "tagline", "summary")


def _outline(data: dict[str, Any] | None) -> tuple[tuple[str, Any], ...]:
    """What a new file is about at a glance: its status, tagline or summary."""
    return tuple((key, data[key]) for key in OUTLINE_KEYS if data and data.get(key))


def _compare(before: Revision, new: Revision) -> tuple[list[FieldChange], bool]:
    both = (before.data is not None and new.data is not None
            and before.yaml_text != new.yaml_text)
    fields = diff_data(before.data or {}, new.data or {}) if both else []
    # Without a front matter block there is no body to compare either.
    split = new.data is not None or bool(new.yaml_text)
    return fields, split and new.body != before.body


def _action(entry: RawEntry, old: ContentRef | None, new: ContentRef | None
            ) -> tuple[Action, list[Note]]:
    if old is None:
        return "created", [Note("created")]
    if new is None:
        return "deleted", [Note("deleted")]
    notes: list[Note] = []
    if old.kind == "persona" and old.segment != new.segment:
        notes.append(Note("moved_segment", old.segment, new.segment))
    if old.id != new.id:
        notes.append(Note("renamed", old.id, new.id))
    elif not notes and entry.old_path != entry.new_path:
        notes.append(Note("moved_path", entry.old_path))
    action: Action = "moved" if notes[:1] and notes[0].kind.startswith("moved") else "renamed"
    return (action, notes) if notes else ("modified", notes)


def _private(sides: list[dict[str, Any]]) -> bool:
    """Confidential, or without consent, in any revision (or in none that parsed)."""
    return not sides or any(
        not is_publishable(d.get("consent"), d.get("confidential")) for d in sides)


def withhold_personal_data(diffs: list[FileDiff]) -> list[FileDiff]:
    """The diffs of one file with every field that ever held personal data withheld.

    A field is withheld in every change once any revision of it held personal
    data, so removing a phone number never republishes it as the old value.
    """
    tainted = {c.path for d in diffs for c in d.fields
               if holds_personal_data(c.old) or holds_personal_data(c.new)}
    if not tainted:
        return diffs
    return [replace(d, fields=tuple(replace(c, withheld=True) if c.path in tainted else c
                                    for c in d.fields)) for d in diffs]

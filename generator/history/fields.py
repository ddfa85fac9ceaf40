"""Field-level, semantic differences between two revisions of one front matter mapping.

"status: draft → active", "pain_points: + 门店早高峰排队超过 10 分钟",
"buying.triggers: − old item": what a reviewer wants to read instead of a
line diff of YAML. Lists are compared as multisets (an edited item shows as
one removal and one addition; a pure reordering as "reordered"), mappings
key by key, with nested keys joined by dots.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

FieldKind = Literal["added", "removed", "changed", "reordered"]
_MISSING: Any = object()


@dataclass(frozen=True)
class FieldChange:
    """One changed value: a key or list item added or removed, a value replaced, a list
    reordered. `path` is the dotted key path (`buying.triggers`)."""

    kind: FieldKind
    path: str
    old: Any = None
    new: Any = None
    withheld: bool = False


def diff_data(old: Mapping[str, Any], new: Mapping[str, Any],
              prefix: str = "") -> list[FieldChange]:
    """Every difference between two mappings, in the order of the new one's keys."""
    keys = list(new) + [k for k in old if k not in new]
    changes: list[FieldChange] = []
    for key in keys:
        changes += diff_value(f"{prefix}{key}", old.get(key, _MISSING), new.get(key, _MISSING))
    return changes


def diff_value(path: str, old: Any, new: Any) -> list[FieldChange]:
    """Differences at one key path; a missing side counts as an empty mapping or list."""
    if _same(old, new):
        return []
    if _is(old, dict) and _is(new, dict):
        return diff_data(_or(old, {}), _or(new, {}), f"{path}.")
    if _is(old, list) and _is(new, list):
        return diff_list(path, _or(old, []), _or(new, []))
    if old is _MISSING:
        return [FieldChange("added", path, new=new)]
    if new is _MISSING:
        return [FieldChange("removed", path, old=old)]
    return [FieldChange("changed", path, old, new)]


def diff_list(path: str, old: Sequence[Any], new: Sequence[Any]) -> list[FieldChange]:
    """Items removed, then items added (duplicates counted); "reordered" when only order moved."""
    removed = _unmatched(old, new)
    added = _unmatched(new, old)
    if not removed and not added:
        return [FieldChange("reordered", path, list(old), list(new))]
    return ([FieldChange("removed", path, old=item) for item in removed]
            + [FieldChange("added", path, new=item) for item in added])


def _unmatched(items: Sequence[Any], others: Sequence[Any]) -> list[Any]:
    left = Counter(_canonical(o) for o in others)
    unmatched = []
    for item in items:
        key = _canonical(item)
        if left[key]:
            left[key] -= 1
        else:
            unmatched.append(item)
    return unmatched


def _canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _same(old: Any, new: Any) -> bool:
    # 1 == True in Python; a value that turned from `1` into `true` did change.
    if type(old) is not type(new) or old != new:
        return False
    if isinstance(old, dict):
        return all(_same(value, new[key]) for key, value in old.items())
    if isinstance(old, list):
        return all(_same(a, b) for a, b in zip(old, new, strict=True))
    return True


def _is(value: Any, kind: type) -> bool:
    return value is _MISSING or isinstance(value, kind)


def _or(value: Any, empty: Any) -> Any:
    return empty if value is _MISSING else value

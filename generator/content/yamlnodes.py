"""Where things are in a YAML text: its node tree, with the line and column of each node.

Problems name the line of a key path (`node_at`, `key_node_at`) and the key path of a
line (`path_at_line`); the tree is composed only when a problem needs a position.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml

from generator.content.lines import shield, unshield
from generator.content.yamlsafe import BaseLoader


def compose(text: str) -> yaml.Node | None:
    """The node tree of a document (with positions), or None when it does not parse.

    Scalar values keep the stand-ins of `shield`; `unshield` them to show them.
    """
    try:
        return yaml.compose(shield(text), Loader=BaseLoader)
    except yaml.YAMLError:
        return None


def node_at(root: yaml.Node | None, parts: Sequence[str | int]) -> tuple[yaml.Node | None, bool]:
    """The node at a key path, or its deepest existing ancestor (second value False)."""
    node = root
    for part in parts:
        child = _child(node, part)
        if child is None:
            return node, False
        node = child
    return node, True


def key_node_at(root: yaml.Node | None, parts: Sequence[str | int]) -> yaml.Node | None:
    """The key node of the last string part in a key path (for unknown or duplicate keys)."""
    if not parts or not isinstance(parts[-1], str):
        return None
    parent, found = node_at(root, parts[:-1])
    if not found or not isinstance(parent, yaml.MappingNode):
        return None
    return next((k for k, _ in parent.value if _key(k) == parts[-1]), None)


def _key(node: yaml.Node) -> Any:
    value = getattr(node, "value", None)
    return unshield(value) if isinstance(value, str) else value


def _child(node: yaml.Node | None, part: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode) and isinstance(part, str):
        return next((v for k, v in reversed(node.value) if _key(k) == part), None)
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return node.value[part]
    return None


def path_at_line(root: yaml.Node | None, line: int) -> list[str | int]:
    """Key path of the deepest node spanning a 0-based line of the YAML text."""
    path: list[str | int] = []
    node = root
    while node is not None:
        found = next(((part, child) for part, start, child in _children(node)
                      if start <= line <= _last_line(child)), None)
        if found is None:
            break
        path.append(found[0])
        node = found[1]
    return path


def _children(node: yaml.Node) -> list[tuple[str | int, int, yaml.Node]]:
    """(key or index, first line, value node) for each child of a collection node."""
    if isinstance(node, yaml.MappingNode):
        return [(str(_key(k)), k.start_mark.line, v) for k, v in node.value
                if isinstance(k, yaml.ScalarNode)]
    if isinstance(node, yaml.SequenceNode):
        return [(i, v.start_mark.line, v) for i, v in enumerate(node.value)]
    return []


def _last_line(node: yaml.Node) -> int:
    if isinstance(node, yaml.ScalarNode):
        end = int(node.end_mark.line)
        # Block scalars end at column 0 of the line after their text.
        return end - 1 if node.end_mark.column == 0 and end > node.start_mark.line else end
    children = _children(node)
    return _last_line(children[-1][2]) if children else int(node.start_mark.line)

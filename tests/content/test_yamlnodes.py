"""Positions in a YAML text: the key path of a line, the node of a key path."""

from __future__ import annotations

from generator.content import yamlnodes

TEXT = "name: x\nbuying:\n  triggers:\n    - a\n    - b\n  cycle: c\n"


def test_path_at_line_finds_the_deepest_value() -> None:
    tree = yamlnodes.compose(TEXT)
    assert yamlnodes.path_at_line(tree, 4) == ["buying", "triggers", 1]
    assert yamlnodes.path_at_line(tree, 5) == ["buying", "cycle"]


def test_node_at_a_key_path_or_its_deepest_ancestor() -> None:
    tree = yamlnodes.compose(TEXT)
    node, found = yamlnodes.node_at(tree, ["buying", "cycle"])
    assert found and node is not None and node.start_mark.line == 5
    node, found = yamlnodes.node_at(tree, ["buying", "budget"])
    assert not found and node is not None and node.start_mark.line == 2
    key = yamlnodes.key_node_at(tree, ["buying", "triggers"])
    assert key is not None and (key.start_mark.line, key.start_mark.column) == (2, 2)


def test_a_text_that_does_not_parse_has_no_tree() -> None:
    assert yamlnodes.compose("name: [x\n") is None

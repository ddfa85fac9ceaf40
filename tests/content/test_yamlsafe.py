"""The YAML layer: duplicate keys, dates kept as text, alias bombs, YAML 1.1 types."""

from __future__ import annotations

import tracemalloc
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content import yamlsafe


def billion_laughs(levels: int) -> str:
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(levels):
        name, previous = chr(98 + i), chr(97 + i)
        lines.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_without_expanding_it() -> None:
    tracemalloc.start()
    value, issues = yamlsafe.parse(billion_laughs(12))  # 9**13 values if expanded
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert value is None
    assert [i.code for i in issues] == ["yaml.alias-bomb"]
    assert peak < 20_000_000


def test_a_few_aliases_are_fine() -> None:
    value, issues = yamlsafe.parse("base: &b [x, y]\nagain: *b\n")
    assert issues == []
    assert value == {"base": ["x", "y"], "again": ["x", "y"]}


def test_dates_stay_as_written_even_when_impossible() -> None:
    value, issues = yamlsafe.parse("ok: 2026-09-01\nbad: 2026-13-45\n")
    assert value == {"ok": "2026-09-01", "bad": "2026-13-45"}
    assert issues == []


def test_duplicate_keys_are_reported_with_their_line() -> None:
    _, issues = yamlsafe.parse("name: a\ntags: [x]\nname: b\n")
    assert [(i.line, i.code) for i in issues] == [(2, "yaml.duplicate-key")]


def test_non_text_keys_are_reported() -> None:
    value, issues = yamlsafe.parse("yes: 1\n")
    assert value == {"yes": 1}
    assert issues[0].message == "key `yes` is read as the boolean true, not as text"


def test_syntax_error_has_parser_line() -> None:
    value, issues = yamlsafe.parse("name: x\ntagline: a: b\n")
    assert value is None
    assert (issues[0].line, issues[0].code) == (1, "yaml.syntax")


def test_loader_name_says_which_parser_runs() -> None:
    assert yamlsafe.LOADER_NAME in {"libyaml CSafeLoader", "pure-Python SafeLoader"}


class _ReferenceLoader(yaml.SafeLoader):
    """PyYAML's own pure-Python safe loader, dates kept as written (as yamlsafe keeps them)."""


_ReferenceLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: str(node.value))

# Plain scalars whose YAML 1.1 type is easy to get wrong, and ordinary text.
_TRICKY = ["yes", "No", "on", "OFF", "y", "n", "~", "null", "Null", "", "true", "FALSE",
           "0x1F", "0o17", "017", "0b101", "1_000", "190:20:30", "-1.5e3", ".inf", "-.Inf",
           ".nan", "1.", "+12", "2026-11-27", "2026-11-27 10:00:00", "=", "<<", "3.0",
           "价格敏感", "name", "12岁", "a b c"]
_SCALAR = st.one_of(st.sampled_from(_TRICKY),
                    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
                            max_size=12))
_VALUE = st.recursive(_SCALAR, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(_SCALAR, inner, max_size=4)), max_leaves=12)


def _reference(text: str) -> Any:
    try:
        return yaml.load(text, Loader=_ReferenceLoader)
    except (yaml.YAMLError, TypeError):
        return None


@settings(max_examples=300, deadline=None)
@given(_VALUE, st.booleans())
def test_values_are_those_of_pyyaml_safe_loading(value: Any, plain: bool) -> None:
    """Plain and quoted scalars, nested lists and mappings resolve to the same values (and
    types) as PyYAML's reference loader gives; only non-text keys differ, as issues."""
    text = yaml.safe_dump({"doc": value}, allow_unicode=True, default_style=None if plain
                          else '"')
    if not plain:
        text = text.replace('"', "")  # every scalar unquoted: YAML 1.1 types them
    expected = _reference(text)
    if expected is None:
        return
    parsed, issues = yamlsafe.parse(text)
    if any(i.code in ("yaml.key-type", "yaml.syntax") for i in issues):
        return
    assert parsed == expected
    assert _types(parsed) == _types(expected)


def _types(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _types(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_types(v) for v in value]
    return type(value).__name__


def test_merge_keys_and_anchors_build_as_pyyaml_builds_them() -> None:
    text = ("base: &b {tier: gold, seats: 5}\nteam:\n  <<: *b\n  seats: 8\n"
            "names: &n [a, 'yes', yes]\nagain: *n\nwhen: 2026-01-02\n")
    value, issues = yamlsafe.parse(text)
    assert issues == []
    assert value == _reference(text)
    assert value["team"] == {"tier": "gold", "seats": 8}
    assert value["names"] == ["a", "yes", True]

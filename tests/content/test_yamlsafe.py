"""The YAML layer: duplicate keys, dates kept as text, alias bombs, positions."""

from __future__ import annotations

import tracemalloc

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


def test_path_at_line_finds_the_deepest_value() -> None:
    tree = yamlsafe.compose("name: x\nbuying:\n  triggers:\n    - a\n    - b\n  cycle: c\n")
    assert yamlsafe.path_at_line(tree, 4) == ["buying", "triggers", 1]
    assert yamlsafe.path_at_line(tree, 5) == ["buying", "cycle"]


def test_loader_name_says_which_parser_runs() -> None:
    assert yamlsafe.LOADER_NAME in {"libyaml CSafeLoader", "pure-Python SafeLoader"}

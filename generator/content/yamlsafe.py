"""Safe, fast YAML parsing with located problems.

Uses libyaml's C parser where present (about nine times faster than the
pure-Python one), refuses duplicate keys, bounds alias expansion so that a
"billion laughs" file fails fast, and keeps dates as their written text so
that an impossible date such as 2026-13-45 is reported rather than raised.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from typing import Any

import yaml

from generator.content.lines import shield, unshield

# libyaml's C parser where present, PyYAML's pure-Python one otherwise.
BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
LOADER_NAME = (
    "libyaml CSafeLoader" if BaseLoader is not yaml.SafeLoader else "pure-Python SafeLoader"
)

MAX_EXPANDED_VALUES = 100_000


@dataclass(frozen=True)
class YamlIssue:
    """A problem found while parsing: 0-based line and column within the YAML text."""

    line: int
    column: int
    key_path: str
    message: str
    hint: str = ""
    code: str = "yaml"


_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_SIMPLE = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null",
           "tag:yaml.org,2002:float"}


@functools.lru_cache(maxsize=65_536)
def _plain_scalar_tag(value: str) -> str:
    """The tag YAML 1.1 gives an unquoted scalar (int, bool, null, float, timestamp, merge or
    text): one regular-expression pass per distinct text, as keys and values repeat across
    files."""
    return str(yaml.resolver.Resolver.resolve(BaseLoader, yaml.ScalarNode, value,
                                              (True, False)))


class _Loader(BaseLoader):
    """Safe loader that builds values straight from libyaml's nodes.

    PyYAML's generic constructor costs more than parsing; content files use
    plain mappings, lists and scalars, which are built here directly, text
    values without a call of their own. Other tags (merge keys, !!binary,
    !!set) go through PyYAML's safe constructor. Duplicate and non-text keys
    are recorded as issues instead of guessed at.
    """

    def __init__(self, stream: str, track_aliases: bool = False) -> None:
        super().__init__(stream)
        self.issues: list[YamlIssue] = []
        self.alias_hits = 0
        self._built: dict[int, Any] | None = {} if track_aliases else None
        self._may_merge = "<<" in stream

    # libyaml's composer asks these for every node; content files use no path resolvers,
    # so a tag depends only on the node's kind and, for a plain scalar, its text.
    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            return _plain_scalar_tag(value) if implicit[0] else _STR
        return _MAP if kind is yaml.MappingNode else _SEQ

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None

    def construct_document(self, node: yaml.Node) -> Any:
        return self._build(node)

    def _build(self, node: yaml.Node) -> Any:
        if self._built is not None and id(node) in self._built:
            self.alias_hits += 1
            return self._built[id(node)]
        tag = node.tag
        if tag in (_STR, _TIMESTAMP):
            value: Any = node.value
        elif tag == _MAP and not (self._may_merge and any(k.tag == _MERGE for k, _ in node.value)):
            value = self._build_mapping(node)  # type: ignore[arg-type]
        elif tag == _SEQ:
            inline = self._built is None
            value = [item.value if inline and item.tag == _STR else self._build(item)
                     for item in node.value]
        elif tag in _SIMPLE:
            value = self.yaml_constructors[tag](self, node)
        else:
            value = self.construct_object(node, deep=True)
        if self._built is not None:
            self._built[id(node)] = value
        return value

    def _build_mapping(self, node: yaml.MappingNode) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        # Text needs no call of its own, unless anchors are about (each value is then counted).
        inline = self._built is None
        for key_node, value_node in node.value:
            key = key_node.value if inline and key_node.tag == _STR else self._build(key_node)
            if not isinstance(key, str):
                key = self._text_key(key_node, key)
            elif key in mapping:
                self._issue(key_node, f"duplicate key `{key}`: it is already set above in the "
                            "same mapping, and only one value can count",
                            "keep one of the two entries (merge their values if both matter)",
                            "yaml.duplicate-key")
            mapping[key] = (value_node.value if inline and value_node.tag == _STR
                            else self._build(value_node))
        return mapping

    def _text_key(self, key_node: yaml.Node, key: Any) -> str:
        scalar = isinstance(key_node, yaml.ScalarNode)
        text = str(key_node.value) if scalar else "(a list or mapping)"
        self._issue(key_node, f"key `{text}` is read as {_yaml_type(key)}, not as text",
                    f'write the key in quotes: "{text}":', "yaml.key-type")
        return text

    def _issue(self, node: yaml.Node, message: str, hint: str, code: str) -> None:
        mark = node.start_mark
        self.issues.append(YamlIssue(mark.line, mark.column, str(node.value), message, hint, code))


def _keep_written_text(loader: _Loader, node: yaml.ScalarNode) -> str:
    return str(node.value)


_Loader.add_constructor(_TIMESTAMP, _keep_written_text)


def _yaml_type(value: object) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if value is None:
        return "null (no value)"
    return type(value).__name__


def expands_beyond(value: Any, budget: int = MAX_EXPANDED_VALUES) -> bool:
    """True when walking the value (aliases expanded) visits more than `budget` values."""
    stack = [value]
    count = 0
    while stack:
        item = stack.pop()
        count += 1
        if count > budget:
            return True
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def parse(text: str) -> tuple[Any, list[YamlIssue]]:
    """Parse one YAML document. Never raises on bad content: issues say what went wrong."""
    shielded = shield(text)
    if shielded is not text:
        value, issues = _parse(shielded)
        return unshield(value), [replace(i, key_path=unshield(i.key_path), message=unshield(
            i.message), hint=unshield(i.hint)) for i in issues]
    return _parse(text)


def _parse(text: str) -> tuple[Any, list[YamlIssue]]:
    loader = _Loader(text, track_aliases="&" in text)
    try:
        value = loader.get_single_data()
    except RecursionError:
        return None, [YamlIssue(0, 0, "$", "an alias (*name) refers to itself",
                                "write the values out instead", "yaml.alias-bomb")]
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_issue(exc)]
    except yaml.YAMLError as exc:
        return None, [YamlIssue(0, 0, "$", f"YAML error: {exc}", code="yaml.syntax")]
    finally:
        loader.dispose()
    issues = list(loader.issues)
    if loader.alias_hits and expands_beyond(value):
        issues.append(
            YamlIssue(
                0, 0, "$",
                f"aliases (*name) expand to more than {MAX_EXPANDED_VALUES:,} values; "
                "refusing a file that would take this much memory",
                "write the values out instead of repeating anchors",
                "yaml.alias-bomb",
            )
        )
        value = None
    return value, issues


_SYNTAX_HINTS = {
    "mapping values are not allowed": "a value contains ': ' — put the whole value in quotes",
    "found character '\\t'": "indent with spaces, never tabs",
    "could not find expected ':'": "each line needs `key: value`; check the line above for a "
    "missing colon or an unclosed quote",
    "found undefined alias": "an `*alias` refers to an `&anchor` that is not defined above",
    "expected <block end>": "check the indentation: items of one list or mapping line up",
    "found unknown escape character": "inside double quotes a backslash starts an escape; "
    "use single quotes or write \\\\",
    "could not determine a constructor": "custom YAML tags (!something) are not allowed",
}


def _syntax_issue(exc: yaml.MarkedYAMLError) -> YamlIssue:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "invalid YAML"
    message = f"YAML syntax error: {problem}"
    if exc.context:
        message += f" ({exc.context})"
    hint = next((h for key, h in _SYNTAX_HINTS.items() if key in message), "")
    line, column = (mark.line, mark.column) if mark is not None else (0, 0)
    return YamlIssue(line, column, "$", message, hint, "yaml.syntax")

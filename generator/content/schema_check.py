"""Schema checks of a parsed file, in words a non-programmer can act on."""

from __future__ import annotations

import difflib
import math
import re
from typing import Any

from generator.content import schemas, yamlnodes
from generator.content.lines import unshield
from generator.content.loading import LoadedFile, format_path
from generator.content.problems import Problem

_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list (lines starting with `- `)",
    "object": "a set of `key: value` lines",
    "null": "nothing",
}
# How YAML spells a number that is not finite: .nan, .inf, or an exponent past 1e308.
_MAYBE_NON_FINITE = re.compile(r"\.(?:nan|inf)|\d[eE]\+?\d{3}", re.IGNORECASE)
_YAML_11_WORDS = {"yes", "no", "on", "off", "y", "n", "true", "false"}


def did_you_mean(word: str, choices: list[str]) -> str:
    """`did you mean `x`?` for the closest choice, or '' when none is close."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else ""


def check_schema(loaded: LoadedFile, schema_name: str) -> list[Problem]:
    """Every schema violation in the file's front matter, located and explained.

    Numbers that are not finite (`.nan`, `.inf`) are reported first and kept
    from the schema check (which would read them as nothing).
    """
    odd = non_finite(loaded.data) if _MAYBE_NON_FINITE.search(loaded.front_matter_text()) else []
    problems = [_problem(loaded, parts, f"`{_raw_text(loaded, parts) or value}` is not a number "
                         "a handbook can use (not a number, or infinite)",
                         "write a finite number such as 7, or remove the key",
                         "schema.not-finite") for parts, value in odd]
    removed = [parts for parts, _ in odd]
    data = _without(loaded.data, removed) if odd else loaded.data
    try:
        errors = [e for e in schemas.validator(schema_name).iter_errors(data)
                  if not _about_removed(e, removed)]
    except ValueError as exc:
        return [_problem(loaded, [], f"a value has a type YAML allows but a handbook does not "
                                     f"({exc})", "use only text, numbers, dates, lists and "
                                     "mappings", "schema.type")]
    for error in errors:
        problems.extend(_translate(loaded, schema_name, error))
    return problems


def non_finite(value: Any, parts: tuple[str | int, ...] = ()
               ) -> list[tuple[list[str | int], float]]:
    """Key paths (and values) of the numbers in a parsed value that are NaN or infinite."""
    if isinstance(value, float):
        return [] if math.isfinite(value) else [(list(parts), value)]
    if isinstance(value, dict):
        return [found for k, v in value.items() for found in non_finite(v, (*parts, str(k)))]
    if isinstance(value, list):
        return [found for i, v in enumerate(value) for found in non_finite(v, (*parts, i))]
    return []


def _about_removed(error: Any, removed: list[list[str | int]]) -> bool:
    """A `required` error for a key that is there but was held back as not finite."""
    if not removed or type(error.kind).__name__ != "Required":
        return False
    return [*error.instance_path, error.kind.property] in removed


def _without(value: Any, paths: list[list[str | int]], at: tuple[str | int, ...] = ()) -> Any:
    """A copy of the value without the entries at `paths`."""
    if isinstance(value, dict):
        return {k: _without(v, paths, (*at, k)) for k, v in value.items()
                if [*at, k] not in paths}
    if isinstance(value, list):
        return [_without(v, paths, (*at, i)) for i, v in enumerate(value) if [*at, i] not in paths]
    return value


def _problem(loaded: LoadedFile, parts: list[str | int], message: str, hint: str, code: str,
             at_key: bool = False) -> Problem:
    line, column = loaded.position(parts, at_key=at_key)
    return Problem(loaded.source.rel, line, column, format_path(parts), message, hint,
                   code=code)


def _translate(loaded: LoadedFile, schema_name: str, error: Any) -> list[Problem]:
    parts: list[str | int] = list(error.instance_path)
    kind = type(error.kind).__name__
    rule = schemas.subschema(schema_name, parts)
    value = error.instance
    if kind == "Required":
        key = error.kind.property
        about = schemas.subschema(schema_name, [*parts, key]).get("description", "")
        hint = f"add a line `{key}: …`" + (f" ({about})" if about else "")
        return [_problem(loaded, parts, f"missing required key `{key}`", hint, "schema.required")]
    if kind == "AdditionalProperties":
        allowed = sorted(rule.get("properties", {}))
        return [
            _problem(loaded, [*parts, key], f"unknown key `{key}`",
                     did_you_mean(key, allowed) or "allowed keys here: " + ", ".join(allowed),
                     "schema.unknown-key", at_key=True)
            for key in error.kind.unexpected
        ]
    handler = _HANDLERS.get(kind)
    if handler is None:
        return [_problem(loaded, parts, error.message, rule.get("description", ""),
                         f"schema.{kind.lower()}")]
    message, hint = handler(loaded, parts, value, rule, error.kind)
    return [_problem(loaded, parts, message, hint, f"schema.{kind.lower()}")]


def _raw_text(loaded: LoadedFile, parts: list[str | int]) -> str:
    node, found = yamlnodes.node_at(loaded.tree(), parts)
    return str(unshield(node.value)) if found and node is not None else ""


def _enum(loaded: LoadedFile, parts: list[str | int], value: Any, rule: dict[str, Any],
          kind: Any) -> tuple[str, str]:
    options = [str(o) for o in kind.options]
    shown = _raw_text(loaded, parts) or str(value)
    message = f"`{shown}` is not one of: {', '.join(options)}"
    if isinstance(value, bool):
        return message, _yaml11_hint(shown, options)
    return message, did_you_mean(str(value), options) or f"use one of: {', '.join(options)}"


def _yaml11_hint(shown: str, options: list[str] | None = None) -> str:
    read_as = "true" if shown.lower() in {"yes", "on", "y", "true"} else "false"
    hint = f'YAML reads `{shown}` as the boolean {read_as}; write it in quotes: "{shown}"'
    if options:
        hint += f", or use one of: {', '.join(options)}"
    return hint


def _type(loaded: LoadedFile, parts: list[str | int], value: Any, rule: dict[str, Any],
          kind: Any) -> tuple[str, str]:
    expected = " or ".join(_TYPE_WORDS.get(t, t) for t in kind.types)
    raw = _raw_text(loaded, parts)
    if value is None:
        return (f"expected {expected}, but the key has no value",
                "write the value after the colon, or remove the line")
    message = f"expected {expected}, got {_describe(value, raw)}"
    if isinstance(value, bool) and raw.lower() in _YAML_11_WORDS:
        return message, _yaml11_hint(raw)
    if "string" in kind.types and isinstance(value, int | float):
        return message, f'write it in quotes: "{raw or value}"'
    if "array" in kind.types and isinstance(value, str):
        return message, "write each item on its own line starting with `- `"
    return message, rule.get("description", "")


def _describe(value: Any, raw: str) -> str:
    if isinstance(value, bool):
        return f"`{raw}` (read as {str(value).lower()})" if raw else str(value).lower()
    if isinstance(value, int | float):
        return f"the number {raw or value}"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "a set of `key: value` lines"


def _format(loaded: LoadedFile, parts: list[str | int], value: Any, rule: dict[str, Any],
            kind: Any) -> tuple[str, str]:
    if kind.format == "date":
        return (f"`{value}` is not a valid date",
                "write the date as YYYY-MM-DD with a real month and day, e.g. 2026-09-01")
    return f"`{value}` is not a valid {kind.format}", rule.get("description", "")


def _bounds(loaded: LoadedFile, parts: list[str | int], value: Any, rule: dict[str, Any],
            kind: Any) -> tuple[str, str]:
    low, high = rule.get("minimum"), rule.get("maximum")
    if low is not None and high is not None:
        return f"{value} is outside {low}–{high}", rule.get("description", "")
    if low is not None:
        return f"{value} is below the minimum of {low}", rule.get("description", "")
    return f"{value} is above the maximum of {high}", rule.get("description", "")


def _min_items(loaded: LoadedFile, parts: list[str | int], value: Any, rule: dict[str, Any],
               kind: Any) -> tuple[str, str]:
    return (f"needs at least {kind.limit} item{'s' * (kind.limit != 1)}",
            "add items as lines starting with `- `")


def _min_length(loaded: LoadedFile, parts: list[str | int], value: Any, rule: dict[str, Any],
                kind: Any) -> tuple[str, str]:
    return "must not be empty", "write the text, or remove the key if it is optional"


def _pattern(loaded: LoadedFile, parts: list[str | int], value: Any, rule: dict[str, Any],
             kind: Any) -> tuple[str, str]:
    if parts == ["participant"]:
        # The value may be a real person's name or contact: never echo it.
        return ("participant must be a pseudonymous code, not a name or contact detail",
                "write a code such as P-017 and keep the key to codes outside the handbook")
    if rule.get("pattern") == "^[a-z0-9][a-z0-9-]*$":
        return (f"`{value}` is not an id",
                "ids use lowercase letters a-z, digits and hyphens, e.g. lin-xiao")
    return f"`{value}` does not have the expected form", rule.get("description", "")


def _any_of(loaded: LoadedFile, parts: list[str | int], value: Any, rule: dict[str, Any],
            kind: Any) -> tuple[str, str]:
    about = rule.get("description", "")
    return (f"got {_describe(value, _raw_text(loaded, parts))}, which is not a form allowed here",
            f"write {about}" if about else "")


_HANDLERS = {
    "AnyOf": _any_of,
    "Enum": _enum,
    "Type": _type,
    "Format": _format,
    "Minimum": _bounds,
    "Maximum": _bounds,
    "MinItems": _min_items,
    "MinLength": _min_length,
    "Pattern": _pattern,
}

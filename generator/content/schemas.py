"""The JSON Schemas shipped with the package, compiled once per process."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema_rs

SCHEMA_NAMES = ("segment", "persona", "interview", "metrics")


def schema_text(name: str) -> str:
    """The JSON text of a shipped schema (`segment`, `persona`, `interview`, `metrics`)."""
    folder = resources.files("generator.content") / "schemas"
    return (folder / f"{name}.schema.json").read_text("utf-8")


@cache
def schema(name: str) -> dict[str, Any]:
    return json.loads(schema_text(name))


@cache
def validator(name: str) -> Any:
    return jsonschema_rs.Draft202012Validator(schema(name), validate_formats=True)


def write_schemas(out_dir: Path) -> list[Path]:
    """Write every schema as `<name>.schema.json` into `out_dir` (created if missing)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SCHEMA_NAMES:
        path = out_dir / f"{name}.schema.json"
        path.write_text(schema_text(name), encoding="utf-8")
        written.append(path)
    return written


def subschema(name: str, parts: list[str | int]) -> dict[str, Any]:
    """The schema that applies at an instance path (following $ref), or {} if none does."""
    root = schema(name)
    node = root
    for part in parts:
        node = _resolve(root, node)
        if isinstance(part, int):
            node = node.get("items", {})
        else:
            properties = node.get("properties", {})
            node = properties.get(part) or node.get("additionalProperties") or {}
            if not isinstance(node, dict):
                return {}
    return _resolve(root, node)


def _resolve(root: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        ref = node["$ref"].removeprefix("#/$defs/")
        extra = {k: v for k, v in node.items() if k != "$ref"}
        node = {**root["$defs"][ref], **extra}
    return node

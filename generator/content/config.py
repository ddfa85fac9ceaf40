"""Handbook settings: read from the handbook's `mkdocs.yml`, with defaults that serve.

A handbook needs no setting at all. What can be set lives in `mkdocs.yml`
(the one configuration file a user edits): `site_name`, `theme.language`,
`repo_url`, and an optional `extra.handbook` mapping for the generator.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from generator.content import lines, yamlnodes
from generator.content.loading import DEFAULT_MAX_BYTES, format_path
from generator.content.paths import inside_root
from generator.content.problems import Problem, UsageError, printable

TODAY_VARIABLE = "HANDBOOK_TODAY"
MKDOCS_FILE = "mkdocs.yml"


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose `!ENV` and `!!python/name:` tags are MkDocs' business."""


def _tag_as_text(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_TolerantLoader.add_multi_constructor("!", _tag_as_text)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _tag_as_text)


@dataclass(frozen=True)
class Config:
    """What the generator needs to know about a handbook beyond its content files."""

    root: Path
    site_name: str = "客户画像手册"
    language: str = "zh"
    repo_url: str | None = None
    max_file_bytes: int = DEFAULT_MAX_BYTES
    mkdocs: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def docs_dir(self) -> Path:
        return self.root / "docs"


class TextList(list[str]):
    """The type of a setting that is a list of text entries (file names)."""


class MappingList(list[dict[str, Any]]):
    """The type of a setting that is a list of sets of `key: value` lines."""


# What the generator reads from mkdocs.yml, and the types it can use.
_SETTINGS: dict[tuple[str, ...], tuple[type, ...]] = {
    ("site_name",): (str,), ("site_url",): (str,), ("repo_url",): (str,),
    ("theme",): (dict, str), ("theme", "language"): (str,), ("extra",): (dict,),
    ("theme", "palette"): (dict, MappingList), ("theme", "features"): (TextList,),
    ("extra", "handbook"): (dict,), ("extra", "handbook", "max_file_bytes"): (int,),
    ("plugins",): (list,), ("markdown_extensions",): (list,), ("extra_css",): (TextList,),
    ("extra_javascript",): (list,),
}
_TYPE_WORDS = {str: "text", dict: "a set of `key: value` lines", list: "a list", int:
               "a whole number", TextList: "a list of text entries",
               MappingList: "a list of sets of `key: value` lines"}
_ITEM_TYPES: dict[type, type] = {TextList: str, MappingList: dict}


def read_mkdocs_yml(root: Path) -> dict[str, Any]:
    """The handbook's mkdocs.yml as a mapping ({} when missing or unusable)."""
    return _read(root)[0]


def config_problems(root: Path) -> list[Problem]:
    """What is wrong with the handbook's mkdocs.yml, located (YAML errors, wrong types)."""
    return _read(root)[1]


def _read(root: Path) -> tuple[dict[str, Any], list[Problem]]:
    path = root / MKDOCS_FILE
    if not path.is_file() or inside_root(root, path) is None:
        return {}, []  # a link out of the handbook is reported by validation, never read
    try:
        text = path.read_bytes().decode("utf-8-sig")
        loaded = lines.unshield(yaml.load(lines.shield(text), Loader=_TolerantLoader))
    except UnicodeDecodeError:
        return {}, [_problem(1, 1, "$", "mkdocs.yml is not UTF-8",
                             "save it with the encoding UTF-8")]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return {}, [_problem(line, column, "$", f"YAML error: {exc.problem or 'invalid YAML'}",
                             "check this line and the one above for an unclosed bracket or "
                             "quote")]
    except (yaml.YAMLError, RecursionError) as exc:
        return {}, [_problem(1, 1, "$", f"mkdocs.yml cannot be read: {exc}", "")]
    if loaded is None:
        return {}, []
    if not isinstance(loaded, dict):
        return {}, [_problem(1, 1, "$", "mkdocs.yml must be a set of `key: value` lines",
                             "start with e.g. `site_name: 客户画像手册`")]
    return _usable(loaded, text)


def _usable(settings: dict[str, Any], text: str) -> tuple[dict[str, Any], list[Problem]]:
    """The settings with every value of a wrong type dropped, and a problem for each."""
    problems = []
    for parts, types in _SETTINGS.items():
        parent: dict[str, Any] = settings
        for key in parts[:-1]:
            child = parent.get(key)
            parent = child if isinstance(child, dict) else {}
        value: Any = parent.get(parts[-1])
        if value is None or _fits(value, types):
            continue
        del parent[parts[-1]]
        expected = " or ".join(_TYPE_WORDS[t] for t in types)
        expected += " of at least 1" if int in types else ""
        line, column = _position(text, parts)
        problems.append(_problem(line, column, format_path(list(parts)),
                                 f"expected {expected}, got `{printable(str(value))[:40]}`",
                                 "correct the value, or remove the key to use the default"))
    return settings, problems


def _fits(value: Any, types: tuple[type, ...]) -> bool:
    if any(isinstance(value, list) and all(isinstance(item, _ITEM_TYPES[kind]) for item in value)
           for kind in types if kind in _ITEM_TYPES):
        return True
    if isinstance(value, bool) or not isinstance(value, types):
        return False
    return not isinstance(value, int) or value >= 1


def _position(text: str, parts: tuple[str, ...]) -> tuple[int, int]:
    node, _ = yamlnodes.node_at(yamlnodes.compose(text), parts)
    if node is None:
        return 1, 1
    return node.start_mark.line + 1, node.start_mark.column + 1


def _problem(line: int, column: int, key_path: str, message: str, hint: str) -> Problem:
    return Problem(MKDOCS_FILE, line, column, key_path, message, hint, code="config")


def load_config(root: Path) -> Config:
    """The settings of the handbook at `root` (defaults where mkdocs.yml is silent or wrong)."""
    mkdocs = read_mkdocs_yml(root)
    theme = mkdocs.get("theme") if isinstance(mkdocs.get("theme"), dict) else {}
    extra = (mkdocs.get("extra") or {}).get("handbook") or {}
    return Config(
        root=root,
        site_name=str(mkdocs.get("site_name") or Config.site_name),
        language=str((theme or {}).get("language") or Config.language),
        repo_url=mkdocs.get("repo_url"),
        max_file_bytes=int(extra.get("max_file_bytes", DEFAULT_MAX_BYTES)),
        mkdocs=mkdocs,
    )


class DateError(UsageError):
    """A date given on the command line or in the environment is not a date."""


def parse_date(text: str, what: str) -> date:
    """`text` as a date, strictly YYYY-MM-DD; DateError names `what` gave it."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise DateError(f"{what} `{printable(text)}` is not a date: write YYYY-MM-DD with a real "
                    "month and day, e.g. 2026-09-01")


def today(override: str | None = None) -> date:
    """The date used for staleness: `--today`, else $HANDBOOK_TODAY, else the real date."""
    if override:
        return parse_date(override, "--today")
    text = os.environ.get(TODAY_VARIABLE)
    return parse_date(text, TODAY_VARIABLE) if text else date.today()

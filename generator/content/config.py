"""Handbook settings: read from the handbook's `mkdocs.yml`, with defaults that serve.

A handbook needs no setting at all. What can be set lives in `mkdocs.yml`
(the one configuration file a user edits): `site_name`, `theme.language`,
`repo_url`, and an optional `extra.handbook` mapping for the generator.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from generator.content.loading import DEFAULT_MAX_BYTES

TODAY_VARIABLE = "HANDBOOK_TODAY"


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


def read_mkdocs_yml(root: Path) -> dict[str, Any]:
    path = root / "mkdocs.yml"
    if not path.is_file():
        return {}
    loaded = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    return loaded if isinstance(loaded, dict) else {}


def load_config(root: Path) -> Config:
    """The settings of the handbook at `root` (defaults where mkdocs.yml is silent)."""
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


def today(override: str | None = None) -> date:
    """The date used for staleness: `--today`, else $HANDBOOK_TODAY, else the real date."""
    text = override or os.environ.get(TODAY_VARIABLE)
    return date.fromisoformat(text) if text else date.today()

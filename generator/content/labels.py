"""The words a handbook shows, by language: `labels.yml` of the package, then the handbook's.

A handbook may copy `labels.yml` into its own `site_templates/` and change
any word; a language it lacks falls back to English key by key.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from generator.content.paths import inside_root

LABELS_FILE = "labels.yml"


def default_templates_dir() -> Path:
    """The templates and labels shipped with the package (a handbook's own override them)."""
    return Path(str(resources.files("site_templates")))


def template_dirs(root: Path) -> list[Path]:
    """Where templates are looked up: the handbook's `site_templates/`, then the defaults."""
    own = root / "site_templates"
    default = default_templates_dir()
    return [own, default] if own.is_dir() and own.resolve() != default.resolve() else [default]


@cache
def _labels_file(path: Path) -> dict[str, Any]:
    loaded = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return loaded if isinstance(loaded, dict) else {}


def base_language(language: str) -> str:
    """`zh` for `zh_CN`, `en` for `en`."""
    return language.replace("-", "_").split("_")[0].lower()


def labels(root: Path, language: str) -> dict[str, Any]:
    """Labels of the site's language, falling back to English key by key."""
    merged: dict[str, dict[str, Any]] = {}
    for folder in reversed(template_dirs(root)):
        path = folder / LABELS_FILE
        if path.is_file() and inside_root(folder, path) is not None:
            for lang, values in _labels_file(path).items():
                if isinstance(values, dict):
                    merged.setdefault(str(lang), {}).update(values)
    english, chosen = merged.get("en", {}), merged.get(base_language(language), {})
    result = {**english, **chosen}
    result["fields"] = {**(english.get("fields") or {}), **(chosen.get("fields") or {})}
    return result

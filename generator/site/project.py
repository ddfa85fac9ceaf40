"""The `mkdocs.yml` of the generated project, derived from the handbook's own.

The user's settings (site name, language, palette, repo URL, extra CSS …)
carry over; what the handbook needs is enforced: Material with local fonts
only, Material's own search (jieba segmentation, a separator that splits on
the zero-width space in every language) and tags plugins, and a small nav.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from generator.content.config import Config
from generator.content.labels import template_dirs
from generator.content.model import Handbook
from generator.site.pages import SitePlan
from generator.site.views import search_terms

# Material's zh separator: whitespace, the zero-width space jieba inserts,
# CJK punctuation, and hyphens. Set explicitly so an English UI still finds
# Chinese words inside Chinese sentences.
SEARCH_SEPARATOR = r"[\s\u200b\u3000\-、。，．？！；：（）《》“”]+"
_KEPT_KEYS = ("site_name", "site_description", "site_author", "site_url", "repo_url",
              "repo_name", "copyright", "extra", "extra_javascript")
_DEFAULT_FEATURES = ["navigation.sections", "navigation.prune", "navigation.top",
                     "navigation.tracking", "search.highlight", "search.suggest",
                     "content.tooltips"]
class PythonCall:
    """A `!!python/object/apply:` value in mkdocs.yml (MkDocs' loader builds it)."""

    def __init__(self, target: str, **kwds: Any) -> None:
        self.target, self.kwds = target, kwds


def _represent_call(dumper: yaml.SafeDumper, call: PythonCall) -> yaml.Node:
    return dumper.represent_mapping(f"tag:yaml.org,2002:python/object/apply:{call.target}",
                                    {"kwds": call.kwds})


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(PythonCall, _represent_call)

# Heading anchors keep Chinese characters (the default slugify drops them all).
_MARKDOWN_EXTENSIONS: list[Any] = [
    "tables", "attr_list", "md_in_html", "admonition", "def_list",
    {"toc": {"permalink": True, "slugify": PythonCall("pymdownx.slugs.slugify", case="lower")}},
]


def theme_settings(user_theme: dict[str, Any], language: str) -> dict[str, Any]:
    theme = {key: value for key, value in user_theme.items()
             if key not in ("name", "custom_dir", "font")}
    theme.update(name="material", custom_dir="overrides", font=False, language=language)
    theme.setdefault("features", _DEFAULT_FEATURES)
    theme.setdefault("palette", [
        {"media": "(prefers-color-scheme: light)", "scheme": "default",
         "toggle": {"icon": "material/brightness-7", "name": "Dark"}},
        {"media": "(prefers-color-scheme: dark)", "scheme": "slate",
         "toggle": {"icon": "material/brightness-4", "name": "Light"}},
    ])
    return theme


def search_settings(user: dict[str, Any], jieba_dict: Path) -> dict[str, Any]:
    plugins = user.get("plugins") or []
    own = next((p["search"] for p in plugins if isinstance(p, dict) and "search" in p), None)
    settings = dict(own or {})
    separator = settings.get("separator")
    if not separator or "\\u200b" not in separator:
        settings["separator"] = SEARCH_SEPARATOR
    settings["jieba_dict_user"] = str(jieba_dict.resolve())
    return settings


def dropped_plugins(user: dict[str, Any]) -> list[str]:
    """Plugins in the user's mkdocs.yml that the generated project leaves out."""
    names = [next(iter(p)) if isinstance(p, dict) else str(p) for p in user.get("plugins") or []]
    return [n for n in names if n not in ("search", "tags", "material/search", "material/tags")]


def derive_config(cfg: Config, nav: list[Any], build_dir: Path, site_dir: Path,
                  not_in_nav: list[str]) -> dict[str, Any]:
    """The generated project's configuration, as a mapping ready to dump."""
    user = cfg.mkdocs
    config: dict[str, Any] = {key: user[key] for key in _KEPT_KEYS if key in user}
    config.setdefault("site_name", cfg.site_name)
    config["docs_dir"] = "docs"
    config["site_dir"] = _relative(site_dir, build_dir)
    config["use_directory_urls"] = True
    # Generated pages have no file of their own in the repository to edit.
    config["edit_uri"] = ""
    config["theme"] = theme_settings(user.get("theme") or {}, cfg.language)
    config["plugins"] = [{"search": search_settings(user, build_dir / "jieba_user_dict.txt")},
                         {"tags": {}}]
    config["markdown_extensions"] = _MARKDOWN_EXTENSIONS + [
        e for e in user.get("markdown_extensions") or [] if e not in _MARKDOWN_EXTENSIONS]
    config["extra_css"] = ["assets/handbook.css", *(user.get("extra_css") or [])]
    config.setdefault("extra", {})["generator"] = False
    config["nav"] = nav
    config["not_in_nav"] = "\n".join(not_in_nav)
    config["validation"] = {"omitted_files": "info", "absolute_links": "info",
                            "unrecognized_links": "info"}
    return config


def _relative(target: Path, start: Path) -> str:
    import os

    return Path(os.path.relpath(target.resolve(), start.resolve())).as_posix()


def dump_config(config: dict[str, Any]) -> str:
    header = "# Generated by `handbook build` from the handbook's mkdocs.yml: edit that one.\n"
    return header + yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                              width=1000)


def project_files(cfg: Config, plan: SitePlan, handbook: Handbook, build_dir: Path,
                  site_dir: Path) -> dict[str, bytes]:
    """Every file of the generated MkDocs project: pages, search terms, mkdocs.yml, theme."""
    files = {f"docs/{path}": data for path, data in plan.files.items()}
    files["jieba_user_dict.txt"] = ("\n".join(search_terms(handbook)) + "\n").encode()
    config = derive_config(cfg, plan.nav, build_dir, site_dir, plan.not_in_nav)
    files["mkdocs.yml"] = dump_config(config).encode("utf-8")
    files.update(theme_files(cfg))
    return files


def theme_files(cfg: Config) -> dict[str, bytes]:
    """Theme overrides and assets: the package's defaults, then the handbook's own on top."""
    files = {}
    for folder in reversed(template_dirs(cfg.root)):
        for sub, target in (("overrides", "overrides"), ("assets", "docs/assets")):
            base = folder / sub
            for path in sorted(base.rglob("*")) if base.is_dir() else []:
                if path.is_file():
                    files[f"{target}/{path.relative_to(base).as_posix()}"] = path.read_bytes()
    return files



def plugin_warnings(cfg: Config) -> list[str]:
    """Plugins of the handbook's mkdocs.yml that the generated site leaves out."""
    return [f"mkdocs.yml: plugin `{name}` is not used in the generated site (only "
            "Material's search and tags are)" for name in dropped_plugins(cfg.mkdocs)]

"""The `mkdocs.yml` of the generated project, derived from the handbook's own.

The user's settings (site name, language, palette, repo URL, extra CSS …)
carry over; what the handbook needs is enforced: Material with local fonts
only, Material's tags plugin, and a small nav. Material's own search plugin is
off: the site's search is Pagefind's (`search.py`), and its labels go to the
theme override through `extra.handbook_search`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from markupsafe import escape

from generator.content.config import Config
from generator.content.labels import labels, template_dirs
from generator.content.model import Handbook
from generator.content.paths import walk
from generator.site import search
from generator.site.pages import SitePlan
from generator.site.sanitize import clean_html, safe_url

_KEPT_KEYS = ("site_name", "site_description", "site_author", "site_url", "repo_url",
              "repo_name", "copyright", "extra", "extra_javascript")
# Printed as links by the theme: kept only when following them is harmless.
_ADDRESSES = ("site_url", "repo_url")
# Keys of `extra` the theme prints as link addresses (social, language and home links).
_LINK_KEYS = frozenset({"link", "homepage", "href", "url"})
# Printed by the theme as HTML, unescaped: escaped here (the copyright may hold links).
_PRINTED_AS_HTML = ("site_name", "site_description", "site_author", "repo_name")
# Scripts only from the site's own files (the theme overrides move Material's inline
# scripts into files), nothing from any other address; inline styles stay allowed
# (charts, Material's icons), style attributes from content are removed by the sanitizer.
# 'wasm-unsafe-eval' lets search compile Pagefind's WebAssembly (fetched from the site's
# own pagefind/, which the build writes); it allows no eval of JavaScript.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "
    "style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self'; "
    "object-src 'none'; frame-src 'none'; base-uri 'self'; form-action 'self'")
# `handbook serve` injects MkDocs' live-reload script inline.
LIVE_RELOAD_POLICY = CONTENT_SECURITY_POLICY.replace("script-src 'self'",
                                                     "script-src 'self' 'unsafe-inline'")
# Markdown extensions that read other files (or run code) into a page: never in the site.
FILE_READING_EXTENSIONS = frozenset({
    "pymdownx.snippets", "pymdownx.b64", "markdown_include.include", "markdown_include",
    "mdx_include", "markdown_exec"})
_DEFAULT_FEATURES = ["navigation.sections", "navigation.prune", "navigation.top",
                     "navigation.tracking"]
# Material features that turn text into HTML: its tooltips write `title` attributes (and the
# text of long nav and contents entries) with innerHTML, so a name such as `<svg onload=…>`
# would become markup in the reader's browser.
UNSAFE_FEATURES = frozenset({"content.tooltips", "content.footnote.tooltips"})

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
    "tables", "attr_list", "md_in_html", "admonition", "def_list", "pymdownx.details",
    {"toc": {"permalink": True, "slugify": PythonCall("pymdownx.slugs.slugify", case="lower")}},
]


def theme_settings(user_theme: dict[str, Any], language: str) -> dict[str, Any]:
    theme = {key: value for key, value in user_theme.items()
             if key not in ("name", "custom_dir", "font")}
    theme.update(name="material", custom_dir="overrides", font=False, language=language)
    theme["features"] = [f for f in theme.get("features") or _DEFAULT_FEATURES
                         if f not in UNSAFE_FEATURES]
    theme.setdefault("palette", [
        {"media": "(prefers-color-scheme: light)", "scheme": "default",
         "toggle": {"icon": "material/brightness-7", "name": "Dark"}},
        {"media": "(prefers-color-scheme: dark)", "scheme": "slate",
         "toggle": {"icon": "material/brightness-4", "name": "Light"}},
    ])
    return theme


def dropped_plugins(user: dict[str, Any]) -> list[str]:
    """Plugins in the user's mkdocs.yml that the generated project leaves out."""
    names = [_name(p) for p in user.get("plugins") or []]
    return [n for n in names if n not in ("search", "tags", "material/search", "material/tags")]


def _name(entry: Any) -> str:
    return str(next(iter(entry))) if isinstance(entry, dict) and entry else str(entry)


def dropped_features(user: dict[str, Any]) -> list[str]:
    """Material features of the user's mkdocs.yml that the site leaves out (UNSAFE_FEATURES)."""
    theme = user.get("theme") if isinstance(user.get("theme"), dict) else {}
    return [str(f) for f in (theme or {}).get("features") or [] if f in UNSAFE_FEATURES]


def dropped_extensions(user: dict[str, Any]) -> list[str]:
    """Markdown extensions of the user's mkdocs.yml that read files: left out of the site."""
    return [_name(e) for e in user.get("markdown_extensions") or []
            if _name(e) in FILE_READING_EXTENSIONS]


def harmless_settings(value: Any) -> Any:
    """Settings the theme prints as they are (`extra`: the consent banner, language
    links, social links; the contents' title of `toc`) made harmless, at any depth: a
    link is kept only when following it is harmless, other text is escaped."""
    if isinstance(value, dict):
        return {key: harmless_settings(item) for key, item in value.items()
                if not (key in _LINK_KEYS and isinstance(item, str) and not safe_url(item))}
    if isinstance(value, list):
        return [harmless_settings(item) for item in value]
    return str(escape(value)) if isinstance(value, str) else value


def derive_config(cfg: Config, nav: list[Any], build_dir: Path, site_dir: Path,
                  not_in_nav: list[str], live_reload: bool = False) -> dict[str, Any]:
    """The generated project's configuration, as a mapping ready to dump."""
    user = cfg.mkdocs
    config: dict[str, Any] = {key: user[key] for key in _KEPT_KEYS if key in user
                              and (key not in _ADDRESSES or safe_url(str(user[key])))}
    config.setdefault("site_name", cfg.site_name)
    for key in _PRINTED_AS_HTML:
        if key in config:
            config[key] = str(escape(str(config[key])))
    if "copyright" in config:
        config["copyright"] = clean_html(str(config["copyright"]))
    config["docs_dir"] = "docs"
    config["site_dir"] = _relative(site_dir, build_dir)
    config["use_directory_urls"] = True
    # Generated pages have no file of their own in the repository to edit.
    config["edit_uri"] = ""
    config["theme"] = theme_settings(user.get("theme") or {}, cfg.language)
    config["plugins"] = [{"tags": {}}]
    config["markdown_extensions"] = _MARKDOWN_EXTENSIONS + [
        harmless_settings(e) if _name(e) == "toc" else e
        for e in user.get("markdown_extensions") or []
        if e not in _MARKDOWN_EXTENSIONS and _name(e) not in FILE_READING_EXTENSIONS]
    config["extra_css"] = ["assets/handbook.css", *(user.get("extra_css") or [])]
    user_extra = config.get("extra")
    extra = config["extra"] = harmless_settings(user_extra) if isinstance(user_extra, dict) \
        else {}
    extra["generator"] = False
    extra["handbook_csp"] = LIVE_RELOAD_POLICY if live_reload else CONTENT_SECURITY_POLICY
    extra["handbook_search"] = search.ui_labels(labels(cfg.root, cfg.language))
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


# `reuse(name, source, make)`: what `make()` returns, or what it returned the last time
# `name` was made from an equal `source` (handbook serve keeps them between edits).
Reuse = Callable[[str, Any, Callable[[], bytes]], bytes]


def _fresh(name: str, source: Any, make: Callable[[], bytes]) -> bytes:
    return make()


def project_files(cfg: Config, plan: SitePlan, handbook: Handbook, build_dir: Path,
                  site_dir: Path, live_reload: bool = False, reuse: Reuse = _fresh
                  ) -> dict[str, bytes]:
    """Every file of the generated MkDocs project: pages, mkdocs.yml, theme
    (`live_reload`: for MkDocs' own serve, whose reload script is inline)."""
    files = {f"docs/{path}": data for path, data in plan.files.items()}
    config = derive_config(cfg, plan.nav, build_dir, site_dir, plan.not_in_nav, live_reload)
    files["mkdocs.yml"] = reuse("mkdocs.yml", config,
                                lambda: dump_config(config).encode("utf-8"))
    files.update(theme_files(cfg))
    return files


def theme_files(cfg: Config) -> dict[str, bytes]:
    """Theme overrides and assets: the package's defaults, then the handbook's own on top
    (only files inside its `site_templates/`: validation refuses links that lead out)."""
    files = {}
    for folder in reversed(template_dirs(cfg.root)):
        for sub, target in (("overrides", "overrides"), ("assets", "docs/assets")):
            base = folder / sub
            for path in walk(folder, base).files:
                files[f"{target}/{path.relative_to(base).as_posix()}"] = path.read_bytes()
    return files


def plugin_warnings(cfg: Config) -> list[str]:
    """Plugins, Markdown extensions and theme features of the handbook's mkdocs.yml that the
    generated site leaves out."""
    return [f"mkdocs.yml: plugin `{name}` is not used in the generated site (only "
            "Material's tags is; search is Pagefind's)" for name in dropped_plugins(cfg.mkdocs)] + [
        f"mkdocs.yml: Markdown extension `{name}` reads other files into pages: it is left "
        "out of the generated site" for name in dropped_extensions(cfg.mkdocs)] + [
        f"mkdocs.yml: theme feature `{name}` would show text as HTML in tooltips: it is left "
        "out of the generated site" for name in dropped_features(cfg.mkdocs)]

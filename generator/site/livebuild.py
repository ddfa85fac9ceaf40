"""A MkDocs build kept in memory, so that an edit rebuilds only the pages it changed.

`build_all` does what `mkdocs build` does (MkDocs' own build steps, in
order) but keeps the configuration, files, nav and theme environment.
`update` then takes the generated project's changed files: a changed page
is read, converted and written again with the same nav, its search entries
replaced; a new or removed page outside the nav is added or removed; a
changed `mkdocs.yml` or theme override asks for a full build (the nav of
every page may have changed). Pagefind indexes the site after a full build
and after each round of updates, in the background: an edit never waits for it.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.site.search import BackgroundIndex


@dataclass
class Update:
    """What `LiveSite.update` did: the pages' URLs written again, and whether the rest of
    the site needs a full build."""

    urls: list[str] = field(default_factory=list)
    full: bool = False


@dataclass
class _State:
    config: Any
    files: Any
    nav: Any
    env: Any


class LiveSite:
    """The built site of a generated MkDocs project, kept up to date page by page."""

    def __init__(self, config_file: Path, site_dir: Path) -> None:
        self.config_file, self.site_dir = config_file, site_dir
        self._state: _State | None = None
        self._index_stale = False
        self._index = BackgroundIndex(site_dir)

    def build_all(self) -> None:
        """A full build into `site_dir`, keeping what later updates need."""
        from mkdocs.commands import build as steps
        from mkdocs.config import load_config
        from mkdocs.structure.files import get_files, set_exclusions
        from mkdocs.structure.nav import get_navigation

        config = load_config(config_file=str(self.config_file), site_dir=str(self.site_dir))
        config.plugins.on_startup(command="build", dirty=False)
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        files = get_files(config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = config.plugins.on_nav(get_navigation(files, config), config=config, files=files)
        state = _State(config, files, nav, env)
        for page in self._pages(state):
            steps._populate_page(page, config, files)
        state.env = config.plugins.on_env(env, config=config, files=files)
        self._write_everything(state)
        self._state = state
        self._index_stale = True
        self.finish()

    def _write_everything(self, state: _State) -> None:
        from mkdocs.commands import build as steps
        from mkdocs.utils import clean_directory

        config, files = state.config, state.files
        clean_directory(str(self.site_dir))
        files.copy_static_files()
        for template in config.theme.static_templates:
            steps._build_theme_template(template, state.env, files, config, state.nav)
        for template in config.extra_templates:
            steps._build_extra_template(template, files, config, state.nav)
        documents = files.documentation_pages()
        for file in documents:
            steps._build_page(file.page, config, documents, state.nav, state.env)
        config.plugins.on_post_build(config=config)

    def _pages(self, state: _State) -> list[Any]:
        from mkdocs.structure.pages import Page

        pages = []
        for file in state.files.documentation_pages():
            if file.page is None:
                Page(None, file, state.config)
            pages.append(file.page)
        return pages

    def update(self, changed: Iterable[str]) -> Update:
        """Bring the site up to date with changed files of the generated project
        (paths relative to the project, as `generate` lists them)."""
        state, result = self._state, Update()
        if state is None:
            return Update(full=True)
        docs = sorted(rel.removeprefix("docs/") for rel in changed if rel.startswith("docs/"))
        others = {rel for rel in changed if not rel.startswith("docs/")}
        result.full = bool(others)
        pages = [page for src in docs for page in self._refresh_file(state, src)]
        if pages:
            result.urls = self._build_pages(state, pages)
        return result

    def _refresh_file(self, state: _State, src: str) -> list[Any]:
        """The pages to build again for one changed file; files added or removed on the way."""
        from mkdocs.structure.files import File, set_exclusions

        config, files = state.config, state.files
        file = files.get_file_from_path(src)
        exists = (Path(config.docs_dir) / src).is_file()
        if file is None and not exists:
            return []
        if file is None:
            file = File(src, config.docs_dir, config.site_dir, config.use_directory_urls)
            files.append(file)
            set_exclusions(files, config)
        elif not exists:
            files.remove(file)
            _remove_output(Path(file.abs_dest_path), self.site_dir)
            self._index_stale = True
            return []
        if not file.is_documentation_page():
            file.copy_file()
            return []
        return self._pages_for(state, file)

    def _pages_for(self, state: _State, file: Any) -> list[Any]:
        from mkdocs.structure.pages import Page

        if file.page is None:
            Page(None, file, state.config)
        return [file.page]

    def _build_pages(self, state: _State, pages: list[Any]) -> list[str]:
        from mkdocs.commands import build as steps

        config, files = state.config, state.files
        tags_before = [_tags(state, page) for page in pages]
        for page in pages:
            steps._populate_page(page, config, files)
        if [_tags(state, page) for page in pages] != tags_before:
            pages += self._refresh_listings(state)
        documents = files.documentation_pages()
        for page in pages:
            steps._build_page(page, config, documents, state.nav, state.env)
        self._index_stale = True
        return [page.url for page in pages]

    def _refresh_listings(self, state: _State) -> list[Any]:
        """Pages with tag listings, read again and filled with the current tags."""
        from mkdocs.commands import build as steps

        plugin = _plugin(state, "tags")
        if plugin is None or plugin.listings is None:
            return []
        pages = list(dict.fromkeys(listing.page for listing in plugin.listings.data))
        plugin.listings.data = set()
        for page in pages:
            steps._populate_page(page, state.config, state.files)
        plugin.on_env(state.env, config=state.config, files=state.files)
        return pages

    def finish(self) -> None:
        """Index the site for search once a round of updates is done (in the background)."""
        if self._index_stale:
            self._index.request()
        self._index_stale = False

    def close(self) -> None:
        """Wait for the search index under way (call before removing the site)."""
        self._index.stop()


def _plugin(state: _State, name: str) -> Any:
    """A plugin of the build by its name (`tags` also finds `material/tags`)."""
    for key, plugin in state.config.plugins.items():
        if key == name or key.endswith(f"/{name}"):
            return plugin
    return None


def _tags(state: _State, page: Any) -> Any:
    plugin = _plugin(state, "tags")
    mapping = plugin.mappings.get(page) if plugin is not None and plugin.mappings else None
    return sorted(tag.name for tag in mapping.tags) if mapping else []


def _remove_output(target: Path, site_dir: Path) -> None:
    """Remove a page's or file's output, and its folder when the page had one."""
    if target.is_file():
        target.unlink()
    folder = target.parent
    if folder != site_dir and folder.is_dir() and not any(folder.iterdir()):
        shutil.rmtree(folder, ignore_errors=True)


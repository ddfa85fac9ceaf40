"""MkDocs hooks for `handbook serve` only: the preview indexes itself for search.

`handbook serve` hands this file to MkDocs as a hook (the generated
mkdocs.yml has none, so a plain `mkdocs build` stays plain). After every
build and rebuild of the preview, Pagefind indexes the pages MkDocs wrote, so
search in the preview finds what was just edited. A failed index leaves the
preview running, without search, and says why.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from generator.content.problems import printable
from generator.site.search import SearchIndexError, index_site


def on_post_build(config: Any, **_: Any) -> None:
    """Index the preview site MkDocs has just built."""
    try:
        index_site(Path(config["site_dir"]))
    except SearchIndexError as exc:
        print(f"handbook serve: search does not work in this preview: {printable(str(exc))}",
              file=sys.stderr)

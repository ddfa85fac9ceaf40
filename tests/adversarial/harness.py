"""Shared tools of the adversarial suite: hostile handbooks built for real, output parsed.

Every case builds or validates a real handbook with the real command and then
asserts on the output: the built HTML parsed (never grepped), the files left
in place, the exit code and the message a person sees.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from tests.conftest import TODAY, VALID

URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "poster",
                            "data", "background", "srcset", "ping"})
ACTIVE_SCHEMES = ("javascript:", "vbscript:", "data:")
# The inline scripts Material writes into every page (scope, palette, anchor target).
THEME_INLINE_SCRIPTS = ("__md_scope=new URL(", 'var palette=__md_get("__palette")',
                        "var target=document.getElementById(location.hash")


@dataclass
class Element:
    """One start tag of a parsed page: its name, attributes and the text of a script."""

    tag: str
    attrs: dict[str, str]
    text: str = ""


@dataclass
class ParsedPage(HTMLParser):
    """Every element of an HTML document, in document order."""

    elements: list[Element] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        HTMLParser.__init__(self, convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, {k.lower(): v or "" for k, v in attrs}))

    def handle_data(self, data: str) -> None:
        if self.elements and self.elements[-1].tag == "script":
            self.elements[-1].text += data
        self.texts.append(data)


def parse_html(text: str) -> list[Element]:
    """The elements of an HTML document."""
    page = ParsedPage()
    page.feed(text)
    page.close()
    return page.elements


def page_text(html: str) -> str:
    """What a page shows as text (character references decoded, whitespace collapsed)."""
    page = ParsedPage()
    page.feed(html)
    page.close()
    return " ".join("".join(page.texts).split())


def copy_valid(tmp_path: Path, name: str = "handbook") -> Path:
    """A fresh copy of the valid example handbook, as a git-less folder."""
    root = tmp_path / name
    shutil.copytree(VALID, root)
    return root


def handbook(*args: str, cwd: Path | None = None,
             env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real `handbook` command in a child process (as a user would)."""
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)


def build(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`handbook build ROOT --today TODAY …`."""
    return handbook("build", str(root), "--today", TODAY, *args)


def snapshot(folder: Path) -> dict[str, str]:
    """Every file below `folder` (links not followed) by relative path, with its hash."""
    found = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[rel] = "link:" + str(path.readlink())
        elif path.is_file():
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def site_pages(site: Path) -> dict[str, list[Element]]:
    """Every HTML page of a built site, parsed, by relative path."""
    return {p.relative_to(site).as_posix(): parse_html(p.read_text(encoding="utf-8"))
            for p in sorted(site.rglob("*.html"))}


def active_content(elements: list[Element]) -> list[str]:
    """What in a page could run script: event handlers, script URLs, inline scripts.

    The theme's own scripts are files of the site (`src` inside it) or JSON
    configuration; anything else is reported.
    """
    found = []
    for e in elements:
        for name, value in e.attrs.items():
            if name.startswith("on"):
                found.append(f"<{e.tag} {name}=…>")
            if name in URL_ATTRIBUTES and value.strip().lower().startswith(ACTIVE_SCHEMES):
                found.append(f"<{e.tag} {name}={value[:40]!r}>")
        if e.tag == "script" and not _theme_script(e):
            found.append(f"<script>{e.text[:60]!r}")
        if e.tag in ("iframe", "object", "embed", "base", "meta") and _foreign(e):
            found.append(f"<{e.tag} {e.attrs}>")
    return found


def _theme_script(e: Element) -> bool:
    src = e.attrs.get("src", "")
    if src:
        return "://" not in src and not src.startswith("//") and ".js" in src
    return e.attrs.get("type") == "application/json" or e.text.lstrip().startswith(
        THEME_INLINE_SCRIPTS)


def _foreign(e: Element) -> bool:
    if e.tag == "meta":
        return e.attrs.get("http-equiv", "").lower() == "refresh"
    return True


PAGEFIND_SIGNATURE = b"pagefind_dcd"


def search_index_files(site: Path) -> dict[str, bytes]:
    """Every file of the site's Pagefind index, decompressed, by path below `pagefind/`."""
    found = {}
    for path in sorted((site / "pagefind").rglob("*")):
        if path.is_file() and path.suffix.startswith(".pf_"):
            data = gzip.decompress(path.read_bytes())
            assert data.startswith(PAGEFIND_SIGNATURE), path
            found[path.relative_to(site / "pagefind").as_posix()] = data[len(PAGEFIND_SIGNATURE):]
    return found


def search_records(site: Path) -> list[dict[str, Any]]:
    """The indexed pages (Pagefind's fragments): url, content, meta and filters of each.

    The content as search shows it, without the zero-width spaces that mark word breaks.
    """
    records = [json.loads(data) for name, data in search_index_files(site).items()
               if name.startswith("fragment/")]
    for record in records:
        record["content"] = record["content"].replace("\u200b", "")
    return records

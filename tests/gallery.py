"""Screenshots of every page type of the sample handbook, for people to look at.

`make gallery` (or `python -m tests.gallery`) builds the sample handbook into
a temporary folder, serves it on localhost and writes into `gallery/`:

- `<page>-<width>-<scheme>.png`: each page type at 1280 and 390 px wide, in the
  light and the dark scheme (full page);
- `persona-print.pdf` and `persona-print.png`: the persona page printed by
  Chromium (A4 landscape), the PNG rendered from the PDF by `pdftoppm`.

`--site DIR` screenshots an already built site instead of building one.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from generator.cli import main as handbook
from tests.browser import chromium, copy_sample_handbook, require_browser, serve_folder
from tests.conftest import TODAY

REPO = Path(__file__).resolve().parent.parent
PAGES = {
    "home": "",
    "segment": "segments/urban-commuters/",
    "persona": "personas/lin-xiao/",
    "persona-b2b": "personas/liu-qiang/",
    "interview": "interviews/2026-03-12-p-009/",
    "interviews": "interviews/",
    "compare": "compare/",
    "review": "review/",
    "tags": "tags/",
    "whats-new": "whats-new/",
    "guide": "guides/contributing/",
}
WIDTHS = (1280, 390)
SCHEMES = ("light", "dark")
PRINTED = "personas/lin-xiao/"


@contextmanager
def sample_site(site: Path | None) -> Iterator[Path]:
    """An already built site, or the sample handbook built into a temporary folder."""
    if site is not None:
        yield site
        return
    with tempfile.TemporaryDirectory(prefix="gallery-") as tmp:
        root = copy_sample_handbook(Path(tmp))
        if handbook(["build", str(root), "--today", TODAY]) != 0:
            raise SystemExit("the sample handbook did not build")
        yield root / "site"


def screenshots(browser: Any, base: str, out: Path, pages: dict[str, str]) -> list[Path]:
    """Every page at every width and scheme, full length."""
    written = []
    for width in WIDTHS:
        for scheme in SCHEMES:
            context = browser.new_context(viewport={"width": width, "height": 900},
                                          color_scheme=scheme)
            page = context.new_page()
            for name, path in pages.items():
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                target = out / f"{name}-{width}-{scheme}.png"
                page.screenshot(path=str(target), full_page=True)
                written.append(target)
            context.close()
    return written


def printed_card(browser: Any, base: str, out: Path) -> list[Path]:
    """The persona page as Chromium prints it: a PDF, and the PDF's pages as PNG."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + PRINTED)
    page.wait_for_load_state("networkidle")
    page.emulate_media(media="print")
    pdf = out / "persona-print.pdf"
    pdf.write_bytes(page.pdf(prefer_css_page_size=True, print_background=True))
    context.close()
    subprocess.run(["pdftoppm", "-png", "-r", "110", str(pdf), str(out / "persona-print")],
                   check=True)
    return [pdf, *sorted(out.glob("persona-print*.png"))]


def run(out: Path, site: Path | None, only: list[str]) -> list[Path]:
    """Build (unless given a site), serve, photograph; returns the files written."""
    require_browser()
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.png"):
        old.unlink()
    pages = {k: v for k, v in PAGES.items() if not only or k in only}
    with sample_site(site) as folder, serve_folder(folder) as base, chromium() as browser:
        written = screenshots(browser, base, out, pages)
        if not only or "print" in only:
            written += printed_card(browser, base, out)
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line: `python -m tests.gallery [--out gallery] [--site DIR] [PAGE …]`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "gallery")
    parser.add_argument("--site", type=Path, help="photograph this built site instead")
    parser.add_argument("only", nargs="*", help=f"page names: {', '.join(PAGES)}, print")
    args = parser.parse_args(argv)
    written = run(args.out, args.site, args.only)
    print(f"{len(written)} files in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

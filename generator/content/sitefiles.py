"""The handbook's files besides content: guides of `docs/`, `site_templates/`, settings.

Each is read only when it is inside its folder (`paths.walk`): a link that
leads out is a located error. `docs/` publishes Markdown guides, images that
pass `images.image_problem` and PDFs; anything else there is left out with a
warning, so that no page, script or document of unknown kind reaches the site.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.content import yamlsafe
from generator.content.images import IMAGE_SUFFIXES, image_problem
from generator.content.loading import split_front_matter
from generator.content.paths import inside_root, outside_problem, relative, walk
from generator.content.problems import Problem

GUIDE_FILES = frozenset({".md", ".pdf", *IMAGE_SUFFIXES})
SETTINGS_FILES = ("mkdocs.yml", "data/metrics.yml")


@dataclass
class Guides:
    """What `docs/` publishes: Markdown pages and other files (images, PDFs)."""

    pages: list[Path] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def guides(root: Path) -> Guides:
    """The guides of `docs/` that may be published, and the problems of the others."""
    folder = root / "docs"
    found = walk(root, folder)
    result = Guides(problems=[outside_problem(root, path, folder) for path in found.outside])
    for path in found.files:
        suffix, rel = path.suffix.lower(), relative(root, path)
        unsafe = image_problem(path) if suffix in IMAGE_SUFFIXES else None
        if unsafe:
            result.problems.append(Problem(
                rel, 1, 1, "$", f"image not published: {unsafe}",
                "use a plain picture: PNG, JPEG, WebP, or an SVG with shapes and text only",
                code="docs.unsafe-image"))
        elif suffix not in GUIDE_FILES:
            result.problems.append(Problem(
                rel, 1, 1, "$", f"`{suffix or path.name}` files of docs/ are not published",
                "docs/ publishes Markdown pages, images (SVG, PNG, JPEG, GIF, WebP) and PDFs",
                "warning", "docs.not-published"))
        else:
            (result.pages if suffix == ".md" else result.files).append(path)
    return result


def setting_problems(root: Path) -> list[Problem]:
    """Links out of the handbook among its settings and `site_templates/`."""
    problems = [outside_problem(root, root / name) for name in SETTINGS_FILES
                if (root / name).exists() and inside_root(root, root / name) is None]
    templates = root / "site_templates"
    problems += [outside_problem(root, path, templates)
                 for path in walk(root, templates).outside]
    return problems


def support_problems(root: Path) -> list[Problem]:
    """Every problem of the files besides content: guides, templates, settings."""
    return guides(root).problems + setting_problems(root)


def guide_text(text: str) -> tuple[dict[str, Any], str]:
    """A guide's front matter (empty if it has none or it is not a mapping) and its body."""
    if not text.startswith("---"):
        return {}, text
    split = split_front_matter("", text)
    if isinstance(split, Problem):
        return {}, text
    value, issues = yamlsafe.parse(split[0])
    return (value if isinstance(value, dict) and not issues else {}), split[2]


def guide_title(meta: dict[str, Any], body: str, path: Path) -> str:
    """A guide's title: its front matter's, else its first heading, else its file name."""
    if meta.get("title"):
        return str(meta["title"])
    for line in body.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return path.stem.replace("-", " ").capitalize()

"""`handbook init`: a new handbook repository that validates, builds and publishes at once.

It holds one example of each kind of file (segment, persona, interview, a
small data file with its metrics), the site settings, the JSON Schemas for
editors (`.handbook/schemas/`, mapped to the content folders by
`.vscode/settings.json`), a pre-commit hook, GitHub workflows (validate,
pull-request summary and comment, publish) that install `persona-handbook` as a package,
a `.gitignore` and a short README for the team.
"""

from __future__ import annotations

from datetime import date
from importlib import metadata, resources
from pathlib import Path
from string import Template

from generator.content.problems import UsageError
from generator.content.schemas import write_schemas

EXAMPLE_SEGMENT = "office-workers"
EXAMPLE_PERSONA = "chen-jing"
# Template in the package → where it goes in the new handbook.
FILES = {
    "mkdocs.yml": "mkdocs.yml",
    "segment.md": f"personas/{EXAMPLE_SEGMENT}/_segment.md",
    "persona.md": f"personas/{EXAMPLE_SEGMENT}/{EXAMPLE_PERSONA}.md",
    "interview.md": "interviews/{today}-p-001.md",
    "metrics.yml": "data/metrics.yml",
    "customers.csv": "data/customers.csv",
    "gitignore": ".gitignore",
    "pre-commit-config.yaml": ".pre-commit-config.yaml",
    "workflow-validate.yml": ".github/workflows/validate.yml",
    "workflow-pr-diff.yml": ".github/workflows/pr-diff.yml",
    "workflow-pr-comment.yml": ".github/workflows/pr-comment.yml",
    "zizmor.yml": ".github/zizmor.yml",
    "workflow-pages.yml": ".github/workflows/pages.yml",
    "vscode-settings.json": ".vscode/settings.json",
    "README.md": "README.md",
}
SCHEMA_DIR = ".handbook/schemas"
VERSION_TOKEN = "__HANDBOOK_VERSION__"


class InitError(UsageError):
    """The folder cannot become a handbook (it is not empty, or it is a file)."""


def package_version() -> str:
    """The installed version of persona-handbook, which the new repository pins."""
    try:
        return metadata.version("persona-handbook")
    except metadata.PackageNotFoundError:
        return "0.1.0"


def _text(name: str, today: date) -> str:
    text = (resources.files("generator.content") / "templates" / "init" / name).read_text(
        "utf-8")
    if name.endswith(".md"):
        text = Template(text).substitute(today=today.isoformat(), persona=EXAMPLE_PERSONA)
    return text.replace(VERSION_TOKEN, package_version())


def init_handbook(target: Path, today: date, force: bool = False) -> list[Path]:
    """Write a new handbook into `target` (created if missing); the files written.

    Refuses a folder that has anything in it, unless `force` (then the files
    above are written over, and nothing else is touched).
    """
    if target.exists() and not target.is_dir():
        raise InitError(f"{target} is a file, not a folder")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise InitError(f"{target} is not empty: choose an empty folder, or pass --force to "
                        "write the handbook's files into it anyway")
    written = []
    for name, rel in FILES.items():
        path = target / rel.format(today=today.isoformat())
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_text(name, today), encoding="utf-8")
        written.append(path)
    written += write_schemas(target / SCHEMA_DIR)
    return written

"""What `handbook serve` renders after an edit: the edited page first, then only the pages
that show what changed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generator.pipeline import generate
from generator.site.session import Session
from tests.conftest import TODAY

PERSONA = "personas/commuters/lin-xiao.md"


def edit(root: Path, old: str, new: str) -> None:
    path = root / PERSONA
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def previewed(valid_handbook: Path, tmp_path: Path) -> tuple[Path, Session, Path]:
    """The handbook generated once, as `handbook serve` starts: root, session, build folder."""
    session, build = Session(), tmp_path / "build"
    assert generate(valid_handbook, build, date.fromisoformat(TODAY), session=session).generated
    return valid_handbook, session, build


def rounds(root: Path, session: Session, build: Path) -> tuple[set[str], set[str]]:
    """The generated files written by the two stages of one round after editing PERSONA."""
    today = date.fromisoformat(TODAY)
    session.begin([PERSONA])
    own = generate(root, build, today, session=session)
    session.next_stage()
    rest = generate(root, build, today, session=session)
    session.finish()
    assert own.generated and rest.generated, own.problems + rest.problems
    return set(own.changed), set(rest.changed)


def test_an_edit_renders_its_page_then_the_pages_that_show_it(
        previewed: tuple[Path, Session, Path]) -> None:
    root, session, build = previewed
    edit(root, "赶地铁的产品经理", "改过标语的产品经理")
    own, rest = rounds(root, session, build)
    assert own == {"docs/personas/lin-xiao.md"}
    assert "docs/segments/commuters.md" in rest  # lists the persona with its tagline
    # Pages that name personas but show no tagline are left as they are.
    assert "docs/interviews/index.md" not in rest and "docs/whats-new.md" not in rest
    assert "改过标语的产品经理" in (build / "docs/segments/commuters.md").read_text("utf-8")


def test_a_new_name_reaches_every_page_that_names_the_persona(
        previewed: tuple[Path, Session, Path]) -> None:
    root, session, build = previewed
    edit(root, "name: 通勤族 · 林晓", "name: 通勤族 · 林小晓")
    own, rest = rounds(root, session, build)
    assert own == {"docs/personas/lin-xiao.md", "mkdocs.yml"}  # the nav names it too
    assert {"docs/interviews/index.md", "docs/segments/commuters.md"} <= rest
    assert "林小晓" in (build / "docs/interviews/index.md").read_text("utf-8")

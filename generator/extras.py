"""What the statistics and history stages add to the pages."""

from __future__ import annotations

from datetime import date

from generator.config import Config
from generator.model import Handbook
from generator.pages import Extras


def collect_extras(handbook: Handbook, cfg: Config, today: date) -> tuple[Extras, list[str]]:
    """Statistics and history for the pages, with warnings that do not stop a build."""
    return Extras(), []

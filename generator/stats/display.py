"""How every value reads in the handbook's language: one function a kind of value.

The site, `handbook stats`, `handbook diff`, the charts and the feed all show
numbers, shares, NPS, booleans, dates, the folded category and field names
through a `Display`, so the same figure reads the same everywhere.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.content.labels import labels as load_labels
from generator.stats.categories import Category

if TYPE_CHECKING:
    from generator.stats.aggregations import MetricResult

NO_FIGURE = "—"


@dataclass(frozen=True)
class Display:
    """Words of one language (`labels.yml`) and the rules that format values with them."""

    words: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, root: Path, language: str) -> Display:
        """The display of a handbook in its site's language."""
        return cls(load_labels(root, language))

    def word(self, key: str, **values: Any) -> str:
        """A label by key, with `{placeholders}` filled; the key itself when it is missing."""
        text = str(self.words.get(key, key))
        return text.format(**values) if values else text

    def number(self, value: float | int) -> str:
        """`1,234`, `29`, `31.5`, `0.123`: grouped thousands, at most three significant
        decimals."""
        if isinstance(value, int) or float(value).is_integer():
            return f"{int(value):,}"
        return f"{value:,.1f}" if abs(value) >= 10 else f"{value:.3g}"

    def share(self, share: float | None) -> str:
        """`27.7%`, `<0.1%` for a small share that is not zero, `—` for a suppressed one."""
        if share is None:
            return NO_FIGURE
        return "<0.1%" if 0 < share < 0.0005 else f"{share * 100:.1f}%"

    def nps(self, score: float) -> str:
        """NPS as a whole number with its sign: `+12`, `-40`, `0`."""
        whole = int(score + 0.5) if score >= 0 else -int(-score + 0.5)
        return f"{whole:+d}" if whole else "0"

    def boolean(self, value: bool) -> str:
        """是/否, Yes/No."""
        return self.word("yes" if value else "no")

    def date(self, value: datetime.date | str | None) -> str:
        """ISO dates in every language: `2026-11-22`; — for none."""
        if value is None:
            return NO_FIGURE
        return value.isoformat() if isinstance(value, datetime.date) else str(value)

    def category(self, category: Category) -> str:
        """A category's name: the folded one as 其他/other, booleans as 是/否."""
        if category.other:
            return self.word("other")
        if category.boolean:
            return self.boolean(category.label.lower() == "true")
        return category.label

    def categories(self, categories: tuple[Category, ...], limit: int | None = None) -> str:
        """`地铁 42.0% · 公交 31.0% · 其他 27.0%`."""
        return " · ".join(f"{self.category(c)} {self.share(c.share)}"
                          for c in categories[:limit])

    def result(self, result: MetricResult, min_group_size: int) -> str:
        """A statistic in a few words, or why it is not shown (no data, n below the minimum)."""
        if result.empty:
            return self.word("no_data")
        if result.suppressed or result.value is None:
            return self.word("not_enough_data", min=min_group_size)
        if isinstance(result.value, tuple):
            if not result.value:
                return self.word("every_category_small", min=min_group_size)
            return self.categories(result.value)
        if result.agg == "nps":
            return self.nps(result.value)
        return self.number(result.value)

    def value(self, value: Any) -> str:
        """Any field value as one line: lists joined, mappings as `key: value`, empty as —."""
        if isinstance(value, bool):
            return self.boolean(value)
        if value is None or value == "" or value == []:
            return NO_FIGURE
        if isinstance(value, int | float):
            return self.number(value)
        if isinstance(value, datetime.date):
            return self.date(value)
        if isinstance(value, list):
            return self.word("list_separator").join(self.value(v) for v in value)
        if isinstance(value, Mapping):
            return "; ".join(f"{self.field(str(k))}: {self.value(v)}" for k, v in value.items())
        return " ".join(str(value).split())

    def field_value(self, path: str, value: Any) -> str:
        """A field's value, enum values in words: `status: draft` → 草稿."""
        key = f"{path.rsplit('.', 1)[-1]}_{value}"
        word = self.words.get(key) if isinstance(value, str) else None
        return word if isinstance(word, str) else self.value(value)

    def field(self, path: str) -> str:
        """A field path in words: `purchasing_power.price_sensitivity` → 购买能力 · 价格敏感度."""
        fields = self.words.get("fields") or {}
        parts = [p for p in path.split(".") if p]
        return " · ".join(self._section(p) if i == 0 else str(fields.get(p, p))
                          for i, p in enumerate(parts))

    def _section(self, key: str) -> str:
        word = self.words.get(key)
        fields = self.words.get("fields") or {}
        return word if isinstance(word, str) else str(fields.get(key, key))


def display_width(text: str) -> int:
    """Columns a text takes in a terminal: wide (CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)

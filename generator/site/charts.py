"""Small static SVG charts of metric results, rendered at build time.

No script and no external reference: each chart is one self-contained
`<svg>` meant to be inlined in a page. Charts compare honestly: every share
is drawn on the same 0–100% scale (a faint track shows the whole scale), the
all-customers share of the same category is a marker on the bar, and every
chart starts its bars at the same x. Labels sit above their bar, so they have
the chart's whole width; a label still too long is shortened with "…" and
kept whole in the row's `<title>`. The SVG has a viewBox and no fixed size:
it scales to its column, from a phone to a two-column desktop grid.

Text is drawn in `currentColor` and bars in Material's palette variables
(with fallbacks), so a chart follows the light and dark schemes. Every piece
of text is XML-escaped: labels come from data files. The words to show (value
texts, category names, legend) come from a `Display`, the one place values
are formatted; `chart_svg` is the adapter from a metric result. The same
input always gives the same bytes.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from generator.stats.aggregations import MetricResult
from generator.stats.categories import NPS_PARTS, Category
from generator.stats.display import Display

WIDTH = 360
FONT = 12
ROW = 36
BAR_HEIGHT = 10
RIGHT = WIDTH - 2  # end-anchored text stops short of the edge: glyphs overhang their advance
PRIMARY = "var(--md-primary-fg-color, #4051b5)"
MUTED = "var(--md-default-fg-color--light, #757575)"
TRACK = "var(--md-default-fg-color--lightest, #e0e0e0)"
MARKER = "var(--md-default-fg-color, #212121)"
NPS_COLORS = {
    "detractors": "var(--handbook-detractor, #e53935)",
    "passives": "var(--handbook-passive, #9e9e9e)",
    "promoters": "var(--handbook-promoter, #43a047)",
}


@dataclass(frozen=True)
class Bar:
    """One row of a bar chart, with the words to show already chosen by the caller."""

    label: str
    share: float | None
    text: str
    overall: float | None = None
    overall_text: str = ""
    muted: bool = False


@dataclass(frozen=True)
class NpsPart:
    """One of the three stacked shares of an NPS chart."""

    key: str
    share: float
    name: str
    text: str


def text_width(text: str, size: float = FONT) -> float:
    """A generous estimate of the width of text in px: CJK 1 em, capitals 0.75, others 0.62."""
    width = 0.0
    for ch in text:
        if unicodedata.east_asian_width(ch) in "WF":
            width += 1.0
        elif ch.isupper() or ch in "%@&—…mwMW":
            width += 0.8
        else:
            width += 0.62
    return width * size


def fit(text: str, width: float, size: float = FONT) -> str:
    """The text, or as much of it as fits in `width` px followed by "…"."""
    if text_width(text, size) <= width:
        return text
    kept = ""
    for ch in text:
        if text_width(kept + ch + "…", size) > width:
            break
        kept += ch
    return kept.rstrip() + "…"


def _open(title: str, summary: str, height: int) -> list[str]:
    ident = "chart-" + hashlib.sha256(f"{title}\0{summary}".encode()).hexdigest()[:10]
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="handbook-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{ident}-title {ident}-desc" font-size="{FONT}" fill="currentColor">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(summary)}</desc>',
    ]


def informative(bars: Sequence[Bar]) -> bool:
    """Whether a chart says anything: at least one named category with a figure."""
    return any(not b.muted and b.share is not None for b in bars)


def bar_chart(title: str, bars: Sequence[Bar], summary: str, overall_name: str = ""
              ) -> str | None:
    """Horizontal bars on a common 0–100% scale; None when only the folded category is left."""
    if not informative(bars):
        return None
    legend = overall_name and any(b.overall is not None for b in bars)
    height = ROW * len(bars) + (22 if legend else 4)
    lines = _open(title, summary, height)
    for row, bar in enumerate(bars):
        lines += _bar_row(bar, row * ROW + 2, overall_name)
    if legend:
        y = ROW * len(bars) + 6
        lines.append(f'<line x1="1" y1="{y}" x2="1" y2="{y + 14}" stroke="{MARKER}" '
                     'stroke-width="2"/>')
        lines.append(f'<text class="handbook-chart-legend" x="8" y="{y + 11}">'
                     f'{escape(fit(overall_name, WIDTH - 8))}</text>')
    lines.append("</svg>")
    return "\n".join(lines) + "\n"


def _bar_row(bar: Bar, y: int, overall_name: str) -> list[str]:
    value_width = text_width(bar.text) + 10
    hover = f"{bar.label}: {bar.text}"
    if bar.overall is not None:
        hover += f" · {overall_name} {bar.overall_text}"
    length = 0.0 if bar.share is None else WIDTH * min(max(bar.share, 0.0), 1.0)
    color = MUTED if bar.muted else PRIMARY
    lines = [
        f'<g class="handbook-chart-row"><title>{escape(hover)}</title>',
        f'<text class="handbook-chart-label" x="0" y="{y + 12}">'
        f'{escape(fit(bar.label, WIDTH - value_width))}</text>',
        f'<text class="handbook-chart-value" x="{RIGHT}" y="{y + 12}" text-anchor="end">'
        f'{escape(bar.text)}</text>',
        f'<rect x="0" y="{y + 17}" width="{WIDTH}" height="{BAR_HEIGHT}" fill="{TRACK}"/>',
        f'<rect class="handbook-chart-bar" x="0" y="{y + 17}" width="{length:.1f}" '
        f'height="{BAR_HEIGHT}" fill="{color}"/>',
    ]
    if bar.overall is not None:
        x = min(max(WIDTH * bar.overall, 1.0), WIDTH - 1.0)
        lines.append(f'<line class="handbook-chart-overall" x1="{x:.1f}" y1="{y + 14}" '
                     f'x2="{x:.1f}" y2="{y + 30}" stroke="{MARKER}" stroke-width="2"/>')
    lines.append("</g>")
    return lines


def nps_chart(title: str, score: str, parts: Sequence[NpsPart], summary: str,
              aside: str = "") -> str:
    """The score, the three shares stacked on one full-width bar, and a legend row each."""
    height = 44 + 18 * len(parts)
    lines = _open(title, summary, height)
    lines.append(f'<text x="0" y="13" font-weight="bold">{escape(score)}</text>')
    if aside:
        lines.append(f'<text x="{RIGHT}" y="13" text-anchor="end">'
                     f'{escape(fit(aside, WIDTH - text_width(score) - 12))}</text>')
    x = 0.0
    for part in parts:
        length = WIDTH * part.share
        lines.append(f'<rect class="handbook-nps-{part.key}" x="{x:.1f}" y="20" '
                     f'width="{length:.1f}" height="16" fill="{NPS_COLORS[part.key]}">'
                     f'<title>{escape(f"{part.name}: {part.text}")}</title></rect>')
        x += length
    for index, part in enumerate(parts):
        y = 44 + 18 * index
        lines.append(f'<rect x="0" y="{y + 2}" width="10" height="10" '
                     f'fill="{NPS_COLORS[part.key]}"/>')
        lines.append(f'<text x="16" y="{y + 11}">'
                     f'{escape(fit(part.name, WIDTH - 70))}</text>')
        lines.append(f'<text x="{RIGHT}" y="{y + 11}" text-anchor="end">'
                     f'{escape(part.text)}</text>')
    lines.append("</svg>")
    return "\n".join(lines) + "\n"


def chart_svg(result: MetricResult, title: str, display: Display,
              overall: MetricResult | None = None,
              name: Callable[[Category], str] | None = None) -> str | None:
    """The chart of a share, top, histogram or NPS result; None for anything else.

    `overall` is the all-customers result of the same metric: its share of
    each shown category becomes the marker. Every word and figure is made by
    `display` (category names by `name` when given). Suppressed results,
    plain numbers and results whose only category is the folded one have no
    chart.
    """
    if result.suppressed:
        return None
    if result.agg == "nps" and result.parts:
        return _nps(result, title, overall, display)
    if not isinstance(result.value, tuple) or not result.value:
        return None
    named = name or display.category
    whole = _shares(overall)
    overall_name = display.word("overall_marker")
    bars = [Bar(named(c), c.share, display.share(c.share), whole.get(c.label),
                display.share(whole.get(c.label)), c.other) for c in result.value]
    summary = "; ".join(_said(b, overall_name) for b in bars)
    return bar_chart(title, bars, f"{summary} (n = {display.number(result.n)})", overall_name)


def _shares(overall: MetricResult | None) -> dict[str, float]:
    if overall is None or overall.suppressed or not isinstance(overall.value, tuple):
        return {}
    return {c.label: c.share for c in overall.value if not c.other and c.share is not None}


def _said(bar: Bar, overall_name: str) -> str:
    said = f"{bar.label}: {bar.text}"
    return said + (f" ({overall_name} {bar.overall_text})" if bar.overall is not None else "")


def _nps(result: MetricResult, title: str, overall: MetricResult | None,
         display: Display) -> str:
    shares = dict(result.parts)
    value = result.value if isinstance(result.value, int | float) else 0.0
    score = f"NPS {display.nps(value)}"
    aside = ""
    if overall is not None and isinstance(overall.value, int | float) and not overall.suppressed:
        aside = f"{display.word('overall_marker')} {display.nps(overall.value)}"
    parts = [NpsPart(p, shares.get(p, 0.0), display.word(f"nps_{p}"),
                     display.share(shares.get(p, 0.0))) for p in NPS_PARTS]
    summary = f"{score}; " + "; ".join(f"{p.name}: {p.text}" for p in parts)
    summary += (f"; {aside}" if aside else "") + f" (n = {display.number(result.n)})"
    return nps_chart(title, score, parts, summary, aside)

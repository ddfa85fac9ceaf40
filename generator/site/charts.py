"""Small static SVG charts of metric results, rendered at build time.

No script and no external reference: each chart is one self-contained
`<svg>` meant to be inlined in a page. Text is drawn in `currentColor` and
bars in Material's palette variables (with fallbacks), so a chart follows
the light and dark schemes. Every piece of text is XML-escaped: labels come
from data files. The same result always gives the same bytes.
"""

from __future__ import annotations

import hashlib
from xml.sax.saxutils import escape

from generator.stats.aggregations import MetricResult
from generator.stats.categories import NPS_PARTS, Category
from generator.stats.display import Display, display_width

WIDTH = 480
ROW = 22
BAR_HEIGHT = 14
FONT = 12
MAX_LABEL_CHARS = 14
PRIMARY = "var(--md-primary-fg-color, #4051b5)"
MUTED = "var(--md-default-fg-color--lighter, #9e9e9e)"
NPS_COLORS = {
    "detractors": "var(--handbook-detractor, #e53935)",
    "passives": "var(--handbook-passive, #9e9e9e)",
    "promoters": "var(--handbook-promoter, #43a047)",
}


def chart_svg(result: MetricResult, label: str, display: Display) -> str | None:
    """An SVG chart of a share, top, histogram or NPS result; None for anything else.

    Suppressed results and plain numbers have no chart.
    """
    if result.suppressed:
        return None
    if result.agg == "nps" and result.parts:
        return _nps_chart(result, label, display)
    if isinstance(result.value, tuple) and result.value:
        return _bar_chart(result.value, label, result.n, display)
    return None


def _short(text: str) -> str:
    if display_width(text) <= MAX_LABEL_CHARS * 2:
        return text
    kept = ""
    for ch in text:
        if display_width(kept + ch) > MAX_LABEL_CHARS * 2 - 1:
            break
        kept += ch
    return kept + "…"


def _open(label: str, summary: str, height: int) -> list[str]:
    ident = "chart-" + hashlib.sha256(f"{label}\0{summary}".encode()).hexdigest()[:10]
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="handbook-chart" role="img" '
        f'width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
        f'aria-labelledby="{ident}-title {ident}-desc" font-size="{FONT}" fill="currentColor">',
        f'<title id="{ident}-title">{escape(label)}</title>',
        f'<desc id="{ident}-desc">{escape(summary)}</desc>',
    ]


def _bar_chart(categories: tuple[Category, ...], label: str, n: int, display: Display) -> str:
    names = [display.category(c) for c in categories]
    summary = "; ".join(f"{name}: {display.share(c.share)}" for name, c in zip(
        names, categories, strict=True)) + f" (n = {display.number(n)})"
    label_width = min(max(display_width(_short(name)) for name in names) * 7 + 8, WIDTH // 3)
    bar_space = WIDTH - label_width - 56
    top = max((c.share or 0.0) for c in categories) or 1.0
    lines = _open(label, summary, ROW * len(categories) + 4)
    for row, (name, c) in enumerate(zip(names, categories, strict=True)):
        y = row * ROW + 2
        shown = _short(name)
        lines.append(f'<g class="handbook-chart-row"><title>{escape(name)}: '
                     f'{escape(display.share(c.share))}</title>')
        lines.append(f'<text x="{label_width - 6}" y="{y + 13}" text-anchor="end">'
                     f'{escape(shown)}</text>')
        length = 0.0 if c.share is None else bar_space * c.share / top
        color = MUTED if c.other else PRIMARY
        lines.append(f'<rect class="handbook-chart-bar" x="{label_width}" y="{y + 2}" '
                     f'width="{length:.1f}" height="{BAR_HEIGHT}" rx="2" fill="{color}"/>')
        lines.append(f'<text x="{label_width + length + 4:.1f}" y="{y + 13}">'
                     f'{escape(display.share(c.share))}</text></g>')
    lines.append("</svg>")
    return "\n".join(lines) + "\n"


def _nps_chart(result: MetricResult, label: str, display: Display) -> str:
    parts = dict(result.parts)
    value = result.value if isinstance(result.value, int | float) else 0.0
    score = f"NPS {display.nps(value)}"
    words = {p: display.word(f"nps_{p}") for p in NPS_PARTS}
    shares = "; ".join(f"{words[p]}: {display.share(parts.get(p, 0.0))}" for p in NPS_PARTS)
    summary = f"{score}; {shares} (n = {display.number(result.n)})"
    lines = _open(label, summary, 64)
    lines.append(f'<text x="0" y="14" font-weight="bold">{escape(score)}</text>')
    x = 0.0
    for part in NPS_PARTS:
        length = WIDTH * parts.get(part, 0.0)
        part_words = escape(f"{words[part]}: {display.share(parts.get(part))}")
        lines.append(f'<rect class="handbook-nps-{part}" x="{x:.1f}" y="22" width="{length:.1f}" '
                     f'height="{BAR_HEIGHT + 4}" fill="{NPS_COLORS[part]}"><title>{part_words}</title>'
                     '</rect>')
        x += length
    for index, part in enumerate(NPS_PARTS):
        lx = index * WIDTH // 3
        lines.append(f'<rect x="{lx}" y="48" width="10" height="10" fill="{NPS_COLORS[part]}"/>')
        lines.append(f'<text x="{lx + 14}" y="57">{escape(words[part])} '
                     f'{escape(display.share(parts.get(part)))}</text>')
    lines.append("</svg>")
    return "\n".join(lines) + "\n"

"""What the statistics and history stages add to the pages, shaped for the templates."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from generator.content import jsontext
from generator.content.config import Config
from generator.content.metrics_spec import MetricsSpec
from generator.content.model import Handbook
from generator.site.pages import Extras
from generator.content.problems import Problem

if TYPE_CHECKING:
    from generator.stats.aggregations import MetricResult
    from generator.stats.sources import Provenance
    from generator.history.log import Change, History
    from generator.stats.compute import StatsResult

RECENT_UPDATES = 30


@dataclass(frozen=True)
class StatRow:
    """One metric of one group as a page shows it."""

    label: str
    value: str
    n: int | None
    overall: str
    chart: Markup | None
    source: str


@dataclass(frozen=True)
class StatsTable:
    """A group's statistics and the files they were computed from."""

    rows: list[StatRow]
    provenance: list[str]


@dataclass(frozen=True)
class HistoryEntry:
    date: str
    pr: int | None
    pr_url: str | None
    subject: str
    author: str
    lines: list[str]


def statistics_for(handbook: Handbook, cfg: Config, spec: MetricsSpec | None
            ) -> tuple[StatsResult | None, list[Problem]]:
    """Statistics of the handbook (None without a metrics spec), with their problems."""
    if spec is None:
        return None, []
    from generator.stats.compute import compute_stats

    result = compute_stats(handbook, spec, cfg.data_dir)
    return result, list(result.problems)


def stat_rows(stats: StatsResult, group: Mapping[str, MetricResult], labels: Mapping[str, Any]
              ) -> list[StatRow]:
    """Rows of a statistics table for one segment or persona, in the spec's order."""
    from generator.site.charts import chart_svg

    rows = []
    for metric in stats.metrics:
        result = group.get(metric.id)
        if result is None or result.empty:
            continue
        provenance = stats.source_of(metric.id)
        source = _file_name(provenance) if provenance else metric.source
        overall = stats.overall.get(metric.id)
        svg = None if result.suppressed else chart_svg(result, metric.title)
        rows.append(StatRow(
            metric.title, _value_text(result, stats.min_group_size, labels),
            None if result.suppressed else result.n,
            _value_text(overall, stats.min_group_size, labels)
            if overall is not None and not isinstance(result.value, tuple) else "",
            Markup(_one_block(svg)) if svg else None, source))
    return rows


def _value_text(result: MetricResult, min_size: int, labels: Mapping[str, Any]) -> str:
    from generator.stats.output import format_number, format_share

    if result.suppressed or result.value is None or result.value == ():
        return str(labels["not_enough_data"]).format(min=min_size)
    if isinstance(result.value, tuple):
        return " · ".join(f"{labels['other'] if c.other else c.label} {format_share(c.share)}"
                          for c in result.value[:6])
    if result.agg == "nps":
        return f"{result.value:+.0f}"
    return format_number(result.value)


def _one_block(svg: str) -> str:
    # A blank line would end the raw HTML block and leave half an SVG as Markdown text.
    return "\n".join(line for line in svg.splitlines() if line.strip())


def provenance_lines(stats: StatsResult, rows: list[StatRow]) -> list[str]:
    """`customers.csv · 3f2a9c1b7d40 · 2026-11-20 · 120,000 rows` for each file used."""
    used = {row.source for row in rows}
    lines = []
    for p in stats.provenance.values():
        name = _file_name(p)
        if name in used:
            lines.append(f"{name} · {p.sha256[:12]} · {p.modified[:10]} · {p.rows:,}")
    return lines


def _file_name(provenance: Provenance) -> str:
    return provenance.file.rsplit("/", 1)[-1] or provenance.source


def history_entries(history: History, rel: str, repo_url: str | None,
                    phrases: Mapping[str, str]) -> list[HistoryEntry]:
    """A file's published changes, newest first; changes to private interviews never show."""
    changes = history.of_file(rel)
    if any(change.diff.private for change in changes):
        return []
    return [_entry(change, repo_url, phrases) for change in changes]


def public_changes(history: History) -> list[Change]:
    """Every change, newest first, except all of those to a file that is or was private.

    An interview made confidential (or whose consent was withdrawn) hides its
    earlier, public revisions too: its creation must not show in What's new.
    """
    shown = {id(change) for changes in history.by_file.values()
             if not any(change.diff.private for change in changes) for change in changes}
    return [change for change in history.changes if id(change) in shown]


def _entry(change: Change, repo_url: str | None, phrases: Mapping[str, str]) -> HistoryEntry:
    commit = change.commit
    return HistoryEntry(commit.day.isoformat(), commit.pr, pr_link(repo_url, commit.pr),
                        commit.subject, commit.author, localized(change.lines(), phrases))


def localized(lines: list[str], phrases: Mapping[str, str]) -> list[str]:
    """History lines in the site's language: `phrases` maps English patterns such as
    `moved from segment {old} to {new}` to their translation (labels.yml)."""
    return [_localize(line, phrases) for line in lines]


def _localize(line: str, phrases: Mapping[str, str]) -> str:
    for pattern, translation in phrases.items():
        regex = "^" + re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>.+?)", re.escape(pattern)) + "$"
        match = re.match(regex, line)
        if match:
            return translation.format(**match.groupdict())
    return line


def pr_link(repo_url: str | None, pr: int | None) -> str | None:
    if not repo_url or pr is None:
        return None
    return f"{repo_url.rstrip('/')}/pull/{pr}"


def whats_new(history: History, handbook: Handbook, repo_url: str | None,
              phrases: Mapping[str, str]) -> list[dict[str, Any]]:
    """Recent updates grouped by pull request, each file linked to its page if it has one."""
    from generator.history.feed import group_changes

    groups = []
    for update in group_changes(public_changes(history))[:RECENT_UPDATES]:
        newest = update.changes[0].commit
        groups.append({
            "pr": update.pr, "pr_url": pr_link(repo_url, update.pr), "subject": newest.subject,
            "date": newest.day.isoformat(), "author": "、".join(update.authors),
            "files": [_item(change, handbook, phrases) for change in update.changes]})
    return groups


def _item(change: Change, handbook: Handbook, phrases: Mapping[str, str]) -> dict[str, Any]:
    diff = change.diff
    page, title = None, diff.title or diff.path
    if diff.kind == "persona" and diff.id in handbook.personas:
        page = f"personas/{diff.id}.md"
    elif diff.kind == "segment" and diff.id in handbook.segments:
        page = f"segments/{diff.id}.md"
    elif diff.kind == "interview" and diff.id in handbook.interviews:
        interview = handbook.interviews[diff.id]
        page = f"interviews/{diff.id}.md"
        title = f"{interview.participant} · {interview.date.isoformat()}"
    return {"title": title, "page": page, "lines": localized(change.lines(), phrases)}


def collect_extras(handbook: Handbook, cfg: Config, stats: StatsResult | None,
                   labels: Mapping[str, Any]) -> tuple[Extras, list[str]]:
    """Statistics and history for the pages, with warnings that do not stop a build."""
    from generator.history.feed import feed_xml
    from generator.history.log import collect_history

    history = collect_history(cfg.root, cfg.max_file_bytes)
    warnings = [history.warning] if history.warning else []
    phrases: Mapping[str, str] = labels.get("history_phrases") or {}
    static: dict[str, bytes] = {}
    if stats is not None:
        from generator.stats.compute import stats_json

        static["stats.json"] = jsontext.dumps(stats_json(stats), indent=1,
                                              sort_keys=True).encode("utf-8")
    site_url = cfg.mkdocs.get("site_url")
    if history.changes and site_url:
        static["feed.xml"] = feed_xml(public_changes(history), str(site_url), cfg.site_name,
                                      repo_url=cfg.repo_url).encode("utf-8")
    elif history.changes:
        # Atom ids must be absolute IRIs: without the site's address the feed would be invalid.
        warnings.append("no feed.xml: set site_url in mkdocs.yml (an Atom feed needs the "
                        "site's address)")

    def stats_for(kind: str, id_: str) -> StatsTable | None:
        if stats is None:
            return None
        groups = stats.segments if kind == "segment" else stats.personas
        rows = stat_rows(stats, groups.get(id_, {}), labels)
        return StatsTable(rows, provenance_lines(stats, rows)) if rows else None

    def last_updated(rel: str) -> str | None:
        day = history.last_updated(rel)
        return day.isoformat() if day else None

    extras = Extras(
        stats_table=stats_for,
        data_rows=sum(p.rows for p in stats.provenance.values()) if stats else 0,
        history=lambda rel: history_entries(history, rel, cfg.repo_url, phrases),
        last_updated=last_updated,
        whats_new=whats_new(history, handbook, cfg.repo_url, phrases),
        static_files=static,
    )
    return extras, warnings


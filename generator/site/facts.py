"""What the statistics and history stages add to the pages, gathered once as plain data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.content import jsontext
from generator.content.config import Config
from generator.content.metrics_spec import MetricsSpec
from generator.content.model import Handbook
from generator.history.feed import feed_xml
from generator.history.log import History
from generator.site.changes import HistoryEntry, file_histories, public_changes, whats_new
from generator.site.sanitize import clean_html, safe_url
from generator.site.tables import SourceCount, StatsTable, source_counts, stats_tables
from generator.stats.compute import StatsResult, stats_json
from generator.stats.display import Display


@dataclass(frozen=True)
class PageFacts:
    """Statistics tables, change histories, What's new and extra files for the pages; what
    the data say of each `expect:`, and the discovered segments (see `site.dataviews`)."""

    stats_tables: Mapping[str, StatsTable] = field(default_factory=dict)
    sources: list[SourceCount] = field(default_factory=list)
    histories: Mapping[str, list[HistoryEntry]] = field(default_factory=dict)
    last_updated: Mapping[str, str] = field(default_factory=dict)
    whats_new: list[Any] = field(default_factory=list)
    static_files: Mapping[str, bytes] = field(default_factory=dict)
    expectations: Mapping[str, list[Any]] = field(default_factory=dict)
    contradicted: list[Any] = field(default_factory=list)
    discovery: Any = None


def page_facts(handbook: Handbook, cfg: Config, stats: StatsResult | None, history: History,
               display: Display, spec: MetricsSpec | None = None
               ) -> tuple[PageFacts, list[str]]:
    """Everything the pages need from the other stages, with warnings that do not stop a build."""
    warnings = [history.warning] if history.warning else []
    static = {"stats.json": _stats_file(stats)} if stats is not None else {}
    site_url, repo_url = _address(cfg.mkdocs.get("site_url")), _address(cfg.repo_url)
    if history.changes and site_url:
        static["feed.xml"] = feed_xml(public_changes(history, handbook), site_url,
                                      cfg.site_name, display, repo_url=repo_url,
                                      clean=clean_html).encode("utf-8")
    elif history.changes:
        # Atom ids must be absolute IRIs: without the site's address the feed would be invalid.
        warnings.append("no feed.xml: set site_url in mkdocs.yml (an Atom feed needs the "
                        "site's address)")
    facts = PageFacts(
        stats_tables=stats_tables(stats, display) if stats is not None else {},
        sources=source_counts(stats, spec),
        histories=file_histories(history, repo_url, display),
        last_updated={path: display.date(changes[0].commit.day)
                      for path, changes in history.by_file.items() if changes},
        whats_new=whats_new(history, handbook, repo_url, display),
        static_files=static)
    return facts, warnings


def _address(value: Any) -> str | None:
    """An address from mkdocs.yml the site may link to; None without one or for one that
    could run script (`javascript:`)."""
    return str(value) if value and safe_url(str(value)) is not None else None


def _stats_file(stats: StatsResult) -> bytes:
    return jsontext.dumps(stats_json(stats), indent=1, sort_keys=True).encode("utf-8")

"""What the data say about the handbook, shaped for pages: expectations and discovered segments.

`data_checks` runs once per build: it checks every `expect:` against the
statistics and, when the spec has a `discover:` section, clusters that
source. Pages get display texts in the site's language and charts; a
suppressed figure is shown as "not enough data", never compared.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from generator.content.config import Config
from generator.content.metrics_spec import MetricsSpec
from generator.content.model import Handbook
from generator.content.problems import Problem
from generator.site.facts import PageFacts
from generator.stats.display import Display
from generator.stats.expectations import CONTRADICTED

if TYPE_CHECKING:
    from generator.discover.model import Discovery
    from generator.stats.compute import StatsResult
    from generator.stats.expectations import Check

BADGES = {"confirmed": "ph-status-active ph-expect-confirmed",
          "contradicted": "ph-stale ph-expect-contradicted",
          "not_enough_data": "ph-status-retired ph-expect-not-enough-data",
          "no_data": "ph-status-retired ph-expect-no-data"}


@dataclass(frozen=True)
class ExpectationRow:
    """One expectation as a page shows it."""

    label: str
    expected: str
    actual: str
    n: str
    status: str
    badge: str


@dataclass
class DataChecks:
    """Expectation checks and the discovery of one build, and their problems."""

    checks: list[Check] = field(default_factory=list)
    discovery: Discovery | None = None
    problems: list[Problem] = field(default_factory=list)
    min_group_size: int = 10

    def facts(self, facts: PageFacts, handbook: Handbook, display: Display) -> PageFacts:
        """The pages' facts with the expectations, the review list and the discovery page."""
        from generator.site.discoverview import discover_view

        rows: dict[str, list[ExpectationRow]] = {}
        for check in self.checks:
            rows.setdefault(f"{check.kind}:{check.id}", []).append(
                expectation_row(check, display, self.min_group_size))
        contradicted = [(handbook.personas[c.id], expectation_row(c, display,
                                                                  self.min_group_size))
                        for c in self.checks
                        if c.kind == "persona" and c.status == "contradicted"]
        view = discover_view(self.discovery, handbook, display) if self.discovery else None
        return replace(facts, expectations=rows, contradicted=contradicted, discovery=view)


def contradicted(problems: list[Problem]) -> list[Problem]:
    """Warnings of expectations (`expect:`) that the data contradict."""
    return [p for p in problems if p.code == CONTRADICTED]


def data_checks(handbook: Handbook, cfg: Config, spec: MetricsSpec | None,
                stats: StatsResult | None) -> DataChecks:
    """Check the expectations and discover segments (each only where the spec allows)."""
    found = DataChecks()
    if spec is None or stats is None:
        return found
    from generator.stats.expectations import expectation_checks, expectation_warnings

    found.min_group_size = stats.min_group_size
    found.checks = expectation_checks(handbook, stats)
    found.problems += expectation_warnings(found.checks, cfg.root)
    if spec.discover is not None:
        from generator.discover.run import discover_segments, spec_request

        request = spec_request(spec)
        if request is not None:
            found.discovery, problems = discover_segments(handbook, spec, cfg.data_dir,
                                                          request)
            found.problems += problems
    return found


def expectation_row(check: Check, display: Display, min_size: int) -> ExpectationRow:
    """Display texts of a check; a suppressed figure shows as "not enough data"."""
    if check.actual is None or check.n is None:
        actual = (display.word("not_enough_data", min=min_size)
                  if check.status == "not_enough_data" else display.word("no_data"))
        n = ""
    elif isinstance(check.actual, str):
        share = f" {display.share(check.share)}" if check.share is not None else ""
        actual, n = f"{check.actual}{share}", f"{check.n:,}"
    else:
        shown = display.nps(check.actual) if check.agg == "nps" else display.number(
            check.actual)
        actual, n = shown, f"{check.n:,}"
    return ExpectationRow(check.label, check.expectation.text, actual, n, check.status,
                          BADGES[check.status])

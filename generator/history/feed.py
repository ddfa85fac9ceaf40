"""An Atom 1.0 feed of recent handbook changes, one entry per pull request.

Changes without a pull request are one entry per commit. Confidential
interviews are only counted. The same history gives the same bytes: no
build time anywhere, every date taken from the commits.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from generator.history.describe import describe, subject_text
from generator.history.log import Change
from generator.stats.display import Display

ATOM_NAMESPACE = "http://www.w3.org/2005/Atom"
EPOCH = "1970-01-01T00:00:00Z"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Update:
    """The changes of one pull request (or of one commit without a pull request)."""

    key: str
    pr: int | None
    sha: str
    title: str
    updated: str
    authors: tuple[str, ...]
    changes: tuple[Change, ...]


def group_changes(changes: Iterable[Change]) -> list[Update]:
    """Changes grouped by pull request, in the order of each group's newest change."""
    groups: dict[str, list[Change]] = {}
    for change in changes:
        commit = change.commit
        groups.setdefault(f"pr-{commit.pr}" if commit.pr else f"commit-{commit.sha}",
                          []).append(change)
    updates = []
    for key, members in groups.items():
        newest = members[0].commit
        title = f"#{newest.pr} {newest.subject}" if newest.pr else newest.subject
        authors = tuple(dict.fromkeys(c.commit.author for c in members))
        updates.append(Update(key, newest.pr, newest.sha, title, newest.date, authors,
                              tuple(members)))
    return updates


def feed_xml(changes: Iterable[Change], site_url: str, title: str, display: Display,
             limit: int = 50, repo_url: str | None = None,
             clean: Callable[[str], str] | None = None) -> str:
    """The Atom document of the `limit` most recent updates, newest first.

    Entries link to their pull request or commit when `repo_url` (a
    GitHub-style repository address) is given, otherwise to the site. Every
    value in an entry's HTML is escaped; `clean` (the site's allow-list
    sanitizer) passes over that HTML once more.
    """
    base = site_url.rstrip("/") + "/"
    updates = group_changes(changes)[:limit]
    feed = ET.Element("feed", {"xmlns": ATOM_NAMESPACE})
    _text(feed, "id", base)
    _text(feed, "title", title)
    _text(feed, "updated", max((u.updated for u in updates), default=EPOCH, key=_utc_order))
    ET.SubElement(feed, "link", {"rel": "alternate", "href": base})
    _text(feed, "generator", "Persona Handbook")
    for update in updates:
        feed.append(_entry(update, base, repo_url, display,
                           clean or (lambda html_text: html_text)))
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, "unicode") + "\n"


def _entry(update: Update, base: str, repo_url: str | None, display: Display,
           clean: Callable[[str], str]) -> ET.Element:
    entry = ET.Element("entry")
    _text(entry, "id", f"{base}#{update.key}")
    _text(entry, "title", subject_text(update.title, display))
    _text(entry, "updated", update.updated)
    for name in update.authors:
        _text(ET.SubElement(entry, "author"), "name", name)
    ET.SubElement(entry, "link", {"rel": "alternate", "href": _link(update, base, repo_url)})
    content = _text(entry, "content", clean(_content_html(update.changes, display)))
    content.set("type", "html")
    return entry


def _link(update: Update, base: str, repo_url: str | None) -> str:
    if not repo_url:
        return base
    repo = repo_url.rstrip("/")
    return f"{repo}/pull/{update.pr}" if update.pr else f"{repo}/commit/{update.sha}"


def _content_html(changes: tuple[Change, ...], display: Display) -> str:
    items = []
    for change in changes:
        diff = change.diff
        if diff.private:
            continue
        head = f"<code>{html.escape(diff.id)}</code>" + (
            f" {html.escape(diff.title)}" if diff.title else "")
        lines = "".join(f"<li>{html.escape(line)}</li>" for line in describe(diff, display))
        items.append(f"<li>{head}<ul>{lines}</ul></li>")
    private = sum(1 for c in changes if c.diff.private)
    if private:
        items.append(f"<li>{html.escape(display.word('confidential_changed', count=private))}"
                     "</li>")
    return f"<ul>{''.join(items)}</ul>"


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    child = ET.SubElement(parent, tag)
    child.text = _NOT_XML.sub("", text)
    return child


def _utc_order(stamp: str) -> str:
    return datetime.fromisoformat(stamp).astimezone(UTC).isoformat()

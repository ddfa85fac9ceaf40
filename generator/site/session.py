"""What a generation can reuse from the previous one, and which pages it must render.

A one-off build uses a fresh session: everything is read and every page
rendered. `handbook serve` keeps one session for its whole run: files whose
size and time did not change are not read again, statistics are computed
again only when their inputs changed, the git history only when HEAD moved,
and only the pages that show what an edit changed are rendered — first the
pages *about* the edited files (stage "own"), then the pages that merely
mention them (stage "rest": the segment's page, the home page, comparisons …).
"""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from generator.content.config import Config
from generator.content.discovery import content_ref
from generator.content.model import Handbook
from generator.content.validation import FileCache

if TYPE_CHECKING:
    from generator.history.log import History
    from generator.stats.compute import StatsResult

Stage = Literal["all", "own", "rest"]
T = TypeVar("T")
EVERYTHING = "*"
REST_CHUNK = 200  # pages of stage "rest" per round, so that a new edit need not wait long
_GLOBAL_PARTS = ("mkdocs.yml", "site_templates/")


class Session:
    """Caches of one generator run after another, and the keys of what changed."""

    def __init__(self) -> None:
        self.files = FileCache()
        self.stage: Stage = "all"
        self.keys: set[str] = set()
        self.rendered: set[str] = set()
        self.more = False
        self._chunk = 0
        self._handbook: Handbook | None = None
        self._stats: tuple[str, StatsResult | None] | None = None
        self._history: tuple[str, History] | None = None
        self._made: dict[str, tuple[Any, Any]] = {}

    def begin(self, paths: Iterable[str]) -> None:
        """A new round after edits to `paths` (relative to the handbook): own pages first.

        What an unfinished round still had to render stays wanted.
        """
        self.stage = "own"
        paths = list(paths)
        if any(p.startswith(_GLOBAL_PARTS) for p in paths):
            self.keys.add(EVERYTHING)
        if any(p.startswith("docs/") for p in paths):
            self.keys.add("guides")
        self.rendered = set()
        self.files.expect(paths)

    def finish(self) -> None:
        """The round is complete: every page that showed a change is rendered."""
        self.keys, self.rendered, self.more = set(), set(), False

    def next_stage(self) -> None:
        """After the own pages: the pages that mention what changed, a chunk at a time."""
        self.stage, self.more, self._chunk = "rest", False, 0
        self.files.expect([])

    def note(self, handbook: Handbook) -> None:
        """Turn the files read again into keys of what changed (call once validation is done)."""
        previous, self._handbook = self._handbook, handbook
        if previous is None:
            self.files.take_reloaded()
            return
        for rel in self.files.take_reloaded():
            self.keys |= changed_keys(rel, previous, handbook)

    def wanted(self, path: str, own: str, deps: frozenset[str]) -> bool:
        """Whether to render a page now (see `pages.Wanted`)."""
        if self.stage == "all":
            return True
        if self.stage == "own":
            chosen = own in self.keys and EVERYTHING not in self.keys
        else:
            chosen = path not in self.rendered and (
                EVERYTHING in self.keys or not deps.isdisjoint(self.keys))
            if chosen and self._chunk >= REST_CHUNK:
                self.more = True
                return False
            self._chunk += chosen
        if chosen:
            self.rendered.add(path)
        return chosen

    def statistics(self, cfg: Config, handbook: Handbook,
                   compute: Callable[[], StatsResult | None]) -> StatsResult | None:
        """The statistics, computed again only when the data or the handbook's groups moved."""
        key = _stats_key(cfg.data_dir, handbook, self.files)
        if self._stats is None or self._stats[0] != key:
            if self._stats is not None:
                self.keys.add("stats")
            self._stats = (key, compute())
        return self._stats[1]

    def reuse(self, name: str, source: Any, make: Callable[[], T]) -> T:
        """`make()`, unless `source` equals what `name` was made from the last time."""
        made = self._made.get(name)
        if made is None or made[0] != source:
            made = self._made[name] = (source, make())
        return cast(T, made[1])

    def history(self, root: Path, collect: Callable[[], History]) -> History:
        """The git history, read again only when HEAD moved."""
        head = _git_head(root)
        if self._history is None or self._history[0] != head:
            if self._history is not None:
                self.keys.add(EVERYTHING)
            self._history = (head, collect())
        return self._history[1]


def changed_keys(rel: str, old: Handbook, new: Handbook) -> set[str]:
    """What a changed content file changes: itself, its kind, and whose evidence it is."""
    ref = content_ref(rel)
    if ref is None:
        return set()
    if ref.kind != "interview":
        keys = {f"{ref.kind}:{ref.id}", f"{ref.kind}s"}
        # Pages that only name personas and segments need no new rendering otherwise.
        if _name(old, ref.kind, ref.id) != _name(new, ref.kind, ref.id):
            keys.add("names")
        return keys
    cited = {p for hb in (old, new) if ref.id in hb.interviews
             for p in hb.interviews[ref.id].personas}
    return {f"interview:{ref.id}", "interviews", *(f"evidence:{p}" for p in cited)}


def _name(handbook: Handbook, kind: str, id_: str) -> str | None:
    """The name a persona or segment goes by, None when the handbook has no such one."""
    found = (handbook.personas if kind == "persona" else handbook.segments).get(id_)
    return found.name if found is not None else None


def names(handbook: Handbook) -> tuple[tuple[str, str], ...]:
    """Every id with the name shown for it (What's new and the feed name what changed)."""
    return (*((s.id, s.name) for s in handbook.segments.values()),
            *((p.id, p.name) for p in handbook.personas.values()))


def expectations(handbook: Handbook) -> str:
    """What the segments and personas expect of the data (`expect:`), to tell a change."""
    return repr([(s.id, s.data.get("expect")) for s in handbook.segments.values()]
                + [(p.id, p.data.get("expect")) for p in handbook.personas.values()])


def _stats_key(data_dir: Path, handbook: Handbook, files: FileCache) -> str:
    digest = hashlib.sha256()
    for path in sorted(data_dir.rglob("*")) if data_dir.is_dir() else []:
        if path.is_file():
            stat = path.stat()
            digest.update(f"{path}\0{stat.st_mtime_ns}\0{stat.st_size}\n".encode())
    for ids in (handbook.segments, handbook.personas):
        digest.update(("\0".join(ids) + "\n").encode())
    interviews: list[Any] = [(rel, stamp) for rel, (stamp, _) in files.entries.items()
                             if rel.startswith("interviews/")]
    digest.update(repr(interviews).encode())
    return digest.hexdigest()


def _git_head(root: Path) -> str:
    try:
        done = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"],
                              capture_output=True, text=True, check=False, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""

"""Every page of the generated MkDocs project, rendered from the handbook.

`plan_site` returns the whole generated project as {relative path: bytes}
plus its nav; nothing is written here. Each page names what it shows (its
dependencies, e.g. `persona:lin-xiao`, `interviews`), so that a caller that
keeps the previous project (`handbook serve`) can render only the pages an
edit touches; the others are listed as kept.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from jinja2 import Environment

from generator.content.config import Config
from generator.content.images import avatar_source, image_problem
from generator.content.model import Handbook, Interview, Persona
from generator.content.sitefiles import guide_text, guide_title, guides
from generator.site import fanout, render, views
from generator.site.facts import PageFacts
from generator.site.sanitize import safe_html
from generator.stats.display import Display

# Material's `hide:` values a guide may use.
GUIDE_HIDES = frozenset({"navigation", "toc", "footer", "path", "tags", "feedback"})


def html(text: str) -> str:
    """Text for page titles, descriptions, tags and nav, which the theme prints unescaped."""
    return str(render.html_text(text))


def html_list(values: Any) -> list[str]:
    return [html(v) for v in values or []]


def avatar_file(persona: Persona) -> str | None:
    """Where a persona's avatar image goes in the generated docs, if it has one."""
    avatar = persona.data.get("avatar")
    return f"assets/avatars/{persona.id}{Path(avatar).suffix.lower()}" if avatar else None


# Whether to render a page: (path, the key of what it is about, every key it shows).
Wanted = Callable[[str, str, frozenset[str]], bool]


def _every_page(path: str, own: str, deps: frozenset[str]) -> bool:
    return True


@dataclass
class SitePlan:
    """The generated project: files by path, the nav, and pages left as they were."""

    files: dict[str, bytes] = field(default_factory=dict)
    nav: list[Any] = field(default_factory=list)
    not_in_nav: list[str] = field(default_factory=list)
    kept: set[str] = field(default_factory=set)
    wanted: Wanted = _every_page
    pending: list[tuple[str, Callable[[], str]]] = field(default_factory=list)

    def add(self, path: str, text: str) -> None:
        self.files[path] = text.encode("utf-8")

    def page(self, path: str, own: str, deps: set[str], render: Callable[[], str]) -> None:
        """Render a page (see `render_pending`) if it is wanted, else keep the previous one."""
        if self.wanted(path, own, frozenset({own, *deps})):
            self.pending.append((path, render))
        else:
            self.kept.add(path)

    def render_pending(self) -> None:
        """Render the wanted pages, all at once (in worker processes when there are many)."""
        texts = fanout.render_all([render for _, render in self.pending])
        self.files.update(zip((path for path, _ in self.pending), texts, strict=True))
        self.pending.clear()


@dataclass(frozen=True)
class _Context:
    handbook: Handbook
    cfg: Config
    env: Environment
    display: Display
    today: date
    facts: PageFacts

    @property
    def t(self) -> Mapping[str, Any]:
        return self.display.words

    def render(self, template: str, depth: int, **values: Any) -> str:
        return render.render_page(self.env, template, handbook=self.handbook, t=self.t,
                                  today=self.today, base=render.Markup("../" * depth),
                                  site_name=self.cfg.site_name, **values)


@lru_cache(maxsize=4)
def _environment(root: Path, folders: tuple[Path, ...]) -> Environment:
    """The page templates' environment, kept while the template folders stay the same
    (Jinja2 reloads a template whose file changed)."""
    env = render.environment(root)
    env.globals["avatar_file"] = avatar_file
    return env


def plan_site(handbook: Handbook, cfg: Config, today: date, display: Display,
              facts: PageFacts, wanted: Wanted = _every_page) -> SitePlan:
    """Render every page (or those `wanted`) and collect the files of the generated project."""
    env = _environment(cfg.root, tuple(render.template_dirs(cfg.root)))
    env.filters["day"] = display.date
    env.globals["split_questions"] = views.split_questions
    ctx = _Context(handbook, cfg, env, display, today, facts)
    plan = SitePlan(wanted=wanted)
    guide_nav = _guides(cfg.root, plan)
    _home(ctx, plan, guide_nav)
    segment_nav = [_segment(ctx, plan, segment_id) for segment_id in handbook.segments]
    for persona in handbook.personas.values():
        _persona(ctx, plan, persona)
    _interviews(ctx, plan)
    compare_nav = _compare(ctx, plan)
    _simple_pages(ctx, plan)
    t = ctx.t
    plan.nav = [{t["home"]: "index.md"}, {t["segments"]: segment_nav},
                {t["interviews"]: "interviews/index.md"}, {t["compare"]: compare_nav},
                {t["review"]: "review.md"}, {t["whats_new"]: "whats-new.md"},
                {t["tags"]: "tags.md"}]
    if _discover(ctx, plan):
        plan.nav.insert(2, {t["discover"]: "discover.md"})
    if guide_nav:
        plan.nav.append({t["guides"]: guide_nav})
    plan.not_in_nav = ["/interviews/*.md", "!/interviews/index.md"]
    plan.files.update(facts.static_files)
    plan.render_pending()
    return plan


def _home(ctx: _Context, plan: SitePlan, guides: list[Any]) -> None:
    by_segment = {s: ctx.handbook.personas_of(s) for s in ctx.handbook.segments}
    meta = {"title": ctx.t["home"], "hide": ["navigation"]}
    # Nav titles are already HTML-escaped text.
    links = [(render.Markup(title), path) for entry in guides for title, path in entry.items()]
    plan.page("index.md", "home", {"personas", "segments", "interviews", "stats", "guides"},
              lambda: ctx.render(
                  "home.md.j2", 0, meta=meta, personas_by_segment=by_segment,
                  sources=ctx.facts.sources, guides=links,
                  published_interviews=len(views.public_interviews(ctx.handbook))))


def _segment(ctx: _Context, plan: SitePlan, segment_id: str) -> dict[str, list[Any]]:
    hb = ctx.handbook
    segment = hb.segments[segment_id]
    personas = hb.personas_of(segment_id)
    deps = {"stats", "history", *(f"persona:{p.id}" for p in personas),
            *(f"evidence:{p.id}" for p in personas)}
    plan.page(f"segments/{segment_id}.md", f"segment:{segment_id}", deps,
              partial(_segment_page, ctx, segment_id))
    return {html(segment.name): [f"segments/{segment_id}.md",
                                 *({html(p.name): f"personas/{p.id}.md"} for p in personas)]}


def _segment_page(ctx: _Context, segment_id: str) -> str:
    hb = ctx.handbook
    segment = hb.segments[segment_id]
    interviews = views.segment_interviews(hb, segment_id)
    meta = {"title": html(segment.name), "description": html(segment.summary),
            "tags": html_list(segment.data.get("tags"))}
    return ctx.render(
        "segment.md.j2", 1, page_path=f"segments/{segment_id}.md", meta=meta, segment=segment,
        personas=hb.personas_of(segment_id), interviews=interviews,
        obstacles=views.most_cited(interviews, "obstacles"),
        competitors=views.most_cited(interviews, "competitors"),
        stats=ctx.facts.stats_tables.get(f"segment:{segment_id}"),
        expectations=ctx.facts.expectations.get(f"segment:{segment_id}", []),
        last_updated=ctx.facts.last_updated.get(segment.source))


def _persona(ctx: _Context, plan: SitePlan, persona: Persona) -> None:
    hb = ctx.handbook
    related = [hb.personas[r] for r in persona.data.get("related") or [] if r in hb.personas]
    deps = {f"segment:{persona.segment_id}", f"evidence:{persona.id}", "stats", "history",
            *(f"persona:{r.id}" for r in related)}
    plan.page(f"personas/{persona.id}.md", f"persona:{persona.id}", deps,
              partial(_persona_page, ctx, persona, related))
    target = avatar_file(persona)
    source = avatar_source(hb.root, persona.source, persona.data["avatar"]) if target else None
    # Validation refuses a build with an outside or unsafe avatar; never copy one regardless.
    if target and source is not None and source.is_file() and image_problem(source) is None:
        plan.files[target] = source.read_bytes()


def _persona_page(ctx: _Context, persona: Persona, related: list[Persona]) -> str:
    hb = ctx.handbook
    meta = {"title": html(persona.name), "description": html(persona.tagline),
            "tags": html_list(persona.data.get("tags")), "hide": ["toc"]}
    return ctx.render(
        "persona.md.j2", 1, page_path=f"personas/{persona.id}.md", meta=meta, persona=persona,
        segment=hb.segments[persona.segment_id], evidence=views.evidence_for(hb, persona.id),
        related=related, stats=ctx.facts.stats_tables.get(f"persona:{persona.id}"),
        expectations=ctx.facts.expectations.get(f"persona:{persona.id}", []),
        history=ctx.facts.histories.get(persona.source, []),
        last_updated=ctx.facts.last_updated.get(persona.source))


def _interviews(ctx: _Context, plan: SitePlan) -> None:
    public = views.public_interviews(ctx.handbook)
    plan.page("interviews/index.md", "index:interviews", {"names", "interviews"},
              lambda: ctx.render("interviews.md.j2", 1, meta={
                  "title": ctx.t["interviews"], "search": {"exclude": True}},
                  interviews=public))
    for interview in public:
        deps = {"history", *(f"persona:{p}" for p in interview.personas)}
        plan.page(f"interviews/{interview.id}.md", f"interview:{interview.id}", deps,
                  partial(_interview_page, ctx, interview))


def _interview_page(ctx: _Context, interview: Interview) -> str:
    meta = {"title": html(f"{interview.participant} · {interview.date.isoformat()}"),
            "tags": html_list(interview.field("tags"))}
    return ctx.render("interview.md.j2", 1, page_path=f"interviews/{interview.id}.md",
                      meta=meta, interview=interview,
                      personas=[ctx.handbook.personas[p] for p in interview.personas],
                      last_updated=ctx.facts.last_updated.get(interview.source))


def _compare(ctx: _Context, plan: SitePlan) -> list[Any]:
    hb = ctx.handbook
    groups = [("index", ctx.t["all_personas"], list(hb.personas.values()))]
    groups += [(s.id, s.name, hb.personas_of(s.id)) for s in hb.segments.values()]
    nav: list[Any] = []
    for slug, title, everyone in groups:
        deps = {"personas"} if slug == "index" else {f"persona:{p.id}" for p in everyone}
        plan.page(f"compare/{slug}.md", f"compare:{slug}", {f"segment:{slug}", *deps},
                  partial(_compare_page, ctx, title, everyone))
        nav.append({html(title): f"compare/{slug}.md"})
    return nav


def _compare_page(ctx: _Context, title: str, everyone: list[Persona]) -> str:
    personas = [p for p in everyone if p.status != "retired"]
    rows = [(key, [views.compare_cell(p, path) for p in personas])
            for key, path in views.COMPARE_ROWS]
    meta = {"title": html(f"{ctx.t['compare']}: {title}"), "search": {"exclude": True},
            "hide": ["toc"]}
    return ctx.render("compare.md.j2", 1, meta=meta, title=title, personas=personas, rows=rows,
                      retired=[p for p in everyone if p.status == "retired"])


def _simple_pages(ctx: _Context, plan: SitePlan) -> None:
    hb, t = ctx.handbook, ctx.t
    excluded = {"search": {"exclude": True}}
    plan.page("review.md", "review", {"personas", "interviews", "stats"}, lambda: ctx.render(
        "review.md.j2", 0, meta={"title": t["review"], **excluded},
        stale=views.stale_personas(hb, ctx.today),
        without_evidence=views.personas_without_evidence(hb), drafts=views.drafts(hb),
        contradicted=ctx.facts.contradicted))
    plan.page("tags.md", "tags", set(), lambda: ctx.render(
        "tags.md.j2", 0, meta={"title": t["tags"], "hide": ["toc"], **excluded}))
    plan.page("whats-new.md", "whats-new", {"history", "names", "interviews"},
              lambda: ctx.render("whats_new.md.j2", 0, meta={"title": t["whats_new"], **excluded},
                                 groups=ctx.facts.whats_new,
                                 feed="feed.xml" in ctx.facts.static_files))


def _discover(ctx: _Context, plan: SitePlan) -> bool:
    """The "Segments in the data" page, when the metrics spec asks for a discovery."""
    if ctx.facts.discovery is None:
        return False
    view = ctx.facts.discovery
    plan.page("discover.md", "discover", {"stats", "segments", "personas"}, lambda: ctx.render(
        "discover.md.j2", 0, meta={"title": ctx.t["discover"]}, view=view))
    return True


def _guides(root: Path, plan: SitePlan) -> list[Any]:
    """The hand-written pages of docs/ under guides/, rendered and sanitized like every body
    (titled by their front matter or first heading); their pictures and PDFs copied."""
    docs, found, nav = root / "docs", guides(root), []
    for path in found.files:
        plan.files[f"guides/{path.relative_to(docs).as_posix()}"] = path.read_bytes()
    for path in found.pages:
        page = f"guides/{path.relative_to(docs).as_posix()}"
        meta, body = guide_text(path.read_text(encoding="utf-8", errors="replace"))
        title = guide_title(meta, body, path)
        kept = {"title": html(title), "description": html(meta.get("description") or ""),
                "tags": html_list(meta.get("tags") if isinstance(meta.get("tags"), list) else []),
                "hide": [h for h in meta.get("hide") or [] if h in GUIDE_HIDES]}
        plan.add(page, render.front_matter({k: v for k, v in kept.items() if v})
                 + "\n" + safe_html(body, page=page) + "\n")
        nav.append({html(title): page})
    return nav

"""Rules across files: unique ids, references, b2b sections, consent, and review warnings."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

from generator.content.images import avatar_source, image_problem
from generator.content.loading import ID_PATTERN, SEGMENT_FILE, LoadedFile, format_path
from generator.content.model import DEFAULT_REVIEW_DAYS, is_stale, review_due
from generator.content.problems import Problem
from generator.content.schema_check import did_you_mean


def _at(loaded: LoadedFile, parts: list[str | int], message: str, hint: str, code: str,
        severity: str = "error") -> Problem:
    line, column = loaded.position(parts)
    return Problem(loaded.source.rel, line, column, format_path(parts), message, hint,
                   "warning" if severity == "warning" else "error", code)


def id_problems(files: list[LoadedFile]) -> list[Problem]:
    """Ids that are not valid ids, or used by more than one file."""
    problems = []
    by_id: dict[str, list[LoadedFile]] = defaultdict(list)
    for loaded in files:
        source = loaded.source
        by_id[source.id].append(loaded)
        if not ID_PATTERN.match(source.id):
            what = "folder" if source.kind == "segment" else "file"
            problems.append(Problem(
                source.rel, 1, 1, "$", f"{what} name `{source.id}` is not a valid id",
                "rename it using lowercase letters a-z, digits and hyphens, e.g. lin-xiao",
                code="id.invalid"))
    for id_, owners in by_id.items():
        if len(owners) < 2:
            continue
        for loaded in owners:
            others = ", ".join(o.source.rel for o in owners if o is not loaded)
            problems.append(Problem(
                loaded.source.rel, 1, 1, "$", f"id `{id_}` is also used by {others}",
                "ids are unique across the whole handbook: rename one of the files",
                code="id.duplicate"))
    return problems


def reference_problems(files: list[LoadedFile], persona_ids: list[str]) -> list[Problem]:
    """`personas` of interviews and `related` of personas that name no persona."""
    known = set(persona_ids)
    problems = []
    for loaded in files:
        key = {"interview": "personas", "persona": "related"}.get(loaded.source.kind)
        values = (loaded.data or {}).get(key or "", [])
        if not key or not isinstance(values, list):
            continue
        for index, ref in enumerate(values):
            if isinstance(ref, str) and ref not in known:
                hint = did_you_mean(ref, persona_ids) or (
                    "persona ids are the file names under personas/<segment>/, without .md")
                problems.append(_at(loaded, [key, index], f"no persona with id `{ref}`", hint,
                                    "ref.unknown-persona"))
    return problems


def segment_problems(files: list[LoadedFile], segment_dirs: list[str]) -> list[Problem]:
    """Segment folders without _segment.md, b2b sections in the wrong segments."""
    segments = {f.source.id: f for f in files if f.source.kind == "segment"}
    problems = [
        Problem(f"personas/{name}/", 1, 1, "$",
                f"segment folder `{name}` has no {SEGMENT_FILE}",
                f"create personas/{name}/{SEGMENT_FILE} (run `handbook new segment {name}`)",
                code="segment.missing-file")
        for name in segment_dirs if name not in segments
    ]
    for loaded in files:
        segment = segments.get(loaded.source.segment_id or "")
        if loaded.source.kind != "persona" or segment is None or not loaded.data:
            continue
        kind = (segment.data or {}).get("kind")
        has_b2b = "b2b" in loaded.data
        if kind == "b2b" and not has_b2b:
            problems.append(_at(
                loaded, [], f"personas in the b2b segment `{segment.source.id}` need a `b2b` "
                "section", "add `b2b:` with industry, company_size, business_stage, "
                "decision_role, buying_center, problems", "b2b.missing"))
        elif kind == "b2c" and has_b2b:
            problems.append(_at(
                loaded, ["b2b"], f"segment `{segment.source.id}` is b2c: its personas have no "
                "`b2b` section", "remove the `b2b` section, or move the persona to a b2b "
                "segment", "b2b.forbidden"))
    return problems


def avatar_problems(files: list[LoadedFile], root: Path) -> list[Problem]:
    """Avatar images that are missing, outside the handbook, or unsafe to publish."""
    problems = []
    for loaded in files:
        avatar = (loaded.data or {}).get("avatar")
        if loaded.source.kind == "persona" and isinstance(avatar, str):
            found = _avatar_problem(root, loaded.source.rel, avatar)
            if found:
                problems.append(_at(loaded, ["avatar"], *found))
    return problems


def _avatar_problem(root: Path, rel: str, avatar: str) -> tuple[str, str, str] | None:
    """(message, hint, code) of what is wrong with a persona's avatar, or None."""
    path = avatar_source(root, rel, avatar)
    if path is None:
        return (f"avatar image `{avatar}` is outside the handbook (an absolute path, a `../` "
                "that climbs out, or a link): it is not published",
                "put the image itself next to the persona file", "persona.avatar-outside")
    if not path.is_file():
        return (f"avatar image `{avatar}` not found next to the persona file",
                "put the image in the same folder as the persona file, or remove `avatar`",
                "persona.avatar-missing")
    unsafe = image_problem(path)
    if unsafe:
        return (f"avatar image `{avatar}` is not published: {unsafe}",
                "use a plain picture: PNG, JPEG, WebP, or an SVG with shapes and text only",
                "persona.avatar-unsafe")
    return None


def consent_problems(files: list[LoadedFile]) -> list[Problem]:
    """Interviews without consent must be confidential: they can never be published."""
    return [
        _at(loaded, ["consent"], "consent is false but the interview is not confidential",
            "set `confidential: true` (it then counts in statistics but is never published), "
            "or get the participant's consent", "interview.consent")
        for loaded in files
        if loaded.source.kind == "interview" and loaded.data
        and loaded.data.get("consent") is False and not loaded.data.get("confidential", False)
    ]


def review_warnings(files: list[LoadedFile], today: date) -> list[Problem]:
    """Stale personas, personas no interview cites, segments without personas."""
    # A `personas:` that is not a list is the schema's error; it cites nobody here.
    cited = {ref for f in files if f.source.kind == "interview" and f.data
             and isinstance(f.data.get("personas"), list)
             for ref in f.data["personas"] if isinstance(ref, str)}
    populated = {f.source.segment_id for f in files if f.source.kind == "persona"}
    warnings = []
    for loaded in files:
        data, source = loaded.data or {}, loaded.source
        if source.kind == "segment" and source.id not in populated:
            warnings.append(_at(loaded, [], "segment has no personas yet",
                                f"add one with `handbook new persona {source.id}/<id>`",
                                "segment.empty", "warning"))
        if source.kind != "persona" or data.get("status") == "retired":
            continue
        stale_since = _stale_since(data, today)
        if stale_since is not None:
            warnings.append(_at(
                loaded, ["last_validated"],
                f"stale since {stale_since}: last validated {data['last_validated']}, "
                f"review every {data.get('review_every_days', DEFAULT_REVIEW_DAYS)} days",
                "check the persona against fresh interviews or data, then update "
                "`last_validated`", "persona.stale", "warning"))
        if source.id not in cited:
            warnings.append(_at(loaded, [], "no interview cites this persona",
                                "add an interview that lists it under `personas:`",
                                "persona.uncited", "warning"))
    return warnings


def _stale_since(data: dict[str, object], today: date) -> date | None:
    try:
        validated = date.fromisoformat(str(data.get("last_validated")))
        days = int(data.get("review_every_days", DEFAULT_REVIEW_DAYS))  # type: ignore[call-overload]
    except (TypeError, ValueError, OverflowError):
        return None
    if not is_stale(str(data.get("status")), validated, days, today):
        return None
    return review_due(validated, days)

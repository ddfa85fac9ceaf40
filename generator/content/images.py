"""Images the site publishes (avatars, pictures of `docs/`): really images, and inert.

An SVG is a document that a browser runs when it is opened on its own: one
that carries a script, an event handler, a `<foreignObject>` (HTML inside),
an animation that sets a link, or a reference to anything outside itself
(`href` not starting with `#`, CSS `url()` or `@import` of another address)
is refused. Other formats must be what their name says, by their first bytes.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

import filetype
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from generator.content.paths import inside_root

RASTER = {".png": "png", ".jpg": "jpg", ".jpeg": "jpg", ".gif": "gif", ".webp": "webp"}
IMAGE_SUFFIXES = frozenset({".svg", *RASTER})
MAX_IMAGE_BYTES = 5_000_000
_SVG = "{http://www.w3.org/2000/svg}svg"
_FORBIDDEN_ELEMENTS = frozenset({"script", "foreignobject", "iframe", "embed", "object",
                                 "handler", "listener"})
_ANIMATIONS = frozenset({"set", "animate", "animatemotion", "animatetransform"})
_OUTSIDE_URL = re.compile(r"url\(\s*(?!['\"]?\s*#)|@import|expression\(", re.I)


def avatar_source(root: Path, persona_rel: str, avatar: str) -> Path | None:
    """The avatar file of a persona (relative to the persona file), if inside the handbook."""
    return inside_root(root, (root / persona_rel).parent / avatar)


def image_problem(path: Path) -> str | None:
    """Why the image file at `path` must not be published, in plain words; None if fine."""
    suffix = path.suffix.lower()
    if suffix not in IMAGE_SUFFIXES:
        return f"`{suffix}` is not an image type the site publishes (SVG, PNG, JPEG, GIF, WebP)"
    if path.stat().st_size > MAX_IMAGE_BYTES:
        return f"the image is over {MAX_IMAGE_BYTES:,} bytes"
    data = path.read_bytes()
    if suffix == ".svg":
        return svg_problem(data)
    found = filetype.guess_extension(data)
    if found != RASTER[suffix]:
        return (f"the file is not a {RASTER[suffix].upper()} image"
                + (f" (its bytes say {found.upper()})" if found else "")
                + ": rename it after its real type or export it again")
    return None


def svg_problem(data: bytes) -> str | None:
    """What makes an SVG unsafe to publish (scripts, handlers, outside references), or None."""
    if b"<?xml-stylesheet" in data:
        return "the SVG loads a style sheet from another file"
    try:
        tree = fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except (ParseError, DefusedXmlException, ValueError) as exc:
        return f"the SVG is not well-formed XML without entities ({exc.__class__.__name__})"
    if tree.tag != _SVG:
        return "the file is not an SVG image (its root element is not <svg>)"
    for element in tree.iter():
        problem = _element_problem(element)
        if problem:
            return problem
    return None


def _local_name(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def _element_problem(element: Element) -> str | None:
    name = _local_name(str(element.tag))
    if name in _FORBIDDEN_ELEMENTS:
        return f"the SVG has a <{name}> element (scripts and embedded documents are refused)"
    if name == "style" and _OUTSIDE_URL.search(element.text or ""):
        return "the SVG's style refers to another file (url() or @import)"
    for attribute, value in element.attrib.items():
        local = _local_name(attribute)
        if local.startswith("on"):
            return f"the SVG has an event handler `{local}` on <{name}>"
        if local == "href" and not value.strip().startswith("#"):
            return f"the SVG refers to something outside itself: <{name} {local}=…>"
        if local == "attributename" and name in _ANIMATIONS and "href" in value.lower():
            return f"the SVG has an animation that changes a link (<{name}>)"
        if _OUTSIDE_URL.search(value):
            return f"the SVG's `{local}` on <{name}> refers to another file (url() or @import)"
    return None

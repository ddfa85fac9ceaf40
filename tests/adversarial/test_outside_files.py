"""Class 2 of the trust issue: files from outside the handbook never reach the site.

Each case starts from a handbook whose site is built, adds one hostile file
(a link to a system file, to CI's environment, to a file or folder outside
the handbook, a path that climbs out, an SVG that would run or fetch
something, a picture that is not one), and builds again with the real
command: a located error, exit 1, the site untouched, and no byte of the
outside file in the site, the generated project or the report.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.adversarial.harness import copy_valid, handbook, snapshot
from tests.conftest import TODAY

pytestmark = pytest.mark.xdist_group("build")

SECRET = "outside-secret-7f3a9c"  # in every outside file, and in the build's environment
LIN = "personas/commuters/lin-xiao.md"
PASSWD = Path("/etc/passwd")
ENVIRON = Path("/proc/self/environ")


@dataclass(frozen=True)
class Case:
    """A hostile change to a built handbook and the problem it must give."""

    id: str
    make: Callable[[Path, Path], None]
    where: str
    message: str


def link(rel: str, target: Callable[[Path], Path]) -> Callable[[Path, Path], None]:
    """Put a symbolic link at `rel` in the handbook, pointing at `target(outside)`."""
    def make(root: Path, outside: Path) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() or path.is_symlink():
            path.unlink()
        path.symlink_to(target(outside))
    return make


def avatar(value: str, image: tuple[str, bytes] | None = None) -> Callable[[Path, Path], None]:
    """Give lin-xiao `avatar: value` (formatted with the outside folder), optionally writing
    an image file (name, bytes) next to her."""
    def make(root: Path, outside: Path) -> None:
        persona = root / LIN
        text = persona.read_text(encoding="utf-8")
        persona.write_text(text.replace("status: active\n", "status: active\navatar: "
                                        f"{value.format(outside=outside)}\n", 1),
                           encoding="utf-8")
        if image:
            (persona.parent / image[0]).write_bytes(image[1])
    return make


def both(*steps: Callable[[Path, Path], None]) -> Callable[[Path, Path], None]:
    def make(root: Path, outside: Path) -> None:
        for step in steps:
            step(root, outside)
    return make


def svg(inner: str, attributes: str = "") -> bytes:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
            f' viewBox="0 0 10 10"{attributes}><title>{SECRET}</title>{inner}</svg>').encode()


def metrics(root: Path, outside: Path) -> None:
    (root / "data").mkdir(exist_ok=True)
    (root / "data" / "metrics.yml").write_text(
        "sources:\n  crm:\n    file: customers.csv\n    segment: segment\n"
        "metrics:\n  - {id: n, label: 客户数, source: crm, agg: count}\n", encoding="utf-8")


AVATAR_AT = rf"{LIN}:\d+:\d+: \$\.avatar: avatar image"
CASES = [
    Case("avatar-link-to-passwd", both(avatar("me.png"), link("personas/commuters/me.png",
         lambda o: PASSWD)), AVATAR_AT, "outside the handbook"),
    Case("avatar-link-to-environ", both(avatar("me.png"), link("personas/commuters/me.png",
         lambda o: ENVIRON)), AVATAR_AT, "outside the handbook"),
    Case("avatar-link-to-outside-file", both(avatar("me.png"), link(
         "personas/commuters/me.png", lambda o: o / "secret.png")), AVATAR_AT,
         "outside the handbook"),
    Case("avatar-absolute-path", avatar("{outside}/secret.png"), AVATAR_AT,
         "outside the handbook"),
    Case("avatar-climbs-out", avatar("../../../outside/secret.png"), AVATAR_AT,
         "outside the handbook"),
    Case("avatar-link-loop", both(avatar("loop.png"), link("personas/commuters/loop.png",
         lambda o: Path("loop.png"))), AVATAR_AT, "outside the handbook"),
    Case("persona-file-link", link("personas/commuters/evil.md", lambda o: o / "persona.md"),
         r"personas/commuters/evil\.md:1:1: \$:", "leads outside personas/"),
    Case("segment-folder-link", link("personas/evil", lambda o: o / "segment"),
         r"personas/evil:1:1: \$:", "leads outside personas/"),
    Case("interview-file-link", link("interviews/evil.md", lambda o: o / "interview.md"),
         r"interviews/evil\.md:1:1: \$:", "leads outside interviews/"),
    Case("interview-folder-link", link("interviews/2026", lambda o: o / "notes"),
         r"interviews/2026:1:1: \$:", "leads outside interviews/"),
    Case("guide-file-link", link("docs/howto.md", lambda o: o / "guide.md"),
         r"docs/howto\.md:1:1: \$:", "leads outside docs/"),
    Case("guide-folder-link", link("docs/shared", lambda o: o / "notes"),
         r"docs/shared:1:1: \$:", "leads outside docs/"),
    Case("guide-link-to-passwd", link("docs/passwd.md", lambda o: PASSWD),
         r"docs/passwd\.md:1:1: \$:", "leads outside docs/"),
    Case("template-link-to-passwd", link("site_templates/persona.md.j2", lambda o: PASSWD),
         r"site_templates/persona\.md\.j2:1:1: \$:", "leads outside site_templates/"),
    Case("settings-link-to-outside", link("mkdocs.yml", lambda o: o / "mkdocs.yml"),
         r"mkdocs\.yml:1:1: \$:", "leads outside the handbook"),
    Case("data-file-link", both(metrics, link("data/customers.csv", lambda o: o / "data.csv")),
         r"data/metrics\.yml:\d+:\d+: \$\.sources\.crm\.file:", "outside data/"),
    Case("svg-script", avatar("me.svg", ("me.svg", svg("<script>alert(1)</script>"))),
         AVATAR_AT, "<script>"),
    Case("svg-onload", avatar("me.svg", ("me.svg", svg("", ' onload="alert(1)"'))),
         AVATAR_AT, "event handler `onload`"),
    Case("svg-foreign-object", avatar("me.svg", ("me.svg", svg(
         '<foreignObject><p xmlns="http://www.w3.org/1999/xhtml">x</p></foreignObject>'))),
         AVATAR_AT, "<foreignobject>"),
    Case("svg-external-href", avatar("me.svg", ("me.svg", svg(
         '<image xlink:href="https://tracker.example/p.png" width="10" height="10"/>'))),
         AVATAR_AT, "outside itself"),
    Case("svg-css-url", avatar("me.svg", ("me.svg", svg(
         "<style>rect{fill:url(https://tracker.example/p.svg#g)}</style><rect/>"))),
         AVATAR_AT, "url() or @import"),
    Case("svg-animation-sets-link", avatar("me.svg", ("me.svg", svg(
         '<a><set attributeName="href" to="javascript:alert(1)"/><text>x</text></a>'))),
         AVATAR_AT, "animation that changes a link"),
    Case("png-that-is-html", avatar("me.png", ("me.png", b"<html><script>alert(1)</script>")),
         AVATAR_AT, "not a PNG image"),
    Case("docs-svg-script", lambda root, o: _write(root / "docs" / "pic.svg", svg(
         "<script>alert(1)</script>")), r"docs/pic\.svg:1:1: \$:", "<script>"),
]


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _outside(folder: Path) -> Path:
    """Files outside the handbook, each holding the secret."""
    folder.mkdir()
    (folder / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\n" + SECRET.encode())
    (folder / "persona.md").write_text(f"---\nname: {SECRET}\n---\n{SECRET}\n")
    (folder / "interview.md").write_text(f"---\nparticipant: P-1\n---\n{SECRET}\n")
    (folder / "guide.md").write_text(f"# {SECRET}\n")
    (folder / "mkdocs.yml").write_text(f"site_name: {SECRET}\n")
    (folder / "data.csv").write_text(f"segment,{SECRET}\ncommuters,1\n")
    for name in ("segment", "notes"):
        (folder / name).mkdir()
        (folder / name / "_segment.md").write_text(f"---\nname: {SECRET}\n---\n")
        (folder / name / "page.md").write_text(f"# {SECRET}\n")
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The valid handbook with its site built."""
    root = copy_valid(tmp_path_factory.mktemp("built"))
    done = handbook("build", str(root), "--today", TODAY)
    assert done.returncode == 0, done.stderr
    return root


def _secrets() -> list[bytes]:
    found = [SECRET.encode(), PASSWD.read_bytes().split(b"\n", 1)[0]]
    return [s for s in found if len(s) >= 8]


def _every_file(*folders: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for folder in folders for p in folder.rglob("*")
            if p.is_file() and not p.is_symlink()}


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_outside_file_is_a_located_error_and_never_published(
        built: Path, tmp_path: Path, case: Case) -> None:
    root = tmp_path / "handbook"
    shutil.copytree(built, root, symlinks=True)
    outside = _outside(tmp_path / "outside")
    before = snapshot(root / "site")
    case.make(root, outside)
    env: dict[str, Any] = {**os.environ, "HANDBOOK_CI_TOKEN": SECRET}
    # Built as `make site` builds, from inside the handbook (`.`: every path relative);
    # validated with the absolute path below.
    done = handbook("build", ".", "--today", TODAY, cwd=root, env=env)
    assert done.returncode == 1, done.stdout + done.stderr
    assert re.search(rf"^{case.where} .*{re.escape(case.message)}", done.stdout, re.M), \
        done.stdout
    assert "Traceback" not in done.stderr
    assert snapshot(root / "site") == before
    published = _every_file(root / "site", root / "build")
    for secret in _secrets():
        assert secret not in (done.stdout + done.stderr).encode()
        assert not [name for name, data in published.items() if secret in data]
    checked = handbook("validate", str(root), "--today", TODAY, env=env)
    assert checked.returncode == 1
    assert re.search(rf"^{case.where}", checked.stdout, re.M)

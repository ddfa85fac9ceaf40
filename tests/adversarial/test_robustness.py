"""Robustness: hostile files, numbers, settings and dates get located messages, never a
traceback.

Each case edits a copy of the valid handbook, runs the real command and
asserts the exit code and the exact line a person sees; JSON output is
parsed strictly (NaN and Infinity refused).
"""

from __future__ import annotations

import json
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from generator.errors import internal_error
from tests.adversarial.harness import copy_valid, handbook
from tests.conftest import TODAY

LIN = "personas/commuters/lin-xiao.md"
INTERVIEW = "interviews/2026-09-10-p-001.md"
SPEC = """\
min_group_size: 5
sources:
  customers: {file: customers.csv, segment: segment}
metrics:
  - {id: customers, source: customers, agg: count}
  - {id: spend, source: customers, column: spend, agg: sum}
"""


def edit(rel: str, old: str, new: str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return apply


def write(rel: str, data: str | bytes) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return apply


def with_data(csv: str | bytes, spec: str = SPEC, name: str = "customers.csv"
              ) -> list[Callable[[Path], None]]:
    return [write("data/metrics.yml", spec), write(f"data/{name}", csv)]


def broken_xlsx(root: Path) -> None:
    path = root / "data" / "customers.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("[Content_Types].xml", "<Types")
        book.writestr("xl/workbook.xml", "<workbook><sheets><sheet name='a'")


@dataclass(frozen=True)
class Case:
    """A hostile edit, the command to run, and what the user must see."""

    id: str
    edits: list[Callable[[Path], None]]
    expected: str
    exit: int = 1
    command: tuple[str, ...] = ("validate",)
    env: dict[str, str] = field(default_factory=dict)


ROW = "segment,spend\n" + "commuters,10\n" * 3
CASES = [
    Case("review-days-huge", [edit(LIN, "review_every_days: 180", "review_every_days: "
                                   "99999999999")],
         f"{LIN}:9:20: $.review_every_days: 99999999999 is outside 1–3650"),
    Case("review-days-nan", [edit(LIN, "review_every_days: 180", "review_every_days: .nan")],
         f"{LIN}:9:20: $.review_every_days: `.nan` is not a number a handbook can use"),
    Case("review-days-inf", [edit(LIN, "review_every_days: 180", "review_every_days: -.inf")],
         f"{LIN}:9:20: $.review_every_days: `-.inf` is not a number a handbook can use"),
    Case("review-days-overflowing-float", [edit(LIN, "review_every_days: 180",
                                                "review_every_days: 1.0e+999")],
         f"{LIN}:9:20: $.review_every_days: `1.0e+999` is not a number a handbook can use"),
    Case("nps-inf", [edit(INTERVIEW, "nps: 9", "nps: .inf")],
         f"{INTERVIEW}:15:6: $.nps: `.inf` is not a number a handbook can use"),
    Case("nps-huge", [edit(INTERVIEW, "nps: 9", "nps: 1.0e+308")],
         f"{INTERVIEW}:15:6: $.nps: 1e+308 is outside 0–10"),
    Case("mkdocs-yaml-error", [write("mkdocs.yml", "site_name: 手册\ntheme: [material\n")],
         "mkdocs.yml:3:1: $: YAML error: "),
    Case("mkdocs-not-a-mapping", [write("mkdocs.yml", "- just\n- a list\n")],
         "mkdocs.yml:1:1: $: mkdocs.yml must be a set of `key: value` lines"),
    Case("mkdocs-wrong-type", [write("mkdocs.yml", "extra:\n  handbook:\n"
                                     "    max_file_bytes: lots\n")],
         "mkdocs.yml:3:21: $.extra.handbook.max_file_bytes: expected a whole number of at "
         "least 1, got `lots`"),
    Case("mkdocs-extra-a-list", [write("mkdocs.yml", "site_name: x\nextra: [1, 2]\n")],
         "mkdocs.yml:2:8: $.extra: expected a set of `key: value` lines, got `[1, 2]`"),
    Case("bad-today-option", [], "argument --today: `2026-13-45` is not a date", 2,
         ("validate", "--today", "2026-13-45")),
    Case("bad-today-variable", [], "handbook validate: HANDBOOK_TODAY `tomorrow` is not a "
         "date: write YYYY-MM-DD", 2, ("validate",), {"HANDBOOK_TODAY": "tomorrow"}),
    Case("metrics-q-nan", with_data(ROW, SPEC + "  - {id: p, source: customers, column: spend, "
                                    "agg: quantile, q: .nan}\n"),
         "data/metrics.yml:7:65: $.metrics[2].q: `.nan` is not a number a handbook can use",
         command=("stats",)),
    Case("csv-infinite-value", with_data("segment,spend\ncommuters,inf\ncommuters,1\n"),
         "data/customers.csv:2:1: $.spend: column `spend` has 1 value that is infinite, such "
         "as `inf` on line 2", command=("stats",)),
    Case("csv-sum-overflows", with_data("segment,spend\n" + "commuters,1e308\n" * 6),
         "data/metrics.yml:6:5: $.metrics[1]: the sum of `spend` is too large to compute",
         command=("stats", "--format", "json")),
    Case("csv-unclosed-quote", with_data('segment,spend,note\ncommuters,1,"ok, ""quoted"" and\n'
                                         'two lines"\ncommuters,2,"never closed\n'
                                         + "commuters,3,x\n" * 20),
         "data/customers.csv:4:1: $: data/customers.csv has a quote (\") on line 4 that is "
         "never closed", command=("stats",)),
    Case("csv-binary", with_data(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50),
         "data/customers.csv:1:1: $: data/customers.csv is not a CSV text file: it holds NUL "
         "bytes", command=("stats",)),
    Case("xlsx-corrupt", [write("data/metrics.yml", SPEC.replace("customers.csv",
                                                                  "customers.xlsx")),
                          broken_xlsx],
         "data/customers.xlsx:1:1: $: cannot read data/customers.xlsx", command=("stats",)),
    Case("xlsx-not-a-zip", with_data(b"PK\x03\x04 not really", SPEC.replace(
        "customers.csv", "customers.xlsx"), "customers.xlsx"),
         "data/customers.xlsx:1:1: $: cannot read data/customers.xlsx: File is not a zip file",
         command=("stats",)),
    Case("mkdocs-palette-a-number", [write("mkdocs.yml", "theme: {name: material, "
                                          "palette: 7}\n")],
         "mkdocs.yml:1:34: $.theme.palette: expected a set of `key: value` lines or a list of "
         "sets of `key: value` lines, got `7`", command=("build",)),
    Case("mkdocs-extra-css-numbers", [write("mkdocs.yml", "extra_css: [5]\n")],
         "mkdocs.yml:1:12: $.extra_css: expected a list of text entries, got `[5]`",
         command=("build",)),
    Case("interview-personas-empty", [edit(INTERVIEW, "personas: [lin-xiao]", "personas:")],
         f"{INTERVIEW}:5:10: $.personas: expected a list"),
    Case("interview-personas-a-number", [edit(INTERVIEW, "personas: [lin-xiao]",
                                              "personas: 0")],
         f"{INTERVIEW}:5:11: $.personas: expected a list"),
    Case("avatar-with-nul", [edit(LIN, "status: active\n",
                                  'status: active\navatar: "a\\0b.png"\n')],
         "$.avatar: avatar image `a\\x00b.png` is outside the handbook"),
    Case("build-with-broken-mkdocs-yml", [write("mkdocs.yml", "site_name: [\n")],
         "mkdocs.yml:2:1: $: YAML error: ", command=("build",)),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_input_gets_a_located_message(tmp_path: Path, case: Case) -> None:
    root = copy_valid(tmp_path)
    for apply in case.edits:
        apply(root)
    today = () if case.env or "--today" in case.command else ("--today", TODAY)
    extra = ("--site-dir", str(tmp_path / "site"), "--build-dir", str(tmp_path / "build")) \
        if case.command[0] == "build" else ()
    env = {k: v for k, v in os.environ.items() if k != "HANDBOOK_TODAY"} | case.env
    done = handbook(case.command[0], str(root), *case.command[1:], *today, *extra, env=env)
    assert "Traceback" not in done.stderr + done.stdout
    assert done.returncode == case.exit, done.stdout + done.stderr
    assert case.expected in done.stdout + done.stderr, done.stdout + done.stderr
    if "json" in case.command:
        json.loads(done.stdout, parse_constant=lambda c: pytest.fail(f"{c} in JSON"))


def _report(root: Path, *args: str) -> str:
    done = handbook("validate", str(root), "--today", TODAY, *args)
    assert "Traceback" not in done.stderr
    return done.stdout


BROKEN = [edit(LIN, "status: active", "status: actve"),
          edit(LIN, "review_every_days: 180", "review_every_days: 0")]


@pytest.mark.parametrize("ending", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_windows_line_endings_validate_exactly_like_lf(tmp_path: Path, ending: str) -> None:
    plain, other = copy_valid(tmp_path, "lf"), copy_valid(tmp_path, "crlf")
    for root in (plain, other):
        for apply in BROKEN:
            apply(root)
    for path in [*other.rglob("*.md")]:
        path.write_bytes(path.read_bytes().replace(b"\n", ending.encode()))
    for fmt in ("text", "json", "github"):
        expected = _report(plain, "--format", fmt).replace(str(plain), "")
        assert _report(other, "--format", fmt).replace(str(other), "") == expected
    assert f"{LIN}:3:9: $.status: `actve` is not one of" in _report(other)


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"], ids=["LS", "PS", "NEL"])
def test_line_separators_in_values_do_not_shift_line_numbers(tmp_path: Path,
                                                             separator: str) -> None:
    root = copy_valid(tmp_path)
    for apply in [*BROKEN, edit(LIN, "tagline: 赶地铁", f"tagline: 赶{separator}地铁"),
                  edit(LIN, "quote: 早高峰", f'quote: "早{separator}高峰')]:
        apply(root)
    path = root / LIN
    path.write_text(path.read_text(encoding="utf-8").replace("咖啡。\n", '咖啡。"\n', 1),
                    encoding="utf-8")
    report = _report(root)
    assert f"{LIN}:3:9: $.status: `actve` is not one of: draft, active, retired" in report
    assert f"{LIN}:9:20: $.review_every_days: 0 is outside 1–3650" in report
    assert "2 errors" in report


def test_an_internal_error_is_one_line_and_a_file(tmp_path: Path) -> None:
    try:
        {}["missing"]  # a real exception with a real traceback
    except KeyError as exc:
        line = internal_error(exc)
    assert line.startswith("handbook: internal error (KeyError: 'missing'); details written to ")
    assert "\n" not in line
    details = Path(line.split("details written to ", 1)[1].split(" (", 1)[0])
    try:
        assert "Traceback" in details.read_text(encoding="utf-8")
    finally:
        details.unlink()

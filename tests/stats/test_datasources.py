"""Reading data sources: encodings, formats, only the columns used, and bad data."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import openpyxl  # type: ignore[import-untyped]
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from generator.content.problems import Problem
from generator.stats.sources import Table, load_table
from tests.statsfixtures import csv_text, load_handbook, load_spec, write_handbook, write_spec

SEGMENTS = {"commuters": ["lin-xiao", "zhou-ming"], "students": ["xiao-yu"]}
HEADER = ["segment", "persona", "age", "city", "phone"]
ROWS: list[list[object]] = [["commuters", "lin-xiao", 31, "上海", "13800000000"],
        ["commuters", "zhou-ming", 28, "北京", "13900000000"],
        ["students", "xiao-yu", 20, "武汉", "13700000000"]]


def spec_for(file: str, extra: str = "", metrics: str = "") -> str:
    return f"""sources:
  customers:
    file: {file}
    segment: segment
    persona: persona
{extra}metrics:
  - {{id: age, source: customers, column: age, agg: median}}
  - {{id: cities, source: customers, column: city, agg: share}}
{metrics}"""


def read(root: Path, source: str = "customers") -> tuple[Table | None, list[Problem]]:
    return load_table(load_handbook(root), load_spec(root), source, root / "data")


def texts(problems: list[Problem]) -> list[str]:
    return [p.as_text() for p in problems]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    write_handbook(tmp_path, SEGMENTS)
    (tmp_path / "data").mkdir()
    return tmp_path


@pytest.mark.parametrize(("encoding", "found"), [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gbk", "gb18030")])
def test_csv_encodings_are_detected(root: Path, encoding: str, found: str) -> None:
    raw = csv_text(HEADER, ROWS).encode(encoding)
    (root / "data" / "customers.csv").write_bytes(raw)
    write_spec(root, spec_for("customers.csv"))
    table, problems = read(root)
    assert problems == []
    assert table is not None
    frame = table.groupings["overall"].frame
    assert sorted(frame.columns) == ["age", "city", "persona", "segment"]
    assert list(frame["city"].astype(str)) == ["上海", "北京", "武汉"]
    assert list(frame["age"]) == [31, 28, 20]
    provenance = table.provenance
    assert provenance.encoding == found
    assert provenance.file == "data/customers.csv"
    assert provenance.rows == 3
    assert provenance.sha256 == hashlib.sha256(raw).hexdigest()[:12]
    mtime = (root / "data" / "customers.csv").stat().st_mtime
    assert provenance.modified == datetime.fromtimestamp(mtime, tz=UTC).date().isoformat()


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_quoted_values_over_lines_and_with_quotes_are_read_whole(root: Path,
                                                                  encoding: str) -> None:
    (root / "data" / "customers.csv").write_bytes(
        ('segment,persona,age,city,note\ncommuters,lin-xiao,31,"上海, ""浦东""","两行\n备注"\n'
         'commuters,zhou-ming,28,北京,""\nstudents,xiao-yu,20,武汉,x\n').encode(encoding))
    write_spec(root, spec_for("customers.csv"))
    table, problems = read(root)
    assert problems == [] and table is not None
    frame = table.groupings["overall"].frame
    assert list(frame["city"].astype(str)) == ['上海, "浦东"', "北京", "武汉"]
    assert list(frame["age"]) == [31, 28, 20]


def test_a_declared_encoding_wins(root: Path) -> None:
    (root / "data" / "customers.csv").write_bytes(csv_text(HEADER, ROWS).encode("gbk"))
    write_spec(root, spec_for("customers.csv").replace("    persona: persona\n",
                                                       "    persona: persona\n    encoding: gbk\n"))
    table, _ = read(root)
    assert table is not None and table.provenance.encoding == "gbk"
    write_spec(root, spec_for("customers.csv").replace(
        "    persona: persona\n", "    persona: persona\n    encoding: utf-8\n"))
    assert texts(read(root)[1]) == [
        "data/customers.csv:1:1: $: data/customers.csv is not in the encoding `utf-8`\n"
        "    hint: save it as UTF-8, or declare its `encoding:` in data/metrics.yml"]


def test_a_bom_with_a_declared_utf8(root: Path) -> None:
    (root / "data" / "customers.csv").write_bytes(csv_text(HEADER, ROWS).encode("utf-8-sig"))
    write_spec(root, spec_for("customers.csv").replace(
        "    persona: persona\n", "    persona: persona\n    encoding: utf-8\n"))
    table, problems = read(root)
    assert problems == [] and table is not None
    assert list(table.groupings["segments"].keys.astype(str)) == [
        "commuters", "commuters", "students"]


def test_a_file_neither_utf8_nor_gbk(root: Path) -> None:
    raw = b"segment,persona,age,city\n\xff\xfe,\x80\xff,1,2\n"
    (root / "data" / "customers.csv").write_bytes(raw)
    write_spec(root, spec_for("customers.csv"))
    assert texts(read(root)[1]) == [
        "data/customers.csv:1:1: $: data/customers.csv is neither UTF-8 nor GBK\n"
        "    hint: save it as UTF-8, or declare its `encoding:` in data/metrics.yml"]


def test_xlsx_sheets_by_name_and_number(root: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["unrelated"])
    sheet = book.create_sheet("accounts")
    for row in [HEADER, *ROWS, ["students", "xiao-yu", None, None, None]]:
        sheet.append(row)
    book.save(root / "data" / "accounts.xlsx")
    for choice in ("accounts", "1"):
        write_spec(root, spec_for("accounts.xlsx", f"    sheet: {choice}\n"))
        table, _ = read(root)
        assert table is not None
        frame = table.groupings["overall"].frame
        assert sorted(frame.columns) == ["age", "city", "persona", "segment"]
        assert list(frame["city"].astype(object).fillna("")) == ["上海", "北京", "武汉", ""]
        assert list(frame["age"].fillna(0)) == [31, 28, 20, 0]
    write_spec(root, spec_for("accounts.xlsx", "    sheet: 客户\n"))
    assert texts(read(root)[1]) == [
        "data/accounts.xlsx:1:1: $: data/accounts.xlsx has no sheet `客户`\n"
        "    hint: its sheets: Sheet, accounts (or a number: 0 for the first)"]


def _parquet(rows: list[list[object]]) -> pa.Table:
    return pa.table({name: [row[i] for row in rows] for i, name in enumerate(HEADER)})


def test_a_parquet_file_reads_only_the_columns_used(root: Path) -> None:
    pq.write_table(_parquet(ROWS), root / "data" / "customers.parquet")
    write_spec(root, spec_for("customers.parquet"))
    table, problems = read(root)
    assert problems == [] and table is not None
    frame = table.groupings["overall"].frame
    assert sorted(frame.columns) == ["age", "city", "persona", "segment"]
    raw = (root / "data" / "customers.parquet").read_bytes()
    assert table.provenance.sha256 == hashlib.sha256(raw).hexdigest()[:12]


def test_a_folder_of_parquet_files_is_one_source(root: Path) -> None:
    folder = root / "data" / "customers"
    folder.mkdir()
    pq.write_table(_parquet(ROWS[:2]), folder / "part-b.parquet")
    pq.write_table(_parquet(ROWS[2:]), folder / "part-a.parquet")
    write_spec(root, spec_for("customers"))
    table, problems = read(root)
    assert problems == [] and table is not None
    frame = table.groupings["overall"].frame
    assert sorted(frame["city"].astype(str)) == sorted(["上海", "北京", "武汉"])
    expected = hashlib.sha256()
    for name in ("part-a.parquet", "part-b.parquet"):
        expected.update(name.encode() + b"\0" + (folder / name).read_bytes())
    assert table.provenance.sha256 == expected.hexdigest()[:12]
    assert table.provenance.rows == 3


@pytest.mark.parametrize(("metric", "expected"), [
    ("{id: old, source: customers, column: agee, agg: max}",
     "data/metrics.yml:9:42: $.metrics[2].column: column `agee` is not in data/customers.csv\n"
     "    hint: did you mean `age`?"),
    ("{id: m, source: customers, column: city, agg: mean}",
     "data/metrics.yml:9:40: $.metrics[2].column: column `city` of data/customers.csv holds "
     "text, not numbers\n    hint: this statistic needs a column of numbers"),
], ids=["missing-column", "text-column"])
def test_column_problems_are_located_in_the_spec(root: Path, metric: str, expected: str) -> None:
    (root / "data" / "customers.csv").write_text(csv_text(HEADER, ROWS), encoding="utf-8")
    write_spec(root, spec_for("customers.csv", metrics=f"  - {metric}\n"))
    assert texts(read(root)[1]) == [expected]


@pytest.mark.parametrize(("name", "content", "start"), [
    ("broken.parquet", b"not parquet at all", "cannot read data/broken.parquet: "),
    ("ragged.csv", b"segment,persona,age,city\na,b\n", "cannot read data/ragged.csv: "),
])
def test_an_unreadable_file(root: Path, name: str, content: bytes, start: str) -> None:
    (root / "data" / name).write_bytes(content)
    write_spec(root, spec_for(name))
    (problem,) = read(root)[1]
    assert (problem.file, problem.line, problem.code) == (f"data/{name}", 1, "data.unreadable")
    assert problem.message.startswith(start)


def test_text_where_numbers_are_needed(root: Path) -> None:
    rows: list[list[object]] = [*ROWS, ["students", "xiao-yu", "abc", "武汉", ""],
                               ["students", "xiao-yu", "n/a", "", ""]]
    (root / "data" / "customers.csv").write_text(csv_text(HEADER, rows), encoding="utf-8")
    write_spec(root, spec_for("customers.csv"))
    assert texts(read(root)[1]) == [
        "data/customers.csv:5:1: $.age: column `age` has 1 value that is not a number, such as "
        "`abc` on line 5\n    hint: write a number, or leave the cell empty when the value is "
        "unknown"]


def test_missing_values_and_unknown_ids_are_warned_once_per_source(root: Path) -> None:
    rows: list[list[object]] = [
        *ROWS, ["commuters", "lin-xiao", None, "上海", ""], ["retired", "ghost", 50, "", ""],
        ["retired", "ghost", 51, "", ""], [None, "xiao-yu", 52, "", ""]]
    (root / "data" / "customers.csv").write_text(csv_text(HEADER, rows), encoding="utf-8")
    write_spec(root, spec_for("customers.csv"))
    table, problems = read(root)
    assert table is not None
    assert texts(problems) == [
        "data/customers.csv:1:1: $.age: warning: 1 of 7 rows have no `age`; statistics skip them"
        "\n    hint: fill in the values if they are known",
        "data/customers.csv:1:1: $.city: warning: 3 of 7 rows have no `city`; statistics skip "
        "them\n    hint: fill in the values if they are known",
        "data/customers.csv:1:1: $.segment: warning: 3 rows are not in a segment or persona of "
        "the handbook: segment `retired` (2 rows), no segment (1 row); persona `ghost` (2 rows)"
        "\n"
        "    hint: they count overall and in the groups the handbook has; fix the ids or add "
        "the segment or persona",
    ]
    segments = table.groupings["segments"].keys
    assert segments.isna().sum() == 3
    assert len(table.groupings["overall"].frame) == 7


INTERVIEWS: list[dict[str, object]] = [
    {"personas": ["lin-xiao", "zhou-ming"], "nps": 9, "competitors": ["瑞幸", "星巴克"],
     "confidential": True, "method": "video"},
    {"personas": ["lin-xiao", "xiao-yu"], "nps": 3, "competitors": ["瑞幸"], "method": "phone"},
    {"personas": ["xiao-yu"], "method": "phone"},
]


def interview_root(tmp_path: Path, metrics: str) -> Path:
    write_handbook(tmp_path, SEGMENTS, INTERVIEWS)
    write_spec(tmp_path, "metrics:\n" + metrics)
    return tmp_path


def test_interviews_count_once_per_persona_and_per_segment(tmp_path: Path) -> None:
    root = interview_root(tmp_path, "  - {id: nps, source: interviews, column: nps, agg: nps}\n")
    table, problems = read(root, "interviews")
    assert table is not None
    assert texts(problems) == [
        "interviews:1:1: $.nps: warning: 1 of 3 interviews have no `nps`; statistics skip them\n"
        "    hint: fill in the values if they are known"]

    def counts(level: str) -> dict[str, int]:
        keys = table.groupings[level].keys
        return {str(k): int(v) for k, v in keys.value_counts().items() if v}

    assert counts("segments") == {"commuters": 2, "students": 2}
    assert counts("personas") == {"lin-xiao": 2, "zhou-ming": 1, "xiao-yu": 2}
    assert counts("overall") == {"overall": 3}
    assert table.provenance.rows == 3
    assert table.provenance.file == "interviews/"


@pytest.mark.parametrize(("metric", "expected"), [
    ("{id: x, source: interviews, column: stage, agg: share}",
     "data/metrics.yml:2:41: $.metrics[0].column: interviews have no column `stage`\n"
     "    hint: columns: customer_stage, method, channel, competitors, obstacles, nps"),
    ("{id: x, source: interviews, column: method, agg: mean}",
     "data/metrics.yml:2:41: $.metrics[0].column: column `method` of interviews holds text, "
     "not numbers\n    hint: this statistic needs a column of numbers"),
    ("{id: x, source: interviews, column: competitors, agg: median}",
     "data/metrics.yml:2:41: $.metrics[0].column: column `competitors` of interviews holds "
     "lists, not numbers\n    hint: count its items with `agg: share` or `agg: top`"),
])
def test_interview_columns_are_checked(tmp_path: Path, metric: str, expected: str) -> None:
    root = interview_root(tmp_path, f"  - {metric}\n")
    table, problems = read(root, "interviews")
    assert table is None
    assert texts(problems) == [expected]


def test_nps_answers_outside_zero_to_ten(root: Path) -> None:
    (root / "data" / "survey.csv").write_text(
        csv_text(["segment", "nps"], [["students", 9], ["students", 11], ["students", -1]]),
        encoding="utf-8")
    write_spec(root, "sources:\n  survey: {file: survey.csv, segment: segment}\n"
               "metrics:\n  - {id: nps, source: survey, column: nps, agg: nps}\n")
    table, problems = read(root, "survey")
    assert table is None
    assert texts(problems) == [
        "data/survey.csv:3:1: $.nps: column `nps` has 2 values outside 0–10, such as `11` on "
        "line 3\n    hint: NPS answers are numbers from 0 to 10"]

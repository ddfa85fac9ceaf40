"""The metrics spec: loading, schema checks and the checks a schema cannot make."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.content.metrics_spec import load_metrics_spec
from tests.statsfixtures import write_spec

SOURCES = """sources:
  customers:
    file: customers.csv
    segment: segment
    persona: persona
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "customers.csv").write_text("segment,persona,age\n", encoding="utf-8")
    return tmp_path


def problems_of(root: Path, text: str) -> list[str]:
    write_spec(root, text)
    spec, problems = load_metrics_spec(root)
    assert spec is None
    return [p.as_text() for p in problems]


def test_a_handbook_without_a_spec_has_no_statistics_and_no_problem(tmp_path: Path) -> None:
    assert load_metrics_spec(tmp_path) == (None, [])


def test_a_valid_spec_is_read_with_defaults(root: Path) -> None:
    write_spec(root, SOURCES + """metrics:
  - {id: customers, label: 客户数, source: customers, agg: count}
  - {id: p90, source: customers, column: age, agg: quantile, q: 0.9, where: {city: [上海, 北京]}}
  - {id: bands, source: customers, column: age, agg: histogram, bins: [18, 25.5, 60]}
  - {id: members, source: customers, column: age, agg: mean, where: {is_member: true}}
  - {id: talk, source: interviews, column: nps, agg: nps}
""")
    spec, problems = load_metrics_spec(root)
    assert problems == []
    assert spec is not None
    assert spec.min_group_size == 10
    customers = spec.sources["customers"]
    assert (customers.file, customers.segment, customers.persona, customers.encoding) == (
        "customers.csv", "segment", "persona", "auto")
    assert [m.id for m in spec.metrics] == ["customers", "p90", "bands", "members", "talk"]
    assert spec.metrics[0].title == "客户数"
    assert spec.metrics[1].title == "p90"
    assert spec.metrics[1].where == (("city", ("上海", "北京")),)
    assert spec.metrics[2].bins == (18, 25.5, 60)
    assert spec.metrics[3].where == (("is_member", (True,)),)
    assert [m.id for m in spec.metrics_of("interviews")] == ["talk"]


def test_duplicate_keys_are_refused_with_their_line(root: Path) -> None:
    assert problems_of(root, "min_group_size: 5\nmin_group_size: 6\n" + SOURCES) == [
        "data/metrics.yml:2:1: $.min_group_size: duplicate key `min_group_size`: it is already "
        "set above in the same mapping, and only one value can count\n"
        "    hint: keep one of the two entries (merge their values if both matter)"]


def test_a_yaml_syntax_error_is_located(root: Path) -> None:
    found = problems_of(root, "metrics: [\n")
    assert len(found) == 1
    assert found[0].startswith("data/metrics.yml:2:1: $: YAML syntax error:")


def test_a_spec_that_is_a_list_is_refused(root: Path) -> None:
    assert problems_of(root, "- a\n- b\n") == [
        "data/metrics.yml:1:1: $: the metrics spec must be a set of `key: value` lines"]


def test_schema_errors_are_reported_like_content_files(root: Path) -> None:
    assert problems_of(root, SOURCES + """metrics:
  - {id: age, source: customers, column: age, agg: medain}
  - {id: p, source: customers, column: age, agg: quantile}
""") == [
        "data/metrics.yml:7:52: $.metrics[0].agg: `medain` is not one of: count, sum, mean, "
        "median, min, max, quantile, share, top, histogram, nps\n"
        "    hint: did you mean `median`?",
        "data/metrics.yml:8:5: $.metrics[1]: missing required key `q`\n    hint: add a line `q: …`",
    ]


def test_unknown_source_with_a_suggestion(root: Path) -> None:
    assert problems_of(root, SOURCES + """metrics:
  - {id: n, source: customer, agg: count}
""") == ["data/metrics.yml:7:21: $.metrics[0].source: no source `customer`\n"
         "    hint: did you mean `customers`?"]


def test_duplicate_metric_ids(root: Path) -> None:
    assert problems_of(root, SOURCES + """metrics:
  - {id: n, source: customers, agg: count}
  - {id: n, source: interviews, agg: count}
""") == ["data/metrics.yml:8:10: $.metrics[1].id: metric id `n` is used twice\n"
         "    hint: give each metric its own id"]


@pytest.mark.parametrize("bins", ["[18, 25, 25, 60]", "[60, 18]"])
def test_bins_must_increase(root: Path, bins: str) -> None:
    shown = bins.strip("[]")
    assert problems_of(root, SOURCES + f"""metrics:
  - {{id: b, source: customers, column: age, agg: histogram, bins: {bins}}}
""") == [f"data/metrics.yml:7:67: $.metrics[0].bins: bins must increase: {shown}\n"
         "    hint: list the edges from smallest to largest, each once"]


@pytest.mark.parametrize(("source", "expected"), [
    ("leak:\n    file: ../secret.csv",
     "data/metrics.yml:3:11: $.sources.leak.file: `../secret.csv` is outside data/\n"
     "    hint: data files live in the data/ folder"),
    ("interviews:\n    file: customers.csv",
     "data/metrics.yml:3:5: $.sources.interviews: `interviews` is the built-in source of "
     "interview files\n    hint: give this data file another source name"),
], ids=["outside-data", "reserved-name"])
def test_data_file_and_source_name_problems(root: Path, source: str, expected: str) -> None:
    (root / "secret.csv").write_text("a\n", encoding="utf-8")
    assert problems_of(root, f"sources:\n  {source}\n    segment: segment\n") == [expected]


def test_a_data_file_not_on_this_machine_is_a_warning_and_the_spec_stays_usable(
        root: Path) -> None:
    write_spec(root, "sources:\n  survey:\n    file: survey.csv\n    segment: segment\n")
    spec, problems = load_metrics_spec(root)
    assert spec is not None
    assert [p.as_text() for p in problems] == [
        "data/metrics.yml:3:11: $.sources.survey.file: warning: data/survey.csv is not on this "
        "machine\n    hint: its statistics are computed where the data files are (e.g. on the "
        "build server); if the file should be here, check its name (relative to data/)"]


def test_unknown_encoding_and_file_type(root: Path) -> None:
    (root / "data" / "notes.txt").write_text("a\n", encoding="utf-8")
    assert problems_of(root, """sources:
  notes:
    file: notes.txt
    encoding: klingon
    segment: segment
""") == [
        "data/metrics.yml:4:15: $.sources.notes.encoding: unknown encoding `klingon`\n"
        "    hint: use auto, utf-8, utf-8-sig, gbk or gb18030",
        "data/metrics.yml:3:11: $.sources.notes.file: cannot read `.txt` files\n"
        "    hint: use CSV, XLSX, Parquet or a folder of Parquet files",
    ]


def test_display_names_of_categories_and_sources_are_read(root: Path) -> None:
    write_spec(root, SOURCES.replace("    file:", "    label: 客户\n    file:") + """metrics:
  - id: members
    source: customers
    column: age
    agg: share
    labels: {"True": 会员, "False": 非会员}
""")
    spec, problems = load_metrics_spec(root)
    assert problems == [] and spec is not None
    assert spec.sources["customers"].label == "客户"
    assert spec.metrics[0].category_name("True") == "会员"
    assert spec.metrics[0].category_name("其他值") == "其他值"


def test_a_display_name_must_be_text(root: Path) -> None:
    found = problems_of(root, SOURCES + """metrics:
  - {id: members, source: customers, column: age, agg: share, labels: {"True": [会员]}}
""")
    assert len(found) == 1 and "$.metrics[0].labels.True" in found[0]


def test_personal_data_in_what_the_site_prints_is_refused_at_its_key(root: Path) -> None:
    # Comments are never shown: a number there is no problem.
    found = problems_of(root, SOURCES.replace("    file:", "    label: 客户 13800138000\n"
                                              "    file:") + """metrics:
  - id: members  # 问题找 13900139000
    label: "会员 lisi@example.org"
    description: 联系人身份证 11010519491231002X
    source: customers
    column: zhang.wei@example.com
    agg: share
    labels: {"True": 张伟 13600136000, "False": 非会员}
""")
    at = sorted(line.split(": personal data")[0] for line in found if "personal data" in line)
    assert at == ["data/metrics.yml:10:18: $.metrics[0].description",
                  "data/metrics.yml:12:13: $.metrics[0].column",
                  "data/metrics.yml:14:22: $.metrics[0].labels.True",
                  "data/metrics.yml:3:12: $.sources.customers.label",
                  "data/metrics.yml:9:12: $.metrics[0].label"]
    assert all("13800138000" not in line and "lisi@example" not in line for line in found)

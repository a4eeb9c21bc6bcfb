"""`tenders report` in-process: bad months, formats, output files, the project list, an empty database."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tenders.cli import main

from .conftest import SmallDb


def run(url: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--db", url, "report", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--month", "2025-13"],
            "Error: invalid --month '2025-13': expected YYYY-MM with a month 01-12, e.g. 2025-09\n",
        ),
        (
            ["--month", "2025-09", "--since", "25-01"],
            "Error: invalid --since '25-01': expected YYYY-MM with a month 01-12, e.g. 2025-09\n",
        ),
        (["--month", "2025-03", "--since", "2025-04"], "Error: --since 2025-04 is after --month 2025-03\n"),
        (
            ["--month", "2025-03", "--format", "xlsx"],
            "Error: --format xlsx writes a binary file: give --output FILE.xlsx\n",
        ),
    ],
)
def test_bad_input_is_one_line_naming_it(tmp_path: Path, args: list[str], message: str) -> None:
    # SQLite only: the arguments are refused before the database is opened.
    code, out, err = run(f"sqlite:///{tmp_path / 'x.db'}", *args)
    assert (code, out, err) == (1, "", message)


def test_markdown_report_to_stdout(small_db: SmallDb) -> None:
    code, out, err = run(small_db.url, "--month", "2025-03", "--since", "2025-01")
    assert code == 0, err
    assert out.startswith("# 医疗大模型中标项目报告 2025-01 – 2025-03\n")
    assert "- 医疗大模型中标项目: **4**" in out
    assert "| 2025-02 | 2 | +100.0% | – | 100.00 | -50.0% | 3 |" in out
    assert err == "(4 awarded in-scope projects, 2025-01 … 2025-03)\n"


def test_since_defaults_to_january(small_db: SmallDb) -> None:
    code, out, _ = run(small_db.url, "--month", "2025-02", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data["period"]["months"] == ["2025-01", "2025-02"]
    assert data["headline"]["in_scope_projects"] == 3


def test_html_and_xlsx_files(small_db: SmallDb, tmp_path: Path) -> None:
    page = tmp_path / "out" / "r.html"
    code, out, err = run(small_db.url, "--month", "2025-03", "--format", "html", "--output", str(page))
    assert (code, out) == (0, "")
    assert err == f"wrote {page} (4 awarded in-scope projects, 2025-01 … 2025-03)\n"
    assert "<script" not in page.read_text(encoding="utf-8").lower()
    book = tmp_path / "r.xlsx"
    code, _, _ = run(small_db.url, "--month", "2025-03", "--format", "xlsx", "-o", str(book))
    assert code == 0 and book.read_bytes()[:2] == b"PK"


def test_list_prints_the_in_scope_projects_and_says_so(small_db: SmallDb) -> None:
    code, out, err = run(small_db.url, "--month", "2025-03", "--list", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    assert code == 0
    assert sorted(r["id"] for r in rows) == sorted(small_db.project_of[k] for k in ("P1", "P2", "P3", "P8"))
    assert err == "(4 awarded medical large-model projects, 2025-01 … 2025-03)\n"
    code, out, err = run(small_db.url, "--month", "2025-03", "--list", "--all-industries", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    assert sorted(r["id"] for r in rows) == sorted(
        small_db.project_of[k] for k in ("P1", "P2", "P3", "P4", "P8")
    )
    assert {r["id"]: r["in_scope"] for r in rows}[small_db.project_of["P4"]] == "False"
    assert err == "(5 awarded large-model projects, 2025-01 … 2025-03)\n"


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (["--province", "广东"], ("P1", "P2", "P8")),
        (["--type", "integrated"], ("P1", "P8")),
        (["--scenario", "patient"], ("P8",)),
        (["--buyer", "丙市"], ("P3",)),
        (["--vendor", "科大讯飞"], ("P1",)),
        (["--vendor", "联影"], ("P8",)),
        (["--vendor", "中国电信", "--province", "广东"], ("P2",)),
    ],
)
def test_filters_narrow_the_list_and_the_report(
    small_db: SmallDb, filters: list[str], expected: tuple[str, ...]
) -> None:
    code, out, err = run(small_db.url, "--month", "2025-03", "--list", "--format", "json", *filters)
    assert code == 0, err
    assert sorted(p["id"] for p in json.loads(out)) == sorted(small_db.project_of[k] for k in expected)
    code, out, _ = run(small_db.url, "--month", "2025-03", "--format", "json", *filters)
    data = json.loads(out)
    assert data["headline"]["in_scope_projects"] == len(expected)
    assert data["period"]["filters"]


def test_a_filter_matching_nothing_says_so(small_db: SmallDb) -> None:
    code, out, err = run(small_db.url, "--month", "2025-03", "--province", "西藏")
    assert (code, out) == (1, "")
    assert (
        err == "Error: no awarded medical large-model project in 2025-01 … 2025-03 matches --province 西藏\n"
    )


def test_a_period_without_data_names_the_data_dates(small_db: SmallDb) -> None:
    code, out, err = run(small_db.url, "--month", "2025-12", "--since", "2025-10")
    assert (code, out) == (1, "")
    assert err == (
        "Error: no awarded large-model project in 2025-10 … 2025-12: the database's notices run from "
        "2025-01-10 to 2025-04-02 (is `tenders process` done, or is --db the database you meant?)\n"
    )


def test_empty_database_says_why_and_fails(database_url: str) -> None:
    code, out, err = run(database_url, "--month", "2025-09", "--format", "json")
    assert (code, out) == (1, "")
    assert err.startswith("Error: no data for 2025-01 … 2025-09: the database holds no notices yet;")


def test_vendors_lists_brands_and_unmapped_winners(small_db: SmallDb) -> None:
    result = CliRunner().invoke(main, ["--db", small_db.url, "vendors", "--month", "2025-03"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["brand", "kind", "projects", "万元", "share"]
    assert lines[1].split() == ["联影医疗", "医疗AI厂商", "1", "200.00", "57.1%"]
    result = CliRunner().invoke(main, ["--db", small_db.url, "vendors", "--month", "2025-03", "--unmapped"])
    names = [line.split()[0] for line in result.stdout.splitlines()[1:]]
    assert result.exit_code == 0 and names and "上海联影医疗科技股份有限公司" not in names
    assert all(r.split()[1] == "其他" for r in result.stdout.splitlines()[1:])

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
    assert "- Awarded medical large-model projects (in scope): **4**" in out
    assert "| 2025-02 | 2 | 3 |" in out


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


def test_list_prints_the_projects_behind_the_figures(small_db: SmallDb) -> None:
    code, out, _ = run(small_db.url, "--month", "2025-03", "--list", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0
    assert sorted(r["id"] for r in rows) == sorted(
        small_db.project_of[k] for k in ("P1", "P2", "P3", "P4", "P8")
    )
    assert {r["id"]: r["in_scope"] for r in rows}[small_db.project_of["P4"]] == "False"


def test_empty_database_reports_zero_and_says_why(database_url: str) -> None:
    code, out, err = run(database_url, "--month", "2025-09", "--format", "json")
    assert code == 0
    assert json.loads(out)["headline"]["in_scope_projects"] == 0
    assert err == "note: the database holds no notices yet; run `tenders crawl` then `tenders process`.\n"

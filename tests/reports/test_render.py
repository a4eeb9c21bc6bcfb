"""Renderers: hostile notice text stays inert, JSON round-trips, every format carries the same figures."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from reports.aggregates import Period
from reports.render import FORMATS, render
from reports.render_html import render_html, safe_href
from reports.report import Report, build_report
from storage.db import make_engine, session_scope

from .conftest import SmallDb, build_small_db

PERIOD = Period("2025-01", "2025-03")


@pytest.fixture(scope="module")
def report(module_database_url: str) -> Report:
    db: SmallDb = build_small_db(module_database_url)
    with session_scope(make_engine(db.url)) as session:
        return build_report(PERIOD, session=session, metadata_path=Path("/nonexistent/metadata.json"))


def test_html_is_self_contained_and_escapes_hostile_text(report: Report) -> None:
    page = render_html(report)
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page.lower()  # the fixture has <script> in a title and in a supplier name
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert 'href="javascript:' not in page.lower()
    assert "javascript:alert(document.cookie)//P8-2" in page  # shown as text, not linked
    # no external resource: nothing loaded by src, <link>, CSS url() or @import (notice links are plain <a>)
    assert not re.search(r"\bsrc\s*=|<link\b|url\(|@import", page, flags=re.IGNORECASE)
    assert "<svg" in page and "<style>" in page
    # every figure's projects are listed, and each id has an anchor in the appendix
    for row in report.projects:
        assert f'id="{row.id}"' in page


def test_html_shows_both_readings_of_penetration_and_the_coverage(report: Report) -> None:
    page = render_html(report)
    assert "medical penetration per type" in page
    assert "Other reading in use: scenario share" in page
    assert "No classifier metadata found" in page
    assert "<td>ccgp</td>" in page and "<td>zcy</td>" in page


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.ccgp.gov.cn/a.htm", "https://www.ccgp.gov.cn/a.htm"),
        ("http://x.example/b", "http://x.example/b"),
        ("javascript:alert(1)", None),
        (" JaVaScRiPt:alert(1)", None),
        ("data:text/html,<script>", None),
        ("/relative/path", None),
    ],
)
def test_only_http_urls_become_links(url: str, expected: str | None) -> None:
    assert safe_href(url) == expected


def test_markdown_escapes_html_and_pipes(report: Report) -> None:
    text = render(report, "md").decode()
    assert "<script" not in text.lower()
    assert "**4**" in text
    assert "| 2025-02 | 2 | 3 |" in text
    assert "| 算力类 (compute) | 1 | 2 | 50.0% |" in text


def test_json_round_trips_with_the_figures(report: Report) -> None:
    data = json.loads(render(report, "json"))
    assert data == json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    assert data["headline"] == {
        "in_scope_projects": 4,
        "llm_projects_all_industries": 5,
        "medical_share_of_llm": 0.8,
    }
    assert data["amounts"]["total_yuan"] == 3500000
    assert [p["share"] for p in data["penetration"]] == [0.5, 1.0, 1.0]
    assert data["period"]["months"] == ["2025-01", "2025-02", "2025-03"]


def test_csv_rows_name_their_figure_and_cannot_inject_formulas(report: Report) -> None:
    rows = list(csv.DictReader(io.StringIO(render(report, "csv").decode())))
    penetration = {r["key"]: (r["projects"], r["denominator"]) for r in rows if r["figure"] == "penetration"}
    assert penetration == {"compute": ("1", "2"), "model": ("1", "1"), "integrated": ("2", "2")}
    listed = list(csv.DictReader(io.StringIO(render(report, "csv", projects_only=True).decode())))
    assert len(listed) == 5
    hostile = next(r for r in listed if "HYPERLINK" in r["title"])
    assert hostile["title"].startswith("'=")


def test_xlsx_keeps_formula_text_as_text(report: Report) -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(render(report, "xlsx")))
    assert workbook.sheetnames == ["Summary", "Figures", "Projects", "Coverage", "Method"]
    projects = workbook["Projects"]
    titles = [row[12].value for row in projects.iter_rows(min_row=2)]
    assert any(str(t).startswith("'=HYPERLINK") for t in titles)
    assert all(cell.data_type != "f" for row in projects.iter_rows() for cell in row)
    summary = {row[0].value: row[1].value for row in workbook["Summary"].iter_rows(min_row=2)}
    assert summary["awarded in-scope projects"] == 4


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_an_empty_period(database_url: str, fmt: str) -> None:
    with session_scope(make_engine(database_url)) as session:
        empty = build_report(PERIOD, session=session)
    assert empty.in_scope_total == 0
    assert render(empty, fmt)
    assert render(empty, fmt, projects_only=True)

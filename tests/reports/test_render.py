"""Renderers: hostile notice text stays inert, JSON round-trips, every format carries the same figures."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from reports.aggregates import Period
from reports.findings import findings
from reports.labels import Labels
from reports.render import FORMATS, render
from reports.render_html import render_html
from reports.report import Report, build_report
from reports.urls import safe_href
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


def test_html_is_chinese_with_findings_both_readings_and_the_coverage(report: Report) -> None:
    page = render_html(report)
    assert "<h2>核心洞察</h2>" in page
    assert "2025-01 – 2025-03 共有 4 个医疗大模型项目中标，披露中标金额 350.00 万元" in page
    assert "本报告的渗透率 = 某类型的医疗大模型中标项目数 ÷ 同类型的全部行业大模型中标项目数" in page
    assert "另一种常见读法是场景占比" in page
    assert "docs/domain.md §9" in page and "SPEC" not in page
    assert "未找到分类模型元数据" in page
    assert "中国政府采购网 (ccgp)" in page and "政采云 (zcy)" in page
    assert "Noto Sans CJK SC" in page and "WenQuanYi Micro Hei" in page
    assert 'class="scroll"' in page  # tables scroll inside their own box on a phone


def test_english_report_keeps_the_same_figures(report: Report) -> None:
    page = render_html(report, "en")
    assert "<h2>Key findings</h2>" in page
    assert "4 medical large-model projects were awarded in 2025-01 – 2025-03" in page
    assert "核心洞察" not in page


def test_findings_are_computed_from_the_figures(report: Report) -> None:
    lines = findings(report, Labels("zh"))
    assert lines[0].startswith(
        "2025-01 – 2025-03 共有 4 个医疗大模型项目中标，披露中标金额 350.00 万元（3 个项目披露金额）"
    )
    assert "最近一个月 2025-03 中标 1 个，环比 -50.0%（2025-02：2 个）" in lines[1]
    assert lines[2].startswith("类型上以综合类居首（2 个，占 50.0%）")
    assert "医疗占全部行业大模型中标项目的 80.0%" in lines[2]
    assert lines[3].startswith("金额最大的项目：甲医院（上海联影医疗科技股份有限公司，200.00 万元）")
    assert lines[4].startswith(
        "按中标金额领先的厂商：联影医疗（1 个，200.00 万元，占金额 57.1%）、科大讯飞（1 个，100.00 万元"
    )


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


def test_markdown_escapes_html_and_pipes_and_links_notices(report: Report) -> None:
    text = render(report, "md").decode()
    assert "<script" not in text.lower()
    assert "- 医疗大模型中标项目: **4**" in text
    assert "| 2025-02 | 2 | +100.0% | – | 100.00 | -50.0% | 3 |" in text
    assert "| 算力类 (compute) | 1 | 2 | 50.0% |" in text
    assert "[中国政府采购网 中标 2025-02-05](<https://www.ccgp.gov.cn/t/P1-2.htm>)" in text
    assert "](<javascript" not in text.lower()


def test_json_round_trips_with_the_figures(report: Report) -> None:
    data = json.loads(render(report, "json"))
    assert data == json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    assert data["headline"] == {
        "in_scope_projects": 4,
        "disclosed_amount_yuan": 3500000,
        "llm_projects_all_industries": 5,
        "medical_share_of_llm": 0.8,
        "undisclosed_amount_projects": 1,
        "other_brand_value_share": 500000 / 3500000,
    }
    assert data["period"]["filters"] == {}
    assert data["amounts"]["total_yuan"] == 3500000
    assert [p["share"] for p in data["penetration"]] == [0.5, 1.0, 1.0]
    assert data["period"]["months"] == ["2025-01", "2025-02", "2025-03"]


def test_csv_rows_name_their_figure_and_cannot_inject_formulas(report: Report) -> None:
    data = render(report, "csv")
    assert data.startswith(b"\xef\xbb\xbf"), "a UTF-8 BOM, so Excel on Windows reads the Chinese right"
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    penetration = {r["key"]: (r["projects"], r["denominator"]) for r in rows if r["figure"] == "penetration"}
    assert penetration == {"compute": ("1", "2"), "model": ("1", "1"), "integrated": ("2", "2")}
    mom = next(r for r in rows if r["figure"] == "in_scope_projects_mom" and r["month"] == "2025-02")
    assert (mom["projects"], mom["denominator"], mom["share"]) == ("2", "1", "2.0")
    listed = list(csv.DictReader(io.StringIO(render(report, "csv", projects_only=True).decode("utf-8-sig"))))
    assert len(listed) == 4  # --list: the in-scope projects
    every = render(report, "csv", projects_only=True, all_industries=True).decode("utf-8-sig")
    listed = list(csv.DictReader(io.StringIO(every)))
    assert len(listed) == 5
    hostile = next(r for r in listed if "HYPERLINK" in r["title"])
    assert hostile["title"].startswith("'=")


def test_xlsx_is_a_workbook_analysts_keep(report: Report) -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(render(report, "xlsx")))
    names = workbook.sheetnames
    assert names[:3] == ["核心洞察", "月度中标项目与金额", "项目类型月度分布"]
    assert {"厂商排行（按品牌）", "图表", "方法说明", "附录二：本期中标大模型项目", "figures"} <= set(names)
    monthly = workbook["月度中标项目与金额"]
    assert monthly["A1"].font.b and monthly.freeze_panes == "A2" and monthly.auto_filter.ref == "A1:G4"
    assert [c.value for c in monthly[3]][:5] == ["2025-02", 2, 1.0, None, 100.0]
    assert (monthly["E3"].number_format, monthly["C3"].number_format) == ("#,##0.00", "+0.0%;-0.0%;0.0%")
    assert monthly.column_dimensions["E"].width >= 20
    shares = workbook["项目类型占比"]
    assert (shares["C2"].value, shares["C2"].number_format) == (0.25, "0.0%")
    assert workbook["图表"]._charts, "the chart sheet holds charts"
    projects = workbook["附录二：本期中标大模型项目"]
    header = [c.value for c in projects[1]]
    titles = [row[header.index("项目名称")].value for row in projects.iter_rows(min_row=2)]
    assert any(str(t).startswith("'=HYPERLINK") for t in titles)
    assert all(cell.data_type != "f" for sheet in workbook for row in sheet.iter_rows() for cell in row)
    links = [row[header.index("公告")] for row in projects.iter_rows(min_row=2)]
    assert any(c.hyperlink and c.hyperlink.target == "https://www.ccgp.gov.cn/t/P1-1.htm" for c in links)
    assert not any(c.hyperlink and "javascript" in c.hyperlink.target for c in links)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_an_empty_period(database_url: str, fmt: str) -> None:
    with session_scope(make_engine(database_url)) as session:
        empty = build_report(PERIOD, session=session)
    assert empty.in_scope_total == 0
    assert render(empty, fmt)
    assert render(empty, fmt, projects_only=True)

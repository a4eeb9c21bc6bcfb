"""The report as an Excel workbook analysts keep (openpyxl): one sheet per table, bold frozen headers,
autofilter, column widths, 万元 and % as numbers with number formats, notice links as hyperlinks, a
chart sheet, and the flat figure rows (reports/tabular.py) for whoever wants to pivot them."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from reports.aggregates import ProjectRow
from reports.findings import findings
from reports.labels import Labels
from reports.report import METHOD_NOTE, PENETRATION_READINGS, Report, wan
from reports.tables import (
    Amount,
    Cell,
    Link,
    Links,
    Share,
    Table,
    appendix_model,
    body_tables,
    coverage,
    filters_text,
    headlines,
    project_table,
)
from reports.tabular import FIGURE_COLUMNS, cell_text, figure_rows
from reports.urls import safe_href

WAN_FORMAT = "#,##0.00"
PCT_FORMAT = "0.0%"
CHANGE_FORMAT = "+0.0%;-0.0%;0.0%"
HEADER = Font(bold=True)
LINK = Font(color="0563C1", underline="single")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_title(title: str, taken: Iterable[str]) -> str:
    """A valid, unique sheet name: no []:*?/\\, at most 31 characters."""
    base = _SHEET_FORBIDDEN.sub(" ", title).strip()[:31] or "sheet"
    name, n = base, 2
    while name in set(taken):
        name = f"{base[:28]}~{n}"
        n += 1
    return name


def _width(value: Any) -> int:
    """Display width of a cell's text: a CJK character takes two columns."""
    text = "" if value is None else str(value)
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _write_cell(sheet: Worksheet, row: int, column: int, cell: Cell) -> None:
    target = sheet.cell(row=row, column=column)
    if isinstance(cell, Amount):
        target.value = float(wan(cell.yuan)) if cell.yuan is not None else None  # type: ignore[arg-type]
        target.number_format = WAN_FORMAT
    elif isinstance(cell, Share):
        target.value = cell.value
        target.number_format = CHANGE_FORMAT if cell.signed else PCT_FORMAT
    elif isinstance(cell, Link | Links):
        links = (cell,) if isinstance(cell, Link) else cell.links
        first = next((link for link in links if safe_href(link.url)), None)
        if first is None:
            target.value = cell_text(" ".join(link.url for link in links)) or None
        else:
            extra = f" (+{len(links) - 1})" if len(links) > 1 else ""
            target.value = cell_text(first.text + extra)
            target.hyperlink = safe_href(first.url)
            target.font = LINK
    elif isinstance(cell, str):
        target.value = cell_text(cell)
    else:
        target.value = cell
    # openpyxl reads any string starting with "=" as a formula; text from notices must stay text.
    if target.data_type == "f":
        target.data_type = "s"


def write_table(workbook: Workbook, tab: Table, *, note: str = "") -> Worksheet:
    """One table on its own sheet: title row, bold frozen header, autofilter, widths."""
    sheet = workbook.create_sheet(sheet_title(tab.title, workbook.sheetnames))
    header_row = 1
    if note or tab.note:
        sheet.cell(row=1, column=1, value=cell_text(note or tab.note)).alignment = Alignment(wrap_text=False)
        header_row = 2
    for column, label in enumerate(tab.columns, start=1):
        sheet.cell(row=header_row, column=column, value=label).font = HEADER
    for offset, row in enumerate(tab.rows, start=1):
        for column, cell in enumerate(row, start=1):
            _write_cell(sheet, header_row + offset, column, cell)
    last_row = header_row + max(len(tab.rows), 1)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1).coordinate
    sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(tab.columns))}{last_row}"
    for column, label in enumerate(tab.columns, start=1):
        values = [label] + [
            sheet.cell(row=r, column=column).value for r in range(header_row + 1, last_row + 1)
        ]
        widest = max((_width(v) for v in values), default=8)
        sheet.column_dimensions[get_column_letter(column)].width = min(max(widest + 2, 8), 60)
    return sheet


def _text_sheet(workbook: Workbook, title: str, lines: Sequence[str], width: int = 120) -> None:
    sheet = workbook.create_sheet(sheet_title(title, workbook.sheetnames))
    for row, line in enumerate(lines, start=1):
        sheet.cell(row=row, column=1, value=cell_text(line)).alignment = Alignment(
            wrap_text=True, vertical="top"
        )
    sheet.column_dimensions["A"].width = width


def _summary(workbook: Workbook, report: Report, t: Labels) -> None:
    sheet = workbook.create_sheet(sheet_title(t("findings"), workbook.sheetnames))
    p = report.period
    sheet.cell(row=1, column=1, value=f"{t('title')} {p.since} – {p.month}").font = Font(bold=True, size=14)
    row = 2
    filters = filters_text(report, t)
    if filters:
        sheet.cell(row=row, column=1, value=cell_text(filters))
        row += 1
    for number, line in enumerate(findings(report, t), start=1):
        cell = sheet.cell(row=row, column=1, value=cell_text(f"{number}. {line}"))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
        sheet.row_dimensions[row].height = 48
        row += 1
    row += 1
    for column, label in enumerate((t("headline"), t("value"), f"{t('mom')} / {t('yoy')}"), start=1):
        sheet.cell(row=row, column=column, value=label).font = HEADER
    for h in headlines(report, t):
        row += 1
        unit = f" ({t('wan')})" if isinstance(h.value, Amount) else ""
        sheet.cell(row=row, column=1, value=h.label + unit)
        _write_cell(sheet, row, 2, h.value)
        sheet.cell(row=row, column=3, value=h.comparison or None)
    sheet.column_dimensions["A"].width = 48
    sheet.column_dimensions["B"].width = 18
    sheet.column_dimensions["C"].width = 70


def _charts(workbook: Workbook, sheets: dict[str, Worksheet], report: Report, t: Labels) -> None:
    """A chart sheet drawing from the tables' own cells (monthly projects, amounts, vendor league)."""
    charts = workbook.create_sheet(sheet_title(t("chart"), workbook.sheetnames))
    monthly = sheets["monthly"]
    n = len(report.monthly)
    if n:
        months = Reference(monthly, min_col=1, min_row=2, max_row=n + 1)
        bar = BarChart()
        bar.title, bar.y_axis.title = t("monthly"), t("projects")
        bar.add_data(Reference(monthly, min_col=2, min_row=1, max_row=n + 1), titles_from_data=True)
        bar.set_categories(months)
        charts.add_chart(bar, "A1")
        amount = BarChart()
        amount.title, amount.y_axis.title = t("amount_wan"), t("wan")
        amount.add_data(Reference(monthly, min_col=5, min_row=1, max_row=n + 1), titles_from_data=True)
        amount.set_categories(months)
        charts.add_chart(amount, "K1")
        types = sheets["types_monthly"]
        line = LineChart()
        line.title, line.y_axis.title = t("types_monthly"), t("share")
        line.y_axis.number_format = PCT_FORMAT
        for column in (3, 5, 7):
            line.add_data(Reference(types, min_col=column, min_row=1, max_row=n + 1), titles_from_data=True)
        line.set_categories(Reference(types, min_col=1, min_row=2, max_row=n + 1))
        charts.add_chart(line, "A17")
    league = sheets["vendor_league"]
    shown = min(len(report.brands), 15)
    if shown:
        start = 3  # note row, header row
        vendors = BarChart()
        vendors.type = "bar"
        vendors.title, vendors.x_axis.title = t("vendor_league"), t("amount_wan")
        vendors.add_data(
            Reference(league, min_col=4, min_row=start - 1, max_row=start + shown - 1), titles_from_data=True
        )
        vendors.set_categories(Reference(league, min_col=1, min_row=start, max_row=start + shown - 1))
        vendors.height = 10
        charts.add_chart(vendors, "K17")


def render_xlsx(report: Report, lang: str = "zh") -> bytes:
    t = Labels(lang)
    workbook = Workbook()
    workbook.remove(workbook.active)
    _summary(workbook, report, t)
    sheets = {tab.key: write_table(workbook, tab) for tab in body_tables(report, t)}
    _charts(workbook, sheets, report, t)
    _text_sheet(workbook, t("method"), METHOD_NOTE[t.lang] + PENETRATION_READINGS[t.lang])
    write_table(workbook, coverage(report, t))
    write_table(workbook, appendix_model(report, t))
    write_table(workbook, project_table(report.projects, t))
    figures = Table("figures", "figures", list(FIGURE_COLUMNS), [list(r) for r in figure_rows(report)])
    write_table(workbook, figures)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render_projects_xlsx(report: Report, rows: Sequence[ProjectRow], lang: str = "zh") -> bytes:
    t = Labels(lang)
    workbook = Workbook()
    workbook.remove(workbook.active)
    write_table(workbook, project_table(rows, t, key="projects"), note=filters_text(report, t))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

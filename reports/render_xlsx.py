"""The report as an Excel workbook (openpyxl): a summary sheet, the figures, the projects, the method."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from reports.report import COUNTING_RULES, PENETRATION_READINGS, Report, classifier_quality, pct
from reports.tabular import FIGURE_COLUMNS, PROJECT_COLUMNS, figure_rows, project_row


def _sheet(workbook: Any, title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    sheet = workbook.create_sheet(title)
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    # openpyxl reads any string starting with "=" as a formula; text from notices must stay text.
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if cell.data_type == "f":
                cell.data_type = "s"
    sheet.freeze_panes = "A2"


def render_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    p = report.period
    summary = [
        ("period", f"{p.since} – {p.month}"),
        ("awarded in-scope projects", report.in_scope_total),
        ("awarded llm projects, all industries", report.llm_total),
        ("medical share of llm awards", pct(report.medical_share)),
        (
            "disclosed amount total (yuan)",
            float(report.amounts.total_yuan) if report.amounts.total_yuan is not None else None,
        ),
        ("projects with undisclosed amount", report.amounts.undisclosed),
    ]
    summary += [(f"penetration {r.type}", pct(r.share)) for r in report.penetration]
    summary += [(f"scenario share {s.key}", pct(s.share)) for s in report.scenarios]
    _sheet(workbook, "Summary", ("figure", "value"), summary)
    _sheet(workbook, "Figures", FIGURE_COLUMNS, figure_rows(report))
    _sheet(workbook, "Projects", PROJECT_COLUMNS, (project_row(r) for r in report.projects))
    _sheet(
        workbook,
        "Coverage",
        ("source", "runs", "failed", "expected", "fetched", "notices", "parse_errors", "from", "until"),
        (
            (
                c.source,
                c.runs,
                c.failed_runs,
                c.expected,
                c.fetched,
                c.notices,
                c.parse_errors,
                c.first_window,
                c.last_window,
            )
            for c in report.coverage
        ),
    )
    method = [("counting rule", r) for r in COUNTING_RULES] + [("渗透率", r) for r in PENETRATION_READINGS]
    method += [("model version", v) for v in report.model_versions]
    method += [(f"classifier {k}", v) for k, v in classifier_quality(report.classifier)]
    _sheet(workbook, "Method", ("topic", "text"), method)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render_projects_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    _sheet(workbook, "Projects", PROJECT_COLUMNS, (project_row(r) for r in report.projects))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

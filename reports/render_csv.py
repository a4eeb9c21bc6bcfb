"""The report as CSV: one row per figure value (see reports/tabular.py), or the project list.

Columns and keys stay English (machines read them); reports/render.py adds the UTF-8 BOM."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from reports.aggregates import ProjectRow
from reports.report import Report
from reports.tabular import FIGURE_COLUMNS, PROJECT_COLUMNS, figure_rows, project_row


def _write(header: tuple[str, ...], rows: object) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)  # type: ignore[arg-type]
    return buffer.getvalue()


def render_csv(report: Report) -> str:
    return _write(FIGURE_COLUMNS, figure_rows(report))


def render_projects_csv(rows: Sequence[ProjectRow]) -> str:
    """`--list`: the projects behind the figures."""
    return _write(PROJECT_COLUMNS, (project_row(r) for r in rows))

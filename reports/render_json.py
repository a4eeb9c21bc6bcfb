"""The report as JSON: `Report.to_dict()` (amounts in yuan as numbers, shares as fractions 0–1)."""

from __future__ import annotations

import json

from reports.report import Report


def render_json(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def render_projects_json(report: Report) -> str:
    """`--list`: only the projects behind the figures."""
    return json.dumps(report.to_dict()["projects"], ensure_ascii=False, indent=2) + "\n"

"""The report as JSON: `Report.to_dict()` (amounts in yuan as numbers, shares as fractions 0–1)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict

from reports.aggregates import ProjectRow
from reports.report import Report, jsonable


def render_json(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def render_projects_json(rows: Sequence[ProjectRow]) -> str:
    """`--list`: only the projects behind the figures."""
    return json.dumps(jsonable([asdict(r) for r in rows]), ensure_ascii=False, indent=2) + "\n"

"""Pick a renderer by format name; text formats come back as UTF-8 bytes."""

from __future__ import annotations

from collections.abc import Callable

from reports.render_csv import render_csv, render_projects_csv
from reports.render_html import render_html
from reports.render_json import render_json, render_projects_json
from reports.render_md import project_table_md, render_md
from reports.render_xlsx import render_projects_xlsx, render_xlsx
from reports.report import Report

FORMATS = ("md", "html", "csv", "xlsx", "json")


def _projects_md(report: Report) -> str:
    p = report.period
    head = [f"# Awarded large-model projects {p.since} – {p.month}", ""]
    return "\n".join(head + project_table_md(report)).rstrip() + "\n"


def _projects_html(report: Report) -> str:
    from reports.render_html import CSS, _appendix, esc

    title = f"Awarded large-model projects {report.period.since} – {report.period.month}"
    return (
        f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{esc(title)}</title><style>{CSS}</style></head>'
        f"<body><h1>{esc(title)}</h1>{_appendix(report.projects)}</body></html>\n"
    )


_REPORT: dict[str, Callable[[Report], str | bytes]] = {
    "md": render_md,
    "html": render_html,
    "csv": render_csv,
    "xlsx": render_xlsx,
    "json": render_json,
}
_LIST: dict[str, Callable[[Report], str | bytes]] = {
    "md": _projects_md,
    "html": _projects_html,
    "csv": render_projects_csv,
    "xlsx": render_projects_xlsx,
    "json": render_projects_json,
}


def render(report: Report, fmt: str, *, projects_only: bool = False) -> bytes:
    """The report (or, with projects_only, the list of projects behind its figures) in a format."""
    table = _LIST if projects_only else _REPORT
    if fmt not in table:
        raise ValueError(f"unknown report format {fmt!r}; expected one of {', '.join(FORMATS)}")
    out = table[fmt](report)
    return out if isinstance(out, bytes) else out.encode("utf-8")

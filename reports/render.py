"""Pick a renderer by format name; text formats come back as UTF-8 bytes (CSV with a BOM for Excel)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reports.aggregates import ProjectRow
from reports.labels import Labels
from reports.render_csv import render_csv, render_projects_csv
from reports.render_html import render_html, render_projects_html
from reports.render_json import render_json, render_projects_json
from reports.render_md import project_table_md, render_md
from reports.render_xlsx import render_projects_xlsx, render_xlsx
from reports.report import Report
from reports.tables import filters_text

FORMATS = ("md", "html", "csv", "xlsx", "json")
LANGS = ("zh", "en")
# Excel on Windows reads a CSV without a byte-order mark as the local code page and garbles Chinese.
UTF8_BOM = b"\xef\xbb\xbf"


def _projects_md(report: Report, rows: Sequence[ProjectRow], lang: str) -> str:
    t = Labels(lang)
    p = report.period
    head = [f"# {t('projects_title')} {p.since} – {p.month}", ""]
    filters = filters_text(report, t)
    if filters:
        head += [f"_{filters}_", ""]
    return "\n".join(head + project_table_md(rows, t)).rstrip() + "\n"


_REPORT: dict[str, Callable[[Report, str], str | bytes]] = {
    "md": render_md,
    "html": render_html,
    "csv": lambda report, lang: render_csv(report),
    "xlsx": render_xlsx,
    "json": lambda report, lang: render_json(report),
}
_LIST: dict[str, Callable[[Report, Sequence[ProjectRow], str], str | bytes]] = {
    "md": _projects_md,
    "html": render_projects_html,
    "csv": lambda report, rows, lang: render_projects_csv(rows),
    "xlsx": render_projects_xlsx,
    "json": lambda report, rows, lang: render_projects_json(rows),
}


def listed_rows(report: Report, *, all_industries: bool = False) -> list[ProjectRow]:
    """What `--list` prints: the in-scope projects, or every large-model project with --all-industries."""
    return list(report.projects) if all_industries else report.in_scope_projects


def render(
    report: Report, fmt: str, *, projects_only: bool = False, all_industries: bool = False, lang: str = "zh"
) -> bytes:
    """The report (or, with projects_only, the list of projects behind its figures) in a format."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if lang not in LANGS:
        raise ValueError(f"unknown report language {lang!r}; expected one of {', '.join(LANGS)}")
    if projects_only:
        out = _LIST[fmt](report, listed_rows(report, all_industries=all_industries), lang)
    else:
        out = _REPORT[fmt](report, lang)
    if isinstance(out, bytes):
        return out
    data = out.encode("utf-8")
    return UTF8_BOM + data if fmt == "csv" else data

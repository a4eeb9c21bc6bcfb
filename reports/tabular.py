"""The report's figures as flat rows (one per figure value), shared by the CSV and XLSX renderers.

Every row names its figure and carries the ids of the projects behind it, so a spreadsheet user can
trace any number. Cells that come from notices are protected against formula injection.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from domain.notice import amount_to_json
from reports.aggregates import ProjectRow
from reports.report import Report, headline_figures

FIGURE_COLUMNS = (
    "figure",
    "month",
    "key",
    "projects",
    "denominator",
    "share",
    "amount_yuan",
    "project_ids",
)
PROJECT_COLUMNS = (
    "id",
    "award_month",
    "first_award_date",
    "in_scope",
    "industry",
    "type",
    "scenarios",
    "buyer",
    "region",
    "amount_yuan",
    "suppliers",
    "project_code",
    "title",
    "notice_urls",
)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell_text(value: object) -> str:
    """Text for a spreadsheet cell: a leading =, +, -, @ gets a quote so it is never run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _num(value: Decimal | None) -> Any:
    return amount_to_json(value)


def _share(part: int, whole: int | None) -> float | None:
    return part / whole if whole else None


def figure_rows(report: Report) -> Iterator[tuple[Any, ...]]:
    def ids(values: list[str]) -> str:
        return " ".join(values)

    for m in report.monthly:
        yield (
            "in_scope_projects",
            m.month,
            "",
            m.projects,
            None,
            None,
            _num(m.amount_yuan),
            ids(m.project_ids),
        )
        yield ("in_scope_cumulative", m.month, "", m.cumulative, None, None, None, "")
        # 环比/同比 as projects ÷ the base (share − 1 is the change), so no cell starts with "-".
        yield (
            "in_scope_projects_mom",
            m.month,
            "",
            m.projects,
            m.previous_month,
            _share(m.projects, m.previous_month),
            _num(m.amount_previous_month),
            "",
        )
        yield (
            "in_scope_projects_yoy",
            m.month,
            "",
            m.projects,
            m.year_ago,
            _share(m.projects, m.year_ago),
            _num(m.amount_year_ago),
            "",
        )
    for f in headline_figures(report):
        value = f.value
        projects = value if f.unit == "projects" else None
        share = value if f.unit == "share" else None
        amount = _num(value) if f.unit == "yuan" else None
        yield ("headline", "", f.key, projects, None, share, amount, ids(f.project_ids))
    month_totals = {m.month: m.projects for m in report.monthly}
    for t in report.types_by_month:
        yield (
            "type_by_month",
            t.month,
            t.type,
            t.projects,
            month_totals.get(t.month),
            t.share,
            None,
            ids(t.project_ids),
        )
    total = report.in_scope_total
    for s in report.type_totals:
        yield ("type_share_period", "", s.key, s.projects, total, s.share, None, ids(s.project_ids))
    for p in report.penetration:
        yield ("penetration", "", p.type, p.in_scope, p.llm, p.share, None, ids(p.in_scope_ids))
    for s in report.scenarios:
        yield ("scenario_share", "", s.key, s.projects, total, s.share, None, ids(s.project_ids))
    for s in report.industries:
        yield ("llm_by_industry", "", s.key, s.projects, report.llm_total, s.share, None, ids(s.project_ids))
    a = report.amounts
    yield ("amount_total", "", "disclosed", a.disclosed, None, None, _num(a.total_yuan), "")
    yield ("amount_median", "", "disclosed", a.disclosed, None, None, _num(a.median_yuan), "")
    yield ("amount_undisclosed", "", "undisclosed", a.undisclosed, None, None, None, ids(a.undisclosed_ids))
    for figure, rows in (("province", report.provinces), ("buyer", report.buyers)):
        for r in rows:
            yield (
                figure,
                "",
                cell_text(r.name),
                r.projects,
                None,
                None,
                _num(r.amount_yuan),
                ids(r.project_ids),
            )
    total_value = report.amounts.total_yuan
    for r in report.brands:
        share = float(r.amount_yuan / total_value) if total_value and r.amount_yuan is not None else None
        yield (
            "brand",
            "",
            cell_text(f"{r.name} [{r.kind or 'other'}]"),
            r.projects,
            None,
            share,
            _num(r.amount_yuan),
            ids(r.project_ids),
        )
    for r in report.suppliers:
        key = f"{r.name} [{r.brand}/{r.kind or 'other'}]"
        yield (
            "supplier",
            "",
            cell_text(key),
            r.projects,
            None,
            None,
            _num(r.amount_yuan),
            ids(r.project_ids),
        )
    for s in report.winner_kinds:
        yield ("winner_kind", "", s.key, s.projects, total, s.share, None, ids(s.project_ids))


def project_row(r: ProjectRow) -> tuple[Any, ...]:
    return (
        r.id,
        r.award_month,
        r.first_award_date,
        r.in_scope,
        r.industry,
        r.type,
        " ".join(r.scenarios),
        cell_text(r.buyer),
        cell_text(r.region),
        _num(r.amount_yuan),
        cell_text("; ".join(r.suppliers)),
        cell_text(r.project_code),
        cell_text(r.title),
        # URLs come from pages too (a JSON API can answer any string): protected like the text.
        cell_text(" ".join(n.url for n in r.notices)),
    )

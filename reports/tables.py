"""The report's tables as typed cells, laid out once for every human format (md, html, xlsx).

A cell is text, a count (int), an `Amount` (yuan, shown in 万元), a `Share` (a fraction, shown as %),
or a `Link` to a notice. Each renderer decides how a type looks (xlsx keeps numbers as numbers with
a number format), so the same figure reads the same in every format.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from domain.vocabulary import PROJECT_TYPES
from reports.aggregates import ProjectRow, Ranked
from reports.aggregates import Share as ShareRow
from reports.labels import Labels
from reports.report import LEAGUE_NOTE, Report, change, classifier_quality, headline_figures


@dataclass(frozen=True)
class Amount:
    yuan: Decimal | None


@dataclass(frozen=True)
class Share:
    value: float | None
    signed: bool = False  # a change (+12.5%) rather than a share


@dataclass(frozen=True)
class Link:
    text: str
    url: str


@dataclass(frozen=True)
class Links:
    links: tuple[Link, ...]


Cell = str | int | Amount | Share | Link | Links | None


@dataclass
class Table:
    """One table: a key (sheet name, anchor), its title, column labels and rows of cells."""

    key: str
    title: str
    columns: list[str]
    rows: list[list[Cell]]
    traces: list[list[str]] = field(default_factory=list)  # project ids behind each row
    note: str = ""


def _trace_rows(rows: Sequence[object]) -> list[list[str]]:
    return [list(getattr(r, "project_ids", []) or []) for r in rows]


def monthly(report: Report, t: Labels) -> Table:
    rows: list[list[Cell]] = [
        [
            m.month,
            m.projects,
            Share(change(m.projects, m.previous_month), signed=True),
            Share(change(m.projects, m.year_ago), signed=True),
            Amount(m.amount_yuan),
            Share(change(m.amount_yuan, m.amount_previous_month), signed=True),
            m.cumulative,
        ]
        for m in report.monthly
    ]
    columns = [
        t("month"),
        t("projects"),
        t("mom"),
        t("yoy"),
        t("amount_wan"),
        f"{t('amount')} {t('mom')}",
        t("cumulative"),
    ]
    return Table("monthly", t("monthly"), columns, rows, _trace_rows(report.monthly))


def types_monthly(report: Report, t: Labels) -> Table:
    cells = {(r.month, r.type): r for r in report.types_by_month}
    columns = [t("month")]
    for key in PROJECT_TYPES:
        columns += [t.type(key), f"{t.type(key)} {t('share')}"]
    rows: list[list[Cell]] = []
    for m in report.monthly:
        row: list[Cell] = [m.month]
        for key in PROJECT_TYPES:
            r = cells.get((m.month, key))
            row += [r.projects if r else 0, Share(r.share if r else None)]
        rows.append(row)
    return Table("types_monthly", t("types_monthly"), columns, rows, _trace_rows(report.monthly))


def _shares(key: str, t: Labels, shares: Sequence[ShareRow], label: object, total_label: str) -> Table:
    rows: list[list[Cell]] = [[label(s.key), s.projects, Share(s.share)] for s in shares]  # type: ignore[operator]
    return Table(key, t(key), [t(total_label), t("projects"), t("share")], rows, _trace_rows(shares))


def type_shares(report: Report, t: Labels) -> Table:
    return _shares("type_shares", t, report.type_totals, lambda k: t.keyed(t.type(k), k), "type")


def penetration(report: Report, t: Labels) -> Table:
    rows: list[list[Cell]] = [
        [t.keyed(t.type(p.type), p.type), p.in_scope, p.llm, Share(p.share)] for p in report.penetration
    ]
    return Table(
        "penetration",
        t("penetration"),
        [t("type"), t("medical"), t("llm_all"), t("penetration").split("：")[0].split(":")[0]],
        rows,
        [list(p.in_scope_ids) for p in report.penetration],
    )


def scenarios(report: Report, t: Labels) -> Table:
    return _shares("scenarios", t, report.scenarios, lambda k: t.keyed(t.scenario(k), k), "scenario")


def industries(report: Report, t: Labels) -> Table:
    return _shares("industries", t, report.industries, lambda k: t.keyed(t.industry(k), k), "industry")


def _ranked(key: str, t: Labels, rows: Sequence[Ranked], first: str) -> Table:
    body: list[list[Cell]] = [[r.name, r.projects, Amount(r.amount_yuan)] for r in rows]
    return Table(key, t(key), [t(first), t("projects"), t("amount_wan")], body, _trace_rows(rows))


def provinces(report: Report, t: Labels) -> Table:
    return _ranked("provinces", t, report.provinces, "province")


def buyers(report: Report, t: Labels) -> Table:
    return _ranked("buyers", t, report.buyers, "buyer")


def vendor_league(report: Report, t: Labels) -> Table:
    total = report.amounts.total_yuan
    body: list[list[Cell]] = [
        [
            t.brand(r.name),
            t.kind(r.kind),
            r.projects,
            Amount(r.amount_yuan),
            Share(float(r.amount_yuan / total) if total and r.amount_yuan is not None else None),
        ]
        for r in report.brands
    ]
    columns = [t("brand"), t("kind"), t("projects"), t("amount_wan"), t("value_share")]
    return Table(
        "vendor_league", t("vendor_league"), columns, body, _trace_rows(report.brands), LEAGUE_NOTE[t.lang]
    )


def winner_kinds(report: Report, t: Labels) -> Table:
    return _shares("winner_kinds", t, report.winner_kinds, lambda k: t.keyed(t.kind(k), k), "kind")


def suppliers(report: Report, t: Labels) -> Table:
    body: list[list[Cell]] = [
        [r.name, t.brand(r.brand or "other"), t.kind(r.kind), r.projects, Amount(r.amount_yuan)]
        for r in report.suppliers
    ]
    columns = [t("supplier"), t("brand"), t("kind"), t("projects"), t("amount_wan")]
    return Table("suppliers", t("suppliers"), columns, body, _trace_rows(report.suppliers))


def _links(row: ProjectRow, t: Labels) -> Links:
    return Links(
        tuple(
            Link(f"{t.source(n.source)} {t.notice_type(n.notice_type)} {n.publish_date or ''}".strip(), n.url)
            for n in row.notices
        )
    )


def largest(report: Report, t: Labels) -> Table:
    body: list[list[Cell]] = [
        [
            r.id,
            r.award_month,
            r.buyer or "",
            "; ".join(r.suppliers),
            r.title,
            Amount(r.amount_yuan),
            _links(r, t),
        ]
        for r in report.largest
    ]
    columns = [
        t("project"),
        t("month"),
        t("buyer"),
        t("suppliers_col"),
        t("title_col"),
        t("amount_wan"),
        t("notices"),
    ]
    return Table("largest", t("largest"), columns, body, [[r.id] for r in report.largest])


def coverage(report: Report, t: Labels) -> Table:
    body: list[list[Cell]] = [
        [
            t.keyed(t.source(c.source), c.source),
            c.runs,
            c.failed_runs,
            c.expected,
            c.fetched,
            c.notices,
            c.parse_errors,
            f"{c.first_window or '–'} … {c.last_window or '–'}",
        ]
        for c in report.coverage
    ]
    columns = [
        t(k) for k in ("source", "runs", "failed", "expected", "fetched", "stored", "parse_errors", "window")
    ]
    return Table("coverage", t("coverage"), columns, body)


def appendix_model(report: Report, t: Labels) -> Table:
    versions = ", ".join(report.model_versions) or "–"
    body: list[list[Cell]] = [["model_version", versions]]
    body += [[name, value] for name, value in classifier_quality(report.classifier)]
    note = (
        "交叉验证指标，取自 classifier/models/metadata.json。"
        if t.zh
        else "Cross-validated metrics from classifier/models/metadata.json."
    )
    if not report.classifier:
        note = (
            "未找到分类模型元数据（classifier/models/metadata.json）。"
            if t.zh
            else ("No classifier metadata found (classifier/models/metadata.json).")
        )
    return Table("appendix_model", t("appendix_model"), [t("metric"), t("value")], body, note=note)


def project_table(rows: Sequence[ProjectRow], t: Labels, key: str = "appendix_projects") -> Table:
    body: list[list[Cell]] = [
        [
            r.id,
            r.award_month,
            t.yes_no(r.in_scope),
            t.industry(r.industry),
            t.type(r.type) if r.type else "",
            "、".join(t.scenario(s) for s in r.scenarios)
            if t.zh
            else ", ".join(t.scenario(s) for s in r.scenarios),
            r.buyer or "",
            r.region or "",
            Amount(r.amount_yuan),
            "; ".join(r.suppliers),
            r.title,
            _links(r, t),
        ]
        for r in rows
    ]
    columns = [
        t("project"),
        t("month"),
        t("in_scope"),
        t("industry"),
        t("type"),
        t("scenario"),
        t("buyer"),
        t("region"),
        t("amount_wan"),
        t("suppliers_col"),
        t("title_col"),
        t("notices"),
    ]
    return Table(
        key,
        t(key) if key in ("appendix_projects",) else t("projects_title"),
        columns,
        body,
        [[r.id] for r in rows],
    )


def body_tables(report: Report, t: Labels) -> list[Table]:
    """The report's tables in reading order (without the appendices)."""
    return [
        monthly(report, t),
        types_monthly(report, t),
        type_shares(report, t),
        penetration(report, t),
        scenarios(report, t),
        industries(report, t),
        vendor_league(report, t),
        winner_kinds(report, t),
        suppliers(report, t),
        provinces(report, t),
        buyers(report, t),
        largest(report, t),
    ]


HEADLINE_LABELS = {
    "in_scope_projects": ("医疗大模型中标项目", "awarded medical large-model projects"),
    "disclosed_amount_yuan": ("披露中标金额", "disclosed award amount"),
    "llm_projects_all_industries": ("全部行业大模型中标项目", "awarded large-model projects, all industries"),
    "medical_share_of_llm": ("医疗占大模型中标比例", "medical share of large-model awards"),
    "undisclosed_amount_projects": ("未披露金额的项目", "projects with undisclosed amount"),
    "other_brand_value_share": ("未映射品牌的金额占比", "value share of unmapped winners"),
}


@dataclass(frozen=True)
class Headline:
    key: str
    label: str
    value: Cell
    comparison: str  # 环比/同比 text, empty when the figure has no base


def headlines(report: Report, t: Labels) -> list[Headline]:
    """The headline figures (reports.report.headline_figures) as labelled cells with their changes."""
    out = []
    for f in headline_figures(report):
        value: Cell
        if f.unit == "yuan":
            value = Amount(f.value)
        elif f.unit == "share":
            value = Share(f.value)
        else:
            value = f.value
        comparison = ""
        if f.previous is not None or f.year_ago is not None:
            mom, yoy = change(f.value, f.previous), change(f.value, f.year_ago)
            comparison = f"{t('mom')} {signed(mom)} · {t('yoy')} {signed(yoy)}"
        label = HEADLINE_LABELS.get(f.key, (f.key, f.key))[0 if t.zh else 1]
        out.append(Headline(f.key, label, value, comparison))
    return out


def signed(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:+.1f}%"


def filters_text(report: Report, t: Labels) -> str:
    """The filters in force, as one line ('' when none)."""
    active = report.period.filters.active()
    if not active:
        return ""
    shown = {
        "type": t.type,
        "industry": t.industry,
        "scenario": t.scenario,
    }
    parts = [f"--{k} {shown[k](v) if k in shown else v}" for k, v in active.items()]
    return f"{t('filters')}: " + ", ".join(parts)

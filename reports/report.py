"""One report = every figure of a period plus its method notes; renderers only lay it out.

`to_dict()` is the JSON form (amounts as numbers of yuan, shares as fractions 0–1) and the single
source the renderers read, so md, html, csv, xlsx and json always show the same figures.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlmodel import Session

from domain.notice import amount_to_json
from domain.paths import REPO_ROOT
from reports import aggregates as agg
from reports.figure_notes import FigureNotes, figure_notes

CLASSIFIER_METADATA = REPO_ROOT / "classifier" / "models" / "metadata.json"

# The method note, in our own words; the details live in docs/ (docs/domain.md, docs/reports.md).
METHOD_NOTE = {
    "zh": [
        "一个项目是一次采购：同一项目在多个门户、多个阶段发布的公告（意向、招标、更正、中标、合同）合并为一个项目，"
        "按项目编号、采购单位和标题关联（docs/domain.md §3）。",
        "项目在其第一条有效中标公告发布的月份计入；整体废标或终止的项目不计，重新招标后的中标照常计入；"
        "分包中标合计为一个项目（docs/reports.md 的 Counting 一节）。",
        "医疗大模型项目 = 属于大模型项目、且采购方行业为医疗卫生的项目；类型（算力类/大模型类/综合类）与应用场景由随仓库发布的分类模型"
        "从公告文本判断，模型的交叉验证指标见附录一（docs/domain.md §4–§6）。",
        "金额为公告披露的中标金额，以万元计；未披露金额（费率、详见附件等）的项目计入项目数，不计入金额，并单独列出数量。",
    ],
    "en": [
        "A project is one procurement: the notices of one procurement on several portals and at several "
        "stages (intention, tender, correction, award, contract) are linked into one project by project "
        "code, buyer and title (docs/domain.md §3).",
        "A project counts in the month of its first valid award notice; a wholly cancelled project does not "
        "count, an award after a re-tender does; the lots of one procurement count once "
        '(docs/reports.md, "Counting").',
        "A medical large-model project is a large-model project whose buyer is in the medical industry; its "
        "type (compute / model / integrated) and scenarios are read from the notices by the shipped "
        "classifier, whose cross-validated metrics are in appendix A (docs/domain.md §4–§6).",
        "Amounts are the disclosed award amounts in 10k yuan; a project whose amount is not disclosed (a "
        "rate, 详见附件) counts as a project but not in the amounts, and their number is shown.",
    ],
}
PENETRATION_READINGS = {
    "zh": [
        "本报告的渗透率 = 某类型的医疗大模型中标项目数 ÷ 同类型的全部行业大模型中标项目数（同一时期），"
        "即医疗在该类型中的占比（docs/domain.md §9）。",
        "另一种常见读法是场景占比 = 带有某场景标签的医疗大模型项目数 ÷ 全部医疗大模型项目数；"
        "一个项目可有多个场景，故各场景占比之和可超过 100%。两种读法并列给出。",
    ],
    "en": [
        "渗透率 as read here = awarded medical large-model projects of a type ÷ awarded large-model projects "
        "of that type in all industries over the same period: medical's share of the type (docs/domain.md §9).",
        "The other reading in use is the scenario share = medical large-model projects tagged with a scenario "
        "÷ all medical large-model projects; a project may have several scenarios, so shares can add to more "
        "than 100 %. Both are shown.",
    ],
}
LEAGUE_NOTE = {
    "zh": "品牌由供应商名称按厂商映射表归并（linking/data/brands.json，可用自己的映射文件扩展，见 docs/reports.md）；"
    "多家联合中标的项目对每个品牌各计一次、金额全额计入，故金额占比之和可超过 100%。"
    "「其他（未映射）」= 至少有一家中标方未被映射的项目。",
    "en": "Brands come from the vendor mapping (linking/data/brands.json, extendable with your own file, see "
    "docs/reports.md); a project won jointly counts once for each brand with its full amount, so value "
    'shares can add to more than 100 %. "other (unmapped)" = projects with at least one unmapped winner.',
}


@dataclass
class Report:
    period: agg.Period
    monthly: list[agg.MonthCount]
    types_by_month: list[agg.TypeMonth]
    type_totals: list[agg.Share]
    penetration: list[agg.Penetration]
    scenarios: list[agg.Share]
    industries: list[agg.Share]
    amounts: agg.Amounts
    provinces: list[agg.Ranked]
    buyers: list[agg.Ranked]
    suppliers: list[agg.Ranked]
    brands: list[agg.Ranked]
    winner_kinds: list[agg.Share]
    projects: list[agg.ProjectRow]
    coverage: list[agg.SourceCoverage]
    model_versions: list[str]
    previous: agg.Totals
    year_ago: agg.Totals
    classifier: dict[str, Any] = field(default_factory=dict)
    data_since: str | None = None  # first publish date of the stored notices (is a base period covered?)
    # Ranges, analyst-label counts and corrections in force (reports/figure_notes.py).
    notes: FigureNotes | None = None

    @property
    def in_scope_total(self) -> int:
        return self.monthly[-1].cumulative if self.monthly else 0

    @property
    def llm_total(self) -> int:
        return sum(s.projects for s in self.industries)

    @property
    def medical_share(self) -> float | None:
        return self.in_scope_total / self.llm_total if self.llm_total else None

    @property
    def largest(self) -> list[agg.ProjectRow]:
        return agg.largest(self.projects)

    @property
    def in_scope_projects(self) -> list[agg.ProjectRow]:
        return [p for p in self.projects if p.in_scope]

    @property
    def other_value_share(self) -> float | None:
        """Share of the disclosed in-scope award value won by projects with an unmapped winner."""
        other = next((b for b in self.brands if b.name == agg.OTHER_BRAND), None)
        total = self.amounts.total_yuan
        if not total:
            return None
        return float((other.amount_yuan or 0) / total) if other else 0.0

    def to_dict(self) -> dict[str, Any]:
        data = jsonable(asdict(self))
        data["period"] = {
            "since": self.period.since,
            "month": self.period.month,
            "months": self.period.months(),
        }
        data["period"]["filters"] = self.period.filters.active()
        data["headline"] = {f.key: jsonable(f.value) for f in headline_figures(self)}
        data["headline_figures"] = [jsonable(asdict(f)) for f in headline_figures(self)]
        data["largest"] = jsonable([asdict(r) for r in self.largest])
        data["method"] = {
            "note": METHOD_NOTE["en"],
            "penetration_readings": PENETRATION_READINGS["en"],
            "vendor_league": LEAGUE_NOTE["en"],
        }
        return data


@dataclass(frozen=True)
class HeadlineFigure:
    """One headline figure of a report, with its comparison bases and the projects behind it.

    The one place the headline figures are defined: renderers, the demo's table and json read this
    list, so a field added here (a range, how many projects rest on analyst labels) reaches them all.
    """

    key: str
    value: Any
    unit: str  # "projects" | "yuan" | "share"
    previous: Any = None  # same-length period just before (环比)
    year_ago: Any = None  # same period a year earlier (同比)
    project_ids: list[str] = field(default_factory=list)


def headline_figures(report: Report) -> list[HeadlineFigure]:
    """The report's headline figures (docs/reports.md "Headline figures")."""
    in_scope_ids = sorted({i for m in report.monthly for i in m.project_ids})
    return [
        HeadlineFigure(
            "in_scope_projects",
            report.in_scope_total,
            "projects",
            report.previous.projects,
            report.year_ago.projects,
            in_scope_ids,
        ),
        HeadlineFigure(
            "disclosed_amount_yuan",
            report.amounts.total_yuan,
            "yuan",
            report.previous.amount_yuan,
            report.year_ago.amount_yuan,
        ),
        HeadlineFigure("llm_projects_all_industries", report.llm_total, "projects"),
        HeadlineFigure("medical_share_of_llm", report.medical_share, "share"),
        HeadlineFigure(
            "undisclosed_amount_projects",
            report.amounts.undisclosed,
            "projects",
            project_ids=report.amounts.undisclosed_ids,
        ),
        HeadlineFigure("other_brand_value_share", report.other_value_share, "share"),
    ]


def change(value: float | int | Decimal | None, base: float | int | Decimal | None) -> float | None:
    """Relative change of value on base (0.5 = +50 %), None when there is no base to compare with."""
    if value is None or base is None or not base:
        return None
    return float(value) / float(base) - 1


def jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return amount_to_json(value)
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def classifier_metadata(path: Path = CLASSIFIER_METADATA) -> dict[str, Any]:
    """The shipped classifier's sidecar (version, measured quality), or {} when there is none."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def build_report(
    period: agg.Period, *, session: Session, metadata_path: Path = CLASSIFIER_METADATA, ranges: bool = True
) -> Report:
    """Run every aggregate for the period (and, unless `ranges` is False, the figures' ranges)."""
    report = Report(
        period=period,
        monthly=agg.in_scope_by_month(period, session=session),
        types_by_month=agg.types_by_month(period, session=session),
        type_totals=agg.type_totals(period, session=session),
        penetration=agg.penetration(period, session=session),
        scenarios=agg.scenario_shares(period, session=session),
        industries=agg.industries(period, session=session),
        amounts=agg.amounts(period, session=session),
        provinces=agg.provinces(period, session=session),
        buyers=agg.top_buyers(period, session=session),
        suppliers=agg.supplier_league(period, session=session),
        brands=agg.brand_league(period, session=session),
        winner_kinds=agg.winner_kinds(period, session=session),
        projects=agg.project_rows(period, session=session),
        coverage=agg.coverage(session=session),
        model_versions=agg.model_versions(session=session),
        previous=agg.totals(period.shifted(-period.length), session=session),
        year_ago=agg.totals(period.shifted(-12), session=session),
        data_since=agg.data_dates(session=session)[0],
        classifier=classifier_metadata(metadata_path),
    )
    if ranges:
        report.notes = figure_notes(report, session=session)
    return report


def pct(value: float | None) -> str:
    """A share as a percentage with one decimal, `–` when undefined."""
    return "–" if value is None else f"{value * 100:.1f}%"


def signed_pct(value: float | None) -> str:
    """A change as a signed percentage (+12.5%), `–` when there is no base."""
    return "–" if value is None else f"{value * 100:+.1f}%"


def wan(value: Decimal | None) -> Decimal | None:
    """Yuan to 万元 (10k yuan), two decimals."""
    return None if value is None else (value / Decimal(10000)).quantize(Decimal("0.01"))


def yuan(value: Decimal | None, lang: str = "zh") -> str:
    """An amount in 万元 with two decimals (the unit reports use), `未披露` when undisclosed."""
    if value is None:
        return "未披露" if lang == "zh" else "undisclosed"
    return f"{wan(value):,} 万元" if lang == "zh" else f"{wan(value):,} ×10k yuan"


def classifier_quality(meta: dict[str, Any]) -> list[tuple[str, str]]:
    """Flat (name, value) pairs of the numeric metrics in the classifier's sidecar, for the appendix."""
    pairs: list[tuple[str, str]] = []

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), inner)
        elif isinstance(value, bool):
            return
        elif isinstance(value, int | float):
            pairs.append((prefix, f"{value:.3f}" if isinstance(value, float) else str(value)))

    walk("", meta.get("metrics", {}))
    return pairs

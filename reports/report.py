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

TYPE_LABELS = {"compute": "算力类", "model": "大模型类", "integrated": "综合类", "unknown": "未定"}
SCENARIO_LABELS = {
    "clinical": "诊疗服务",
    "management": "医院管理",
    "patient": "患者服务",
    "research": "科研教学",
    "public_health": "公共卫生与区域",
}
# The project appendix's columns (md and html; html adds the notices behind each project).
APPENDIX_COLUMNS = (
    "id",
    "month",
    "in scope",
    "industry",
    "type",
    "scenarios",
    "buyer",
    "region",
    "amount",
    "suppliers",
    "title",
)
KIND_LABELS = {"carrier": "运营商", "integrator": "系统集成商", "vendor": "品牌厂商", "other": "其他"}

COUNTING_RULES = [
    "A project is one procurement: notices are linked by normalised project code and buyer, by the "
    "portal's own links between notices, and by normalised title and buyer within 180 days; copies on "
    "several portals are one project.",
    "A project counts as awarded in month M when its first counted award notice was published in M and "
    "it has not been wholly cancelled. After a whole cancellation (废标/终止/流标) only awards published "
    "later count (a successful re-tender); a project whose awards all precede its cancellation is cancelled.",
    "Lots count once per project: one award notice already sums its lots; separate per-lot award "
    "notices add up; copies of the same award on several portals are not added twice.",
    "Amounts are the disclosed award amounts in yuan; an undisclosed amount (rate, 详见附件, missing) "
    "counts in project totals and not in amount totals, and the number of such projects is shown.",
    "In scope = large-model project (llm) whose industry is medical (SPEC §4). A project's labels are a "
    "vote over its notices' classifications (award and tender notices weigh double); its scenarios are "
    "the union of those found in its in-scope notices.",
    "Scenario share = awarded in-scope projects tagged with the scenario ÷ all awarded in-scope projects "
    "of the period; a project may have several scenarios or none.",
]
PENETRATION_READINGS = [
    "Reading used for 渗透率 (SPEC §9): medical penetration per type = awarded in-scope projects of the "
    "type ÷ awarded large-model projects of that type in all industries, over the period.",
    "Other reading in use: scenario share = awarded in-scope projects tagged with a scenario ÷ all "
    "awarded in-scope projects; shown beside it in the scenario table.",
]


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
    classifier: dict[str, Any] = field(default_factory=dict)
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

    def to_dict(self) -> dict[str, Any]:
        data = _jsonable(asdict(self))
        data["period"] = {
            "since": self.period.since,
            "month": self.period.month,
            "months": self.period.months(),
        }
        data["headline"] = {
            "in_scope_projects": self.in_scope_total,
            "llm_projects_all_industries": self.llm_total,
            "medical_share_of_llm": self.medical_share,
        }
        data["largest"] = _jsonable([asdict(r) for r in self.largest])
        data["method"] = {"counting_rules": COUNTING_RULES, "penetration_readings": PENETRATION_READINGS}
        return data


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return amount_to_json(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
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
        classifier=classifier_metadata(metadata_path),
    )
    if ranges:
        report.notes = figure_notes(report, session=session)
    return report


def pct(value: float | None) -> str:
    """A share as a percentage with one decimal, `–` when undefined."""
    return "–" if value is None else f"{value * 100:.1f}%"


def yuan(value: Decimal | None) -> str:
    """An amount in 万元 with two decimals (the unit reports use), `未披露` when undisclosed."""
    if value is None:
        return "未披露"
    return f"{(value / Decimal(10000)).quantize(Decimal('0.01')):,} 万元"


def classifier_quality(meta: dict[str, Any]) -> list[tuple[str, str]]:
    """Flat (name, value) pairs of the numeric metrics in the classifier's sidecar, for the method section."""
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
    return pairs[:60]

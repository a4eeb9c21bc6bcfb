"""Ground truth derived from the corpus: per-project outcomes and the headline figures (docs/domain.md §3, §9).

Outcomes are computed from the notices themselves (never typed in), so a perturbed corpus gets
its own truth by the same rules the pipeline must implement:
* a project is **awarded** when it has at least one award notice on any portal; its first award
  date is the earliest of them (copies on several portals included);
* it is **wholly cancelled** when a cancellation (废标/终止) is published after its last award, or
  when it has a cancellation and no award; a 废标 before a re-tender's award does not cancel it;
* lots count once (by lot number, across portals) and their amounts add; a project with any lot
  printed as a rate or 详见附件 has an undisclosed amount.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from replay.model import Lot, Notice, Project
from replay.portals import alternate_urls

TYPES = ("compute", "model", "integrated")
SCENARIOS = ("clinical", "management", "patient", "research", "public_health")


@dataclass
class TruthRow:
    """One project's truth as written to truth/projects.jsonl."""

    key: str
    llm: bool
    industry: str
    in_scope: bool
    type: str | None
    scenarios: list[str]
    buyer: str
    region: str
    project_code: str | None
    name: str
    negative_kind: str | None
    awarded: bool
    cancelled: bool
    first_award_date: date | None
    award_amount_yuan: Decimal | None
    lots: int
    suppliers: list[str]
    notices: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def counted(self) -> bool:
        """Counted as an awarded project (docs/domain.md §3): awarded and not wholly cancelled."""
        return self.awarded and not self.cancelled

    @property
    def award_month(self) -> str | None:
        day = self.first_award_date
        return f"{day.year}-{day.month:02d}" if day else None

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "llm": self.llm,
            "industry": self.industry,
            "in_scope": self.in_scope,
            "type": self.type,
            "scenarios": self.scenarios,
            "buyer": self.buyer,
            "region": self.region,
            "project_code": self.project_code,
            "name": self.name,
            "negative_kind": self.negative_kind,
            "awarded": self.awarded,
            "cancelled": self.cancelled,
            "counted": self.counted,
            "first_award_date": self.first_award_date.isoformat() if self.first_award_date else None,
            "award_amount_yuan": str(self.award_amount_yuan) if self.award_amount_yuan is not None else None,
            "lots": self.lots,
            "suppliers": self.suppliers,
            "notices": self.notices,
            "notes": self.notes,
        }

    @classmethod
    def from_json(cls, row: dict[str, Any]) -> TruthRow:
        data = {k: v for k, v in row.items() if k != "counted"}
        data["first_award_date"] = (
            date.fromisoformat(row["first_award_date"]) if row["first_award_date"] else None
        )
        amount = row["award_amount_yuan"]
        data["award_amount_yuan"] = Decimal(amount) if amount is not None else None
        return cls(**data)


def truth_rows(projects: list[Project], notices: list[Notice]) -> list[TruthRow]:
    """Every project's outcome, computed from its notices by the rules in this module's docstring."""
    by_project: dict[str, list[Notice]] = {}
    for notice in notices:
        by_project.setdefault(notice.project, []).append(notice)
    rows = []
    for project in projects:
        own = sorted(by_project.get(project.key, []), key=lambda n: (n.published, n.nid))
        awards = [n for n in own if n.kind == "award"]
        cancels = [n for n in own if n.kind == "cancellation"]
        last_award = max((n.published for n in awards), default=None)
        cancelled = bool(cancels) and (last_award is None or max(n.published for n in cancels) > last_award)
        lots: dict[int, Lot] = {}
        for award in awards:
            for lot in award.lots:
                lots.setdefault(lot.number, lot)
        amounts = [lots[k].amount for k in sorted(lots)]
        disclosed = [a for a in amounts if a is not None]
        amount = sum(disclosed, Decimal(0)) if amounts and len(disclosed) == len(amounts) else None
        suppliers: list[str] = []
        for number in sorted(lots):
            supplier = lots[number].supplier
            if supplier and supplier not in suppliers:
                suppliers.append(supplier)
        rows.append(
            TruthRow(
                key=project.key,
                llm=project.llm,
                industry=project.industry,
                in_scope=project.in_scope,
                type=project.type,
                scenarios=list(project.scenarios),
                buyer=project.buyer,
                region=project.region,
                project_code=project.project_code,
                name=project.name,
                negative_kind=project.negative_kind,
                awarded=bool(awards),
                cancelled=cancelled,
                first_award_date=min(n.publish_date for n in awards) if awards else None,
                award_amount_yuan=amount,
                lots=len(lots),
                suppliers=suppliers,
                notices=[
                    {
                        "source": n.source,
                        "url": n.url,
                        "alt_urls": alternate_urls(n),
                        "notice_type": n.kind,
                        "label": n.label,
                        "publish_date": n.publish_date.isoformat(),
                    }
                    for n in own
                ],
                notes=sorted(set(project.notes)),
            )
        )
    return rows


def months_between(since: str, until: str) -> list[str]:
    year, month = (int(x) for x in since.split("-"))
    out = []
    while f"{year}-{month:02d}" <= until:
        out.append(f"{year}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _pct(part: int, whole: int) -> float | None:
    """Percent rounded to one decimal, half up (the report's convention); None for an empty whole."""
    if not whole:
        return None
    return float((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding="ROUND_HALF_UP"))


def figures(rows: list[TruthRow], since: str = "2025-01", until: str = "2025-09") -> dict[str, Any]:
    """The report's supply-side figures for a window of months (docs/domain.md §9), from truth rows only."""
    months = months_between(since, until)
    counted = [r for r in rows if r.counted and r.award_month in months]
    in_scope = [r for r in counted if r.in_scope]
    llm = [r for r in counted if r.llm]
    by_month: dict[str, dict[str, int]] = {}
    for month in months:
        of_month = [r for r in in_scope if r.award_month == month]
        by_month[month] = {"total": len(of_month), **{t: sum(r.type == t for r in of_month) for t in TYPES}}
    last = by_month[months[-1]]
    penetration = {}
    for type_ in TYPES:
        numerator = sum(r.type == type_ for r in in_scope)
        denominator = sum(r.type == type_ for r in llm)
        penetration[type_] = {
            "in_scope": numerator,
            "llm_all_industries": denominator,
            "pct": _pct(numerator, denominator),
        }
    scenario_counts = Counter(s for r in in_scope for s in r.scenarios)
    disclosed = [r.award_amount_yuan for r in in_scope if r.award_amount_yuan is not None]
    industries = Counter(r.industry for r in llm)
    return {
        "window": {"since": since, "until": until},
        "in_scope_awarded_projects": len(in_scope),
        "llm_awarded_projects_all_industries": len(llm),
        "in_scope_by_month": by_month,
        "in_scope_by_type": {t: sum(r.type == t for r in in_scope) for t in TYPES},
        "last_month_type_share_pct": {t: _pct(last[t], last["total"]) for t in TYPES},
        "penetration_by_type": penetration,
        "scenario_share_pct": {s: _pct(scenario_counts[s], len(in_scope)) for s in SCENARIOS},
        "scenario_counts": {s: scenario_counts[s] for s in SCENARIOS},
        "in_scope_without_scenario": sum(not r.scenarios for r in in_scope),
        "in_scope_award_amount_yuan": str(sum(disclosed, Decimal(0))),
        "in_scope_amount_undisclosed_projects": len(in_scope) - len(disclosed),
        "llm_awarded_by_industry": {k: industries[k] for k in sorted(industries)},
        "in_scope_wholly_cancelled_projects": sum(
            1 for r in rows if r.in_scope and r.cancelled and _last_month(r) in months
        ),
    }


def _last_month(row: TruthRow) -> str | None:
    dates = [n["publish_date"] for n in row.notices]
    return max(dates)[:7] if dates else None

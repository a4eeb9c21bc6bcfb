"""The review queue: a period's awarded projects whose labels are least certain, ranked by how far
each could move the headline figures (docs/corrections.md).

For every awarded project of the period, the chance that each of its labels is wrong comes from the
measured error (reports/uncertainty.py) and the project's own signals, whichever says more:

* in scope: the measured rate of wrong answers in the band of its score; its notices disagreeing
  (the weighted minority share); the keyword rules (classifier.rules) disagreeing with the model
  (the measured rate at which the model was wrong when they disagreed);
* type: the measured confusion of the type it was given; its llm notices disagreeing; the rules
  disagreeing;
* each scenario: the measured rate of wrong tags and missed tags.

The **expected shift** is the sum, over the headline figures, of chance wrong × how many percentage
points the figure moves if it is: the in-scope count (one project = 100/N % of it), the type shares
(100/N points each), the penetration of its type (100/L points, L = llm projects of that type) and
the scenario shares (100/N points). Projects an analyst corrected carry no doubt and are left out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlmodel import Session
from sqlmodel import select as select_models

from classifier.predict import Classifier
from classifier.rules import rule_outputs
from domain.vocabulary import PROJECT_TYPES, SCENARIOS
from linking.corrections import analyst_fields, corrections_by_project
from reports.aggregates import Period
from reports.uncertainty import ErrorModel, ProjectEvidence, project_evidence, score_band
from storage.models import Notice, Project

N = Notice.__table__.c  # type: ignore[attr-defined]
P = Project.__table__.c  # type: ignore[attr-defined]
_WEIGHT = {"award": 2, "tender": 2}
_INFORMATIVE = {"award": 0, "tender": 1}


@dataclass
class ReviewRow:
    project_id: str
    award_month: str
    title: str
    buyer: str | None
    award_amount_yuan: Decimal | None
    in_scope: bool
    llm: bool
    industry: str | None
    type: str | None
    scenarios: list[str]
    sources: dict[str, str]  # label → model | analyst
    rules: dict[str, Any]  # the keyword rules' answer (in_scope, type)
    p_wrong: dict[str, float]  # label → chance it is wrong
    expected_shift: float  # percentage points of the headline figures, expected
    reasons: list[str]
    evidence: dict[str, Any] = field(default_factory=dict)  # the classifier's explain cues
    notice_urls: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["award_amount_yuan"] = None if self.award_amount_yuan is None else float(self.award_amount_yuan)
        return data


def _rate(counts: list[int]) -> float:
    k, n = counts
    return (k + 0.5) / (n + 1)


def _notices(period: Period, *, session: Session) -> dict[str, list[Any]]:
    rows = session.execute(
        select(N.project_id, N.id, N.notice_type, N.publish_date, N.title, N.text, N.buyer, N.url)
        .join(Project.__table__, P.id == N.project_id)  # type: ignore[attr-defined]
        .where(P.status == "awarded", P.award_month >= period.since, P.award_month <= period.month)
        .order_by(N.project_id, N.id)
    ).all()
    out: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        out[row.project_id].append(row)
    return out


def _record(row: Any) -> dict[str, Any]:
    return {"title": row.title, "text": row.text or "", "buyer": row.buyer or ""}


def _most_informative(rows: list[Any]) -> Any:
    return min(
        rows,
        key=lambda r: (
            _INFORMATIVE.get(r.notice_type, 2),
            -(r.publish_date.toordinal() if r.publish_date else 0),
        ),
    )


def review_queue(
    period: Period,
    *,
    session: Session,
    error: ErrorModel,
    classifier: Classifier | None = None,
    limit: int | None = 20,
) -> list[ReviewRow]:
    """The period's doubtful projects, the one that could move the figures most first."""
    awarded = (
        Project.status == "awarded",
        Project.award_month >= period.since,  # type: ignore[operator]
        Project.award_month <= period.month,  # type: ignore[operator]
    )
    projects = {p.id: p for p in session.exec(select_models(Project).where(*awarded))}
    ids = sorted(projects)
    corrections = {k: v for k, v in corrections_by_project(session=session).items() if k in projects}
    evidence = {
        e.id: e for e in project_evidence(period.since, period.month, set(corrections), session=session)
    }
    notices = _notices(period, session=session)
    rules = _rules_by_project(notices)

    in_scope_n = sum(1 for p in projects.values() if p.in_scope)
    llm_by_type: dict[str | None, int] = defaultdict(int)
    for p in projects.values():
        if p.llm:
            llm_by_type[p.type] += 1
    unit = 100.0 / max(in_scope_n, 1)

    rows: list[ReviewRow] = []
    for pid in ids:
        project, ev = projects[pid], evidence[pid]
        fixed = analyst_fields(corrections.get(pid, []))
        p_wrong, reasons = _doubts(project, ev, rules.get(pid, {}), error, fixed)
        # A project without a type could join any type's penetration: the average type's denominator.
        typed = [llm_by_type.get(t, 0) for t in PROJECT_TYPES]
        denominator = llm_by_type.get(project.type, 0) if project.type else sum(typed) / len(typed)
        pen_unit = 100.0 / max(denominator, 1)
        shift = p_wrong["in_scope"] * (unit + 2 * unit + pen_unit)
        if project.in_scope:
            shift += p_wrong["type"] * 2 * unit + sum(p_wrong[f"scenario:{s}"] for s in SCENARIOS) * unit
        if project.llm and not project.in_scope:
            shift += p_wrong["type"] * pen_unit
        if shift <= 0:
            continue
        sources = {
            f: ("analyst" if f in fixed else "model")
            for f in ("in_scope", "llm", "industry", "type", "scenarios")
        }
        rows.append(
            ReviewRow(
                project_id=pid,
                award_month=project.award_month or "",
                title=project.title,
                buyer=project.buyer,
                award_amount_yuan=project.award_amount_yuan,
                in_scope=bool(project.in_scope),
                llm=bool(project.llm),
                industry=project.industry,
                type=project.type,
                scenarios=list(project.scenarios or []),
                sources=sources,
                rules=rules.get(pid, {}),
                p_wrong={k: round(v, 4) for k, v in p_wrong.items()},
                expected_shift=round(shift, 4),
                reasons=reasons,
                notice_urls=[n.url for n in notices.get(pid, [])],
            )
        )
    rows.sort(key=lambda r: (-r.expected_shift, r.project_id))
    chosen = rows if limit is None else rows[:limit]
    if classifier is not None:
        for row in chosen:
            found = notices.get(row.project_id)
            if found:
                record = _record(_most_informative(found))
                result = classifier.classify([record])[0]
                row.evidence = classifier.explain(record, result)
    return chosen


def _rules_by_project(notices: dict[str, list[Any]]) -> dict[str, dict[str, Any]]:
    """The keyword rules' answer per project: the same weighted vote as the roll-up."""
    flat = [(pid, row) for pid, rows in notices.items() for row in rows]
    if not flat:
        return {}
    out = rule_outputs([_record(row) for _, row in flat])
    scope: dict[str, dict[bool, int]] = defaultdict(lambda: defaultdict(int))
    types: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for i, (pid, row) in enumerate(flat):
        weight = _WEIGHT.get(row.notice_type, 1)
        in_scope = bool(out.llm[i]) and out.industry[i] == "medical"
        scope[pid][in_scope] += weight
        if out.llm[i]:
            types[pid][str(out.type[i])] += weight
    result = {}
    for pid in notices:
        tally = scope.get(pid, {})
        rule_scope = tally.get(True, 0) > tally.get(False, 0)
        by_type = types.get(pid, {})
        rule_type = max(sorted(by_type), key=lambda t: by_type[t]) if by_type else None
        result[pid] = {"in_scope": rule_scope, "type": rule_type}
    return result


def _doubts(
    project: Project, ev: ProjectEvidence, rules: dict[str, Any], error: ErrorModel, fixed: set[str]
) -> tuple[dict[str, float], list[str]]:
    reasons: list[str] = []
    in_scope = bool(project.in_scope)
    band_rate = _rate(error.scope[int(in_scope)][score_band(ev.score)])
    p_scope = (1 - band_rate) if in_scope else band_rate
    if 0.2 <= ev.score <= 0.8:
        reasons.append(f"score {ev.score:.2f} near the boundary")
    minority = min(ev.scope_vote, 1 - ev.scope_vote)
    if minority > 0:
        reasons.append(f"notices disagree ({minority:.0%} say {'not ' if in_scope else ''}in scope)")
        p_scope = max(p_scope, minority)
    if rules and rules.get("in_scope") != in_scope:
        reasons.append(f"rules say {'in scope' if rules.get('in_scope') else 'not in scope'}")
        p_scope = max(p_scope, _rate(error.scope_rules_disagree))
    p_type = 0.0
    if project.llm and project.type in PROJECT_TYPES:
        row = error.type_confusion[project.type]
        p_type = 1 - (row[project.type] + 0.5) / (sum(row.values()) + 1.5)
        if ev.type_votes:
            lead = max(ev.type_votes.values())
            if lead < 1:
                reasons.append(f"type {project.type} by {lead:.0%} of its notices")
                p_type = max(p_type, 1 - lead)
        if rules and rules.get("type") and rules["type"] != project.type:
            reasons.append(f"rules say type {rules['type']}")
            p_type = max(p_type, _rate(error.type_rules_disagree))
    p_wrong = {"in_scope": p_scope, "type": p_type}
    for s in SCENARIOS:
        counts = error.tag_given[s] if s in (project.scenarios or []) else error.tag_missing[s]
        rate = _rate(counts)
        p_wrong[f"scenario:{s}"] = (1 - rate) if s in (project.scenarios or []) else rate
        share = ev.tag_votes.get(s, 1.0)
        if s in (project.scenarios or []) and share < 1:
            reasons.append(f"scenario {s} from {share:.0%} of its notices")
            p_wrong[f"scenario:{s}"] = max(p_wrong[f"scenario:{s}"], 1 - share)
    if "in_scope" in fixed or "llm" in fixed or "industry" in fixed:
        p_wrong["in_scope"] = 0.0
    if "type" in fixed:
        p_wrong["type"] = 0.0
    if "scenarios" in fixed:
        for s in SCENARIOS:
            p_wrong[f"scenario:{s}"] = 0.0
    if fixed:
        reasons.append("corrected by an analyst: " + ", ".join(sorted(fixed)))
    return p_wrong, reasons

"""A project's classification from its notices' classifications (docs/domain.md §4–6). Pure functions.

The rule, as the report's method section states it:

* **llm, industry, type** are a weighted vote over the project's classified notices: each answer
  weighs as strongly as the evidence behind it. Award and tender notices weigh 2 (they describe the
  deliverable and the award is what is counted); intentions, corrections, cancellations, contracts and
  other notices weigh 1. In the industry vote a notice judged in scope weighs double: it states a
  large-model purchase by a health body or for an explicitly medical purpose (docs/domain.md §4: medical
  is a finding, by who buys or what for), where another industry is mostly read from a buyer's name
  alone (a carrier or a company building a medical platform for a health client). A tie goes to the
  most informative notice: the latest award, else the latest tender, else the latest notice. `type` is
  voted among the notices judged llm only, and is None when the project is not llm.
* **in_scope** is llm and industry `medical`, as docs/domain.md §4 defines it (not voted separately).
* **scenarios** are the union over the project's notices judged in scope, kept only when the project
  is in scope: tenders state the use cases and award notices often repeat only the title, so a
  scenario found in any of them belongs to the procurement.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from domain.vocabulary import SCENARIOS

_WEIGHT = {"award": 2, "tender": 2}
_INFORMATIVE = {"award": 0, "tender": 1}


@dataclass(frozen=True)
class NoticeLabel:
    """One notice's classification with what the vote needs to know about the notice."""

    notice_id: int
    notice_type: str
    publish_date: date | None
    llm: bool
    industry: str
    in_scope: bool
    type: str | None
    scenarios: tuple[str, ...]


@dataclass(frozen=True)
class ProjectLabels:
    llm: bool
    industry: str
    in_scope: bool
    type: str | None
    scenarios: list[str]


def _tie_order(label: NoticeLabel) -> tuple[int, int, int]:
    """Smaller is more informative: awards, then tenders, then the rest; later before earlier."""
    day = label.publish_date.toordinal() if label.publish_date else 0
    return (_INFORMATIVE.get(label.notice_type, 2), -day, -label.notice_id)


def notice_weight(label: NoticeLabel) -> int:
    """How much a notice's answers weigh: awards and tenders describe the deliverable."""
    return _WEIGHT.get(label.notice_type, 1)


def industry_weight(label: NoticeLabel) -> int:
    """A notice's weight in the industry vote: doubled where it is judged in scope (module docstring)."""
    return notice_weight(label) * (2 if label.in_scope else 1)


def _tally(
    labels: Sequence[NoticeLabel],
    answer: Callable[[NoticeLabel], Hashable],
    weight: Callable[[NoticeLabel], int],
) -> dict[Hashable, int]:
    tally: dict[Hashable, int] = defaultdict(int)
    for label in labels:
        tally[answer(label)] += weight(label)
    return dict(tally)


def _vote(
    labels: Sequence[NoticeLabel],
    answer: Callable[[NoticeLabel], Hashable],
    weight: Callable[[NoticeLabel], int] = notice_weight,
) -> Hashable:
    tally = _tally(labels, answer, weight)
    top = max(tally.values())
    leaders = {value for value, weight in tally.items() if weight == top}
    if len(leaders) == 1:
        return next(iter(leaders))
    return answer(min((lab for lab in labels if answer(lab) in leaders), key=_tie_order))


def project_labels(labels: Sequence[NoticeLabel]) -> ProjectLabels | None:
    """The project's labels, or None when none of its notices is classified yet."""
    if not labels:
        return None
    llm = bool(_vote(labels, lambda lab: lab.llm))
    industry = str(_vote(labels, lambda lab: lab.industry, industry_weight))
    llm_labels = [lab for lab in labels if lab.llm and lab.type]
    project_type = str(_vote(llm_labels, lambda lab: lab.type)) if llm and llm_labels else None
    in_scope = llm and industry == "medical"
    found = {s for lab in labels if lab.in_scope for s in lab.scenarios} if in_scope else set()
    return ProjectLabels(
        llm=llm,
        industry=industry,
        in_scope=in_scope,
        type=project_type,
        scenarios=[s for s in SCENARIOS if s in found],
    )


def explain_project(labels: Sequence[NoticeLabel]) -> dict[str, Any]:
    """Why a project got its labels: every notice's answers with its weights, each vote's tally and the
    outcome (what `tenders classify --project ID --explain` prints)."""
    result = project_labels(labels)
    if result is None:
        return {"project": None, "why": "no classified notice"}
    llm_labels = [lab for lab in labels if lab.llm and lab.type]
    votes: dict[str, Any] = {
        "llm": _tally(labels, lambda lab: lab.llm, notice_weight),
        "industry": _tally(labels, lambda lab: lab.industry, industry_weight),
    }
    if result.llm and llm_labels:
        votes["type"] = _tally(llm_labels, lambda lab: lab.type, notice_weight)
    disagree = {name: len(tally) > 1 for name, tally in votes.items()}
    return {
        "project": {
            "llm": result.llm,
            "industry": result.industry,
            "in_scope": result.in_scope,
            "type": result.type,
            "scenarios": result.scenarios,
        },
        "votes": {name: {str(k): v for k, v in tally.items()} for name, tally in votes.items()},
        "disagreement": [name for name, split in disagree.items() if split],
        "rule": (
            "weighted vote: award/tender 2, other notices 1; in the industry vote a notice judged in scope "
            "weighs double; ties go to the latest award, else tender, else notice; in_scope = llm and "
            "medical; scenarios = union over in-scope notices"
        ),
        "notices": [
            {
                "notice_id": lab.notice_id,
                "notice_type": lab.notice_type,
                "publish_date": lab.publish_date.isoformat() if lab.publish_date else None,
                "llm": lab.llm,
                "industry": lab.industry,
                "in_scope": lab.in_scope,
                "type": lab.type,
                "scenarios": list(lab.scenarios),
                "weight": notice_weight(lab),
                "industry_weight": industry_weight(lab),
            }
            for lab in sorted(labels, key=_tie_order)
        ],
    }

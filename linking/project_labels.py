"""A project's classification from its notices' classifications (docs/domain.md §4–6). Pure functions.

The rule, as the report's method section states it:

* **llm, industry, type** are a weighted vote over the project's classified notices. Award and
  tender notices weigh 2 (they describe the deliverable and the award is what is counted); intentions,
  corrections, cancellations, contracts and other notices weigh 1. A tie goes to the most informative
  notice: the latest award, else the latest tender, else the latest notice. `type` is voted among the
  notices judged llm only, and is None when the project is not llm.
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


def _vote(labels: Sequence[NoticeLabel], answer: Callable[[NoticeLabel], Hashable]) -> Hashable:
    tally: dict[Hashable, int] = defaultdict(int)
    for label in labels:
        tally[answer(label)] += _WEIGHT.get(label.notice_type, 1)
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
    industry = str(_vote(labels, lambda lab: lab.industry))
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

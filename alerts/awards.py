"""The awards an alert announces: one line of facts per awarded in-scope project."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from domain.notice import amount_to_json
from storage.models import Notice, Project

P = Project.__table__.c  # type: ignore[attr-defined]
N = Notice.__table__.c  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Award:
    """What an announcement says about one awarded in-scope project."""

    project_id: str
    title: str
    buyer: str | None
    region: str | None
    award_date: str | None
    amount_yuan: Decimal | None
    suppliers: list[str]
    type: str | None
    scenarios: list[str]
    url: str | None  # the first award notice, else the project's first notice

    def to_json(self) -> dict[str, Any]:
        return {
            "project_id": self.project_id,
            "title": self.title,
            "buyer": self.buyer,
            "region": self.region,
            "award_date": self.award_date,
            "amount_yuan": amount_to_json(self.amount_yuan),
            "suppliers": self.suppliers,
            "type": self.type,
            "scenarios": self.scenarios,
            "url": self.url,
        }


def awarded_in_scope_ids(*, session: Session, since: str = "") -> list[str]:
    """Ids of the awarded in-scope projects (optionally with a first award on or after `since`)."""
    query = select(P.id).where(P.status == "awarded", P.in_scope.is_(True))
    if since:
        query = query.where(P.first_award_date >= date.fromisoformat(since))
    return [str(i) for i in session.execute(query.order_by(P.first_award_date, P.id)).scalars()]


def load_awards(ids: Iterable[str], *, session: Session) -> list[Award]:
    """The facts of these projects, in award-date order."""
    wanted = list(ids)
    if not wanted:
        return []
    projects = session.execute(select(Project).where(P.id.in_(wanted))).scalars().all()
    urls: dict[str, str] = {}
    notices = session.execute(
        select(N.project_id, N.notice_type, N.url)
        .where(N.project_id.in_(wanted))
        .order_by(N.publish_date, N.url)
    ).all()
    for project_id, notice_type, url in notices:
        if notice_type == "award" and project_id not in urls:
            urls[project_id] = url
    for project_id, _, url in notices:
        urls.setdefault(project_id, url)
    awards = [
        Award(
            project_id=p.id,
            title=p.title,
            buyer=p.buyer,
            region=p.region,
            award_date=p.first_award_date.isoformat() if p.first_award_date else None,
            amount_yuan=Decimal(str(p.award_amount_yuan)) if p.award_amount_yuan is not None else None,
            suppliers=list(p.suppliers or []),
            type=p.type,
            scenarios=list(p.scenarios or []),
            url=urls.get(p.id),
        )
        for p in projects
    ]
    return sorted(awards, key=lambda a: (a.award_date or "", a.project_id))

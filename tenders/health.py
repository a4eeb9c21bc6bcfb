"""Source health for `tenders status`: last run and its outcome, counts, and how fresh the data is."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from domain.vocabulary import SOURCES
from storage.models import CrawlRun, Notice


def source_health(*, session: Session, today: date) -> list[dict[str, Any]]:
    newest = dict(
        session.exec(select(Notice.source, func.max(Notice.publish_date)).group_by(Notice.source)).all()
    )
    rows = []
    for source in SOURCES:
        run = session.exec(
            select(CrawlRun)
            .where(CrawlRun.source == source)
            .order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc())  # type: ignore[attr-defined,union-attr]
        ).first()
        newest_date = newest.get(source)
        stats = (run.stats or {}) if run else {}
        recorded = stats.get("parse_quality")
        quality: dict[str, int] = recorded if isinstance(recorded, dict) else {}
        rows.append(
            {
                "source": source,
                "last_run": run.started_at.strftime("%Y-%m-%d %H:%M") if run else None,
                "outcome": (run.status if run else None),
                "close_reason": (run.close_reason if run else None),
                "fetched": run.fetched_count if run else 0,
                "expected": run.expected_count if run else None,
                "parse_errors": run.parse_errors if run else 0,
                # Notices stored with a parse-quality flag in the run, and each flag's count.
                "parse_flagged": quality.get("flagged", 0),
                "parse_quality": {k: v for k, v in quality.items() if k != "flagged"},
                "newest_notice": newest_date.isoformat() if newest_date else None,
                "newest_age_days": (today - newest_date).days if newest_date else None,
            }
        )
    return rows

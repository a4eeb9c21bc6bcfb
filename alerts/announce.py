"""Announce newly awarded in-scope projects through every channel the config switches on.

Per channel, each award gets one `alert_delivery` row, written before anything is sent: `pending`,
then `sent` once the channel took it, or `failed` with the reason, to be sent again by the next run.
A channel is delivered as one batch (one feed file, one POST, one e-mail) of everything it owes.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, select
from sqlmodel import Session

from alerts.awards import Award, awarded_in_scope_ids, load_awards
from alerts.channels import DeliveryError, post_webhook, send_email, write_atom
from alerts.config import AlertConfig
from storage.db import session_scope
from storage.models import AlertDelivery, utcnow

log = logging.getLogger("tenders.alerts")
D = AlertDelivery.__table__.c  # type: ignore[attr-defined]
OWED = ("pending", "failed")


@dataclass
class ChannelOutcome:
    channel: str
    announced: list[str] = field(default_factory=list)  # project ids delivered by this run
    baseline: int = 0  # awards recorded as already known when the channel was switched on
    error: str | None = None


def _rows(session: Session, channel: str) -> dict[str, AlertDelivery]:
    found = session.execute(select(AlertDelivery).where(D.channel == channel)).scalars()
    return {row.project_id: row for row in found}


def _record_new(engine: Engine, config: AlertConfig, channel: str) -> int:
    """Add a row for every award the channel has not seen; the first time without `since`, as baseline."""
    with session_scope(engine) as session:
        known = _rows(session, channel)
        awards = awarded_in_scope_ids(session=session, since=config.since)
        status = "baseline" if not known and not config.since else "pending"
        new = [pid for pid in awards if pid not in known]
        session.add_all(AlertDelivery(project_id=pid, channel=channel, status=status) for pid in new)
        return len(new) if status == "baseline" else 0


def _deliver(config: AlertConfig, channel: str, owed: Sequence[Award], already: Sequence[Award]) -> None:
    if channel == "atom":
        write_atom(
            Path(config.atom_file), [*already, *owed], title=config.feed_title, limit=config.feed_entries
        )
    elif channel == "webhook":
        post_webhook(config.webhook_url, owed, timeout=config.timeout_s)
    elif channel == "email" and config.smtp is not None:
        send_email(config.smtp, owed, timeout=config.timeout_s)


def announce_channel(engine: Engine, config: AlertConfig, channel: str) -> ChannelOutcome:
    outcome = ChannelOutcome(channel, baseline=_record_new(engine, config, channel))
    with Session(engine) as session:
        rows = _rows(session, channel)
        owed_ids = sorted(pid for pid, row in rows.items() if row.status in OWED)
        sent_ids = sorted(pid for pid, row in rows.items() if row.status == "sent")
        owed = load_awards(owed_ids, session=session)
        already = load_awards(sent_ids, session=session) if channel == "atom" else []
    if not owed:
        return outcome
    try:
        _deliver(config, channel, owed, already)
    except DeliveryError as exc:
        outcome.error = str(exc)
    delivered = {a.project_id for a in owed}
    with session_scope(engine) as session:
        for row in _rows(session, channel).values():
            if row.project_id not in delivered:
                continue
            row.attempts += 1
            if outcome.error is None:
                row.status, row.sent_at, row.last_error = "sent", utcnow(), None
            else:
                row.status, row.last_error = "failed", outcome.error[:500]
            session.add(row)
    if outcome.error is None:
        outcome.announced = sorted(delivered)
        log.info("alerts %s: announced %d awards", channel, len(delivered))
    else:
        log.error(
            "alerts %s: %d awards not delivered, kept for the next run: %s",
            channel,
            len(delivered),
            outcome.error,
        )
    return outcome


def announce(engine: Engine, config: AlertConfig) -> list[ChannelOutcome]:
    """Run every enabled channel; a failing channel never stops the others."""
    return [announce_channel(engine, config, channel) for channel in config.channels()]

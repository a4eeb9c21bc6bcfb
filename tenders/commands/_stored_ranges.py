"""After a command that changes what the figures say (`process`, `correct`, `corrections --undo`):
compute and store the ranges of the periods the next reports ask for (reports/stored_ranges.py), so
the monthly report reads them instead of simulating (docs/corrections.md, "Stored ranges")."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


def report_today() -> datetime:
    """Now in the schedule's time zone: the monthly job picks the previous month by it (tenders/jobs)."""
    from tenders.jobs.config import ConfigError, ScheduleConfig, load_config

    try:
        zone = load_config().zone
    except (ConfigError, ValueError, KeyError):  # a bad config file is the scheduler's error to report
        zone = ScheduleConfig().zone
    return datetime.now(zone)


def precompute_default_ranges(engine: Engine, *, say: bool = True) -> None:
    """Store the ranges of the default periods; with `say`, one line per period on standard error."""
    from sqlmodel import Session

    from reports.stored_ranges import default_periods, precompute_ranges

    with Session(engine) as session:
        periods = default_periods(report_today().date(), session=session)
    for done in precompute_ranges(engine, periods):
        if say:
            what = {"read": "already stored", "stored": "stored", "computed": "computed, not stored"}[
                done.how
            ]
            click.echo(
                f"figure ranges of {done.period.since} … {done.period.month}: {what} ({done.seconds:.1f} s)",
                err=True,
            )

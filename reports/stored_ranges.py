"""The figures' ranges, computed once per period and stored while nothing they depend on changes.

The ranges (reports/uncertainty.py) are a seeded simulation over every awarded project of the period:
over a large history the evidence query and the 2,000 draws take seconds each, several times the rest
of the report (bench/RESULTS.md). They are a pure function of their inputs, so the result is stored
(table `stored_ranges`, migration 0007) under a key of everything it depends on:

* the data stamp (storage/stamp.py): a counter that database triggers bump on every write to the
  notices, classifications, projects and corrections, whatever code writes them;
* the period and its months, and the projects an analyst corrected;
* the measured error (every count of it, hence the model version and the labelled sets' outcome);
* the simulation's settings and numpy's version (uncertainty.simulation_settings), and the method
  version below.

`tenders process`, `tenders correct` and `tenders corrections --undo` precompute the periods the next
reports will ask for (`default_periods`), so the monthly report reads them; any other period is
computed on first use and stored then. docs/corrections.md, "Stored ranges".
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from linking.corrections import corrected_project_ids
from reports.aggregates import Period, add_months
from reports.uncertainty import ErrorModel, Ranges, figure_ranges, shipped_error_model, simulation_settings
from storage.models import Project
from storage.stamp import committed_stamp, data_stamp, store_result, stored_result

# Raise when the simulation or the evidence it reads changes in a way the other inputs do not show:
# every stored result then stops matching and is computed afresh.
METHOD_VERSION = 1

P = Project.__table__.c  # type: ignore[attr-defined]


def ranges_inputs(
    since: str, month: str, months: Sequence[str], corrected: set[str], error: ErrorModel, stamp: int
) -> dict[str, Any]:
    """Everything figure_ranges' result depends on, as JSON-able values."""
    error_json = json.dumps(error.to_json(), sort_keys=True, ensure_ascii=False)
    return {
        "method_version": METHOD_VERSION,
        "stamp": stamp,
        "since": since,
        "month": month,
        "months": list(months),
        "corrected": len(corrected),
        "corrected_sha256": hashlib.sha256("\n".join(sorted(corrected)).encode()).hexdigest(),
        "error_sha256": hashlib.sha256(error_json.encode()).hexdigest(),
        "model_version": error.model_version,
        "simulation": simulation_settings(),
    }


def period_name(since: str, month: str) -> str:
    return f"{since}..{month}"


@dataclass(frozen=True)
class RangesOutcome:
    ranges: Ranges
    how: str  # "read" (stored result used), "stored" (computed and stored), "computed" (not stored)


def stored_figure_ranges(
    since: str,
    month: str,
    months: Iterable[str],
    corrected: set[str],
    *,
    session: Session,
    error: ErrorModel | None = None,
) -> Ranges:
    """figure_ranges' result: the stored one when its key still matches, else computed (and stored
    when the database takes it)."""
    return ranges_outcome(since, month, months, corrected, session=session, error=error).ranges


def ranges_outcome(
    since: str,
    month: str,
    months: Iterable[str],
    corrected: set[str],
    *,
    session: Session,
    error: ErrorModel | None = None,
) -> RangesOutcome:
    months = list(months)
    error = error or shipped_error_model()
    period = period_name(since, month)
    stamp = data_stamp(session=session)
    key = inputs = None
    if stamp is not None:
        inputs = json.dumps(ranges_inputs(since, month, months, corrected, error, stamp), sort_keys=True)
        key = hashlib.sha256(inputs.encode()).hexdigest()
        found = stored_result(period, key, session=session)
        if found is not None:
            try:
                return RangesOutcome(Ranges.from_json(json.loads(found)), "read")
            except (ValueError, KeyError, TypeError, IndexError):  # not of today's shape: computed again
                pass
    ranges = figure_ranges(since, month, months, corrected, session=session, error=error)
    if key is None or inputs is None or stamp is None:
        return RangesOutcome(ranges, "computed")
    # Stored only when no write landed while it was computed (the stamp read the same before and
    # after, so the rows read in between were those of that stamp, whatever the isolation level) and
    # the session has no writes of its own that are not committed (its stamp is the committed one):
    # otherwise a rolled-back write could leave a result under a stamp that later means other data.
    engine = session.get_bind().engine
    if data_stamp(session=session) != stamp or committed_stamp(engine) != stamp:
        return RangesOutcome(ranges, "computed")
    # json keeps every float exactly (repr), NaN included: the report's to_dict() is the same as
    # when computed afresh.
    result = json.dumps(ranges.to_json())
    stored = store_result(engine, period=period, key=key, stamp=stamp, inputs=inputs, result=result)
    return RangesOutcome(ranges, "stored" if stored else "computed")


def default_periods(today: date, *, session: Session) -> list[Period]:
    """The periods the next reports ask for: the previous month of `today`, year to date (the monthly
    job's report, tenders/jobs/tasks.py), and the latest award month in the database, year to date
    (`tenders report --month` on the newest data)."""
    previous = add_months(f"{today:%Y-%m}", -1)
    latest = session.execute(select(func.max(P.award_month)).where(P.status == "awarded")).scalar()
    months = [previous] if not latest or latest == previous else [previous, str(latest)]
    return [Period.parse(m) for m in months]


@dataclass(frozen=True)
class Precomputed:
    period: Period
    how: str
    seconds: float


def precompute_ranges(engine: Engine, periods: Iterable[Period]) -> list[Precomputed]:
    """Compute and store the ranges of each period (reused when already stored under today's key)."""
    done = []
    for period in periods:
        started = time.perf_counter()
        with Session(engine) as session:
            corrected = corrected_project_ids(session=session)
            outcome = ranges_outcome(period.since, period.month, period.months(), corrected, session=session)
        done.append(Precomputed(period, outcome.how, time.perf_counter() - started))
    return done

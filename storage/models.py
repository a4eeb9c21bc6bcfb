"""Table models (docs/domain.md §2–§7). Schema changes go through Alembic migrations only."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Float,
    Index,
    LargeBinary,
    Numeric,
    Table,
    Text,
    Unicode,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel

# Yuan with fen: 18 digits before the point covers any public budget; Numeric keeps it exact.
AMOUNT = Numeric(20, 2)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Notice(SQLModel, table=True):
    """One published page (docs/domain.md §2), unique per source and canonical URL; raw page kept compressed."""

    __tablename__ = "notice"
    __table_args__ = (
        UniqueConstraint("source", "url", name="uq_notice_source_url"),
        # A project's notices with what the figures' ranges weigh them by, without reading the notice
        # rows (reports/uncertainty.py project_evidence; migration 0006).
        Index("ix_notice_project_type", "project_id", "notice_type", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(max_length=16, index=True)
    url: str = Field(max_length=1000)
    title: str = Field(max_length=1000)
    notice_type: str = Field(max_length=16, index=True)
    publish_date: date | None = Field(default=None, index=True)
    project_code: str | None = Field(default=None, max_length=200, index=True)
    buyer: str | None = Field(default=None, max_length=300)
    agency: str | None = Field(default=None, max_length=300)
    region: str | None = Field(default=None, max_length=32)
    budget_yuan: Decimal | None = Field(default=None, sa_type=AMOUNT)
    award_amount_yuan: Decimal | None = Field(default=None, sa_type=AMOUNT)
    suppliers: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    lots: int | None = None
    text: str = ""
    related_urls: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # Parse-quality flags (crawler.parse.quality): a notice stored, but read incompletely.
    parse_quality: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]")
    )
    raw_gz: bytes | None = Field(default=None, sa_column=Column(LargeBinary))
    content_hash: str = Field(max_length=64)
    project_id: str | None = Field(default=None, foreign_key="project.id", index=True, max_length=40)
    crawl_run_id: int | None = Field(default=None, foreign_key="crawl_run.id")
    first_seen_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class NoticeChange(SQLModel, table=True):
    """A stored notice whose fields changed on a later fetch: the old values, for traceability."""

    __tablename__ = "notice_change"

    id: int | None = Field(default=None, primary_key=True)
    notice_id: int = Field(foreign_key="notice.id", index=True)
    changed_at: datetime = Field(default_factory=utcnow)
    old_values: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class Project(SQLModel, table=True):
    """One procurement, many notices (docs/domain.md §3). The id is derived from the linking key, so it is stable."""

    __tablename__ = "project"
    # The report's filters (reports/aggregates.py): awarded in-scope or llm projects of a period of award
    # months are one range of these indexes; the model versions are read by a loose index scan (0006).
    __table_args__ = (
        Index("ix_project_in_scope_month", "in_scope", "status", "award_month"),
        Index("ix_project_llm_month", "llm", "status", "award_month"),
        Index("ix_project_model_version", "model_version"),
    )

    id: str = Field(primary_key=True, max_length=40)
    link_key: str = Field(max_length=600, index=True)
    title: str = Field(max_length=1000)
    buyer: str | None = Field(default=None, max_length=300)
    project_code: str | None = Field(default=None, max_length=200)
    region: str | None = Field(default=None, max_length=32)
    status: str = Field(default="open", max_length=16)  # open | awarded | cancelled
    first_award_date: date | None = Field(default=None, index=True)
    award_month: str | None = Field(default=None, max_length=7, index=True)  # YYYY-MM of first award
    budget_yuan: Decimal | None = Field(default=None, sa_type=AMOUNT)
    award_amount_yuan: Decimal | None = Field(default=None, sa_type=AMOUNT)
    suppliers: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    lots: int | None = None
    # The classification that reports read (copied from the notices' current results).
    llm: bool | None = Field(default=None, index=True)
    industry: str | None = Field(default=None, max_length=16)
    in_scope: bool | None = Field(default=None, index=True)
    type: str | None = Field(default=None, max_length=16)
    scenarios: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    model_version: str | None = Field(default=None, max_length=64)
    updated_at: datetime = Field(default_factory=utcnow)


class Classification(SQLModel, table=True):
    """The classifier's answer for one notice under one model version; old versions stay for traceability."""

    __tablename__ = "classification"
    __table_args__ = (
        UniqueConstraint("notice_id", "model_version", name="uq_classification_notice_model"),
        # Covers what the figures' ranges read of each notice's classification (0006).
        Index(
            "ix_classification_evidence",
            "notice_id",
            "model_version",
            "llm",
            "in_scope",
            "scope_score",
            "type",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    notice_id: int = Field(foreign_key="notice.id", index=True)
    model_version: str = Field(max_length=64)
    llm: bool
    industry: str = Field(max_length=16)
    in_scope: bool
    scope_score: float
    type: str | None = Field(default=None, max_length=16)
    scenarios: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)


class ScenarioTag(SQLModel, table=True):
    """Project × scenario, so scenario shares are a GROUP BY rather than JSON unpacking in Python."""

    __tablename__ = "scenario_tag"

    project_id: str = Field(foreign_key="project.id", primary_key=True, max_length=40)
    scenario: str = Field(primary_key=True, max_length=16)


class Organisation(SQLModel, table=True):
    """A supplier or buyer under its normalised name, with credit code and brand (docs/domain.md §7)."""

    __tablename__ = "organisation"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=300)
    normalised_name: str = Field(max_length=300, unique=True)
    credit_code: str | None = Field(default=None, max_length=18, index=True)
    brand: str = Field(default="other", max_length=64)
    kind: str | None = Field(default=None, max_length=32)  # carrier | integrator | vendor …


class ProjectSupplier(SQLModel, table=True):
    """Winning supplier of a project (the supplier and brand league is a GROUP BY over this)."""

    __tablename__ = "project_supplier"

    project_id: str = Field(foreign_key="project.id", primary_key=True, max_length=40)
    organisation_id: int = Field(foreign_key="organisation.id", primary_key=True)


class CrawlRun(SQLModel, table=True):
    """One spider run: its window, what it fetched against what the portal reported, how it ended."""

    __tablename__ = "crawl_run"

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(max_length=16, index=True)
    from_date: date | None = None
    until_date: date | None = None
    started_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None
    status: str = Field(default="running", max_length=16)  # running | finished | failed | incomplete
    close_reason: str | None = Field(default=None, max_length=200)
    pages: int = 0
    items: int = 0
    new_items: int = 0
    parse_errors: int = 0
    expected_count: int | None = None
    fetched_count: int = 0
    retries: int = 0
    blocks: int = 0
    stats: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class ParseError(SQLModel, table=True):
    """A page that could not be parsed: kept with its URL and reason, and counted, never dropped."""

    __tablename__ = "parse_error"

    id: int | None = Field(default=None, primary_key=True)
    crawl_run_id: int | None = Field(default=None, foreign_key="crawl_run.id", index=True)
    source: str = Field(max_length=16)
    url: str = Field(max_length=1000)
    reason: str = Field(max_length=2000)
    occurred_at: datetime = Field(default_factory=utcnow)


class JobLock(SQLModel, table=True):
    """A named lock held in the database, so two schedulers or a manual crawl never run one source at once.

    A row is the lock; it expires so that a holder killed with SIGKILL does not block the source forever.
    """

    __tablename__ = "job_lock"

    name: str = Field(primary_key=True, max_length=100)
    holder: str = Field(max_length=200)
    acquired_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime


class AlertDelivery(SQLModel, table=True):
    """One announcement of a newly awarded in-scope project through one channel (docs/reports.md "Alerts").

    The row is written before delivery and marked sent after it, so an award is announced once per
    channel however often the crawl re-runs, and a failed delivery stays `failed` until a later run
    delivers it. `baseline` rows record awards that existed when the channel was switched on.
    """

    __tablename__ = "alert_delivery"
    __table_args__ = (UniqueConstraint("project_id", "channel"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: str = Field(max_length=40, index=True)
    channel: str = Field(max_length=16)  # atom | webhook | email
    status: str = Field(max_length=16, index=True)  # pending | sent | failed | baseline
    attempts: int = 0
    last_error: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None


# APScheduler's SQLAlchemyJobStore creates this table itself when missing; declaring it here (same columns)
# keeps Alembic the only way the schema changes and the drift check clean.
scheduler_jobs = Table(
    "apscheduler_jobs",
    SQLModel.metadata,
    Column("id", Unicode(191), primary_key=True),
    Column("next_run_time", Float(25), index=True),
    Column("job_state", LargeBinary, nullable=False),
)


class LabelCorrection(SQLModel, table=True):
    """An analyst's correction of a project's labels (docs/corrections.md). Never deleted: an undo sets
    `revoked_at`, so the history of who changed what, from what, when and why stays readable.

    It is kept against the notices the project had when it was made (LabelCorrectionNotice), not the
    project id alone, so it follows those notices through re-linking and reclassification.
    """

    __tablename__ = "label_correction"

    id: int | None = Field(default=None, primary_key=True)
    project_id: str = Field(max_length=40, index=True)  # the project as it was when corrected
    changes: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    previous: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    note: str = Field(max_length=2000)
    analyst: str = Field(max_length=100)
    source: str = Field(default="cli", max_length=300)  # cli, or the reviewed file it came from
    created_at: datetime = Field(default_factory=utcnow)
    revoked_at: datetime | None = None
    revoked_by: str | None = Field(default=None, max_length=100)
    revoke_note: str | None = Field(default=None, max_length=2000)


class LabelCorrectionNotice(SQLModel, table=True):
    """Correction × notice: the notices a correction was made for."""

    __tablename__ = "label_correction_notice"

    correction_id: int = Field(foreign_key="label_correction.id", primary_key=True)
    notice_id: int = Field(foreign_key="notice.id", primary_key=True, index=True)


class DataState(SQLModel, table=True):
    """A counter that database triggers bump on every write to the tables the figures' ranges read
    (storage/stamp.py, migration 0007): a stored result made at one stamp holds while the stamp stays."""

    __tablename__ = "data_state"

    name: str = Field(primary_key=True, max_length=64)
    stamp: int = Field(sa_type=BigInteger)


class StoredRanges(SQLModel, table=True):
    """The figures' ranges of one period, computed once and reused while their key still matches
    (reports/stored_ranges.py; docs/corrections.md "Stored ranges")."""

    __tablename__ = "stored_ranges"

    period: str = Field(primary_key=True, max_length=64)  # since..month
    key: str = Field(max_length=64)  # sha256 of `inputs`
    stamp: int = Field(sa_type=BigInteger)
    inputs: str = Field(sa_type=Text)  # what the result depends on, as JSON (for whoever looks)
    result: str = Field(sa_type=Text)  # Ranges.to_json() as JSON text: floats exactly, NaN included
    computed_at: datetime = Field(default_factory=utcnow)

"""Queries every job uses. Each takes the session as a keyword argument; the caller owns the unit of work."""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import delete, func, insert, tuple_
from sqlmodel import Session, select

from domain.notice import ParsedNotice
from storage.models import Classification, CrawlRun, Notice, NoticeChange, ParseError, utcnow

# Fields of a notice that come from the page; a change in any of them is recorded.
NOTICE_FIELDS = (
    "title",
    "notice_type",
    "publish_date",
    "project_code",
    "buyer",
    "agency",
    "region",
    "budget_yuan",
    "award_amount_yuan",
    "suppliers",
    "lots",
    "text",
    "related_urls",
    "parse_quality",
)
# What the classifier reads of a notice (linking/classify_stored.py): a change in one of them makes the
# notice's stored classifications stale.
CLASSIFIED_FIELDS = frozenset({"title", "text", "buyer"})

# zlib's default level for the stored raw pages: level 9 (gzip.compress's default) took a third more
# CPU for 0.3 % smaller pages on the replay corpus, ~2 % of the crawl process (issue 15, bench/RESULTS.md).
# Any level reads back with gzip.decompress, so pages stored at 9 and at 6 mix freely.
RAW_GZIP_LEVEL = 6


@dataclass(frozen=True)
class UpsertResult:
    notice_id: int
    created: bool
    changed: bool


def compress_raw(raw: bytes) -> bytes:
    """A raw page as stored in Notice.raw_gz (gzip, no timestamp: the same page gives the same bytes)."""
    return gzip.compress(raw, compresslevel=RAW_GZIP_LEVEL, mtime=0)


@dataclass(frozen=True)
class GzippedPage:
    """A raw page already compressed by compress_raw, stored as it is: a crawl compresses its pages in a
    thread of its own while the reactor's thread goes on (crawler/recorder.py)."""

    data: bytes


def stored_raw(raw: bytes | GzippedPage | None) -> bytes | None:
    """Notice.raw_gz of a raw page: compressed now, or as compressed before."""
    if raw is None:
        return None
    return raw.data if isinstance(raw, GzippedPage) else compress_raw(raw)


def content_hash(parsed: ParsedNotice) -> str:
    """A digest of the parsed fields, so a re-fetch of an unchanged page is recognised cheaply."""
    payload = json.dumps(
        {k: _jsonable(getattr(parsed, k)) for k in NOTICE_FIELDS}, ensure_ascii=False, sort_keys=True
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, date):
        return value.isoformat()
    return value


def fit_column(model: Any, name: str, value: Any) -> Any:
    """Text cut to its column's length. PostgreSQL refuses a longer value (and with it the whole row, a
    notice or a run's outcome) where SQLite stores it whole; both backends keep the same prefix."""
    if isinstance(value, str):
        length = _column_length(model, name)
        if length is not None and len(value) > length:
            return value[:length]
    return value


@cache
def _column_length(model: Any, name: str) -> int | None:
    return getattr(model.__table__.c[name].type, "length", None)


def upsert_notice(
    parsed: ParsedNotice,
    *,
    session: Session,
    raw: bytes | GzippedPage | None = None,
    crawl_run_id: int | None = None,
) -> UpsertResult:
    """Store a notice once per (source, url): insert it, or update changed fields and record the old values."""
    digest = content_hash(parsed)
    values = {k: fit_column(Notice, k, getattr(parsed, k)) for k in NOTICE_FIELDS}
    existing = session.exec(
        select(Notice).where(Notice.source == parsed.source, Notice.url == parsed.url)
    ).first()
    raw_gz = stored_raw(raw)
    if existing is None:
        notice = Notice(
            source=parsed.source,
            url=parsed.url,
            content_hash=digest,
            raw_gz=raw_gz,
            crawl_run_id=crawl_run_id,
            **values,
        )
        session.add(notice)
        session.flush()
        assert notice.id is not None
        return UpsertResult(notice.id, created=True, changed=False)
    assert existing.id is not None
    if existing.content_hash == digest:
        return UpsertResult(existing.id, created=False, changed=False)
    old: dict[str, Any] = {}
    for key in NOTICE_FIELDS:
        new_value = values[key]
        if _jsonable(getattr(existing, key)) != _jsonable(new_value):
            old[key] = _jsonable(getattr(existing, key))
            setattr(existing, key, new_value)
    existing.content_hash = digest
    existing.updated_at = utcnow()
    if raw_gz is not None:
        existing.raw_gz = raw_gz
    if old:
        session.add(NoticeChange(notice_id=existing.id, old_values=old))
    if CLASSIFIED_FIELDS & old.keys():
        # The classifier read the old wording: drop its results so the next `process` classifies the notice
        # again (classify_new picks notices without a result); the project roll-up follows from them.
        session.execute(delete(Classification).where(Classification.notice_id == existing.id))  # type: ignore[arg-type]
    session.add(existing)
    session.flush()
    return UpsertResult(existing.id, created=False, changed=bool(old))


# Keys per existence query and rows per INSERT: well under SQLite's 32,766 bound parameters.
_CHUNK = 500


def upsert_notices(
    pages: Sequence[tuple[ParsedNotice, bytes | GzippedPage | None]],
    *,
    session: Session,
    crawl_run_id: int | None = None,
) -> list[UpsertResult]:
    """`upsert_notice` for many pages at once, results in the same order: one query finds the stored ones,
    one multi-row INSERT adds the new ones. A crawl stores a batch per transaction this way (issue 15:
    a query, an ORM object and a flush per notice cost more than parsing its page).

    A page already stored, or listed twice in the batch, takes the one-notice path in its turn, so the
    outcome (changes recorded, one row per source and URL) is the same as storing the pages one by one."""
    stored: set[tuple[str, str]] = set()
    keys = list(dict.fromkeys((parsed.source, parsed.url) for parsed, _ in pages))
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        query = select(Notice.source, Notice.url).where(tuple_(Notice.source, Notice.url).in_(chunk))
        stored.update((source, url) for source, url in session.exec(query).all())
    results: list[UpsertResult | None] = [None] * len(pages)
    rows: list[dict[str, Any]] = []
    positions: list[int] = []
    now = utcnow()
    for position, (parsed, raw) in enumerate(pages):
        key = (parsed.source, parsed.url)
        if key in stored:
            _insert_new(session, rows, positions, results)
            results[position] = upsert_notice(parsed, session=session, raw=raw, crawl_run_id=crawl_run_id)
            continue
        stored.add(key)
        rows.append(_new_row(parsed, raw, crawl_run_id, now))
        positions.append(position)
        if len(rows) >= _CHUNK:
            _insert_new(session, rows, positions, results)
    _insert_new(session, rows, positions, results)
    return [result for result in results if result is not None]


def _new_row(
    parsed: ParsedNotice, raw: bytes | GzippedPage | None, crawl_run_id: int | None, now: Any
) -> dict[str, Any]:
    return {
        "source": parsed.source,
        "url": parsed.url,
        **{k: fit_column(Notice, k, getattr(parsed, k)) for k in NOTICE_FIELDS},
        "raw_gz": stored_raw(raw),
        "content_hash": content_hash(parsed),
        "project_id": None,
        "crawl_run_id": crawl_run_id,
        "first_seen_at": now,
        "updated_at": now,
    }


def _insert_new(
    session: Session, rows: list[dict[str, Any]], positions: list[int], results: list[UpsertResult | None]
) -> None:
    """Insert the collected rows in one statement, fill their results in, and empty both lists."""
    if not rows:
        return
    table = Notice.__table__  # type: ignore[attr-defined]
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    ids = [row.id for row in session.execute(statement, rows)]
    for position, notice_id in zip(positions, ids, strict=True):
        results[position] = UpsertResult(notice_id, created=True, changed=False)
    rows.clear()
    positions.clear()


def raw_page(notice: Notice) -> bytes | None:
    """The page as fetched, decompressed."""
    return gzip.decompress(notice.raw_gz) if notice.raw_gz is not None else None


def known_urls(source: str, *, session: Session) -> set[str]:
    """Canonical URLs already stored for a source (an incremental crawl skips them)."""
    return set(session.exec(select(Notice.url).where(Notice.source == source)).all())


def count_notices(*, session: Session, source: str | None = None) -> int:
    query = select(func.count()).select_from(Notice)
    if source is not None:
        query = query.where(Notice.source == source)
    return int(session.exec(query).one())


def start_crawl_run(
    source: str, *, session: Session, from_date: date | None, until_date: date | None
) -> CrawlRun:
    run = CrawlRun(source=source, from_date=from_date, until_date=until_date)
    session.add(run)
    session.flush()
    return run


def finish_crawl_run(
    run_id: int, *, session: Session, status: str, close_reason: str | None, **counters: Any
) -> CrawlRun:
    """Close a run with its outcome and counters (pages, items, parse_errors, expected_count, …)."""
    run = session.get(CrawlRun, run_id)
    if run is None:
        raise LookupError(f"no crawl run {run_id}")
    run.status = status
    run.close_reason = fit_column(CrawlRun, "close_reason", close_reason)
    run.finished_at = utcnow()
    for key, value in counters.items():
        if key == "stats":
            run.stats = dict(value)
        elif hasattr(run, key):
            setattr(run, key, value)
        else:
            raise AttributeError(f"crawl run has no counter {key!r}")
    session.add(run)
    session.flush()
    return run


def last_successful_run(source: str, *, session: Session) -> CrawlRun | None:
    """The newest finished run of a source: an incremental crawl starts from its window's end."""
    query = (
        select(CrawlRun)
        .where(CrawlRun.source == source, CrawlRun.status == "finished")
        .order_by(CrawlRun.until_date.desc(), CrawlRun.id.desc())  # type: ignore[union-attr]
    )
    return session.exec(query).first()


def record_parse_error(
    source: str, url: str, reason: str, *, session: Session, crawl_run_id: int | None = None
) -> ParseError:
    error = ParseError(
        source=source, url=fit_column(ParseError, "url", url), reason=reason[:2000], crawl_run_id=crawl_run_id
    )
    session.add(error)
    session.flush()
    return error


def store_classification(
    notice_id: int,
    *,
    session: Session,
    model_version: str,
    llm: bool,
    industry: str,
    in_scope: bool,
    scope_score: float,
    type: str | None,
    scenarios: list[str],
) -> Classification:
    """Keep one result per notice and model version; results of older models stay (traceability)."""
    existing = session.exec(
        select(Classification).where(
            Classification.notice_id == notice_id, Classification.model_version == model_version
        )
    ).first()
    row = existing or Classification(
        notice_id=notice_id,
        model_version=model_version,
        llm=llm,
        industry=industry,
        in_scope=in_scope,
        scope_score=scope_score,
        type=type,
        scenarios=scenarios,
    )
    if existing is not None:
        existing.llm, existing.industry, existing.in_scope = llm, industry, in_scope
        existing.scope_score, existing.type, existing.scenarios = scope_score, type, list(scenarios)
    session.add(row)
    session.flush()
    return row


@dataclass(frozen=True)
class ClassificationResult:
    """One notice's answer from the classifier, as `store_classifications` keeps it."""

    notice_id: int
    llm: bool
    industry: str
    in_scope: bool
    scope_score: float
    type: str | None
    scenarios: list[str]


def store_classifications(
    results: Sequence[ClassificationResult], *, session: Session, model_version: str
) -> None:
    """`store_classification` for a batch: one query for the results this model version already has,
    one multi-row INSERT for the others (a query and an INSERT per notice made `tenders process` twice
    as slow on PostgreSQL, issue 15). A notice listed twice keeps its last result, as one by one."""
    latest = {result.notice_id: result for result in results}
    ids = list(latest)
    have: set[int] = set()
    for start in range(0, len(ids), _CHUNK):
        query = select(Classification.notice_id).where(
            Classification.model_version == model_version,
            Classification.notice_id.in_(ids[start : start + _CHUNK]),  # type: ignore[attr-defined]
        )
        have.update(session.exec(query).all())
    now = utcnow()
    rows = []
    for notice_id, result in latest.items():
        fields: dict[str, Any] = {
            "llm": result.llm,
            "industry": result.industry,
            "in_scope": result.in_scope,
            "scope_score": result.scope_score,
            "type": result.type,
            "scenarios": list(result.scenarios),
        }
        if notice_id in have:
            store_classification(notice_id, session=session, model_version=model_version, **fields)
        else:
            rows.append({"notice_id": notice_id, "model_version": model_version, "created_at": now, **fields})
    table = Classification.__table__  # type: ignore[attr-defined]
    for start in range(0, len(rows), _CHUNK):
        session.execute(insert(table), rows[start : start + _CHUNK])


def unclassified_notice_ids(model_version: str, *, session: Session) -> list[int]:
    """Notices with no result from this model version yet."""
    done = select(Classification.notice_id).where(Classification.model_version == model_version)
    query = select(Notice.id).where(Notice.id.not_in(done)).order_by(Notice.id)  # type: ignore[union-attr,arg-type]
    return [i for i in session.exec(query).all() if i is not None]

"""The report's figures as SQL GROUP BY queries over projects (docs/domain.md §3, §6, §9).

Every query counts **awarded** projects whose award month (the month of the first award notice that
counts, see linking/project_facts.py) falls in the period [since, month]. Each row carries
the ids of the projects behind it (aggregated in SQL), so every printed figure can be traced to a
project list. Shares are divisions of two counts; the counting itself happens in the database.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, and_, case, distinct, func, literal, or_, select, text, true
from sqlmodel import Session

from domain.vocabulary import PROJECT_TYPES, SCENARIOS
from storage.models import (
    Classification,
    CrawlRun,
    Notice,
    Organisation,
    ParseError,
    Project,
    ProjectSupplier,
    ScenarioTag,
)

# Core column collections: typed columns for SQL expressions (the SQLModel attributes are typed as values).
PROJECT = Project.__table__  # type: ignore[attr-defined]
P = PROJECT.c
N = Notice.__table__.c  # type: ignore[attr-defined]
TAG = ScenarioTag.__table__.c  # type: ignore[attr-defined]
ORG = Organisation.__table__.c  # type: ignore[attr-defined]
WON = ProjectSupplier.__table__.c  # type: ignore[attr-defined]
RUN = CrawlRun.__table__.c  # type: ignore[attr-defined]
ERR = ParseError.__table__.c  # type: ignore[attr-defined]
CLS = Classification.__table__.c  # type: ignore[attr-defined]

# ASCII digits only: \d also matches full-width digits (２０２５), which int() reads but which sort
# after every ASCII month, so a period ending "２０２５-09" would never be reached.
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
TOP = 10
OTHER_BRAND = "other"
FEN = Decimal("0.01")


class PeriodError(ValueError):
    """A month or period the report cannot use; the message names it."""


@dataclass(frozen=True)
class Filters:
    """Narrow every figure to some projects (docs/reports.md "Filters"); empty = no filter.

    province and buyer match a part of the name (广东 matches 广东省), type, industry and scenario
    are vocabulary keys, vendor is a brand or a part of a winner's name.
    """

    province: str | None = None
    type: str | None = None
    industry: str | None = None
    scenario: str | None = None
    buyer: str | None = None
    vendor: str | None = None

    def active(self) -> dict[str, str]:
        return {k: v for k, v in vars(self).items() if v}


@dataclass(frozen=True)
class Period:
    """Calendar months `since` … `month` inclusive, as YYYY-MM strings, and the filters in force."""

    since: str
    month: str
    filters: Filters = Filters()

    @classmethod
    def parse(cls, month: str, since: str | None = None, filters: Filters | None = None) -> Period:
        """Validate both months; `since` defaults to January of `month`'s year (year to date)."""
        end = parse_month(month, "--month")
        start = parse_month(since, "--since") if since else f"{end[:4]}-01"
        if start > end:
            raise PeriodError(f"--since {start} is after --month {end}")
        return cls(start, end, filters or Filters())

    def shifted(self, months: int) -> Period:
        """The same span moved by `months` (negative = earlier), same filters: for 环比 and 同比."""
        return Period(add_months(self.since, months), add_months(self.month, months), self.filters)

    @property
    def length(self) -> int:
        return len(self.months())

    def months(self) -> list[str]:
        year, month = int(self.since[:4]), int(self.since[5:])
        out = []
        while f"{year:04d}-{month:02d}" <= self.month:
            out.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out


def add_months(month: str, count: int) -> str:
    """`YYYY-MM` moved by `count` months."""
    index = int(month[:4]) * 12 + int(month[5:]) - 1 + count
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def parse_month(text: str, option: str = "month") -> str:
    """`YYYY-MM` with a real month, else PeriodError naming the value."""
    match = _MONTH.fullmatch(text.strip())
    if match is None or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1900:
        raise PeriodError(f"invalid {option} {text!r}: expected YYYY-MM with a month 01-12, e.g. 2025-09")
    return match.group(0)


# --- result rows -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthCount:
    month: str
    projects: int
    cumulative: int
    project_ids: list[str]
    amount_yuan: Decimal | None = None  # disclosed award amounts of the month's projects
    previous_month: int | None = None  # projects of the month before (环比 base)
    year_ago: int | None = None  # projects of the same month a year earlier (同比 base)
    amount_previous_month: Decimal | None = None
    amount_year_ago: Decimal | None = None


@dataclass(frozen=True)
class Totals:
    """Awarded in-scope projects and their disclosed amount over one period (for 环比/同比)."""

    since: str
    month: str
    projects: int
    amount_yuan: Decimal | None


@dataclass(frozen=True)
class TypeMonth:
    month: str
    type: str
    projects: int
    share: float | None  # of that month's awarded in-scope projects
    project_ids: list[str]


@dataclass(frozen=True)
class Penetration:
    """docs/domain.md §9: awarded in-scope projects of a type ÷ awarded llm projects of that type, all industries."""

    type: str
    in_scope: int
    llm: int
    share: float | None
    in_scope_ids: list[str]
    llm_ids: list[str]


@dataclass(frozen=True)
class Share:
    key: str
    projects: int
    share: float | None
    project_ids: list[str]


@dataclass(frozen=True)
class Ranked:
    """A row of a league: a province, buyer, supplier or brand, with what it won."""

    name: str
    projects: int
    amount_yuan: Decimal | None
    project_ids: list[str]
    brand: str | None = None
    kind: str | None = None


@dataclass(frozen=True)
class Amounts:
    total_yuan: Decimal | None
    median_yuan: Decimal | None
    disclosed: int
    undisclosed: int
    undisclosed_ids: list[str]


@dataclass(frozen=True)
class NoticeLink:
    """A notice behind a project, so a reader can open the page the figure comes from."""

    source: str
    notice_type: str
    publish_date: str | None
    url: str
    title: str


@dataclass(frozen=True)
class ProjectRow:
    id: str
    award_month: str
    first_award_date: str | None
    title: str
    buyer: str | None
    region: str | None
    industry: str | None
    in_scope: bool
    type: str | None
    scenarios: list[str]
    amount_yuan: Decimal | None
    suppliers: list[str]
    project_code: str | None
    notices: list[NoticeLink]


@dataclass(frozen=True)
class SourceCoverage:
    """What the crawl runs of one source fetched against what the portal reported, and parse errors."""

    source: str
    runs: int
    failed_runs: int
    expected: int | None
    fetched: int
    notices: int
    parse_errors: int
    first_window: str | None
    last_window: str | None


# --- filters -----------------------------------------------------------------------------------------


def _awarded(period: Period) -> ColumnElement[bool]:
    return and_(
        P.status == "awarded",
        P.award_month >= period.since,
        P.award_month <= period.month,
        *_filtered(period.filters),
    )


def _like(text: str) -> str:
    """A LIKE pattern matching `text` anywhere, with LIKE's own wildcards taken literally."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _filtered(filters: Filters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.province:
        conditions.append(P.region.like(_like(filters.province), escape="\\"))
    if filters.buyer:
        conditions.append(P.buyer.like(_like(filters.buyer), escape="\\"))
    if filters.type:
        conditions.append(P.type == filters.type)
    if filters.industry:
        conditions.append(P.industry == filters.industry)
    if filters.scenario:
        tagged = select(TAG.project_id).where(TAG.scenario == filters.scenario)
        conditions.append(P.id.in_(tagged))
    if filters.vendor:
        won = (
            select(WON.project_id)
            .join(Organisation, ORG.id == WON.organisation_id)
            .where(or_(ORG.brand == filters.vendor, ORG.name.like(_like(filters.vendor), escape="\\")))
        )
        conditions.append(P.id.in_(won))
    return conditions


def _in_scope(period: Period) -> ColumnElement[bool]:
    # `= true`, not `IS true`: PostgreSQL matches only the former to an index on the column
    # (storage/migrations/versions/0006), and in a WHERE clause the two keep the same rows.
    return and_(_awarded(period), P.in_scope == true())


def _llm(period: Period) -> ColumnElement[bool]:
    return and_(_awarded(period), P.llm == true())


def _ids(column: Any = P.id) -> Any:
    """The group's project ids as one comma-joined string (group_concat / string_agg)."""
    return func.aggregate_strings(column, ",")


def _split(joined: str | None) -> list[str]:
    return sorted(set(joined.split(","))) if joined else []


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _money(value: Any) -> Decimal | None:
    """SUM over Numeric: Decimal on PostgreSQL, float-backed on SQLite; quantised to fen either way."""
    if value is None:
        return None
    return Decimal(str(value)).quantize(FEN)


# --- queries -----------------------------------------------------------------------------------------


def in_scope_by_month(period: Period, *, session: Session) -> list[MonthCount]:
    """Awarded in-scope projects and disclosed amounts per month, with the running total over the
    period and, for 环比/同比, the month before and the same month a year earlier."""
    reach = Period(add_months(period.since, -12), period.month, period.filters)
    query = (
        select(P.award_month, func.count(), func.sum(P.award_amount_yuan), _ids())
        .where(_in_scope(reach))
        .group_by(P.award_month)
        .order_by(P.award_month)
    )
    found = {m: (int(n), _money(total), _split(ids)) for m, n, total, ids in session.execute(query).all()}
    rows, running = [], 0
    for month in period.months():
        count, amount, ids = found.get(month, (0, None, []))
        before = found.get(add_months(month, -1), (0, None, []))
        year_ago = found.get(add_months(month, -12), (0, None, []))
        running += count
        rows.append(
            MonthCount(month, count, running, ids, amount, before[0], year_ago[0], before[1], year_ago[1])
        )
    return rows


def totals(period: Period, *, session: Session) -> Totals:
    """Awarded in-scope projects and their disclosed amount over the period."""
    query = select(func.count(), func.sum(P.award_amount_yuan)).where(_in_scope(period))
    count, amount = session.execute(query).one()
    return Totals(period.since, period.month, int(count or 0), _money(amount))


def data_dates(*, session: Session) -> tuple[str | None, str | None]:
    """First and last publish dates of the stored notices (for 'no data in this period' messages)."""
    # Two scalar subqueries: SQLite reads min() or max() from the index only when it is alone in its
    # query; together in one they scan every notice.
    first, last = session.execute(
        select(
            select(func.min(N.publish_date)).scalar_subquery(),
            select(func.max(N.publish_date)).scalar_subquery(),
        )
    ).one()
    return (str(first) if first else None, str(last) if last else None)


def awarded_llm_count(period: Period, *, session: Session) -> int:
    """Awarded large-model projects of any industry in the period (is there any data at all?)."""
    return int(session.execute(select(func.count()).select_from(PROJECT).where(_llm(period))).scalar_one())


def types_by_month(period: Period, *, session: Session) -> list[TypeMonth]:
    """Per month and type: awarded in-scope projects and their share of the month's in-scope awards."""
    query = (
        select(
            P.award_month,
            P.type,
            func.count(),
            func.sum(func.count()).over(partition_by=P.award_month),
            _ids(),
        )
        .where(_in_scope(period))
        .group_by(P.award_month, P.type)
    )
    found = {
        (m, t): (int(n), int(total), _split(ids)) for m, t, n, total, ids in session.execute(query).all()
    }
    totals = {m: total for (m, _), (_, total, _) in found.items()}
    types = list(PROJECT_TYPES) + sorted({t or "unknown" for _, t in found if t not in PROJECT_TYPES})
    rows = []
    for month in period.months():
        for project_type in types:
            key_type = None if project_type == "unknown" else project_type
            count, _, ids = found.get((month, key_type), (0, 0, []))
            if project_type not in PROJECT_TYPES and count == 0:
                continue
            rows.append(TypeMonth(month, project_type, count, _share(count, totals.get(month, 0)), ids))
    return rows


def type_totals(period: Period, *, session: Session) -> list[Share]:
    """Awarded in-scope projects per type over the whole period."""
    query = select(P.type, func.count(), _ids()).where(_in_scope(period)).group_by(P.type)
    found = {t or "unknown": (int(n), _split(ids)) for t, n, ids in session.execute(query).all()}
    total = sum(n for n, _ in found.values())
    keys = list(PROJECT_TYPES) + sorted(k for k in found if k not in PROJECT_TYPES)
    return [
        Share(k, found.get(k, (0, []))[0], _share(found.get(k, (0, []))[0], total), found.get(k, (0, []))[1])
        for k in keys
    ]


def penetration(period: Period, *, session: Session) -> list[Penetration]:
    """docs/domain.md §9 reading of 渗透率: in-scope ÷ llm per type, awarded in the period, all industries."""
    in_scope_flag = P.in_scope.is_(True)
    query = (
        select(
            P.type,
            func.count(),
            func.sum(case((in_scope_flag, 1), else_=0)),
            _ids(),
            _ids(case((in_scope_flag, P.id), else_=None)),
        )
        .where(_llm(period))
        .group_by(P.type)
    )
    found = {
        t: (int(n), int(m or 0), _split(all_ids), _split(medical_ids))
        for t, n, m, all_ids, medical_ids in session.execute(query).all()
    }
    rows = []
    for project_type in PROJECT_TYPES:
        llm_count, medical, llm_ids, medical_ids = found.get(project_type, (0, 0, [], []))
        rows.append(
            Penetration(project_type, medical, llm_count, _share(medical, llm_count), medical_ids, llm_ids)
        )
    return rows


def scenario_shares(period: Period, *, session: Session) -> list[Share]:
    """docs/domain.md §6: awarded in-scope projects tagged with a scenario ÷ all awarded in-scope projects."""
    total = int(
        session.execute(select(func.count()).select_from(PROJECT).where(_in_scope(period))).scalar_one()
    )
    query = (
        select(TAG.scenario, func.count(distinct(TAG.project_id)), _ids(TAG.project_id))
        .join(PROJECT, P.id == TAG.project_id)
        .where(_in_scope(period))
        .group_by(TAG.scenario)
    )
    found = {s: (int(n), _split(ids)) for s, n, ids in session.execute(query).all()}
    keys = list(SCENARIOS) + sorted(k for k in found if k not in SCENARIOS)
    return [
        Share(k, found.get(k, (0, []))[0], _share(found.get(k, (0, []))[0], total), found.get(k, (0, []))[1])
        for k in keys
    ]


def industries(period: Period, *, session: Session) -> list[Share]:
    """All awarded llm projects by industry; the medical row's share is medical's share of all llm awards."""
    query = select(P.industry, func.count(), _ids()).where(_llm(period)).group_by(P.industry)
    found = {(i or "unknown"): (int(n), _split(ids)) for i, n, ids in session.execute(query).all()}
    total = sum(n for n, _ in found.values())
    ordered = sorted(found, key=lambda k: (-found[k][0], k))
    return [Share(k, found[k][0], _share(found[k][0], total), found[k][1]) for k in ordered]


def amounts(period: Period, *, session: Session) -> Amounts:
    """Disclosed award amounts of the in-scope projects: total and median, and how many are undisclosed."""
    disclosed = P.award_amount_yuan.is_not(None)
    query = select(
        func.sum(P.award_amount_yuan),
        func.sum(case((disclosed, 1), else_=0)),
        func.sum(case((disclosed, 0), else_=1)),
        _ids(case((disclosed, None), else_=P.id)),
    ).where(_in_scope(period))
    total, n_disclosed, n_undisclosed, undisclosed_ids = session.execute(query).one()
    values = [
        _money(v)
        for v in session.execute(select(P.award_amount_yuan).where(_in_scope(period), disclosed)).scalars()
    ]
    median = statistics.median([v for v in values if v is not None]) if values else None
    return Amounts(
        total_yuan=_money(total),
        median_yuan=_money(median),
        disclosed=int(n_disclosed or 0),
        undisclosed=int(n_undisclosed or 0),
        undisclosed_ids=_split(undisclosed_ids),
    )


def _ranked(query: Any, *, session: Session) -> list[Ranked]:
    rows = [
        Ranked(name=name or "未知", projects=int(n), amount_yuan=_money(total), project_ids=_split(ids))
        for name, n, total, ids in session.execute(query).all()
    ]
    return _stable(rows)


def _stable(rows: list[Ranked]) -> list[Ranked]:
    """Ties in the same order on every backend (PostgreSQL collations sort Chinese differently)."""
    return sorted(rows, key=lambda r: (-r.projects, -(r.amount_yuan or 0), r.name))


def provinces(period: Period, *, session: Session) -> list[Ranked]:
    """Awarded in-scope projects and disclosed amounts per province."""
    region = func.coalesce(P.region, literal("未知"))
    query = (
        select(region, func.count(), func.sum(P.award_amount_yuan), _ids())
        .where(_in_scope(period))
        .group_by(region)
        .order_by(func.count().desc(), region)
    )
    return _ranked(query, session=session)


def top_buyers(period: Period, *, session: Session, limit: int = TOP) -> list[Ranked]:
    """Buyers with the most awarded in-scope projects."""
    buyer = func.coalesce(P.buyer, literal("未知"))
    query = (
        select(buyer, func.count(), func.sum(P.award_amount_yuan), _ids())
        .where(_in_scope(period))
        .group_by(buyer)
        .order_by(func.count().desc(), func.sum(P.award_amount_yuan).desc().nulls_last(), buyer)
        .limit(limit)
    )
    return _ranked(query, session=session)


def supplier_league(period: Period, *, session: Session, limit: int = 20) -> list[Ranked]:
    """Winning suppliers by awarded in-scope projects won; the amount is that of the projects they
    won (a project with several winners counts fully for each)."""
    query = (
        select(
            ORG.name,
            ORG.brand,
            ORG.kind,
            func.count(distinct(P.id)),
            func.sum(P.award_amount_yuan),
            _ids(),
        )
        .join(ProjectSupplier, WON.organisation_id == ORG.id)
        .join(PROJECT, P.id == WON.project_id)
        .where(_in_scope(period))
        .group_by(ORG.id, ORG.name, ORG.brand, ORG.kind)
        .order_by(func.count(distinct(P.id)).desc(), ORG.name)
        .limit(limit)
    )
    return _stable(
        [
            Ranked(
                name=name,
                brand=brand,
                kind=kind,
                projects=int(n),
                amount_yuan=_money(total),
                project_ids=_split(ids),
            )
            for name, brand, kind, n, total, ids in session.execute(query).all()
        ]
    )


def brand_league(period: Period, *, session: Session) -> list[Ranked]:
    """Awarded in-scope projects won per brand (a project counts once per brand among its winners),
    with the brand's kind of winner (docs/reports.md "Vendor league")."""
    # The brands of the period's in-scope projects only: grouping every stored winner first would
    # read the whole supplier table for a few hundred projects.
    won = (
        select(
            ORG.brand.label("brand"),
            func.max(ORG.kind).label("kind"),
            WON.project_id.label("project_id"),
        )
        .join(ProjectSupplier, WON.organisation_id == ORG.id)
        .join(PROJECT, P.id == WON.project_id)
        .where(_in_scope(period))
        .group_by(ORG.brand, WON.project_id)
        .subquery()
    )
    query = (
        select(won.c.brand, func.max(won.c.kind), func.count(), func.sum(P.award_amount_yuan), _ids())
        .join(PROJECT, P.id == won.c.project_id)
        .where(_in_scope(period))
        .group_by(won.c.brand)
    )
    rows = [
        Ranked(
            name=brand,
            kind=None if brand == OTHER_BRAND else kind,
            projects=int(n),
            amount_yuan=_money(total),
            project_ids=_split(ids),
        )
        for brand, kind, n, total, ids in session.execute(query).all()
    ]
    return sorted(rows, key=lambda r: (-(r.amount_yuan or 0), -r.projects, r.name))


def unmapped_winners(period: Period, *, session: Session, in_scope_only: bool = True) -> list[Ranked]:
    """Winners the vendor mapping gives no brand, by the disclosed value of the awards they won."""
    selected = _in_scope(period) if in_scope_only else _llm(period)
    query = (
        select(
            ORG.name,
            ORG.kind,
            func.count(distinct(P.id)),
            func.sum(P.award_amount_yuan),
            _ids(),
        )
        .join(ProjectSupplier, WON.organisation_id == ORG.id)
        .join(PROJECT, P.id == WON.project_id)
        .where(selected, ORG.brand == OTHER_BRAND)
        .group_by(ORG.id, ORG.name, ORG.kind)
    )
    rows = [
        Ranked(
            name=name,
            brand=OTHER_BRAND,
            kind=kind,
            projects=int(n),
            amount_yuan=_money(total),
            project_ids=_split(ids),
        )
        for name, kind, n, total, ids in session.execute(query).all()
    ]
    return sorted(rows, key=lambda r: (-(r.amount_yuan or 0), -r.projects, r.name))


def winner_kinds(period: Period, *, session: Session) -> list[Share]:
    """Awarded in-scope projects won by carriers, integrators, mapped vendors and other firms."""
    kind = func.coalesce(ORG.kind, literal("other"))
    total = int(
        session.execute(select(func.count()).select_from(PROJECT).where(_in_scope(period))).scalar_one()
    )
    query = (
        select(kind, func.count(distinct(P.id)), _ids())
        .join(ProjectSupplier, WON.organisation_id == ORG.id)
        .join(PROJECT, P.id == WON.project_id)
        .where(_in_scope(period))
        .group_by(kind)
        .order_by(func.count(distinct(P.id)).desc(), kind)
    )
    rows = [
        Share(k, int(n), _share(int(n), total), _split(ids)) for k, n, ids in session.execute(query).all()
    ]
    return sorted(rows, key=lambda s: (-s.projects, s.key))


def project_rows(period: Period, *, session: Session, in_scope_only: bool = False) -> list[ProjectRow]:
    """The appendix: every awarded llm project of the period (in-scope ones flagged), by month then id."""
    selected = _in_scope(period) if in_scope_only else _llm(period)
    # Plain rows, not ORM objects: the appendix of a large period holds thousands of projects.
    query = (
        select(
            P.id,
            P.award_month,
            P.first_award_date,
            P.title,
            P.buyer,
            P.region,
            P.industry,
            P.in_scope,
            P.type,
            P.scenarios,
            P.award_amount_yuan,
            P.suppliers,
            P.project_code,
        )
        .where(selected)
        .order_by(P.award_month, P.id)
    )
    links: dict[str, list[NoticeLink]] = {}
    notice_query = (
        select(
            N.project_id,
            N.source,
            N.notice_type,
            N.publish_date,
            N.url,
            N.title,
        )
        .join(PROJECT, P.id == N.project_id)
        .where(selected)
        .order_by(N.publish_date, N.source, N.url)
    )
    for pid, source, notice_type, published, url, title in session.execute(notice_query).all():
        links.setdefault(pid, []).append(
            NoticeLink(source, notice_type, published.isoformat() if published else None, url, title)
        )
    return [
        ProjectRow(
            id=p.id,
            award_month=p.award_month or "",
            first_award_date=p.first_award_date.isoformat() if p.first_award_date else None,
            title=p.title,
            buyer=p.buyer,
            region=p.region,
            industry=p.industry,
            in_scope=bool(p.in_scope),
            type=p.type,
            scenarios=list(p.scenarios or []),
            amount_yuan=_money(p.award_amount_yuan),
            suppliers=list(p.suppliers or []),
            project_code=p.project_code,
            notices=links.get(p.id, []),
        )
        for p in session.execute(query).all()
    ]


def largest(rows: Sequence[ProjectRow], limit: int = TOP) -> list[ProjectRow]:
    """The in-scope projects with the largest disclosed amounts."""
    disclosed = [r for r in rows if r.in_scope and r.amount_yuan is not None]
    return sorted(disclosed, key=lambda r: (-(r.amount_yuan or 0), r.id))[:limit]


def coverage(*, session: Session) -> list[SourceCoverage]:
    """Per source: crawl runs, expected vs fetched, notices stored and parse errors recorded."""
    runs = {
        src: (int(n), int(failed or 0), expected, int(fetched or 0), first, last)
        for src, n, failed, expected, fetched, first, last in session.execute(
            select(
                RUN.source,
                func.count(),
                func.sum(case((RUN.status.in_(("failed", "incomplete")), 1), else_=0)),
                func.sum(RUN.expected_count),
                func.sum(RUN.fetched_count),
                func.min(RUN.from_date),
                func.max(RUN.until_date),
            ).group_by(RUN.source)
        ).all()
    }
    notices = dict(session.execute(select(N.source, func.count()).group_by(N.source)).all())
    errors = dict(session.execute(select(ERR.source, func.count()).group_by(ERR.source)).all())
    out = []
    for source in sorted(set(runs) | set(notices) | set(errors)):
        n, failed, expected, fetched, first, last = runs.get(source, (0, 0, None, 0, None, None))
        out.append(
            SourceCoverage(
                source=source,
                runs=n,
                failed_runs=failed,
                expected=int(expected) if expected is not None else None,
                fetched=fetched,
                notices=int(notices.get(source, 0)),
                parse_errors=int(errors.get(source, 0)),
                first_window=str(first) if first else None,
                last_window=str(last) if last else None,
            )
        )
    return out


def model_versions(*, session: Session) -> list[str]:
    """Model versions behind the projects' labels (normally one)."""
    # A loose index scan: each step finds the next version with one look-up in the index on
    # model_version (0006), instead of a DISTINCT over every project.
    query = text(
        "WITH RECURSIVE version(v) AS ("
        " SELECT min(model_version) FROM project"
        " UNION ALL"
        " SELECT (SELECT min(model_version) FROM project WHERE model_version > version.v)"
        " FROM version WHERE version.v IS NOT NULL"
        ") SELECT v FROM version WHERE v IS NOT NULL"
    )
    return sorted(str(v) for v in session.execute(query).scalars() if v)


def classified_notices(*, session: Session) -> int:
    return int(session.execute(select(func.count(distinct(CLS.notice_id)))).scalar_one())

"""Aggregates on the hand-built database (tests/reports/conftest.py), both backends, exact figures."""

from __future__ import annotations

from decimal import Decimal

import pytest

from reports import aggregates as agg
from reports.report import build_report
from storage.db import make_engine, session_scope

from .conftest import SmallDb

PERIOD = agg.Period("2025-01", "2025-03")


def ids(db: SmallDb, *keys: str) -> list[str]:
    return sorted(db.project_of[k] for k in keys)


def test_monthly_counts_and_cumulative(small_db: SmallDb) -> None:
    with session_scope(make_engine(small_db.url)) as session:
        rows = agg.in_scope_by_month(PERIOD, session=session)
    assert [(r.month, r.projects, r.cumulative) for r in rows] == [
        ("2025-01", 1, 1),
        ("2025-02", 2, 3),
        ("2025-03", 1, 4),
    ]
    assert rows[1].project_ids == ids(small_db, "P1", "P2")


def test_types_by_month_and_totals(small_db: SmallDb) -> None:
    with session_scope(make_engine(small_db.url)) as session:
        rows = agg.types_by_month(PERIOD, session=session)
        totals = agg.type_totals(PERIOD, session=session)
    table = {(r.month, r.type): (r.projects, r.share) for r in rows}
    assert table[("2025-01", "integrated")] == (1, 1.0)
    assert table[("2025-01", "compute")] == (0, 0.0)
    assert table[("2025-02", "integrated")] == (1, 0.5)
    assert table[("2025-02", "compute")] == (1, 0.5)
    assert table[("2025-03", "model")] == (1, 1.0)
    assert len(rows) == 9
    assert [(s.key, s.projects, s.share) for s in totals] == [
        ("compute", 1, 0.25),
        ("model", 1, 0.25),
        ("integrated", 2, 0.5),
    ]


def test_penetration_per_type_uses_all_industries(small_db: SmallDb) -> None:
    with session_scope(make_engine(small_db.url)) as session:
        rows = agg.penetration(PERIOD, session=session)
    assert [(r.type, r.in_scope, r.llm, r.share) for r in rows] == [
        ("compute", 1, 2, 0.5),
        ("model", 1, 1, 1.0),
        ("integrated", 2, 2, 1.0),
    ]
    assert rows[0].llm_ids == ids(small_db, "P2", "P4")
    assert rows[0].in_scope_ids == ids(small_db, "P2")


def test_scenario_shares_have_the_in_scope_total_as_denominator(small_db: SmallDb) -> None:
    with session_scope(make_engine(small_db.url)) as session:
        rows = agg.scenario_shares(PERIOD, session=session)
    assert [(s.key, s.projects, s.share) for s in rows] == [
        ("clinical", 2, 0.5),
        ("management", 1, 0.25),
        ("patient", 1, 0.25),
        ("research", 0, 0.0),
        ("public_health", 1, 0.25),
    ]
    assert rows[0].project_ids == ids(small_db, "P1", "P8")


def test_industries_and_medical_share(small_db: SmallDb) -> None:
    with session_scope(make_engine(small_db.url)) as session:
        rows = agg.industries(PERIOD, session=session)
    assert [(s.key, s.projects, s.share) for s in rows] == [("medical", 4, 0.8), ("government", 1, 0.2)]


def test_amounts_total_median_and_undisclosed(small_db: SmallDb) -> None:
    with session_scope(make_engine(small_db.url)) as session:
        amounts = agg.amounts(PERIOD, session=session)
    assert amounts.total_yuan == Decimal("3500000.00")
    assert amounts.median_yuan == Decimal("1000000.00")
    assert (amounts.disclosed, amounts.undisclosed) == (3, 1)
    assert amounts.undisclosed_ids == ids(small_db, "P2")


def test_provinces_buyers_suppliers_brands(small_db: SmallDb) -> None:
    with session_scope(make_engine(small_db.url)) as session:
        provinces = agg.provinces(PERIOD, session=session)
        buyers = agg.top_buyers(PERIOD, session=session)
        suppliers = agg.supplier_league(PERIOD, session=session)
        brands = agg.brand_league(PERIOD, session=session)
        kinds = agg.winner_kinds(PERIOD, session=session)
    assert [(r.name, r.projects, r.amount_yuan) for r in provinces] == [
        ("广东省", 3, Decimal("3000000.00")),
        ("浙江省", 1, Decimal("500000.00")),
    ]
    assert [(r.name, r.projects) for r in buyers] == [("甲医院", 2), ("丙市卫生健康委员会", 1), ("乙医院", 1)]
    assert buyers[0].amount_yuan == Decimal("3000000.00")
    assert len(suppliers) == 5 and all(r.projects == 1 for r in suppliers)
    assert {r.name: (r.brand, r.kind) for r in suppliers}["中国电信股份有限公司乙市分公司"] == (
        "中国电信",
        "carrier",
    )
    # The league ranks brands by the value of the projects they won; each with its kind of winner.
    assert [(r.name, r.kind, r.projects, r.amount_yuan) for r in brands] == [
        ("联影医疗", "medical_ai", 1, Decimal("2000000.00")),
        ("科大讯飞", "llm", 1, Decimal("1000000.00")),
        ("other", None, 1, Decimal("500000.00")),
        ("中国电信", "carrier", 1, None),
    ]
    assert [(s.key, s.projects) for s in kinds] == [
        ("carrier", 1),
        ("llm", 1),
        ("medical_ai", 1),
        ("other", 1),
    ]


def test_project_list_and_report_headline(small_db: SmallDb) -> None:
    with session_scope(make_engine(small_db.url)) as session:
        report = build_report(PERIOD, session=session)
    assert [p.id for p in report.projects] == sorted(
        ids(small_db, "P1", "P2", "P3", "P4", "P8"),
        key=lambda i: (
            {
                small_db.project_of[k]: m
                for k, m in {
                    "P8": "2025-01",
                    "P1": "2025-02",
                    "P2": "2025-02",
                    "P3": "2025-03",
                    "P4": "2025-03",
                }.items()
            }[i],
            i,
        ),
    )
    assert (report.in_scope_total, report.llm_total, report.medical_share) == (4, 5, 0.8)
    p3 = next(p for p in report.projects if p.id == small_db.project_of["P3"])
    assert (p3.amount_yuan, p3.scenarios, p3.type) == (
        Decimal("500000.00"),
        ["management", "public_health"],
        "model",
    )
    assert [p.id for p in report.largest] == ids(small_db, "P8") + ids(small_db, "P1") + ids(small_db, "P3")


@pytest.mark.parametrize(
    ("month", "since", "message"),
    [
        ("2025-13", None, "invalid --month '2025-13'"),
        ("2025-9", None, "invalid --month '2025-9'"),
        ("2025-09", "2025-00", "invalid --since '2025-00'"),
        ("2025-03", "2025-05", "--since 2025-05 is after --month 2025-03"),
    ],
)
def test_bad_periods_are_named(month: str, since: str | None, message: str) -> None:
    with pytest.raises(agg.PeriodError, match=message.replace("(", r"\(")):
        agg.Period.parse(month, since)


def test_period_defaults_to_year_to_date() -> None:
    period = agg.Period.parse("2025-09")
    assert period == agg.Period("2025-01", "2025-09")
    assert len(period.months()) == 9
    assert agg.Period.parse("2025-02", "2024-11").months() == ["2024-11", "2024-12", "2025-01", "2025-02"]

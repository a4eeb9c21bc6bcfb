"""A small hand-built database whose every figure is worked out by hand in FIGURES below.

Projects (period 2025-01 … 2025-03):

| key | buyer | notices | labels | counted? |
| --- | --- | --- | --- | --- |
| P1 | 甲医院 | tender Jan, award Feb 1,000,000 (讯飞) + ggzy copy | llm medical integrated, clinical | Feb |
| P2 | 乙医院 | award Feb, amount undisclosed (中国电信 branch) | llm medical compute, no scenario | Feb |
| P3 | 丙卫健委 | two per-lot awards Mar 300,000 + 200,000 | llm medical model, public_health / management | Mar |
| P4 | 某市政府 | award Mar 800,000 | llm government compute | no (not medical) |
| P5 | 丁医院 | award Mar, 终止 later in Mar | llm medical integrated | no (cancelled) |
| P6 | 戊医院 | award Apr | llm medical integrated | no (after period) |
| P7 | 甲医院 | award Mar 500,000 | not llm | no |
| P8 | 甲医院 | award Jan 2,000,000 (联影), contract with a javascript: URL | llm medical integrated, clinical + patient | Jan |
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import select

from domain.notice import ParsedNotice
from linking.classify_stored import roll_up
from linking.link_stored import link_stored
from storage.db import make_engine, session_scope
from storage.models import Notice
from storage.repo import store_classification, upsert_notice

MODEL = "test-labels-1"


@dataclass(frozen=True)
class Labels:
    llm: bool
    industry: str
    type: str | None
    scenarios: tuple[str, ...] = ()


def _n(key: str, n: int, **fields: object) -> tuple[str, ParsedNotice]:
    base: dict[str, object] = {
        "source": "ccgp",
        "url": f"https://www.ccgp.gov.cn/t/{key}-{n}.htm",
        "text": "",
    }
    base.update(fields)
    return key, ParsedNotice(**base)  # type: ignore[arg-type]


A, B, C = "甲医院", "乙医院", "丙市卫生健康委员会"
NOTICES: list[tuple[str, ParsedNotice]] = [
    _n(
        "P1",
        1,
        title="甲医院智能病历大模型应用项目公开招标公告",
        notice_type="tender",
        publish_date=date(2025, 1, 10),
        project_code="A-001",
        buyer=A,
        region="广东省",
        budget_yuan=Decimal("1200000"),
    ),
    _n(
        "P1",
        2,
        title="甲医院智能病历大模型应用项目中标公告",
        notice_type="award",
        publish_date=date(2025, 2, 5),
        project_code="A-001",
        buyer=A,
        region="广东省",
        award_amount_yuan=Decimal("1000000"),
        suppliers=["科大讯飞股份有限公司"],
    ),
    _n(
        "P1",
        3,
        source="ggzy",
        url="https://www.ggzy.gov.cn/information/deal/html/b/44/0202/p1.html",
        title="甲医院智能病历大模型应用项目中标公告",
        notice_type="award",
        publish_date=date(2025, 2, 6),
        project_code="A-001",
        buyer=None,
        region="广东省",
        award_amount_yuan=Decimal("1000000.00"),
        suppliers=["科大讯飞股份有限公司"],
    ),
    _n(
        "P2",
        1,
        title="乙医院大模型算力服务器采购项目成交公告",
        notice_type="award",
        publish_date=date(2025, 2, 20),
        project_code="B-001",
        buyer=B,
        region="广东省",
        suppliers=["中国电信股份有限公司乙市分公司"],
    ),
    _n(
        "P3",
        1,
        title="丙市卫生健康委员会区域卫生大模型服务项目（包1）中标公告",
        notice_type="award",
        publish_date=date(2025, 3, 3),
        project_code="C-001",
        buyer=C,
        region="浙江省",
        award_amount_yuan=Decimal("300000"),
        suppliers=["<script>alert('x')</script>甲信息技术有限公司"],
    ),
    _n(
        "P3",
        2,
        title="丙市卫生健康委员会区域卫生大模型服务项目（包2）中标公告",
        notice_type="award",
        publish_date=date(2025, 3, 3),
        project_code="C-001",
        buyer=C,
        region="浙江省",
        award_amount_yuan=Decimal("200000"),
        suppliers=["乙软件有限公司"],
    ),
    _n(
        "P4",
        1,
        title='=HYPERLINK("http://evil.example","x")某市政府政务大模型算力采购项目中标公告',
        notice_type="award",
        publish_date=date(2025, 3, 15),
        project_code="D-001",
        buyer="某市人民政府办公室",
        region="江苏省",
        award_amount_yuan=Decimal("800000"),
        suppliers=["某算力科技有限公司"],
    ),
    _n(
        "P5",
        1,
        title="丁医院DeepSeek一体机采购项目中标公告",
        notice_type="award",
        publish_date=date(2025, 3, 20),
        project_code="E-001",
        buyer="丁医院",
        region="广东省",
        award_amount_yuan=Decimal("400000"),
        suppliers=["某一体机有限公司"],
    ),
    _n(
        "P5",
        2,
        title="丁医院DeepSeek一体机采购项目终止公告",
        notice_type="cancellation",
        publish_date=date(2025, 3, 25),
        project_code="E-001",
        buyer="丁医院",
        region="广东省",
    ),
    _n(
        "P6",
        1,
        title="戊医院医疗大模型建设项目中标公告",
        notice_type="award",
        publish_date=date(2025, 4, 2),
        project_code="F-001",
        buyer="戊医院",
        region="广东省",
        award_amount_yuan=Decimal("900000"),
        suppliers=["某某科技有限公司"],
    ),
    _n(
        "P7",
        1,
        title="甲医院机房空调维保项目中标公告",
        notice_type="award",
        publish_date=date(2025, 3, 10),
        project_code="A-002",
        buyer=A,
        region="广东省",
        award_amount_yuan=Decimal("500000"),
        suppliers=["数坤（北京）网络科技股份有限公司"],
    ),
    _n(
        "P8",
        1,
        title="甲医院<script>alert(1)</script>影像大模型平台项目中标公告",
        notice_type="award",
        publish_date=date(2025, 1, 20),
        project_code="A-003",
        buyer=A,
        region="广东省",
        award_amount_yuan=Decimal("2000000"),
        suppliers=["上海联影医疗科技股份有限公司"],
    ),
    # A hostile page: the renderers must never turn this URL into a link.
    _n(
        "P8",
        2,
        source="zcy",
        url="javascript:alert(document.cookie)//P8-2",
        title="甲医院影像大模型平台项目合同公告",
        notice_type="contract",
        publish_date=date(2025, 2, 1),
        project_code="A-003",
        buyer=A,
        region="广东省",
    ),
]

LABELS: dict[str, Labels | dict[int, Labels]] = {
    "P1": Labels(True, "medical", "integrated", ("clinical",)),
    "P2": Labels(True, "medical", "compute"),
    "P3": {
        1: Labels(True, "medical", "model", ("public_health",)),
        2: Labels(True, "medical", "model", ("management",)),
    },
    "P4": Labels(True, "government", "compute"),
    "P5": Labels(True, "medical", "integrated", ("clinical",)),
    "P6": Labels(True, "medical", "integrated", ("clinical",)),
    "P7": Labels(False, "medical", None),
    "P8": Labels(True, "medical", "integrated", ("clinical", "patient")),
}


@dataclass(frozen=True)
class SmallDb:
    url: str
    project_of: dict[str, str]  # P1 … P8 → project id


def build_small_db(url: str) -> SmallDb:
    engine = make_engine(url)
    with session_scope(engine) as session:
        for _, parsed in NOTICES:
            upsert_notice(parsed, session=session)
    with session_scope(engine) as session:
        link_stored(session=session)
    project_of: dict[str, str] = {}
    with session_scope(engine) as session:
        for key, parsed in NOTICES:
            row = session.exec(select(Notice).where(Notice.url == parsed.url)).one()
            assert row.id is not None and row.project_id is not None
            project_of.setdefault(key, row.project_id)
            assert project_of[key] == row.project_id, f"{key} split across projects"
            spec = LABELS[key]
            lab = spec[int(parsed.url.rsplit("-", 1)[1].split(".")[0])] if isinstance(spec, dict) else spec
            store_classification(
                row.id,
                session=session,
                model_version=MODEL,
                llm=lab.llm,
                industry=lab.industry,
                in_scope=lab.llm and lab.industry == "medical",
                scope_score=0.9 if lab.llm and lab.industry == "medical" else 0.1,
                type=lab.type,
                scenarios=list(lab.scenarios),
            )
        roll_up(MODEL, session=session)
    engine.dispose()
    assert len(set(project_of.values())) == 8
    return SmallDb(url, project_of)


@pytest.fixture
def small_db(database_url: str) -> SmallDb:
    return build_small_db(database_url)

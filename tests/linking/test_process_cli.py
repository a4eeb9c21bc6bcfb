"""`tenders process` in-process with the shipped classifier: links, classifies what is new, rolls up."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from click.testing import CliRunner
from sqlmodel import Session, select

from domain.notice import ParsedNotice
from linking.corrections import corrected_project_ids
from reports.aggregates import Period
from reports.stored_ranges import ranges_outcome
from storage.db import make_engine, session_scope
from storage.models import Classification, Project, StoredRanges
from storage.repo import upsert_notice
from storage.stamp import data_stamp
from tenders.cli import main

pytest.importorskip("classifier.predict", reason="the classifier package is not in this tree")


def test_process_links_classifies_once_and_rolls_up(database_url: str) -> None:
    from classifier.persist import MODEL_DIR

    if not (MODEL_DIR / "metadata.json").exists():
        pytest.skip(f"no shipped classifier models in {MODEL_DIR}")
    notices = [
        ParsedNotice(
            source="ccgp",
            url="https://www.ccgp.gov.cn/cggg/t1.htm",
            title="某市人民医院DeepSeek大模型本地化部署服务项目公开招标公告",
            notice_type="tender",
            publish_date=date(2025, 5, 6),
            project_code="YY-2025-9",
            buyer="某市人民医院",
            text="在医院现有服务器上部署DeepSeek大模型，建设智能病历生成与临床辅助决策应用。",
        ),
        ParsedNotice(
            source="ccgp",
            url="https://www.ccgp.gov.cn/cggg/t2.htm",
            title="某市人民医院DeepSeek大模型本地化部署服务项目中标公告",
            notice_type="award",
            publish_date=date(2025, 6, 9),
            project_code="YY-2025-9",
            buyer="某市人民医院",
            award_amount_yuan=Decimal("960000"),
            suppliers=["某某智能科技有限公司"],
            text="DeepSeek大模型本地化部署服务，中标金额96万元。",
        ),
    ]
    with session_scope(make_engine(database_url)) as session:
        for notice in notices:
            upsert_notice(notice, session=session)

    first = CliRunner().invoke(main, ["--db", database_url, "process", "--quiet"])
    assert first.exit_code == 0, first.output
    assert re.fullmatch(
        r"linked 2 notices into 1 projects \(1 new, 0 changed, 0 removed; 1 awarded\); "
        r"classified 2 notices with \S+; 1 large-model projects, [01] in scope\n",
        first.stdout,
    ), first.stdout
    again = CliRunner().invoke(main, ["--db", database_url, "process", "--quiet"])
    assert "(0 new, 0 changed, 0 removed; 1 awarded); classified 0 notices" in again.stdout
    with Session(make_engine(database_url)) as session:
        project = session.exec(select(Project)).one()
        results = session.exec(select(Classification)).all()
    assert len(results) == 2
    assert project.llm is True and project.model_version == results[0].model_version
    assert project.award_month == "2025-06"


def test_process_stores_the_ranges_the_next_report_reads(database_url: str) -> None:
    """After `process`, the ranges of the newest award month's year to date are stored under the
    current data stamp (docs/corrections.md "Stored ranges"), and the report reads them."""
    from classifier.persist import MODEL_DIR

    if not (MODEL_DIR / "metadata.json").exists():
        pytest.skip(f"no shipped classifier models in {MODEL_DIR}")
    notice = ParsedNotice(
        source="ccgp",
        url="https://www.ccgp.gov.cn/cggg/t3.htm",
        title="某市人民医院医疗大模型一体机采购项目中标公告",
        notice_type="award",
        publish_date=date(2025, 7, 9),
        project_code="YY-2025-10",
        buyer="某市人民医院",
        award_amount_yuan=Decimal("1200000"),
        suppliers=["某某智能科技有限公司"],
        text="医疗大模型一体机，含DeepSeek大模型部署与病历生成应用。",
    )
    with session_scope(make_engine(database_url)) as session:
        upsert_notice(notice, session=session)
    result = CliRunner().invoke(main, ["--db", database_url, "process"])
    assert result.exit_code == 0, result.output
    assert re.search(r"figure ranges of 2025-01 … 2025-07: stored \(\d+\.\d s\)\n", result.stderr), (
        result.stderr
    )
    engine = make_engine(database_url)
    with Session(engine) as session:
        stamp = data_stamp(session=session)
        stored = {r.period: r.stamp for r in session.exec(select(StoredRanges))}
        read = ranges_outcome(
            "2025-01",
            "2025-07",
            Period.parse("2025-07").months(),
            corrected_project_ids(session=session),
            session=session,
        )
    engine.dispose()
    assert stamp is not None and stored["2025-01..2025-07"] == stamp
    assert read.how == "read"

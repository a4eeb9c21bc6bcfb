"""`tenders process` in-process with the shipped classifier: links, classifies what is new, rolls up."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from click.testing import CliRunner
from sqlmodel import Session, select

from domain.notice import ParsedNotice
from storage.db import make_engine, session_scope
from storage.models import Classification, Project
from storage.repo import upsert_notice
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

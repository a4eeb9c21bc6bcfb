"""`tenders classify` in-process: JSON lines and saved pages in, the docs/domain.md §8 fields out; bad input named."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlmodel import select

from domain.notice import ParsedNotice
from domain.paths import REAL_PAGES_DIR
from linking.classify_stored import roll_up
from linking.link_stored import link_stored
from storage.db import make_engine, session_scope
from storage.models import Notice, Project
from storage.repo import store_classification, upsert_notice
from tenders.cli import main

ADDED = {"llm", "industry", "in_scope", "scope_score", "type", "scenarios"}


def _run(args: list[str], stdin: str | None = None) -> tuple[int, list[dict], str]:
    result = CliRunner().invoke(main, ["classify", *args], input=stdin)
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return result.exit_code, lines, result.stderr


def test_json_lines_from_stdin_come_back_with_the_answers() -> None:
    records = [
        {
            "title": "某市人民医院DeepSeek一体机采购项目中标公告",
            "buyer": "某市人民医院",
            "url": "https://example.org/1",
        },
        {"title": "教学楼空调采购", "text": "更换分体空调。", "buyer": "某市第一中学"},
    ]
    code, out, err = _run(["-"], "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n")
    assert code == 0 and err == ""
    assert len(out) == 2
    for given, got in zip(records, out, strict=True):
        assert {k: got[k] for k in given} == given
        assert set(got) == set(given) | ADDED
    assert out[0]["llm"] is True and out[0]["in_scope"] is True and out[0]["type"] == "integrated"
    assert out[1]["llm"] is False and out[1]["type"] is None and out[1]["scenarios"] == []
    assert out[1]["industry"] == "education"


def test_no_argument_reads_stdin() -> None:
    code, out, _ = _run([], '{"title": "医疗大模型本地化部署服务", "buyer": "某县人民医院"}\n')
    assert code == 0 and out[0]["in_scope"] is True


def test_bad_lines_are_named_and_the_rest_continues(tmp_path: Path) -> None:
    path = tmp_path / "notices.jsonl"
    path.write_text(
        "\n".join(
            [
                '{"title": "基于大模型的智能导诊系统", "buyer": "某市人民医院"}',
                '{"title": ""}',
                '{"title": "   \\t"}',
                '{"title": "GPU server procurement", "text": "for an LLM"}',
                '{"title": "电子病历系统升级", "buyer": "某医院"',
                '{"title": 7, "colour": "red"}',
                '["not", "an", "object"]',
                '{"title": "病理切片扫描仪采购", "text": 5}',
                "",
                '{"title": "64排螺旋CT采购", "buyer": "某县人民医院"}',
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    code, out, err = _run([str(path)])
    assert code == 1
    assert [r["title"] for r in out] == ["基于大模型的智能导诊系统", "64排螺旋CT采购"]
    errors = err.strip().splitlines()
    assert errors == [
        f"error: {path}:2: empty or missing title",
        f"error: {path}:3: empty or missing title",
        f"error: {path}:4: no Chinese text in title or text; the classifier reads Chinese notices",
        f"error: {path}:5: not valid JSON (Expecting ',' delimiter at column 37)",
        f"error: {path}:6: title must be a string",
        f"error: {path}:7: expected a JSON object, got list",
        f"error: {path}:8: text must be a string or null",
    ]


def test_fields_the_classifier_does_not_read_pass_through_unchanged() -> None:
    line = {
        "id": 17,
        "url": "http://example.test/n/17",
        "colour": ["red"],
        "title": "某市人民医院DeepSeek一体机采购",
    }
    code, out, err = _run(["-"], json.dumps(line, ensure_ascii=False) + "\n")
    assert code == 0, err
    assert {k: out[0][k] for k in line} == line
    assert out[0]["llm"] is True and out[0]["in_scope"] is True
    code, out, err = _run(["-"], '{"id": 1, "title": "某医院HIS系统升级", "buyer": 5}\n')
    assert code == 1 and out == [] and "error: <stdin>:1: buyer must be a string or null" in err


def test_oversized_page_and_missing_file_are_named(tmp_path: Path) -> None:
    big = tmp_path / "huge.html"
    big.write_bytes(b"<html>" + b"x" * (5 * 1024 * 1024) + b"</html>")
    missing = tmp_path / "absent.html"
    code, out, err = _run(
        [str(big), str(missing), "-"], '{"title": "DeepSeek一体机采购", "buyer": "某市中医院"}\n'
    )
    assert code == 1
    assert len(out) == 1 and out[0]["llm"] is True
    assert f"error: {big}: 5.2 MB is over the 2 MB limit for a saved page" in err
    assert f"error: {missing}: no such file" in err


def test_explain_adds_the_weighing_features() -> None:
    code, out, _ = _run(
        ["--explain", "-"], '{"title": "基于大模型的病历内涵质控系统", "buyer": "某市人民医院"}\n'
    )
    assert code == 0
    why = out[0]["explain"]
    assert set(why) >= {"llm", "industry", "type"}
    assert all(isinstance(name, str) and weight > 0 for name, weight in why["llm"])
    if out[0]["scenarios"]:
        assert set(why["scenarios"]) == set(out[0]["scenarios"])


def test_classify_output_can_be_classified_again() -> None:
    first = CliRunner().invoke(
        main, ["classify", "-"], input='{"title": "DeepSeek本地化部署服务", "buyer": "某市妇幼保健院"}\n'
    )
    second = CliRunner().invoke(main, ["classify", "-"], input=first.stdout)
    assert second.exit_code == 0
    assert json.loads(second.stdout) == json.loads(first.stdout)


def test_saved_portal_page_is_parsed_then_classified() -> None:
    pytest.importorskip("crawler.parse", reason="crawler.parse (the page parser) is not in this tree yet")
    from crawler import parse

    if not hasattr(parse, "parse_file"):
        pytest.skip("crawler.parse.parse_file is not written yet")
    page = REAL_PAGES_DIR / "ccgp" / "award_guizhou_qingzhen_streetlights_2025-06-27.html"
    if not page.is_file():
        pytest.skip(f"real pages absent: {page}")
    code, out, err = _run([str(page), "--source", "ccgp"])
    assert code == 0, err
    assert out and "路灯" in out[0]["title"]
    assert out[0]["llm"] is False and out[0]["in_scope"] is False and out[0]["type"] is None


def test_classify_project_explains_a_stored_project_whose_notices_disagree(database_url: str) -> None:
    """A carrier's tender states a medical large-model purpose, its award is read as telecom from the
    buyer: the project is medical and in scope, and `classify --project` shows the vote."""
    base = {"source": "ccgp", "buyer": "某通信公司", "project_code": "TX-2025-9", "region": "广东省"}
    notices = [
        ParsedNotice(url="https://www.ccgp.gov.cn/cggg/t91.htm", title="某通信公司医疗大模型平台建设招标公告",
                     notice_type="tender", publish_date=date(2025, 2, 1), **base),  # type: ignore[arg-type]
        ParsedNotice(url="https://www.ccgp.gov.cn/cggg/t92.htm", title="某通信公司医疗大模型平台建设中标公告",
                     notice_type="award", publish_date=date(2025, 3, 1), **base),  # type: ignore[arg-type]
    ]  # fmt: skip
    engine = make_engine(database_url)
    with session_scope(engine) as session:
        for notice in notices:
            upsert_notice(notice, session=session)
    with session_scope(engine) as session:
        link_stored(session=session)
        ids = {n.url: n.id for n in session.exec(select(Notice)).all()}
        for notice, industry in zip(notices, ("medical", "telecom"), strict=True):
            store_classification(
                ids[notice.url], session=session, model_version="m1", llm=True, industry=industry,
                in_scope=industry == "medical", scope_score=0.9, type="integrated", scenarios=[],
            )  # fmt: skip
        roll_up("m1", session=session)
        project_id = session.exec(select(Project.id)).one()
    result = CliRunner().invoke(main, ["--db", database_url, "classify", "--project", project_id])
    assert result.exit_code == 0, result.output
    why = json.loads(result.output)
    assert why["project"]["industry"] == "medical" and why["project"]["in_scope"] is True
    assert why["votes"]["industry"] == {"medical": 4, "telecom": 2}
    assert why["disagreement"] == ["industry"]
    missing = CliRunner().invoke(main, ["--db", database_url, "classify", "--project", "nope"])
    assert missing.exit_code == 1 and "project nope: no such project in the database" in missing.output

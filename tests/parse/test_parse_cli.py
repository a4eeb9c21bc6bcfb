"""`tenders parse` driven in-process through the real CLI group."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from domain.paths import REAL_PAGES_DIR
from tenders.cli import main

FRAGMENT = (
    '<p>项目编号：<samp class="bookmark-item code-00004">WZZC2025-J1-000001</samp></p>'
    '<p>项目名称：<span class="bookmark-item code-00003">医院大模型知识库平台采购</span></p>'
    '<p>预算总金额（元）：<span class="bookmark-item code-AM01400034">880000</span></p>'
    '<p>截止时间：<span class="bookmark-item code-23011">2025年07月08日 09:30</span></p>'
    '<p>名 称：<span class="bookmark-item code-00014">梧州市红十字会医院</span></p>'
)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["parse", *args])
    return result.exit_code, result.stdout, result.stderr


def test_prints_one_exact_json_object_per_notice(tmp_path: Path) -> None:
    file = tmp_path / "content.html"
    file.write_text(FRAGMENT, encoding="utf-8")
    code, out, err = run(str(file), "--source", "zcy")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) == 1
    assert "梧州市红十字会医院" in lines[0]  # ensure_ascii=False
    assert json.loads(lines[0]) == {
        "source": "zcy",
        "url": file.resolve().as_uri(),
        "title": "医院大模型知识库平台采购",
        "notice_type": "tender",
        "publish_date": None,
        "project_code": "WZZC2025-J1-000001",
        "buyer": "梧州市红十字会医院",
        "agency": None,
        "region": "广西壮族自治区",
        "budget_yuan": 880000,
        "award_amount_yuan": None,
        "suppliers": [],
        "lots": None,
        "text": "项目编号：WZZC2025-J1-000001 项目名称：医院大模型知识库平台采购 预算总金额（元）：880000 "
        "截止时间：2025年07月08日 09:30 名称：梧州市红十字会医院",
        "related_urls": [],
    }


@pytest.mark.skipif(not REAL_PAGES_DIR.is_dir(), reason=f"real pages folder {REAL_PAGES_DIR} is absent")
def test_real_pages_through_the_cli() -> None:
    code, out, err = run(
        str(REAL_PAGES_DIR / "ccgp/award_shandong_jinan_univ_4lots_2025-07-14.html"),
        str(REAL_PAGES_DIR / "ggzy/api_getTradList_response_2026-03-17.json"),
    )
    assert (code, err) == (0, "")
    objects = [json.loads(line) for line in out.splitlines()]
    assert len(objects) == 21
    jinan = objects[0]
    assert (jinan["award_amount_yuan"], jinan["lots"], jinan["buyer"]) == (106185203.89, 4, "济南大学")
    assert objects[1]["notice_type"] == "contract"


def test_bad_files_fail_one_line_each_and_the_rest_continue(tmp_path: Path) -> None:
    good = tmp_path / "good.html"
    good.write_text(FRAGMENT, encoding="utf-8")
    bad = tmp_path / "bad.html"
    bad.write_text("<html><body>nothing here</body></html>", encoding="utf-8")
    missing = tmp_path / "missing.html"
    code, out, err = run(str(bad), str(good), str(missing))
    assert code == 2
    assert len(out.splitlines()) == 1 and json.loads(out)["project_code"] == "WZZC2025-J1-000001"
    assert err.splitlines() == [
        f"Error: {bad}: unrecognised content: not a ccgp, ggzy or 政采云 page or response",
        f"Error: {missing}: cannot read file (No such file or directory)",
    ]


def test_wrong_source_is_a_failure(tmp_path: Path) -> None:
    file = tmp_path / "content.html"
    file.write_text(FRAGMENT, encoding="utf-8")
    code, out, _ = run(str(file), "--source", "ccgp")
    # A bare template fragment carries no portal frame, so it takes the source it is given.
    assert code == 0 and json.loads(out)["source"] == "ccgp"


def test_help_has_an_example() -> None:
    result = CliRunner().invoke(main, ["parse", "--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.stdout and "tenders parse page.html" in result.stdout


def test_no_file_is_a_usage_error() -> None:
    code, _, err = run()
    assert code == 2 and "FILES" in err

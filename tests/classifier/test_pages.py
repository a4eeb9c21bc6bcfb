"""Page-shaped notices: wrapping keeps the labels, the two page vocabularies are apart, the layouts look like pages."""

from __future__ import annotations

import dataclasses
import random
from typing import Any

import pytest

from authoring.classifier_corpus.vocabulary import HELDOUT_PAGES
from classifier.page_shapes import (
    STYLES,
    TRAIN_PAGES,
    PageWriter,
    project_name,
    styles_for,
    uppercase_yuan,
    wrap_rows,
)
from classifier.training import HELDOUT_FILE, HELDOUT_PAGES_FILE, PAGE_SHARE, read_corpus, with_pages

ROW = {
    "title": "某市人民法院关于智能审判辅助大模型应用建设项目的中标公告",
    "text": "基于大语言模型建设裁判文书辅助生成系统。",
    "buyer": "某市人民法院",
    "llm": True,
    "industry": "government",
    "type": "integrated",
    "scenarios": [],
}


def _strings(value: object) -> set[str]:
    if isinstance(value, str):
        return {value}
    return set().union(*(_strings(v) for v in value)) if value else set()  # type: ignore[union-attr]


def test_page_vocabularies_share_no_entry() -> None:
    for f in dataclasses.fields(TRAIN_PAGES):
        if f.name == "name":
            continue
        common = _strings(getattr(TRAIN_PAGES, f.name)) & _strings(getattr(HELDOUT_PAGES, f.name))
        assert not common, f"{f.name}: {sorted(common)[:5]}"


@pytest.mark.parametrize("style", STYLES)
def test_every_layout_keeps_title_buyer_labels_and_the_excerpt(style: str) -> None:
    page = PageWriter(TRAIN_PAGES, random.Random(0)).wrap(ROW, style)
    assert {k: v for k, v in page.items() if k != "text"} == {k: v for k, v in ROW.items() if k != "text"}
    assert ROW["text"].rstrip("。") in page["text"]
    assert len(page["text"]) > 4 * len(ROW["text"])
    assert " " in page["text"] and "\n" not in page["text"]  # flat, like crawler/parse output


def test_page_boilerplate_mixes_medical_sounding_suppliers_into_other_industries() -> None:
    pages = wrap_rows([ROW] * 200, TRAIN_PAGES, seed=1)
    medical_words = ("医疗", "健康", "医药", "医学", "康复", "生命")
    assert sum(any(w in p["text"] for w in medical_words) for p in pages) > 60


def test_layout_follows_the_notice_kind_in_the_title() -> None:
    assert styles_for("某医院大模型一体机采购中标（成交）结果公告") == (
        "ccgp_template_award",
        "ccgp_freeform_award",
        "zcy_result",
    )
    assert styles_for("某医院大模型一体机采购公开招标公告") == ("tender",)
    assert "ggzy_contract" in styles_for("某医院大模型一体机采购合同公告")


@pytest.mark.parametrize(
    ("title", "buyer", "project"),
    [
        ("某市人民医院DeepSeek一体机采购项目中标（成交）结果公告", "某市人民医院", "DeepSeek一体机项目"),
        ("某招标有限公司受某县卫健委委托智能导诊系统竞争性磋商公告", "某县卫健委", "智能导诊系统项目"),
        ("【询价采购】大模型调用额度（病历质控）", None, "大模型调用额度项目"),
    ],
)
def test_project_name_is_read_from_the_title(title: str, buyer: str | None, project: str) -> None:
    assert project_name(title, buyer) == project


def test_uppercase_amounts_as_fee_clauses_write_them() -> None:
    assert uppercase_yuan(8200) == "捌仟贰佰元整"
    assert uppercase_yuan(16369) == "壹万陆仟叁佰陆拾玖元整"
    assert uppercase_yuan(1005003) == "壹佰万伍仟零叁元整"


def test_held_out_pages_are_the_held_out_notices_page_shaped() -> None:
    held = read_corpus(HELDOUT_FILE)
    pages = read_corpus(HELDOUT_PAGES_FILE)
    assert len(pages) == len(held)
    for h, p in zip(held, pages, strict=True):
        assert {k: v for k, v in h.items() if k != "text"} == {k: v for k, v in p.items() if k != "text"}
        assert len(p["text"]) > len(h["text"])


def test_training_adds_a_page_shaped_share() -> None:
    rows: list[dict[str, Any]] = [ROW | {"title": f"{ROW['title']}{i}"} for i in range(400)]
    out = with_pages(rows)
    added = out[len(rows) :]
    assert out[: len(rows)] == rows
    assert abs(len(added) / len(rows) - PAGE_SHARE) < 0.08
    assert all(len(a["text"]) > 100 for a in added)

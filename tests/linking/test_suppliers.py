"""Supplier names and the brand mapping (docs/domain.md §7)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from linking.suppliers import (
    BrandFileError,
    brands,
    classify_supplier,
    credit_code,
    display_name,
    load_mapping,
    parse_supplier,
    seed_brands,
    supplier_key,
)


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        ("科大讯飞有限公司", "科大讯飞股份有限公司"),
        ("腾讯科技（深圳）有限公司", "腾讯科技(深圳)有限公司"),
        ("腾讯科技 (深圳) 有限公司", "腾讯科技（深圳）有限公司"),
        ("ＡＢＣ信息技术有限责任公司", "ABC信息技术有限公司"),
        ("某某科技有限公司（统一社会信用代码：91440300708461136T）", "某某科技有限公司"),
    ],
)
def test_variants_of_one_entity_share_a_key(variant: str, canonical: str) -> None:
    assert supplier_key(variant) == supplier_key(canonical)


def test_credit_code_is_kept_apart_from_the_name() -> None:
    printed = "某某科技有限公司(91440300708461136T)"
    assert credit_code(printed) == "91440300708461136T"
    assert display_name(printed) == "某某科技有限公司"
    assert credit_code("某某科技有限公司") is None


@pytest.mark.parametrize(
    ("name", "brand"),
    [
        ("科大讯飞股份有限公司", "科大讯飞"),
        ("讯飞医疗科技股份有限公司", "科大讯飞"),
        ("科大讯飞股份有限公司安徽分公司", "科大讯飞"),
        ("北京百度网讯科技有限公司", "百度灵医智惠"),
        ("腾讯云计算（北京）有限责任公司", "腾讯觅影"),
        ("阿里健康科技（中国）有限公司", "阿里健康"),
        ("医渡云（北京）技术有限公司", "医渡科技"),
        ("上海联影智能医疗科技有限公司", "联影医疗"),
        ("东软医疗系统股份有限公司", "东软医疗"),
        ("英矽智能科技（上海）有限公司", "英矽智能"),
        ("深圳晶泰科技有限公司", "晶泰科技"),
        ("数坤（北京）网络科技股份有限公司", "数坤科技"),
        ("某某市智慧医疗信息技术有限公司", "other"),
    ],
)
def test_legal_entities_map_to_brands(name: str, brand: str) -> None:
    assert parse_supplier(name).brand == brand


@pytest.mark.parametrize(
    ("name", "brand", "kind"),
    [
        ("中国电信股份有限公司广州分公司", "中国电信", "carrier"),
        ("中国移动通信集团广东有限公司", "中国移动", "carrier"),
        ("中国联合网络通信有限公司深圳市分公司", "中国联通", "carrier"),
        ("天翼云科技有限公司", "中国电信", "carrier"),
        ("华为技术有限公司", "华为", "compute"),
        ("浪潮电子信息产业股份有限公司", "浪潮", "compute"),
        ("中科曙光信息产业股份有限公司", "中科曙光", "compute"),
        ("卫宁健康科技集团股份有限公司", "卫宁健康", "medical_it"),
        ("创业慧康科技股份有限公司", "创业慧康", "medical_it"),
        ("北京智谱华章科技有限公司", "智谱", "llm"),
        ("科大讯飞股份有限公司", "科大讯飞", "llm"),
        ("太极计算机股份有限公司", "太极股份", "integrator"),
        ("某某系统集成有限公司", "other", "integrator"),
        ("某某大学", "other", "research"),
        ("某某市智慧医疗信息技术有限公司", "other", None),
    ],
)
def test_winners_map_to_brands_with_their_kind(name: str, brand: str, kind: str | None) -> None:
    supplier = parse_supplier(name)
    assert (supplier.brand, supplier.kind) == (brand, kind)


def test_the_mapping_names_the_ten_reported_brands_and_the_market() -> None:
    assert seed_brands() == [
        "百度灵医智惠",
        "腾讯觅影",
        "阿里健康",
        "医渡科技",
        "科大讯飞",
        "联影医疗",
        "东软医疗",
        "英矽智能",
        "晶泰科技",
        "数坤科技",
    ]
    assert len(brands()) >= 80
    assert {"华为", "浪潮", "中国电信", "中国移动", "中国联通", "卫宁健康", "智谱", "太极股份"} <= set(
        brands()
    )


def test_a_user_file_extends_and_overrides_the_mapping(tmp_path: Path) -> None:
    user = tmp_path / "brands.json"
    user.write_text(
        json.dumps(
            {
                "brands": [
                    {"brand": "某某智联", "kind": "integrator", "entities": ["某某市智联信息技术有限公司"]},
                    {"brand": "讯飞医疗", "kind": "medical_ai", "entities": ["讯飞医疗科技股份有限公司"]},
                ]
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    rules = load_mapping(user)
    assert classify_supplier("某某市智联信息技术有限公司", rules) == ("某某智联", "integrator")
    assert classify_supplier("某某市智联信息技术有限公司第一分公司", rules) == ("某某智联", "integrator")
    assert classify_supplier("讯飞医疗科技股份有限公司", rules) == ("讯飞医疗", "medical_ai")
    assert classify_supplier("科大讯飞股份有限公司", rules) == ("科大讯飞", "llm")
    assert rules.files == (str(user), "linking/data/brands.json")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not valid JSON"),
        ('{"brands": [{"kind": "llm"}]}', 'brands entry 1: needs a "brand" name'),
        ('{"brands": [{"brand": "X", "kind": "robot"}]}', "brands entry 1 (X): unknown kind 'robot'"),
        ('{"brands": [{"brand": "X", "kind": "llm", "entities": "X公司"}]}', "entities must be a list"),
    ],
)
def test_a_bad_user_file_is_named_with_the_entry(tmp_path: Path, content: str, message: str) -> None:
    user = tmp_path / "brands.json"
    user.write_text(content, encoding="utf-8")
    with pytest.raises(BrandFileError, match=re.escape(str(user)) + ".*" + re.escape(message)):
        load_mapping(user)

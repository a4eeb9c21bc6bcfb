"""Supplier names and the brand mapping (SPEC §7)."""

from __future__ import annotations

import pytest

from linking.suppliers import brands, credit_code, display_name, parse_supplier, supplier_key


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
    ("name", "kind"),
    [
        ("中国电信股份有限公司广州分公司", "carrier"),
        ("中国移动通信集团广东有限公司", "carrier"),
        ("中国联合网络通信有限公司深圳市分公司", "carrier"),
        ("天翼云科技有限公司", "carrier"),
        ("某某系统集成有限公司", "integrator"),
        ("太极计算机股份有限公司", "integrator"),
        ("科大讯飞股份有限公司", "vendor"),
        ("某某市智慧医疗信息技术有限公司", None),
    ],
)
def test_carriers_and_integrators_are_flagged(name: str, kind: str | None) -> None:
    supplier = parse_supplier(name)
    assert supplier.kind == kind
    if kind in ("carrier", "integrator"):
        assert supplier.brand == "other"


def test_the_mapping_file_names_the_ten_reported_brands() -> None:
    assert brands() == [
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

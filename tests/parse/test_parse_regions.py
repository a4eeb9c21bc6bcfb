"""Province-level regions from codes, province names, and the city/district table."""

from __future__ import annotations

import pytest

from crawler.parse.regions import (
    PROVINCES,
    region_from_code,
    region_from_name,
    region_from_project_code,
    region_of,
    resolve_region,
)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("44", "广东省"),
        ("4403", "广东省"),
        ("440000", "广东省"),
        ("451026", "广西壮族自治区"),
        (15, "内蒙古自治区"),
        ("650000", "新疆维吾尔自治区"),
        ("660000", "新疆维吾尔自治区"),
        ("110000", "北京市"),
        ("0", None),
        ("99", None),
        ("", None),
        (None, None),
        ("4", None),
    ],
)
def test_codes(code: str | int | None, expected: str | None) -> None:
    assert region_from_code(code) == expected


def test_every_province_code_resolves_to_its_name() -> None:
    for code, name in PROVINCES.items():
        assert region_from_code(code + "0000") == name
        assert region_from_name(name) == name


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("广东省", "广东省"),
        ("内蒙古自治区", "内蒙古自治区"),
        ("新疆维吾尔自治区", "新疆维吾尔自治区"),
        ("山东", "山东省"),
        ("广西", "广西壮族自治区"),
        ("内蒙古", "内蒙古自治区"),
        ("深圳市龙华科技实验高级中学", "广东省"),
        ("清镇市麦格苗族布依族乡人民政府", "贵州省"),
        ("济南大学", "山东省"),
        ("广西壮族自治区胸科医院", "广西壮族自治区"),
        ("梧州市工人医院", "广西壮族自治区"),
        ("凌云县妇幼保健院", "广西壮族自治区"),
        ("德清县体育中心（德清县少年儿童体育学校）", "浙江省"),
        ("国家税务总局深圳市税务局", "广东省"),
        ("德州市公安局", "山东省"),
        ("龙华区", None),
        ("南山区", None),
        ("某某县人民医院", None),
        ("中国医学科学院", None),
        ("关于深圳市和济南市的联合项目", None),
        ("", None),
        (None, None),
    ],
)
def test_names(name: str | None, expected: str | None) -> None:
    assert region_from_name(name) == expected


def test_a_district_shared_by_two_provinces_resolves_through_the_buyer() -> None:
    # The Shenzhen page's 行政区域 is 龙华区 (there is one in 深圳 and one in 海口).
    assert resolve_region("龙华区", "深圳市龙华科技实验高级中学") == "广东省"
    assert resolve_region("龙华区", "海口市龙华区人民医院") == "海南省"
    assert resolve_region(None, "", "未知单位") is None


def test_region_of_dispatches_on_digits() -> None:
    assert region_of("370000") == "山东省"
    assert region_of("山东") == "山东省"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # County-level names anywhere in China, from the complete division table (divisions.csv).
        ("林口县中医院", "黑龙江省"),
        ("甘南县人民医院", "黑龙江省"),
        ("岫岩满族自治县中心人民医院", "辽宁省"),
        ("容县自然资源局", "广西壮族自治区"),
        ("南丹县民政局", "广西壮族自治区"),
        ("华容县人民医院", "湖南省"),  # 华容县, not the 容县 inside it
        ("坪山区人民医院", "广东省"),  # a Shenzhen district created in 2016
        ("河南蒙古族自治县公安局", "青海省"),
        ("朝阳区卫生健康委员会", None),  # 朝阳区 is in 北京 and in 长春
        ("市辖区", None),
        ("城区改造项目", None),  # 城区 alone is a common word, not a place
    ],
)
def test_division_table_names(name: str, expected: str | None) -> None:
    assert region_from_name(name) == expected


def test_a_project_code_carrying_a_division_code() -> None:
    # Heilongjiang's 政府采购云平台 opens its project codes with the buyer's division code.
    assert region_from_project_code("[231025]FAGC[GK]20260002") == "黑龙江省"
    assert region_from_project_code("LNYCDL20260907") is None
    assert region_from_project_code(None) is None

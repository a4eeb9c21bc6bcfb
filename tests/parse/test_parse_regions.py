"""Province-level regions from codes, province names, and the city/district table."""

from __future__ import annotations

import pytest

from crawler.parse.regions import PROVINCES, region_from_code, region_from_name, region_of, resolve_region


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

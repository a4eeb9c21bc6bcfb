"""Amounts in yuan, exact (docs/domain.md §2): every format met on the portals, rates and gaps as None."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.parse.amounts import (
    _scanned_amount,
    chinese_numeral,
    disclosed,
    is_rate,
    parse_amount,
    parse_labelled_amount,
    unit_from_label,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("569800.00(元)", "569800"),
        ("总价形式报价:569800.00(元)", "569800"),
        ("￥56.980000 万元（人民币）", "569800"),
        ("￥668.790000 万元（人民币）", "6687900"),
        ("￥10618.520389 万元（人民币）", "106185203.89"),
        ("2837.861389万元", "28378613.89"),
        ("中标（成交）金额：（可填写下浮率、折扣率或费率）：2837.861389万元", "28378613.89"),
        ("预算总金额（元）：12461000", "12461000"),
        ("预算金额（万元）：120", "1200000"),
        ("6687920.0元", "6687920"),
        ("1.2亿元", "120000000"),
        ("5万元", "50000"),
        ("5千万元", "50000000"),
        ("12,461,000.00元", "12461000"),
        ("¥1,234.5", "1234.5"),
        ("￥88,000", "88000"),
        ("投标报价（小写）：4369800（元）", "4369800"),
        ("１２３元", "123"),
        ("7550000", "7550000"),
        ("壹佰万元整", "1000000"),
        ("捌仟贰佰元整", "8200"),
        ("人民币壹万陆仟叁佰陆拾玖元整", "16369"),
        ("人民币壹万陆仟叁佰陆拾玖元整（¥16369.00）", "16369"),
        ("代理服务费为包干价人民币捌仟贰佰元整。", "8200"),
        ("伍拾万元", "500000"),
        ("壹佰元伍角贰分", "100.52"),
        ("拾万元整", "100000"),
        ("0元 人民币", "0"),
    ],
)
def test_amounts_in_yuan(text: str, expected: str) -> None:
    value = parse_amount(text)
    assert isinstance(value, Decimal)
    assert value == Decimal(expected)


@pytest.mark.parametrize(
    "text",
    [
        "下浮率 5%",
        "下浮率：5",
        "费率：0.5%",
        "折扣率 95",
        "5%",
        "详见附件",
        "-",
        "/",
        "",
        "   ",
        None,
        "不限",
        "2025年06月27日 17:52",
        "单价（元）",
        "千元",
    ],
)
def test_rates_and_gaps_are_undisclosed(text: str | None) -> None:
    assert parse_amount(text) is None


def test_whole_amounts_carry_no_float_noise() -> None:
    value = parse_amount("￥56.980000 万元（人民币）")
    assert value is not None and str(value) == "569800"
    assert str(parse_amount("2837.861389万元")) == "28378613.89"


def test_lot_amounts_add_up_exactly() -> None:
    lots = ["2837.861389万元", "2767万元", "2578.659万元", "2435万元"]
    total = sum((parse_amount(t) or Decimal(0) for t in lots), Decimal(0))
    assert total == Decimal("106185203.89")
    assert total == parse_amount("￥10618.520389 万元（人民币）")


@pytest.mark.parametrize(
    ("label", "value", "expected"),
    [
        ("预算金额（万元）", "120", "1200000"),
        ("预算金额（元）", "120", "120"),
        ("预算金额(单位：万元)", "3.5", "35000"),
        (None, "120", "120"),
        ("预算金额（元）", "120万元", "1200000"),
    ],
)
def test_unit_from_the_label(label: str | None, value: str, expected: str) -> None:
    assert parse_labelled_amount(label, value) == Decimal(expected)


def test_label_units() -> None:
    assert unit_from_label("预算总金额（元）") == 1
    assert unit_from_label("总中标金额(万元)") == 10000
    assert unit_from_label("采购项目名称") is None
    assert unit_from_label(None) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("壹万陆仟叁佰陆拾玖", 16369), ("伍拾万", 500000), ("壹亿贰仟万", 120000000), ("拾万", 100000),
     ("壹仟零伍", 1005), ("捌仟贰佰", 8200), ("三百二十", 320), ("万", None)],
)  # fmt: skip
def test_chinese_numerals(text: str, expected: int | None) -> None:
    assert chinese_numeral(text) == expected


def test_rate_detection() -> None:
    assert is_rate("下浮率 5%")
    assert is_rate("费率")
    assert not is_rate("569800.00(元)")


def test_printed_zero_is_undisclosed() -> None:
    assert disclosed(parse_amount("0元 人民币")) is None
    assert disclosed(None) is None
    assert disclosed(Decimal("8200")) == Decimal("8200")


@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999999999.99"), places=2))
def test_yuan_and_wan_round_trip(amount: Decimal) -> None:
    assert parse_amount(f"{amount}元") == amount
    assert parse_amount(f"￥{amount / 10000:.6f} 万元（人民币）") == amount
    assert parse_amount(f"{amount:,}元") == amount


@given(
    st.text(
        alphabet=st.sampled_from(list("0123456789.,万亿元￥¥%（）()：:壹贰叁拾佰仟零整角分下浮率 -详见")),
        max_size=30,
    )
)
def test_any_text_gives_a_positive_amount_or_none(text: str) -> None:
    value = parse_amount(text)
    assert value is None or (isinstance(value, Decimal) and value >= 0)


@pytest.mark.parametrize(
    "text",
    [
        "23770000",
        " 1411.03 ",
        "22012200.00元 人民币",
        "总价形式报价:7233380.00(元)",
        "1411.03万元",
        "12 ( 亿元",
        "预算 　100万元",
        "v.12元",  # a figure may not follow a dot: no figure here
        "第．5元",  # nor a full-width dot, which reads as a dot
        "１２元",  # full-width digits are read once made half-width
        "12٣元",  # an Arabic-Indic digit continues the figure
        "3,500元",
        "3.5.1万元",
        "1" * 20 + "元",  # too long for the default precision: read the careful way
        "12\u200b元",
        "报价：12",
        "12%",
    ],
)
@pytest.mark.parametrize("default_unit", [None, Decimal(1), Decimal(10000)])
def test_the_one_match_shapes_read_what_the_figure_scan_reads(
    text: str, default_unit: Decimal | None
) -> None:
    assert repr(parse_amount(text, default_unit)) == repr(_scanned_amount(text, default_unit))


@given(
    st.text(
        alphabet=st.sampled_from(list("0123456789.,万亿元千（）()：: 　\u200b．０٣-报价人民币")),
        min_size=1,
        max_size=16,
    ),
    st.sampled_from([None, Decimal(1), Decimal(10000)]),
)
def test_any_text_reads_the_same_with_or_without_the_one_match_shapes(
    text: str, default_unit: Decimal | None
) -> None:
    assert repr(parse_amount(text, default_unit)) == repr(_scanned_amount(text, default_unit))

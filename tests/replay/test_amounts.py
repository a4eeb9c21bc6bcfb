"""Amount formatting: every format must convert back to the exact yuan value."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from replay import amounts


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("8200", "捌仟贰佰元整"),
        ("16369", "壹万陆仟叁佰陆拾玖元整"),
        ("1000000", "壹佰万元整"),
        ("10010", "壹万零壹拾元整"),
        ("100010000", "壹亿零壹万元整"),
        ("2345000", "贰佰叁拾肆万伍仟元整"),
        ("1854610.05", "壹佰捌拾伍万肆仟陆佰壹拾元零伍分"),
        ("0.5", "伍角"),
        ("101.20", "壹佰零壹元贰角"),
    ],
)
def test_capital(value: str, expected: str) -> None:
    assert amounts.capital(Decimal(value)) == expected


def test_ccgp_summary_and_short_wan() -> None:
    assert amounts.wan6(Decimal("569800.00")) == "56.980000"
    assert amounts.wan_short(Decimal("28378613.89")) == "2837.861389"
    assert amounts.wan_short(Decimal("27670000")) == "2767"
    assert amounts.yuan_plain(Decimal("12461000")) == "12461000"
    assert amounts.comma(Decimal("3500000")) == "3,500,000.00"
    assert amounts.yi(Decimal("120000000")) == "1.2"


_DIGITS = {c: i for i, c in enumerate("零壹贰叁肆伍陆柒捌玖")}
_UNITS = {"拾": 10, "佰": 100, "仟": 1000}


def _read_capital(text: str) -> Decimal:
    """A small independent reader of financial capitals, to check the writer round-trips."""
    total = Decimal(0)
    section = 0
    digit = 0
    body, _, fraction = text.replace("整", "").partition("元")
    if "元" not in text:
        body, fraction = "", text
    for char in body:
        if char in _DIGITS:
            digit = _DIGITS[char]
        elif char in _UNITS:
            section += digit * _UNITS[char]
            digit = 0
        elif char == "万":
            total += (section + digit) * 10_000
            section = digit = 0
        elif char == "亿":
            total = (total + section + digit) * 100_000_000
            section = digit = 0
    total += section + digit
    digit = 0
    for char in fraction:
        if char in _DIGITS:
            digit = _DIGITS[char]
        elif char == "角":
            total += Decimal(digit) / 10
        elif char == "分":
            total += Decimal(digit) / 100
    return total


@given(st.integers(min_value=1, max_value=99_999_999_999))
def test_capital_round_trips(fen: int) -> None:
    value = Decimal(fen) / 100
    assert _read_capital(amounts.capital(value)) == value


@given(st.integers(min_value=0, max_value=10**13))
def test_wan6_is_exact(fen: int) -> None:
    value = Decimal(fen) / 100
    assert Decimal(amounts.wan6(value)) * 10000 == value

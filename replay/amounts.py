"""Amounts written the ways the portals write them (docs/domain.md §2, docs/portals.md §1.4).

All arithmetic is Decimal: a page's amount must convert back to the truth exactly.
"""

from __future__ import annotations

from decimal import Decimal

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ((3, "仟"), (2, "佰"), (1, "拾"), (0, ""))
_BIG_UNITS = ("", "万", "亿", "万亿")
TEN_THOUSAND = Decimal(10000)


def yuan2(value: Decimal) -> str:
    """`569800.00`: yuan with two decimals."""
    return f"{value:.2f}"


def yuan_plain(value: Decimal) -> str:
    """`12461000` or `6687920.5`: yuan without padding (the template's numeric boxes)."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def comma(value: Decimal) -> str:
    """`3,500,000.00`."""
    return f"{value:,.2f}"


def wan6(value: Decimal) -> str:
    """`56.980000`: 万元 with six decimals, as the ccgp 公告概要 prints totals (exact to the fen)."""
    return f"{value / TEN_THOUSAND:.6f}"


def wan_short(value: Decimal) -> str:
    """`2837.861389` or `2767`: 万元 without trailing zeros."""
    return yuan_plain(value / TEN_THOUSAND)


def yi(value: Decimal) -> str:
    """`1.2`: 亿元 without trailing zeros (only used for round amounts)."""
    return yuan_plain(value / Decimal(100_000_000))


def capital(value: Decimal) -> str:
    """Financial upper-case Chinese: 8200 → 捌仟贰佰元整, 10010.5 → 壹万零壹拾元伍角."""
    if value < 0:
        raise ValueError(f"negative amount {value}")
    fen_total = int((value * 100).to_integral_value())
    whole, fen = divmod(fen_total, 100)
    text = _integer_capital(whole) + "元" if whole else ""
    jiao, fen = divmod(fen, 10)
    if not jiao and not fen:
        return (text or "零元") + "整"
    if jiao:
        text += _DIGITS[jiao] + "角"
    elif text:
        text += "零"
    if fen:
        text += _DIGITS[fen] + "分"
    return text


def _integer_capital(number: int) -> str:
    groups: list[int] = []
    while number:
        number, group = divmod(number, 10000)
        groups.append(group)
    out = ""
    gap = False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            gap = bool(out)
            continue
        if out and (gap or group < 1000):
            out += "零"
        out += _group_capital(group) + _BIG_UNITS[index]
        gap = False
    return out


def _group_capital(group: int) -> str:
    out = ""
    pending_zero = False
    for power, unit in _SMALL_UNITS:
        digit = group // 10**power % 10
        if digit == 0:
            pending_zero = bool(out)
            continue
        if pending_zero:
            out += "零"
        out += _DIGITS[digit] + unit
        pending_zero = False
    return out

"""Money amounts in yuan, exactly (docs/domain.md §2): Decimal arithmetic, never floats.

Formats met on the portals (docs/portals.md §1.4): `569800.00(元)`, `￥56.980000 万元（人民币）`,
`2837.861389万元`, `预算总金额（元）：12461000` (the unit sits in the label), `1.2亿元`, thousands
separators, Chinese capitals (`人民币壹万陆仟叁佰陆拾玖元整`, `伍拾万元`). A rate (`下浮率 5%`, `费率`,
`折扣率`), a reference (`详见附件`), a dash or nothing is *undisclosed*: None, never 0.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation, getcontext, localcontext

from crawler.parse.text import to_halfwidth

_UNITS: dict[str, Decimal] = {
    "亿元": Decimal(100_000_000),
    "亿": Decimal(100_000_000),
    "千万元": Decimal(10_000_000),
    "千万": Decimal(10_000_000),
    "百万元": Decimal(1_000_000),
    "百万": Decimal(1_000_000),
    "万元": Decimal(10_000),
    "万": Decimal(10_000),
    "千元": Decimal(1_000),
    "元": Decimal(1),
    "圆": Decimal(1),
}
_UNIT_ALT = "|".join(sorted(_UNITS, key=len, reverse=True))

# A figure: thousands-separated or plain digits, optional decimals, not part of a longer figure.
# The test for what precedes a figure sits after its first digit, not before it, so that the regex
# starts with a digit the engine can skip to (the two characters before that point are "[\d.]\d"
# only when the one before the figure is a digit or a dot).
_NUMBER = re.compile(r"(\d(?<![\d.]\d)(?:\d{0,2}(?:,\d{3})+|\d*))(\.\d+)?(?![\d])")
# What may follow a figure: an optional bracket, then a money unit, or a non-money unit / percent.
_AFTER_UNIT = re.compile(rf"\s*\(?\s*({_UNIT_ALT})")
_AFTER_NOT_MONEY = re.compile(
    r"\s*(%|‰|年|月|日|天|个|台|套|项|号|包|人|次|批|周|小时|分钟|岁|米|吨|公里|平方)"
)
# A unit stated in the label: `（元）`, `(万元)`, `单位：万元`.
_LABEL_UNIT = re.compile(rf"(?:\(|单位\s*:?\s*)\s*({_UNIT_ALT})\s*\)?")
# What may surround a bare figure that carries no unit of its own.
_BARE_FRAME = re.compile(r"[\s()\[\]:,;。.人民币整小写大写RMBCNY¥￥$-]*")
# A figure that is part of a time of day (`17:52`, `09:30:00`): a digit and colon before, or after.
_CLOCK_BEFORE = re.compile(r"\d:$")
_CLOCK_AFTER = re.compile(r":\d")
_CURRENCY_BEFORE = re.compile(r"(?:¥|￥|\$|人民币|RMB|CNY)\s*$")

_RATE_WORDS = ("下浮率", "上浮率", "费率", "折扣率", "优惠率", "让利率", "折扣", "百分比")
# Any of the rate words or a percent sign: one scan instead of one substring test per word.
_RATE = re.compile("|".join(map(re.escape, ("%", "‰", *_RATE_WORDS))))

_CN_DIGITS = {
    "零": 0, "〇": 0, "壹": 1, "一": 1, "贰": 2, "貳": 2, "二": 2, "两": 2, "叁": 3, "參": 3, "三": 3,
    "肆": 4, "四": 4, "伍": 5, "五": 5, "陆": 6, "陸": 6, "六": 6, "柒": 7, "七": 7, "捌": 8, "八": 8,
    "玖": 9, "九": 9,
}  # fmt: skip
_CN_SMALL_UNITS = {"拾": 10, "十": 10, "佰": 100, "百": 100, "仟": 1000, "千": 1000}
_CN_CHARS = "".join(_CN_DIGITS) + "".join(_CN_SMALL_UNITS) + "万萬亿億"
_CN_AMOUNT = re.compile(
    rf"([{_CN_CHARS}]+)[元圆](?:([{''.join(_CN_DIGITS)}])角)?(?:([{''.join(_CN_DIGITS)}])分)?"
)


def tidy(value: Decimal) -> Decimal:
    """The same amount without float-like noise: whole yuan as an integer Decimal (569800, not
    569800.000000), fractions with trailing zeros dropped."""
    # to_integral_value and == are exact whatever the context precision: only normalize() needs it.
    whole = value.to_integral_value()
    if value == whole:
        return whole
    with localcontext() as ctx:
        # normalize() rounds to the context precision (28 digits): give it every digit, so no
        # figure, however long, is ever rounded.
        ctx.prec = max(ctx.prec, len(value.as_tuple().digits))
        return value.normalize()


def unit_from_label(label: str | None) -> Decimal | None:
    """The multiplier a label states for its value: `预算金额（万元）` → 10000, `（元）` → 1, else None."""
    if not label:
        return None
    return _half_label_unit(to_halfwidth(label))


def _half_label_unit(half: str) -> Decimal | None:
    match = _LABEL_UNIT.search(half)
    return _UNITS[match.group(1)] if match else None


def is_rate(text: str | None) -> bool:
    """Whether the text states a rate (下浮率/费率/折扣率, or a percentage) rather than money."""
    if not text:
        return False
    return _half_is_rate(to_halfwidth(text))


def _half_is_rate(half: str) -> bool:
    return _RATE.search(half) is not None


def chinese_numeral(text: str) -> int | None:
    """An integer written in Chinese numerals, capitals or ordinary (`壹万陆仟叁佰陆拾玖` → 16369,
    `伍拾万` → 500000, `壹亿贰仟万` → 120000000); None when the text holds no digit."""
    if not any(ch in _CN_DIGITS or ch in "拾十" for ch in text):
        return None
    total = section = number = 0
    for ch in text:
        if ch in _CN_DIGITS:
            number = _CN_DIGITS[ch]
        elif ch in _CN_SMALL_UNITS:
            section += (number or 1) * _CN_SMALL_UNITS[ch]
            number = 0
        elif ch in "万萬":
            total += (section + number) * 10_000
            section = number = 0
        elif ch in "亿億":
            total = (total + section + number) * 100_000_000
            section = number = 0
        else:
            return None
    return total + section + number


def _parse_chinese_amount(text: str) -> Decimal | None:
    match = _CN_AMOUNT.search(text)
    if not match:
        return None
    whole = chinese_numeral(match.group(1))
    if whole is None:
        return None
    value = Decimal(whole)
    if match.group(2):
        value += Decimal(_CN_DIGITS[match.group(2)]) / 10
    if match.group(3):
        value += Decimal(_CN_DIGITS[match.group(3)]) / 100
    return tidy(value)


# The shapes most amounts take, read in one match where parse_amount's scan takes three to eight
# regex calls (a template cell `23770000`, a contract cell `22012200.00元 人民币`, a price
# `总价形式报价:7233380.00(元)`). Each match implies what the scan would find; see _simple_amount.
_PLAIN_FIGURE = re.compile(r"\s*([0-9]+)(\.[0-9]+)?\s*\Z")
_FIGURE_THEN_UNIT = re.compile(rf"(\D*)([0-9]+)(\.[0-9]+)?\s*\(?\s*({_UNIT_ALT})")


def _simple_amount(text: str, default_unit: Decimal | None) -> Decimal | None:
    """parse_amount(text, default_unit) for a text of one of the shapes above, else None (which
    leaves the text to the scan). Such a text's first figure is its first run of digits: no digit
    of any script (\\D, as _NUMBER's \\d reads them; full-width digits are among them) comes
    before it, nor a dot or a full-width dot (a figure may not follow one), and the ASCII digits and
    dot it is written in are the same once made half-width. A unit after it decides; a figure
    alone, with nothing around it but blanks, is a bare figure: in `default_unit`, else in yuan."""
    plain = _PLAIN_FIGURE.match(text)
    if plain:
        digits = plain.group(1) + (plain.group(2) or "")
        unit = default_unit if default_unit is not None else Decimal(1)
    else:
        with_unit = _FIGURE_THEN_UNIT.match(text)
        if with_unit is None or with_unit.group(1).endswith((".", "．")):
            return None
        digits = with_unit.group(2) + (with_unit.group(3) or "")
        unit = _UNITS[with_unit.group(4)]
    # parse_amount's own precision rule: longer figures are left to it.
    if len(digits) + 12 > getcontext().prec:
        return None
    return tidy(Decimal(digits) * unit)


def parse_amount(text: str | None, default_unit: Decimal | None = None) -> Decimal | None:
    """The amount of money a text states, in yuan, or None when it is undisclosed.

    The first figure that is money wins: one followed by a unit (元/万元/亿元, also bracketed as
    `(元)`), one after a currency sign, or one whose label states the unit (`（元）：12461000`). A bare
    figure is read in `default_unit` when given, else in yuan when nothing but punctuation surrounds
    it. Percentages and rate wording make a unit-less figure undisclosed. Chinese numerals followed
    by 元 are the fallback (capitals usually repeat a figure printed beside them)."""
    if not text:
        return None
    simple = _simple_amount(text, default_unit)
    if simple is not None:
        return simple
    return _scanned_amount(text, default_unit)


def _scanned_amount(text: str, default_unit: Decimal | None) -> Decimal | None:
    """parse_amount for a non-empty text, by scanning its figures in order."""
    half = to_halfwidth(text).replace("￥", "¥")
    if not half.strip():
        return None
    # Whether the text states a rate, read when first needed: a figure with its unit needs no test.
    rate: bool | None = None
    for match in _NUMBER.finditer(half):
        start, end = match.span()
        after_unit = _AFTER_UNIT.match(half, end)
        if after_unit:
            unit = _UNITS[after_unit.group(1)]
        else:
            if _AFTER_NOT_MONEY.match(half, end):
                continue
            if rate is None:
                rate = _half_is_rate(half)
            if rate or _is_clock_time(half, start, end):
                continue
            before = half[:start]
            line = before[before.rfind("\n") + 1 :]
            label_unit = _half_label_unit(line) if line else None
            if label_unit is not None:
                unit = label_unit
            elif default_unit is not None:
                unit = default_unit
            elif _CURRENCY_BEFORE.search(before) or _is_bare(half, start, end):
                unit = Decimal(1)
            else:
                continue
        digits = match.group(1).replace(",", "") + (match.group(2) or "")
        try:
            figure = Decimal(digits)
        except InvalidOperation:
            continue
        # Exact: the default 28-digit precision would round a long figure times 万/亿. The
        # figure's text length bounds its digits, so short figures skip the context switch.
        if len(digits) + 12 <= getcontext().prec:
            return tidy(figure * unit)
        with localcontext() as ctx:
            ctx.prec = max(ctx.prec, len(figure.as_tuple().digits) + 12)
            return tidy(figure * unit)
    if rate is None:
        rate = _half_is_rate(half)
    return None if rate else _parse_chinese_amount(half)


def _is_clock_time(text: str, start: int, end: int) -> bool:
    """Whether the figure is part of a time of day (`17:52`, `09:30:00`)."""
    return bool(
        _CLOCK_BEFORE.search(text, max(0, start - 2), start) or _CLOCK_AFTER.match(text, end, end + 2)
    )


def _is_bare(text: str, start: int, end: int) -> bool:
    """Whether the figure stands alone: nothing but a label ending in a colon before it and
    punctuation/currency words around it."""
    before = text[:start]
    colon = max(before.rfind(":"), before.rfind("："))
    before = before[colon + 1 :]
    return bool(_BARE_FRAME.fullmatch(before) and _BARE_FRAME.fullmatch(text[end:]))


def parse_labelled_amount(label: str | None, value: str | None) -> Decimal | None:
    """parse_amount for a value whose unit may be stated only in its label (`预算金额（万元）` | `120`)."""
    return parse_amount(value, default_unit=unit_from_label(label))


def disclosed(amount: Decimal | None) -> Decimal | None:
    """An award, contract or budget amount as the tracker counts it: a printed 0 is a blank template
    field, not a purchase for nothing (the ggzy contract page prints `合同金额 0元` beside an empty
    `合同期限 年`), so it is undisclosed like a missing amount (docs/domain.md §2: never 0)."""
    if amount is None or amount <= 0:
        return None
    return amount

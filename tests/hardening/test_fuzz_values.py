"""Fuzzing the field parsers (issue 7, bad input): amounts, dates and regions on arbitrary text.

These parsers read text that any portal page (or a hostile one) may hold, so for every input they
return a value or None and never raise. On structured input they keep their documented properties:
an amount is exact and never negative, `X万元` is 10000 × `X元`, capitals written out by the test
read back as the number they spell, a date printed in any portal format reads back as that date, a
GB/T 2260 code or a province name resolves to its province.

Budgets: every test is bounded by `max_examples`, so the file runs in a few seconds (no per-example
deadline: a wall-clock limit inside a test fails on a busy machine; parsing speed is measured in bench/).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal, localcontext

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from crawler.parse.amounts import chinese_numeral, is_rate, parse_amount, parse_labelled_amount
from crawler.parse.dates import SHANGHAI, parse_date
from crawler.parse.regions import PROVINCES, region_from_code, region_of, resolve_region

# No per-example deadline: a wall-clock limit fails on a busy machine (issue 17); speed is bench/'s.
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text that looks like what portals print around money and dates: digits (half- and full-width),
# units, capitals, currency signs, rate words, separators — and anything else.
MONEY_ALPHABET = (
    "0123456789０１２３４５６７８９.,，。:：()（）[]-— \n\t%‰¥￥$"
    "元圆万亿千百十拾佰仟角分整零壹贰叁肆伍陆柒捌玖一二两三四五六七八九〇萬億"
    "人民币RMBCNY下浮率费折扣优惠预算金额中标成交单位年月日号时台套包详见附件"
)
money_text = st.text(alphabet=MONEY_ALPHABET, max_size=60)
any_text = st.text(max_size=80)
figures = st.from_regex(r"\A(0|[1-9]\d{0,17})(\.\d{1,6})?\Z", fullmatch=True)


def _is_amount(value: object) -> bool:
    return value is None or (isinstance(value, Decimal) and value.is_finite() and value >= 0)


@FAST
@given(st.one_of(money_text, any_text))
@example("1" * 40 + "亿元")  # more digits than Decimal's default 28-digit precision
@example("0." + "3" * 40 + "万元")
def test_parse_amount_never_raises_and_is_none_or_non_negative(text: str) -> None:
    assert _is_amount(parse_amount(text))
    assert _is_amount(parse_labelled_amount("预算金额（万元）", text))
    assert isinstance(is_rate(text), bool)


@FAST
@given(figures)
@example("1" * 18)
def test_an_amount_in_yuan_is_the_exact_figure(figure: str) -> None:
    assert parse_amount(f"{figure}元") == Decimal(figure)
    assert parse_amount(f"中标金额：{figure}元（人民币）") == Decimal(figure)


@FAST
@given(st.from_regex(r"\A[1-9]\d{20,60}(\.\d{1,30})?\Z", fullmatch=True))
def test_long_figures_are_never_rounded(figure: str) -> None:
    """Decimal's default context keeps 28 digits; a figure longer than that must stay exact."""
    assert parse_amount(f"{figure}元") == Decimal(figure)
    with localcontext() as ctx:
        ctx.prec = 200  # the expected value itself must not be rounded
        assert parse_amount(f"{figure}亿元") == Decimal(figure) * 100_000_000


@FAST
@given(figures)
def test_wan_and_yi_multiply_the_yuan_amount_exactly(figure: str) -> None:
    yuan = parse_amount(f"{figure}元")
    assert yuan is not None
    assert parse_amount(f"{figure}万元") == yuan * 10_000
    assert parse_amount(f"{figure}亿元") == yuan * 100_000_000
    assert parse_amount(f"￥{figure}万元（人民币）") == yuan * 10_000
    assert parse_labelled_amount("预算金额（万元）", figure) == yuan * 10_000


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)


@FAST
@given(figures)
def test_full_width_figures_read_like_half_width_ones(figure: str) -> None:
    assert parse_amount(f"{_fullwidth(figure)}万元") == parse_amount(f"{figure}万元")


@FAST
@given(st.integers(min_value=1000, max_value=10**15))
def test_thousands_separators_do_not_change_the_amount(value: int) -> None:
    assert parse_amount(f"{value:,}元") == Decimal(value)
    assert parse_amount(f"{value:,}.50元") == Decimal(value) + Decimal("0.5")


@FAST
@given(
    st.from_regex(r"\A\d{1,3}(\.\d{1,3})?\Z", fullmatch=True),
    st.sampled_from(["下浮率", "费率", "折扣率", "优惠率"]),
)
def test_a_rate_is_undisclosed_never_an_amount(figure: str, word: str) -> None:
    assert parse_amount(f"{word}：{figure}%") is None
    assert parse_amount(f"{word}{figure}") is None
    assert parse_amount(f"{figure}%") is None


# --- Chinese capitals, written out by an independent encoder -------------------------------------------

_CAP_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_CAP_UNITS = ("", "拾", "佰", "仟")


def _four_digits(n: int) -> str:
    """0 < n < 10000 in capitals, zeros inside collapsed to one 零 (壹仟零伍拾)."""
    out, zero = "", False
    for position in range(3, -1, -1):
        digit = n // 10**position % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += _CAP_DIGITS[digit] + _CAP_UNITS[position]
    return out


def capitals(n: int) -> str:
    """0 ≤ n < 10^12 as a cheque writes it: 壹亿贰仟万零伍拾."""
    if n == 0:
        return "零"
    groups = [(n // 10**8, "亿"), (n // 10**4 % 10**4, "万"), (n % 10**4, "")]
    out, pending_zero = "", False
    for value, unit in groups:
        if value == 0:
            pending_zero = bool(out)
            continue
        if out and (pending_zero or value < 1000):
            out += "零"
        out += _four_digits(value) + unit
        pending_zero = False
    return out


def test_the_capitals_encoder_writes_what_cheques_print() -> None:
    assert capitals(16369) == "壹万陆仟叁佰陆拾玖"
    assert capitals(500000) == "伍拾万"
    assert capitals(120000000) == "壹亿贰仟万"
    assert capitals(100000050) == "壹亿零伍拾"
    assert capitals(1005) == "壹仟零伍"


@FAST
@given(st.integers(min_value=0, max_value=10**12 - 1))
@example(10)
@example(100_000_001)
def test_capitals_round_trip(n: int) -> None:
    written = capitals(n)
    assert chinese_numeral(written) == n
    assert parse_amount(f"人民币{written}元整") == n
    assert parse_amount(f"大写：{written}元") == n


@FAST
@given(st.integers(min_value=1, max_value=10**8), st.integers(0, 9), st.integers(0, 9))
def test_capitals_with_jiao_and_fen(n: int, jiao: int, fen: int) -> None:
    text = f"{capitals(n)}元{_CAP_DIGITS[jiao]}角{_CAP_DIGITS[fen]}分"
    assert parse_amount(text) == Decimal(n) + Decimal(jiao) / 10 + Decimal(fen) / 100


# --- dates ------------------------------------------------------------------------------------------------

days = st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31))


@FAST
@given(st.one_of(money_text, any_text, st.integers(), st.floats(), st.none(), st.booleans()))
@example(10**20)
@example(float("nan"))
@example(float("inf"))
@example(-(10**15))
def test_parse_date_never_raises(value: object) -> None:
    result = parse_date(value)
    assert result is None or isinstance(result, date)


@FAST
@given(st.one_of(st.lists(st.integers()), st.dictionaries(st.text(max_size=3), st.integers())))
def test_non_text_json_values_are_no_date(value: object) -> None:
    """A JSON field may hold anything; a list or an object is no date (not a crash)."""
    assert parse_date(value) is None


@FAST
@given(
    days,
    st.sampled_from(
        [
            "{y}-{m:02d}-{d:02d}",
            "{y}年{m:02d}月{d:02d}日",
            "{y}年{m}月{d}日",
            "{y}.{m:02d}.{d:02d}",
            "{y}/{m}/{d}",
        ]
    ),
    st.sampled_from(["", " 17:52", " 09:30:00", "  "]),
    st.text(alphabet="发布时间：公告 ()（）", max_size=8),
)
def test_a_printed_date_reads_back(day: date, pattern: str, clock: str, prefix: str) -> None:
    printed = pattern.format(y=day.year, m=day.month, d=day.day)
    assert parse_date(prefix + printed + clock) == day


@FAST
@given(st.datetimes(min_value=datetime(2001, 9, 10), max_value=datetime(2286, 11, 20)))
def test_epoch_milliseconds_read_as_the_shanghai_day(moment: datetime) -> None:
    aware = moment.replace(tzinfo=SHANGHAI)
    millis = int(aware.timestamp() * 1000)
    assert parse_date(millis) == aware.date()
    if len(str(millis)) == 13:
        assert parse_date(str(millis)) == aware.date()


@FAST
@given(st.integers(1900, 2099), st.integers(13, 99), st.integers(1, 28))
def test_an_impossible_date_is_none(year: int, month: int, day: int) -> None:
    assert parse_date(f"{year}-{month}-{day}") is None
    assert parse_date(f"{year}-02-{30 + day % 2}") is None


def test_epoch_boundaries() -> None:
    one_day = timedelta(days=1)
    assert parse_date(0) == date(1970, 1, 1)
    assert parse_date(1708251407000) == date(2024, 2, 18)
    assert parse_date(-one_day.total_seconds()) == date(1969, 12, 31)


# --- regions ----------------------------------------------------------------------------------------------

provinces = st.sampled_from(sorted(PROVINCES.items()))
REGION_VALUES = frozenset(PROVINCES.values())


@FAST
@given(st.one_of(any_text, money_text, st.integers(), st.none()))
def test_region_of_never_raises_and_names_a_province_or_none(value: str | int | None) -> None:
    assert region_of(value) in REGION_VALUES | {None}
    assert region_from_code(value) in REGION_VALUES | {None}
    assert resolve_region(value, value) in REGION_VALUES | {None}


@FAST
@given(provinces, st.from_regex(r"\A(\d{2}|\d{4})?\Z", fullmatch=True))
def test_a_gb2260_code_resolves_to_its_province(province: tuple[str, str], rest: str) -> None:
    code, name = province
    assert region_from_code(code + rest) == name
    assert region_of(int(code + rest)) == name


@FAST
@given(provinces, st.text(alphabet="医院人民卫生健康委员会第一附属中心采购科技有限公司 ", max_size=20))
def test_a_full_province_name_resolves_wherever_it_stands(province: tuple[str, str], rest: str) -> None:
    _, name = province
    assert region_of(name + rest) == name
    assert region_of(rest + name) == name


@FAST
@given(st.from_regex(r"\A(00|[89]\d|[0-9]?)\d{0,4}\Z", fullmatch=True))
def test_codes_outside_the_table_are_unknown(code: str) -> None:
    if code[:2] not in PROVINCES and code[:2] != "66":
        assert region_from_code(code) is None


# --- report months ----------------------------------------------------------------------------------------

month_text = st.one_of(
    st.text(alphabet="0123456789０１２３４５６７８９-/ 年月\n", max_size=10),
    st.from_regex(r"\A[0-9]{4}-[0-9]{1,2}\Z", fullmatch=True),
    any_text,
)


@FAST
@given(month_text, st.one_of(st.none(), month_text))
@example("２０２５-09", None)  # full-width digits: accepted once, then the month loop never ended
@example("2025-09\n", None)
def test_a_report_period_is_valid_or_refused(month: str, since: str | None) -> None:
    from reports.aggregates import Period, PeriodError

    try:
        period = Period.parse(month, since)
    except PeriodError as exc:
        assert "\n" not in str(exc)
        return
    assert period.since.isascii() and period.month.isascii()
    months = period.months()
    assert months[0] == period.since and months[-1] == period.month
    assert len(months) <= (int(period.month[:4]) - 1900 + 1) * 12

"""Publish dates in Asia/Shanghai from every printed format and from epoch milliseconds."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.parse.dates import date_from_epoch, parse_date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-06-27 17:52", date(2025, 6, 27)),
        ("2025年06月27日 17:52", date(2025, 6, 27)),
        ("2025年06月27日  17:52", date(2025, 6, 27)),
        ("2025.07.08 10:52:59", date(2025, 7, 8)),
        ("2025-06-27", date(2025, 6, 27)),
        ("2025/6/7", date(2025, 6, 7)),
        ("签署时间：2026-03-17 00:32", date(2026, 3, 17)),
        (1708251407000, date(2024, 2, 18)),
        ("1708251407000", date(2024, 2, 18)),
        (1708251407, date(2024, 2, 18)),
    ],
)
def test_dates(value: str | int, expected: date) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", [None, "", "无", "2025-02-30", "年", True])
def test_no_date(value: object) -> None:
    assert parse_date(value) is None  # type: ignore[arg-type]


def test_epoch_is_read_in_shanghai_not_utc() -> None:
    # 2024-02-17 16:00 UTC is already 2024-02-18 00:00 in Shanghai.
    assert date_from_epoch(1708185600000) == date(2024, 2, 18)
    assert date_from_epoch(1708185599000) == date(2024, 2, 17)


@given(st.text(max_size=40))
def test_any_text_gives_a_date_or_none(text: str) -> None:
    assert parse_date(text) is None or isinstance(parse_date(text), date)

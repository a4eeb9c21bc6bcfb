"""Publish dates as the portals print them, read as calendar dates in Asia/Shanghai (docs/domain.md §2).

Formats: `2025-06-27 17:52`, `2025年06月27日 17:52`, `2025.07.08 10:52:59` (ccgp search list),
`YYYY-MM-DD`, `YYYY/MM/DD`, and epoch milliseconds (政采云 `publishDate`, e.g. 1708251407000).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

# China has kept UTC+8 without daylight saving since 1991, so a fixed offset is exact for every
# date the portals publish and needs no tz database at run time.
SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")

# The year is not preceded by a digit. The test sits after its first two digits, not before them,
# so that the regex starts with a literal digit the engine can skip to (the three characters before
# that point are a digit only when the one before the year is).
_DATE = re.compile(r"((?:19|20)(?<!\d\d\d)\d{2})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})(?!\d)")
_EPOCH = re.compile(r"\d{10}(?:\d{3})?")


def date_from_epoch(value: int | float) -> date | None:
    """The Shanghai calendar date of an epoch timestamp in milliseconds (or seconds, if < 10^11);
    None for a timestamp no calendar holds (NaN, infinity, beyond year 9999 or before year 1)."""
    seconds = value / 1000 if value >= 100_000_000_000 else value
    try:
        return datetime.fromtimestamp(seconds, tz=SHANGHAI).date()
    except (OverflowError, OSError, ValueError):
        return None


def parse_date(value: object) -> date | None:
    """The first calendar date in the value, or None when it holds none (or an impossible one).

    JSON responses are hostile input: a field may hold any JSON type, so anything that is not a
    string or a number is simply no date."""
    if value is None or isinstance(value, bool):
        return None
    # A tuple, not `int | float`: the union would be built on every call.
    if isinstance(value, (int, float)):
        return date_from_epoch(value)
    if not isinstance(value, str):
        return None
    text = value.strip()
    # isdecimal is what \d matches: a cheap test before the regex, for the many texts with a date.
    if text.isdecimal() and _EPOCH.fullmatch(text):
        return date_from_epoch(int(text))
    match = _DATE.search(text)
    if not match:
        return None
    year, month, day = match.groups()
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None

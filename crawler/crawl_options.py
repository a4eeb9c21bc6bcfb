"""Scrapy settings given on the command line (`tenders crawl -s NAME=VALUE`), checked before a crawl starts.

Scrapy takes any name and any string, so a typo is silently ignored and a politeness setting can be undone
by accident. Here a name must be a known setting, the tool's own wiring (database, replay site) has its own
options, and on the real portals politeness may only be tightened: delays raised, concurrency lowered.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from scrapy.settings import default_settings

from crawler import settings as project

# Set through their own options (--db, --replay); a URL with a password does not belong on a command line.
OWN_OPTIONS = {"TENDERS_DATABASE_URL": "--db", "TENDERS_REPLAY_URL": "--replay"}

# What the portals get from us whatever the operator wants (docs/portals.md: identify, obey robots.txt, throttle).
FIXED_WHEN_POLITE = ("ROBOTSTXT_OBEY", "AUTOTHROTTLE_ENABLED", "USER_AGENT")
# Politeness that may move in one direction only on the real portals.
RAISE_ONLY = (
    "DOWNLOAD_DELAY",
    "AUTOTHROTTLE_START_DELAY",
    "AUTOTHROTTLE_MAX_DELAY",
    "TENDERS_BLOCK_BACKOFF",
    "TENDERS_RETRY_AFTER_MAX",
)
LOWER_ONLY = (
    "CONCURRENT_REQUESTS",
    "CONCURRENT_REQUESTS_PER_DOMAIN",
    "CONCURRENT_REQUESTS_PER_IP",
    "AUTOTHROTTLE_TARGET_CONCURRENCY",
)


class SettingError(ValueError):
    """A `-s NAME=VALUE` that cannot be used; the message names it."""


def known_settings() -> dict[str, Any]:
    """Every setting name Scrapy or the project defines, with its default value."""
    names = {k: getattr(default_settings, k) for k in dir(default_settings) if k.isupper()}
    names.update({k: getattr(project, k) for k in dir(project) if k.isupper()})
    return names


def parse_setting_pairs(pairs: Iterable[str], *, polite: bool) -> dict[str, str]:
    """`["NAME=VALUE", ...]` → {NAME: VALUE}; raises SettingError naming the first bad pair."""
    defaults = known_settings()
    chosen: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip()
        if not sep or not name:
            raise SettingError(f"-s {pair!r}: expected NAME=VALUE, e.g. -s LOG_LEVEL=INFO")
        if name in OWN_OPTIONS:
            raise SettingError(f"-s {name}: use the {OWN_OPTIONS[name]} option instead")
        if name not in defaults:
            close = difflib.get_close_matches(name, list(defaults), n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise SettingError(f"-s {name}: not a Scrapy or tenders setting{hint}")
        if polite:
            check_politeness(name, value, defaults[name])
        chosen[name] = value.strip()
    return chosen


def check_politeness(name: str, value: str, default: Any) -> None:
    """Raise unless the value keeps the real portals' crawl at least as polite as the default."""
    if name in FIXED_WHEN_POLITE:
        raise SettingError(f"-s {name}: fixed for the real portals (politeness); allowed only with --replay")
    if name not in RAISE_ONLY and name not in LOWER_ONLY:
        return
    try:
        number = float(value)
    except ValueError:
        raise SettingError(f"-s {name}={value}: a number expected") from None
    if name in RAISE_ONLY and number < float(default):
        raise SettingError(
            f"-s {name}={value}: may only be raised above {default} on the real portals (politeness)"
        )
    if name in LOWER_ONLY and (number > float(default) or number <= 0):
        raise SettingError(
            f"-s {name}={value}: may only be lowered (1 … {default}) on the real portals (politeness)"
        )

"""The scheduler's configuration file (TOML), with documented defaults and errors that name the key.

Example `tenders.toml`:

    timezone = "Asia/Shanghai"
    sources = ["ccgp", "ggzy", "zcy"]
    crawl_time = "02:30"          # every night
    report_day = 1                # day of month for the previous month's report
    report_time = "06:00"
    reports_dir = "reports-out"
    report_formats = ["md", "html", "csv", "xlsx", "json"]
    scrapyd_urls = []             # e.g. ["http://crawler-1:6800"]: dispatch crawls to Scrapyd instead
    replay_url = ""               # crawl a replay site instead of the portals (tests, demos)
    crawl_from = ""               # fixed window (YYYY-MM-DD) for backfills and replays;
    crawl_until = ""              # empty = incremental, since each source's last finished run
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from domain.vocabulary import SOURCES

REPORT_FORMATS = ("md", "html", "csv", "xlsx", "json")
CONFIG_ENV = "TENDERS_CONFIG"


class ConfigError(ValueError):
    """A configuration value the scheduler cannot use; the message names the file and key."""


@dataclass(frozen=True)
class ScheduleConfig:
    timezone: str = "Asia/Shanghai"
    sources: tuple[str, ...] = SOURCES
    crawl_time: str = "02:30"
    report_day: int = 1
    report_time: str = "06:00"
    reports_dir: str = "reports-out"
    report_formats: tuple[str, ...] = REPORT_FORMATS
    scrapyd_urls: tuple[str, ...] = ()
    replay_url: str = ""
    crawl_from: str = ""
    crawl_until: str = ""
    source_file: str | None = field(default=None, compare=False)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def default_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "tenders" / "config.toml"


def load_config(path: str | Path | None = None) -> ScheduleConfig:
    """Read the config file (explicit path, else $TENDERS_CONFIG, else ~/.config/tenders/config.toml if present)."""
    chosen = (
        Path(path) if path else Path(os.environ[CONFIG_ENV]) if os.environ.get(CONFIG_ENV) else default_path()
    )
    if not chosen.exists():
        if path or os.environ.get(CONFIG_ENV):
            raise ConfigError(f"config file {chosen} does not exist")
        return ScheduleConfig()
    try:
        raw = tomllib.loads(chosen.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{chosen}: not valid TOML: {exc}") from exc
    return parse_config(raw, origin=str(chosen))


def parse_config(raw: dict[str, Any], *, origin: str = "config") -> ScheduleConfig:
    """Validate a config mapping; unknown keys are errors so that typos do not pass silently."""
    known = {f.name for f in fields(ScheduleConfig)} - {"source_file"}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise ConfigError(f"{origin}: unknown key(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    values: dict[str, Any] = dict(raw)
    for key in ("sources", "report_formats", "scrapyd_urls"):
        if key in values:
            if not isinstance(values[key], list) or not all(isinstance(v, str) for v in values[key]):
                raise ConfigError(f"{origin}: {key} must be a list of strings")
            values[key] = tuple(values[key])
    config = ScheduleConfig(**values, source_file=origin)
    _validate(config, origin)
    return config


def _validate(config: ScheduleConfig, origin: str) -> None:
    try:
        ZoneInfo(config.timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(f"{origin}: timezone {config.timezone!r} is not a known time zone") from exc
    for key in ("crawl_time", "report_time"):
        value = getattr(config, key)
        if not isinstance(value, str) or not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value):
            raise ConfigError(f"{origin}: {key} must be HH:MM (24-hour), got {value!r}")
    bad_sources = [s for s in config.sources if s not in SOURCES]
    if bad_sources:
        raise ConfigError(
            f"{origin}: sources has unknown {', '.join(bad_sources)}; known: {', '.join(SOURCES)}"
        )
    bad_formats = [f for f in config.report_formats if f not in REPORT_FORMATS]
    if bad_formats:
        raise ConfigError(f"{origin}: report_formats has unknown {', '.join(bad_formats)}")
    if not isinstance(config.report_day, int) or not 1 <= config.report_day <= 28:
        raise ConfigError(
            f"{origin}: report_day must be a whole number from 1 to 28, got {config.report_day!r}"
        )
    for key in ("crawl_from", "crawl_until"):
        value = getattr(config, key)
        if value and not _is_iso_date(value):
            raise ConfigError(f"{origin}: {key} must be a date YYYY-MM-DD, got {value!r}")
    for url in config.scrapyd_urls:
        if not re.match(r"https?://", url):
            raise ConfigError(f"{origin}: scrapyd_urls entry {url!r} must start with http:// or https://")


def _is_iso_date(value: object) -> bool:
    try:
        date.fromisoformat(str(value))
    except ValueError:
        return False
    return isinstance(value, str)


def crawl_window_args(config: ScheduleConfig) -> dict[str, str]:
    """The fixed window as spider arguments (from_date/until_date); empty for an incremental crawl."""
    window = {"from_date": config.crawl_from, "until_date": config.crawl_until}
    return {key: value for key, value in window.items() if value}


def hour_minute(value: str) -> tuple[int, int]:
    hour, minute = value.split(":")
    return int(hour), int(minute)

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
    # Alerts after each nightly crawl (docs/reports.md "Alerts"); an empty value switches a channel off.
    alert_atom_file = ""          # e.g. "/var/www/tenders/awards.xml"
    alert_webhook_url = ""        # JSON POST, e.g. "https://hooks.example.org/tenders"
    alert_smtp_host = ""          # e-mail: host, port, from, to (+ user, password from an env var)
    alert_smtp_port = 25
    alert_smtp_from = ""
    alert_smtp_to = []
    alert_smtp_user = ""
    alert_smtp_password_env = ""  # name of the environment variable holding the SMTP password
    alert_smtp_starttls = false
    alerts_since = ""             # YYYY-MM-DD: announce awards from this date; empty = from now on
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

from alerts.config import AlertConfig, SmtpSettings
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
    alert_atom_file: str = ""
    alert_webhook_url: str = ""
    alert_smtp_host: str = ""
    alert_smtp_port: int = 25
    alert_smtp_from: str = ""
    alert_smtp_to: tuple[str, ...] = ()
    alert_smtp_user: str = ""
    alert_smtp_password_env: str = ""
    alert_smtp_starttls: bool = False
    alerts_since: str = ""
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
    for key in ("sources", "report_formats", "scrapyd_urls", "alert_smtp_to"):
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
    for key in ("crawl_from", "crawl_until", "alerts_since"):
        value = getattr(config, key)
        if value and not _is_iso_date(value):
            raise ConfigError(f"{origin}: {key} must be a date YYYY-MM-DD, got {value!r}")
    _validate_alerts(config, origin)
    for url in config.scrapyd_urls:
        if not re.match(r"https?://", url):
            raise ConfigError(f"{origin}: scrapyd_urls entry {url!r} must start with http:// or https://")


def _validate_alerts(config: ScheduleConfig, origin: str) -> None:
    if config.alert_webhook_url and not re.match(r"https?://", config.alert_webhook_url):
        raise ConfigError(f"{origin}: alert_webhook_url must start with http:// or https://")
    if not isinstance(config.alert_smtp_port, int) or not 0 < config.alert_smtp_port < 65536:
        raise ConfigError(f"{origin}: alert_smtp_port must be a port number, got {config.alert_smtp_port!r}")
    if not isinstance(config.alert_smtp_starttls, bool):
        raise ConfigError(f"{origin}: alert_smtp_starttls must be true or false")
    if config.alert_smtp_host and not (config.alert_smtp_from and config.alert_smtp_to):
        raise ConfigError(f"{origin}: alert_smtp_host needs alert_smtp_from and alert_smtp_to")
    password = config.alert_smtp_password_env
    if password and not os.environ.get(password):
        raise ConfigError(f"{origin}: alert_smtp_password_env names {password}, which is not set")


def alert_config(config: ScheduleConfig) -> AlertConfig:
    """The alert channels this configuration switches on."""
    smtp = None
    if config.alert_smtp_host:
        password = (
            os.environ.get(config.alert_smtp_password_env, "") if config.alert_smtp_password_env else ""
        )
        smtp = SmtpSettings(
            host=config.alert_smtp_host,
            port=config.alert_smtp_port,
            sender=config.alert_smtp_from,
            recipients=config.alert_smtp_to,
            user=config.alert_smtp_user,
            password=password,
            starttls=config.alert_smtp_starttls,
        )
    return AlertConfig(
        atom_file=config.alert_atom_file,
        webhook_url=config.alert_webhook_url,
        smtp=smtp,
        since=config.alerts_since,
    )


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

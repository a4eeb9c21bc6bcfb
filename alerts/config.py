"""What the alerts are configured to do: the channels a user switched on in the scheduler's config."""

from __future__ import annotations

from dataclasses import dataclass

CHANNELS = ("atom", "webhook", "email")


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 25
    sender: str = ""
    recipients: tuple[str, ...] = ()
    user: str = ""
    password: str = ""  # read from the environment variable the config names, never stored in it
    starttls: bool = False


@dataclass(frozen=True)
class AlertConfig:
    """Channels on (an empty value = off) and, optionally, the first award date worth announcing.

    Without `since`, switching a channel on records the awards that already exist as a baseline and
    announces only those that come after; with it, every award from that date is announced once.
    """

    atom_file: str = ""
    webhook_url: str = ""
    smtp: SmtpSettings | None = None
    since: str = ""  # YYYY-MM-DD
    feed_title: str = "医疗大模型中标项目"
    feed_entries: int = 200
    timeout_s: float = 20.0

    def channels(self) -> list[str]:
        on = {"atom": bool(self.atom_file), "webhook": bool(self.webhook_url), "email": self.smtp is not None}
        return [c for c in CHANNELS if on[c]]

"""The parsed-notice record (docs/domain.md §2): one published page, as every parser returns it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from domain.vocabulary import NOTICE_TYPES, SOURCES


@dataclass
class ParsedNotice:
    """One published page, parsed (docs/domain.md §2). Unknown fields stay None, never invented."""

    source: str
    url: str
    title: str
    notice_type: str = "other"
    publish_date: date | None = None
    project_code: str | None = None
    buyer: str | None = None
    agency: str | None = None
    region: str | None = None
    budget_yuan: Decimal | None = None
    award_amount_yuan: Decimal | None = None
    suppliers: list[str] = field(default_factory=list)
    lots: int | None = None
    text: str = ""
    # URLs of other notices of the same procurement that the portal itself links
    # (ggzy project-page tabs, 政采云 announcementLinkDtoList): strong evidence for linking.
    related_urls: list[str] = field(default_factory=list)
    # What the parser could not read although the page should state it (crawler.parse.quality):
    # "unknown_template", "no_body", "award_without_winner", "award_without_amount". Empty: clean.
    parse_quality: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.source not in SOURCES:
            raise ValueError(f"unknown source {self.source!r}; expected one of {', '.join(SOURCES)}")
        if self.notice_type not in NOTICE_TYPES:
            raise ValueError(f"unknown notice_type {self.notice_type!r}")

    def to_json(self) -> dict[str, Any]:
        """docs/domain.md §2 field names with JSON-ready values (dates ISO, amounts as numbers of yuan)."""
        out = asdict(self)
        if not self.parse_quality:
            del out["parse_quality"]  # a clean parse reads as before the flag existed
        out["publish_date"] = self.publish_date.isoformat() if self.publish_date else None
        for key in ("budget_yuan", "award_amount_yuan"):
            out[key] = amount_to_json(out[key])
        return out


def amount_to_json(value: Decimal | None) -> int | float | None:
    """A yuan amount as a JSON number: whole yuan as int; fen as float, whose shortest repr
    reproduces the decimal exactly for amounts below 10^13 yuan."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)

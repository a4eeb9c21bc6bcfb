"""What spiders yield: a parsed notice with its raw page, or a page that failed to parse.

Both are typed dataclasses; the notice fields themselves are `domain.notice.ParsedNotice`
(controlled vocabularies checked in its constructor).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.notice import ParsedNotice


@dataclass
class NoticeItem:
    """One detail page, parsed; `raw` is the page (or API answer) as fetched, kept for re-parsing."""

    notice: ParsedNotice
    raw: bytes
    # The listed rows this notice answers (one per search that listed it), for the expected/fetched tally.
    listed_by: list[str] = field(default_factory=list)


@dataclass
class ParseFailure:
    """A detail page that could not be parsed: recorded with its URL and reason, and counted."""

    source: str
    url: str
    reason: str

"""Item pipelines, one job each: normalise → validate → store.

A notice dropped by validation is recorded as a ParseError with its reason (never dropped silently);
a ParseFailure item (a page that did not parse) is recorded by the store step. Notices are committed in
batches by the run's recorder (crawler/recorder.py), which also stops the run on a database error.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import DropItem
from sqlalchemy.exc import SQLAlchemyError

from crawler.items import NoticeItem, ParseFailure
from crawler.parse.text import clean_text
from crawler.parse.urls import canonical_url
from crawler.recorder import recorder_of
from domain.vocabulary import SOURCES

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class NormalisePipeline:
    """Same notice, same stored values: canonical URLs, single-spaced text, no duplicate names or links."""

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, NoticeItem):
            return item
        notice = item.notice
        notice.url = canonical_url(notice.url)
        notice.title = clean_text(notice.title)
        for name in ("project_code", "buyer", "agency", "region"):
            value = getattr(notice, name)
            if isinstance(value, str):
                setattr(notice, name, clean_text(value) or None)
        notice.suppliers = list(dict.fromkeys(s for s in (clean_text(x) for x in notice.suppliers) if s))
        related = (canonical_url(u) for u in notice.related_urls if u)
        notice.related_urls = [u for u in dict.fromkeys(related) if u != notice.url]
        return item


class ValidatePipeline:
    """Drops a notice that cannot be stored meaningfully, recording the reason as a ParseError."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, NoticeItem):
            return item
        today = getattr(self.crawler.spider, "today", None)
        problem = validation_problem(item, today=today() if today is not None else None)
        if problem is None:
            return item
        recorder = recorder_of(self.crawler)
        if recorder is not None:
            recorder.parse_error(item.notice.source, item.notice.url, f"invalid notice: {problem}")
        raise DropItem(f"invalid notice {item.notice.url}: {problem}")


def validation_problem(item: NoticeItem, today: Any = None) -> str | None:
    """Why a parsed notice is unusable, or None. Unknown optional fields are fine (docs/domain.md §2: never invented)."""
    notice = item.notice
    if notice.source not in SOURCES:
        return f"unknown source {notice.source!r}"
    if not notice.url.startswith(("https://", "http://")):
        return f"URL is not an absolute http(s) URL: {notice.url!r}"
    if not notice.title:
        return "no title"
    if notice.publish_date is None:
        return "no publish date (neither the page nor the list states one)"
    if today is not None and notice.publish_date > today + timedelta(days=1):
        return f"publish date {notice.publish_date} is in the future"
    for name in ("budget_yuan", "award_amount_yuan"):
        amount = getattr(notice, name)
        if amount is not None and amount < 0:
            return f"{name} is negative ({amount})"
    if notice.lots is not None and notice.lots < 1:
        return f"lots must be at least 1, got {notice.lots}"
    if not item.raw:
        return "no raw page"
    return None


class StorePipeline:
    """Hands each notice to the run's recorder, which commits them in batches; records parse failures."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.recorder = recorder_of(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        recorder = self.recorder
        if recorder is None:
            return item  # no database (offline use): items pass through
        try:
            if isinstance(item, ParseFailure):
                recorder.parse_error(item.source, item.url, item.reason)
                logger.warning("parse error %s: %s", item.url, item.reason)
            elif isinstance(item, NoticeItem):
                recorder.store(item)
        except (SQLAlchemyError, OSError) as exc:  # a parse error's row could not be written
            self.crawler.stats.inc_value("tenders/database_error_items")
            recorder.stop_on_database_error(getattr(item, "url", "?"), exc)
        return item

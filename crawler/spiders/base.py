"""What every tenders spider shares, and the base classes named by how a portal is accessed.

* `TendersSpider`: the common arguments (from_date, until_date, sample, keywords), the crawl window,
  detail bookkeeping (known URLs skipped, duplicates across keywords skipped, the sample limit), the
  tally the run record is built from, the detail callback and the errback that records lost pages.
* `PagedHtmlSearchSpider`: a keyword search answering HTML pages with a result count and a pager (ccgp).
* `JsonListApiSpider`: a keyword list API answering JSON pages with totals (ggzy, 政采云).
* `ChannelListingSpider`: static, newest-first channel index pages without keywords (ccgp fallback).

Spiders are configuration plus one small method per page-type detail (how to build a list request, how
to parse a list page, how to parse a detail page); the behaviour lives here (STYLE.md, Crawling).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from importlib import resources
from typing import Any, ClassVar

import scrapy
from scrapy.http import Request, Response, TextResponse
from twisted.python.failure import Failure

from crawler.items import NoticeItem, ParseFailure
from crawler.parse.ccgp import detect_block as block_reason
from crawler.parse.dates import SHANGHAI
from crawler.parse.errors import ListPageError
from crawler.parse.urls import canonical_url
from domain.notice import ParsedNotice

logger = logging.getLogger(__name__)

# Read through importlib.resources: on a Scrapyd node the crawler package runs from a zipped egg.
KEYWORDS_FILE = resources.files("crawler") / "data" / "keywords.txt"


class SpiderArgumentError(ValueError):
    """A spider argument with a bad value; the message starts with the argument's name."""

    def __init__(self, argument: str, message: str) -> None:
        super().__init__(f"{argument}: {message}")
        self.argument = argument


@dataclass(frozen=True)
class CrawlArguments:
    """The arguments every spider takes, checked."""

    from_date: date | None = None
    until_date: date | None = None
    sample: int | None = None
    keywords: tuple[str, ...] = ()


def default_keywords() -> tuple[str, ...]:
    """Keywords from crawler/data/keywords.txt (comments and blank lines skipped)."""
    words = []
    for line in KEYWORDS_FILE.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            words.append(word)
    return tuple(words)


def parse_arguments(
    from_date: str | date | None = None,
    until_date: str | date | None = None,
    sample: str | int | None = None,
    keywords: str | Iterable[str] | None = None,
) -> CrawlArguments:
    """Check the common spider arguments before any request is made; SpiderArgumentError names the bad one."""
    start = _as_date("from_date", from_date)
    end = _as_date("until_date", until_date)
    if start and end and start > end:
        raise SpiderArgumentError("from_date", f"{start} is after until_date {end}")
    return CrawlArguments(start, end, _as_sample(sample), _as_keywords(keywords))


def _as_date(name: str, value: str | date | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise SpiderArgumentError(name, f"{value!r} is not a date (expected YYYY-MM-DD)") from None


def _as_sample(value: str | int | None) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise SpiderArgumentError("sample", f"{value!r} is not a whole number") from None
    if number <= 0:
        raise SpiderArgumentError("sample", f"must be a positive number of details, got {number}")
    return number


def _as_keywords(value: str | Iterable[str] | None) -> tuple[str, ...]:
    if value is None:
        return default_keywords()
    parts = value.split(",") if isinstance(value, str) else list(value)
    words = tuple(dict.fromkeys(p.strip() for p in parts if p.strip()))
    if not words:
        raise SpiderArgumentError("keywords", "no keyword given (comma-separated list expected)")
    return words


def month_windows(start: date, end: date) -> list[tuple[date, date]]:
    """[start, end] cut at calendar-month boundaries: the portals answer narrow windows reliably."""
    windows = []
    cursor = start
    while cursor <= end:
        next_month = (cursor.replace(day=1) + timedelta(days=32)).replace(day=1)
        windows.append((cursor, min(end, next_month - timedelta(days=1))))
        cursor = next_month
    return windows


def split_window(window: tuple[date, date]) -> list[tuple[date, date]]:
    """A window halved (for a search with too many results to page through); one day stays whole."""
    start, end = window
    if start >= end:
        return [window]
    middle = start + (end - start) // 2
    return [(start, middle), (middle + timedelta(days=1), end)]


def china_today() -> date:
    """Today in Asia/Shanghai, where the portals date their notices."""
    return datetime.now(SHANGHAI).date()


@dataclass
class Tally:
    """What the portal listed and what became of it; the run record is computed from it."""

    portal_total: int | None = None  # sum of the portal's own result counts over all searches
    listed_rows: int = 0  # rows on search result pages (a notice found by two keywords counts twice)
    listed: set[str] = field(default_factory=set)  # unique canonical detail URLs listed in the window
    skipped_known: int = 0
    duplicates: int = 0
    details_requested: int = 0
    pages: int = 0
    sample_reached: bool = False
    lost: list[tuple[str, str, str]] = field(default_factory=list)  # (url, "list"|"detail", reason)
    # The listed publication days of lost details: the next incremental run reaches back to them.
    lost_detail_days: list[date] = field(default_factory=list)

    def add_total(self, total: int) -> None:
        self.portal_total = (self.portal_total or 0) + total


class TendersSpider(scrapy.Spider):
    """Common arguments, window and detail bookkeeping of every tenders spider.

    Subclasses declare `portal`, `notice_types`, `caveats` (also in their docstring) and implement
    `first_requests()` and `parse_detail_page()`.
    """

    portal: ClassVar[str] = ""
    notice_types: ClassVar[tuple[str, ...]] = ()
    caveats: ClassVar[tuple[str, ...]] = ()

    def __init__(
        self,
        from_date: str | date | None = None,
        until_date: str | date | None = None,
        sample: str | int | None = None,
        keywords: str | Iterable[str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        args = parse_arguments(from_date, until_date, sample, keywords)
        self.from_date, self.until_date = args.from_date, args.until_date
        self.sample = args.sample
        self.keywords = args.keywords
        self.window: tuple[date, date] | None = None
        self.known_urls: set[str] = set()
        self.requested: set[str] = set()
        self.tally = Tally()

    @property
    def source(self) -> str:
        return self.name

    # -- window -------------------------------------------------------------------------------

    def today(self) -> date:
        settings = getattr(self, "settings", None)
        frozen = settings.get("TENDERS_TODAY") if settings is not None else None
        return date.fromisoformat(str(frozen)) if frozen else china_today()

    def set_window(self, last_until: date | None = None, lost_from: date | None = None) -> tuple[date, date]:
        """The crawl window: the arguments, else from the last finished run's end (or N days back) to today.

        `lost_from` is the earliest listed day of a detail page the last finished run could not fetch: an
        incremental window reaches back to it (at most TENDERS_RETRY_LOST_DAYS before the run's end), so a
        notice lost to a failing page is fetched by the next run; stored notices are not fetched again.
        """
        settings = getattr(self, "settings", None)
        first_days = settings.getint("TENDERS_FIRST_WINDOW_DAYS", 30) if settings is not None else 30
        retry_days = settings.getint("TENDERS_RETRY_LOST_DAYS", 30) if settings is not None else 30
        until = self.until_date or self.today()
        if last_until is not None and lost_from is not None:
            last_until = max(min(last_until, lost_from), last_until - timedelta(days=retry_days))
        start = self.from_date or last_until or until - timedelta(days=first_days)
        self.window = (min(start, until), until)
        return self.window

    def in_window(self, day: date | None) -> bool:
        """Whether a listed date is inside the window (an unknown date is kept: the detail decides)."""
        assert self.window is not None
        return day is None or self.window[0] <= day <= self.window[1]

    def windows(self) -> list[tuple[date, date]]:
        assert self.window is not None
        return month_windows(*self.window)

    # -- start --------------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        if self.window is None:  # run without the recorder (offline tests, `scrapy parse`)
            self.set_window()
        for request in self.first_requests():
            yield request

    def first_requests(self) -> Iterable[Request]:
        raise NotImplementedError

    # -- details ------------------------------------------------------------------------------

    def want_detail(self, url: str) -> bool:
        """Count a listed notice and say whether to fetch it: not when stored, already requested, or past the sample."""
        self.tally.listed.add(url)
        if url in self.known_urls:
            self.tally.skipped_known += 1
            return False
        if url in self.requested:
            self.tally.duplicates += 1
            return False
        if self.sample is not None and self.tally.details_requested >= self.sample:
            self.tally.sample_reached = True
            return False
        self.requested.add(url)
        self.tally.details_requested += 1
        return True

    @property
    def sampling_done(self) -> bool:
        """The sample is full: no further list pages are needed."""
        return self.sample is not None and self.tally.details_requested >= self.sample

    def detail_request(self, url: str, *, notice_url: str | None = None, **listed: Any) -> Request:
        """Fetch a detail; `notice_url` is the notice's canonical URL when it is not the fetched one (an API)."""
        return Request(
            url,
            callback=self.parse_detail,
            errback=self.lost_detail,
            cb_kwargs={"notice_url": notice_url or canonical_url(url), **listed},
        )

    def parse_detail(
        self, response: Response, notice_url: str, **listed: Any
    ) -> Iterator[NoticeItem | ParseFailure | Request]:
        """Detail page → NoticeItem; any failure to parse → ParseFailure (recorded, never dropped).

        A subclass may follow the item with requests (ccgp's follow-up searches)."""
        self.tally.pages += 1
        try:
            notice = self.parse_detail_page(response, notice_url, **listed)
        except Exception as exc:  # PageParseError, or a parser bug on an unforeseen page
            reason = getattr(exc, "reason", None) or f"{type(exc).__name__}: {exc}"
            yield ParseFailure(source=self.source, url=notice_url, reason=str(reason))
            return
        yield NoticeItem(notice=notice, raw=response.body)

    def parse_detail_page(self, response: Response, url: str, **listed: Any) -> ParsedNotice:
        raise NotImplementedError

    # -- failures -----------------------------------------------------------------------------

    def detect_block(self, response: Response) -> str | None:
        """Why this response is a block page (rate-limit text such as 访问过于频繁), else None.

        The phrases are the parse helpers' (crawler.parse.ccgp.detect_block); they also catch a JSON
        API's refusal worded the same way (政采云 answers {"success": false, "error": "访问过于频繁…"}).
        """
        if not isinstance(response, TextResponse):
            return None
        return block_reason(response.text)

    def lost_list(self, failure: Failure) -> None:
        self._lost(failure, "list")

    def lost_detail(self, failure: Failure) -> None:
        self._lost(failure, "detail")

    def _lost(self, failure: Failure, kind: str) -> None:
        request = failure.request  # type: ignore[attr-defined]
        url = request.meta.get("tenders_canonical_url", request.url)
        reason = failure.getErrorMessage() or type(failure.value).__name__
        response = getattr(failure.value, "response", None)
        if response is not None:  # HttpError: the status the portal kept answering
            reason = f"HTTP {response.status}"
        self.tally.lost.append((url, kind, reason[:300]))
        listed = next((v for k, v in request.cb_kwargs.items() if k in ("row", "record")), None)
        day = getattr(listed, "publish_date", None)
        if kind == "detail" and isinstance(day, date):
            self.tally.lost_detail_days.append(day)
        logger.error("lost %s page %s: %s", kind, url, reason)

    def list_error(self, url: str, exc: ListPageError) -> None:
        """A list page whose structure is unknown: recorded as a parse error and as a lost list page."""
        self.tally.lost.append((url, "list", exc.reason))
        logger.error("list page %s: %s", url, exc.reason)

    def list_failure(self, url: str, exc: ListPageError) -> ParseFailure:
        self.list_error(url, exc)
        return ParseFailure(source=self.source, url=url, reason=f"list page: {exc.reason}")


class PagedHtmlSearchSpider(TendersSpider):
    """A keyword search answering HTML pages with a result count and a page count.

    One search per (date window, keyword, search type); pages are followed one after another so a
    sample or a block stops paging early. A search reporting more pages than `max_pages` is split into
    two half windows instead of paging deep (deep pages of these searches are unreliable, docs/portals.md §1.2).
    """

    search_types: ClassVar[tuple[int, ...]] = (2,)
    max_pages: ClassVar[int] = 25

    def first_requests(self) -> Iterable[Request]:
        for window in self.windows():
            for keyword in self.keywords:
                for search_type in self.search_types:
                    yield self.search_request(keyword, window, search_type, 1)

    def search_request(self, keyword: str, window: tuple[date, date], search_type: int, page: int) -> Request:
        return Request(
            self.search_url(keyword, window, search_type, page),
            callback=self.parse_list,
            errback=self.lost_list,
            cb_kwargs={"keyword": keyword, "window": window, "search_type": search_type, "page": page},
        )

    def search_url(self, keyword: str, window: tuple[date, date], search_type: int, page: int) -> str:
        raise NotImplementedError

    def parse_list(
        self, response: Response, keyword: str, window: tuple[date, date], search_type: int, page: int
    ) -> Iterator[Any]:
        self.tally.pages += 1
        try:
            result = self.parse_search_page(response)
        except ListPageError as exc:
            yield self.list_failure(response.url, exc)
            return
        if page == 1 and result.pages > self.max_pages and window[0] < window[1]:
            for half in split_window(window):
                yield self.search_request(keyword, half, search_type, 1)
            return
        if page == 1:
            self.tally.add_total(result.total)
        self.tally.listed_rows += len(result.rows)
        for row in result.rows:
            day = row.published.date() if row.published else None
            if self.in_window(day) and self.want_detail(row.url):
                yield self.detail_request(row.url, row=row)
        if page < result.pages and not self.sampling_done:
            yield self.search_request(keyword, window, search_type, page + 1)

    def parse_search_page(self, response: Response) -> Any:
        raise NotImplementedError


@dataclass(frozen=True)
class ListQuery:
    """One search of a list API: a keyword over a window, on one site when the spider covers several."""

    keyword: str
    window: tuple[date, date]
    site: str | None = None


class JsonListApiSpider(TendersSpider):
    """A keyword list API answering JSON pages with a total and a page count.

    Subclasses build `list_request(query, page)` and read an answer in `read_list(response)`, returning
    (total, pages, rows); `row_requests(row, query)` turns one row into its detail request(s).
    """

    def queries(self) -> Iterable[ListQuery]:
        for window in self.windows():
            for keyword in self.keywords:
                yield ListQuery(keyword, window)

    def first_requests(self) -> Iterable[Request]:
        for query in self.queries():
            yield self.list_request(query, 1)

    def list_request(self, query: ListQuery, page: int) -> Request:
        raise NotImplementedError

    def parse_list(self, response: Response, query: ListQuery, page: int) -> Iterator[Any]:
        self.tally.pages += 1
        try:
            total, pages, rows = self.read_list(response)
        except ListPageError as exc:
            yield self.list_failure(self.list_url(response), exc)
            return
        if page == 1:
            self.tally.add_total(total)
        self.tally.listed_rows += len(rows)
        for row in rows:
            if self.in_window(self.row_date(row)):
                yield from self.row_requests(row, query)
        if page < pages and not self.sampling_done:
            yield self.list_request(query, page + 1)

    def list_url(self, response: Response) -> str:
        """A list answer's identity for the record (a POST body is part of what was asked)."""
        body = response.request.body.decode("utf-8", "replace") if response.request is not None else ""
        return f"{response.url} {body[:300]}".strip()

    def read_list(self, response: Response) -> tuple[int, int, list[Any]]:
        raise NotImplementedError

    def row_date(self, row: Any) -> date | None:
        return getattr(row, "publish_date", None)

    def row_requests(self, row: Any, query: ListQuery) -> Iterable[Request]:
        raise NotImplementedError


class ChannelListingSpider(TendersSpider):
    """Static channel index pages, newest first: page on until a page ends before the window.

    No keyword search exists there, so a row is kept when its title contains one of the keywords.
    The portal states no total: the expected count is the rows listed in the window.
    """

    channel_urls: ClassVar[tuple[str, ...]] = ()
    max_channel_pages: ClassVar[int] = 200

    def first_requests(self) -> Iterable[Request]:
        for url in self.channel_urls:
            yield self.channel_request(url, 0)

    def channel_page_url(self, base: str, index: int) -> str:
        return base if index == 0 else base.replace("index.htm", f"index_{index}.htm")

    def channel_request(self, base: str, index: int) -> Request:
        return Request(
            self.channel_page_url(base, index),
            callback=self.parse_channel,
            errback=self.lost_list,
            cb_kwargs={"base": base, "index": index},
            # Past the last index the portal answers its "page not found" page, possibly with a 404:
            # that ends the channel, it is not a lost page.
            meta={"handle_httpstatus_list": [404]},
        )

    def parse_channel(self, response: Response, base: str, index: int) -> Iterator[Any]:
        self.tally.pages += 1
        try:
            page = self.parse_channel_page(response)
        except ListPageError as exc:
            yield self.list_failure(response.url, exc)
            return
        assert self.window is not None
        if not page.exists:
            return
        for row in page.rows:
            if (
                self.in_window(row.publish_date)
                and self.title_matches(row.title)
                and self.want_detail(row.url)
            ):
                yield self.detail_request(row.url, row=row)
        # Newest first: once the page's oldest row is before the window, later pages are older still.
        dates = [row.publish_date for row in page.rows if row.publish_date is not None]
        past_window = bool(dates) and min(dates) < self.window[0]
        if page.rows and not past_window and index + 1 < self.max_channel_pages and not self.sampling_done:
            yield self.channel_request(base, index + 1)

    def title_matches(self, title: str) -> bool:
        folded = title.casefold()
        return any(keyword.casefold() in folded for keyword in self.keywords)

    def parse_channel_page(self, response: Response) -> Any:
        raise NotImplementedError

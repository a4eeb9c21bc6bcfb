"""中国政府采购网 (ccgp.gov.cn): keyword search, channel listings as a fallback, and project-code follow-ups."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlencode

from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Request, Response

from crawler.items import NoticeItem, ParseFailure
from crawler.parse.ccgp import detect_block as block_reason
from crawler.parse.ccgp import parse_ccgp_detail
from crawler.parse.ccgp_lists import ChannelPage, SearchPage, parse_channel_page, parse_search_page
from crawler.parse.errors import ListPageError
from crawler.recorder import recorder_of
from crawler.spiders.base import ChannelListingSpider, PagedHtmlSearchSpider, SpiderArgumentError
from domain.notice import ParsedNotice

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

SEARCH_URL = "https://search.ccgp.gov.cn/bxsearch"
CHANNELS = (
    "gkzb",
    "yqzbgg",
    "jzxtpgg",
    "jzxcs",
    "xjgg",
    "dylygg",
    "zgysgg",
    "zbgg",
    "cjgg",
    "gzgg",
    "fblbgg",
    "qtgg",
)
MODES = ("search", "channel")
# Follow-up searches by project code (see CcgpSpider): at most this many per run (setting
# TENDERS_FOLLOWUP_LIMIT, 0 turns them off), for awards stored this many days before the run's end
# too (TENDERS_FOLLOWUP_DAYS), each paged at most FOLLOWUP_MAX_PAGES deep.
FOLLOWUP_LIMIT = 1000
FOLLOWUP_DAYS = 120
FOLLOWUP_MAX_PAGES = 3


@dataclass(frozen=True)
class AwardSeen:
    """An award notice met in the run or stored by an earlier one: what a follow-up needs."""

    title: str
    project_code: str | None
    publish_date: date | None


class CcgpSpider(PagedHtmlSearchSpider, ChannelListingSpider):
    """Portal: 中国政府采购网 www.ccgp.gov.cn (central and local government procurement, all provinces).

    Notice types: every type the portal publishes (bidType=0): 采购意向 is not on ccgp; tenders (公开招标,
    询价, 竞争性谈判/磋商, 单一来源, 邀请, 资格预审), awards (中标/成交), corrections, cancellations
    (终止/废标), contracts and other notices.

    Access: `mode=search` (default) is the full-text keyword search search.ccgp.gov.cn/bxsearch with a
    custom date range (timeType=6), one search per keyword and month, 20 results a page
    (docs/portals.md §1.1–1.2); `mode=channel` walks the static channel indexes (index.htm, index_N.htm) of
    地方公告 and 中央公告 and keeps titles containing a keyword (docs/portals.md §1.3).

    Fallback: when no search page could be read in a run (the search server down or blocking us) while
    some were lost, the run walks the channel indexes for its window instead, once it has nothing else to
    do; the run stays `incomplete` (titles only) and records `tenders/channel_fallback`.

    Caveats: the portal runs bot-management JS and answers fast crawlers with a "访问过于频繁" page: we back
    off and record blocks, never emulate the JS or solve captchas. Deep result pages are unreliable, so a
    search with more than 25 pages is split into smaller date windows. Channel mode sees titles only, so a
    notice mentioning a keyword only in its body is missed there.

    Follow-ups: a 终止/废标公告 repeats the project's name, not the award's body; when an award was found
    by its body alone (no keyword in its title), its cancellation is invisible to the keyword search and
    the project would be counted as awarded. So, for every award parsed in the run — and every award
    stored in the last TENDERS_FOLLOWUP_DAYS (120) days before the run's end, for incremental runs —
    that has a project code and a title without any of the run's keywords, the spider searches ccgp by
    project code (`projectId=`, empty `kw`, every notice type, from the award's date to the run's end)
    and fetches what it lists that is not stored yet. At most TENDERS_FOLLOWUP_LIMIT (1000) such searches
    a run, each at most 3 pages deep; counted in the stats as `tenders/followups` (searches),
    `tenders/followup_details` (notices fetched from them), `tenders/followups_over_limit` and
    `tenders/followups_truncated`. Awards met by the other spiders in the same run are followed up by
    the next run (from the database).
    """

    name = "ccgp"
    portal = "中国政府采购网 www.ccgp.gov.cn"
    notice_types = ("tender", "award", "correction", "cancellation", "contract", "other")
    caveats = (
        "bot-management JS and rate-limit pages: backed off and recorded, never circumvented",
        "search results past 25 pages are reached by splitting the date window",
        "channel mode matches keywords in titles only",
        "a cancellation naming no keyword is found by a follow-up search on the award's project code",
    )
    search_types = (2,)  # full text; it covers titles too
    channel_urls: ClassVar[tuple[str, ...]] = tuple(
        f"https://www.ccgp.gov.cn/cggg/{scope}/{channel}/index.htm"
        for scope in ("dfgg", "zygg")
        for channel in CHANNELS
    )

    def __init__(self, *args: Any, mode: str = "search", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if mode not in MODES:
            raise SpiderArgumentError("mode", f"{mode!r} is not one of {', '.join(MODES)}")
        self.mode = mode
        self.followed_codes: set[str] = set()
        self.search_answered = False
        self.fell_back = False

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> CcgpSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.fall_back_to_channels, signal=signals.spider_idle)
        return spider

    def fall_back_to_channels(self) -> None:
        """On idle: when the search answered nothing and lost pages, walk the channel indexes (once)."""
        lost_lists = any(kind == "list" for _, kind, _ in self.tally.lost)
        if self.mode != "search" or self.fell_back or self.search_answered or not lost_lists:
            return
        self.fell_back = True
        logger.warning("ccgp search answered no page: falling back to the channel listings (titles only)")
        self.count("tenders/channel_fallback")
        for request in ChannelListingSpider.first_requests(self):
            self.crawler.engine.crawl(request)
        raise DontCloseSpider

    def first_requests(self) -> Iterable[Request]:
        # Read the stored awards now, before this run (or a concurrent spider) stores any: Scrapy
        # consumes start requests lazily, while responses are already being handled.
        stored = list(self.stored_award_followups())
        if self.mode == "channel":
            yield from ChannelListingSpider.first_requests(self)
        else:
            yield from PagedHtmlSearchSpider.first_requests(self)
        yield from stored

    def parse_detail(
        self, response: Response, notice_url: str, **listed: Any
    ) -> Iterator[NoticeItem | ParseFailure | Request]:
        """The detail's item, then a follow-up search when it is an award whose title names no keyword."""
        for result in super().parse_detail(response, notice_url, **listed):
            yield result
            if isinstance(result, NoticeItem):
                notice = result.notice
                request = self.followup(
                    notice.notice_type, AwardSeen(notice.title, notice.project_code, notice.publish_date)
                )
                if request is not None:
                    yield request

    # -- follow-ups by project code -------------------------------------------------------------

    def setting(self, name: str, default: int) -> int:
        settings = getattr(self, "settings", None)
        return settings.getint(name, default) if settings is not None else default

    def count(self, stat: str) -> None:
        stats = getattr(getattr(self, "crawler", None), "stats", None)
        if stats is not None:
            stats.inc_value(stat)

    def followup(self, notice_type: str | None, award: AwardSeen) -> Request | None:
        """The project-code search for an award whose title carries none of the keywords, else None."""
        code = (award.project_code or "").strip()
        if notice_type != "award" or not code or self.title_matches(award.title) or self.sampling_done:
            return None
        if code in self.followed_codes:
            return None
        assert self.window is not None
        window = (award.publish_date or self.window[0], self.window[1])
        if window[0] > window[1]:
            return None
        if len(self.followed_codes) >= self.setting("TENDERS_FOLLOWUP_LIMIT", FOLLOWUP_LIMIT):
            self.count("tenders/followups_over_limit")
            return None
        self.followed_codes.add(code)
        self.count("tenders/followups")
        return self.followup_request(code, window, 1)

    def followup_request(self, code: str, window: tuple[date, date], page: int) -> Request:
        return Request(
            search_url("", window, 1, page, project_code=code),
            callback=self.parse_followup,
            errback=self.lost_list,
            cb_kwargs={"code": code, "window": window, "page": page},
        )

    def parse_followup(
        self, response: Response, code: str, window: tuple[date, date], page: int
    ) -> Iterator[Any]:
        """A project-code search page: fetch what is not stored yet, page on (at most FOLLOWUP_MAX_PAGES)."""
        self.tally.pages += 1
        try:
            result = self.parse_search_page(response)
        except ListPageError as exc:
            yield self.list_failure(response.url, exc)
            return
        for row in result.rows:
            if self.want_detail(row.url):
                self.count("tenders/followup_details")
                yield self.detail_request(row.url, row=row)
        if page < result.pages and not self.sampling_done:
            if page < FOLLOWUP_MAX_PAGES:
                yield self.followup_request(code, window, page + 1)
            else:
                self.count("tenders/followups_truncated")
                logger.warning(
                    "follow-up search of project code %r lists %d results: only %d pages read",
                    code,
                    result.total,
                    FOLLOWUP_MAX_PAGES,
                )

    def stored_award_followups(self) -> Iterator[Request]:
        """Follow-ups for awards stored by earlier runs in the last TENDERS_FOLLOWUP_DAYS days."""
        days = self.setting("TENDERS_FOLLOWUP_DAYS", FOLLOWUP_DAYS)
        if days <= 0 or self.window is None:
            return
        until = self.window[1]
        for award in stored_awards(getattr(self, "crawler", None), until - timedelta(days=days), until):
            request = self.followup("award", award)
            if request is not None:
                yield request

    def search_url(self, keyword: str, window: tuple[date, date], search_type: int, page: int) -> str:
        return search_url(keyword, window, search_type, page)

    def parse_search_page(self, response: Response) -> SearchPage:
        page = parse_search_page(response.text, response.url)
        self.search_answered = True
        return page

    def parse_channel_page(self, response: Response) -> ChannelPage:
        return parse_channel_page(response.text, response.url)

    def parse_detail_page(self, response: Response, url: str, **listed: Any) -> ParsedNotice:
        notice = parse_ccgp_detail(response.text, url)
        row = listed.get("row")
        if notice.publish_date is None and row is not None and row.published is not None:
            notice.publish_date = row.published.date()  # the portal's own list date
        return notice

    def detect_block(self, response: Response) -> str | None:
        return block_reason(response.text) if hasattr(response, "text") else None


def search_url(
    keyword: str, window: tuple[date, date], search_type: int, page: int, *, project_code: str = ""
) -> str:
    """The bxsearch URL in the parameter order the site's own form submits (docs/portals.md §1.1)."""
    start, end = window
    params = [
        ("searchtype", str(search_type)),
        ("page_index", str(page)),
        ("bidSort", "0"),
        ("buyerName", ""),
        ("projectId", project_code),  # 项目编号 filter: a follow-up searches by it with an empty kw
        ("pinMu", "0"),
        (
            "bidType",
            "0",
        ),  # all notice types: small AI purchases go by 询价/磋商/单一来源 too (docs/portals.md §5)
        ("dbselect", "bidx"),
        ("kw", keyword),
        ("start_time", start.strftime("%Y:%m:%d")),
        ("end_time", end.strftime("%Y:%m:%d")),
        ("timeType", "6"),  # custom range: start_time/end_time are ignored otherwise
        ("displayZone", ""),
        ("zoneId", ""),
        ("pppStatus", "0"),
        ("agentName", ""),
    ]
    return f"{SEARCH_URL}?{urlencode(params)}"


def stored_awards(crawler: Any, since: date, until: date) -> list[AwardSeen]:
    """Awards with a project code stored (by any spider) and published in [since, until], read through
    the run's recorder; none when the crawl runs without one (offline tests, `scrapy parse`)."""
    if crawler is None or getattr(crawler, "extensions", None) is None:
        return []
    recorder = recorder_of(crawler)
    if recorder is None or recorder.db is None:
        return []
    return [AwardSeen(title, code, day) for title, code, day in recorder.stored_awards(since, until)]

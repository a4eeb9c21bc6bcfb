"""中国政府采购网 (ccgp.gov.cn): keyword search, channel listings as a fallback."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, ClassVar
from urllib.parse import urlencode

from scrapy.http import Request, Response

from crawler.listing.ccgp import ChannelPage, SearchPage, parse_channel_page, parse_search_page
from crawler.spiders.base import ChannelListingSpider, PagedHtmlSearchSpider, SpiderArgumentError
from tenders.domain import ParsedNotice

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


class CcgpSpider(PagedHtmlSearchSpider, ChannelListingSpider):
    """Portal: 中国政府采购网 www.ccgp.gov.cn (central and local government procurement, all provinces).

    Notice types: every type the portal publishes (bidType=0): 采购意向 is not on ccgp; tenders (公开招标,
    询价, 竞争性谈判/磋商, 单一来源, 邀请, 资格预审), awards (中标/成交), corrections, cancellations
    (终止/废标), contracts and other notices.

    Access: `mode=search` (default) is the full-text keyword search search.ccgp.gov.cn/bxsearch with a
    custom date range (timeType=6), one search per keyword and month, 20 results a page
    (PORTALS.md §1.1–1.2); `mode=channel` walks the static channel indexes (index.htm, index_N.htm) of
    地方公告 and 中央公告 and keeps titles containing a keyword (PORTALS.md §1.3).

    Caveats: the portal runs bot-management JS and answers fast crawlers with a "访问过于频繁" page: we back
    off and record blocks, never emulate the JS or solve captchas. Deep result pages are unreliable, so a
    search with more than 25 pages is split into smaller date windows. Channel mode sees titles only, so a
    notice mentioning a keyword only in its body is missed there.
    """

    name = "ccgp"
    portal = "中国政府采购网 www.ccgp.gov.cn"
    notice_types = ("tender", "award", "correction", "cancellation", "contract", "other")
    caveats = (
        "bot-management JS and rate-limit pages: backed off and recorded, never circumvented",
        "search results past 25 pages are reached by splitting the date window",
        "channel mode matches keywords in titles only",
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

    def first_requests(self) -> Iterable[Request]:
        if self.mode == "channel":
            return ChannelListingSpider.first_requests(self)
        return PagedHtmlSearchSpider.first_requests(self)

    def search_url(self, keyword: str, window: tuple[date, date], search_type: int, page: int) -> str:
        return search_url(keyword, window, search_type, page)

    def parse_search_page(self, response: Response) -> SearchPage:
        return parse_search_page(response.text, response.url)

    def parse_channel_page(self, response: Response) -> ChannelPage:
        return parse_channel_page(response.text, response.url)

    def parse_detail_page(self, response: Response, url: str, **listed: Any) -> ParsedNotice:
        from crawler.parse.ccgp import parse_ccgp_detail

        notice = parse_ccgp_detail(response.text, url)
        row = listed.get("row")
        if notice.publish_date is None and row is not None and row.published is not None:
            notice.publish_date = row.published.date()  # the portal's own list date
        return notice

    def detect_block(self, response: Response) -> str | None:
        from crawler.parse.ccgp import detect_block

        return detect_block(response.text) if hasattr(response, "text") else None


def search_url(keyword: str, window: tuple[date, date], search_type: int, page: int) -> str:
    """The bxsearch URL in the parameter order the site's own form submits (PORTALS.md §1.1)."""
    start, end = window
    params = [
        ("searchtype", str(search_type)),
        ("page_index", str(page)),
        ("bidSort", "0"),
        ("buyerName", ""),
        ("projectId", ""),
        ("pinMu", "0"),
        ("bidType", "0"),  # all notice types: small AI purchases go by 询价/磋商/单一来源 too (PORTALS.md §5)
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

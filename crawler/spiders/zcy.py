"""政采云 provincial portals that accept plain requests (Guangxi by default, Shanxi on request): the keyword
list API and the detail API."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import quote

from scrapy.http import JsonRequest, Request, Response

from crawler.parse.dates import SHANGHAI
from crawler.parse.zcy import parse_zcy_detail, zcy_detail_url
from crawler.parse.zcy_list import ArticleRow, detail_record, parse_article_list
from crawler.spiders.base import JsonListApiSpider, ListQuery, SpiderArgumentError
from domain.notice import ParsedNotice

PAGE_SIZE = 15  # the portals' own page size (docs/portals.md §4.1)


@dataclass(frozen=True)
class ZcySite:
    """One 政采云 portal; `signed` ones demand request signatures the tracker does not emulate."""

    host: str
    province: str
    signed: bool = False


KNOWN_SITES = {
    site.host: site
    for site in (
        ZcySite("www.ccgp-guangxi.gov.cn", "广西壮族自治区"),
        ZcySite("www.ccgp-shanxi.gov.cn", "山西省"),
        # Signs its API requests since 2025 (X-Sign headers, docs/portals.md §4.1): plain requests are refused.
        ZcySite("zfcg.czt.zj.gov.cn", "浙江省", signed=True),
    )
}
# Crawled unless `sites` says otherwise. Zhejiang is left out: the
# tracker never emulates its signature, so the real portal would refuse every request (its notices are
# republished on ccgp, docs/portals.md §4.3, which the ccgp spider crawls). `sites=` can still name it.
DEFAULT_SITES = ("www.ccgp-guangxi.gov.cn",)


class ZcySpider(JsonListApiSpider):
    """Portal: 政采云 provincial government-procurement portals that accept plain requests: 广西
    www.ccgp-guangxi.gov.cn by default; `sites=` (comma-separated hosts) chooses, e.g. adding 山西
    www.ccgp-shanxi.gov.cn, or 浙江 zfcg.czt.zj.gov.cn (see the caveats).

    Notice types: 采购意向 (intention), 采购公告 (tender), 更正公告 (correction), 结果公告 (award),
    废标/终止公告 (cancellation), 合同公告 (contract) — every category the keyword search returns.

    Access: POST /portal/all with a keyword and a publish-date range (epoch ms, Beijing days), 15 rows a
    page, then GET /portal/detail?articleId=… whose JSON record carries the notice HTML and the
    announcementLinkDtoList of the same project (docs/portals.md §4.1).

    Caveats: Zhejiang's portal requires signed requests (X-Sign headers) since 2025 and the tracker does
    not emulate signatures, so Zhejiang is not crawled by default: its notices are republished on ccgp
    (and often ggzy), which the other spiders crawl. Named with `sites=zfcg.czt.zj.gov.cn` it is asked
    with plain requests; the real portal refuses them and the refusals are recorded (lost list pages,
    run incomplete). The local replay answers plain requests for every site.
    Category codes differ between sites, so the search is not filtered by category.
    """

    name = "zcy"
    portal = "政采云 provincial portals (广西; 山西 and 浙江 on request)"
    notice_types = ("intention", "tender", "correction", "award", "cancellation", "contract")
    caveats = (
        "Zhejiang's signed API (X-Sign headers) is not emulated: not crawled by default; when named, its "
        "refusals are recorded, not circumvented",
        "category codes differ between sites: searches are not filtered by category",
    )

    def __init__(self, *args: Any, sites: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        hosts = (
            [h.strip() for h in sites.split(",") if h.strip()] if sites is not None else list(DEFAULT_SITES)
        )
        unknown = [h for h in hosts if h not in KNOWN_SITES]
        if unknown or not hosts:
            raise SpiderArgumentError(
                "sites", f"{unknown[0] if unknown else sites!r} is not one of {', '.join(KNOWN_SITES)}"
            )
        self.sites = tuple(KNOWN_SITES[h] for h in hosts)

    def queries(self) -> Iterable[ListQuery]:
        for site in self.sites:
            for window in self.windows():
                for keyword in self.keywords:
                    yield ListQuery(keyword, window, site.host)

    def list_request(self, query: ListQuery, page: int) -> Request:
        return JsonRequest(
            f"https://{query.site}/portal/all",
            data=list_body(query.keyword, query.window, page),
            callback=self.parse_list,
            errback=self.lost_list,
            cb_kwargs={"query": query, "page": page},
        )

    def read_list(self, response: Response) -> tuple[int, int, list[ArticleRow]]:
        page = parse_article_list(response.body, self.list_url(response))
        return page.total, math.ceil(page.total / PAGE_SIZE), page.rows

    def row_requests(self, row: ArticleRow, query: ListQuery) -> Iterable[Request]:
        assert query.site is not None
        url = notice_url(query.site, row.article_id)
        if self.want_detail(url):
            yield self.detail_request(detail_api_url(query.site, row.article_id), notice_url=url, row=row)

    def parse_detail_page(self, response: Response, url: str, **listed: Any) -> ParsedNotice:
        record = detail_record(response.body, url)
        notice = parse_zcy_detail(record, url)
        row: ArticleRow = listed["row"]
        if notice.publish_date is None:
            notice.publish_date = row.publish_date
        return notice


def list_body(keyword: str, window: tuple[date, date], page: int) -> dict[str, Any]:
    """The /portal/all search body (Shanxi's form, docs/portals.md §4.1): dates as epoch ms of Beijing days."""
    start, end = window
    return {
        "keyword": keyword,
        "firstCode": "ZcyAnnouncement",
        "districtCode": [],
        "publishDateBegin": _epoch_ms(start),
        "publishDateEnd": _epoch_ms(end + timedelta(days=1)),  # exclusive: 00:00 of the next day
        "pageNo": page,
        "pageSize": PAGE_SIZE,
        "isTitleSearch": None,
        "order": "desc",
        "leaf": "0",
    }


def _epoch_ms(day: date) -> int:
    return int(datetime.combine(day, time(0, 0), tzinfo=SHANGHAI).timestamp() * 1000)


def detail_api_url(host: str, article_id: str) -> str:
    return f"https://{host}/portal/detail?articleId={quote(article_id, safe='')}"


def notice_url(host: str, article_id: str) -> str:
    """The notice's public page, its canonical URL (the detail API URL is how it is fetched); the same
    form the detail parser gives related notices."""
    return zcy_detail_url(f"https://{host}/", article_id)

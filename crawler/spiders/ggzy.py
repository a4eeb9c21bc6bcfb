"""全国公共资源交易平台 (ggzy.gov.cn): the government-procurement list API, project pages, content pages."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from scrapy.http import FormRequest, Request, Response, TextResponse

from crawler.items import ParseFailure
from crawler.parse.errors import PageParseError
from crawler.parse.ggzy import parse_ggzy_content, parse_ggzy_project_page
from crawler.parse.ggzy_list import TradeRecord, parse_trade_list, refusal_of
from crawler.parse.urls import canonical_url
from crawler.spiders.base import JsonListApiSpider, ListQuery
from domain.notice import ParsedNotice

LIST_URL = "https://www.ggzy.gov.cn/information/pubTradingInfo/getTradList"
HEADERS = {
    # The list page's own XHR sends these; the API checks where a query comes from (docs/portals.md §2.1).
    "Referer": "https://www.ggzy.gov.cn/deal/dealList.html",
    "Origin": "https://www.ggzy.gov.cn",
    "X-Requested-With": "XMLHttpRequest",
}


class GgzySpider(JsonListApiSpider):
    """Portal: 全国公共资源交易平台 www.ggzy.gov.cn (provincial platforms' notices, republished).

    Notice types: government procurement (DEAL_CLASSIFY=02) in all its stages: 采购/资审公告 (tender),
    中标公告 (award), 采购合同 (contract), 更正事项 (correction).

    Access: POST /information/pubTradingInfo/getTradList with a keyword (FINDTXT) and a custom date
    range (DEAL_TIME=06), 20 records a page (docs/portals.md §2.1); for each record the project page
    (/html/a/…), whose tabs link every notice of the project (kept as related_urls), then the content
    page (/html/b/…) that holds the notice.

    Caveats: the API answers code 800 (rate limit), 801 (error) or 829 (captcha demand) when pushed: we
    back off and record, never solve the captcha. The content is the provincial platform's HTML copied
    as is, so buyer, agency and amounts are found in ~25–50 % of pages only (docs/portals.md §2.3).
    """

    name = "ggzy"
    portal = "全国公共资源交易平台 www.ggzy.gov.cn"
    notice_types = ("tender", "award", "contract", "correction")
    caveats = (
        "API codes 800/801/829 (rate limit, error, captcha): backed off and recorded, never solved",
        "content pages are provincial HTML copied verbatim: fields are often missing",
    )

    def list_request(self, query: ListQuery, page: int) -> Request:
        # Same URL for every page: the body is part of the request fingerprint, so pages stay distinct.
        return FormRequest(
            LIST_URL,
            formdata=list_form(query.keyword, query.window, page),
            headers=HEADERS,
            callback=self.parse_list,
            errback=self.lost_list,
            cb_kwargs={"query": query, "page": page},
        )

    def read_list(self, response: Response) -> tuple[int, int, list[TradeRecord]]:
        page = parse_trade_list(response.body, self.list_url(response))
        return page.total, page.pages, page.records

    def row_requests(self, row: TradeRecord, query: ListQuery) -> Iterable[Request]:
        if self.want_detail(row.url):
            yield Request(
                row.url, callback=self.parse_project, errback=self.lost_detail, cb_kwargs={"record": row}
            )

    def parse_project(self, response: Response, record: TradeRecord) -> Iterator[Any]:
        """The project (A) page: the links of every notice of the project, then the listed notice's content."""
        self.tally.pages += 1
        try:
            related = [
                canonical_url(tab.url) for tab in parse_ggzy_project_page(response.text, response.url).tabs
            ]
        except PageParseError as exc:
            # The content page is still fetched: the notice matters more than its links.
            yield ParseFailure(
                source=self.source, url=canonical_url(response.url), reason=f"project page: {exc.reason}"
            )
            related = []
        yield self.detail_request(
            record.content_url,
            notice_url=record.url,
            record=record,
            related=[u for u in related if u != record.url],
        )

    def parse_detail_page(self, response: Response, url: str, **listed: Any) -> ParsedNotice:
        record: TradeRecord = listed["record"]
        notice = parse_ggzy_content(
            response.text,
            url,
            stage_code=record.stage_code,
            province_code=record.province_code,
            list_title=record.title,
        )
        if notice.publish_date is None:
            notice.publish_date = record.publish_date  # the list API's publishTime
        notice.related_urls = list(dict.fromkeys([*notice.related_urls, *listed.get("related", [])]))
        return notice

    def detect_block(self, response: Response) -> str | None:
        """Code 800/801/829 JSON (the API's refusal, which the site may send for any page), or a block page."""
        if not isinstance(response, TextResponse):
            return None
        if response.body[:1] == b"{":
            try:
                payload = json.loads(response.body)
            except ValueError:
                return None  # cut short: the incomplete-page retry handles it
            refusal = refusal_of(payload) if isinstance(payload, dict) else None
            return str(refusal) if refusal is not None else None
        return super().detect_block(response)


def list_form(keyword: str, window: tuple[date, date], page: int) -> dict[str, str]:
    """The getTradList form as the list page's JS posts it; fields meaning 不限 are left out like the JS does."""
    start, end = (day.isoformat() for day in window)
    return {
        "TIMEBEGIN_SHOW": start,
        "TIMEEND_SHOW": end,
        "TIMEBEGIN": start,
        "TIMEEND": end,
        "SOURCE_TYPE": "1",  # 省平台
        "DEAL_TIME": "06",  # custom range
        "DEAL_CLASSIFY": "02",  # 政府采购; DEAL_STAGE left out = 不限: every stage (0201–0204)
        "isShowAll": "1",
        "FINDTXT": keyword,
        "PAGENUMBER": str(page),
    }

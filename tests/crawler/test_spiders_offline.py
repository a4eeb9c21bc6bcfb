"""Each spider's callbacks, called once on a saved response (no network): exact requests and items, counts,
and invariants for every item."""

from __future__ import annotations

import json
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from crawl_helpers import FIXTURES, html_response, json_response, make_spider, real_page
from scrapy.http import Request

from crawler.items import NoticeItem, ParseFailure
from crawler.spiders.base import ListQuery
from crawler.spiders.ccgp import CcgpSpider, search_url
from crawler.spiders.ggzy import LIST_URL, GgzySpider
from crawler.spiders.zcy import ZcySpider, detail_api_url
from domain.paths import REAL_PAGES_DIR
from domain.vocabulary import NOTICE_TYPES

JUNE = (date(2025, 6, 1), date(2025, 6, 30))


def split(results: list) -> tuple[list[Request], list]:
    requests = [r for r in results if isinstance(r, Request)]
    return requests, [r for r in results if not isinstance(r, Request)]


# -- ccgp --------------------------------------------------------------------------------------


def ccgp_spider(**kwargs) -> CcgpSpider:
    spider = make_spider(
        CcgpSpider, from_date="2025-06-01", until_date="2025-06-30", keywords="大模型", **kwargs
    )
    spider.set_window()
    return spider


def test_ccgp_search_url_is_in_the_sites_parameter_order() -> None:
    url = search_url("大模型", JUNE, 2, 3)
    assert url == (
        "https://search.ccgp.gov.cn/bxsearch?searchtype=2&page_index=3&bidSort=0&buyerName=&projectId=&pinMu=0"
        "&bidType=0&dbselect=bidx&kw=%E5%A4%A7%E6%A8%A1%E5%9E%8B&start_time=2025%3A06%3A01&end_time=2025%3A06%3A30"
        "&timeType=6&displayZone=&zoneId=&pppStatus=0&agentName="
    )


def test_ccgp_parse_list_requests_details_and_the_next_page() -> None:
    spider = ccgp_spider()
    url = search_url("大模型", JUNE, 2, 1)
    response = html_response(url, (FIXTURES / "ccgp_search_page.html").read_bytes())
    requests, items = split(
        list(spider.parse_list(response, keyword="大模型", window=JUNE, search_type=2, page=1))
    )
    assert items == []
    details = [r for r in requests if r.callback == spider.parse_detail]
    assert [r.url for r in details] == [
        "http://www.ccgp.gov.cn/cggg/dfgg/zbgg/202506/t20250612_24790001.htm",
        "http://www.ccgp.gov.cn/cggg/dfgg/xjgg/202506/t20250603_24760003.htm",
        "http://www.ccgp.gov.cn/cggg/zygg/gkzb/202506/t20250630_24850002.htm",
    ]
    assert details[0].cb_kwargs["row"].buyer == "某市人民医院"
    pages = [r for r in requests if r.callback == spider.parse_list]
    assert [r.url for r in pages] == [search_url("大模型", JUNE, 2, 2)]
    assert pages[0].cb_kwargs == {"keyword": "大模型", "window": JUNE, "search_type": 2, "page": 2}
    assert (spider.tally.portal_total, spider.tally.listed_rows, len(spider.tally.listed)) == (43, 3, 3)


def test_ccgp_rows_outside_the_window_are_not_fetched() -> None:
    spider = make_spider(CcgpSpider, from_date="2025-06-10", until_date="2025-06-30", keywords="大模型")
    spider.set_window()
    window = spider.window
    response = html_response(
        search_url("大模型", window, 2, 1), (FIXTURES / "ccgp_search_page.html").read_bytes()
    )
    requests, _ = split(
        list(spider.parse_list(response, keyword="大模型", window=window, search_type=2, page=1))
    )
    assert sorted(r.url[-12:] for r in requests if r.callback == spider.parse_detail) == [
        "24790001.htm",
        "24850002.htm",
    ]


def test_ccgp_known_duplicate_and_sample_details_are_not_fetched() -> None:
    spider = ccgp_spider(sample="2")
    spider.known_urls = {"http://www.ccgp.gov.cn/cggg/dfgg/zbgg/202506/t20250612_24790001.htm"}
    spider.requested.add(
        "http://www.ccgp.gov.cn/cggg/dfgg/xjgg/202506/t20250603_24760003.htm"
    )  # another keyword
    body = (FIXTURES / "ccgp_search_page.html").read_bytes()
    response = html_response(search_url("大模型", JUNE, 2, 1), body)
    requests, _ = split(
        list(spider.parse_list(response, keyword="大模型", window=JUNE, search_type=2, page=1))
    )
    assert [r.url[-12:] for r in requests if r.callback == spider.parse_detail] == ["24850002.htm"]
    assert (spider.tally.skipped_known, spider.tally.duplicates, spider.tally.details_requested) == (1, 1, 1)
    # One more listed notice would pass the sample of 2? No: 1 requested so far, the next one fills it.
    assert spider.want_detail("http://www.ccgp.gov.cn/cggg/x/1.htm") is True
    assert spider.want_detail("http://www.ccgp.gov.cn/cggg/x/2.htm") is False and spider.tally.sample_reached
    assert spider.sampling_done


@pytest.mark.parametrize(
    ("fixture", "reason"),
    [("ccgp_search_changed_layout.html", "no result count"), ("ccgp_search_block.html", "no result count")],
)
def test_ccgp_unknown_list_page_is_a_recorded_error(fixture: str, reason: str) -> None:
    spider = ccgp_spider()
    url = search_url("大模型", JUNE, 2, 1)
    results = list(
        spider.parse_list(html_response(url, (FIXTURES / fixture).read_bytes()), "大模型", JUNE, 2, 1)
    )
    assert len(results) == 1 and isinstance(results[0], ParseFailure)
    assert reason in results[0].reason and results[0].url == url
    assert spider.tally.lost == [(url, "list", results[0].reason.removeprefix("list page: "))]


def test_ccgp_block_page_is_recognised() -> None:
    spider = ccgp_spider()
    block = html_response(
        "https://search.ccgp.gov.cn/bxsearch?x=1", (FIXTURES / "ccgp_search_block.html").read_bytes()
    )
    normal = html_response(
        "https://search.ccgp.gov.cn/bxsearch?x=1", (FIXTURES / "ccgp_search_page.html").read_bytes()
    )
    assert "访问过于频繁" in (spider.detect_block(block) or "")
    assert spider.detect_block(normal) is None


CCGP_REAL_DETAILS = {
    "ccgp/award_guizhou_qingzhen_streetlights_2025-06-27.html": (
        "http://www.ccgp.gov.cn/cggg/dfgg/zbgg/202506/t20250627_24800001.htm",
        date(2025, 6, 27),
    ),
    "ccgp/award_shandong_jinan_univ_4lots_2025-07-14.html": (
        "http://www.ccgp.gov.cn/cggg/dfgg/zbgg/202507/t20250714_24900001.htm",
        date(2025, 7, 14),
    ),
    "ccgp/award_shenzhen_longhua_aircon_2025-05-27_rendered.html": (
        "http://www.ccgp.gov.cn/cggg/dfgg/zbgg/202505/t20250527_24700001.htm",
        date(2025, 5, 27),
    ),
}


@pytest.mark.parametrize("page", sorted(CCGP_REAL_DETAILS))
def test_ccgp_parse_detail_on_real_pages(page: str) -> None:
    url, published = CCGP_REAL_DETAILS[page]
    spider = ccgp_spider()
    response = html_response(url, real_page(page).read_bytes())
    followups, [item] = split(list(spider.parse_detail(response, notice_url=url)))
    assert isinstance(item, NoticeItem)
    # Real awards whose titles do not say 大模型: one with a project code, published by the window's end,
    # gets its follow-up search (the July page is past this June window: nothing to search after it).
    due = bool(item.notice.project_code) and published <= spider.window[1]
    assert [r.callback for r in followups] == [spider.parse_followup] * due
    notice = item.notice
    assert (notice.source, notice.url, notice.publish_date, notice.notice_type) == (
        "ccgp",
        url,
        published,
        "award",
    )
    assert notice.title and "中标" in notice.title
    assert item.raw == response.body
    assert notice.notice_type in NOTICE_TYPES


def test_ccgp_parse_detail_exact_fields_guizhou() -> None:
    url = "http://www.ccgp.gov.cn/cggg/dfgg/zbgg/202506/t20250627_24800001.htm"
    response = html_response(
        url, real_page("ccgp/award_guizhou_qingzhen_streetlights_2025-06-27.html").read_bytes()
    )
    _, [item] = split(list(ccgp_spider().parse_detail(response, notice_url=url)))
    assert item.notice.project_code == "LKZX2025-CG013"
    assert item.notice.region == "贵州省"
    assert item.notice.suppliers == ["江苏新煦光电科技有限公司"]


@pytest.mark.parametrize(
    "body",
    [
        b"",
        "<html><head><title>错误页面！中国政府采购网</title></head><body>错误</body></html>".encode(),
        (FIXTURES / "ccgp_search_block.html").read_bytes(),
    ],
    ids=["empty", "error-page", "block-page"],
)
def test_ccgp_unparseable_detail_is_a_parse_failure(body: bytes) -> None:
    url = "http://www.ccgp.gov.cn/cggg/dfgg/zbgg/202506/t20250612_1.htm"
    [item] = list(ccgp_spider().parse_detail(html_response(url, body), notice_url=url))
    assert isinstance(item, ParseFailure)
    assert (item.source, item.url) == ("ccgp", url) and item.reason


def test_ccgp_channel_mode_keeps_keyword_titles_in_the_window() -> None:
    spider = make_spider(
        CcgpSpider,
        from_date="2025-06-01",
        until_date="2025-06-30",
        keywords="大模型,人工智能",
        mode="channel",
    )
    spider.set_window()
    base = "https://www.ccgp.gov.cn/cggg/dfgg/zbgg/index.htm"
    response = html_response(base, (FIXTURES / "ccgp_channel_page.html").read_bytes())
    requests, _ = split(list(spider.parse_channel(response, base=base, index=0)))
    # 课桌椅 has no keyword; the 人工智能 row is from May: before the window, and paging stops there.
    assert [r.url for r in requests] == [
        "http://www.ccgp.gov.cn/cggg/dfgg/zbgg/202506/t20250612_24790001.htm"
    ]
    assert spider.tally.portal_total is None and len(spider.tally.listed) == 1


def test_ccgp_channel_mode_pages_on_while_in_the_window() -> None:
    spider = make_spider(
        CcgpSpider,
        from_date="2025-05-01",
        until_date="2025-06-30",
        keywords="大模型,人工智能",
        mode="channel",
    )
    spider.set_window()
    base = "https://www.ccgp.gov.cn/cggg/dfgg/zbgg/index.htm"
    requests, _ = split(
        list(
            spider.parse_channel(
                html_response(base, (FIXTURES / "ccgp_channel_page.html").read_bytes()), base=base, index=0
            )
        )
    )
    assert [r.url for r in requests if r.callback == spider.parse_channel] == [
        "https://www.ccgp.gov.cn/cggg/dfgg/zbgg/index_1.htm"
    ]
    assert len([r for r in requests if r.callback == spider.parse_detail]) == 2


# -- ggzy --------------------------------------------------------------------------------------


def ggzy_spider() -> GgzySpider:
    spider = make_spider(GgzySpider, from_date="2025-06-01", until_date="2025-06-30", keywords="大模型")
    spider.set_window()
    return spider


def test_ggzy_list_request_form() -> None:
    spider = ggzy_spider()
    request = spider.list_request(ListQuery("大模型", JUNE), 2)
    assert request.method == "POST" and request.url == LIST_URL
    form = {k: v[0] for k, v in parse_qs(request.body.decode()).items()}
    assert form == {
        "TIMEBEGIN_SHOW": "2025-06-01",
        "TIMEEND_SHOW": "2025-06-30",
        "TIMEBEGIN": "2025-06-01",
        "TIMEEND": "2025-06-30",
        "SOURCE_TYPE": "1",
        "DEAL_TIME": "06",
        "DEAL_CLASSIFY": "02",
        "isShowAll": "1",
        "FINDTXT": "大模型",
        "PAGENUMBER": "2",
    }
    assert request.headers["Referer"] == b"https://www.ggzy.gov.cn/deal/dealList.html"


def test_ggzy_parse_list_requests_project_pages_and_the_next_page() -> None:
    spider = ggzy_spider()
    query = ListQuery("大模型", JUNE)
    request = spider.list_request(query, 1)
    response = json_response(request, (FIXTURES / "ggzy_list.json").read_bytes())
    requests, items = split(list(spider.parse_list(response, query=query, page=1)))
    assert items == []
    projects = [r for r in requests if r.callback == spider.parse_project]
    assert [r.url for r in projects] == [
        "https://www.ggzy.gov.cn/information/deal/html/a/440000/0202/20250612/0044a1b2c3d4e5f60718293a4b5c6d7e8f90.html",
        "https://www.ggzy.gov.cn/information/deal/html/a/510000/0201/20250603/0051b2c3d4e5f60718293a4b5c6d7e8f9001.html",
    ]
    [next_page] = [r for r in requests if r.callback == spider.parse_list]
    assert parse_qs(next_page.body.decode())["PAGENUMBER"] == ["2"]
    assert spider.tally.portal_total == 22


def test_ggzy_refusal_is_a_block() -> None:
    spider = ggzy_spider()
    request = spider.list_request(ListQuery("大模型", JUNE), 1)
    refusal = json_response(request, (FIXTURES / "ggzy_list_captcha.json").read_bytes())
    ok = json_response(request, (FIXTURES / "ggzy_list.json").read_bytes())
    assert "829" in (spider.detect_block(refusal) or "")
    assert spider.detect_block(ok) is None


def test_ggzy_project_page_then_content_page_real() -> None:
    spider = ggzy_spider()
    payload = json.loads(
        real_page("ggzy/api_getTradList_response_2026-03-17.json").read_text(encoding="utf-8")
    )
    from crawler.parse.ggzy_list import parse_trade_list

    record = parse_trade_list(payload, LIST_URL).records[0]
    a_page = html_response(
        record.url, real_page("ggzy/project_page_a_deqing_contract_2026-03-17.html").read_bytes()
    )
    [detail_request] = list(spider.parse_project(a_page, record=record))
    assert detail_request.url == record.content_url
    assert detail_request.cb_kwargs["notice_url"] == record.url
    related = detail_request.cb_kwargs["related"]
    assert related == [
        "https://www.ggzy.gov.cn/information/deal/html/a/330000/0201/20260116/b159fec804f80c4360ec2842ae943d15.html",
        "https://www.ggzy.gov.cn/information/deal/html/a/330000/0201/20260105/0939b97b719c91e78b4857eed00f847e.html",
        "https://www.ggzy.gov.cn/information/deal/html/a/330000/0202/20260115/00334736dfd447f24276be579558af7a0d2a.html",
    ]
    b_page = html_response(
        record.content_url, real_page("ggzy/content_page_b_deqing_contract_2026-03-17.html").read_bytes()
    )
    [item] = list(spider.parse_detail(b_page, **detail_request.cb_kwargs))
    assert isinstance(item, NoticeItem)
    notice = item.notice
    assert (notice.source, notice.url, notice.notice_type) == ("ggzy", record.url, "contract")
    assert notice.publish_date == date(2026, 3, 17)
    assert set(related) <= set(notice.related_urls)


def test_ggzy_broken_project_page_still_fetches_the_notice() -> None:
    spider = ggzy_spider()
    from crawler.parse.ggzy_list import parse_trade_list

    record = parse_trade_list((FIXTURES / "ggzy_list.json").read_text(encoding="utf-8"), LIST_URL).records[0]
    results = list(
        spider.parse_project(html_response(record.url, "<html><body>维护中</body></html>"), record=record)
    )
    failure, request = results
    assert isinstance(failure, ParseFailure) and failure.url == record.url
    assert request.url == record.content_url and request.cb_kwargs["related"] == []


# -- 政采云 ------------------------------------------------------------------------------------


def zcy_spider() -> ZcySpider:
    spider = make_spider(ZcySpider, from_date="2025-06-01", until_date="2025-06-30", keywords="大模型")
    spider.set_window()
    return spider


def test_zcy_list_request_body() -> None:
    spider = zcy_spider()
    request = spider.list_request(ListQuery("大模型", JUNE, "www.ccgp-guangxi.gov.cn"), 1)
    assert request.url == "https://www.ccgp-guangxi.gov.cn/portal/all" and request.method == "POST"
    body = json.loads(request.body)
    # 2025-06-01 00:00 Beijing and 2025-07-01 00:00 Beijing (the end is exclusive), in epoch ms.
    assert (body["publishDateBegin"], body["publishDateEnd"]) == (1748707200000, 1751299200000)
    assert (body["keyword"], body["pageNo"], body["pageSize"]) == ("大模型", 1, 15)


def test_zcy_parse_list_then_detail() -> None:
    spider = zcy_spider()
    query = ListQuery("大模型", JUNE, "www.ccgp-guangxi.gov.cn")
    list_request = spider.list_request(query, 1)
    requests, _ = split(
        list(
            spider.parse_list(
                json_response(list_request, (FIXTURES / "zcy_list.json").read_bytes()), query=query, page=1
            )
        )
    )
    details = [r for r in requests if r.callback == spider.parse_detail]
    assert [r.url for r in details] == [
        detail_api_url("www.ccgp-guangxi.gov.cn", "Q2Fz+aBcD3fGhIjK1LmN0w=="),
        detail_api_url("www.ccgp-guangxi.gov.cn", "Zz9y/XwV8uTsRqP7OnM6lA=="),
    ]
    assert (
        details[0].url
        == "https://www.ccgp-guangxi.gov.cn/portal/detail?articleId=Q2Fz%2BaBcD3fGhIjK1LmN0w%3D%3D"
    )
    notice_url = details[0].cb_kwargs["notice_url"]
    assert (
        notice_url == "https://www.ccgp-guangxi.gov.cn/site/detail?articleId=Q2Fz%2BaBcD3fGhIjK1LmN0w%3D%3D"
    )
    [next_page] = [r for r in requests if r.callback == spider.parse_list]
    assert json.loads(next_page.body)["pageNo"] == 2  # 17 results at 15 a page
    response = json_response(Request(details[0].url), (FIXTURES / "zcy_detail.json").read_bytes())
    [item] = list(spider.parse_detail(response, **details[0].cb_kwargs))
    assert isinstance(item, NoticeItem)
    notice = item.notice
    assert (notice.source, notice.url, notice.notice_type, notice.publish_date) == (
        "zcy",
        notice_url,
        "award",
        date(2025, 6, 12),
    )
    assert notice.project_code == "NNZC2025-G3-000123-GXMM"
    assert notice.suppliers == ["某某智能科技有限公司"]
    assert notice.related_urls == [
        "https://www.ccgp-guangxi.gov.cn/site/detail?articleId=Ab1%2BCd2%2FEf3Gh4Ij5Kl6Mn%3D%3D"
    ]


def test_zcy_failed_detail_answer_is_a_parse_failure() -> None:
    spider = zcy_spider()
    url = detail_api_url("www.ccgp-guangxi.gov.cn", "x")
    response = json_response(Request(url), json.dumps({"success": False, "error": "文章不存在"}))
    [item] = list(
        spider.parse_detail(
            response, notice_url="https://www.ccgp-guangxi.gov.cn/site/detail?articleId=x", row=None
        )
    )
    assert isinstance(item, ParseFailure) and "success=False" in item.reason


# -- invariants for every item the callbacks produce -------------------------------------------


def all_offline_items() -> list[NoticeItem]:
    items = []
    for page, (url, _) in CCGP_REAL_DETAILS.items():
        path = REAL_PAGES_DIR / page
        if path.exists():  # absent real pages leave only the authored items
            results = ccgp_spider().parse_detail(html_response(url, path.read_bytes()), notice_url=url)
            items += [r for r in results if isinstance(r, NoticeItem)]
    spider = zcy_spider()
    url = "https://www.ccgp-guangxi.gov.cn/site/detail?articleId=Q2Fz%2BaBcD3fGhIjK1LmN0w%3D%3D"
    response = json_response(
        Request(detail_api_url("www.ccgp-guangxi.gov.cn", "x")), (FIXTURES / "zcy_detail.json").read_bytes()
    )
    items += list(spider.parse_detail(response, notice_url=url, row=None))
    return items


@pytest.mark.parametrize("item", all_offline_items(), ids=lambda item: item.notice.url[-30:])
def test_every_item_is_complete(item: NoticeItem) -> None:
    notice = item.notice
    assert urlsplit(notice.url).scheme in ("http", "https") and urlsplit(notice.url).netloc
    assert notice.title == notice.title.strip() and notice.title
    assert notice.publish_date is not None and date(2015, 1, 1) <= notice.publish_date <= date(2026, 12, 31)
    assert notice.notice_type in NOTICE_TYPES
    assert item.raw
    for amount in (notice.budget_yuan, notice.award_amount_yuan):
        assert amount is None or amount > 0
    assert notice.url not in notice.related_urls

"""The pure list-page readers (crawler/parse/ccgp_lists.py, ggzy_list.py, zcy_list.py) on real list data and on pages authored after docs/portals.md."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from crawler.parse.ccgp_lists import parse_channel_page, parse_search_page, search_total
from crawler.parse.errors import ListPageError
from crawler.parse.ggzy_list import GgzyRefusal, parse_trade_list
from crawler.parse.urls import canonical_url
from crawler.parse.zcy_list import detail_record, epoch_ms_date, parse_article_list
from domain.paths import REAL_PAGES_DIR

FIXTURES = Path(__file__).parent / "fixtures"
SEARCH_URL = "https://search.ccgp.gov.cn/bxsearch?searchtype=2&page_index=1&kw=%E5%A4%A7%E6%A8%A1%E5%9E%8B"


def real_page(relative: str) -> Path:
    path = REAL_PAGES_DIR / relative
    if not path.exists():
        pytest.skip(f"real page {relative} not available under {REAL_PAGES_DIR}")
    return path


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


# -- ccgp search -------------------------------------------------------------------------------


def test_real_search_item_dezhou_correction() -> None:
    item = real_page("ccgp/search_result_item_dezhou_correction_2020-03-04.html").read_text(encoding="utf-8")
    # The saved file is one <li>; a result page wraps it in the list and states the count.
    page = f'<p>共找到 <span>1</span> 条内容</p><ul class="vT-srch-result-list-bid">{item}</ul>'
    result = parse_search_page(page, SEARCH_URL)
    assert (result.total, result.pages, len(result.rows)) == (1, 1, 1)
    row = result.rows[0]
    assert row.url == "http://www.ccgp.gov.cn/cggg/dfgg/gzgg/202003/t20200304_13957968.htm"
    assert row.title == "德州市公安局互联网门户网站建设项目（恢复）更正公告"
    assert row.published == datetime(2020, 3, 4, 16, 2, 21)
    assert row.buyer == "德州市公安局"
    assert row.agency == "山东信一项目管理有限公司"
    assert row.notice_type == "更正公告"
    assert row.province == "山东"
    assert row.category is None  # the 品目 <strong> is empty on this item
    assert row.summary.startswith("德州市公安局互联网门户网站建设项目（恢复）更正公告一、采购人")


def test_authored_search_page_rows_total_and_pager() -> None:
    result = parse_search_page(fixture_text("ccgp_search_page.html"), SEARCH_URL)
    assert (result.total, result.pages) == (43, 3)
    assert [row.url for row in result.rows] == [
        "http://www.ccgp.gov.cn/cggg/dfgg/zbgg/202506/t20250612_24790001.htm",
        # the anchor is javascript:void(0): the URL comes from var ohtmlurls, same position
        "http://www.ccgp.gov.cn/cggg/dfgg/xjgg/202506/t20250603_24760003.htm",
        "http://www.ccgp.gov.cn/cggg/zygg/gkzb/202506/t20250630_24850002.htm",
    ]
    second = result.rows[1]
    assert second.title == "某县卫生健康局DeepSeek大模型一体机采购询价公告"
    assert second.agency is None  # buyer-organised purchase: no 代理机构 part
    assert (second.buyer, second.notice_type, second.province, second.category) == (
        "某县卫生健康局",
        "询价公告",
        "四川",
        "货物类",
    )
    assert result.rows[2].published == datetime(2025, 6, 30, 23, 59, 59)


def test_search_without_count_is_a_structure_change_not_an_empty_result() -> None:
    with pytest.raises(ListPageError, match="no result count"):
        parse_search_page(fixture_text("ccgp_search_changed_layout.html"), SEARCH_URL)


def test_block_page_is_not_an_empty_result() -> None:
    with pytest.raises(ListPageError):
        parse_search_page(fixture_text("ccgp_search_block.html"), SEARCH_URL)


def test_empty_search_is_zero_results() -> None:
    result = parse_search_page(fixture_text("ccgp_search_empty.html"), SEARCH_URL)
    assert (result.total, result.pages, result.rows) == (0, 0, [])


def test_count_without_rows_is_an_error() -> None:
    page = '<p>共找到 <span style="color:#c00000">12</span> 条内容</p><div class="other"></div>'
    with pytest.raises(ListPageError, match="lists no result rows"):
        parse_search_page(page, SEARCH_URL)


def test_count_with_thousands_separator() -> None:
    assert search_total('共找到 <span style="color:#c00000">1,234</span> 条内容', SEARCH_URL) == 1234


def test_row_without_any_ccgp_link_is_an_error() -> None:
    page = '<p>共找到 <span>1</span> 条内容</p><ul class="vT-srch-result-list-bid"><li><a href="javascript:void(0)">x</a></li></ul>'
    with pytest.raises(ListPageError, match="no ccgp detail link"):
        parse_search_page(page, SEARCH_URL)


# -- ccgp channel ------------------------------------------------------------------------------


def test_channel_page_rows() -> None:
    url = "https://www.ccgp.gov.cn/cggg/dfgg/zbgg/index.htm"
    page = parse_channel_page(fixture_text("ccgp_channel_page.html"), url)
    assert page.exists and len(page.rows) == 3
    first = page.rows[0]
    assert first.url == "http://www.ccgp.gov.cn/cggg/dfgg/zbgg/202506/t20250612_24790001.htm"
    assert (
        first.title == "某市人民医院医疗大模型平台建设项目中标（成交）结果公告"
    )  # title attribute, not the cut text
    assert (first.notice_type, first.region, first.buyer) == ("中标公告", "广东", "某市人民医院")
    assert first.published == datetime(2025, 6, 12, 10, 15)
    assert [row.publish_date for row in page.rows] == [
        date(2025, 6, 12),
        date(2025, 6, 11),
        date(2025, 5, 31),
    ]


def test_channel_page_past_the_last_index() -> None:
    page = parse_channel_page(
        fixture_text("ccgp_channel_not_found.html"), "https://www.ccgp.gov.cn/cggg/dfgg/zbgg/index_9.htm"
    )
    assert not page.exists and page.rows == []


def test_channel_page_with_another_layout_is_an_error() -> None:
    with pytest.raises(ListPageError, match="no channel list"):
        parse_channel_page(
            fixture_text("ccgp_search_changed_layout.html"),
            "https://www.ccgp.gov.cn/cggg/dfgg/zbgg/index.htm",
        )


# -- ggzy --------------------------------------------------------------------------------------

GGZY_LIST_URL = "https://www.ggzy.gov.cn/information/pubTradingInfo/getTradList"


def test_real_ggzy_list_response() -> None:
    body = real_page("ggzy/api_getTradList_response_2026-03-17.json").read_bytes()
    page = parse_trade_list(body, GGZY_LIST_URL)
    assert (page.total, page.pages, page.current, len(page.records)) == (1598, 80, 1, 20)
    first = page.records[0]
    assert first.url == (  # the A page: the notice's identity
        "https://www.ggzy.gov.cn/information/deal/html/a/330000/0203/20260317/003346ed9dd8b0494c7aa507db162810f636.html"
    )
    assert first.content_url == (
        "https://www.ggzy.gov.cn/information/deal/html/b/330000/0203/20260317/003346ed9dd8b0494c7aa507db162810f636.html"
    )
    assert (first.stage_code, first.province_code, first.publish_date) == (
        "0203",
        "330000",
        date(2026, 3, 17),
    )
    assert first.platform == "湖州市公共资源交易网"
    assert first.title.startswith("德清县体育中心")


@pytest.mark.parametrize("index", range(20))
def test_real_ggzy_records_invariants(index: int) -> None:
    page = parse_trade_list(
        real_page("ggzy/api_getTradList_response_2026-03-17.json").read_bytes(), GGZY_LIST_URL
    )
    record = page.records[index]
    assert record.url.startswith("https://www.ggzy.gov.cn/information/deal/html/a/")
    assert "/html/b/" in record.content_url and record.id in record.content_url
    assert record.publish_date in (date(2026, 3, 16), date(2026, 3, 17))
    assert record.stage_code is not None and record.stage_code.isdigit() and len(record.stage_code) == 4
    assert record.title and record.title == record.title.strip()


def test_authored_ggzy_list() -> None:
    page = parse_trade_list(fixture_text("ggzy_list.json"), GGZY_LIST_URL)
    assert (page.total, page.pages, len(page.records)) == (22, 2, 2)
    assert page.records[1].platform is None


def test_ggzy_captcha_answer_is_a_refusal() -> None:
    with pytest.raises(GgzyRefusal) as caught:
        parse_trade_list(fixture_text("ggzy_list_captcha.json"), GGZY_LIST_URL)
    assert caught.value.code == 829


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("<html>502 Bad Gateway</html>", "not JSON"),
        ('{"code": 200, "data": {}}', "no data.records"),
        ('{"code": 500, "message": "boom"}', "unexpected API code"),
        (
            '{"code": 200, "data": {"records": [], "total": 5, "pages": 1, "current": 1}}',
            "returns no records",
        ),
    ],
)
def test_ggzy_odd_answers_are_errors(body: str, message: str) -> None:
    with pytest.raises(ListPageError, match=message):
        parse_trade_list(body, GGZY_LIST_URL)


# -- 政采云 ------------------------------------------------------------------------------------


def test_zcy_list() -> None:
    page = parse_article_list(fixture_text("zcy_list.json"), "https://www.ccgp-guangxi.gov.cn/portal/all")
    assert page.total == 17 and len(page.rows) == 2
    first = page.rows[0]
    assert first.article_id == "Q2Fz+aBcD3fGhIjK1LmN0w=="
    assert first.publish_date == date(2025, 6, 12)  # 1749710400000 ms = 2025-06-12 14:40 Beijing
    assert (first.district_code, first.category) == ("450100", "中标（成交）结果公告")


def test_zcy_detail_record() -> None:
    record = detail_record(fixture_text("zcy_detail.json"), "https://www.ccgp-guangxi.gov.cn/portal/detail")
    assert record["projectCode"] == "NNZC2025-G3-000123-GXMM"


def test_zcy_failure_answer_is_an_error() -> None:
    with pytest.raises(ListPageError, match="success=False"):
        parse_article_list(json.dumps({"success": False, "error": "系统繁忙"}), "https://x/portal/all")


def test_epoch_ms_is_a_beijing_date() -> None:
    # 2025-06-11 16:30 UTC is already 2025-06-12 00:30 in Beijing.
    assert epoch_ms_date(1749659400000) == date(2025, 6, 12)
    assert epoch_ms_date(None) is None and epoch_ms_date("x") is None


def test_canonical_url_unifies_scheme_and_host_case() -> None:
    assert canonical_url("https://WWW.ccgp.gov.cn/cggg/a.htm#top") == "http://www.ccgp.gov.cn/cggg/a.htm"

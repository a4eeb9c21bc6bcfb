"""The duplicate filter with crawler.middlewares.ExactRequestFingerprinter (crawler/settings.py)."""

from __future__ import annotations

import logging
import os

from scrapy.dupefilters import RFPDupeFilter
from scrapy.http import FormRequest, Request
from scrapy.utils.project import get_project_settings

from crawler.middlewares import ExactRequestFingerprinter
from crawler.run import _scrapy_logger_at

SEARCH = "https://search.ccgp.gov.cn/bxsearch?searchtype=2&page_index=1&kw=%E5%A4%A7%E6%A8%A1%E5%9E%8B"


def seen_filter() -> RFPDupeFilter:
    return RFPDupeFilter(fingerprinter=ExactRequestFingerprinter())


def test_the_project_settings_use_it() -> None:
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    assert (
        get_project_settings()["REQUEST_FINGERPRINTER_CLASS"]
        == "crawler.middlewares.ExactRequestFingerprinter"
    )


def test_a_page_asked_twice_is_filtered_and_its_fragment_does_not_count() -> None:
    dupes = seen_filter()
    assert not dupes.request_seen(Request(SEARCH))
    assert dupes.request_seen(Request(SEARCH))
    assert dupes.request_seen(Request(SEARCH + "#results"))


def test_method_url_and_body_each_tell_requests_apart() -> None:
    dupes = seen_filter()
    api = "https://www.ggzy.gov.cn/information/pubTradingInfo/getTradList"
    requests = [
        Request(SEARCH),
        Request(SEARCH.replace("page_index=1", "page_index=2")),
        Request(SEARCH, method="HEAD"),
        FormRequest(api, formdata={"FINDTXT": "大模型", "PAGENUMBER": "1"}),
        FormRequest(api, formdata={"FINDTXT": "大模型", "PAGENUMBER": "2"}),
    ]
    assert [dupes.request_seen(r) for r in requests] == [False] * len(requests)
    assert dupes.request_seen(FormRequest(api, formdata={"FINDTXT": "大模型", "PAGENUMBER": "2"}))


def test_the_scrapy_loggers_take_the_run_level_and_get_their_own_back() -> None:
    scrapy_logger = logging.getLogger("scrapy")
    before = scrapy_logger.level
    restore = _scrapy_logger_at("WARNING")
    assert not logging.getLogger("scrapy.core.engine").isEnabledFor(logging.DEBUG)
    assert logging.getLogger("scrapy.core.engine").isEnabledFor(logging.WARNING)
    restore()
    assert scrapy_logger.level == before

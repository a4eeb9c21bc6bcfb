"""Every registered spider (Scrapy's SpiderLoader on crawler.settings): arguments, first requests, metadata."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

import pytest
from crawl_helpers import FROZEN_TODAY, first_requests, make_spider
from scrapy.http import Request
from scrapy.spiderloader import SpiderLoader
from scrapy.utils.project import get_project_settings

from crawler.spiders.base import SpiderArgumentError, TendersSpider, default_keywords, month_windows
from domain.vocabulary import NOTICE_TYPES, SOURCES


def spider_classes() -> list[type[TendersSpider]]:
    import os

    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    loader = SpiderLoader.from_settings(get_project_settings())
    return [loader.load(name) for name in sorted(loader.list())]


SPIDERS = spider_classes()
HOSTS = {
    "ccgp": {"search.ccgp.gov.cn", "www.ccgp.gov.cn"},
    "ggzy": {"www.ggzy.gov.cn"},
    "zcy": {"www.ccgp-guangxi.gov.cn"},  # Zhejiang (signed API) only when named with sites=
}


def test_one_spider_per_source_named_after_its_file() -> None:
    assert sorted(cls.name for cls in SPIDERS) == sorted(SOURCES)
    for cls in SPIDERS:
        assert cls.__module__ == f"crawler.spiders.{cls.name}"


@pytest.mark.parametrize("cls", SPIDERS, ids=lambda c: c.name)
def test_docstring_declares_portal_notice_types_and_caveats(cls: type[TendersSpider]) -> None:
    doc = cls.__doc__ or ""
    for heading in ("Portal:", "Notice types:", "Access:", "Caveats:"):
        assert heading in doc, f"{cls.name}: docstring lacks {heading}"
    assert cls.portal and cls.portal.split()[0] in doc
    assert cls.notice_types and set(cls.notice_types) <= set(NOTICE_TYPES)
    assert cls.caveats


@pytest.mark.parametrize("cls", SPIDERS, ids=lambda c: c.name)
def test_no_spider_relies_on_the_disabled_offsite_filter(cls: type[TendersSpider]) -> None:
    # crawler/settings.py turns Scrapy's OffsiteMiddleware off: it only acts on allowed_domains.
    assert not getattr(cls, "allowed_domains", None)
    settings = get_project_settings()
    assert (
        settings.getdict("DOWNLOADER_MIDDLEWARES")["scrapy.downloadermiddlewares.offsite.OffsiteMiddleware"]
        is None
    )


@pytest.mark.parametrize("cls", SPIDERS, ids=lambda c: c.name)
def test_default_arguments_build_first_requests(cls: type[TendersSpider]) -> None:
    spider = make_spider(cls)
    requests = first_requests(spider)
    # No earlier run: the last 30 days up to the frozen today, one search per keyword and month window.
    assert spider.window == (date(2025, 5, 31), date.fromisoformat(FROZEN_TODAY))
    assert spider.keywords == default_keywords()
    assert requests and all(isinstance(r, Request) for r in requests)
    assert {urlsplit(r.url).netloc for r in requests} <= HOSTS[cls.name]
    per_query = len(requests) / (len(default_keywords()) * len(month_windows(*spider.window)))
    assert per_query == int(per_query) and per_query >= 1


@pytest.mark.parametrize("cls", SPIDERS, ids=lambda c: c.name)
def test_explicit_arguments_shape_the_first_requests(cls: type[TendersSpider]) -> None:
    spider = make_spider(
        cls, from_date="2025-01-15", until_date="2025-03-10", keywords="大模型, DeepSeek ,大模型", sample="5"
    )
    requests = first_requests(spider)
    assert spider.window == (date(2025, 1, 15), date(2025, 3, 10))
    assert spider.keywords == ("大模型", "DeepSeek") and spider.sample == 5
    sites = len(HOSTS[cls.name]) if cls.name == "zcy" else 1
    assert len(requests) == 2 * 3 * sites  # 2 keywords x 3 month windows (Jan 15-31, Feb, Mar 1-10)
    # Each request carries its keyword (in the URL, the form or the JSON body).
    assert (
        sum("DeepSeek" in r.url + r.body.decode("utf-8", "replace") for r in requests) == len(requests) // 2
    )


@pytest.mark.parametrize("cls", SPIDERS, ids=lambda c: c.name)
@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"from_date": "2025-02-30"}, "from_date"),
        ({"until_date": "yesterday"}, "until_date"),
        ({"from_date": "2025-03-01", "until_date": "2025-02-01"}, "from_date"),
        ({"sample": "0"}, "sample"),
        ({"sample": "-3"}, "sample"),
        ({"sample": "many"}, "sample"),
        ({"keywords": " , "}, "keywords"),
    ],
)
def test_bad_arguments_are_rejected_naming_the_argument(
    cls: type[TendersSpider], kwargs: dict, argument: str
) -> None:
    with pytest.raises(SpiderArgumentError) as caught:
        make_spider(cls, **kwargs)
    assert caught.value.argument == argument
    assert str(caught.value).startswith(f"{argument}: ")


def test_zcy_default_sites_leave_out_the_signed_portal_which_stays_available() -> None:
    from crawler.spiders.zcy import DEFAULT_SITES, KNOWN_SITES, ZcySpider

    assert DEFAULT_SITES and not any(KNOWN_SITES[host].signed for host in DEFAULT_SITES)
    hosts = {urlsplit(r.url).netloc for r in first_requests(make_spider(ZcySpider))}
    assert hosts == set(DEFAULT_SITES) and "zfcg.czt.zj.gov.cn" not in hosts
    named = make_spider(ZcySpider, sites="zfcg.czt.zj.gov.cn, www.ccgp-guangxi.gov.cn")
    assert {urlsplit(r.url).netloc for r in first_requests(named)} == {
        "zfcg.czt.zj.gov.cn",
        "www.ccgp-guangxi.gov.cn",
    }


def test_ccgp_rejects_an_unknown_mode() -> None:
    from crawler.spiders.ccgp import CcgpSpider

    with pytest.raises(SpiderArgumentError, match=r"^mode: 'rss' is not one of search, channel"):
        make_spider(CcgpSpider, mode="rss")


def test_incremental_window_starts_at_the_last_finished_run() -> None:
    spider = make_spider(SPIDERS[0])
    assert spider.set_window(last_until=date(2025, 6, 20)) == (date(2025, 6, 20), date(2025, 6, 30))


def test_month_windows() -> None:
    assert month_windows(date(2024, 12, 30), date(2025, 2, 3)) == [
        (date(2024, 12, 30), date(2024, 12, 31)),
        (date(2025, 1, 1), date(2025, 1, 31)),
        (date(2025, 2, 1), date(2025, 2, 3)),
    ]

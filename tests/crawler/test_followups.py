"""The ccgp spider's follow-up searches by project code, called on pages the replay renders (no network).

An award whose title names no crawl keyword was found by its body; its 终止/废标公告 repeats the title,
not the body, so only a search by project code finds it (issue 5). Pages come from the replay corpus's
own renderer: MED-0265 (预问诊系统, keyword only in the body, award revoked) and MED-0264 (人工智能 in
every title).
"""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from crawl_helpers import html_response, make_spider
from scrapy.http import Request

from crawler.items import NoticeItem
from crawler.spiders.ccgp import FOLLOWUP_MAX_PAGES, AwardSeen, CcgpSpider, search_url
from replay import Corpus, Notice, load_corpus
from replay.render import ccgp as ccgp_render

WINDOW = ("2025-05-01", "2025-06-30")


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus()


def ccgp_notice(corpus: Corpus, project: str, kind: str) -> Notice:
    return next(n for n in corpus.notices if n.project == project and n.source == "ccgp" and n.kind == kind)


def spider(settings: dict[str, object] | None = None) -> CcgpSpider:
    built = make_spider(CcgpSpider, settings=settings, from_date=WINDOW[0], until_date=WINDOW[1])
    built.set_window()
    return built


def parse(built: CcgpSpider, notice: Notice) -> tuple[list[Request], list[NoticeItem]]:
    response = html_response(notice.url, ccgp_render.detail_page(notice))
    results = list(built.parse_detail(response, notice_url=notice.url))
    return [r for r in results if isinstance(r, Request)], [r for r in results if isinstance(r, NoticeItem)]


def query(request: Request) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(request.url).query, keep_blank_values=True).items()}


def test_an_award_without_keyword_in_its_title_is_followed_by_a_project_code_search(corpus: Corpus) -> None:
    award = ccgp_notice(corpus, "MED-0265", "award")
    assert "大模型" in ccgp_render.detail_page(award)  # found by its body …
    built = spider()
    assert not built.title_matches(award.title)  # … not by its title
    [followup], [item] = parse(built, award)
    assert item.notice.project_code == award.project_code and item.notice.notice_type == "award"
    assert followup.callback == built.parse_followup and followup.errback == built.lost_list
    assert followup.url == search_url(
        "", (date(2025, 5, 19), date(2025, 6, 30)), 1, 1, project_code="BJZC2025-F1-000265-JDZB"
    )
    params = query(followup)
    assert params["projectId"] == "BJZC2025-F1-000265-JDZB" and params["kw"] == ""
    assert (params["bidType"], params["timeType"]) == ("0", "6")  # every notice type, custom dates
    assert (params["start_time"], params["end_time"]) == ("2025:05:19", "2025:06:30")  # award → run's end
    assert followup.cb_kwargs == {
        "code": "BJZC2025-F1-000265-JDZB",
        "window": (date(2025, 5, 19), date(2025, 6, 30)),
        "page": 1,
    }
    assert built.crawler.stats.get_value("tenders/followups") == 1


def test_an_award_with_a_keyword_in_its_title_is_not_followed_up(corpus: Corpus) -> None:
    award = ccgp_notice(corpus, "MED-0264", "award")
    built = make_spider(CcgpSpider, from_date="2025-03-01", until_date="2025-03-31")
    built.set_window()
    assert "人工智能" in award.title
    requests, [item] = parse(built, award)
    assert item.notice.project_code and requests == []
    assert built.crawler.stats.get_value("tenders/followups") is None


def test_other_notice_types_codes_twice_and_the_limit(corpus: Corpus) -> None:
    tender = ccgp_notice(corpus, "MED-0265", "tender")
    built = make_spider(CcgpSpider, from_date="2025-04-01", until_date="2025-06-30")
    built.set_window()
    assert not built.title_matches(tender.title)
    requests, [item] = parse(built, tender)
    assert item.notice.notice_type == "tender" and requests == []  # only awards are followed up
    first = AwardSeen("某医院软件升级服务中标公告", "ABC-1", date(2025, 6, 1))
    assert built.followup("award", first) is not None
    assert built.followup("award", first) is None  # one search per project code and run
    assert built.followup("award", AwardSeen("某医院软件升级服务中标公告", None, date(2025, 6, 1))) is None
    after_the_run = AwardSeen("某医院软件升级服务中标公告", "ABC-3", date(2025, 7, 1))
    assert built.followup("award", after_the_run) is None


def test_the_followup_limit_is_a_setting_and_counted() -> None:
    built = spider(settings={"TENDERS_FOLLOWUP_LIMIT": 1})
    award = AwardSeen("某医院软件升级服务中标公告", "ABC-1", date(2025, 6, 1))
    assert built.followup("award", award) is not None
    assert built.followup("award", AwardSeen(award.title, "ABC-2", award.publish_date)) is None
    stats = built.crawler.stats
    assert (stats.get_value("tenders/followups"), stats.get_value("tenders/followups_over_limit")) == (1, 1)


def test_a_followup_page_fetches_what_is_not_known_and_pages_on_boundedly(corpus: Corpus) -> None:
    award = ccgp_notice(corpus, "MED-0265", "award")
    cancellation = ccgp_notice(corpus, "MED-0265", "cancellation")
    built = spider()
    built.known_urls = {award.url}
    window = (date(2025, 5, 19), date(2025, 6, 30))
    url = search_url("", window, 1, 1, project_code=award.project_code or "")
    params = query(Request(url))
    page = ccgp_render.search_page([(cancellation, ""), (award, "")], 2, params)
    results = list(built.parse_followup(html_response(url, page), award.project_code, window, 1))
    assert [r.url for r in results] == [cancellation.url]
    assert results[0].callback == built.parse_detail
    assert cancellation.url in built.tally.listed and built.tally.skipped_known == 1
    assert built.crawler.stats.get_value("tenders/followup_details") == 1

    # A code that lists many pages: page on, but no deeper than FOLLOWUP_MAX_PAGES.
    many = ccgp_render.search_page([(cancellation, "")], 20 * (FOLLOWUP_MAX_PAGES + 2), params)
    next_pages = list(built.parse_followup(html_response(url, many), "X", window, 1))
    assert [r.cb_kwargs["page"] for r in next_pages] == [2]
    assert list(built.parse_followup(html_response(url, many), "X", window, FOLLOWUP_MAX_PAGES)) == []
    assert built.crawler.stats.get_value("tenders/followups_truncated") == 1

"""The replay site answers each portal route with the real shapes and pagination (urllib, real server)."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from datetime import date
from typing import Any

import pytest

from replay import Corpus, ReplaySite

SEARCH = "https://search.ccgp.gov.cn/bxsearch"


def get(site: ReplaySite, url: str) -> tuple[int, str, dict[str, str]]:
    try:
        with urllib.request.urlopen(site.url_for(url), timeout=10) as response:
            return response.status, response.read().decode("utf-8"), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8"), dict(error.headers)


def post(site: ReplaySite, url: str, data: bytes, content_type: str) -> Any:
    request = urllib.request.Request(
        site.url_for(url), data=data, headers={"Content-Type": content_type}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read().decode("utf-8"))


def search(site: ReplaySite, **params: str) -> str:
    query = {
        "searchtype": "1",
        "page_index": "1",
        "bidSort": "0",
        "buyerName": "",
        "projectId": "",
        "pinMu": "0",
        "bidType": "0",
        "dbselect": "bidx",
        "kw": "",
        "start_time": "",
        "end_time": "",
        "timeType": "6",
        "displayZone": "",
        "zoneId": "",
        "pppStatus": "0",
        "agentName": "",
    }
    query.update(params)
    status, html, _ = get(site, f"{SEARCH}?{urllib.parse.urlencode(query)}")
    assert status == 200
    return html


def total_of(html: str) -> int:
    match = re.search(r"共找到\s*<span[^>]*>(\d+)</span>\s*条内容", html)
    assert match, "count text missing"
    return int(match.group(1))


def ohtml(html: str) -> list[str]:
    match = re.search(r'var ohtmlurls="([^"]*)"', html)
    assert match
    return [u for u in match.group(1).split(",") if u]


def expected(
    corpus: Corpus, keyword: str, start: date, end: date, channels: set[str] | None = None
) -> list[str]:
    hits = [
        n
        for n in corpus.notices
        if n.source == "ccgp"
        and keyword.casefold() in n.title.casefold()
        and start <= n.publish_date <= end
        and (channels is None or n.channel in channels)
    ]
    return [n.url for n in sorted(hits, key=lambda n: (n.published, n.nid), reverse=True)]


def test_ccgp_search_pages_through_exactly_the_matching_notices(site: ReplaySite, corpus: Corpus) -> None:
    want = expected(corpus, "大模型", date(2025, 6, 1), date(2025, 6, 30), {"zbgg"})
    first = search(site, kw="大模型", bidType="7", start_time="2025:06:01", end_time="2025:06:30")
    assert total_of(first) == len(want) > 20
    pages = int(re.search(r"Pager\(\{\s*size:\s*(\d+)", first).group(1))  # type: ignore[union-attr]
    assert pages == -(-len(want) // 20)
    seen = []
    for page in range(1, pages + 1):
        html = (
            first
            if page == 1
            else search(
                site,
                kw="大模型",
                bidType="7",
                start_time="2025:06:01",
                end_time="2025:06:30",
                page_index=str(page),
            )
        )
        urls = ohtml(html)
        hrefs = re.findall(r'<li>\s*<a href="([^"]+)"', html)
        assert urls == hrefs and len(urls) <= 20
        seen += urls
    assert seen == want
    assert '<font color="red">大模型</font>' in first
    assert re.search(r'<input type="hidden" id="kw" name="kw" value="大模型">', first)
    assert 'ul class="vT-srch-result-list-bid"' in first
    row = re.search(r"<span>(\d{4}\.\d{2}\.\d{2} \d{2}:\d{2}:\d{2})\s*\| 采购人：", first)
    assert row


def test_ccgp_full_text_finds_body_only_mentions(site: ReplaySite, corpus: Corpus) -> None:
    title_hits = total_of(search(site, kw="大模型", start_time="2025:01:01", end_time="2025:12:31"))
    full_hits = total_of(
        search(site, searchtype="2", kw="大模型", start_time="2025:01:01", end_time="2025:12:31")
    )
    assert full_hits > title_hits
    assert (
        total_of(search(site, kw="deepseek", start_time="2025:01:01", end_time="2025:12:31")) > 0
    )  # case-insensitive


def test_ccgp_search_filters_and_empty_result(site: ReplaySite, corpus: Corpus) -> None:
    assert total_of(search(site, kw="不存在的关键词甲乙丙")) == 0
    guangdong = search(site, kw="医院", zoneId="44", start_time="2025:01:01", end_time="2025:12:31")
    shenzhen = search(site, kw="医院", zoneId="4403", start_time="2025:01:01", end_time="2025:12:31")
    assert "深圳" not in re.findall(r'<a href="javascript:void\(0\)">([^<]+)</a>', guangdong)
    want_sz = [
        n
        for n in corpus.notices
        if n.source == "ccgp" and n.zone == "4403" and "医院" in n.title and n.published.year == 2025
    ]
    assert total_of(shenzhen) == len(want_sz)
    central = search(site, bidSort="1", start_time="2025:01:01", end_time="2025:12:31")
    assert all("/zygg/" in u for u in ohtml(central)) and total_of(central) > 0
    status, body, _ = get(site, f"{SEARCH}?kw=x&bidType=99")
    assert status == 400 and "bidType" in body


def test_ccgp_search_by_project_code_with_an_empty_keyword(site: ReplaySite, corpus: Corpus) -> None:
    """The follow-up search (projectId, kw empty): every ccgp notice of the window whose code contains
    the one asked, whatever its title or body says."""
    project = next(p for p in corpus.projects if p.key == "MED-0265")
    code = project.project_code or ""
    window = {"start_time": "2025:05:19", "end_time": "2025:12:31"}
    html = search(site, projectId=code, **window)
    want = [
        n.url
        for n in sorted(corpus.notices, key=lambda n: (n.published, n.nid), reverse=True)
        if n.source == "ccgp" and code in (n.project_code or "") and n.publish_date >= date(2025, 5, 19)
    ]
    assert ohtml(html) == want and total_of(html) == 2  # the award and its 终止公告
    assert any("/fblbgg/" in u for u in want)
    assert re.search(
        rf'<input type="hidden" id="projectId" name="projectId" value="{re.escape(code)}">', html
    )
    assert total_of(search(site, projectId=code, start_time="2025:06:11", end_time="2025:12:31")) == 0
    assert total_of(search(site, projectId=code, bidType="12", **window)) == 1  # 终止/废标 only
    # Containment: a re-tender's second-round code (first code + "-1") is found by the first code.
    suffixed = next(n for n in corpus.notices if n.source == "ccgp" and (n.project_code or "").endswith("-1"))
    first_code = (suffixed.project_code or "").removesuffix("-1")
    everything = {"start_time": "2024:12:01", "end_time": "2025:12:31"}
    assert suffixed.url in ohtml(search(site, projectId=first_code, **everything))
    assert total_of(search(site, projectId="NO-SUCH-CODE", **everything)) == 0


def test_ccgp_detail_page_frame(site: ReplaySite, corpus: Corpus) -> None:
    award = next(
        n
        for n in corpus.notices
        if n.source == "ccgp"
        and n.kind == "award"
        and n.style == "template"
        and all(lot.amount for lot in n.lots)
    )
    status, html, headers = get(site, award.url)
    assert status == 200 and "charset=utf-8" in headers["Content-Type"]
    assert f'<meta name="ArticleTitle" content="{award.title}"' in html.replace("&quot;", '"')
    assert re.search(r'<div class="vF_detail_main  pzln\w+">', html)
    assert re.findall(r'class="CurrChnlCls">([^<]+)</a>', html)[-2:] == [
        "地方公告" if not award.central else "中央公告",
        "中标公告" if award.channel == "zbgg" else "成交公告",
    ]
    assert f'<span id="pubTime">{award.published:%Y年%m月%d日 %H:%M}</span>' in html
    assert "<td class='title'>总中标金额</td>" in html and "万元（人民币）" in html
    assert 'class="code-winningSupplierName"' in html and "总价形式报价:" in html
    status, html, _ = get(site, award.url.replace("http://", "https://"))
    assert status == 200
    missing = re.sub(r"_(\d+)\.htm$", "_1.htm", award.url)
    status, html, _ = get(site, missing)
    assert status == 404 and "<title>错误页面！中国政府采购网</title>" in html


def test_ccgp_channel_listing_pages_to_the_end(site: ReplaySite, corpus: Corpus) -> None:
    want = [
        n.url
        for n in sorted(
            (n for n in corpus.notices if n.source == "ccgp" and n.channel == "zbgg" and not n.central),
            key=lambda n: (n.published, n.nid),
            reverse=True,
        )
    ]
    seen: list[str] = []
    page = 0
    base = "http://www.ccgp.gov.cn/cggg/dfgg/zbgg/"
    while True:
        url = base + ("index.htm" if page == 0 else f"index_{page}.htm")
        status, html, _ = get(site, url)
        if status == 404:
            assert "对不起，您所访问的页面不存在" in html
            break
        hrefs = re.findall(r'<li><a href="(\./[^"]+)" title="', html)
        assert 0 < len(hrefs) <= 20 and 'ul class="c_list_bid"' in html
        seen += [urllib.parse.urljoin(url, h) for h in hrefs]
        page += 1
    assert seen == want


def ggzy_form(**fields: str) -> bytes:
    base = {
        "TIMEBEGIN_SHOW": "2025-01-01",
        "TIMEEND_SHOW": "2025-12-31",
        "TIMEBEGIN": "2025-01-01",
        "TIMEEND": "2025-12-31",
        "SOURCE_TYPE": "1",
        "DEAL_TIME": "06",
        "DEAL_CLASSIFY": "02",
        "DEAL_STAGE": "0000",
        "DEAL_PROVINCE": "0",
        "DEAL_CITY": "0",
        "DEAL_PLATFORM": "0",
        "BID_PLATFORM": "0",
        "DEAL_TRADE": "0",
        "isShowAll": "1",
        "PAGENUMBER": "1",
        "FINDTXT": "",
    }
    base.update(fields)
    return urllib.parse.urlencode(base).encode()


GGZY_LIST = "https://www.ggzy.gov.cn/information/pubTradingInfo/getTradList"


def test_ggzy_list_json_and_pages(site: ReplaySite, corpus: Corpus) -> None:
    form = "application/x-www-form-urlencoded"
    data = post(site, GGZY_LIST, ggzy_form(FINDTXT="大模型", DEAL_STAGE="0202"), form)
    assert data["code"] == 200 and data["message"] == "success"
    page = data["data"]
    want = [n for n in corpus.notices if n.source == "ggzy" and n.ggzy_type == "0202" and "大模型" in n.title]
    assert page["total"] == len(want) and page["size"] == 20 and page["current"] == 1
    assert page["pages"] == -(-len(want) // 20)
    record = page["records"][0]
    assert set(record) >= {
        "id",
        "publishTime",
        "informationType",
        "informationTypeText",
        "province",
        "provinceText",
        "title",
        "url",
    }
    assert re.fullmatch(r"/information/deal/html/a/\d{6}/0202/\d{8}/[0-9a-f]{32,36}\.html", record["url"])
    ids = []
    for number in range(1, page["pages"] + 1):
        ids += [
            r["id"]
            for r in post(
                site, GGZY_LIST, ggzy_form(FINDTXT="大模型", DEAL_STAGE="0202", PAGENUMBER=str(number)), form
            )["data"]["records"]
        ]
    assert sorted(ids) == sorted(n.ggzy_id for n in want)
    one_province = post(site, GGZY_LIST, ggzy_form(DEAL_PROVINCE="440000"), form)["data"]
    assert {r["province"] for r in one_province["records"]} == {"440000"}
    assert post(site, GGZY_LIST, ggzy_form(DEAL_CLASSIFY="01"), form)["data"]["total"] == 0
    status, _, headers = get(site, GGZY_LIST)
    assert status == 405 and headers["Allow"] == "POST"


def test_ggzy_a_and_b_pages(site: ReplaySite, corpus: Corpus) -> None:
    notice = next(
        n for n in corpus.notices if n.source == "ggzy" and n.kind == "award" and len(n.related) >= 1
    )
    status, html, _ = get(site, notice.url)
    assert status == 200 and '<h4 class="h4_o">' in html
    assert f"采购项目编号：{notice.project_code}" in html
    linked = re.findall(r"showDetail\(this,\s*'(\d{4})','(/information/deal/html/b/[^']+)'\)", html)
    assert len(linked) == 1 + len(notice.related)
    assert "暂无数据" in html
    status, content, _ = get(site, "https://www.ggzy.gov.cn" + linked[0][1])
    assert status == 200 and '<div id="mycontent">' in content and "发布时间：" in content
    status, _, _ = get(site, notice.url.replace(notice.ggzy_id, "0" * 36))
    assert status == 404


ZCY = "https://zfcg.czt.zj.gov.cn"


def test_zcy_lists_and_detail(site: ReplaySite, corpus: Corpus) -> None:
    body = json.dumps(
        {
            "pageNo": 1,
            "pageSize": 15,
            "categoryCode": "ZcyAnnouncement4",
            "publishDateBegin": "2025-01-01",
            "publishDateEnd": "2025-12-31",
            "_t": 1735000000000,
        }
    ).encode()
    data = post(site, f"{ZCY}/portal/category", body, "application/json")
    assert data["success"] is True
    want = [
        n
        for n in corpus.notices
        if n.zcy_host == "zfcg.czt.zj.gov.cn"
        and "ZcyAnnouncement4" in n.zcy_codes
        and n.published.year == 2025
    ]
    assert data["result"]["data"]["total"] == len(want) and len(data["result"]["data"]["data"]) == 15
    row = data["result"]["data"]["data"][0]
    assert {"articleId", "title", "publishDate", "districtCode", "pathName"} <= set(row)
    query = urllib.parse.urlencode({"articleId": row["articleId"], "timestamp": "1735000000"})
    status, text, _ = get(site, f"{ZCY}/portal/detail?{query}")
    detail = json.loads(text)["result"]["data"]
    notice = next(n for n in want if n.article_id == row["articleId"])
    assert status == 200 and detail["title"] == notice.title and "code-00003" in detail["content"]
    assert [link["articleId"] for link in detail["announcementLinkDtoList"]] == [
        n.article_id
        for n in sorted(corpus.notices, key=lambda n: (n.published, n.nid))
        if n.nid in notice.related
    ]
    search = json.dumps(
        {
            "keyword": "大模型",
            "firstCode": "ZcyAnnouncement",
            "secondCode": "ZcyAnnouncement2|ZcyAnnouncement4",
            "publishDateBegin": 1735660800000,
            "publishDateEnd": 1767196800000,
            "pageNo": 1,
            "pageSize": 15,
            "isTitleSearch": None,
            "order": "desc",
            "leaf": "0",
        }
    ).encode()
    found = post(site, f"{ZCY}/portal/all", search, "application/json")["result"]["data"]
    assert found["total"] > 0
    too_long = json.dumps(
        {"keyword": "x", "publishDateBegin": "2024-01-01", "publishDateEnd": "2025-12-31"}
    ).encode()
    assert post(site, f"{ZCY}/portal/all", too_long, "application/json")["success"] is False
    status, text, _ = get(site, f"{ZCY}/portal/detail?articleId=nope")
    assert json.loads(text)["success"] is False


def test_unknown_host_and_pages_carry_real_urls(site: ReplaySite) -> None:
    status, body, _ = get(site, "https://example.com/x")
    assert status == 404 and "unknown host" in body
    html = search(site, kw="大模型", start_time="2025:01:01", end_time="2025:12:31")
    assert "127.0.0.1" not in html and "localhost" not in html


@pytest.mark.parametrize("keyword", ["一体机", "模型", "智能体"])
def test_keyword_search_returns_hard_negatives_too(site: ReplaySite, corpus: Corpus, keyword: str) -> None:
    """A keyword search also returns near-misses (自助一体机, 教学模型, 智能体测), as the real one does."""
    negatives = {p.key for p in corpus.projects if not p.llm}
    html = search(site, kw=keyword, start_time="2025:01:01", end_time="2025:12:31")
    total = total_of(html)
    urls = set()
    for page in range(1, -(-total // 20) + 1):
        urls |= set(
            ohtml(
                search(site, kw=keyword, start_time="2025:01:01", end_time="2025:12:31", page_index=str(page))
            )
        )
    by_url = {n.url: n for n in corpus.notices}
    assert any(by_url[u].project in negatives for u in urls)


def test_project_code_lookup_finds_what_a_scan_finds(site: ReplaySite) -> None:
    """The follow-up search's code lookup (all codes joined, one find pass) against a plain scan, for
    whole codes, their pieces, and strings that would only match across two neighbouring codes."""
    pool = site.data.ccgp
    codes = [n.project_code or "" for n in pool]
    probes = {"-", "1", "2025", "NO-SUCH-CODE", "\n"}
    for index in range(0, len(codes) - 1, 97):
        code = codes[index]
        probes |= {code, code[:5], code[-3:], code[-2:] + "\n" + codes[index + 1][:2]}
    for probe in sorted(p for p in probes if p):
        assert site._codes_containing(probe) == [i for i, c in enumerate(codes) if probe in c], probe

"""The ccgp search spider on the real 2025 search result page (every result's `<a href>` is
`javascript:void(0)`, the links only in `var ohtmlurls`), served by the replay site under its real
markup: a real crawl collects its 20 results; the same page without readable links fails the run."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from urllib.parse import parse_qs

import pytest
from replay_harness import query, stored_urls

from crawler.parse.ccgp_lists import ohtml_urls
from domain.paths import REAL_PAGES_DIR, REPO_ROOT
from replay.server import ReplaySite, Response

SEARCH_PAGE = REAL_PAGES_DIR / "ccgp" / "search_list_kw_henan_2025-06-02_to_06-09_page1.html"
DETAIL_PAGE = (
    REAL_PAGES_DIR / "ccgp" / "award_liaoning_dalian_defibrillator_national_template_2026-09-28.html"
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not SEARCH_PAGE.exists(), reason=f"real page {SEARCH_PAGE} is absent (shared test data)"
    ),
]


class RealSearchSite(ReplaySite):
    """The replay site answering every ccgp keyword search with the real search page (`search`), and
    every ccgp detail with one real detail page; the rest as the replay site does."""

    def __init__(self, search: bytes, detail: bytes | None = None) -> None:
        super().__init__()
        self.search = search
        # A stand-in: the real details of these 20 results are not saved, so one real detail page
        # answers for each of them.
        self.detail = detail if detail is not None else DETAIL_PAGE.read_bytes()

    def route(self, method: str, host: str, path: str, query: str, body: bytes, key: str) -> Response:
        if host == "search.ccgp.gov.cn" and path == "/bxsearch":
            params = parse_qs(query, keep_blank_values=True)
            if params.get("kw") == ["河南"]:
                return Response(200, self.search, "text/html; charset=utf-8")
        if host == "www.ccgp.gov.cn" and re.match(r"/cggg/.+\.htm$", path):
            return Response(200, self.detail, "text/html; charset=utf-8")
        return super().route(method, host, path, query, body, key)


def crawl(database_url: str, base_url: str) -> subprocess.CompletedProcess[str]:
    options = [
        "--from",
        "2025-06-02",
        "--until",
        "2025-06-09",
        "--keywords",
        "河南",
        "--replay",
        base_url,
        "--quiet",
    ]
    return subprocess.run(
        [sys.executable, "-m", "tenders", "--db", database_url, "crawl", "ccgp", *options],
        cwd=REPO_ROOT,
        env={**os.environ, "TENDERS_TODAY": "2026-09-30"},
        capture_output=True,
        text=True,
        timeout=900,  # a guard against a hang, not a time limit (issue 17)
        check=False,
    )


def test_the_search_spider_collects_the_20_results_of_the_real_search_page(database_url: str) -> None:
    page = SEARCH_PAGE.read_bytes()
    expected = ohtml_urls(page.decode("utf-8"))
    assert len(expected) == 20
    with RealSearchSite(page) as site:
        result = crawl(database_url, site.base_url)
    assert result.returncode == 0, result.stderr[-2000:]
    assert set(stored_urls(database_url, "ccgp")) == set(expected)


def test_a_search_page_with_results_but_no_readable_links_fails_the_run(database_url: str) -> None:
    text = SEARCH_PAGE.read_text(encoding="utf-8")
    unreadable = re.sub(r"var\s+ohtmlurls\s*=\s*\"[^\"]*\"", 'var ohtmlurls = ""', text).encode("utf-8")
    with RealSearchSite(unreadable) as site:
        result = crawl(database_url, site.base_url)
    assert stored_urls(database_url, "ccgp") == []
    [(status, close_reason, stats)] = query(database_url, "SELECT status, close_reason, stats FROM crawl_run")
    stats = json.loads(stats) if isinstance(stats, str) else stats
    # Not an empty day: the run is incomplete and names the search page it could not read.
    assert status == "incomplete", (status, close_reason, result.stderr[-1000:])
    assert "list pages lost" in close_reason and "search.ccgp.gov.cn" in close_reason
    assert any("no ccgp detail link" in page["reason"] for page in stats["lost_pages"])


def test_notices_stored_with_a_parse_quality_flag_are_counted_in_status(database_url: str) -> None:
    text = DETAIL_PAGE.read_text(encoding="utf-8")
    start = text.index('<div class="vF_detail_content">') + len('<div class="vF_detail_content">')
    end = text.index("<!--vF_detail_content_container-->")
    bodiless = (text[:start] + "</div></div>" + text[end:]).encode("utf-8")
    with RealSearchSite(SEARCH_PAGE.read_bytes(), bodiless) as site:
        result = crawl(database_url, site.base_url)
    assert result.returncode == 0, result.stderr[-2000:]
    # Stored (nothing is lost), but flagged, and counted per run.
    assert len(stored_urls(database_url, "ccgp")) == 20
    flags = query(database_url, "SELECT parse_quality FROM notice")
    assert all((json.loads(f) if isinstance(f, str) else f) == ["no_body"] for (f,) in flags)
    status = subprocess.run(
        [sys.executable, "-m", "tenders", "--db", database_url, "status", "--json"],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    ccgp = next(row for row in map(json.loads, status.stdout.splitlines()) if row["source"] == "ccgp")
    assert (ccgp["parse_flagged"], ccgp["parse_quality"]) == (20, {"no_body": 20})
    table = subprocess.run(
        [sys.executable, "-m", "tenders", "--db", database_url, "status"],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=60, check=True,
    ).stdout  # fmt: skip
    assert "flagged" in table and "ccgp: parse quality of the last run: no_body 20" in table

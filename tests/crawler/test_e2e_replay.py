"""Real crawls of every spider against the real replay site, into a fresh database of each backend.

What is stored must be exactly what the site lists for the window; a rerun adds nothing; faults the
site injects (5xx, 429 + Retry-After, hung responses, block pages, cut pages, GBK, a changed layout)
are retried or recorded, and no notice is lost or stored twice.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from datetime import date, timedelta
from typing import TYPE_CHECKING

import pytest
from replay_harness import crawl, listed_urls, query, stored_urls

from crawler.spiders.ccgp import search_url
from replay.faults import FaultConfig
from replay.server import ReplaySite

if TYPE_CHECKING:
    from conftest import Databases

pytestmark = pytest.mark.slow

JUNE = (date(2025, 6, 1), date(2025, 6, 30))
KEYWORDS = ["DeepSeek", "智能体"]


@pytest.fixture(scope="module")
def corpus():  # type: ignore[no-untyped-def]
    from replay.store import load_corpus

    try:
        return load_corpus()
    except FileNotFoundError as exc:  # pragma: no cover - the corpus is committed
        pytest.skip(f"replay corpus missing: {exc}")


@pytest.fixture(scope="module")
def clean_site(corpus) -> Iterator[ReplaySite]:  # type: ignore[no-untyped-def]
    with ReplaySite(corpus) as site:
        yield site


def runs(database_url: str) -> list[dict]:
    rows = query(
        database_url,
        "SELECT id, source, status, close_reason, expected_count, fetched_count, retries, blocks, "
        "parse_errors, new_items, stats FROM crawl_run ORDER BY id",
    )
    keys = (
        "id",
        "source",
        "status",
        "close_reason",
        "expected_count",
        "fetched_count",
        "retries",
        "blocks",
        "parse_errors",
        "new_items",
        "stats",
    )
    out = [dict(zip(keys, row, strict=True)) for row in rows]
    for run in out:
        run["stats"] = json.loads(run["stats"]) if isinstance(run["stats"], str) else run["stats"]
    return out


SOURCES = ["ccgp", "ggzy", "zcy"]


def test_each_spider_stores_what_the_site_lists_and_a_rerun_changes_nothing(
    clean_site: ReplaySite, database_url: str
) -> None:
    url = database_url
    listed = {source: listed_urls(clean_site.base_url, source, JUNE, KEYWORDS) for source in SOURCES}
    assert all(listed.values()), (
        "the window must list something on every portal for the test to mean anything"
    )
    summaries = {s["source"]: s for s in crawl(url, clean_site.base_url, SOURCES, JUNE, KEYWORDS)}
    titles = dict(query(url, "SELECT url, title FROM notice"))
    for source in SOURCES:
        summary, expected = summaries[source], listed[source]
        assert summary["status"] == "finished", summary
        # nothing missing, nothing extra, nothing twice
        assert sorted(stored_urls(url, source)) == sorted(expected), source
        assert summary["expected_count"] == summary["fetched_count"] == summary["new_items"] == len(expected)
        assert summary["parse_errors"] == 0 and summary["lost_pages"] == 0
        assert all(titles[u] for u in expected)

    again = {s["source"]: s for s in crawl(url, clean_site.base_url, SOURCES, JUNE, KEYWORDS)}
    for source in SOURCES:
        assert (again[source]["status"], again[source]["new_items"], again[source]["items"]) == (
            "finished",
            0,
            0,
        )
        assert again[source]["fetched_count"] == len(listed[source])  # accounted for: already stored
        assert sorted(stored_urls(url, source)) == sorted(listed[source])
    assert query(url, "SELECT count(*) FROM notice_change") == [(0,)]
    recorded = runs(url)
    assert [r["status"] for r in recorded] == ["finished"] * 6
    assert all(r["stats"]["skipped_known"] >= r["expected_count"] for r in recorded[3:])


def test_all_sources_together_and_the_sample_limit(clean_site: ReplaySite, database_url: str) -> None:
    url = database_url
    summaries = crawl(url, clean_site.base_url, SOURCES, JUNE, KEYWORDS, sample=3)
    by_source = {s["source"]: s for s in summaries}
    assert sorted(by_source) == ["ccgp", "ggzy", "zcy"]
    for source, summary in by_source.items():
        stored = stored_urls(url, source)
        assert len(stored) == len(set(stored)) == summary["new_items"] <= 3
        if summary["expected_count"] > 3:
            assert summary["status"] == "incomplete" and summary["close_reason"].startswith("sample")
    # A sampled (incomplete) run is not a finished one: the next incremental run starts at the same place.
    assert all(r["status"] != "finished" or r["expected_count"] <= 3 for r in runs(url))


FAULTS = {
    "5xx": (FaultConfig(seed=1, error=0.3), ["ccgp", "ggzy", "zcy"]),
    "429-retry-after": (FaultConfig(seed=2, throttle=0.08, retry_after=1), ["ccgp"]),
    "hung": (FaultConfig(seed=3, hang=0.05, hang_seconds=8), ["ccgp"]),
    "block-page": (FaultConfig(seed=4, block=0.25), ["ccgp", "ggzy", "zcy"]),
    "truncated-dataloss": (FaultConfig(seed=5, truncate=0.3, truncate_mode="dataloss"), ["ccgp", "ggzy"]),
    "truncated-short": (FaultConfig(seed=6, truncate=0.3, truncate_mode="short"), ["ccgp", "ggzy", "zcy"]),
    "gbk": (FaultConfig(seed=7, gbk=1.0), ["ccgp", "ggzy"]),
    "changed-layout": (FaultConfig(seed=8, layout=1.0), ["ccgp"]),
}


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_faults_are_retried_or_absorbed_without_losing_or_doubling_notices(
    name: str, corpus, database_url: str, clean_site: ReplaySite
) -> None:  # type: ignore[no-untyped-def]
    faults, sources = FAULTS[name]
    url = database_url
    # Short enough to cut the 8 s hangs, long enough for an ordinary answer on a busy machine.
    settings = {"DOWNLOAD_TIMEOUT": 3} if name == "hung" else {}
    with ReplaySite(corpus, faults) as site:
        summaries = crawl(url, site.base_url, sources, JUNE, KEYWORDS, settings=settings)
        injected = sum(site.fault_counts.values()) or persistent_variant_served(site, name)
    assert injected, f"the site injected no {name} fault: the test proves nothing"
    for summary in summaries:
        source = summary["source"]
        listed = listed_urls(clean_site.base_url, source, JUNE, KEYWORDS)
        stored = stored_urls(url, source)
        assert summary["status"] == "finished", summary
        assert sorted(stored) == sorted(listed), f"{source}: lost or extra notices under {name}"
        assert summary["parse_errors"] == 0
    recorded = runs(url)
    if name in ("5xx", "429-retry-after", "hung", "truncated-dataloss", "truncated-short"):
        assert sum(r["retries"] for r in recorded) > 0
    if name == "block-page":
        assert all(r["blocks"] > 0 for r in recorded), recorded
    if name == "429-retry-after":
        assert recorded[0]["stats"].get("tenders/retry_after_waits", 0) > 0
        assert recorded[0]["stats"]["elapsed_time_seconds"] >= 1.0  # it waited as asked
    if name == "truncated-short":
        assert sum(r["stats"].get("tenders/incomplete_pages", 0) for r in recorded) > 0
    if name == "gbk":
        titles = dict(query(url, "SELECT url, title FROM notice"))
        clean = {
            **listed_urls(clean_site.base_url, "ccgp", JUNE, KEYWORDS),
            **listed_urls(clean_site.base_url, "ggzy", JUNE, KEYWORDS),
        }
        assert all(titles[u] == clean[u] for u in clean if "ccgp" in u), "GBK pages decoded wrongly"


def persistent_variant_served(site: ReplaySite, name: str) -> bool:
    """Whether the site serves the persistent variant (not logged as an event): GBK pages, a changed layout."""
    listed = listed_urls(site.base_url, "ccgp", JUNE, KEYWORDS) if name == "gbk" else {}
    if name == "gbk":
        with urllib.request.urlopen(
            site.url_for(next(iter(listed)).replace("http://", "https://")), timeout=10
        ) as page:
            return "gbk" in page.headers.get("Content-Type", "").lower()
    if name == "changed-layout":
        real = search_url(KEYWORDS[0], JUNE, 2, 1)
        with urllib.request.urlopen(site.url_for(real), timeout=10) as page:
            return b"vT-srch-result-list-bid" not in page.read()
    return False


def test_a_persistent_block_is_recorded_and_a_later_run_recovers(
    corpus, clean_site: ReplaySite, database_url: str
) -> None:  # type: ignore[no-untyped-def]
    url = database_url
    stubborn = FaultConfig(seed=11, block=0.15, faulty_attempts=20)  # blocked every time we ask
    with ReplaySite(corpus, stubborn) as site:
        [blocked] = crawl(
            url, site.base_url, ["ccgp"], JUNE, KEYWORDS, settings={"TENDERS_BLOCK_RETRY_TIMES": 2}
        )
    assert blocked["status"] == "incomplete" and blocked["blocks"] > 0 and blocked["lost_pages"] > 0
    [record] = runs(url)
    assert record["stats"]["lost_pages"] and all(
        "blocked" in p["reason"] for p in record["stats"]["lost_pages"]
    )
    first = stored_urls(url, "ccgp")
    [recovered] = crawl(url, clean_site.base_url, ["ccgp"], JUNE, KEYWORDS)
    listed = listed_urls(clean_site.base_url, "ccgp", JUNE, KEYWORDS)
    assert recovered["status"] == "finished"
    assert sorted(stored_urls(url, "ccgp")) == sorted(listed)
    assert recovered["new_items"] == len(listed) - len(first)


# -- follow-ups by project code (issue 5) ---------------------------------------------------------


def revoked_award(corpus) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """MED-0265's ccgp award (大模型 in its body only) and its later 终止公告, whose page never names
    the model."""
    award, cancellation = revoked_award_notices(corpus)
    return award.url, cancellation.url


def revoked_award_notices(corpus):  # type: ignore[no-untyped-def]
    notices = [n for n in corpus.notices if n.project == "MED-0265" and n.source == "ccgp"]
    [award] = [n for n in notices if n.kind == "award"]
    [cancellation] = [n for n in notices if n.kind == "cancellation"]
    return award, cancellation


def award_then_cancellation_windows(corpus) -> tuple[tuple[date, date], tuple[date, date]]:  # type: ignore[no-untyped-def]
    """Two consecutive crawl windows: the first holds MED-0265's award and ends before its cancellation,
    the second starts the day after and holds the cancellation (dates read from the corpus)."""
    award, cancellation = revoked_award_notices(corpus)
    first_end = cancellation.publish_date - timedelta(days=1)
    assert award.publish_date <= first_end
    return (award.publish_date - timedelta(days=4), first_end), (
        cancellation.publish_date,
        cancellation.publish_date + timedelta(days=5),
    )


def keyword_rows(base: str, window: tuple[date, date], keyword: str) -> set[str]:
    """What the full-text keyword search alone lists (no follow-ups)."""
    from crawler.parse.ccgp_lists import parse_search_page

    urls: set[str] = set()
    page, pages = 1, 1
    while page <= pages:
        real = search_url(keyword, window, 2, page)
        with urllib.request.urlopen(f"{base}/{real.split('://', 1)[1]}", timeout=10) as answer:
            result = parse_search_page(answer.read().decode("utf-8"), real)
        pages = result.pages
        urls.update(row.url for row in result.rows)
        page += 1
    return urls


def test_a_cancellation_naming_no_keyword_is_stored_through_the_award_followup(
    corpus, clean_site: ReplaySite, database_url: str
) -> None:  # type: ignore[no-untyped-def]
    award, cancellation = revoked_award(corpus)
    first, second = award_then_cancellation_windows(corpus)
    window = (first[0], second[1])
    searched = keyword_rows(clean_site.base_url, window, "大模型")
    assert award in searched and cancellation not in searched  # the keyword search alone misses it
    url = database_url
    [summary] = crawl(url, clean_site.base_url, ["ccgp"], window, ["大模型"])
    stored = stored_urls(url, "ccgp")
    assert award in stored and cancellation in stored
    assert sorted(stored) == sorted(listed_urls(clean_site.base_url, "ccgp", window, ["大模型"]))
    assert summary["status"] == "finished" and summary["fetched_count"] == summary["expected_count"]
    assert summary["expected_count"] > len(searched)  # the follow-ups' notices are accounted for


def test_an_incremental_run_follows_up_awards_stored_by_earlier_runs(
    corpus, clean_site: ReplaySite, databases: Databases
) -> None:  # type: ignore[no-untyped-def]
    award, cancellation = revoked_award(corpus)
    first_window, next_window = award_then_cancellation_windows(corpus)  # the award's run, then the next
    url, blind = databases.new("crawl"), databases.new("blind")
    for each in (url, blind):  # the same history for both
        crawl(each, clean_site.base_url, ["ccgp"], first_window, ["大模型"])
    stored = stored_urls(url, "ccgp")
    assert award in stored and cancellation not in stored  # published after the first window
    assert sorted(stored_urls(blind, "ccgp")) == sorted(stored)
    [june] = crawl(url, clean_site.base_url, ["ccgp"], next_window, ["大模型"])
    assert june["status"] == "finished" and cancellation in stored_urls(url, "ccgp")
    # Without the stored awards' follow-ups (TENDERS_FOLLOWUP_DAYS=0) the next run cannot find it.
    settings = {"TENDERS_FOLLOWUP_DAYS": 0}
    crawl(blind, clean_site.base_url, ["ccgp"], next_window, ["大模型"], settings=settings)
    assert cancellation not in stored_urls(blind, "ccgp")

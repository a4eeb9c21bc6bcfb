"""End-to-end harness: real crawls (a child process running crawler.run.run_crawl) against a real ReplaySite.

`listed_urls` asks the replay site's own list endpoints what they list for a window, page by page, so
a crawl is compared with the site, not with a second reading of the corpus. For ccgp that includes
the project-code follow-ups: every listed award whose title names no keyword is searched by its
project code from its date to the window's end, until nothing new turns up.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
import urllib.request
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from crawler.parse.ccgp import parse_ccgp_detail
from crawler.parse.ccgp_lists import parse_search_page
from crawler.parse.urls import canonical_url
from crawler.spiders.ccgp import FOLLOWUP_MAX_PAGES, search_url
from crawler.spiders.zcy import DEFAULT_SITES, notice_url
from domain.paths import REPO_ROOT
from storage.db import make_engine

CHINA = timezone(timedelta(hours=8))
FAST = {"DOWNLOAD_TIMEOUT": 5, "RETRY_TIMES": 3, "TENDERS_LOG_LEVEL": "WARNING"}


def crawl(
    database_url: str,
    replay_url: str,
    sources: list[str],
    window: tuple[date, date],
    keywords: list[str],
    *,
    sample: int | None = None,
    settings: dict[str, Any] | None = None,
    timeout: float = 900,
) -> list[dict[str, Any]]:
    """Run run_crawl in a child process (a Twisted reactor runs once per process) and return its summaries.

    `timeout` only guards against a hang (issue 17): a 90 s limit failed the 429 + Retry-After crawl on a
    loaded 2-core machine, where waiting out the Retry-After pauses at a quarter of a core takes longer."""
    job = {
        "sources": sources,
        "database_url": database_url,
        "from_date": window[0].isoformat(),
        "until_date": window[1].isoformat(),
        "replay_url": replay_url,
        "sample": sample,
        "keywords": keywords,
        "settings": {**FAST, **(settings or {})},
    }
    code = (
        "import json, sys\n"
        "from datetime import date\n"
        "from crawler.run import run_crawl\n"
        "job = json.loads(sys.argv[1])\n"
        "out = run_crawl(job['sources'], database_url=job['database_url'],"
        " from_date=date.fromisoformat(job['from_date']), until_date=date.fromisoformat(job['until_date']),"
        " replay_url=job['replay_url'], polite=False, sample=job['sample'], progress=False,"
        " keywords=job['keywords'], extra_settings=job['settings'])\n"
        "print('SUMMARIES ' + json.dumps(out, ensure_ascii=False))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, json.dumps(job, ensure_ascii=False)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO_ROOT,
        env={**os.environ, "TENDERS_LOG_LEVEL": "WARNING"},
        check=False,
    )
    for line in result.stdout.splitlines():
        if line.startswith("SUMMARIES "):
            return list(json.loads(line.removeprefix("SUMMARIES ")))
    raise AssertionError(f"crawl failed (exit {result.returncode}):\n{result.stderr[-3000:]}")


def _get(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> bytes:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return bytes(answer.read())


def _get_text(url: str) -> str:
    """A page decoded by the charset its Content-Type names (a GBK fault serves GBK pages)."""
    with urllib.request.urlopen(url, timeout=10) as answer:
        charset = answer.headers.get_content_charset() or "utf-8"
        return bytes(answer.read()).decode(charset)


def _replay(base: str, real_url: str) -> str:
    _, rest = real_url.split("://", 1)
    return f"{base}/{rest}"


def listed_urls(base: str, source: str, window: tuple[date, date], keywords: list[str]) -> dict[str, str]:
    """Canonical URL → listed title of every notice the site's list endpoints show for the window."""
    return dict(_listed(base, source, window, tuple(keywords)))


@functools.cache
def _listed(
    base: str, source: str, window: tuple[date, date], keywords: tuple[str, ...]
) -> tuple[tuple[str, str], ...]:
    found: dict[str, str] = {}
    for keyword in keywords:
        if source == "ccgp":
            page, pages = 1, 1
            while page <= pages:
                url = search_url(keyword, window, 2, page)
                result = parse_search_page(_get(_replay(base, url)).decode("utf-8"), url)
                pages = result.pages
                found.update({row.url: row.title for row in result.rows})
                page += 1
        elif source == "ggzy":
            page, pages = 1, 1
            while page <= pages:
                form = {
                    "TIMEBEGIN": window[0].isoformat(),
                    "TIMEEND": window[1].isoformat(),
                    "DEAL_TIME": "06",
                    "DEAL_CLASSIFY": "02",
                    "SOURCE_TYPE": "1",
                    "FINDTXT": keyword,
                    "PAGENUMBER": str(page),
                }
                body = _get(
                    f"{base}/www.ggzy.gov.cn/information/pubTradingInfo/getTradList", urlencode(form).encode()
                )
                data = json.loads(body)["data"]
                pages = data["pages"]
                for record in data["records"]:
                    found[canonical_url("https://www.ggzy.gov.cn" + record["url"])] = record["title"]
                page += 1
        else:
            for host in DEFAULT_SITES:
                page, total = 1, 1
                while (page - 1) * 15 < total:
                    start = int(datetime.combine(window[0], time(0), tzinfo=CHINA).timestamp() * 1000)
                    end = int(
                        datetime.combine(window[1] + timedelta(days=1), time(0), tzinfo=CHINA).timestamp()
                        * 1000
                    )
                    query = {
                        "keyword": keyword,
                        "publishDateBegin": start,
                        "publishDateEnd": end,
                        "pageNo": page,
                        "pageSize": 15,
                    }
                    body = _get(
                        f"{base}/{host}/portal/all",
                        json.dumps(query).encode(),
                        {"Content-Type": "application/json"},
                    )
                    data = json.loads(body)["result"]["data"]
                    total = data["total"]
                    for row in data["data"]:
                        found[notice_url(host, row["articleId"])] = row["title"]
                    page += 1
    if source == "ccgp":
        found.update(_ccgp_followups(base, window, keywords, found))
    return tuple(found.items())


def _ccgp_followups(
    base: str, window: tuple[date, date], keywords: tuple[str, ...], listed: dict[str, str]
) -> dict[str, str]:
    """What the project-code follow-ups of the listed ccgp notices list (and theirs, in turn)."""
    found: dict[str, str] = {}
    queue, done = list(listed), set()
    while queue:
        url = queue.pop(0)
        notice = parse_ccgp_detail(_get_text(_replay(base, url)), url)
        code = (notice.project_code or "").strip()
        title = notice.title.casefold()
        if notice.notice_type != "award" or not code or any(k.casefold() in title for k in keywords):
            continue
        if code in done or notice.publish_date is None or notice.publish_date > window[1]:
            continue
        done.add(code)
        page, pages = 1, 1
        while page <= min(pages, FOLLOWUP_MAX_PAGES):
            search = search_url("", (notice.publish_date, window[1]), 1, page, project_code=code)
            result = parse_search_page(_get_text(_replay(base, search)), search)
            pages = result.pages
            for row in result.rows:
                if row.url not in listed and row.url not in found:
                    found[row.url] = row.title
                    queue.append(row.url)
            page += 1
    return found


def stored_urls(database_url: str, source: str) -> list[str]:
    """Every stored URL of a source, duplicates kept (there must be none)."""
    engine = make_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT url FROM notice WHERE source = :s"), {"s": source}).all()
    engine.dispose()
    return [row[0] for row in rows]


def notice_count(database_url: str) -> int:
    """Notices committed so far, 0 before the schema exists: cheap enough to poll while a crawl in another
    process creates and fills the database. It never migrates nor creates an SQLite file, so it does not
    race that process's first migration."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and not Path(url.database or "").exists():
        return 0
    engine = make_engine(database_url, migrate=False)
    try:
        with engine.connect() as connection:
            return int(connection.execute(text("SELECT count(*) FROM notice")).scalar_one())
    except SQLAlchemyError:  # the table is not created yet
        return 0
    finally:
        engine.dispose()


def query(database_url: str, sql: str, **params: Any) -> list[Any]:
    engine = make_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(text(sql), params).all()
    engine.dispose()
    return list(rows)

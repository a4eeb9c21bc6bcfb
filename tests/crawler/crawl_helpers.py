"""Helpers for the crawler tests: offline responses, spiders built through a Scrapy crawler, fixture paths."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from scrapy.http import HtmlResponse, Request, TextResponse
from scrapy.utils.test import get_crawler

from domain.paths import REAL_PAGES_DIR, REPO_ROOT

FIXTURES = Path(__file__).parent / "fixtures"
FROZEN_TODAY = "2025-06-30"


def real_page(relative: str) -> Path:
    path = REAL_PAGES_DIR / relative
    if not path.exists():
        pytest.skip(f"real page {relative} not available under {REAL_PAGES_DIR}")
    return path


def make_spider(spider_cls: type, *, settings: dict[str, Any] | None = None, **kwargs: Any) -> Any:
    """A spider built the way Scrapy builds it (settings attached, `settings` overriding the project's),
    with the clock frozen at FROZEN_TODAY."""
    from scrapy.utils.project import get_project_settings
    from scrapy.utils.reactor import is_reactor_installed

    values = get_project_settings().copy_to_dict()
    values["TENDERS_TODAY"] = FROZEN_TODAY
    if not is_reactor_installed():
        # offline: callbacks only, no reactor in the test process. Where another test of the same
        # worker process already installed one, Scrapy's test crawler requires it enabled.
        values["TWISTED_REACTOR_ENABLED"] = False
    values.update(settings or {})
    crawler = get_crawler(spider_cls, values)
    return spider_cls.from_crawler(crawler, **kwargs)


def html_response(url: str, body: bytes | str, request: Request | None = None) -> HtmlResponse:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return HtmlResponse(url=url, body=data, encoding="utf-8", request=request or Request(url))


def json_response(request: Request, body: bytes | str) -> TextResponse:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return TextResponse(url=request.url, body=data, encoding="utf-8", request=request)


def first_requests(spider: Any) -> list[Any]:
    async def collect(generator: AsyncIterator[Any]) -> list[Any]:
        return [item async for item in generator]

    return asyncio.run(collect(spider.start()))


def run_tenders(*args: str) -> subprocess.CompletedProcess[str]:
    """`python -m tenders ARGS` from the repository root, its output captured as text. The timeout guards
    against a hang; it is not a time limit (issue 17)."""
    return subprocess.run(
        [sys.executable, "-m", "tenders", *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )

"""政采云 portal list and detail JSON: POST /portal/category|/portal/all, GET /portal/detail (PORTALS.md §4.1)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from crawler.listing import ListPageError, clean_text, json_object

CHINA = timezone(timedelta(hours=8), "Asia/Shanghai")  # publishDate is epoch ms; the date is Beijing time


@dataclass(frozen=True)
class ArticleRow:
    article_id: str
    title: str
    publish_date: date | None
    district_code: str | None
    category: str | None


@dataclass(frozen=True)
class ArticlePage:
    total: int
    rows: list[ArticleRow]


def parse_article_list(body: str | bytes | dict[str, Any], url: str) -> ArticlePage:
    """Rows and total of one list answer (`result.data.total`, `result.data.data[]`)."""
    payload = json_object(body, url)
    if payload.get("success") is not True:
        raise ListPageError(
            url,
            f"the list API answered success={payload.get('success')!r}: "
            f"{str(payload.get('error') or payload.get('message') or '')[:200]}",
        )
    data = (payload.get("result") or {}).get("data")
    if not isinstance(data, dict) or not isinstance(data.get("data"), list):
        raise ListPageError(url, "no result.data.data list in the API answer")
    try:
        total = int(data["total"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ListPageError(url, f"no usable result.data.total: {exc}") from exc
    return ArticlePage(total=total, rows=[_row(raw, url) for raw in data["data"]])


def detail_record(body: str | bytes | dict[str, Any], url: str) -> dict[str, Any]:
    """The `result.data` record of a /portal/detail answer (fed to the zcy detail parser)."""
    payload = json_object(body, url)
    if payload.get("success") is not True:
        raise ListPageError(url, f"the detail API answered success={payload.get('success')!r}")
    record = (payload.get("result") or {}).get("data")
    if not isinstance(record, dict):
        raise ListPageError(url, "no result.data record in the detail answer")
    return record


def epoch_ms_date(value: Any) -> date | None:
    """A publishDate (epoch milliseconds) as the Beijing calendar date."""
    if value is None or value == "":
        return None
    try:
        return datetime.fromtimestamp(int(value) / 1000, tz=UTC).astimezone(CHINA).date()
    except (TypeError, ValueError, OverflowError):
        return None


def _row(raw: Any, page_url: str) -> ArticleRow:
    if not isinstance(raw, dict) or not raw.get("articleId") or not raw.get("title"):
        raise ListPageError(page_url, f"a row lacks articleId or title: {str(raw)[:200]}")
    return ArticleRow(
        article_id=str(raw["articleId"]),
        title=clean_text(raw["title"]),
        publish_date=epoch_ms_date(raw.get("publishDate")),
        district_code=str(raw["districtCode"]) if raw.get("districtCode") else None,
        category=raw.get("pathName") or None,
    )

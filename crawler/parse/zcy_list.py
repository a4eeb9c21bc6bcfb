"""政采云 portal list and detail JSON: POST /portal/category|/portal/all, GET /portal/detail (docs/portals.md §4.1)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from crawler.parse.dates import date_from_epoch
from crawler.parse.errors import ListPageError
from crawler.parse.text import clean_text, json_object


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
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return date_from_epoch(int(value))
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

"""ggzy list API: POST /information/pubTradingInfo/getTradList (docs/portals.md §2.1)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from crawler.parse.errors import ListPageError
from crawler.parse.text import clean_text, json_object
from crawler.parse.urls import canonical_url

SITE = "https://www.ggzy.gov.cn"

# Non-200 codes the list API answers with (from the page's own JS, docs/portals.md §2.1).
REFUSAL_CODES = {
    800: "rate-limited (眼睛累了，稍适休息！)",
    801: "error answer",
    829: "captcha required",
}


class GgzyRefusal(Exception):
    """The API refused the query (rate limit, error, captcha): back off and record, never solve."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(f"ggzy code {code}: {message}")
        self.code = code
        self.message = message


@dataclass(frozen=True)
class TradeRecord:
    """One listed notice. `url` (its identity) is the A (project) page; `content_url` the B page holding it."""

    id: str
    title: str
    publish_date: date | None
    stage_code: str | None
    stage_text: str | None
    province_code: str | None
    platform: str | None
    url: str

    @property
    def content_url(self) -> str:
        # The B page of a listed notice sits at the A path with /a/ → /b/ (docs/portals.md §2.2, §2.3).
        return self.url.replace("/deal/html/a/", "/deal/html/b/", 1)


@dataclass(frozen=True)
class TradeListPage:
    total: int
    pages: int
    current: int
    records: list[TradeRecord]


def parse_trade_list(body: str | bytes | dict[str, Any], url: str) -> TradeListPage:
    """Records and totals of one getTradList response; refusals raise GgzyRefusal, odd shapes ListPageError."""
    payload = json_object(body, url)
    data, raw_records = trade_list_data(payload, url)
    try:
        total, pages, current = int(data["total"]), int(data["pages"]), int(data.get("current") or 1)
    except (KeyError, TypeError, ValueError) as exc:
        raise ListPageError(url, f"no usable total/pages in the API answer: {exc}") from exc
    records = [_record(raw, url) for raw in raw_records]
    if total > 0 and not records and current <= pages:
        raise ListPageError(url, f"the API reports {total} results but returns no records")
    return TradeListPage(total=total, pages=pages, current=current, records=records)


def trade_list_data(payload: dict[str, Any], url: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The `data` object and its records of a getTradList answer; refusals raise GgzyRefusal, any
    other code or shape ListPageError. Read by the spider (parse_trade_list) and by `tenders parse`."""
    code = payload.get("code")
    if code != 200:
        refusal = refusal_of(payload)
        if refusal is not None:
            raise refusal
        raise ListPageError(url, f"unexpected API code {code!r}: {payload.get('message')!r}")
    data = payload.get("data")
    if not isinstance(data, dict) or not isinstance(data.get("records"), list):
        raise ListPageError(url, "no data.records list in the API answer")
    records = data["records"]
    if not all(isinstance(record, dict) for record in records):
        raise ListPageError(url, "the API answered records that are not JSON objects")
    return data, records


def refusal_of(payload: dict[str, Any]) -> GgzyRefusal | None:
    """The refusal an answer carries (codes 800/801/829), else None."""
    code = payload.get("code")
    if isinstance(code, int | str) and str(code).isdigit() and int(code) in REFUSAL_CODES:
        message = payload.get("message") or REFUSAL_CODES[int(code)]
        return GgzyRefusal(int(code), str(message))
    return None


def _record(raw: Any, page_url: str) -> TradeRecord:
    if not isinstance(raw, dict) or not raw.get("url") or not raw.get("title"):
        raise ListPageError(page_url, f"a record lacks url or title: {str(raw)[:200]}")
    return TradeRecord(
        id=str(raw.get("id") or ""),
        title=clean_text(raw["title"]),
        publish_date=_iso_date(raw.get("publishTime")),
        stage_code=raw.get("informationType") or None,
        stage_text=raw.get("informationTypeText") or None,
        province_code=raw.get("province") or None,
        platform=raw.get("transactionSourcesPlatformText") or None,
        url=canonical_url(SITE + raw["url"] if str(raw["url"]).startswith("/") else str(raw["url"])),
    )


def _iso_date(value: Any) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None

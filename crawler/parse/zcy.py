"""政采云 (zcy) provincial portals: the `/portal/detail` record and its bare `content` HTML.

A detail record (`result.data`, docs/portals.md §4.1) carries title, projectCode, projectName,
publishDate (epoch ms), districtCode, author (the agency), content (notice HTML in the national
template), attachmentList and announcementLinkDtoList (the other notices of the same procurement).
A bare `content` fragment has no title and no date: its project name (code-00003) stands in for
the title, because classification needs one and the name is printed on the page, and its type is read
from the template (a response deadline code-23011/24011/25011 without winners is a tender).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import SplitResult, quote_plus, urlsplit, urlunsplit

from crawler.parse.body import BodyFields, extract_body, trim_code
from crawler.parse.dates import parse_date
from crawler.parse.errors import PageParseError
from crawler.parse.notice_types import first_type, resolve_type, type_from_text
from crawler.parse.quality import quality_flags
from crawler.parse.regions import resolve_region
from crawler.parse.text import Element, clean_or_none, json_list, json_text, load_html, strip_markup
from domain.notice import ParsedNotice


def zcy_detail_url(site_url: str, article_id: str) -> str:
    """The public page of an article on the same 政采云 site: `https://<host>/site/detail?articleId=…`.
    Related notices are named this way; spiders should use the same form for canonical URLs."""
    return _detail_url_on(urlsplit(site_url), article_id)


# quote_plus of each ASCII character: ids are base64 (`j+tIDUGHfxw…==`), and quote_plus percent-encodes
# them one byte at a time in Python.
_ASCII_QUOTED = {code: quote_plus(chr(code)) for code in range(128)}


def _quote_plus(text: str) -> str:
    """quote_plus(text), through a table for ASCII text."""
    return text.translate(_ASCII_QUOTED) if text.isascii() else quote_plus(text)


def _detail_url_on(site: SplitResult, article_id: str) -> str:
    """zcy_detail_url on an already split site URL (a record links several articles of one site);
    the query is what urlencode({"articleId": article_id}) writes."""
    query = "articleId=" + _quote_plus(article_id)
    if site.scheme not in ("http", "https") or not site.netloc:
        # A saved file does not say which 政采云 site it came from: keep the link site-relative.
        return f"/site/detail?{query}"
    return urlunsplit((site.scheme, site.netloc, "/site/detail", query, ""))


def content_type(body: BodyFields) -> str | None:
    """A notice type the template structure implies: winners → award; a deadline and no winners → tender."""
    if body.awards:
        return "award"
    if body.has_deadline:
        return "tender"
    return None


def parse_zcy_content(html: str | bytes, url: str = "zcy:content") -> ParsedNotice:
    """A bare 政采云 `content` fragment (no record around it) as a ParsedNotice."""
    return parse_zcy_content_tree(load_html(html, url), url)


def parse_zcy_content_tree(root: Element, url: str, source: str = "zcy") -> ParsedNotice:
    """parse_zcy_content on an already parsed tree. `source` lets a ccgp-hosted template body reuse it."""
    body = extract_body(root)
    title = clean_or_none(body.project_name)
    if not title:
        raise PageParseError(url, "content fragment without a project name (code-00003) to title it")
    notice_type = body.outcome_type(first_type(content_type(body)))
    return ParsedNotice(
        source=source,
        url=url,
        title=title,
        notice_type=notice_type,
        project_code=body.project_code,
        buyer=body.buyer,
        agency=body.agency,
        # The address only when the buyer's name gives no region (it may cost a regex over the body).
        region=resolve_region(body.buyer) or resolve_region(body.buyer_address),
        budget_yuan=body.budget_yuan,
        award_amount_yuan=body.award_amount_yuan,
        suppliers=body.suppliers,
        lots=body.lots,
        text=body.text,
        parse_quality=quality_flags(body, notice_type, body.award_amount_yuan),
    )


def unwrap_detail(payload: dict[str, Any]) -> dict[str, Any] | None:
    """The record inside a `/portal/detail` response (`{"result": {"data": {…}}}`), or the payload
    itself when it already is a record; None when it is neither."""
    result = payload.get("result")
    if isinstance(result, dict) and isinstance(result.get("data"), dict):
        payload = result["data"]
    if "content" in payload and ("title" in payload or "articleId" in payload):
        return payload
    return None


def parse_zcy_detail(record: dict[str, Any], url: str) -> ParsedNotice:
    """A `/portal/detail` record (or the whole response) as a ParsedNotice."""
    data = unwrap_detail(record)
    if data is None:
        raise PageParseError(url, "not a 政采云 detail record (no content/title)")
    title = strip_markup(json_text(data.get("title")))
    if not title:
        raise PageParseError(url, "政采云 record without a title")
    content = data.get("content")
    body = (
        extract_body(load_html(content, url))
        if isinstance(content, str) and content.strip()
        else BodyFields()
    )
    labels = [data.get("pathName"), *json_list(data.get("categoryNames"))]
    attachments = [
        json_text(item.get("name")) or json_text(item.get("fileName")) or ""
        for item in json_list(data.get("attachmentList"))
        if isinstance(item, dict)
    ]
    extra = [name for name in attachments if name and name not in body.text]
    buyer = body.buyer or clean_or_none(json_text(data.get("purchaseName")))
    notice_type = body.outcome_type(
        resolve_type(
            *(type_from_text(label) for label in labels if isinstance(label, str)),
            title=title,
            structure=content_type(body),
        )
    )
    return ParsedNotice(
        source="zcy",
        url=url,
        title=title,
        notice_type=notice_type,
        publish_date=parse_date(data.get("publishDate")),
        project_code=trim_code(json_text(data.get("projectCode"))) or body.project_code,
        buyer=buyer,
        agency=clean_or_none(json_text(data.get("author"))) or body.agency,
        # The body's address only when the record and the buyer's name give no region.
        region=resolve_region(json_text(data.get("districtCode")), json_text(data.get("districtName")), buyer)
        or resolve_region(body.buyer_address),
        budget_yuan=body.budget_yuan,
        award_amount_yuan=body.award_amount_yuan,
        suppliers=body.suppliers,
        lots=body.lots,
        text=f"{body.text} 附件：{'；'.join(extra)}".strip() if extra else body.text,
        related_urls=_related(data, url),
        parse_quality=quality_flags(body, notice_type, body.award_amount_yuan),
    )


def _related(data: dict[str, Any], url: str) -> list[str]:
    site: SplitResult | None = None  # the page URL split once, when a link needs it
    links = []
    for item in json_list(data.get("announcementLinkDtoList")):
        if not isinstance(item, dict):
            continue
        link = item.get("url") or item.get("link")
        if isinstance(link, str) and link.startswith(("http://", "https://")):
            links.append(link)
        elif json_text(item.get("articleId")):
            site = site or urlsplit(url)
            links.append(_detail_url_on(site, str(json_text(item["articleId"]))))
    own = json_text(data.get("articleId"))
    own_url = _detail_url_on(site or urlsplit(url), own) if own else None
    return [link for link in dict.fromkeys(links) if link not in (url, own_url)]

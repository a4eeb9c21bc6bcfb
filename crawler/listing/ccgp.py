"""ccgp list pages: the keyword search (search.ccgp.gov.cn/bxsearch) and the static channel indexes.

Structures are described in PORTALS.md §1.2 (search) and §1.3 (channels).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urljoin

from parsel import Selector

from crawler.listing import ListPageError, canonical_url, clean_text

RESULTS_PER_PAGE = 20  # the search shows 20 rows a page (PORTALS.md §1.1)

_TOTAL = re.compile(r"共找到\s*(?:<[^>]*>\s*)*([\d,]+)\s*(?:<[^>]*>\s*)*条内容")
_PAGER = re.compile(r"Pager\(\{\s*size:\s*(\d+)")
_OHTMLURLS = re.compile(r"var\s+ohtmlurls\s*=\s*[\"']([^\"']*)[\"']")
_LIST_STAMP = re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?")
_CHANNEL_STAMP = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:\s+(\d{1,2}):(\d{2}))?")
_NOT_FOUND = "对不起，您所访问的页面不存在"
_DETAIL_PATH = re.compile(r"^https?://www\.ccgp\.gov\.cn/", re.IGNORECASE)

# The result rows, most specific selector first; older/variant pages drop the -bid class (PORTALS.md §1.2).
_ROW_SELECTORS = (
    "ul.vT-srch-result-list-bid > li",
    "ul.vT-srch-result-list > li",
    "div.vT-srch-result-list li",
)
_CHANNEL_ROW_SELECTORS = ("ul.c_list_bid > li", "ul.ulst > li")


@dataclass(frozen=True)
class SearchRow:
    """One search result as listed: enough to fetch the detail and to check it against the window."""

    url: str
    title: str
    published: datetime | None
    buyer: str | None
    agency: str | None
    notice_type: str | None
    province: str | None
    category: str | None
    summary: str

    @property
    def publish_date(self) -> date | None:
        return self.published.date() if self.published else None


@dataclass(frozen=True)
class SearchPage:
    """One page of search results with the portal's own counts."""

    total: int
    pages: int
    rows: list[SearchRow]


@dataclass(frozen=True)
class ChannelRow:
    url: str
    title: str
    published: datetime | None
    notice_type: str | None
    region: str | None
    buyer: str | None

    @property
    def publish_date(self) -> date | None:
        return self.published.date() if self.published else None


@dataclass(frozen=True)
class ChannelPage:
    """One channel index page; `exists` is False for the portal's "page not found" page past the last index."""

    rows: list[ChannelRow]
    exists: bool = True


def parse_search_page(html: str, url: str) -> SearchPage:
    """Rows, total and page count of one bxsearch result page.

    The count text is the page's signature: without it the page is not a result page (a changed layout,
    an error page), which must not pass for "no results" (PORTALS.md §1.2 note on the missing count).
    """
    total = search_total(html, url)
    selector = Selector(text=html)
    items = _first_match(selector, _ROW_SELECTORS)
    script_urls = ohtml_urls(html)
    rows = [
        _search_row(li, script_urls[i] if i < len(script_urls) else None, url) for i, li in enumerate(items)
    ]
    pages = search_page_count(html, total)
    if total > 0 and not rows and _page_index(url) <= pages:
        raise ListPageError(url, f"the page reports {total} results but lists no result rows")
    return SearchPage(total=total, pages=pages, rows=rows)


def search_total(html: str, url: str) -> int:
    """The portal's result count from `共找到 N 条内容`; missing → ListPageError (structure change)."""
    match = _TOTAL.search(html)
    if match is None:
        raise ListPageError(url, "no result count (共找到 N 条内容) on the search page")
    return int(match.group(1).replace(",", ""))


def search_page_count(html: str, total: int) -> int:
    """Pages from `Pager({ size: N`, else derived from the total at 20 rows a page."""
    match = _PAGER.search(html)
    if match is not None:
        return int(match.group(1))
    return math.ceil(total / RESULTS_PER_PAGE)


def ohtml_urls(html: str) -> list[str]:
    """Detail URLs from the page's `var ohtmlurls` (comma-separated, trailing comma, in row order)."""
    match = _OHTMLURLS.search(html)
    if match is None:
        return []
    return [part.strip() for part in match.group(1).split(",") if part.strip()]


def _search_row(li: Selector, script_url: str | None, page_url: str) -> SearchRow:
    href = li.css("a::attr(href)").get()
    # Date, 采购人 and 代理机构 are the span's own text before its <br>; type, province, 品目 follow it.
    head = li.xpath("./span/br[1]/preceding-sibling::text()").getall() or li.xpath("./span/text()").getall()
    span_text = clean_text(" ".join(head))
    strongs = [clean_text(" ".join(s.css("::text").getall())) for s in li.css("span strong")]
    return SearchRow(
        url=row_url(href, script_url, page_url),
        # Joined without a gap: the keyword highlight (<font color="red">) splits the title mid-word.
        title=clean_text("".join(li.xpath("./a[1]//text()").getall())),
        published=list_stamp(span_text),
        buyer=_labelled(span_text, "采购人"),
        agency=_labelled(span_text, "代理机构"),
        notice_type=strongs[0] or None if strongs else None,
        province=clean_text(li.css("span a::text").get()) or None,
        category=strongs[1] or None if len(strongs) > 1 else None,
        summary=clean_text(" ".join(li.css("p ::text").getall())),
    )


def row_url(href: str | None, script_url: str | None, page_url: str) -> str:
    """The row's detail URL: the `<a href>` when it is a ccgp page, else the ohtmlurls entry.

    Some 2025-26 pages obfuscated the anchors while `ohtmlurls` kept the real links (PORTALS.md §1.2).
    """
    for candidate in (href, script_url):
        if candidate and _DETAIL_PATH.match(candidate.strip()):
            return canonical_url(candidate)
    raise ListPageError(page_url, f"a result row has no ccgp detail link (href={href!r})")


def list_stamp(text: str) -> datetime | None:
    """`2020.03.04 16:02:21` (dots, as the search list prints it)."""
    match = _LIST_STAMP.search(text)
    if match is None:
        return None
    year, month, day, hour, minute, second = match.groups()
    return datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0))


def _labelled(text: str, label: str) -> str | None:
    match = re.search(rf"{label}[：:]\s*([^|]+)", text)
    if match is None:
        return None
    return clean_text(match.group(1)) or None


def _page_index(url: str) -> int:
    match = re.search(r"[?&]page_index=(\d+)", url)
    return int(match.group(1)) if match else 1


def _first_match(selector: Selector, css_options: tuple[str, ...]) -> list[Selector]:
    for css in css_options:
        found = selector.css(css)
        if found:
            return list(found)
    return []


def parse_channel_page(html: str, url: str) -> ChannelPage:
    """Rows of one channel index page (`index.htm`, `index_N.htm`); relative links joined to the page URL."""
    selector = Selector(text=html)
    items = _first_match(selector, _CHANNEL_ROW_SELECTORS)
    if not items:
        if _NOT_FOUND in html:
            return ChannelPage(rows=[], exists=False)
        if not selector.css("ul.c_list_bid, ul.ulst"):
            raise ListPageError(url, "no channel list (ul.c_list_bid / ul.ulst) on the page")
    return ChannelPage(rows=[_channel_row(li, url) for li in items])


def _channel_row(li: Selector, page_url: str) -> ChannelRow:
    anchor = li.css("a")
    href = anchor.attrib.get("href") if anchor else None
    if not href:
        raise ListPageError(page_url, "a channel row has no link")
    # The visible text is truncated with …; the title attribute carries the full title (PORTALS.md §1.3).
    title = clean_text(anchor.attrib.get("title") or " ".join(anchor.css("::text").getall()))
    labelled = _em_by_label(li)
    return ChannelRow(
        url=canonical_url(urljoin(page_url, href)),
        title=title,
        published=channel_stamp(labelled.get("发布时间", "")),
        notice_type=clean_text(li.css("em[rel=bxlx]::text").get()) or None,
        region=labelled.get("地域") or None,
        buyer=labelled.get("采购人") or None,
    )


def _em_by_label(li: Selector) -> dict[str, str]:
    """Each `<em>` value keyed by the label text just before it (positions differ between channels)."""
    values: dict[str, str] = {}
    for em in li.xpath("./em[not(@rel)]"):
        before = em.xpath("preceding-sibling::text()[1]").get() or ""
        label = clean_text(before).rstrip("：:").split(" ")[-1] if before.strip() else ""
        values[label] = clean_text(" ".join(em.css("::text").getall()))
    return values


def channel_stamp(text: str) -> datetime | None:
    """`2026-07-06 09:30` as channel pages print it."""
    match = _CHANNEL_STAMP.search(text)
    if match is None:
        return None
    year, month, day, hour, minute = match.groups()
    return datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0))

"""ccgp list pages: the keyword search (search.ccgp.gov.cn/bxsearch) and the static channel indexes.

One reader per page type, used by the spiders (rows to fetch, the portal's counts) and by
`tenders parse` (a notice per row, with what the list shows). Structures: docs/portals.md §1.2
(search) and §1.3 (channels). A page whose structure is not what we know raises ListPageError: a
changed layout must be a recorded error, never an empty result.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urljoin

from crawler.parse.errors import ListPageError
from crawler.parse.notice_types import resolve_type, type_from_ccgp_url, type_from_text
from crawler.parse.regions import resolve_region
from crawler.parse.suppliers import join_names
from crawler.parse.text import (
    Element,
    clean_or_none,
    clean_text,
    decode_page,
    element_text,
    has_class,
    load_html,
    raw_text,
)
from crawler.parse.urls import canonical_url, is_canonical_ccgp
from domain.notice import ParsedNotice

RESULTS_PER_PAGE = 20  # the search shows 20 rows a page (docs/portals.md §1.1)

# The count is split by markup and line breaks: `共找到\n<span>67</span>\n条内容`.
_TOTAL = re.compile(r"共找到\s*(?:<[^>]*>\s*)*([\d,]+)\s*(?:<[^>]*>\s*)*条内容")
_PAGER = re.compile(r"Pager\(\{\s*size:\s*(\d+)")
_OHTMLURLS = re.compile(r"var\s+ohtmlurls\s*=\s*[\"']([^\"']*)[\"']")
_LIST_STAMP = re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?")
_CHANNEL_STAMP = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:\s+(\d{1,2}):(\d{2}))?")
_NOT_FOUND = "对不起，您所访问的页面不存在"
_SEARCH_LISTS = ("vT-srch-result-list-bid", "vT-srch-result-list")
_CHANNEL_LISTS = ("c_list_bid", "ulst")


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

    def notice(self) -> ParsedNotice:
        """The notice as the list shows it (no amounts, no body)."""
        return _listed_notice(
            self.url,
            self.title,
            self.notice_type,
            self.published,
            self.buyer,
            self.province,
            agency=self.agency,
            text=self.summary,
        )


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

    def notice(self) -> ParsedNotice:
        """The notice as the channel index shows it (title, type, date, region, buyer)."""
        return _listed_notice(self.url, self.title, self.notice_type, self.published, self.buyer, self.region)


def _listed_notice(
    url: str,
    title: str,
    notice_type: str | None,
    published: datetime | None,
    buyer: str | None,
    region: str | None,
    *,
    agency: str | None = None,
    text: str = "",
) -> ParsedNotice:
    """A ccgp list row (search or channel) as a notice: the type from the URL's channel, the row's label
    and the title; the region from the row, else from the buyer."""
    buyers = join_names(buyer)
    return ParsedNotice(
        source="ccgp",
        url=url,
        title=title,
        notice_type=resolve_type(type_from_ccgp_url(url), type_from_text(notice_type), title=title),
        publish_date=published.date() if published else None,
        buyer=buyers,
        agency=agency,
        region=resolve_region(region, buyers),
        text=text,
    )


@dataclass(frozen=True)
class ChannelPage:
    """One channel index page; `exists` is False for the portal's "page not found" page past the last index."""

    rows: list[ChannelRow]
    exists: bool = True


def parse_search_page(html: str | bytes, url: str) -> SearchPage:
    """Rows, total and page count of one bxsearch result page.

    The count text is the page's signature: without it the page is not a result page (a changed layout,
    an error page), which must not pass for "no results" (docs/portals.md §1.2 note on the missing count).
    """
    text = decode_page(html)
    total = search_total(text, url)
    return _search_page(load_html(text, url), text, url, total)


def _search_page(root: Element, text: str, url: str, total: int) -> SearchPage:
    items = _list_items(root, _SEARCH_LISTS)
    script_urls = ohtml_urls(text)
    rows = [
        _search_row(li, script_urls[i] if i < len(script_urls) else None, url) for i, li in enumerate(items)
    ]
    pages = search_page_count(text, total)
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


def _list_items(root: Element, classes: tuple[str, ...]) -> list[Element]:
    """The `li` children of the first kind of result list the page has (most specific class first)."""
    for name in classes:
        lists = [ul for ul in root.iter("ul") if has_class(ul, name)]
        if lists:
            return [li for ul in lists for li in ul.iterchildren("li")]
    return []


def _search_row(li: Element, script_url: str | None, page_url: str) -> SearchRow:
    link = next(li.iter("a"), None)
    span = next(li.iterchildren("span"), None)
    # Date, 采购人 and 代理机构 are the span's own text before its <br>; type, province and 品目
    # follow it, separated by `|` (the province as a link or, on 2025 pages, as plain text).
    head, tail = _split_at_br(span) if span is not None else ("", "")
    after = tail.split("|")
    strongs = [element_text(s) for s in span.iter("strong")] if span is not None else []
    return SearchRow(
        url=row_url(link.get("href") if link is not None else None, script_url, page_url),
        # Joined without a gap: the keyword highlight (<font color="red">) splits the title mid-word.
        title=element_text(link),
        published=list_stamp(head),
        buyer=_labelled(head, "采购人"),
        agency=_labelled(head, "代理机构"),
        notice_type=strongs[0] or None if strongs else None,
        province=clean_or_none(after[1]) if len(after) > 1 else None,
        category=strongs[1] or None if len(strongs) > 1 else None,
        summary=" ".join(element_text(p) for p in li.iterchildren("p")),
    )


def _split_at_br(span: Element) -> tuple[str, str]:
    """The span's text before its first <br> and after it."""
    parts = [span.text or ""]
    before: list[str] | None = None
    for child in span:
        if child.tag == "br" and before is None:
            before, parts = parts, []
        else:
            parts.append(raw_text(child))
        parts.append(child.tail or "")
    if before is None:
        return "".join(parts), ""
    return "".join(before), "".join(parts)


def row_url(href: str | None, script_url: str | None, page_url: str) -> str:
    """The row's detail URL: the `<a href>` when it links a notice, else the ohtmlurls entry.

    On 2025 pages every anchor is `javascript:void(0)` and only `ohtmlurls` holds the links
    (docs/portals.md §1.2). A row with neither is a ListPageError: a search page with results but no
    readable links is a failure of the run, not an empty day.
    """
    base = page_url if page_url.startswith(("http://", "https://")) else None
    for candidate in (href, script_url):
        candidate = (candidate or "").strip()
        if candidate and not candidate.lower().startswith("javascript") and "/cggg/" in candidate:
            if is_canonical_ccgp(candidate):
                return candidate  # joined to the page's URL or made canonical, it stays the same
            return canonical_url(urljoin(base, candidate) if base else candidate)
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
    return clean_or_none(match.group(1)) if match else None


def _page_index(url: str) -> int:
    match = re.search(r"[?&]page_index=(\d+)", url)
    return int(match.group(1)) if match else 1


def parse_channel_page(html: str | bytes, url: str) -> ChannelPage:
    """Rows of one channel index page (`index.htm`, `index_N.htm`); relative links joined to the page URL."""
    text = decode_page(html)
    root = load_html(text, url)
    items = _list_items(root, _CHANNEL_LISTS)
    if not items:
        if _NOT_FOUND in text:
            return ChannelPage(rows=[], exists=False)
        if not any(has_class(ul, name) for ul in root.iter("ul") for name in _CHANNEL_LISTS):
            raise ListPageError(url, "no channel list (ul.c_list_bid / ul.ulst) on the page")
    return ChannelPage(rows=[_channel_row(li, url) for li in items])


def _channel_row(li: Element, page_url: str) -> ChannelRow:
    anchor = next(li.iter("a"), None)
    href = anchor.get("href") if anchor is not None else None
    if anchor is None or not href:
        raise ListPageError(page_url, "a channel row has no link")
    labelled = _em_by_label(li)
    type_em = next((em for em in li.iterchildren("em") if em.get("rel") == "bxlx"), None)
    base = page_url if page_url.startswith(("http://", "https://")) else None
    return ChannelRow(
        url=canonical_url(urljoin(base, href) if base else href),
        # The visible text is truncated with …; the title attribute carries the whole title (§1.3).
        title=clean_text(anchor.get("title")) or element_text(anchor),
        published=channel_stamp(labelled.get("发布时间", "")),
        notice_type=clean_or_none(element_text(type_em)),
        region=labelled.get("地域") or None,
        buyer=labelled.get("采购人") or None,
    )


def _em_by_label(li: Element) -> dict[str, str]:
    """Each `<em>` value keyed by the label text just before it (positions differ between channels)."""
    values: dict[str, str] = {}
    before = li.text or ""
    for child in li:
        if child.tag == "em" and not child.get("rel"):
            label = clean_text(before).rstrip("：:").split(" ")[-1] if before.strip() else ""
            values[label] = element_text(child)
        before = child.tail or ""
    return values


def channel_stamp(text: str) -> datetime | None:
    """`2026-07-06 09:30` as channel pages print it."""
    match = _CHANNEL_STAMP.search(text)
    if match is None:
        return None
    year, month, day, hour, minute = match.groups()
    return datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0))


def parse_ccgp_list_tree(root: Element, url: str, text: str) -> list[ParsedNotice]:
    """The notices a ccgp list shows, for `tenders parse`: a search result page, a channel index, or
    a saved search `<li>` without its page (read as a search row, with no count to check)."""
    if any(has_class(ul, name) for ul in root.iter("ul") for name in _CHANNEL_LISTS):
        return [row.notice() for row in parse_channel_page(text, url).rows]
    if _TOTAL.search(text):
        return [row.notice() for row in _search_page(root, text, url, search_total(text, url)).rows]
    items = [li for li in root.iter("li") if next(li.iterchildren("span"), None) is not None]
    if not items:
        raise ListPageError(url, "no result items (li with a notice link) in a ccgp list page")
    script_urls = ohtml_urls(text)
    return [
        _search_row(li, script_urls[i] if i < len(script_urls) else None, url).notice()
        for i, li in enumerate(items)
    ]

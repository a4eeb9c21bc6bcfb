"""中国政府采购网 (ccgp.gov.cn) pages: the notice detail page and the search/channel result lists.

Detail page (docs/portals.md §1.4): meta ArticleTitle/PubDate, `span#pubTime`, the breadcrumb
`a.CurrChnlCls` (its last entry is the notice channel), the 公告概要 summary `div.table` (td.title →
next td), and the body `div.vF_detail_content` (old layout: `div.vT_detail_content`) read by
crawler.parse.body. The body wins over the summary where both state a field, because the summary
rounds: 总中标金额 is printed in 万元 to 6 decimals, i.e. to the 0.01 元 in principle, but the Shenzhen
page's summary says 668.79 万元 (6,687,900 元) where its body prints the exact 6687920.0元.
"""

from __future__ import annotations

import re

from crawler.parse.amounts import disclosed, parse_amount
from crawler.parse.body import extract_body, table_cells
from crawler.parse.ccgp_lists import parse_ccgp_list_tree
from crawler.parse.dates import parse_date
from crawler.parse.errors import PageParseError
from crawler.parse.notice_types import resolve_type, type_from_ccgp_url, type_from_text
from crawler.parse.quality import quality_flags
from crawler.parse.regions import region_from_project_code, resolve_region
from crawler.parse.suppliers import join_names
from crawler.parse.text import (
    Element,
    clean_or_none,
    clean_text,
    decode_page,
    element_text,
    has_class,
    load_html,
)
from domain.notice import ParsedNotice

# Block pages (docs/portals.md §1.6). "验证码" is NOT a signal: the normal search page contains it.
BLOCK_PHRASES = ("访问过于频繁", "访问行为异常", "频繁访问")
ERROR_PAGE_MARK = "错误页面"
# Content a block page never carries: ccgp/ggzy detail markup, 政采云 records and template bodies,
# ggzy list records. A page holding one is content, even if its text mentions frequent access.
_DETAIL_MARKERS = (
    "ArticleTitle",
    "vF_detail_content",
    "vT_detail_content",
    "mycontent",
    "bookmark-item",
    '"articleId"',
    '"records"',
)
# The 公告概要 rows read below (fact(…) calls); the others (experts, contacts) are not read at all.
_SUMMARY_LABELS = frozenset(
    {
        "采购单位", "采购人", "公告时间", "总中标金额", "中标金额", "成交金额", "预算金额", "采购预算",
        "项目预算", "代理机构名称", "采购代理机构名称", "行政区域", "采购单位地址",
    }
)  # fmt: skip

_META_NAMES = frozenset({"ArticleTitle", "PubDate"})


def detect_block(html: str | bytes) -> str | None:
    """The reason a response is a rate-limit/block page, or None for an ordinary page. A page that
    carries notice content is never a block, even if its text mentions frequent access."""
    text = decode_page(html) if isinstance(html, bytes) else html
    # Markers first: they sit near the top of a real page, so ordinary pages return at once.
    if any(marker in text for marker in _DETAIL_MARKERS):
        return None
    for phrase in BLOCK_PHRASES:
        if phrase in text:
            return f"block page ({phrase})"
    return None


def parse_ccgp_detail(html: str | bytes, url: str) -> ParsedNotice:
    """A ccgp notice detail page as a ParsedNotice; PageParseError for error, block or unknown pages."""
    reason = detect_block(html)
    if reason:
        raise PageParseError(url, reason)
    return parse_ccgp_detail_tree(load_html(html, url), url)


def parse_ccgp_detail_tree(root: Element, url: str) -> ParsedNotice:
    """parse_ccgp_detail on an already parsed tree (parse_file parses each file once)."""
    # The first meta of each name that is read; the walk stops once it has both (they sit in the head).
    metas: dict[str, str] = {}
    for meta in root.iter("meta"):
        name = meta.get("name")
        if name in _META_NAMES and name not in metas:
            metas[name] = meta.get("content") or ""
            if len(metas) == len(_META_NAMES):
                break
    title_el = _first_title(root)
    page_title = element_text(title_el) if title_el is not None else None
    header = content = summary = None
    breadcrumb: list[str] = []
    # Attachment links sit in the body or beside it (ul.fjxx follows div.vF_detail_content inside
    # its container on the Guizhou page; a.bizDownload may sit in the summary table).
    attachments: list[str] = []
    # One pass over the few tags that matter, testing class substrings before tokens: cheaper than
    # one XPath per field (each XPath predicate costs as much as this whole loop).
    for el in root.iter("div", "a", "ul", "h2"):
        tag = el.tag
        classes = el.get("class")
        if not classes:
            continue
        if tag == "div":
            if (
                content is None
                and "detail_content" in classes
                and (has_class(el, "vF_detail_content") or has_class(el, "vT_detail_content"))
            ):
                content = el
            elif summary is None and "table" in classes and has_class(el, "table"):
                summary = el
        elif tag == "a":
            if "CurrChnlCls" in classes:
                breadcrumb.append(element_text(el))
            elif "bizDownload" in classes:
                attachments.append(element_text(el))
        elif tag == "ul":
            if "fjxx" in classes and has_class(el, "fjxx"):
                attachments.extend(element_text(a) for a in el.iter("a"))
        elif header is None and "tc" in classes and has_class(el, "tc"):
            header = el

    if page_title and ERROR_PAGE_MARK in page_title:
        raise PageParseError(url, f"ccgp error page ({page_title}): the notice does not exist")
    title = clean_text(metas.get("ArticleTitle")) or element_text(header) or _strip_site_suffix(page_title)
    if not title:
        raise PageParseError(url, "no title (meta ArticleTitle, h2.tc and <title> all missing)")
    if content is None and summary is None:
        raise PageParseError(
            url, "no notice body (div.vF_detail_content / div.vT_detail_content) nor summary table"
        )

    # The summary's value cells by label, read when a field asks: several rows (公告时间, the amounts,
    # 采购单位地址) are only read when the metas or the body do not state the field.
    facts: dict[str, list[Element]] = {}
    if summary is not None:
        for label, value_cell in table_cells(summary, _SUMMARY_LABELS):
            facts.setdefault(label, []).append(value_cell)

    def fact(*labels: str) -> str | None:
        assert _SUMMARY_LABELS.issuperset(labels), f"add {labels} to _SUMMARY_LABELS"
        for label in labels:
            for value_cell in facts.get(label, ()):
                value = element_text(value_cell)
                if value:
                    return value
        return None

    body = extract_body(content)
    buyer = join_names(fact("采购单位", "采购人")) or body.buyer
    channel = next((t for t in (type_from_text(b) for b in reversed(breadcrumb)) if t), None)
    award = body.award_amount_yuan
    if award is None and not body.every_lot_failed and not any(row.amount_seen for row in body.awards):
        # Only when the body states no winner amount at all: a body that prints a rate for one
        # lot makes the whole award undisclosed rather than the summary's partial total.
        award = disclosed(parse_amount(fact("总中标金额", "中标金额", "成交金额")))
    budget = body.budget_yuan or disclosed(parse_amount(fact("预算金额", "采购预算", "项目预算")))
    notice_type = body.outcome_type(resolve_type(type_from_ccgp_url(url), channel, title=title))
    return ParsedNotice(
        source="ccgp",
        url=url,
        title=title,
        notice_type=notice_type,
        # span#pubTime only when the PubDate meta gives no date (it does on every page seen).
        publish_date=parse_date(metas.get("PubDate"))
        or parse_date(element_text(_pub_time(root)))
        or parse_date(fact("公告时间")),
        project_code=body.project_code,
        buyer=buyer,
        agency=clean_or_none(fact("代理机构名称", "采购代理机构名称")) or body.agency,
        region=resolve_region(fact("行政区域"))
        or region_from_project_code(body.project_code)
        or resolve_region(buyer, fact("采购单位地址"))
        or resolve_region(body.buyer_address),
        budget_yuan=budget,
        award_amount_yuan=award,
        suppliers=body.suppliers,
        lots=body.lots,
        text=_with_attachments(body.text, body.attachments + attachments),
        parse_quality=quality_flags(body if content is not None else None, notice_type, award),
    )


def _first_title(root: Element) -> Element | None:
    """The page's first <title>, looked for in <head> first, where pages have it. An lxml iterator
    finds the next match before it returns one: taking the first <title> of a walk over the whole
    page walks all of it in search of a second."""
    head = root[0] if len(root) else None
    if root.tag != "title" and head is not None and head.tag == "head":
        title = next(head.iter("title"), None)
        if title is not None:
            return title
    return next(root.iter("title"), None)


def _pub_time(root: Element) -> Element | None:
    """The page's span#pubTime. It sits in the header: stopping there spares the body's many template
    spans."""
    return next((span for span in root.iter("span") if span.get("id") == "pubTime"), None)


def _strip_site_suffix(title: str | None) -> str:
    return re.sub(r"[_\-|]\s*中国政府采购网\s*$", "", title or "").strip()


def _with_attachments(text: str, names: list[str]) -> str:
    """Body text plus attachment names the text does not already show (docs/domain.md §2 `text`)."""
    extra = [name for name in dict.fromkeys(names) if name and name not in text]
    if not extra:
        return text
    return f"{text} 附件：{'；'.join(extra)}".strip()


def parse_ccgp_list(html: str | bytes, url: str) -> list[ParsedNotice]:
    """Notices as a ccgp result list shows them: search results (`ul.vT-srch-result-list-bid li`,
    or a single saved `<li>`) and channel listings (`ul.c_list_bid li`). One notice per item with
    what the list states; fields the list does not show stay None."""
    reason = detect_block(html)
    if reason:
        raise PageParseError(url, reason)
    text = decode_page(html)
    return parse_ccgp_list_tree(load_html(text, url), url, text)

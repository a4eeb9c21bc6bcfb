"""全国公共资源交易平台 (ggzy.gov.cn): list API JSON, project ("A") pages and content ("B") pages.

docs/portals.md §2: an A page `/information/deal/html/a/{province6}/{stage4}/{YYYYMMDD}/{id}.html` wraps a
project, with one tab per stage (0201 采购/资审公告, 0202 中标公告, 0203 采购合同, 0204 更正事项 …) listing
the B pages `/information/deal/html/b/…` that hold each notice's content. The canonical URL of a ggzy
notice is its B page; the other B pages of the same A page are its related_urls.
Inline JS variables on both pages (`myareaId` …) are stale template values and are never read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urljoin

from crawler.parse.body import extract_body, trim_code
from crawler.parse.dates import parse_date
from crawler.parse.errors import PageParseError
from crawler.parse.ggzy_list import GgzyRefusal, trade_list_data
from crawler.parse.notice_types import resolve_type, title_type, type_from_ggzy_stage, type_from_text
from crawler.parse.quality import quality_flags
from crawler.parse.regions import region_from_code, resolve_region
from crawler.parse.text import (
    Element,
    clean_text,
    compiled_walk,
    element_text,
    has_class,
    json_text,
    load_html,
    strip_markup,
)
from domain.notice import ParsedNotice

GGZY_BASE = "https://www.ggzy.gov.cn/"
_DEAL_PATH = re.compile(r"/html/[ab]/(\d{6})/(\d{4})/(\d{8})/")
_SHOW_DETAIL = re.compile(r"""showDetail\(\s*this\s*,\s*['"](\d{4})['"]\s*,\s*['"]([^'"]+)['"]""")
_PROJECT_CODE = re.compile(r"(?:采购项目编号|招标项目编号|项目编号|项目代码)\s*[:：]\s*(\S+)")
_SITE_SUFFIX = re.compile(r"_交易公开_国家公共资源交易平台\s*$")


@dataclass(frozen=True)
class GgzyTab:
    """One notice listed on a project page tab."""

    stage_code: str
    title: str
    url: str
    date: date | None


@dataclass
class GgzyProjectPage:
    """What a ggzy A page states: the project and every notice its tabs link."""

    url: str
    title: str
    project_code: str | None
    platform: str | None
    tabs: list[GgzyTab] = field(default_factory=list)
    active_stage: str | None = None
    stage_names: dict[str, str] = field(default_factory=dict)


def absolute_url(path: str, base: str | None = None) -> str:
    """A ggzy path made absolute against the page URL when it is http(s), else the ggzy site."""
    origin = base if base and base.startswith(("http://", "https://")) else GGZY_BASE
    return urljoin(origin, path.strip())


def content_url(a_page_url: str) -> str:
    """The B (content) URL of an A (project) URL: same path with /html/a/ → /html/b/."""
    return a_page_url.replace("/html/a/", "/html/b/", 1)


def stage_and_province(url: str | None) -> tuple[str | None, str | None]:
    """(stage code, 6-digit province code) read from a deal URL path, or (None, None)."""
    match = _DEAL_PATH.search(url or "")
    return (match.group(2), match.group(1)) if match else (None, None)


def parse_ggzy_project_page(html: str | bytes, url: str) -> GgzyProjectPage:
    """A ggzy project (A) page: title, 采购项目编号, platform, and each tab's notices."""
    return parse_ggzy_project_tree(load_html(html, url), url)


def parse_ggzy_project_tree(root: Element, url: str) -> GgzyProjectPage:
    """parse_ggzy_project_page on an already parsed tree."""
    heading = next((h for h in root.iter("h4") if has_class(h, "h4_o")), None)
    page_title = next((element_text(t) for t in root.iter("title")), "")
    title = element_text(heading) or _SITE_SUFFIX.sub("", page_title).strip()
    # The p.p_o spans sit side by side with no blank between them: read them one by one.
    info = [element_text(span) for p in root.iter("p") if has_class(p, "p_o") for span in p.iter("span")]
    code = next((m for m in map(_PROJECT_CODE.search, info) if m), None)
    platform = next((element_text(lb) for lb in root.iter("label") if lb.get("id") == "platformName"), None)
    page = GgzyProjectPage(
        url=url,
        title=title,
        project_code=trim_code(code.group(1)) if code else None,
        platform=platform or None,
    )
    for li in root.iter("li"):
        li_id = li.get("id") or ""
        if li_id.startswith("t_"):
            page.stage_names[li_id[2:]] = element_text(li)
            if has_class(li, "li_toggle"):
                page.active_stage = li_id[2:]
    for a in root.iter("a"):
        match = _SHOW_DETAIL.search(a.get("onclick") or "")
        if not match:
            continue
        item = a.getparent()
        dated = next((element_text(s) for s in item.iter("span")), None) if item is not None else None
        page.tabs.append(
            GgzyTab(
                stage_code=match.group(1),
                title=clean_text(a.get("title")) or element_text(a),
                url=absolute_url(match.group(2), url),
                date=parse_date(dated),
            )
        )
    if not title:
        raise PageParseError(url, "no project title (div.fully h4.h4_o) on a ggzy project page")
    if not page.stage_names:
        raise PageParseError(url, "no stage tabs (ul.ul_toggle li#t_XXXX) on a ggzy project page")
    return page


def project_page_notices(page: GgzyProjectPage) -> list[ParsedNotice]:
    """The notices an A page lists, with what the page shows (title, stage, date, project code)."""
    urls = [tab.url for tab in page.tabs]
    notices = []
    for tab in page.tabs:
        _, province = stage_and_province(tab.url)
        notices.append(
            ParsedNotice(
                source="ggzy",
                url=tab.url,
                title=tab.title,
                notice_type=resolve_type(
                    title_type(tab.title), type_from_ggzy_stage(tab.stage_code), title=tab.title
                ),
                publish_date=tab.date,
                project_code=page.project_code,
                region=region_from_code(province),
                related_urls=[u for u in dict.fromkeys(urls) if u != tab.url],
            )
        )
    return notices


def parse_ggzy_content(
    html: str | bytes,
    url: str,
    *,
    stage_code: str | None = None,
    province_code: str | None = None,
    list_title: str | None = None,
) -> ParsedNotice:
    """A ggzy content (B) page as a ParsedNotice. Stage and province come from the arguments (the
    list record or A page) or the URL path; the title falls back to the list's when the page has none."""
    return parse_ggzy_content_tree(
        load_html(html, url), url, stage_code=stage_code, province_code=province_code, list_title=list_title
    )


def parse_ggzy_content_tree(
    root: Element,
    url: str,
    *,
    stage_code: str | None = None,
    province_code: str | None = None,
    list_title: str | None = None,
) -> ParsedNotice:
    """parse_ggzy_content on an already parsed tree."""
    heading, header, content = _page_parts(root)
    title = element_text(heading) or strip_markup(list_title)
    if not title:
        raise PageParseError(url, "no title (div.detail h4.h4_o) on a ggzy content page")
    if content is None:
        raise PageParseError(url, "no div#mycontent on a ggzy content page")
    url_stage, url_province = stage_and_province(url)
    stage = stage_code or url_stage
    body = extract_body(content)
    notice_type = body.outcome_type(resolve_type(title_type(title), type_from_ggzy_stage(stage), title=title))
    return ParsedNotice(
        source="ggzy",
        url=url,
        title=title,
        notice_type=notice_type,
        publish_date=_header_date(root, header),
        project_code=body.project_code,
        buyer=body.buyer,
        agency=body.agency,
        # The body is read for a region only when the code gives none (its address costs a regex).
        region=resolve_region(province_code or url_province)
        or resolve_region(body.buyer)
        or resolve_region(body.buyer_address),
        budget_yuan=body.budget_yuan,
        award_amount_yuan=body.award_amount_yuan,
        suppliers=body.suppliers,
        lots=body.lots,
        text=body.text,
        parse_quality=quality_flags(body, notice_type, body.award_amount_yuan),
    )


def _page_parts(root: Element) -> tuple[Element | None, Element | None, Element | None]:
    """The first h4.h4_o (title), p.p_o (header line) and div#mycontent (body) of a content page,
    in one walk that stops once it has all three: they open the page, before the body's
    paragraphs and blocks (one walk per part would start three iterators). The compiled walk finds
    the same three when it is built (no element proxy but theirs)."""
    walk = compiled_walk()
    if walk is not None:
        found: tuple[Element | None, Element | None, Element | None] | None = walk.ggzy_parts(root)
        if found is not None:
            return found
    heading = header = content = None
    for el in root.iter("h4", "p", "div"):
        tag = el.tag
        if tag == "div":
            if content is None and el.get("id") == "mycontent":
                content = el
        elif tag == "p":
            if header is None and has_class(el, "p_o"):
                header = el
        elif heading is None and has_class(el, "h4_o"):
            heading = el
        if heading is not None and header is not None and content is not None:
            break
    return heading, header, content


def _header_date(root: Element, header: Element | None) -> date | None:
    """The first date in the header spans (发布时间 on notices, 签署时间 on contracts), read from the
    first p.p_o, then from any later one."""
    if header is None:
        return None
    # The first span is most often the header's first child, and holds the date: no iterator.
    first = header[0] if len(header) else None
    if first is not None and first.tag == "span":
        found = parse_date(element_text(first))
        if found:
            return found
    for span in header.iter("span"):
        found = parse_date(element_text(span))
        if found:
            return found
    later = (
        span for p in root.iter("p") if p is not header and has_class(p, "p_o") for span in p.iter("span")
    )
    return next((d for d in map(parse_date, map(element_text, later)) if d), None)


def parse_ggzy_list(response: dict[str, Any], url: str) -> list[ParsedNotice]:
    """Notices of a getTradList response with what the list states (no buyer/amount: those are on
    the B page). An error response (829 captcha, 800 rate limit, 801) raises PageParseError."""
    try:
        data, records = trade_list_data(response, url)
    except GgzyRefusal as exc:
        raise PageParseError(url, f"ggzy list API refused the query: {exc}") from exc
    total = data.get("total")
    if (
        not records
        and isinstance(total, int)
        and total > 0
        and (data.get("current") or 1) <= (data.get("pages") or 1)
    ):
        raise PageParseError(url, f"ggzy list API reports {total} results but returns no records")
    return [list_record_notice(record, url) for record in records]


def list_record_notice(record: dict[str, Any], url: str) -> ParsedNotice:
    """One getTradList record as a notice; its canonical URL is the B page of the record's A path."""
    title = strip_markup(json_text(record.get("title")))
    path = json_text(record.get("url"))
    if not title or not path:
        raise PageParseError(url, f"ggzy list record {record.get('id')!r} has no title or url")
    notice_url = content_url(absolute_url(path))
    stage = json_text(record.get("informationType"))
    code_in_title = _PROJECT_CODE.search(title)
    body_html = record.get("bodyContent")
    body = (
        extract_body(load_html(body_html, notice_url))
        if isinstance(body_html, str) and body_html.strip()
        else None
    )
    return ParsedNotice(
        source="ggzy",
        url=notice_url,
        title=title,
        notice_type=resolve_type(
            type_from_ggzy_stage(stage),
            type_from_text(json_text(record.get("informationTypeText"))),
            title=title,
        ),
        publish_date=parse_date(record.get("publishTime")),
        project_code=trim_code(json_text(record.get("tenderProjectCode")))
        or (trim_code(code_in_title.group(1)) if code_in_title else None)
        or (body.project_code if body else None),
        buyer=body.buyer if body else None,
        region=resolve_region(json_text(record.get("province")), json_text(record.get("provinceText"))),
        budget_yuan=body.budget_yuan if body else None,
        award_amount_yuan=body.award_amount_yuan if body else None,
        suppliers=body.suppliers if body else [],
        lots=body.lots if body else None,
        text=body.text if body else "",
    )

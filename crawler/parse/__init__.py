"""Pure parsers for saved portal pages and API responses → domain.notice.ParsedNotice.

`parse_file` recognises what a file is and dispatches, parsing it once:

| kind | source | notices |
|---|---|---|
| ccgp detail page (`div.vF_detail_content`, meta ArticleTitle) | ccgp | one |
| ccgp search result list / saved `<li>` / channel list | ccgp | one per `li` (what the list shows) |
| ggzy project (A) page (`ul.ul_toggle`, `showDetail(…)`) | ggzy | one per linked notice (what the tabs show) |
| ggzy content (B) page (`div#mycontent`) | ggzy | one |
| ggzy getTradList JSON | ggzy | one per record (what the list has) |
| 政采云 `/portal/detail` JSON | zcy | one |
| bare template `content` fragment (`code-00004` …) | zcy (or the `source` given) | one |

Anything else, and any page whose structure is missing, raises PageParseError naming the file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from crawler.parse.amounts import parse_amount, parse_labelled_amount
from crawler.parse.ccgp import (
    ERROR_PAGE_MARK,
    detect_block,
    parse_ccgp_detail,
    parse_ccgp_detail_tree,
    parse_ccgp_list,
    parse_ccgp_list_tree,
)
from crawler.parse.dates import parse_date
from crawler.parse.errors import PageParseError
from crawler.parse.ggzy import (
    parse_ggzy_content,
    parse_ggzy_content_tree,
    parse_ggzy_list,
    parse_ggzy_project_page,
    parse_ggzy_project_tree,
    project_page_notices,
)
from crawler.parse.regions import resolve_region
from crawler.parse.text import decode_page, load_html, parse_checked_utf8, parse_utf8
from crawler.parse.zcy import parse_zcy_content, parse_zcy_content_tree, parse_zcy_detail, unwrap_detail
from domain.notice import ParsedNotice
from domain.vocabulary import SOURCES

__all__ = [
    "PageParseError",
    "detect_block",
    "detect_kind",
    "parse_amount",
    "parse_ccgp_detail",
    "parse_ccgp_list",
    "parse_date",
    "parse_document",
    "parse_file",
    "parse_ggzy_content",
    "parse_ggzy_list",
    "parse_ggzy_project_page",
    "parse_labelled_amount",
    "parse_zcy_content",
    "parse_zcy_detail",
    "resolve_region",
]

# kind → the source it belongs to (None: a template fragment belongs to whichever source sent it).
KIND_SOURCES: dict[str, str | None] = {
    "ccgp_detail": "ccgp",
    "ccgp_list": "ccgp",
    "ggzy_project_page": "ggzy",
    "ggzy_content_page": "ggzy",
    "ggzy_list_json": "ggzy",
    "zcy_detail_json": "zcy",
    "template_fragment": None,
}
_FIRST_CHAR = re.compile(r"\s*(\S)")
_MYCONTENT = re.compile(r"""id\s*=\s*["']?mycontent\b""")
_TEMPLATE_CODES = re.compile(
    r"\bcode-(?:00003|00004|00014|AM01400034|AM014sectionNo|winningSupplierName|projectCode|projectName)\b"
)


def detect_kind(text: str) -> str | None:
    """What a decoded file is (a KIND_SOURCES key), from cheap markers; None when unrecognised."""
    first = _FIRST_CHAR.match(text)
    head = first.group(1) if first else ""
    if head in ("{", "["):
        return "json"
    if head != "<":
        # Saved pages and fragments open with a tag (or a BOM/whitespace before one); prose that
        # merely mentions the markers, such as a README, is not a page.
        return None
    # The ccgp meta tag sits in the first lines: checking it first spares long ccgp pages the
    # full-text scans below.
    if text.find('name="ArticleTitle"', 0, 8000) != -1:
        return "ccgp_detail"
    if "h4_o" in text and _MYCONTENT.search(text):
        return "ggzy_content_page"
    if "ul_toggle" in text and "showDetail(" in text:
        return "ggzy_project_page"
    if (
        "vF_detail_content" in text
        or "vT_detail_content" in text
        or 'name="ArticleTitle"' in text
        or (ERROR_PAGE_MARK in text and "中国政府采购网" in text)
    ):
        return "ccgp_detail"
    if (
        "vT-srch-result" in text
        or "c_list_bid" in text
        or ("<li" in text and ("/cggg/" in text or "采购人：" in text))
    ):
        return "ccgp_list"
    if _TEMPLATE_CODES.search(text):
        return "template_fragment"
    return None


def _json_kind(payload: Any) -> str | None:
    if not isinstance(payload, dict):
        return None
    data = payload.get("data")
    if isinstance(data, dict) and isinstance(data.get("records"), list):
        return "ggzy_list_json"
    if "code" in payload and "message" in payload:
        # A getTradList error answer (829 captcha, 800 rate limit): let the list parser report it.
        return "ggzy_list_json"
    if unwrap_detail(payload) is not None:
        return "zcy_detail_json"
    return None


# What detect_kind reads, on UTF-8 bytes: the page opens with a tag after ASCII blanks (those that
# str.isspace() counts), and ggzy's id="mycontent" (blanks between as \s reads them; after it, a
# byte that \b reads as the end of a word: non-ASCII bytes are left to the decoded text).
_OPENS_WITH_TAG = re.compile(rb"[ \t\n\r\x0b\x0c\x1c-\x1f]*<")
_MYCONTENT_BYTES = re.compile(
    rb"""id[ \t\n\r\x0b\x0c\x1c-\x1f]*=[ \t\n\r\x0b\x0c\x1c-\x1f]*["']?mycontent(?![A-Za-z0-9_\x80-\xff])"""
)
_ARTICLE_TITLE = b'name="ArticleTitle"'
# _TEMPLATE_CODES on bytes, with its word boundaries read as ASCII: a non-ASCII byte next to the code
# may or may not be part of a word, so it is left to the decoded text (the match below implies a
# match there, not the reverse).
# The byte before `code-` is checked behind it: a regex that opens with a literal lets the engine skip
# to its occurrences, where one that opens with a lookbehind is tried at every byte.
_TEMPLATE_CODES_BYTES = re.compile(
    rb"code-(?<![A-Za-z0-9_\x80-\xff]code-)(?:00003|00004|00014|AM01400034|AM014sectionNo"
    rb"|winningSupplierName|projectCode|projectName)(?![A-Za-z0-9_\x80-\xff])"
)
# What detect_kind tests before the template codes, as bytes (in valid UTF-8, a substring of the
# text is a substring of the bytes and the reverse): a page holding any of them is left to it.
# A test with `in` scans the whole fragment (0.3-0.9 ns a byte: 4-9 µs on a 13 KB 政采云 body, whose
# parse takes ~200 µs). Markers holding a byte that pages hold rarely (`_`, `(`) are looked for only
# where that byte occurs (see _holds); vF_detail_content and vT_detail_content through what they
# share, so that a page holding neither needs one test, not two.
_DETAIL_CONTENT = b"_detail_content"
_DETAIL_CONTENT_MARKS = (b"vF_detail_content", b"vT_detail_content")
_H4_O = b"h4_o"
_ERROR_PAGE_BYTES = (ERROR_PAGE_MARK.encode(), "中国政府采购网".encode())
_LIST_ITEM_BYTES = (b"/cggg/", "采购人：".encode())
# A ggzy page's h4_o heading sits a few hundred bytes in.
_GGZY_HEAD_BYTES = 1024
# Past this many occurrences of the byte, a marker is looked for with `in` (one C scan) rather than
# at each occurrence (one Python test each).
_FEW_OCCURRENCES = 32


def _occurrences(data: bytes, byte: bytes) -> list[int] | None:
    """Where the byte occurs in data (each find is a memchr), or None past _FEW_OCCURRENCES."""
    found: list[int] = []
    position = data.find(byte)
    while position != -1:
        if len(found) == _FEW_OCCURRENCES:
            return None
        found.append(position)
        position = data.find(byte, position + 1)
    return found


def _holds(data: bytes, marker: bytes, byte: bytes, occurrences: list[int] | None) -> bool:
    """`marker in data` for a marker holding `byte`, given where that byte occurs in data (None: not
    known): every occurrence of the marker has the marker's first `byte` at one of them."""
    if occurrences is None:
        return marker in data
    offset = marker.index(byte)
    # startswith reads a negative start from the end: a marker cannot start before the data.
    return any(position >= offset and data.startswith(marker, position - offset) for position in occurrences)


def _detail_kind(data: bytes) -> str | None:
    """detect_kind for a ccgp detail page, ggzy content page or template fragment, read from its
    bytes: "ccgp_detail", "ggzy_content_page" or "template_fragment" when detect_kind would say so
    of the decoded page, else None (anything else, or a page only the decoded text can tell)."""
    if not data.startswith(b"<") and not _OPENS_WITH_TAG.match(data):
        return None
    title = data.find(_ARTICLE_TITLE)
    if title != -1:
        # Within the first 8000 bytes is within the first 8000 characters; further, it may not be.
        return "ccgp_detail" if title + len(_ARTICLE_TITLE) <= 8000 else None
    # The ggzy heading opens its page (a few hundred bytes in): looked for there first, it is found
    # at once on ggzy pages; other pages are then read at their underscores.
    underscores: list[int] | None = None
    heading = data.find(_H4_O, 0, _GGZY_HEAD_BYTES) != -1
    if not heading:
        underscores = _occurrences(data, b"_")
        heading = _holds(data, _H4_O, b"_", underscores)
    if heading:
        if b'id="mycontent"' in data or _MYCONTENT_BYTES.search(data):
            return "ggzy_content_page"
        return None
    return _fragment_kind(data, underscores)


def _fragment_kind(data: bytes, underscores: list[int] | None) -> str | None:
    """Kind "template_fragment" when detect_kind would say so of the decoded page (which opens with a
    tag and holds no ccgp ArticleTitle nor h4_o), else None: anything else, or a page only the
    decoded text can tell. `underscores`: where data holds `_` (None: not known)."""
    # The codes first (one regex scan), then every marker that would make it something else; in
    # each test of two markers, the one pages hold least often first (政采云 bodies often name
    # 中国政府采购网, hardly ever 错误页面).
    if not _TEMPLATE_CODES_BYTES.search(data):
        return None
    if _holds(data, _DETAIL_CONTENT, b"_", underscores) and any(m in data for m in _DETAIL_CONTENT_MARKS):
        return None
    if _holds(data, b"c_list_bid", b"_", underscores) or b"vT-srch-result" in data:
        return None
    if _holds(data, b"showDetail(", b"(", _occurrences(data, b"(")) and b"ul_toggle" in data:
        return None
    if _ERROR_PAGE_BYTES[0] in data and _ERROR_PAGE_BYTES[1] in data:
        return None
    if (_LIST_ITEM_BYTES[0] in data or _LIST_ITEM_BYTES[1] in data) and b"<li" in data:
        return None
    return "template_fragment"


def _parse_detail_bytes(data: bytes, url: str, source: str | None) -> list[ParsedNotice] | None:
    """parse_document for the detail pages and template fragments most files are, without decoding
    them first: the kind is read from the bytes and the parse itself checks they are UTF-8
    (decoding a page and detecting its kind in the text cost several percent of its parse). None
    when that cannot be done: parse_document then reads the page the usual way, which also
    reports any error."""
    kind = _detail_kind(data)
    if kind is None or (source is not None and KIND_SOURCES[kind] not in (None, source)):
        return None
    root = parse_checked_utf8(data)
    if root is None:
        return None
    if kind == "ccgp_detail":
        return [parse_ccgp_detail_tree(root, url)]
    if kind == "ggzy_content_page":
        return [parse_ggzy_content_tree(root, url)]
    return [parse_zcy_content_tree(root, url, source=source or "zcy")]


def parse_document(data: str | bytes, url: str, source: str | None = None) -> list[ParsedNotice]:
    """Every notice in one saved page or response; `source` (ccgp/ggzy/zcy) restricts what it may be."""
    if source is not None and source not in SOURCES:
        raise PageParseError(url, f"unknown source {source!r}; expected one of {', '.join(SOURCES)}")
    # Decode once for detection; UTF-8 bytes then go to the parser as they are.
    raw: bytes | None = None
    if isinstance(data, bytes):
        data = data.removeprefix(b"\xef\xbb\xbf")
        notices = _parse_detail_bytes(data, url, source)
        if notices is not None:
            return notices
        try:
            text, raw = data.decode("utf-8"), data
        except UnicodeDecodeError:
            text = decode_page(data)
    else:
        text = data
    if not text or text.isspace():
        raise PageParseError(url, "empty file")
    kind = detect_kind(text)
    payload: Any = None
    if kind == "json":
        try:
            payload = json.loads(text)
        except json.JSONDecodeError as exc:
            raise PageParseError(url, f"invalid JSON ({exc.msg} at line {exc.lineno})") from exc
        kind = _json_kind(payload)
    elif kind in (None, "ccgp_list"):
        # Block pages carry none of the detail markers; pages that do are never block pages.
        reason = detect_block(text)
        if reason:
            raise PageParseError(url, reason)
    if kind is None:
        raise PageParseError(url, "unrecognised content: not a ccgp, ggzy or 政采云 page or response")
    kind_source = KIND_SOURCES[kind]
    if source is not None and kind_source not in (None, source):
        raise PageParseError(url, f"looks like a {kind.replace('_', ' ')} ({kind_source}), not {source}")

    if kind == "ggzy_list_json":
        return parse_ggzy_list(payload, url)
    if kind == "zcy_detail_json":
        return [parse_zcy_detail(payload, url)]
    root = parse_utf8(raw, url) if raw is not None else load_html(text, url)
    if kind == "ccgp_detail":
        return [parse_ccgp_detail_tree(root, url)]
    if kind == "ccgp_list":
        return parse_ccgp_list_tree(root, url, text)
    if kind == "ggzy_project_page":
        return project_page_notices(parse_ggzy_project_tree(root, url))
    if kind == "ggzy_content_page":
        return [parse_ggzy_content_tree(root, url)]
    return [parse_zcy_content_tree(root, url, source=source or "zcy")]


def parse_file(path: str | Path, source: str | None = None, *, url: str | None = None) -> list[ParsedNotice]:
    """Every notice in a saved file. Notices get `url` when given, else the file's URI (a saved page
    does not state its own address). Errors name the file."""
    file = Path(path)
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise PageParseError(str(file), f"cannot read file ({exc.strerror or exc})") from exc
    try:
        return parse_document(data, url or file.resolve().as_uri(), source)
    except PageParseError as exc:
        raise PageParseError(str(file), exc.reason) from exc

"""Text helpers shared by the parsers: loading HTML once, walking it to text, cleaning strings.

Everything here is a pure function. Pages are parsed with lxml directly (not BeautifulSoup) because
the parse budget is a small multiple of a bare lxml parse (bench/bench_parse.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import lxml.html
from lxml import etree

from crawler.parse.errors import PageParseError

# Tags whose start and end break a line when a page is read as text.
BLOCK_TAGS = frozenset(
    "p div br li ul ol tr table tbody thead tfoot caption h1 h2 h3 h4 h5 h6 h5 section article header "
    "footer nav aside blockquote dl dt dd pre form center hr address fieldset legend figure".split()
)
CELL_TAGS = frozenset(("td", "th"))
# Never visible: code, styles, metadata, and form controls (hidden inputs carry values, not text).
# <title> is listed because agency HTML pasted into ccgp bodies carries its own <title> (Shenzhen page).
SKIP_TAGS = frozenset(
    "script style title head meta link noscript template input select option textarea iframe object".split()
)

# CJK ideographs, CJK punctuation and full-width forms (U+3000, the ideographic space, is excluded:
# it is whitespace and gets collapsed first).
_CJK = "\u3001-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60\uffe0-\uffe6"
_SPACE_RUN = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
_CJK_GAP = re.compile(rf"(?<=[{_CJK}]) (?=[{_CJK}])")
_FULLWIDTH_TABLE = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def decode_page(data: str | bytes) -> str:
    """Page bytes as text: UTF-8 (all current portal pages) or GB18030 (legacy provincial sites)."""
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


_UTF8_PARSER = lxml.html.HTMLParser(encoding="utf-8")


def load_html(data: str | bytes, url: str) -> lxml.html.HtmlElement:
    """Parse a page or fragment once into an lxml tree rooted at <html> (fragments get wrapped)."""
    if isinstance(data, bytes):
        try:
            data.decode("utf-8")
            raw = data
        except UnicodeDecodeError:
            raw = decode_page(data).encode("utf-8")
    else:
        raw = data.encode("utf-8")
    if not raw.strip():
        raise PageParseError(url, "empty page")
    try:
        return lxml.html.document_fromstring(raw, parser=_UTF8_PARSER)
    except (etree.ParserError, ValueError) as exc:
        raise PageParseError(url, f"not parseable as HTML ({exc})") from exc


def to_halfwidth(text: str) -> str:
    """Full-width ASCII forms (Ａ１（）：) and the ideographic space as their ASCII counterparts."""
    return text.translate(_FULLWIDTH_TABLE)


def clean_text(text: str | None) -> str:
    """Whitespace-normalised text: runs of any whitespace become one space, and a space between two
    CJK characters is dropped (saved pages carry stray spaces inside words, e.g. "有限公 司")."""
    if not text:
        return ""
    collapsed = _SPACE_RUN.sub(" ", text).strip()
    return _CJK_GAP.sub("", collapsed)


def clean_or_none(text: str | None) -> str | None:
    """clean_text, with empty results as None (unknown, never an empty string)."""
    cleaned = clean_text(text)
    return cleaned or None


def unique(items: Iterable[str]) -> list[str]:
    """Items de-duplicated in first-seen order, empty strings dropped."""
    seen: dict[str, None] = {}
    for item in items:
        if item and item not in seen:
            seen[item] = None
    return list(seen)


def has_class(el: lxml.html.HtmlElement, name: str) -> bool:
    """Whether the element's class attribute holds the token `name`."""
    return name in (el.get("class") or "").split()


def layout_text(root: lxml.html.HtmlElement) -> str:
    """The element's visible text with its layout kept: a newline at block boundaries, a tab between
    table cells, inline markup (span, u, b, font) joined without a break. Label/value regexes read this."""
    out: list[str] = []
    # Iterative walk: saved pages have unclosed tags that lxml nests deeply.
    stack: list[tuple[lxml.html.HtmlElement, bool]] = [(root, False)]
    while stack:
        el, closing = stack.pop()
        tag = el.tag
        if closing:
            if tag in BLOCK_TAGS:
                out.append("\n")
            if el.tail and el is not root:
                out.append(el.tail)
            continue
        if not isinstance(tag, str) or tag in SKIP_TAGS:
            # Comments and invisible elements: only the text after them is shown.
            if el.tail and el is not root:
                out.append(el.tail)
            continue
        if tag in BLOCK_TAGS:
            out.append("\n")
        elif tag in CELL_TAGS:
            out.append("\t")
        if el.text:
            out.append(el.text)
        stack.append((el, True))
        stack.extend((child, False) for child in reversed(el))
    return "".join(out)


def element_text(el: lxml.html.HtmlElement | None) -> str:
    """An element's visible text, whitespace-normalised ('' for None)."""
    if el is None:
        return ""
    return clean_text(layout_text(el))

"""Text helpers shared by the parsers: loading HTML once, walking it to text, cleaning strings.

Everything here is a pure function. Pages are parsed with lxml directly (not BeautifulSoup) because
the parse budget is a small multiple of a bare lxml parse (bench/bench_parse.py).
"""

from __future__ import annotations

import html
import json
import re
import threading
from collections.abc import Iterable
from types import ModuleType
from typing import Any, TypeAlias

import lxml
from lxml import etree

from crawler.parse.errors import ListPageError, PageParseError

# Tags whose start and end break a line when a page is read as text.
BLOCK_TAGS = frozenset(
    {
        "p", "div", "br", "li", "ul", "ol", "tr", "table", "tbody", "thead", "tfoot", "caption",
        "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header", "footer", "nav", "aside",
        "blockquote", "dl", "dt", "dd", "pre", "form", "center", "hr", "address", "fieldset", "legend",
        "figure",
    }
)  # fmt: skip
CELL_TAGS = frozenset(("td", "th"))
# Never visible: code, styles, metadata, and form controls (hidden inputs carry values, not text).
# <title> is listed because agency HTML pasted into ccgp bodies carries its own <title> (Shenzhen page);
# the page's own <title> in <head> is kept.
SKIP_TAGS = frozenset(
    {
        "script", "style", "title", "head", "meta", "link", "noscript", "template", "input", "select",
        "option", "textarea", "iframe", "object",
    }
)  # fmt: skip

# CJK ideographs, CJK punctuation and full-width forms (U+3000, the ideographic space, is excluded:
# it is whitespace and gets collapsed first).
_CJK = "\u3001-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60\uffe0-\uffe6"
# The space comes first so the regex engine can jump from space to space (10x faster on long bodies).
_CJK_GAP = re.compile(rf" (?<=[{_CJK}] )(?=[{_CJK}])")
_INVISIBLE = {0x200B: " ", 0xFEFF: " "}
_FULLWIDTH_TABLE = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
# str.translate looks every character up in the table (~60 ns each on CJK text): most strings
# hold no full-width form, and a regex scan says so ten times faster.
_FULLWIDTH = re.compile("[\uff01-\uff5e\u3000]")
_COMMON_FULLWIDTH = (("（", "("), ("）", ")"), ("：", ":"), ("，", ","), ("；", ";"), ("\u3000", " "))


def decode_page(data: str | bytes) -> str:
    """Page bytes as text: UTF-8 (all current portal pages) or GB18030 (legacy provincial sites)."""
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


# A plain etree parser: lxml.html's element classes cost a Python lookup per element touched,
# which alone would double the parse budget (bench/bench_parse.py). No id table: nothing looks
# elements up by id, and building it is a few percent of the parse.
_UTF8_PARSER = etree.HTMLParser(encoding="utf-8", collect_ids=False)
Element: TypeAlias = etree._Element


def load_html(data: str | bytes, url: str) -> Element:
    """Parse a page or fragment once into a tree rooted at <html> (fragments get wrapped)."""
    if isinstance(data, bytes):
        try:
            data.decode("utf-8")
            raw = data
        except UnicodeDecodeError:
            raw = decode_page(data).encode("utf-8")
    else:
        raw = data.encode("utf-8")
    return parse_utf8(raw, url)


def parse_utf8(raw: bytes, url: str) -> Element:
    """load_html for bytes already known to be UTF-8 (parse_document decodes once for detection)."""
    try:
        root = etree.fromstring(raw, parser=_UTF8_PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise PageParseError(url, f"not parseable as HTML ({exc})") from exc
    if root is None:
        raise PageParseError(url, "empty page")
    return root


# A parser per thread for parse_checked_utf8, which reads the parser's error log after the parse.
_LOCAL = threading.local()
# libxml2 stops reporting a document's errors at 100: with fewer, it left none out.
_REPORTED_ERRORS = 100
_INVALID_ENCODING = etree.ErrorTypes.ERR_INVALID_ENCODING


def parse_checked_utf8(raw: bytes) -> Element | None:
    """The tree of bytes that should be UTF-8, checked by the parse itself: None when libxml2 met
    bytes that are not UTF-8 (a sequence Python's strict decoder rejects), when it reported so
    many errors that it may have left that one out, or when it cannot parse them at all. Spares
    decoding a whole page before parsing it."""
    parser = getattr(_LOCAL, "parser", None)
    if parser is None:
        parser = _LOCAL.parser = etree.HTMLParser(encoding="utf-8", collect_ids=False)
    try:
        root = etree.fromstring(raw, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
    errors = parser.error_log
    if root is None or len(errors) >= _REPORTED_ERRORS:
        return None
    for error in errors:
        if error.type == _INVALID_ENCODING:
            return None
    return root


def _layout_stylesheet() -> etree.XSLT:
    """An XSLT (run by libxslt, in C) that writes an element's visible text with its layout:
    a newline around block elements, a tab before table cells, nothing for invisible elements."""
    blocks = "|".join(sorted(BLOCK_TAGS))
    hidden = "|".join(sorted(SKIP_TAGS))
    return etree.XSLT(
        etree.XML(
            '<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
            '<xsl:output method="text" encoding="utf-8"/>'
            f'<xsl:template match="{hidden}"/>'
            f'<xsl:template match="{blocks}"><xsl:text>&#10;</xsl:text><xsl:apply-templates/>'
            "<xsl:text>&#10;</xsl:text></xsl:template>"
            '<xsl:template match="td|th"><xsl:text>&#9;</xsl:text><xsl:apply-templates/></xsl:template>'
            "</xsl:stylesheet>"
        ),
        # No EXSLT regular expressions: lxml would register their functions on every call.
        regexp=False,
    )


_LAYOUT = _layout_stylesheet()


def walk_mismatch(
    built_for: tuple[str, int], running: tuple[str, int], lxml_libxml: tuple[int, int], same_tags: bool
) -> str | None:
    """Why a built walk may not be used, or None when it may: it reads lxml's element struct and libxml2's
    nodes as the headers it was compiled with laid them out. `built_for` and `running` are (lxml version,
    libxml2 version as 20914); `lxml_libxml` the libxml2 lxml was compiled with and the one it runs with."""
    if built_for != running:
        return (
            f"it was built for lxml {built_for[0]} with libxml2 {_libxml_name(built_for[1])} "
            f"and runs with lxml {running[0]} with libxml2 {_libxml_name(running[1])}"
        )
    if lxml_libxml[0] != lxml_libxml[1]:
        return (
            f"lxml was compiled with libxml2 {_libxml_name(lxml_libxml[0])} "
            f"and runs with {_libxml_name(lxml_libxml[1])}"
        )
    if not same_tags:
        return "it was built with other tag sets than crawler/parse/text.py's (rebuild it)"
    return None


def _libxml_name(version: int) -> str:
    return f"{version // 10000}.{version // 100 % 100}.{version % 100}"


def _fast_layout() -> tuple[ModuleType | None, str | None]:
    """The compiled layout walk (crawler/parse/_fastlayout.c, built by setup.py when a C compiler is
    at hand) and None, or None and why not: not built, or built for another lxml or libxml2, or for
    other tag sets (walk_mismatch)."""
    try:
        from crawler.parse import _fastlayout  # type: ignore[attr-defined]
    except ImportError:
        return None, "it was not built (no C compiler at the install, or installed without setup.py)"

    def as_number(version: tuple[int, int, int]) -> int:
        return version[0] * 10000 + version[1] * 100 + version[2]

    why = walk_mismatch(
        (_fastlayout.LXML_VERSION, _fastlayout.LIBXML_VERSION),
        (lxml.__version__, as_number(etree.LIBXML_VERSION)),
        (as_number(etree.LIBXML_COMPILED_VERSION), as_number(etree.LIBXML_VERSION)),
        _fastlayout.tag_sets() == (BLOCK_TAGS, SKIP_TAGS),
    )
    if why is not None:
        return None, why
    module: ModuleType = _fastlayout
    return module, None


# The XSLT costs ~9 µs a call before it reads a node (libxslt builds a transform context per call:
# bench/RESULTS.md, detail-page parsing, round 7), ~24 µs on a ggzy body fresh from the parse; the
# walk writes the same text in ~9 µs there, and its clean_text with it.
_FAST_LAYOUT, _FAST_LAYOUT_MISSING = _fast_layout()


def to_halfwidth(text: str) -> str:
    """Full-width ASCII forms (Ａ１（）：) and the ideographic space as their ASCII counterparts."""
    if not _FULLWIDTH.search(text):
        return text
    # The forms Chinese text uses most are replaced one by one (a C scan each), and the table is
    # only used for any other: str.translate pays a dict lookup for every character.
    for full, half in _COMMON_FULLWIDTH:
        text = text.replace(full, half)
    return text.translate(_FULLWIDTH_TABLE) if _FULLWIDTH.search(text) else text


def clean_text(text: str | None) -> str:
    """Whitespace-normalised text: a lone ASCII space between two CJK characters is dropped (saved
    pages carry stray spaces inside words, e.g. "有限公 司"), then runs of any whitespace become one
    space. Line breaks and cell boundaries stay as a space: they separate, they are not noise."""
    if not text:
        return ""
    # Short strings (cells, names) mostly hold no blank at all, and then nothing changes: one scan
    # says so (isprintable is false for every blank but the space, and for U+200B and U+FEFF).
    if len(text) <= 64 and " " not in text and text.isprintable():
        return text
    if "\u200b" in text or "\ufeff" in text:
        text = text.translate(_INVISIBLE)
    if " " in text:
        if "  " in text:
            # The regex stops at every space, and laid-out bodies are mostly indentation. A space
            # in a run has a space beside it, so the rule never drops it: as a tab it reads the
            # same below, and the regex skips it. A lone space keeps its neighbours.
            text = text.replace("  ", "\t\t")
        text = _CJK_GAP.sub("", text)
    # str.split() splits on every Unicode blank (incl. U+00A0 and U+3000), far faster than a regex.
    return " ".join(text.split())


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


def has_class(el: Element, name: str) -> bool:
    """Whether the element's class attribute holds the token `name`."""
    classes = el.get("class")
    # The substring test first: most classes are not the one asked for.
    return classes is not None and name in classes and name in classes.split()


def layout_text(el: Element) -> str:
    """The element's visible text with its layout kept: a newline at block boundaries, a tab before
    table cells, inline markup (span, u, b, font) joined without a break, comments, scripts, styles
    and stray <title>s left out. Label/value regexes read this. (An XSLT, or the same walk compiled,
    rather than a Python walk: the walk alone cost more than parsing the page.)"""
    if el.tag in SKIP_TAGS:
        return "".join(el.itertext())
    if _FAST_LAYOUT is not None and isinstance(el.tag, str):
        fast: str | None = _FAST_LAYOUT.layout(el)
        # A text that opens like an XML declaration is read as the XSLT's str() reads it (and a tree
        # too deep for the walk is left to the XSLT).
        if fast is not None and not fast.startswith("<?xml"):
            return fast
    return xslt_layout(el)


def xslt_layout(el: Element) -> str:
    """layout_text of an element the layout shows, by the XSLT (the compiled walk's reference)."""
    result = _LAYOUT(el)
    # The bytes, not str(): lxml's str() runs a regex (meant for an XML declaration) over every
    # result, a tenth of the transform's cost on a small body. A text that opens like an XML
    # declaration keeps the str() reading.
    text = bytes(result).decode("utf-8")
    return str(result) if text.startswith("<?xml") else text


def layout_and_text(el: Element) -> tuple[str, str]:
    """(layout_text(el), clean_text of it): one C walk when the compiled layout is available."""
    if _FAST_LAYOUT is not None and isinstance(el.tag, str) and el.tag not in SKIP_TAGS:
        pair: tuple[str, str] | None = _FAST_LAYOUT.layout_and_text(el)
        if pair is not None and not pair[0].startswith("<?xml"):
            return pair
    layout = layout_text(el)
    return layout, clean_text(layout)


def class_attributes(el: Element) -> tuple[list[str], list[Element]] | None:
    """The class values under the element (its own included) in document order, with their
    elements, from the compiled walk; None when it is not available or the tree is too deep for it
    (body.py then uses an XPath)."""
    if _FAST_LAYOUT is None:
        return None
    found: tuple[list[str], list[Element]] | None = _FAST_LAYOUT.classes(el)
    return found


def compiled_walk() -> ModuleType | None:
    """The compiled walk (crawler/parse/_fastlayout.c) when text.py uses it, else None."""
    return _FAST_LAYOUT


def compiled_walk_missing() -> str | None:
    """Why text.py parses without the compiled walk (same output, slower: bench/RESULTS.md), or None."""
    return _FAST_LAYOUT_MISSING


def compiled_walk_notice() -> str | None:
    """What `tenders status` and each crawl process say when parsing goes without the compiled walk."""
    if _FAST_LAYOUT_MISSING is None:
        return None
    return (
        f"the compiled layout walk is not in use: {_FAST_LAYOUT_MISSING}. The same notices, parsed 15–40 % "
        "slower; `pip install -e .` with a C compiler builds it (README)"
    )


def element_text(el: Element | None) -> str:
    """A small element's text (a cell, a title, a link), whitespace-normalised ('' for None).
    Serialised by libxml2 without layout breaks; use layout_text for bodies."""
    if el is None:
        return ""
    # raw_text, inlined: this runs for every cell and template field read.
    if len(el) == 0:
        text = el.text
        if text is None:
            return ""
        # clean_text's own first test, inlined: most cells need no cleaning.
        if len(text) <= 64 and " " not in text and text.isprintable():
            return text
        return clean_text(text)
    return clean_text(etree.tostring(el, method="text", encoding=str, with_tail=False))


def compact_text(el: Element) -> str:
    """An element's text with every blank removed (table labels: `总中标金 额` → `总中标金额`); the
    same as removing the blanks of element_text, without its CJK-gap pass."""
    # raw_text, inlined: this runs for every label cell.
    text = (
        (el.text or "") if len(el) == 0 else etree.tostring(el, method="text", encoding=str, with_tail=False)
    )
    if len(text) <= 64 and " " not in text and text.isprintable():
        return text
    if "\u200b" in text or "\ufeff" in text:
        text = text.translate(_INVISIBLE)
    return "".join(text.split())


def raw_text(el: Element) -> str:
    """All text under the element (no tail), as libxml2 serialises it with method="text"."""
    # A leaf (no child element, comment or PI) holds only text nodes: `.text` is all of it, and
    # several times cheaper than a serialisation.
    if len(el) == 0:
        return el.text or ""
    return etree.tostring(el, method="text", encoding=str, with_tail=False)


def json_text(value: object) -> str | None:
    """A JSON field as text: a string as it is, an integer as its digits (ggzy sends codes both
    ways); anything else (null, true/false, a float, a list, an object) is no text. API responses
    are hostile input, so a field of the wrong type is read as missing, never trusted."""
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def json_object(body: str | bytes | dict[str, Any], url: str) -> dict[str, Any]:
    """A list API answer as a JSON object; anything else is a ListPageError naming the URL."""
    if isinstance(body, dict):
        return body
    try:
        payload = json.loads(body)
    except ValueError as exc:
        raise ListPageError(url, f"the list API answer is not JSON: {exc}") from exc
    if not isinstance(payload, dict):
        raise ListPageError(url, "the list API answer is not a JSON object")
    return payload


def json_list(value: object) -> list[Any]:
    """A JSON field that should be an array: the array, or [] when it is anything else."""
    return value if isinstance(value, list) else []


_MARKUP = re.compile(r"<[^>]*>")


def strip_markup(text: str | None) -> str:
    """A title that may carry highlight markup (`<font color="red">互联网</font>`) as clean text."""
    if not text:
        return ""
    if "<" in text:
        text = html.unescape(_MARKUP.sub("", text))
    return clean_text(text)

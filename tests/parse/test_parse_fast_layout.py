"""The compiled layout walk (crawler/parse/_fastlayout.c) writes what the layout XSLT writes, and its
clean text is clean_text's; text.py uses it only when it was built for the lxml in use. The
comparisons run where the module is built (`python setup.py build_ext --inplace`); the refusal
tests run everywhere."""

from __future__ import annotations

import html
import sys
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

import crawler.parse
from crawler.parse import text
from crawler.parse.body import _CLASS_ATTRIBUTES, BodyFields
from crawler.parse.ggzy import _page_parts
from crawler.parse.text import BLOCK_TAGS, SKIP_TAGS, clean_text, load_html, xslt_layout
from domain.paths import REAL_PAGES_DIR

# The module, typed loosely: the tests that use it are skipped when it is None.
FAST: Any = text._FAST_LAYOUT
needs_fast = pytest.mark.skipif(FAST is None, reason="crawler.parse._fastlayout is not built")

_TAGS = (
    sorted(BLOCK_TAGS) + sorted(SKIP_TAGS) + ["td", "th", "span", "b", "font", "a", "u", "samp", "o:p", "img"]
)
_TEXTS = [
    "中文", "中 文", " 。 ", "（ ）", "项目编号：", "A&amp;B", "&lt;", "&#13;", "&nbsp;", "&#x200b;", "\u200b",
    "\ufeff中", "\u3000", "\x85", "\u2028", "𠀀 中", " ", "  ", "\n", "\t", "x", "é", "<?xml", "]]>",
]  # fmt: skip


@st.composite
def _markup(draw: st.DrawFn, depth: int = 0) -> str:
    """Random body markup: text (blanks, CJK, references), comments, processing instructions and
    elements of every kind the layout treats apart, nested, some left unclosed."""
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.integers(0, 9))
        if kind <= 3 or depth >= 4:
            parts.append(draw(st.sampled_from(_TEXTS)))
        elif kind == 4:
            parts.append(f"<!-- {draw(st.sampled_from(_TEXTS))} -->")
        elif kind == 5:
            parts.append("<?pi x?>")
        else:
            tag = draw(st.sampled_from(_TAGS))
            inner = draw(_markup(depth + 1))
            classes = draw(
                st.sampled_from(["", " class=''", " class='code-00004 x'", " class='a\tcode-00014'"])
            )
            parts.append(f"<{tag}{classes}>{inner}" + (f"</{tag}>" if draw(st.booleans()) else ""))
    return "".join(parts)


def _elements(html: str) -> list[etree._Element]:
    """The parsed fragment's root (whose document the XSLT reads whole) and its first elements."""
    root = load_html(f"<div>{html}</div>", "t")
    return [el for el in [root, *root.iter()][:8] if isinstance(el.tag, str) and el.tag not in SKIP_TAGS]


@needs_fast
@settings(max_examples=400, deadline=None)
@given(_markup())
def test_the_walk_writes_what_the_stylesheet_writes(html: str) -> None:
    # The classes first, on a tree no stylesheet has run on: libxslt leaves document-order indices
    # on the elements it numbers, and after transforms of nested elements of one tree libxml2 sorts
    # an XPath's nodes by stale ones (the parsers run one transform a tree).
    for el in _elements(html):
        attributes = _CLASS_ATTRIBUTES(el)
        assert FAST.classes(el) == ([str(a) for a in attributes], [a.getparent() for a in attributes])
    for el in _elements(html):
        layout = xslt_layout(el)
        assert FAST.layout(el) == layout
        assert FAST.layout_and_text(el) == (layout, clean_text(layout))


@needs_fast
@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from([" ", "\t", "\n", "\u3000", "\xa0", "\u200b", "\ufeff", "\x1c", "\x85",
                                          "\u2028", "\u2000", "\x0b", "中", "。", "（", "：", "\uff61", "\uffe5",
                                          "\u4dbf", "a", "1", "é", "𠀀"]), max_size=40))  # fmt: skip
def test_the_walks_clean_text_is_clean_text(value: str) -> None:
    root = load_html(f"<div><span>{html.escape(value)}</span>{html.escape(value)}</div>", "t")[0][0]
    layout = xslt_layout(root)
    assert FAST.layout_and_text(root) == (layout, clean_text(layout))


@needs_fast
@pytest.mark.parametrize(
    "html",
    [
        "<p>a</p><!-- c --><?x y?>",
        "<table><tr><th>采购人</th><td>甲 医院</td></tr></table><script>x</script>tail",
        '<p class="code-00004">N-1</p><span class="code-00014"><b class="x">甲</b> 医院</span>',
        "<noscript><p>hidden</p></noscript>after",
        "<?xml version='1.0'?> text",  # read as the XSLT's str() reads it
    ],
)
def test_bodies_read_the_same_with_either_walk(html: str, monkeypatch: pytest.MonkeyPatch) -> None:
    root = load_html(f"<div>{html}</div>", "t")[0][0]
    fast = BodyFields(root)
    fields = (
        fast.layout,
        fast.text,
        fast.project_code,
        fast.buyer,
        fast.codes.classes,
        fast.codes.get("00014"),
    )
    monkeypatch.setattr(text, "_FAST_LAYOUT", None)
    slow = BodyFields(root)
    assert (
        slow.layout,
        slow.text,
        slow.project_code,
        slow.buyer,
        slow.codes.classes,
        slow.codes.get("00014"),
    ) == fields


@needs_fast
@pytest.mark.skipif(not REAL_PAGES_DIR.is_dir(), reason=f"real pages folder {REAL_PAGES_DIR} is absent")
def test_the_walk_reads_saved_pages_as_the_stylesheet_does() -> None:
    pages = sorted(p for p in REAL_PAGES_DIR.glob("*/*.htm*") if p.is_file())
    assert pages
    for page in pages:
        root = load_html(page.read_bytes(), page.name)
        for el in [root, *root.iter("body", "div", "td", "table")]:
            if el.tag not in SKIP_TAGS:
                assert FAST.layout(el) == xslt_layout(el), page.name


@needs_fast
def test_a_tree_too_deep_for_the_walk_is_read_by_the_stylesheet_and_the_xpath() -> None:
    root = load_html("<div><p class='code-00004'>N-1</p></div>", "t")[0][0]
    el = root
    for depth in range(1200):
        el = etree.SubElement(el, "div" if depth % 2 else "span", {"class": f"c{depth}"})
    el.text = "深 处"
    assert FAST.layout(root) is None and FAST.classes(root) is None and FAST.ggzy_parts(root) is None
    assert _page_parts(root) == _python_page_parts(root) == (None, None, None)
    body = BodyFields(root)
    layout = xslt_layout(root)
    assert (body.layout, body.text) == (layout, clean_text(layout))
    assert body.codes.classes.count("\x00") == 1200
    assert body.project_code == "N-1"


_PART_TAGS = ["h4", "p", "div", "span", "h3"]
_PART_ATTRIBUTES = [
    "", " class='h4_o'", " class='p_o'", " class='x h4_o'", " class='p_o\u3000x'", " class='h4_o\xa0y'",
    " class='h4_ox'", " class='P_O'", " class='a\x85p_o'", " id='mycontent'", " id=' mycontent'", " id='myContent'",
    " class='p_o' id='mycontent'", " class=''",
]  # fmt: skip


@st.composite
def _page(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        if depth >= 3 or draw(st.integers(0, 3)) == 0:
            parts.append(draw(st.sampled_from(["标题", "<!-- c -->", " "])))
        else:
            tag = draw(st.sampled_from(_PART_TAGS))
            attributes = draw(st.sampled_from(_PART_ATTRIBUTES))
            parts.append(f"<{tag}{attributes}>{draw(_page(depth + 1))}</{tag}>")
    return "".join(parts)


def _python_page_parts(root: etree._Element) -> object:
    saved, text._FAST_LAYOUT = text._FAST_LAYOUT, None
    try:
        return _page_parts(root)
    finally:
        text._FAST_LAYOUT = saved


@needs_fast
@settings(max_examples=500, deadline=None)
@given(_page())
def test_the_walk_finds_the_ggzy_page_parts_the_python_walk_finds(html: str) -> None:
    root = load_html(f"<html><body>{html}</body></html>", "t")
    for el in [root, *root.iter("body", "div")][:4]:
        assert FAST.ggzy_parts(el) == _python_page_parts(el)


def _loaded_with(module: object, monkeypatch: pytest.MonkeyPatch) -> object:
    monkeypatch.setitem(sys.modules, "crawler.parse._fastlayout", module)
    monkeypatch.setattr(crawler.parse, "_fastlayout", module, raising=False)
    module_or_none, _why = text._fast_layout()
    return module_or_none


def _module(**changes: object) -> SimpleNamespace:
    major, minor, patch = etree.LIBXML_VERSION
    import lxml

    fields: dict[str, object] = {
        "LXML_VERSION": lxml.__version__,
        "LIBXML_VERSION": major * 10000 + minor * 100 + patch,
        "tag_sets": lambda: (BLOCK_TAGS, SKIP_TAGS),
    }
    return SimpleNamespace(**(fields | changes))


def test_a_module_built_for_this_lxml_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    module = _module()
    assert _loaded_with(module, monkeypatch) is module


@pytest.mark.parametrize(
    "changes",
    [
        {"LXML_VERSION": "0.0.1"},
        {"LIBXML_VERSION": 20000},
        {"tag_sets": lambda: (BLOCK_TAGS - {"br"}, SKIP_TAGS)},
    ],
)
def test_a_module_built_for_another_lxml_is_not(
    changes: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _loaded_with(_module(**changes), monkeypatch) is None
    _none, why = text._fast_layout()
    assert why is not None and why.startswith("it was built")

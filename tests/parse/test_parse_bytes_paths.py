"""parse_document reads most pages from their bytes (kind detected on the bytes, UTF-8 checked by the
parse itself); the decoded text goes through detect_kind and the usual reading. Both must give the
same notices, or the same error, for any page: saved real pages, authored edge cases, and variants
with inserted markup, blanks, full-width forms, stray classes and bytes that are not UTF-8."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from crawler.parse import PageParseError, _holds, _occurrences, detect_kind, parse_document
from crawler.parse.body import BodyFields, extract_body
from crawler.parse.text import decode_page, load_html
from domain.paths import REAL_PAGES_DIR

URL = "file:///saved/page.html"

# What a variant inserts before a tag: markup each reader treats differently, the markers that
# decide a page's kind, and codes beside characters that are or are not part of a word.
INSERTS = (
    "<!-- note -->",
    "<br/>",
    "\u3000",
    "\u00a0",
    "\u200b",
    "<span class='code-00004'>ZC-2025-01</span>",
    "<td class='code-winningSupplierName'>某某有限公司</td>",
    "<table><tr><td class='title'>采购人</td><td>某某医院</td></tr></table>",
    "<table><tr><th>供应商名称</th><th>中标金额</th></tr><tr><td>甲公司</td><td>100万元</td></tr></table>",
    "<ul class='fjxx'><li><a>附件</a></li></ul>",
    "中code-00004 ",
    "：code-00003 ",
    " code-projectName中",
    "vF_detail_content",
    "<li>/cggg/</li>",
    "错误页面 中国政府采购网",
    "<h4 class='h4_o'>标题</h4>",
    "预算金额：５０万元",
    "（）：，；",
)
BAD_BYTES = (b"\xff", b"\xc3", b"\xe4\xb8", b"\xed\xa0\x80", b"\xef\xbb\xbf")


def outcome(data: str | bytes) -> object:
    """The notices (as JSON) or the error reason a page gives."""
    try:
        return [notice.to_json() for notice in parse_document(data, URL)]
    except PageParseError as exc:
        return exc.reason


def assert_same_both_ways(data: bytes) -> None:
    assert outcome(data) == outcome(decode_page(data))


def real_pages() -> list[Path]:
    if not REAL_PAGES_DIR.is_dir():
        return []
    return sorted(p for p in REAL_PAGES_DIR.rglob("*") if p.suffix in (".html", ".htm"))


def variants(data: bytes, rnd: random.Random, count: int) -> list[bytes]:
    """Pages made from `data`: markup inserted before a random tag, or a byte that is not UTF-8."""
    text = data.decode("utf-8", errors="replace")
    tags = [i for i, ch in enumerate(text) if ch == "<"]
    made = []
    for _ in range(count):
        if rnd.random() < 0.8 and tags:
            at = rnd.choice(tags)
            made.append((text[:at] + rnd.choice(INSERTS) + text[at:]).encode("utf-8"))
        else:
            at = rnd.randrange(len(data) + 1)
            made.append(data[:at] + rnd.choice(BAD_BYTES) + data[at:])
    return made


@pytest.mark.skipif(
    not real_pages(), reason=f"real pages folder {REAL_PAGES_DIR} is absent (shared test data)"
)
def test_real_pages_and_their_variants_read_the_same_from_bytes_and_text() -> None:
    rnd = random.Random(15)
    for path in real_pages():
        data = path.read_bytes()
        assert_same_both_ways(data)
        for variant in variants(data, rnd, 12):
            assert_same_both_ways(variant)


FRAGMENT = (
    "<div><p>一、项目编号：<span class='code-00004'>GXZC2025-G1-0001</span></p>"
    "<p>二、项目名称：<span class='code-00003'>医疗设备采购</span></p>"
    "<p>采购人名称：<span class='code-00014'>某某医院</span></p></div>"
)


@pytest.mark.parametrize(
    "page",
    [
        FRAGMENT,
        "\ufeff" + FRAGMENT,
        " \r\n\t" + FRAGMENT,
        "\u3000" + FRAGMENT,
        FRAGMENT.replace("class='code-00004'", "class='中code-00004'"),
        FRAGMENT.replace("class='code-00003'", "class='x code-00003\u00e9'"),
        "<div>中code-00004 ：code-00003 项目名称：某项目</div>",
        "<div>：code-00003 项目名称：某项目</div>",
        FRAGMENT + "<ul class='ul_toggle'><li onclick='showDetail(this,\"0201\",\"x\")'>t</li></ul>",
        FRAGMENT + "<li>采购人：某单位</li>",
        FRAGMENT + "<p>错误页面</p><p>中国政府采购网</p>",
        FRAGMENT + "<div class='vT_detail_content'></div>",
        FRAGMENT + "<div class='vF_detail_content'></div>",
        FRAGMENT + "<p>x_detail_content</p>",
        FRAGMENT + "<p class='h4_o'></p>",
        FRAGMENT + "<p class='h4_o'></p><div id='mycontent'></div>",
        FRAGMENT + "<p>vT-srch-result</p>",
        FRAGMENT + "<p>c_list_bid</p>",
        FRAGMENT + "<p>中国政府采购网</p>",
        FRAGMENT + "<p>错误页面</p>",
        FRAGMENT + "<p>showDetail(</p>",
        FRAGMENT + "<p>showDetail(</p><ul class='ul_toggle'></ul>",
        "c_list_bid" + FRAGMENT,
        "h4_o" + FRAGMENT,
        "<p>" + "_" * 40 + "</p>" + FRAGMENT + "<p>c_list_bid</p>",
        "<p>" + "_" * 40 + "</p>" + FRAGMENT + "<p class='h4_o'></p>",
        "<p>" + "(" * 40 + "</p>" + FRAGMENT + "<p>showDetail(ul_toggle</p>",
        " " * 2000 + "<p class='h4_o'></p><div id='mycontent'>" + FRAGMENT + "</div>",
    ],
)
def test_template_fragment_edge_cases_read_the_same_from_bytes_and_text(page: str) -> None:
    assert_same_both_ways(page.encode("utf-8"))
    assert_same_both_ways(page.encode("gb18030"))


def test_a_fragment_is_recognised_from_its_bytes_like_its_text() -> None:
    assert detect_kind(FRAGMENT) == "template_fragment"
    notices = parse_document(FRAGMENT.encode("utf-8"), URL, "ccgp")
    assert [(n.source, n.title, n.project_code, n.buyer) for n in notices] == [
        ("ccgp", "医疗设备采购", "GXZC2025-G1-0001", "某某医院")
    ]
    with pytest.raises(PageParseError, match="unrecognised content"):
        parse_document("<div>中code-00004 项目名称：某项目</div>".encode(), URL)


@pytest.mark.parametrize(
    "data",
    [b"", b"_", b"x_list_bid", b"c_list_bid", b"ac_list_bidc_list_bid", b"_c_list_bi", b"c_list_bi_d_" * 20],
)
def test_a_marker_looked_for_at_its_rare_byte_is_found_like_with_in(data: bytes) -> None:
    for marker in (b"c_list_bid", b"_list", b"bid_", b"_"):
        assert _holds(data, marker, b"_", _occurrences(data, b"_")) == (marker in data)
        assert _holds(data, marker, b"_", None) == (marker in data)


def test_occurrences_are_listed_up_to_a_few() -> None:
    assert _occurrences(b"a_b_", b"_") == [1, 3]
    assert _occurrences(b"ab", b"_") == []
    assert _occurrences(b"_" * 40, b"_") is None


def body_in(body: str, around: str = "{}") -> BodyFields:
    root = load_html(f"<html><body>{around.format(f'<div id=body>{body}</div>')}</body></html>", URL)
    return extract_body(next(root.iter("div")) if around == "{}" else root.find(".//div[@id='body']"))


@pytest.mark.parametrize(
    ("body", "around", "names"),
    [
        ("<p>采购人：某某医院</p><a href='/x'>说明</a>", "{}", []),
        ("<a href='/x.PDF?v=1'>文件</a><a class='bizDownload'>表</a>", "{}", ["文件", "表"]),
        ("<ul class='fjxx'><li><a href='/x'>清单</a></li></ul><a>说明</a>", "{}", ["清单"]),
        ("<a href='/x'>清单</a><a>二</a>", "<ul class='x\tfjxx'><li>{}</li></ul>", ["清单", "二"]),
        ("<a href='/x'>清单</a>", "<ul class='fjxx2'><li>{}</li></ul>", []),
        ("<span class='fjxx'><a href='/x'>清单</a></span>", "{}", []),
    ],
)
def test_attachment_links_by_their_list_anywhere_above_them(body: str, around: str, names: list[str]) -> None:
    assert body_in(body, around).attachments == names

"""canonical_url's shortcut for ccgp links already canonical: the same URL as splitting and joining it."""

from __future__ import annotations

from urllib.parse import urljoin

from hypothesis import given
from hypothesis import strategies as st

from crawler.parse.ccgp_lists import row_url
from crawler.parse.errors import ListPageError
from crawler.parse.urls import canonical_by_parts, canonical_url, is_canonical_ccgp

PAGE = "https://search.ccgp.gov.cn/bxsearch?searchtype=1&page_index=2&kw=%E5%A4%A7%E6%A8%A1%E5%9E%8B"

# Ends and middles of URLs with what URL parsing treats specially: blanks, control characters, `?`, `#`, `;`,
# `//`, `..`, percent escapes, upper case, CJK.
_PIECES = st.sampled_from(
    [
        "/",
        "//",
        "?",
        "#",
        ";",
        " ",
        "\t",
        "\n",
        "\u3000",
        "\xa0",
        "..",
        "%20",
        "A",
        "a",
        "中",
        "=",
        "&",
        "x.htm",
    ]
)
_TAILS = st.lists(st.one_of(_PIECES, st.text(max_size=3)), max_size=8).map("".join)
_HEADS = st.sampled_from(
    [
        "http://www.ccgp.gov.cn/",
        "http://www.ccgp.gov.cn/cggg/dfgg/zbgg/202506/",
        "https://www.ccgp.gov.cn/cggg/",
        "http://WWW.ccgp.gov.cn/cggg/",
        " http://www.ccgp.gov.cn/cggg/",
        "http://www.ggzy.gov.cn/information/deal/html/b/",
        "/cggg/dfgg/",
    ]
)


@given(head=_HEADS, tail=_TAILS)
def test_the_shortcut_gives_what_splitting_gives(head: str, tail: str) -> None:
    url = head + tail
    assert canonical_url(url) == canonical_by_parts(url)
    if is_canonical_ccgp(url):
        assert canonical_by_parts(url) == url


@given(head=_HEADS, tail=_TAILS)
def test_a_search_row_link_is_read_as_before(head: str, tail: str) -> None:
    """row_url returns a canonical ccgp link as it is: joined to the page and made canonical, the same."""
    href = head + "cggg/" + tail
    try:
        got = row_url(href, None, PAGE)
    except ListPageError:  # not a detail link
        return
    assert got == canonical_by_parts(urljoin(PAGE, href.strip()))


def test_links_as_the_portal_prints_them_take_the_shortcut() -> None:
    for url in (
        "http://www.ccgp.gov.cn/cggg/dfgg/zbgg/202506/t20250627_24851234.htm",
        "http://www.ccgp.gov.cn/cggg/zygg/gkzb/202501/t20250103_23912345.htm",
    ):
        assert is_canonical_ccgp(url) and canonical_url(url) == url
    for url in (
        "https://www.ccgp.gov.cn/cggg/dfgg/zbgg/202506/t20250627_24851234.htm",
        "http://www.ccgp.gov.cn/cggg/x.htm#top",
        "http://www.ccgp.gov.cn/cggg/x.htm ",
    ):
        assert not is_canonical_ccgp(url)

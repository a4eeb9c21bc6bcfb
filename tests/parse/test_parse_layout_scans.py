"""Body fields read from laid-out text and tables the way saved pages lay them out: indented lines,
runs of blanks, nested layout tables. Each case pins what the scans find, whatever shortcut they take."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.parse.body import (
    BodyFields,
    TemplateCodes,
    _column_awards,
    _column_total,
    _lot_headings,
    cells_with_hidden_text,
    extract_body,
    may_hold_budget_header,
    may_hold_winner_header,
)
from crawler.parse.text import clean_text, load_html


def body_of(html: str) -> BodyFields:
    return extract_body(load_html(f"<div>{html}</div>", "t")[0][0])


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("中 文", "中文"),
        ("中  文", "中 文"),
        ("中   文 字", "中 文字"),
        ("中    文", "中 文"),
        ("A  中 文  B", "A 中文 B"),
        ("中\t 文", "中 文"),
        ("  前 后  ", "前后"),
        ("中 \u3000文", "中 文"),
    ],
)
def test_a_lone_space_between_chinese_goes_and_a_run_of_blanks_stays_one_space(
    raw: str, cleaned: str
) -> None:
    assert clean_text(raw) == cleaned


def test_lot_headings_open_their_line_after_any_indentation() -> None:
    layout_page = (
        "<p>标项一：设备，预算金额：10万元</p>"
        "<p>        标项二 ：耗材</p>"
        "<p>\t标项3：服务</p>"
        "<p>说明：标项四：不是标题</p>"
        "<p>  包组A：另一类</p>"
    )
    assert body_of(layout_page).lot_ids == ["一", "二", "3", "A"]


def test_lot_headings_of_every_word_come_back_in_the_order_of_their_lines() -> None:
    layout = "\n  包组2：甲\n标项一：乙 标段9：不算\n\t采购包 3 ：丙\n分标A：丁\n标包B：戊\n  标段4:己"
    assert _lot_headings(layout) == ["2", "一", "3", "A", "B", "4"]


# The heading regex as one alternation of the words, which _lot_headings splits by first character.
_ONE_HEADING_REGEX = re.compile(
    r"(?:标项|包组|标包|采购包|分标|标段)[ \t]*([一二三四五六七八九十]{1,3}|\d{1,2}|[A-Z])[ \t]*[:：]"
)


def _headings_by_one_regex(layout: str) -> list[str]:
    return [
        match.group(1)
        for match in _ONE_HEADING_REGEX.finditer(layout)
        if not layout[layout.rfind("\n", 0, match.start()) + 1 : match.start()].strip(" \t")
    ]


@given(st.text(alphabet=st.sampled_from(list("标项包组采购分段一二十12AB：: \t\n中")), max_size=40))
def test_lot_headings_are_those_the_one_alternation_finds(layout: str) -> None:
    assert _lot_headings(layout) == _headings_by_one_regex(layout)


def test_a_heading_on_the_first_line_counts_and_one_inside_a_line_does_not() -> None:
    body = extract_body(load_html("<p>标段1：甲 标段2：乙</p>", "t"))
    assert body.lot_ids == ["1"]


def test_each_lot_result_is_read_in_order() -> None:
    body = body_of(
        "<p>                包组编号：001</p><p>结果类型：中标</p>"
        "<p>    包组编号：002</p><p>    结果类型：废标</p>"
        "<p>标包：003 结果类型：终止</p>"
    )
    assert body.lot_results == {"001": "awarded", "002": "failed", "003": "failed"}
    assert not body.every_lot_failed


def test_winner_table_inside_nested_layout_tables() -> None:
    winners = (
        "<table><tr><td>序号</td><td>供 应 商 名 称</td><td>中标金额</td></tr>"
        "<tr><td>1</td><td>甲有限公司</td><td>12.5万元</td></tr></table>"
    )
    indented = " \n ".join(["说明文字"] * 40)
    page = f"<table><tr><td>{indented}<table><tr><td>{winners}</td></tr></table></td></tr></table>"
    body = body_of(f"<p>中标供应商见下表</p>{page}")
    assert body.suppliers == ["甲有限公司"]
    assert body.award_amount_yuan == Decimal(125000)


def test_a_long_cell_that_starts_like_a_header_is_not_one() -> None:
    table = (
        "<table><tr><td>供应商名称 以下为评审结果说明 共 三 家 供 应 商 参 加</td><td>金额</td></tr>"
        "<tr><td>甲有限公司</td><td>1</td></tr></table>"
    )
    assert body_of(f"<p>供应商</p>{table}").suppliers == []


def test_template_codes_hold_the_body_element_and_its_descendants_in_document_order() -> None:
    root = load_html(
        '<div class="code-00004 outer">A<p class="code-00003">名</p>text<span>'
        '<b class="x code-00004">B</b><!-- c --></span></div>',
        "t",
    )[0][0]
    codes = TemplateCodes(root)
    assert [el.tag for el in codes.get("00004")] == ["div", "b"]
    assert [el.text for el in codes.get("00003")] == ["名"]
    assert codes.any_of(("00003",)) and not codes.any_of(("00014",))
    assert TemplateCodes(root[0]).get("00004") == []


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # The first code whose element shows text wins; an empty element is passed over.
        ('<p class="code-00004"> </p><p class="code-projectCode">P-2</p>', "P-2"),
        ('<p class="code-projectCode">P-2</p><p class="code-00004">N-1</p>', "N-1"),
        ('<p class="code-00004"></p>', None),
        ('<p class="title">N-1</p>', None),
        ("<p>项目编号：N-1</p>", None),
    ],
)
def test_code_text_reads_the_codes_in_order(html: str, expected: str | None) -> None:
    body = body_of(html)
    assert body.code_text("00004", "projectCode") == expected
    # The same as asking for each code in turn.
    assert expected == (body.code_text("00004") or body.code_text("projectCode"))


_WINNER_TABLE = "<table><tr><td>{header}</td><td>中标金额</td></tr><tr><td>甲科技有限公司</td><td>100万元</td></tr></table>"


@pytest.mark.parametrize(
    "html",
    [
        _WINNER_TABLE.format(header="供应商名称"),
        _WINNER_TABLE.format(header=" 供 应\u3000商\u200b名 称 "),
        _WINNER_TABLE.format(header="<p>供应商</p><p>名称</p>"),
        _WINNER_TABLE.format(header="<table><tr><td>中标人名称</td></tr></table>"),
        _WINNER_TABLE.format(header="供应<title>商</title>名称"),
        _WINNER_TABLE.format(header="供<noscript>应</noscript>商名称"),
        _WINNER_TABLE.format(header="<script></script>供应商名称"),
        _WINNER_TABLE.format(header="供应商<!-- c -->名称<input><meta>"),
        f"<noscript>{_WINNER_TABLE.format(header='供应商名称')}</noscript>",
        f"<title>页</title><p>供应商</p>{_WINNER_TABLE.format(header='成交供应商')}",
        f"<title>页</title>{_WINNER_TABLE.format(header='供应商名称：乙公司')}",
        f"<title>页</title><p>供应商名称：乙公司</p>{_WINNER_TABLE.format(header='序号')}",
        _WINNER_TABLE.format(header="投标供应商"),
        "<table><tr><td>供应商名称：乙公司</td></tr></table>",
    ],
)
def test_the_winner_header_test_never_skips_a_table_the_search_would_read(html: str) -> None:
    """may_hold_winner_header is False only where _column_awards finds no winner column."""
    body = body_of(html)
    root = body._root
    assert root is not None
    if _column_awards(root):
        assert may_hold_winner_header(body.layout, cells_with_hidden_text(root))


def test_the_winner_header_test_skips_bodies_without_a_header_cell() -> None:
    body = body_of(f"<title>页</title><p>供应商名称：乙公司</p>{_WINNER_TABLE.format(header='序号')}")
    assert body._root is not None
    assert not may_hold_winner_header(body.layout, cells_with_hidden_text(body._root))
    assert body.suppliers == ["乙公司"]


def test_a_hidden_element_in_a_cell_that_labels_no_winner_column_no_longer_forces_the_search() -> None:
    # The <script> hides text of the 序号 cell only: that cell's whole label is read, and it is no
    # winner header; every other cell shows its text in the layout.
    body = body_of(_WINNER_TABLE.format(header="序<script>var a;</script>号"))
    assert body._root is not None
    assert not may_hold_winner_header(body.layout, cells_with_hidden_text(body._root))
    assert body.suppliers == []


def test_a_cell_around_the_body_is_not_one_of_its_cells() -> None:
    # The body, which opens with a pasted <title>, sits in a layout cell: that cell is no cell of
    # the body, and the body's own cells show their whole text in the layout.
    root = load_html(
        f"<table><tr><td><div><title>页</title>{_WINNER_TABLE.format(header='序号')}</div></td></tr></table>",
        "t",
    )
    body = extract_body(next(root.iter("div")))
    assert body.hidden_text_cells == []
    assert not may_hold_winner_header(body.layout, cells_with_hidden_text(next(root.iter("div"))))


_BUDGET_TABLE = (
    "<p>预算</p><table><tr><td>{header}</td><td>项目名称</td></tr><tr><td>12</td><td>甲</td></tr></table>"
)


@pytest.mark.parametrize(
    "html",
    [
        _BUDGET_TABLE.format(header="预算金额（万元）"),
        _BUDGET_TABLE.format(header=" 采 购\u3000预\u200b算 "),
        _BUDGET_TABLE.format(header="<p>项目</p><p>预算</p>"),
        _BUDGET_TABLE.format(header="预<title>算</title>金额"),
        _BUDGET_TABLE.format(header="<noscript>项目</noscript>预算"),
        f"<template>{_BUDGET_TABLE.format(header='预算金额')}</template>",
        f"<title>页</title>{_BUDGET_TABLE.format(header='预算单价')}",
        _BUDGET_TABLE.format(header="金额"),
    ],
)
def test_the_budget_header_test_never_skips_a_column_the_walk_would_read(html: str) -> None:
    """may_hold_budget_header is False only where _column_total finds no budget column."""
    body = body_of(html)
    root = body._root
    assert root is not None
    if _column_total(root) is not None:
        assert may_hold_budget_header(body.layout, cells_with_hidden_text(root))


def test_the_budget_header_test_skips_tables_without_a_budget_column() -> None:
    body = body_of(f"<title>页</title><p>预算说明见附件</p>{_BUDGET_TABLE.format(header='金额')}")
    assert body._root is not None
    assert not may_hold_budget_header(body.layout, cells_with_hidden_text(body._root))
    assert body.budget_yuan is None
    assert extract_body(
        load_html(_BUDGET_TABLE.format(header="预算金额（万元）"), "t")
    ).budget_yuan == Decimal(120000)

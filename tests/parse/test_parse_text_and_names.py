"""Whitespace, markup and organisation-name normalisation."""

from __future__ import annotations

from crawler.parse.suppliers import join_names, normalise_supplier, normalise_suppliers, split_names
from crawler.parse.text import clean_text, layout_text, load_html, strip_markup, to_halfwidth


def test_stray_spaces_inside_chinese_are_removed() -> None:
    assert clean_text(" 济南大学中心校区学生公寓改造提升项目施 工中标（成交）公告 ") == (
        "济南大学中心校区学生公寓改造提升项目施工中标（成交）公告"
    )
    assert clean_text("LIU  YANG,\n丁一飞") == "LIU YANG, 丁一飞"
    # A line break is a separator, not a stray space.
    assert clean_text("采购人名称\n德清县体育中心") == "采购人名称 德清县体育中心"


def test_highlight_markup_is_removed_from_titles() -> None:
    assert (
        strip_markup('德州市公安局<font color="red">互联网</font>门户网站建设项目')
        == "德州市公安局互联网门户网站建设项目"
    )
    assert strip_markup("A &amp; B <b>x</b>") == "A & B x"


def test_halfwidth() -> None:
    assert to_halfwidth("ＡＢＣ（１２）：") == "ABC(12):"


def test_layout_text_skips_invisible_parts_and_keeps_comment_tails() -> None:
    root = load_html("<div><p>a<!-- c -->b<script>x</script>t<span>s</span>u</p><title>T</title>z</div>", "t")
    assert layout_text(root).split() == ["abtsu", "z"]


def test_supplier_names() -> None:
    assert normalise_supplier(" 海逸恒安项目管理有限公 司 ") == "海逸恒安项目管理有限公司"
    assert normalise_supplier("济南四建 （集团）有限责任公司") == "济南四建(集团)有限责任公司"
    assert normalise_supplier("ＡＢＣ科技有限公司") == "ABC科技有限公司"
    assert normalise_supplier("-") is None
    assert normalise_suppliers(["甲公司", " 甲公司 ", "乙公司", None, "/", "甲 公司"]) == ["甲公司", "乙公司"]


def test_names_listed_in_one_cell() -> None:
    assert split_names("济南大学,济南大学,济南大学,济南大学") == ["济南大学"]
    assert join_names("甲局、乙局，甲局") == "甲局、乙局"
    assert join_names("") is None

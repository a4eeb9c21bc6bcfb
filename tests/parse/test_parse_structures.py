"""Page structures beyond the saved real pages, on small pages authored here: block and error
pages, the old ccgp layout, multi-lot template awards with a rate, summary-only fields, result
lists, the 政采云 detail record, and unrecognised input."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from crawler.parse import PageParseError, detect_block, parse_document, parse_file
from crawler.parse.ccgp import parse_ccgp_detail, parse_ccgp_list
from crawler.parse.ggzy import parse_ggzy_list
from crawler.parse.zcy import parse_zcy_detail

CCGP_GKZB = "http://www.ccgp.gov.cn/cggg/dfgg/gkzb/202507/t20250708_24900001.htm"
CCGP_ZBGG = "http://www.ccgp.gov.cn/cggg/dfgg/zbgg/202507/t20250708_24900002.htm"


def detail_page(title: str, body: str, summary_rows: str = "", meta_title: bool = True) -> str:
    meta = f'<meta name="ArticleTitle" content="{title}" /><meta name="PubDate" content="2025-07-08 10:30" />'
    return (
        f"<!doctype html><html><head>{meta if meta_title else ''}<title>{title}</title></head>"
        '<body id="detail"><div class="vF_detail_main pzlx9"><div class="vF_detail_header">'
        f'<h2 class="tc">{title}</h2><p class="tc"><span id="pubTime">2025年07月08日 10:30</span></p></div>'
        f"<div class='table'><table>{summary_rows}</table></div>"
        f'<div class="vF_detail_content_container"><div class="vF_detail_content">{body}</div></div>'
        "</div></body></html>"
    )


def row(label: str, value: str) -> str:
    return f"<tr><td class='title'>{label}</td><td colspan='3'>{value}</td></tr>"


def award_row(lot: str, supplier: str, price: str) -> str:
    return (
        f'<tr><td class="code-sectionNo">{lot}</td><td class="code-winningSupplierName">{supplier}</td>'
        f'<td class="code-winningSupplierAddr">某地</td><td class="code-summaryPrice">{price}</td></tr>'
    )


def test_block_pages_are_errors_not_notices() -> None:
    page = "<html><body><p>您的访问过于频繁，请稍后再试</p></body></html>"
    assert detect_block(page) == "block page (访问过于频繁)"
    assert detect_block(page.encode("utf-8")) == "block page (访问过于频繁)"
    with pytest.raises(PageParseError, match="block page"):
        parse_ccgp_detail(page, CCGP_GKZB)
    # The normal search page contains 验证码; a notice body may mention 频繁访问.
    assert detect_block("<html><body><!-- 验证码 --><ul></ul></body></html>") is None
    assert detect_block(detail_page("某公告", "<p>禁止频繁访问本系统</p>")) is None


def test_ccgp_error_page() -> None:
    page = "<html><head><title>错误页面！中国政府采购网</title></head><body><p>错误</p></body></html>"
    with pytest.raises(PageParseError, match="error page") as info:
        parse_ccgp_detail(page, CCGP_GKZB)
    assert info.value.url == CCGP_GKZB


def test_page_without_title_or_body_fails_loudly() -> None:
    with pytest.raises(PageParseError, match="no title"):
        parse_ccgp_detail(
            '<html><body><div class="vF_detail_content"><p>x</p></div></body></html>', CCGP_GKZB
        )
    with pytest.raises(PageParseError, match="no notice body"):
        parse_ccgp_detail(
            '<html><head><meta name="ArticleTitle" content="某公告"></head><body></body></html>', CCGP_GKZB
        )


def test_old_layout_tender_with_free_form_body() -> None:
    page = (
        "<html><head><title>某医院大模型一体机采购公开招标公告_中国政府采购网</title></head><body>"
        '<div class="vT_detail_main"><div class="vT_detail_content">'
        "<p>项目编号：HX-2016-001</p><p>预算金额：120万元</p><p>采购人名称：北京协和医院</p>"
        '<p><a class="bizDownload" id="u1">招标文件.pdf</a></p></div></div></body></html>'
    )
    notice = parse_ccgp_detail(page, CCGP_GKZB)
    assert (notice.title, notice.notice_type, notice.project_code) == (
        "某医院大模型一体机采购公开招标公告",
        "tender",
        "HX-2016-001",
    )
    assert (notice.budget_yuan, notice.buyer, notice.region) == (Decimal(1200000), "北京协和医院", "北京市")
    assert notice.publish_date is None
    assert "招标文件.pdf" in notice.text


def test_template_award_sums_lots_exactly() -> None:
    body = (
        "<samp class='bookmark-item code-00004'>SZ-2025-01</samp><table class='code-AM014zbcj0001'><tbody>"
        + award_row("1", "甲科技有限公司", "总价形式报价:100000.50(元)")
        + award_row("2", "乙科技有限公司", "总价形式报价:2.5万元")
        + "</tbody></table>"
    )
    notice = parse_ccgp_detail(detail_page("某医院大模型项目中标公告", body), CCGP_ZBGG)
    assert notice.award_amount_yuan == Decimal("125000.50")
    assert (notice.suppliers, notice.lots, notice.project_code) == (
        ["甲科技有限公司", "乙科技有限公司"],
        2,
        "SZ-2025-01",
    )
    assert notice.publish_date == date(2025, 7, 8)


def test_a_rate_lot_makes_the_award_undisclosed_not_partial() -> None:
    body = (
        "<table><tbody>"
        + award_row("1", "甲公司", "总价形式报价:100000.00(元)")
        + award_row("2", "乙公司", "费率形式报价:下浮率 5%")
        + "</tbody></table>"
    )
    summary = row("总中标金额", "￥10.000000 万元（人民币）")
    notice = parse_ccgp_detail(detail_page("某项目中标公告", body, summary), CCGP_ZBGG)
    assert notice.award_amount_yuan is None
    assert notice.suppliers == ["甲公司", "乙公司"]


def test_summary_table_fields_when_the_body_is_silent() -> None:
    summary = (
        row("采购项目名称", "某项目")
        + row("采购单位", "广州市第一人民医院")
        + "<tr><td class='title'>行政区域</td><td>广州市</td><td class='title'>公告时间</td><td>2025年07月08日 10:30</td></tr>"
        + row("预算金额", "￥120.000000 万元（人民币）")
        + row("代理机构名称", "某招标代理有限公司")
    )
    notice = parse_ccgp_detail(
        detail_page("某医院智能导诊大模型项目公开招标公告", "<p>详见附件。</p>", summary), CCGP_GKZB
    )
    assert (notice.buyer, notice.agency, notice.region) == (
        "广州市第一人民医院",
        "某招标代理有限公司",
        "广东省",
    )
    assert notice.budget_yuan == Decimal(1200000)
    assert notice.award_amount_yuan is None


def test_summary_rows_read_on_demand_give_the_first_stated_value_of_a_label() -> None:
    # The summary's values are read when a field asks for them: an empty first 采购单位 row gives way to
    # the next, and a row the body makes unnecessary (预算金额) is not what the notice shows.
    summary = (
        row("采购单位", " ")
        + row("采购单位", "某市第二人民医院")
        + row("预算金额", "￥99.000000 万元（人民币）")
        + row("代理机构名称", "<span>某</span>代理有限公司")
    )
    notice = parse_ccgp_detail(
        detail_page("某项目公开招标公告", "<p>预算金额：120万元</p>", summary), CCGP_GKZB
    )
    assert (notice.buyer, notice.agency, notice.budget_yuan) == (
        "某市第二人民医院",
        "某代理有限公司",
        Decimal(1200000),
    )


def test_the_header_span_dates_a_page_without_the_pubdate_meta() -> None:
    page = detail_page("某项目中标公告", "<p>x</p>", meta_title=False).replace(
        "2025年07月08日", "2025年07月09日"
    )
    assert parse_ccgp_detail(page, CCGP_ZBGG).publish_date == date(2025, 7, 9)
    assert parse_ccgp_detail(detail_page("某项目中标公告", "<p>x</p>"), CCGP_ZBGG).publish_date == date(
        2025, 7, 8
    )


def test_h2_title_when_meta_is_missing_loses_stray_spaces() -> None:
    page = detail_page("某医院 大模型项目施 工中标公告", "<p>x</p>", meta_title=False)
    assert parse_ccgp_detail(page, CCGP_ZBGG).title == "某医院大模型项目施工中标公告"


def test_page_title_is_the_first_title_of_the_page() -> None:
    body = '<div class="vF_detail_content"><title>正文里的标题</title><p>x</p></div>'
    head_title = (
        "<html><head><meta charset='utf-8'><title>某医院设备中标公告_中国政府采购网</title></head>"
        f"<body>{body}</body></html>"
    )
    assert parse_ccgp_detail(head_title, CCGP_ZBGG).title == "某医院设备中标公告"
    # Without one in <head>, the first one anywhere.
    no_head_title = (
        f"<html><head><meta charset='utf-8'></head><body>{body}<title>后面的</title></body></html>"
    )
    assert parse_ccgp_detail(no_head_title, CCGP_ZBGG).title == "正文里的标题"


def test_search_list_uses_ohtmlurls_when_links_are_obfuscated() -> None:
    li = (
        '<li><a href="/redirect?x={n}">某医院<font color="red">大模型</font>项目{kind}</a><p></p>'
        "<span>2025.07.0{n} 10:52:59 | 采购人：某医院 <br><strong>{kind}</strong> | "
        '<a href="javascript:void(0)">内蒙古</a> | <strong>服务类</strong></span></li>'
    )
    page = (
        '<html><body><p>共找到 <span style="color:#c00000">2</span> 条内容</p><ul class="vT-srch-result-list-bid">'
        + li.format(n=1, kind="中标公告")
        + li.format(n=2, kind="公开招标公告")
        + '</ul><script>var ohtmlurls="http://www.ccgp.gov.cn/cggg/dfgg/zbgg/202507/t20250701_1.htm,'
        'http://www.ccgp.gov.cn/cggg/dfgg/gkzb/202507/t20250702_2.htm,";</script></body></html>'
    )
    notices = parse_ccgp_list(page, "https://search.ccgp.gov.cn/bxsearch?kw=x")
    assert [n.url for n in notices] == [
        "http://www.ccgp.gov.cn/cggg/dfgg/zbgg/202507/t20250701_1.htm",
        "http://www.ccgp.gov.cn/cggg/dfgg/gkzb/202507/t20250702_2.htm",
    ]
    assert [n.notice_type for n in notices] == ["award", "tender"]
    assert [n.title for n in notices] == ["某医院大模型项目中标公告", "某医院大模型项目公开招标公告"]
    assert [(n.publish_date, n.buyer, n.agency, n.region) for n in notices] == [
        (date(2025, 7, 1), "某医院", None, "内蒙古自治区"),
        (date(2025, 7, 2), "某医院", None, "内蒙古自治区"),
    ]


def test_empty_search_result_is_an_empty_list_but_a_broken_one_fails() -> None:
    assert (
        parse_ccgp_list(
            "<html><body><p>共找到 <span>0</span> 条内容</p><ul><li>无</li></ul></body></html>", "u"
        )
        == []
    )
    with pytest.raises(PageParseError, match="lists no result rows"):
        parse_ccgp_list(
            "<html><body><p>共找到 <span>12</span> 条内容</p><ul><li>无</li></ul></body></html>", "u"
        )


def test_channel_list_rows() -> None:
    page = (
        '<html><body><ul class="c_list_bid"><li><a href="./202607/t20260706_123.htm" title="上海某医院大模型平台中标公告">'
        '上海某医院大模型…</a> <em rel="bxlx">中标公告</em> 发布时间：<em>2026-07-06 09:30</em> '
        "地域：<em>上海</em> 采购人：<em>上海某医院</em></li></ul></body></html>"
    )
    (notice,) = parse_ccgp_list(page, "http://www.ccgp.gov.cn/cggg/dfgg/zbgg/index.htm")
    assert notice.url == "http://www.ccgp.gov.cn/cggg/dfgg/zbgg/202607/t20260706_123.htm"
    assert (notice.title, notice.notice_type, notice.publish_date) == (
        "上海某医院大模型平台中标公告",
        "award",
        date(2026, 7, 6),
    )
    assert (notice.region, notice.buyer) == ("上海市", "上海某医院")


def test_ggzy_list_error_answers_are_errors() -> None:
    with pytest.raises(PageParseError, match="829"):
        parse_ggzy_list({"code": 829, "message": "请输入验证码", "data": {"captchaToken": "t"}}, "api")


ZCY_CONTENT = (
    '<p>一、项目编号：<samp class="bookmark-item code-00004">GXZC2025-J1-000001-ABCD</samp></p>'
    '<p>二、项目名称：<span class="bookmark-item code-00003">医疗大模型一体机采购</span></p>'
    '<table class="template-bookmark code-AM014zbcj0001"><tbody>'
    + award_row("1", "某某信息技术有限公司", "总价形式报价:980000.00(元)")
    + '</tbody></table><p>名 称：<span class="bookmark-item code-00014">百色市人民医院</span></p>'
)


def test_zcy_detail_record() -> None:
    record = {
        "success": True,
        "result": {
            "data": {
                "title": "百色市人民医院医疗大模型一体机采购中标(成交)结果公告",
                "articleId": "abc==",
                "projectCode": "GXZC2025-J1-000001-ABCD",
                "publishDate": 1708251407000,
                "districtCode": "451026",
                "author": "广西某招标有限公司",
                "pathName": "中标（成交）结果公告",
                "content": ZCY_CONTENT,
                "attachmentList": [{"name": "中标通知书.pdf"}],
                "announcementLinkDtoList": [{"articleId": "xyz=="}, {"articleId": "abc=="}],
            }
        },
    }
    url = "https://zfcg.gxzf.gov.cn/site/detail?articleId=abc%3D%3D"
    notice = parse_zcy_detail(record, url)
    assert (notice.source, notice.notice_type, notice.publish_date) == ("zcy", "award", date(2024, 2, 18))
    assert (notice.project_code, notice.buyer, notice.agency) == (
        "GXZC2025-J1-000001-ABCD",
        "百色市人民医院",
        "广西某招标有限公司",
    )
    assert (notice.region, notice.award_amount_yuan, notice.suppliers) == (
        "广西壮族自治区",
        Decimal(980000),
        ["某某信息技术有限公司"],
    )
    assert notice.related_urls == ["https://zfcg.gxzf.gov.cn/site/detail?articleId=xyz%3D%3D"]
    assert "中标通知书.pdf" in notice.text


def test_zcy_detail_json_file(tmp_path: Path) -> None:
    file = tmp_path / "detail.json"
    record = {
        "title": "某医院采购公告",
        "articleId": "a1",
        "publishDate": 1708251407000,
        "content": ZCY_CONTENT,
    }
    file.write_text(json.dumps({"result": {"data": record}}, ensure_ascii=False), encoding="utf-8")
    (notice,) = parse_file(file)
    assert (notice.source, notice.title, notice.publish_date) == ("zcy", "某医院采购公告", date(2024, 2, 18))


def test_template_fragment_takes_the_source_it_is_given() -> None:
    (notice,) = parse_document(ZCY_CONTENT.encode("utf-8"), "u", source="ccgp")
    assert (notice.source, notice.notice_type, notice.title) == ("ccgp", "award", "医疗大模型一体机采购")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("", "empty file"),
        ("<html><body><p>hello</p></body></html>", "unrecognised content"),
        ("{not json", "invalid JSON"),
        ('{"a": 1}', "unrecognised content"),
        ("# a README mentioning ul_toggle and showDetail(", "unrecognised content"),
    ],
)
def test_unrecognised_files_name_the_file(tmp_path: Path, content: str, reason: str) -> None:
    file = tmp_path / "bad.html"
    file.write_text(content, encoding="utf-8")
    with pytest.raises(PageParseError, match=reason) as info:
        parse_file(file)
    assert info.value.url == str(file)


def test_source_restricts_the_kind(tmp_path: Path) -> None:
    file = tmp_path / "fragment.html"
    file.write_text(ZCY_CONTENT, encoding="utf-8")
    assert parse_file(file, "zcy")[0].source == "zcy"
    page = tmp_path / "detail.html"
    page.write_text(detail_page("某项目中标公告", ZCY_CONTENT), encoding="utf-8")
    with pytest.raises(PageParseError, match="not ggzy"):
        parse_file(page, "ggzy")
    with pytest.raises(PageParseError, match="cannot read"):
        parse_file(tmp_path / "missing.html")


def test_gbk_pages_are_decoded(tmp_path: Path) -> None:
    file = tmp_path / "gbk.html"
    file.write_bytes(detail_page("某医院大模型项目中标公告", "<p>项目编号：GBK-1</p>").encode("gb18030"))
    (notice,) = parse_file(file)
    assert (notice.title, notice.project_code) == ("某医院大模型项目中标公告", "GBK-1")


def test_navigation_menus_are_not_results() -> None:
    page = (
        '<html><body><ul class="v4incheadertop_nav_ls"><li><a href="//www.ccgp.gov.cn/">首页</a></li></ul>'
        '<ul class="vT-srch-result-list-bid"><li><a href="http://www.ccgp.gov.cn/cggg/dfgg/zbgg/202507/t20250701_1.htm">'
        "某医院大模型项目中标公告</a><span>2025.07.01 10:00:00 | 采购人：某医院</span></li></ul></body></html>"
    )
    notices = parse_ccgp_list(page, "https://search.ccgp.gov.cn/bxsearch?kw=x")
    assert [n.title for n in notices] == ["某医院大模型项目中标公告"]


def test_json_refusals_are_blocks_but_records_mentioning_it_are_not() -> None:
    assert (
        detect_block('{"success": false, "error": "访问过于频繁，请稍后再试"}') == "block page (访问过于频繁)"
    )
    record = '{"result": {"data": {"articleId": "a1", "content": "<p>系统禁止频繁访问</p>"}}}'
    assert detect_block(record) is None


@pytest.mark.parametrize(
    "line",
    [
        "<p>七、采购人：海南大学，地址：海南省儋州市新华路389号，联系电话：0980-66178502</p>",
        "<table><tr><td><b>六、采购人名称：</b>海南大学\u3000地址：海南省儋州市新华路389号\u3000联系电话：0980-1</td></tr></table>",
        "<p><span>1.采购人信息 名称：海南大学 地址：海南省儋州市新华路389号 联系方式：0980-1</span></p>",
    ],
    ids=["plain", "shandong", "shenzhen"],
)
def test_free_form_buyer_ends_at_the_next_label(line: str) -> None:
    """Plain, Shandong and Shenzhen bodies print the buyer's address on the buyer's line."""
    url = "https://www.ggzy.gov.cn/information/deal/html/b/460000/0202/20250301/ab12.html"
    page = (
        '<html><body><div class="detail"><h4 class="h4_o">海南大学某项目成交结果公告</h4>'
        f'<p class="p_o"><span>发布时间：2025-03-01 10:00</span></p><div id="mycontent">{line}</div></div></body></html>'
    )
    body = parse_document(page, url)[0]
    assert (body.buyer, body.region) == ("海南大学", "海南省")
    old_frame = (
        '<html><head><meta name="ArticleTitle" content="海南大学某项目成交公告"></head><body>'
        f'<div class="vT_detail_main"><div class="vT_detail_content">{line}</div></div></body></html>'
    )
    # Without the summary's 行政区域, the address after the buyer gives the province.
    assert parse_document(old_frame, CCGP_ZBGG)[0].region == "海南省"


def test_intention_names_buyer_and_budget_in_its_table() -> None:
    body = (
        "<p>为便于供应商及时了解政府采购信息，现将某某县人民医院2025年4至5月政府采购意向公开如下：</p>"
        "<table><tr><td>序号</td><td>采购项目名称</td><td>预算金额（万元）</td><td>预算单价（元）</td></tr>"
        "<tr><td>1</td><td>医疗大模型平台</td><td>120.5</td><td>3</td></tr>"
        "<tr><td>2</td><td>影像设备</td><td>80</td><td>4</td></tr></table>"
    )
    url = "http://www.ccgp.gov.cn/cggg/dfgg/qtgg/202504/t20250401_1.htm"
    notice = parse_document(detail_page("某某县人民医院2025年4至5月政府采购意向", body), url)[0]
    assert (notice.notice_type, notice.buyer, notice.budget_yuan) == (
        "intention",
        "某某县人民医院",
        Decimal(2005000),
    )
    with_total = body.replace("</table>", "<tr><td>合计</td><td></td><td>200</td><td></td></tr></table>")
    assert parse_document(detail_page("某意向", with_total), url)[0].budget_yuan == Decimal(2000000)
    mine = body.replace("某某县人民医院2025年", "本单位2025年")
    assert parse_document(detail_page("某意向", mine), url)[0].buyer is None


def test_contract_cell_listing_several_winners() -> None:
    page = (
        '<html><body><div class="detail"><h4 class="h4_o">某医院大模型平台合同</h4>'
        '<p class="p_o"><span>签署时间：2025-03-01 10:00</span></p><div id="mycontent">'
        '<table class="detail_Table"><tr><th>采购人名称</th><td>某医院</td></tr>'
        "<tr><th>中标（成交）供应商名称</th><td>甲科技有限公司、乙（北京）信息技术有限公司</td></tr>"
        "<tr><th>合同金额</th><td>3000000.00元 人民币</td></tr></table></div></div></body></html>"
    )
    url = "https://www.ggzy.gov.cn/information/deal/html/b/110000/0203/20250301/cd34.html"
    notice = parse_document(page, url)[0]
    assert notice.suppliers == ["甲科技有限公司", "乙(北京)信息技术有限公司"]
    assert (notice.notice_type, notice.award_amount_yuan) == ("contract", Decimal(3000000))


def test_free_form_tender_lot_headings() -> None:
    lots = "".join(f"<p>标项{n}：设备{n}，预算金额：{i}0万元</p>" for i, n in enumerate("一二三", start=1))
    page = detail_page("某医院设备公开招标公告", f"<p>项目编号：AB-1</p><p>预算金额：60万元</p>{lots}")
    notice = parse_document(page, CCGP_GKZB)[0]
    assert (notice.lots, notice.budget_yuan) == (3, Decimal(600000))
    single = parse_document(detail_page("某医院设备公开招标公告", "<p>预算金额：10万元</p>"), CCGP_GKZB)[0]
    assert (single.lots, single.budget_yuan) == (None, Decimal(100000))

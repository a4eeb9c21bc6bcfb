"""中国政府采购网 pages: detail pages, the keyword search result page, channel listings, error pages.

Structures follow the real pages in /work/shared/real-pages/ccgp and docs/portals.md §1.2–1.4 (selectors,
labels, date formats, `var ohtmlurls`, `Pager({size: …})`, the random second class of
`div.vF_detail_main`, the 公告概要 table with `td.title` labels).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from decimal import Decimal
from html import escape

from replay import amounts
from replay.model import Notice
from replay.portals import CHANNEL_NAMES
from replay.provinces import PROVINCE_BY_ZONE, Province
from replay.render.body import attachments, body_html

PAGE_SIZE = 20
_HEAD_SCRIPTS = (
    '<body id="detail"><script id="keyparam" src="/_bot_sbu/sbu_fpcm.js">b220cb5b51b0940c0f343d37ebb48744</script>'
    '<script id="keyt" src="/_bot_sbu/sbu_fpc.js">900</script><script>(function () { document.cookie = '
    '"HOY_TR=IENBCJGQSPTMWXHY,567142A8B9CDEF03,psgtfrzwjdkhblim; max-age=31536000; path=/";document.cookie = '
    '"HBB_HC=de65b0eb0fa18cfa2d87a627d4daaf08; max-age=600; path=/"; })()</script><script src="/_ws_sbu/sbu_hc.js"></script>\n'
)
_NAV = (
    '<link href="//www.ccgp.gov.cn/css/inc.css" rel="stylesheet" type="text/css" />\n<div class="v4incheadertop">'
    '<div class="v4incheadertop_tel_block"><div class="v4incheadertop_tel"><p class="cl">财政部唯一指定政府采购信息网络发布媒体 国家级政府采购专业网站</p>'
    '<p class="cr">服务热线：400-810-1996</p></div></div><div class="v4incheadertop_nav_block"><div class="v4incheadertop_nav">'
    '<ul class="v4incheadertop_nav_ls"><li id="ch_index"><a href="//www.ccgp.gov.cn/">首页</a></li>'
    '<li id="ch_zcfg"><a href="//www.ccgp.gov.cn/zcfg/">政采法规</a></li><li id="ch_xxgg"><a href="//www.ccgp.gov.cn/xxgg/">信息公告</a></li>'
    "</ul></div></div></div>\n"
)
_FOOTER = (
    '<div class="footer mt13"><div class="copyright_bl"><div class="vF_cp"><div class="cpright"><p>主办单位：中华人民共和国财政部国库司 '
    "<br>网站标识码：<span>bm14000002</span> &nbsp;|&nbsp; 京<span>ICP</span>备<span>19054529</span>号<span>-1</span></p></div></div></div></div>\n"
)


def _e(value: object) -> str:
    return escape(str(value), quote=False)


def _a(value: object) -> str:
    return escape(str(value), quote=True)


def region_label(notice: Notice) -> str:
    """行政区域 as the summary table prints it: the province, or the city for a separately-listed city."""
    if len(notice.zone) == 4:
        province = PROVINCE_BY_ZONE[notice.zone[:2]]
        return next(city for city, zone in province.listed if zone == notice.zone)
    return notice.region


def display_zone(notice: Notice) -> str:
    """The province link text in a search row (short name; a separately-listed city shows itself)."""
    if len(notice.zone) == 4:
        return region_label(notice).removesuffix("市")
    province: Province = PROVINCE_BY_ZONE[notice.zone[:2]]
    return province.short


def _random_class(notice: Notice) -> str:
    return "pzln" + hashlib.md5(notice.url.encode()).hexdigest()[: 2 + notice.docid % 4]


def _row(label: str, value: str, width: bool = False) -> str:
    w1 = " width='128'" if width else ""
    w2 = " width='430'" if width else ""
    return f"<tr><td class='title'{w1}>{label}</td><td colspan='3'{w2}>{value}</td></tr>"


def summary_table(notice: Notice) -> str:
    """The 公告概要 table: rows by notice type (docs/portals.md §1.4)."""
    stamp = notice.published.strftime("%Y年%m月%d日  %H:%M")
    buyers = (
        ",".join([notice.buyer] * len(notice.lots))
        if notice.kind == "award" and len(notice.lots) > 1
        else notice.buyer
    )
    rows = [
        "<tr><td colspan='4'><b>公告信息：</b></td></tr>",
        _row("采购项目名称", _e(notice.project_name), width=True),
        _row("品目", f"<p>{_e(notice.pinmu)}</p>"),
        _row("采购单位", _e(buyers)),
        f"<tr><td class='title'>行政区域</td><td width='168'>{_e(region_label(notice))}</td>"
        f"<td class='title' width='128'>公告时间</td><td width='168'>{stamp}</td></tr>",
    ]
    if notice.kind == "award":
        rows.append(_row("评审专家名单", _e(notice.experts)))
        if notice.lots and all(lot.amount is not None for lot in notice.lots):
            total = sum((lot.amount for lot in notice.lots if lot.amount is not None), Decimal(0))
            rows.append(_row("总中标金额", f"￥{amounts.wan6(total)} 万元（人民币）"))
    elif notice.kind == "tender":
        start = notice.published.strftime("%Y年%m月%d日")
        end = (notice.deadline or notice.published).strftime("%Y年%m月%d日")
        opening = (notice.deadline or notice.published).strftime("%Y年%m月%d日 %H:%M")
        rows += [
            _row(
                "获取招标文件时间",
                f"{start}至{end}每日上午:8:30 至 11:30 下午:14:00 至 17:00（北京时间，法定节假日除外）",
            ),
            _row("招标文件售价", "￥0"),
            _row("获取招标文件的地点", "详见公告正文"),
            _row("开标时间", opening),
            _row("开标地点", "详见公告正文"),
        ]
        if notice.budget is not None:
            rows.append(_row("预算金额", f"￥{amounts.wan6(notice.budget)} 万元（人民币）"))
    elif notice.kind == "correction":
        original = notice.original_date.strftime("%Y年%m月%d日") if notice.original_date else ""
        rows += [_row("首次公告日期", original), _row("更正日期", notice.published.strftime("%Y年%m月%d日"))]
    rows += [
        '<tr><td colspan="4"><b>联系人及联系方式：</b></td></tr>',
        _row("项目联系人", _e(notice.contact)),
        _row("项目联系电话", _e(notice.agency_phone or notice.buyer_phone)),
        _row("采购单位", _e(notice.buyer), width=True),
        _row("采购单位地址", _e(notice.buyer_address)),
        _row("采购单位联系方式", _e(notice.buyer_phone)),
    ]
    if notice.agency:
        rows += [
            _row("代理机构名称", _e(notice.agency)),
            _row("代理机构地址", _e(notice.agency_address or "")),
            _row("代理机构联系方式", _e(notice.agency_phone or "")),
        ]
    return (
        "<div class='table'><h5>公告概要：</h5><table width='600' border='0' cellspacing='1' bgcolor='#bfbfbf' "
        f"style='text-align:left;'>{''.join(rows)}</table></div>"
    )


def _files(notice: Notice) -> str:
    files = attachments(notice)
    if not files:
        return ""
    links = "".join(
        f"<p><a class='bizDownload' href='' id='{uuid}'>{_e(name)}</a></p>" for uuid, name in files
    )
    return f"<p class='fjxx'>附件信息：</p><div class='fjxx'>{links}</div>"


def detail_page(notice: Notice, *, old_layout: bool = False) -> str:
    """A ccgp detail page. `old_layout` gives the pre-2017 frame (vT_detail_*), a layout change."""
    scope_name = "中央公告" if notice.central else "地方公告"
    channel_name = CHANNEL_NAMES[notice.channel]
    title = _e(notice.title)
    pub = notice.published.strftime("%Y-%m-%d %H:%M")
    head = (
        '<!doctype html>\n<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />\n'
        '<meta http-equiv="pragma" content="no-cache">\n<meta name="SiteName" content="中国政府采购网" />\n'
        '<meta name="SiteDomain" content="www.ccgp.gov.cn" />\n<meta name="SiteIDCode" content="bm14000002" />\n'
        f'<meta name="ArticleTitle" content="{_a(notice.title)}" />\n<meta name="PubDate" content="{pub}" />\n'
        f'<meta name="ContentSource" content="中国政府采购网" />\n<title>{title}</title>\n'
        '<link href="/css/detail.css" rel="stylesheet" type="text/css" />\n'
        '<script language="javascript" src="/js/jquery-3.2.1.min.js"></script>\n</head>\n'
    )
    crumbs = (
        '<div class="vF_deail_currentloc mt10">\n<p>当前位置：<a href="../../../../" title="首页" class="CurrChnlCls">首页</a>&nbsp;&raquo;&nbsp;'
        '<a href="../../../" title="政采公告" class="CurrChnlCls">政采公告</a>&nbsp;&raquo;&nbsp;'
        f'<a href="../../" title="{scope_name}" class="CurrChnlCls">{scope_name}</a>&nbsp;&raquo;&nbsp;'
        f'<a href="../" title="{channel_name}" class="CurrChnlCls">{channel_name}</a></p>\n</div>\n'
    )
    stamp = notice.published.strftime("%Y年%m月%d日 %H:%M")
    body = body_html(notice)
    if old_layout:
        main = (
            f'<div class="vT_detail_main"><h2 class="tc">{title}</h2><p class="tc">发布时间：{stamp}</p>'
            f'<div class="vT_detail_content">{body}{_files(notice)}</div></div>\n'
        )
    else:
        main = (
            f'<div class="vF_deail_maincontent">\n<div class="vF_detail_main  {_random_class(notice)}">\n'
            f'<div class="vF_detail_header"><h2 class="tc">{title}</h2>\n'
            f'<p class="tc"><span id="pubTime">{stamp}</span> 来源：<span id="sourceName"></span> 【<span id="printBtn">打印</span>】 <span id="shareTo"></span></p></div>\n'
            f"<!--contentTable-->\n{summary_table(notice)}\n<!--contentTable-->\n"
            f'<div class="vF_detail_content_container">\n<div class="vF_detail_content">\n{body}{_files(notice)}\n</div>\n'
            "</div><!--vF_detail_content_container-->\n</div><!--vF_detail_main-->\n</div><!--vF_deail_maincontent-->\n"
            '<div class="vF_detail_relcontent mt13"><h2><p>相关公告</p></h2><div class="vF_detail_relcontent_lst"><ul class="c_list_tat">\n</ul></div></div>\n'
        )
    return (
        head
        + _HEAD_SCRIPTS
        + _NAV
        + f'<div class="main"><div class="main_container">\n{crumbs}{main}</div></div>\n'
        + _FOOTER
        + '</body>\n<script language="javascript" src="/js/detailaddon.js"></script>\n</html>\n'
    )


def error_page() -> str:
    """What www.ccgp.gov.cn serves for a document id that does not exist (docs/portals.md §1.2)."""
    return (
        '<!doctype html>\n<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />'
        '<title>错误页面！中国政府采购网</title></head><body><div class="error"><p>您访问的页面不存在或已被删除。</p></div></body></html>\n'
    )


def not_found_page() -> str:
    """A channel index page past the last one (docs/portals.md §1.3)."""
    return (
        '<!doctype html>\n<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />'
        '<title>中国政府采购网</title></head><body><div class="notfound"><p>对不起，您所访问的页面不存在</p></div></body></html>\n'
    )


def block_page() -> str:
    """The anti-bot page served when a client is judged too fast (docs/portals.md §1.6)."""
    return (
        '<!doctype html>\n<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />'
        '<title>中国政府采购网</title></head><body><div style="text-align:center"><h3>访问过于频繁，请稍后再试！</h3>'
        "<p>您的访问行为异常，请降低访问频率。</p></div></body></html>\n"
    )


def _highlight(title: str, keyword: str) -> str:
    if not keyword:
        return _e(title)
    parts = title.split(keyword)
    return f'<font color="red">{_e(keyword)}</font>'.join(_e(p) for p in parts)


def search_row(notice: Notice, keyword: str, summary: str, *, plain_class: bool = False) -> str:
    """One `<li>` of the search result list (real structure: docs/portals.md §1.2)."""
    when = notice.published.strftime("%Y.%m.%d %H:%M:%S")
    agency = (
        f"\n                                        | 代理机构：{_e(notice.agency)}" if notice.agency else ""
    )
    return (
        "<li>\n"
        f'                                    <a href="{_a(notice.url)}" style="line-height:18px" target="_blank">\n'
        f"                                        {_highlight(notice.title, keyword)}\n"
        "                                    </a>\n"
        f"                                    <p>{_e(summary)}</p>\n"
        f"                                    <span>{when}\n"
        f"                                        | 采购人：{_e(notice.buyer)}{agency}\n"
        "                                        <br>\n"
        '                                        <strong style="font-weight:bolder">\n'
        f"                                                {_e(notice.label)}\n"
        "                                        </strong>\n"
        f'                                        | <a href="javascript:void(0)">{_e(display_zone(notice))}</a>\n'
        f'                                        | <strong style="font-weight:bolder">{_e(notice.category)}</strong>\n'
        "                                    </span>\n"
        "                                </li>"
    )


def search_page(
    rows: Sequence[tuple[Notice, str]],
    total: int,
    params: dict[str, str],
    *,
    changed_layout: bool = False,
) -> str:
    """The bxsearch result page: count, list, ohtmlurls, pager and the hidden inputs echoing the query.

    `rows` are (notice, summary) for this page; `changed_layout` drops the `-bid` list class, a
    layout variant real scrapers fall back for."""
    keyword = params.get("kw", "")
    pages = math.ceil(total / PAGE_SIZE) if total else 0
    current = max(int(params.get("page_index") or 1), 1)
    items = "\n                                ".join(search_row(n, keyword, s) for n, s in rows)
    list_class = "vT-srch-result-list" if changed_layout else "vT-srch-result-list-bid"
    hidden = "".join(
        f'<input type="hidden" id="{name}" name="{name}" value="{_a(params.get(name, ""))}">\n'
        for name in (
            "searchtype",
            "page_index",
            "bidSort",
            "buyerName",
            "projectId",
            "pinMu",
            "bidType",
            "dbselect",
            "kw",
            "start_time",
            "end_time",
            "timeType",
            "displayZone",
            "zoneId",
            "pppStatus",
            "agentName",
        )
    )
    urls = "".join(f"{n.url}," for n, _ in rows)
    return (
        '<!DOCTYPE html>\n<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />\n'
        "<title>搜索结果-中国政府采购网</title>\n</head>\n"
        + _HEAD_SCRIPTS.replace('id="detail"', 'id="search"')
        + "<!-- 验证码 输入框 (not a block: the normal page carries this comment) -->\n"
        + f'<form id="searchForm" action="/bxsearch" method="get">\n{hidden}</form>\n'
        + '<div class="vT_z">\n<div class="vT-srch-result">\n<div class="vT-srch-result-list-con2">\n'
        + f'<p style="margin-top:10px">共找到 <span style="color:#c00000">{total}</span> 条内容</p>\n'
        + f'<div class="vT-srch-result-list">\n<ul class="{list_class}">\n                                {items}\n</ul>\n</div>\n'
        + '<p class="pager"><script>Pager({ size: '
        + f"{pages}, current: {current - 1}, prefix: 'data2', suffix: '.jsp&' }});</script></p>\n"
        + "</div>\n</div>\n</div>\n"
        + f'<script type="text/javascript">\nvar ohtmlurls="{urls}";\n</script>\n'
        + "</body>\n</html>\n"
    )


def channel_page(rows: Sequence[Notice], channel_url: str, page: int, pages: int) -> str:
    """A static channel index (index.htm / index_N.htm): relative hrefs, `em` fields (docs/portals.md §1.3)."""
    base = channel_url.rsplit("/", 1)[0] + "/"
    items = []
    for notice in rows:
        href = notice.url.replace("https://", "http://", 1)
        relative = (
            "./" + href[len(base.replace("https://", "http://", 1)) :]
            if href.startswith(base.replace("https://", "http://", 1))
            else href
        )
        short = notice.title if len(notice.title) <= 40 else notice.title[:38] + "…"
        items.append(
            f'<li><a href="{_a(relative)}" title="{_a(notice.title)}">{_e(short)}</a>\n'
            f'<em rel="bxlx">{_e(notice.label)}</em> 发布时间：<em>{notice.published.strftime("%Y-%m-%d %H:%M")}</em>\n'
            f"地域：<em>{_e(display_zone(notice))}</em> 采购人：<em>{_e(notice.buyer)}</em></li>"
        )
    pager = f'<div class="pager"><span class="current">{page + 1}</span> / {pages}</div>'
    return (
        '<!doctype html>\n<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />'
        "<title>中国政府采购网</title></head>\n"
        + _HEAD_SCRIPTS.replace('id="detail"', 'id="list"')
        + '<div class="main"><div class="vF_list_main">\n<ul class="c_list_bid">\n'
        + "\n".join(items)
        + f"\n</ul>\n{pager}\n</div></div>\n</body></html>\n"
    )

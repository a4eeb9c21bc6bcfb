"""全国公共资源交易平台 responses: the getTradList JSON, project (A) pages and content (B) pages.

Shapes follow /work/shared/real-pages/ggzy and docs/portals.md §2.1/§2.3.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape
from typing import Any

from replay.model import Notice
from replay.portals import GGZY_TYPE_NAMES
from replay.render.body import attachments, body_html

PAGE_SIZE = 20
PLATFORMS = {
    "11": "北京市公共资源交易服务平台",
    "31": "上海市公共资源交易平台",
    "33": "浙江省公共资源交易服务平台",
    "44": "广东省公共资源交易平台",
    "45": "广西壮族自治区公共资源交易平台",
}


def _e(value: object) -> str:
    return escape(str(value), quote=False)


def _a(value: object) -> str:
    return escape(str(value), quote=True)


def platform(notice: Notice) -> str:
    return PLATFORMS.get(notice.zone[:2], f"{notice.region}公共资源交易平台")


def a_path(notice: Notice) -> str:
    return notice.url.split("www.ggzy.gov.cn", 1)[1]


def b_path(notice: Notice) -> str:
    return a_path(notice).replace("/html/a/", "/html/b/", 1)


def record(notice: Notice) -> dict[str, Any]:
    """One `data.records[]` entry (field set of the real response; buyer/amount are not in it)."""
    return {
        "id": notice.ggzy_id,
        "addTime": None,
        "publishTime": notice.published.strftime("%Y-%m-%d"),
        "deadline": None,
        "dataSources": None,
        "dataSourcesText": None,
        "transactionSourcesPlatform": None,
        "transactionSourcesPlatformText": platform(notice) if int(notice.ggzy_id[:2], 16) % 5 else None,
        "businessType": None,
        "businessTypeText": "政府采购",
        "informationType": notice.ggzy_type,
        "informationTypeText": GGZY_TYPE_NAMES[notice.ggzy_type],
        "industryType": None,
        "industryTypeText": "",
        "province": f"{notice.zone[:2]}0000",
        "provinceText": notice.region,
        "city": None,
        "cityText": None,
        "title": notice.title,
        "tenderProjectCode": None,
        "bodyContent": None,
        "url": a_path(notice),
        "syncTableName": None,
        "dataTimestamp": None,
        "pinformationType": None,
    }


def list_response(rows: Sequence[Notice], total: int, page: int, timestamp_ms: int) -> dict[str, Any]:
    return {
        "code": 200,
        "message": "success",
        "data": {
            "records": [record(n) for n in rows],
            "total": total,
            "size": PAGE_SIZE,
            "current": page,
            "orders": [],
            "optimizeCountSql": True,
            "searchCount": True,
            "countId": None,
            "maxLimit": None,
            "pages": math.ceil(total / PAGE_SIZE) if total else 0,
        },
        "usetime": 0,
        "timestamp": timestamp_ms,
    }


def rate_limited_response(timestamp_ms: int) -> dict[str, Any]:
    """Code 800: the portal's own "slow down" answer (docs/portals.md §2.1)."""
    return {
        "code": 800,
        "message": "眼睛累了，稍适休息！",
        "data": None,
        "usetime": 0,
        "timestamp": timestamp_ms,
    }


def a_page(notice: Notice, project_notices: Sequence[Notice]) -> str:
    """The project wrapper page: one tab per information type, each listing the project's notices."""
    tabs = []
    panels = []
    for code, name in GGZY_TYPE_NAMES.items():
        active = " class='li_toggle'" if code == notice.ggzy_type else ""
        tabs.append(f'        <li id="t_{code}" onclick="clickHead(\'{code}\')" {active}>{name}</li>')
        members = [n for n in project_notices if n.ggzy_type == code]
        if members:
            lis = "".join(
                _tab_item(n, code, n.nid == notice.nid)
                for n in sorted(members, key=lambda m: (m.published, m.nid), reverse=True)
            )
        else:
            lis = "\n          <li>暂无数据</li>"
        shown = " style='display:block;'" if code == notice.ggzy_type else ""
        panels.append(
            f'    <div class="fully_toggle_cont" id="div_{code}"{shown}>\n        <ul class="fully_list">{lis}\n        </ul>\n'
            f'        <div class="detailShow" id="show{code}"></div>\n    </div>\n'
        )
    return (
        '<!doctype html>\n<html>\n\n<head>\n  <meta charset="UTF-8">\n'
        f"  <title>{_e(notice.title)}_交易公开_国家公共资源交易平台</title>\n"
        '  <meta http-equiv="X-UA-Compatible" content="IE=edge,chrome=1">\n'
        '  <link type="text/css" href="/assets/css/deal.css" rel="stylesheet">\n  <script>\n'
        f"    var mysid = '{notice.ggzy_id}';\n    var myds = '513';\n    var myplatformCode = '12532500067137175R';\n"
        "    var myareaId = '530000';\n    var mybasepath = '/information';\n    var mycl = '02';\n"
        f"    var myst = '{notice.ggzy_type}';\n  </script>\n  <script src=\"/assets/js/dealDetailList.js\"></script>\n</head>\n\n<body>\n"
        '<!--# include virtual="/component/header.html" -->\n'
        '<div class="location">\n  首页&nbsp;&nbsp;>&nbsp;&nbsp;交易公开&nbsp;&nbsp;>&nbsp;&nbsp;政府采购\n</div>\n'
        f'<div class="fully">\n  <h4 class="h4_o">{_e(notice.title)}</h4>\n'
        f'  <p class="p_o"><span > 采购项目编号：{_e(notice.project_code or "")}</span><span>信息来源：<label id="platformName">{_e(platform(notice))}</label></span></p>\n'
        '  <div class="fully_toggle">\n    <ul class="ul_toggle">\n'
        + "\n".join(tabs)
        + "\n    </ul>\n"
        + "".join(panels)
        + "  </div>\n</div>\n"
        + f"<script type=\"text/javascript\">\n  var firstLastUrl = '{b_path(notice)}';\n</script>\n"
        + '<!--# include virtual="/component/footer.html" -->\n</body>\n\n</html>\n'
    )


def _tab_item(notice: Notice, code: str, current: bool) -> str:
    hover = " class=' li_hover'" if current else ""
    return (
        f'\n            <li{hover}><a href="javascript:;" title="{_a(notice.title)}"\n'
        f"                   onclick=\"showDetail(this, '{code}','{b_path(notice)}')\">{_e(notice.title)}</a><span>{notice.published:%Y-%m-%d}</span>\n"
        "            </li>"
    )


def b_page(notice: Notice) -> str:
    """The content page: the original notice HTML in `div#mycontent`."""
    stamp_label = "签署时间" if notice.kind == "contract" else "发布时间"
    files = "".join(
        f'<p><a href="https://download.ccgp.gov.cn/oss/download?uuid={u}">{_e(n)}</a></p>'
        for u, n in attachments(notice)
    )
    return (
        '<!doctype html>\n<html>\n\n<head>\n  <meta charset="UTF-8">\n'
        '  <meta http-equiv="X-UA-Compatible" content="IE=edge,chrome=1">\n  <title>全国公共资源交易平台</title>\n'
        '  <link type="text/css" href="/assets/css/dealdetail.css" rel="stylesheet">\n</head>\n\n<body style="height:auto;">\n'
        f'  <div class="detail">\n    <h4 class="h4_o">{_e(notice.title)}</h4>\n'
        f'    <p class="p_o"><span>{stamp_label}：{notice.published:%Y-%m-%d %H:%M}</span><span>信息来源：<label id="platformName">{_e(platform(notice))}</label></span></p>\n'
        f'    <div id="mycontent">\n{body_html(notice)}{files}\n    </div>\n  </div>\n'
        f"  <script>\n    var mysid = '{notice.ggzy_id}';\n    var mybasepath = '/information';\n  </script>\n</body>\n\n</html>\n"
    )


def not_found_page() -> str:
    return '<!doctype html>\n<html><head><meta charset="UTF-8"><title>404</title></head><body><h1>404 Not Found</h1></body></html>\n'

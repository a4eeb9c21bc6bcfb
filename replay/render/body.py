"""Notice bodies: the HTML inside ccgp `div.vF_detail_content`, ggzy `div#mycontent` and the
政采云 `content` field (docs/portals.md §1.4 (a)/(b), §4.1).

Two families, as on the real portals: the national standard template with `code-*` bookmark
classes (real Guizhou award and Guangxi tender pages), and free-form agency HTML (the Shenzhen
span/table layout, the Shandong legacy `<u>` table, plain paragraphs). The same notice always
renders to the same bytes: copies on several portals carry the same body.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from html import escape

from replay import amounts
from replay.model import Lot, Notice

_CN = "零一二三四五六七八九十"
_P = '<p style="line-height: normal; text-indent: 2em;">'
_H = '<p style="margin: 17px 0px; text-align: justify; font-size: 16px; font-family: SimHei, sans-serif;"><strong>'


def _uuid(notice: Notice, slot: str) -> str:
    return str(
        1589000000000 + int(hashlib.md5(f"{notice.nid}/{slot}".encode()).hexdigest()[:8], 16) % 130000000000
    )


def _bm(
    notice: Notice, code: str, value: str, tag: str = "span", kind: str = "single-line-text-input-box-cls"
) -> str:
    """A template bookmark: the machine-readable `code-*` span of the national template."""
    return (
        f'<{tag} class="bookmark-item uuid-{_uuid(notice, code)} code-{code} addWord {kind}">{value}</{tag}>'
    )


def _e(value: object) -> str:
    return escape(str(value), quote=False)


def budget_text(notice: Notice, value: Decimal | None = None) -> str:
    """The budget as this notice's author writes it (docs/domain.md §2 formats)."""
    value = notice.budget if value is None else value
    if value is None:
        return "详见采购文件"
    fmt = notice.budget_format
    if fmt == "wan":
        return f"{amounts.wan_short(value)}万元"
    if fmt == "capital":
        return f"人民币{amounts.capital(value)}"
    if fmt == "comma":
        return f"￥{amounts.comma(value)}元"
    if fmt == "yi":
        return f"{amounts.yi(value)}亿元"
    if fmt == "yuan":
        return f"{amounts.yuan2(value)}元"
    return amounts.yuan_plain(value)


def award_text(notice: Notice, lot: Lot) -> str:
    """A lot's award as printed: an amount in the notice's format, or the rate / 详见附件 text."""
    if lot.amount is None:
        return lot.price_text or "详见附件"
    value = lot.amount
    fmt = notice.award_format
    if fmt == "price":
        return f"总价形式报价:{amounts.yuan2(value)}(元)"
    if fmt == "wan":
        return f"{amounts.wan_short(value)}万元"
    if fmt == "capital":
        return f"人民币{amounts.capital(value)}（¥{amounts.yuan2(value)}）"
    if fmt == "comma":
        return f"￥{amounts.comma(value)}"
    return f"{amounts.yuan2(value)}元"


def attachments(notice: Notice) -> list[tuple[str, str]]:
    """(uuid, file name) of the notice's attachments; names are part of the text (docs/domain.md §2)."""
    digest = hashlib.md5(notice.nid.encode()).hexdigest()
    names: list[str] = list(notice.attachments)
    if notice.kind == "tender" and int(digest[0], 16) < 11:
        names.append(f"{notice.project_name}采购文件.pdf")
    if notice.kind == "award":
        if any(lot.amount is None for lot in notice.lots):
            names.append("报价明细表.pdf")
        if int(digest[1], 16) < 6:
            names.append("中标（成交）结果公告.pdf")
    if notice.kind == "contract":
        names.append("政府采购合同.pdf")
    return [(hashlib.md5(f"{digest}{i}".encode()).hexdigest(), name) for i, name in enumerate(names)]


def body_html(notice: Notice) -> str:
    """The body HTML for this notice in its style family."""
    if notice.kind == "contract":
        return _contract(notice)
    if notice.style == "template":
        render = {
            "award": _t_award,
            "tender": _t_tender,
            "correction": _t_correction,
            "cancellation": _t_cancel,
            "intention": _t_intention,
        }
    elif notice.style == "shenzhen":
        render = {
            "award": _sz_award,
            "tender": _plain_tender,
            "correction": _plain_correction,
            "cancellation": _plain_cancel,
            "intention": _plain_intention,
        }
    elif notice.style == "shandong":
        render = {
            "award": _sd_award,
            "tender": _plain_tender,
            "correction": _plain_correction,
            "cancellation": _plain_cancel,
            "intention": _plain_intention,
        }
    else:
        render = {
            "award": _plain_award,
            "tender": _plain_tender,
            "correction": _plain_correction,
            "cancellation": _plain_cancel,
            "intention": _plain_intention,
        }
    return render[notice.kind](notice)


# ------------------------------------------------------------ national template (code-* classes)


def _contacts_template(notice: Notice, number: str) -> str:
    parts = [
        f"{_H}{number}、对本次公告内容提出询问，请按以下方式联系</strong>　　　</p>",
        '<div style="white-space: normal; font-family: 微软雅黑; line-height: 30px;">',
        f"{_P}1.采购人信息</p>",
        f"{_P}名 称：{_bm(notice, '00014', _e(notice.buyer), kind='interval-text-box-cls readonly')}</p>",
        f"{_P}地 址：{_bm(notice, '00018', _e(notice.buyer_address))}</p>",
        f"{_P}联系方式：{_bm(notice, '00016', _e(notice.buyer_phone))}</p>",
    ]
    if notice.agency:
        parts += [
            f"{_P}2.采购代理机构信息</p>",
            f"{_P}名 称：{_bm(notice, '00009', _e(notice.agency), kind='interval-text-box-cls')}</p>",
            f"{_P}地 址：{_bm(notice, '00013', _e(notice.agency_address or ''))}</p>",
            f"{_P}联系方式：{_bm(notice, '00011', _e(notice.agency_phone or ''))}</p>",
        ]
    parts += [
        f"{_P}3.项目联系方式</p>",
        f"{_P}项目联系人：{_bm(notice, '00010', _e(notice.contact), tag='samp')}</p>",
        f"{_P}电 话：{_bm(notice, '00011', _e(notice.agency_phone or notice.buyer_phone), tag='samp')}</p>",
        "</div>",
    ]
    return "".join(parts)


def _head_template(notice: Notice) -> str:
    return (
        '<style id="fixTableStyle" type="text/css">th,td {border:1px solid #DDD;padding: 5px 10px;}</style>'
        f'<p style="line-height: normal; text-align: justify;"><strong>一、项目编号：</strong>{_bm(notice, "00004", _e(notice.project_code or ""), tag="samp")}</p>'
        f"{_H}二、项目名称：</strong>{_bm(notice, '00003', _e(notice.project_name))}</p>"
    )


def _t_award(notice: Notice) -> str:
    rows = []
    for lot in notice.lots:
        rows.append(
            '<tr replace="true">'
            f'<td class="code-sectionNo" align="center">{lot.number}</td>'
            f'<td class="code-winningSupplierName" align="center">{_e(lot.supplier or "")}</td>'
            f'<td class="code-winningSupplierAddr" align="center">{_e(lot.supplier_address or "")}</td>'
            f'<td class="code-summaryPrice" align="center">{_e(award_text(notice, lot))}</td>'
            '<td class="code-supplierReviewPrice" align="center">-</td></tr>'
        )
    results = (
        f'<table class="template-bookmark uuid-{_uuid(notice, "zbcj")} code-AM014zbcj0001 text-中标/成交结果信息-最低评标价法" style="width: 100%;">'
        '<thead><tr class="firstRow"><td><strong>序号</strong></td><td><strong>供应商名称</strong></td><td><strong>供应商地址</strong></td>'
        "<td><strong>中标（成交）金额</strong></td><td><strong>评审报价</strong></td></tr></thead>"
        f'<tbody replace="true">{"".join(rows)}</tbody></table>'
    )
    goods = _goods_table(notice)
    return (
        _head_template(notice)
        + f"{_H}三、中标（成交）信息</strong></p>"
        + f'<div style="font-size:16px;">{_P}1.中标结果：</p><div class="class-condition-filter-block">{results}</div></div>'
        + f"{_H}四、主要标的信息</strong></p>"
        + f'<div class="class-condition-filter-block"><p style="line-height: normal;">{"货物类" if notice.category == "货物类" else "服务类"}主要标的信息：</p>'
        + f'<p class="sub">{_bm(notice, "AM014GoodsInfoTab", goods)}</p></div>'
        + f"{_H}五、评审专家（单一来源采购人员）名单：</strong></p>"
        + f"{_P}{_bm(notice, '85005', _e(notice.experts), kind='multi-line-text-input-box-cls')}</p>"
        + f"{_H}六、代理服务收费标准及金额：</strong></p>"
        + _fee_template(notice)
        + f"{_H}七、公告期限</strong></p>{_P}自本公告发布之日起1个工作日。</p>"
        + f"{_H}八、其他补充事宜</strong></p>"
        + f"{_P}{_bm(notice, '81205', '项目概况：' + _e(''.join(notice.description)), kind='multi-line-text-input-box-cls')}</p>"
        + _contacts_template(notice, "九")
        + '<blockquote style="display: none;"><samp class="bookmark-item code-biddingTableEl">0</samp></blockquote>'
    )


def _fee_template(notice: Notice) -> str:
    total = sum((lot.amount or Decimal(0) for lot in notice.lots), Decimal(0))
    fee = max(Decimal(1000), (total * Decimal("0.012")).quantize(Decimal(100)))
    return (
        f"{_P}1.代理服务收费标准：{_bm(notice, 'AM01400039', '本项目代理服务费由中标供应商向采购代理机构一次性支付，代理服务费为包干价人民币' + amounts.capital(fee) + '。', kind='multi-line-text-input-box-cls')}</p>"
        f"{_P}2.代理服务收费金额（元）：{_bm(notice, 'AM01400040', amounts.yuan_plain(fee), kind='numeric-input-box-cls readonly')}</p>"
    )


def _goods_table(notice: Notice) -> str:
    if notice.category == "货物类":
        head = "<tr><td>序号</td><td>标项名称</td><td>标的名称</td><td>品牌</td><td>规格型号</td><td>数量</td><td>单价（元）</td></tr>"
        rows = []
        for lot in notice.lots:
            for index, item in enumerate(lot.items, start=1):
                price = amounts.yuan_plain(item.unit_price) if item.unit_price is not None else "详见附件"
                rows.append(
                    f"<tr><td>{index}</td><td>{_e(lot.name)}</td><td>{_e(item.name)}</td><td>{_e(item.brand or '详见附件')}</td>"
                    f"<td>{_e(item.spec)}</td><td>{_e(item.quantity)}</td><td>{price}</td></tr>"
                )
    else:
        head = "<tr><td>序号</td><td>标项名称</td><td>标的名称</td><td>服务范围</td><td>服务要求</td><td>服务时间</td><td>服务标准</td></tr>"
        rows = [
            f"<tr><td>{lot.number}</td><td>{_e(lot.name)}</td><td>{_e(lot.items[0].name if lot.items else lot.name)}</td>"
            f"<td>{_e(''.join(notice.description))}</td><td>详见采购文件</td><td>合同签订后12个月</td><td>符合国家及行业标准</td></tr>"
            for lot in notice.lots
        ]
    return f'<table class="form-panel-input-cls" width="100%">{head}{"".join(rows)}</table>'


def _t_tender(notice: Notice) -> str:
    deadline = notice.deadline.strftime("%Y年%m月%d日 %H:%M") if notice.deadline else ""
    start = notice.published.strftime("%Y年%m月%d日")
    code_prefix = {"公开招标": "23", "竞争性磋商": "25", "竞争性谈判": "24", "询价": "24", "单一来源": "24"}[
        notice.method
    ]
    lots = []
    for lot in notice.lots:
        lots.append(
            f'<div class="template-bookmark uuid-{_uuid(notice, "lot")} code-AM014230011 text-招标项目概况 object-panel-cls"><p>'
            f"{_bm(notice, 'AM014sectionNo', '标项' + _CN[lot.number])}<br/>"
            f"标项名称:{_bm(notice, 'AM014bidItemName', _e(lot.name))}<br/>"
            f"数量:{_bm(notice, 'AM014bidItemCount', _e(lot.items[0].quantity if lot.items else '1'))}<br/>"
            f"预算金额（元）:{_bm(notice, 'AM014budgetPrice', amounts.yuan_plain(lot.budget or Decimal(0)))}<br/>"
            f"简要规格描述或项目基本概况介绍、用途：{_bm(notice, 'AM014briefSpecificationDesc', _e(''.join(notice.description)))}</p>"
            f"<p>最高限价（如有）：{_bm(notice, 'AM014priceCeilingY', amounts.yuan_plain(lot.budget or Decimal(0)), tag='samp')}</p>"
            f"<p>合同履约期限：{_bm(notice, 'AM014ContractPerformancePeriodY', '合同签订后90日内完成', tag='samp')}</p>"
            f"<p>本标项（{_bm(notice, 'AM014allowJointVenture2Bid', '否', tag='samp')}）接受联合体投标</p></div>"
        )
    return (
        '<style id="fixTableStyle" type="text/css">th,td {border:1px solid #DDD;padding: 5px 10px;}</style>'
        f'<div style="border:2px solid"><p><span>项目概况</span></p><p>{_bm(notice, "00003", _e(notice.project_name))}'
        f"的潜在供应商应在{_bm(notice, code_prefix + '007', '政采云平台（https://www.zcygov.cn）')}获取采购文件，"
        f"并于{_bm(notice, code_prefix + '011', deadline, kind='date-time-selection-cls')}（北京时间）前提交响应文件。</p></div>"
        f"<p><strong>一、项目基本情况</strong></p>"
        f"<p>项目编号：{_bm(notice, '00004', _e(notice.project_code or ''))}</p>"
        f"<p>项目名称：{_bm(notice, '00003', _e(notice.project_name))}</p>"
        f"<p>采购方式：{_bm(notice, 'AM01400051', notice.method)}</p>"
        f"<p>预算总金额（元）：{_bm(notice, 'AM01400034', budget_text(notice), kind='numeric-input-box-cls')}</p>"
        f"<p>采购需求：</p><div>{''.join(lots)}</div>"
        "<p><strong>二、申请人的资格要求：</strong></p>"
        "<p>1.满足《中华人民共和国政府采购法》第二十二条规定；</p>"
        f"<p>2.落实政府采购政策需满足的资格要求：{_bm(notice, '23021', '无')}</p>"
        f"<p>3.本项目的特定资格要求：{_bm(notice, '23002', '无')}</p>"
        "<p><strong>三、获取采购文件</strong></p>"
        f"<p>时间：{_bm(notice, code_prefix + '003', start, kind='date-selection-cls')}至{_bm(notice, code_prefix + '004', (notice.deadline or notice.published).strftime('%Y年%m月%d日'))}</p>"
        "<p><strong>四、响应文件提交</strong></p>"
        f"<p>截止时间：{_bm(notice, code_prefix + '011', deadline, kind='date-time-selection-cls')}（北京时间）</p>"
        f"<p>开启时间：{_bm(notice, code_prefix + '013', deadline)}</p>"
        "<p><strong>五、公告期限</strong></p><p>自本公告发布之日起5个工作日。</p>"
        f"<p><strong>六、其他补充事宜</strong></p><p>{_bm(notice, '31006', '本项目不接受进口产品投标。', kind='multi-line-text-input-box-cls')}</p>"
        + _contacts_template(notice, "七")
    )


def _t_correction(notice: Notice) -> str:
    original = notice.original_date.strftime("%Y年%m月%d日") if notice.original_date else ""
    return (
        "<p><strong>一、项目基本情况</strong></p>"
        f"<p>原公告的采购项目编号：{_bm(notice, '00004', _e(notice.project_code or ''))}</p>"
        f"<p>原公告的采购项目名称：{_bm(notice, '00003', _e(notice.project_name))}</p>"
        f"<p>首次公告日期：{_bm(notice, '00006', original)}</p>"
        "<p><strong>二、更正信息</strong></p>"
        f"<p>更正事项：{_bm(notice, '32001', '采购公告' if '结果' not in notice.title else '采购结果')}</p>"
        f"<p>更正内容：{_bm(notice, '32002', _e(notice.reason), kind='multi-line-text-input-box-cls')}</p>"
        f"<p>更正日期：{_bm(notice, '32003', notice.published.strftime('%Y年%m月%d日'))}</p>"
        "<p><strong>三、其他补充事宜</strong></p><p>/</p>" + _contacts_template(notice, "四")
    )


def _t_cancel(notice: Notice) -> str:
    word = "废标" if "废标" in notice.label else "终止"
    return (
        "<p><strong>一、项目基本情况</strong></p>"
        f"<p>采购项目编号：{_bm(notice, '00004', _e(notice.project_code or ''))}</p>"
        f"<p>采购项目名称：{_bm(notice, '00003', _e(notice.project_name))}</p>"
        f"<p><strong>二、项目{word}的原因</strong></p>"
        f"<p>{_bm(notice, '33001', _e(notice.reason), kind='multi-line-text-input-box-cls')}</p>"
        "<p><strong>三、其他补充事宜</strong></p><p>/</p>" + _contacts_template(notice, "四")
    )


def _t_intention(notice: Notice) -> str:
    budget = amounts.wan_short(notice.budget) if notice.budget is not None else ""
    when = notice.published.month + 2 if notice.published.month <= 10 else 12
    return (
        f"<p>为便于供应商及时了解政府采购信息，根据《财政部关于开展政府采购意向公开工作的通知》等有关规定，现将{_e(notice.buyer)}采购意向公开如下：</p>"
        '<table class="template-bookmark code-AM014intentionTab"><tr><td>序号</td><td>采购项目名称</td><td>采购需求概况</td><td>预算金额（万元）</td><td>预计采购时间（填写到月）</td><td>备注</td></tr>'
        f'<tr><td>1</td><td class="code-purchaseName">{_e(notice.project_name)}</td><td class="code-purchaseRequirement">{_e("".join(notice.description))}</td>'
        f'<td class="code-budgetPrice">{budget}</td><td class="code-estimatedPurchaseTime">{notice.published.year}年{when:02d}月</td><td></td></tr></table>'
        "<p>本次公开的采购意向是本单位政府采购工作的初步安排，具体采购项目情况以相关采购公告和采购文件为准。</p>"
        f"<p>{_e(notice.buyer)}</p><p>{notice.published.strftime('%Y年%m月%d日')}</p>"
    )


def _contract(notice: Notice) -> str:
    total = sum((lot.amount or Decimal(0) for lot in notice.lots), Decimal(0))
    supplier = "、".join(dict.fromkeys(lot.supplier or "" for lot in notice.lots))
    return (
        '<table class="detail_Table" border="0" cellspacing="1" cellpadding="1">'
        f"<tr><th>合同编号</th><td>HT-{_e(notice.project_code or '')}</td></tr>"
        f"<tr><th>合同名称</th><td>{_e(notice.project_name)}合同</td></tr>"
        f"<tr><th>项目编号</th><td>{_e(notice.project_code or '')}</td></tr>"
        f"<tr><th>采购人名称</th><td>{_e(notice.buyer)}</td></tr>"
        f"<tr><th>中标（成交）供应商名称</th><td>{_e(supplier)}</td></tr>"
        f"<tr><th>合同金额</th><td>{amounts.yuan2(total)}元 人民币</td></tr>"
        f"<tr><th>主要标的</th><td>{_e(''.join(notice.description))}</td></tr>"
        "<tr><th>合同期限</th><td>1年</td></tr>"
        f"<tr><th>合同签署时间</th><td>{notice.published.strftime('%Y-%m-%d %H:%M:%S')}</td></tr></table>"
    )


# ------------------------------------------------------------ free-form agency HTML


def _sz_award(notice: Notice) -> str:
    """Shenzhen-style agency page pasted into the body, with its own <meta> and <title>: a table of
    every bidder's price (losers included), then the winner's name, address and amount on own lines."""
    letters = "ABCDEFGH"
    digest = hashlib.md5(notice.nid.encode()).hexdigest()
    bidders = []
    for lot in notice.lots:
        bidders.append((letters[lot.number - 1], lot.supplier or "", _bid_price(lot, None)))
        for index in range(2):
            rival = f"{('深圳市', '广州市', '杭州市', '成都市')[int(digest[index], 16) % 4]}{('鹏辰', '美电', '协众', '远航')[int(digest[index + 2], 16) % 4]}科技有限公司"
            bidders.append(
                (letters[lot.number - 1], rival, _bid_price(lot, int(digest[index + 4 : index + 6], 16)))
            )
    table = "".join(f"<tr><td>{g}</td><td>{_e(name)}</td><td>{price}</td></tr>" for g, name, price in bidders)
    winners = "".join(
        (f"<p><span>包组：{letters[lot.number - 1]}</span></p>" if len(notice.lots) > 1 else "")
        + f"<p><span>供应商名称：{_e(lot.supplier or '')}</span></p>"
        f"<p><span>供应商地址：{_e(lot.supplier_address or '')}</span></p>"
        f"<p><span>中标（成交）金额：{_e(award_text(notice, lot))}</span></p>"
        for lot in notice.lots
    )
    return (
        '<meta charset="utf-8"><title>采购结果公告</title>'
        f'<div class="notice"><p><span>{_e(notice.agency or notice.buyer)}</span></p><p><span>中标（成交）结果公告</span></p>'
        f"<p><span>一、项目编号：{_e(notice.project_code or '')}</span></p>"
        f"<p><span>二、项目名称：{_e(notice.project_name)}</span></p>"
        "<p><span>三、投标供应商名称及报价：</span></p>"
        f'<table border="1"><tr><th>包组</th><th>投标供应商</th><th>报价（元）</th></tr>{table}</table>'
        f"<p><span>四、中标（成交）信息</span></p>{winners}"
        f"<p><span>五、主要标的信息：{_e(''.join(notice.description))}</span></p>"
        f"<p><span>六、评审委员会成员名单：{_e(notice.experts)}</span></p>"
        "<p><span>七、凡对本次公示内容提出询问，请按以下方式联系。</span></p>"
        f"<p><span>1.采购人信息 名称：{_e(notice.buyer)} 地址：{_e(notice.buyer_address)} 联系方式：{_e(notice.buyer_phone)}</span></p>"
        + (
            f"<p><span>2.采购代理机构信息 名称：{_e(notice.agency)} 联系方式：{_e(notice.agency_phone or '')}</span></p>"
            if notice.agency
            else ""
        )
        + f"<p><span>3.项目联系方式 项目联系人：{_e(notice.contact)}</span></p></div>"
    )


def _bid_price(lot: Lot, spread: int | None) -> str:
    """A bid in the bidders table: the winner's own price, or a rival's above it; rates stay rates."""
    if lot.amount is None:
        return _e(lot.price_text or "详见附件")
    if spread is None:
        return f"{lot.amount:.1f}"
    return f"{lot.amount * (Decimal(1000 + 5 + spread) / Decimal(1000)):.1f}"


def _sd_award(notice: Notice) -> str:
    """Shandong legacy layout: a table of rows, hidden inputs, values in unclosed-looking <u> tags."""
    letters = "ABCDEFGH"
    rows = "".join(
        f"<tr><td>标包：<u>{letters[lot.number - 1]}</u></td></tr>"
        f"<tr><td>供应商名称：<u>{_e(lot.supplier or '')}</u></td></tr>"
        f"<tr><td>供应商地址：<u>{_e(lot.supplier_address or '')}</u></td></tr>"
        f"<tr><td>中标（成交）金额：（可填写下浮率、折扣率或费率）：<u>{_e(award_text(notice, lot))}</u></td></tr>"
        for lot in notice.lots
    )
    items = "".join(
        f"<tr><td>标包：<u>{letters[lot.number - 1]}</u></td></tr><tr><td>名称：<u>{_e(lot.name)}</u></td></tr>"
        f"<tr><td>简要说明：<u>{_e(''.join(notice.description))}</u></td></tr>"
        for lot in notice.lots
    )
    return (
        "<table><tr><td align=center><div align=center><input type='hidden' name='UnitId' value='-1' class=textbox />"
        f"{_e(notice.title)}</div><div align=center><input type='hidden' name='NoticeType' value='5' class=textbox /></div></td></tr>"
        f"<tr><td><b>一、项目编号：</b>{_e(notice.project_code or '')}</td></tr>"
        f"<tr><td><b>二、项目名称：</b>{_e(notice.project_name)}</td></tr>"
        "<tr><td><b>三、中标（成交）信息：</b></td></tr>"
        f"<tr><td valign=top><table id='NoticeDetail' width='100%' border='1'>{rows}</table></td></tr>"
        "<tr><td><b>四、主要标的信息：</b></td></tr>"
        f"<tr><td valign=top><table id='NoticeDetail' width='100%' border='1'>{items}</table></td></tr>"
        f"<tr><td><b>五、评审专家（单一来源采购人员）名单：</b>{_e(notice.experts)}</td></tr>"
        f"<tr><td><b>六、采购人名称：</b>{_e(notice.buyer)}　地址：{_e(notice.buyer_address)}　联系电话：{_e(notice.buyer_phone)}</td></tr>"
        f"<tr><td><b>七、采购代理机构：</b>{_e(notice.agency or '')}</td></tr></table>"
    )


def _plain_award(notice: Notice) -> str:
    lots = "".join(
        (f"<p>标项{_CN[lot.number]}：{_e(lot.name)}</p>" if len(notice.lots) > 1 else "")
        + f"<p>成交供应商：{_e(lot.supplier or '')}</p>"
        f"<p>供应商地址：{_e(lot.supplier_address or '')}</p><p>成交金额：{_e(award_text(notice, lot))}</p>"
        for lot in notice.lots
    )
    return (
        f"<p>一、项目编号：{_e(notice.project_code or '')}</p><p>二、项目名称：{_e(notice.project_name)}</p>"
        f"<p>三、采购方式：{notice.method}</p><p>四、项目概况：{_e(''.join(notice.description))}</p>"
        f"<p>五、中标（成交）信息</p>{lots}"
        f"<p>六、评审小组成员：{_e(notice.experts)}</p>"
        f"<p>七、采购人：{_e(notice.buyer)}，地址：{_e(notice.buyer_address)}，联系电话：{_e(notice.buyer_phone)}</p>"
        + (
            f"<p>八、采购代理机构：{_e(notice.agency)}，联系电话：{_e(notice.agency_phone or '')}</p>"
            if notice.agency
            else ""
        )
    )


def _plain_tender(notice: Notice) -> str:
    deadline = notice.deadline.strftime("%Y年%m月%d日 %H时%M分") if notice.deadline else "详见采购文件"
    lots = "".join(
        f"<p>{'标项' + _CN[lot.number] + '：' + _e(lot.name) + '，预算金额：' + _e(budget_text(notice, lot.budget)) if len(notice.lots) > 1 else ''}</p>"
        for lot in notice.lots
    )
    return (
        f"<p>项目概况</p><p>{_e(notice.project_name)}的潜在供应商应在{_e(notice.agency or notice.buyer)}获取采购文件，并于{deadline}前提交响应文件。</p>"
        f"<p>一、项目基本情况</p><p>项目编号：{_e(notice.project_code or '')}</p><p>项目名称：{_e(notice.project_name)}</p>"
        f"<p>采购方式：{notice.method}</p><p>预算金额：{_e(budget_text(notice))}</p>{lots}"
        f"<p>采购需求：{_e(''.join(notice.description))}</p>"
        "<p>二、申请人的资格要求：满足《中华人民共和国政府采购法》第二十二条规定。</p>"
        f"<p>三、响应文件提交截止时间：{deadline}</p>"
        f"<p>四、联系方式：采购人：{_e(notice.buyer)}，地址：{_e(notice.buyer_address)}，联系人：{_e(notice.contact)}，电话：{_e(notice.buyer_phone)}</p>"
        + (
            f"<p>采购代理机构：{_e(notice.agency)}，地址：{_e(notice.agency_address or '')}，电话：{_e(notice.agency_phone or '')}</p>"
            if notice.agency
            else ""
        )
    )


def _plain_correction(notice: Notice) -> str:
    original = notice.original_date.strftime("%Y年%m月%d日") if notice.original_date else ""
    return (
        f"<p>一、项目基本情况</p><p>原公告的采购项目编号：{_e(notice.project_code or '')}</p>"
        f"<p>原公告的采购项目名称：{_e(notice.project_name)}</p><p>首次公告日期：{original}</p>"
        f"<p>二、更正信息</p><p>更正内容：{_e(notice.reason)}</p><p>更正日期：{notice.published.strftime('%Y年%m月%d日')}</p>"
        f"<p>三、联系方式：采购人：{_e(notice.buyer)}，电话：{_e(notice.buyer_phone)}；采购代理机构：{_e(notice.agency or '无')}</p>"
    )


def _plain_cancel(notice: Notice) -> str:
    word = "废标" if "废标" in notice.label else "终止"
    return (
        f"<p>一、采购项目编号：{_e(notice.project_code or '')}</p><p>二、采购项目名称：{_e(notice.project_name)}</p>"
        f"<p>三、{word}原因：{_e(notice.reason)}</p>"
        f"<p>四、联系方式：采购人：{_e(notice.buyer)}，电话：{_e(notice.buyer_phone)}；采购代理机构：{_e(notice.agency or '无')}</p>"
    )


def _plain_intention(notice: Notice) -> str:
    budget = amounts.wan_short(notice.budget) if notice.budget is not None else ""
    return (
        f"<p>现将{_e(notice.buyer)}政府采购意向公开如下：</p>"
        f"<table border='1'><tr><td>采购项目名称</td><td>采购需求概况</td><td>预算金额（万元）</td></tr>"
        f"<tr><td>{_e(notice.project_name)}</td><td>{_e(''.join(notice.description))}</td><td>{budget}</td></tr></table>"
    )

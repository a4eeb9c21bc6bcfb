"""The part of a notice body the classifier reads: what is bought and for what, without the boilerplate.

The pipeline hands the classifier each stored notice's whole parsed body (crawler/parse/): on a ccgp
award the national template's 项目编号, 项目名称, 中标（成交）信息 table (供应商名称, 供应商地址, 金额),
主要标的信息, 评审专家名单, 代理服务收费标准, 公告期限, 其他补充事宜 and the 询问 block with the buyer's and
the agency's names, addresses and phones; on a tender the 项目概况 box ("潜在供应商应在…获取采购文件"),
项目基本情况 with 采购需求 per 标项, 资格要求, 获取采购文件, 响应文件提交, 开启, 公告期限 and contacts. Most of
that says nothing about the purchase, and some of it misleads: a supplier called 某某医疗科技有限公司 or
an address on 健康路 reads as "medical" to character n-grams, on a notice of a court or a school.

`classification_text` keeps the substance (project name, 采购需求/简要规格描述, 标的名称, 服务范围,
其他补充事宜, attachment names, and any sentence that is not boilerplate) and drops:

- whole sections whose heading (一、… 十二、) names boilerplate: experts, fees, 公告期限, questions and
  contacts, qualifications, obtaining documents, submission and opening, complaints, bidder lists;
- labelled fields that never describe the purchase, wherever they are: supplier names and addresses,
  addresses, phones, contacts, codes, amounts, dates, procurement method, lot counts;
- sentences of procedural or legal boilerplate (保证金, 联合体, 中小企业 policies, 质疑, electronic bidding
  instructions, publication media, URLs);
- company names left in kept text (suppliers and agencies named in passing).

Parsed bodies are flat: crawler/parse joins the page's elements with spaces, so a body is one line
where headings, table cells and "label：value" pairs follow each other. The body is cut into segments
(sentences, numbered headings and items, "label：" runs); each segment is kept or dropped whole, and
kept segments are returned as the original characters in order, so a short excerpt whose sentences all
say what is bought comes back byte for byte. Title and buyer are not touched (they are separate model
fields). Pure, no state; ~20 µs for a page-length body.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import Any

# Segments start after a sentence mark, or at a space followed by a section heading (一、 … 十二、), a
# numbered item (1. 1、 （1） ①), a lot marker (标项一, 标包：A, 包组) or a "label：" (flattened "label：value"
# pairs). Only spaces can open an item or label, so numbers inside values (2.5万元, 第1.2条) do not cut.
# Every pattern below opens with a plain character or character class: Python's re then skips the
# positions that cannot start a match at C speed (an opening look-behind or alternation of classes
# makes it try the whole pattern at every character, ~5× slower on page-length bodies).
_HEADING = r"[一二三四五六七八九十]{1,3}、"
_ITEM = r"(?:\d{1,2}[.、．](?!\d)|[（(]|[①②③④⑤⑥⑦⑧⑨⑩]|标项[一二三四五六七八九十\d]+|标包|包组|分标\d)"
_LABEL = r"[\u4e00-\u9fff（）()、]{2,24}?[：:]"
# ASCII ? and ! are not sentence marks here: they occur inside URLs (…/tree?tag=…).
# ggzy's contract page is a two-column table: its labels stand without a colon.
_CELL = (
    r"(?:采购人名称|中标（成交）供应商名称|供应商名称|合同名称|主要标的名称|合同金额|合同期限|合同签署时间)\s"
)
_BOUNDARY = re.compile(rf"[\s。；;！？](?:(?<=[。；;！？])|(?={_HEADING}|{_ITEM}|{_LABEL}|{_CELL}))")
_SECTION = re.compile(rf"[\s。；]({_HEADING})")
_HEADING_AT = re.compile(rf"\s*{_HEADING}\s*([^\s：:]{{0,24}})")

# Section headings whose whole section is boilerplate (the numbered sections of the national template
# and of agency layouts). 中标（成交）信息 is not among them: free-form awards put 中标内容 there; its
# supplier rows and amounts go by the field and sentence rules below.
_DROP_SECTION = re.compile(
    r"评审专家|专家名单|评审委员会|评标委员会|谈判小组|磋商小组|代理服务|收费|公告期限|公示期限|询问|联系|资格|"
    r"获取|提交|递交|截止|开标|开启|质疑|投诉|异议|监督|采购人信息|代理机构|投标供应商|候选|报价|评分|得分|"
    r"未中标|未成交|落标|保证金|政府采购政策|网上查询|发布媒介|媒体|项目编号|采购方式|合同履约|付款|签订"
)
# Labelled fields (at a segment's start) that never say what is bought.
_DROP_FIELD = re.compile(
    r"\s*(?:\d{1,2}[.、．]|[（(]\d{1,2}[）)])?\s*(?:"
    r"(?:中标|成交|中选|候选)(?:（成交）|\(成交\))?(?:供应商|人|单位)(?:名称)?|供应商(?:名称|地址)?|投标人|乙\s*方|甲\s*方|"
    r"采购人(?:名称)?|采购单位|代理机构(?:名称)?|地\s*址|联系(?:方式|电话|人)?|项目联系(?:人|方式)|电\s*话|传\s*真|"
    r"邮\s*箱|邮\s*编|网\s*址|开户|账\s*号|项目编号|采购编号|招标编号|编\s*号|采购方式|预算(?:总)?金额|采购预算|"
    r"最高限价|控制价|中标(?:（成交）|\(成交\))?金额|成交(?:金额|价)|中标价|合同金额|报价|评审报价|投标报价|总价|"
    r"单价|金额|数\s*量|售\s*价|合同(?:履约)?期限|履约期限|服务期限?|交货期|工期|合同签(?:署|订)时间|签署时间|"
    r"签订日期|公告(?:期限|时间)|发布时间|截止时间|开标时间|开启时间|时\s*间|地\s*点|方\s*式|日\s*期|"
    r"更正日期|终止日期|评审(?:日期|时间)|合同总价|标包|包组|序号|品牌|规格型号|项目经理|执业证书信息|施工工期|备注"
    r")[^：:]{0,12}?[：:]"
)
_DROP_CELL = re.compile(
    r"\s*(?:采购人名称|中标（成交）供应商名称|供应商名称|合同金额|合同期限|合同签署时间)\s"
)
# Sentences of procedure and law, wherever they stand (every alternative opens with a literal).
# 热线 and 技术支持 only with a number or label after them: "12345热线智能助手" and "提供技术支持服务" say
# what is bought (12345 hotlines are a common large-model purchase), "咨询热线：400-…" does not.
# 发布 not after 服务/模型/应用/版本: "推理服务发布和应用编排" describes a platform, "在…网发布" is procedure.
_DROP_SENTENCE = re.compile(
    r"潜在(?:供应商|投标人)|保证金|联合体|中小企业|小微企业|政府采购|节能产品|环境标志|监狱企业|残疾人|质疑|投诉|"
    r"CA(?:证书|数字证书)|解密|电子投标|客户端|电子交易|网上查询|发布(?<![务型用本]发布)|本公告|公示期|公告期|http|www\.|\.com|\.cn|"
    r"评审专家|专家名单|代理服务费|服务费|中标通知书|成交通知书|开标|截止时间|获取(?:招标|采购|谈判|磋商)?文件|"
    r"招标文件|采购文件|谈判文件|磋商文件|投标文件|响应文件|询价文件|无效(?:响应|投标)|采购意向|初步安排|以相关采购|"
    r"其他内容不变|完成评审|有效投标|供应商须具备|法定节假日|北京时间|声明函|审查表|评分|一览表|候选人|分标报价|"
    r"发票|纳税人|账户|本国产品|热线(?:电话)?\s*[：:\d（(]|技术支持(?:热线|电话|[：:])|供应商名称|供应商地址|中标（成交）金额|评审报价|1[3-9]\d{9}|"
    r"应公告|采购活动|此意向|采购依据|预计采购时间|预算约|0\d{2,3}[-－]\d{7,8}|4\d\d-\d{3}-\d{4}"
)
# Company names left inside kept text: from a space or mark to a company form (group 1 is the name).
_COMPANY = re.compile(
    r"[\s：:，,、；;（(为由与和及]([^\s：:，,、；;。（()）]{2,30}?"
    r"(?:有限责任公司|股份有限公司|有限公司|分公司|集团公司|公司)(?:[^\s：:，,、；;。]{0,12}?分公司)?)"
)
# Table headers, placeholders, dates and bare figures left inside kept segments (主要标的信息 tables, the
# ggzy contract table). Matched with the space before them; the text is padded with one space.
_NOISE_TOKEN = re.compile(
    r"\s(?:序号|标项名称|标的名称|品牌(?:（如有）)?|规格型号|数量|单价（元(?:/\S{1,3})?）|单价|金额（元）|采购人名称|"
    r"中标（成交）供应商名称|供应商名称|合同金额|合同期限|合同签署时间|年|详见附件|详见采购文件|/|-|"
    r"\d{4}[-年/.]\d{1,2}[-月/.]\d{1,2}日?|\d{1,3}个?(?:年|月|日|天|工作日|日历日)|\d{1,2}:\d{2}(?::\d{2})?|[\d.,，%]+(?:元|万元|台|套|项|个|批|元人民币)?)(?=\s)"
)
# The layouts' own headings and labels before kept values (二、项目名称：, 标项一, 简要规格描述…用途：,
# 服务类主要标的信息：): the same on every page, they only dilute what the page says about the purchase.
_LAYOUT = re.compile(
    r"([\s。；])(?:[一二三四五六七八九十]{1,3}、\s*|\d{1,2}[.、．])?(?:项目基本情况|项目名称|采购需求|标项[一二三四五六七八九十\d]+|标项名称|"
    r"简要规格描述或项目基本概况介绍、用途|简要规格描述|(?:货物|服务|工程)类主要标的信息|主要标的信息|服务范围|服务要求|"
    r"服务时间|服务标准|其他补充事宜|中标（成交）信息|中标（成交）结果公告|中标结果|采购结果|合同名称|主要标的名称|名称|附件|"
    r"合同包\d*(?:[（(][^）)]{0,40}[）)])?|\d{1,2}[.、．]|"
    r"[一二三四五六七八九十]{1,3}、)(?:[：:]|(?=\s))"
)
_SPACES = re.compile(r"\s{2,}")
# What a lot or table cell appends to the project name (…项目1分标, …采购项目).
_PROJECT_SUFFIX = re.compile(r"(?:采购)?(?:项目)?(?:\d{1,2}分标|[（(]?[A-Z\d][）)]?包)?$")
# Bodies this short hold no boilerplate worth cutting and cannot afford to lose a word.
_MIN_CHARS = 12


def classification_text(text: str | None, title: str | None = None) -> str:
    """The body with boilerplate removed (see module docstring); '' when nothing of substance is left.

    With `title`, the body's bare copies of the project name it holds (项目名称, 标项名称, 标的名称 cells)
    are dropped too: the title is a feature field of its own. A body that is only substance, with no
    company named in it, comes back unchanged.
    """
    body = text or ""
    if len(body) < _MIN_CHARS:
        return body
    kept: list[str] = []
    # Sections first (一、 … 十二、): a boilerplate section is skipped without being cut into segments,
    # which is most of a page and most of the time saved.
    bounds = [0, *(m.start(1) for m in _SECTION.finditer(body)), len(body)]
    for a, b in pairwise(bounds):
        heading = _HEADING_AT.match(body, a, b)
        if a == b or (heading and _DROP_SECTION.search(heading.group(1))):
            continue
        cuts = [a, *(m.end() for m in _BOUNDARY.finditer(body, a, b)), b]
        for x, y in pairwise(cuts):
            if x == y or _DROP_FIELD.match(body, x, y) or _DROP_CELL.match(body, x, y):
                continue
            if _DROP_SENTENCE.search(body, x, y):
                continue
            kept.append(body[x:y])
    out = _COMPANY.sub(_keep_mark, " " + "".join(kept) + " ")
    out = _LAYOUT.sub(r"\1 ", _NOISE_TOKEN.sub("", out))[1:-1]
    if out == body:
        return body
    return " ".join(_once(_SPACES.sub(" ", out).strip().split(" "), title or ""))


def _once(tokens: list[str], title: str) -> list[str]:
    # Pages repeat the project name (项目名称, 标项名称, 标的名称 cells); the title carries it already.
    seen: set[str] = set()
    out = []
    for token in tokens:
        if len(token) >= 4 and (token in seen or _PROJECT_SUFFIX.sub("", token) in title):
            continue
        seen.add(token)
        out.append(token)
    return out


def _keep_mark(match: re.Match[str]) -> str:
    # The character before the name (a space or 由/为/：…) stays; the name goes.
    return match.group()[0]


def prepare(record: dict[str, Any]) -> dict[str, Any]:
    """A copy of a notice record whose `text` is `classification_text` of it (title and buyer as given)."""
    out = dict(record)
    out["text"] = classification_text(record.get("text"), record.get("title"))
    return out

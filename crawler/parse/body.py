"""Fields of a notice body, shared by every portal: ccgp `div.vF_detail_content`, ggzy `div#mycontent`
and the 政采云 `content` HTML all hold the same two families of markup (PORTALS.md §1.4):

(a) the national standard template, whose values carry machine-readable `code-*` classes
    (code-00004 项目编号, code-00014 采购人, code-AM01400034 预算, code-winningSupplierName …);
(b) free-form agency HTML, read through label/value table rows (`<th>采购人名称</th><td>…</td>`)
    and label regexes over the laid-out text (`项目编号：…`, `供应商名称：<u>…</u>`, `标包：<u>A</u>`).

Classes beat table rows, which beat regexes: classes name the field whatever the label says (the
KWZB fragment's label reads "预��金额" but its class is intact).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

import lxml.html

from crawler.parse.amounts import disclosed, parse_amount, parse_labelled_amount, tidy
from crawler.parse.suppliers import join_names, normalise_suppliers
from crawler.parse.text import clean_or_none, clean_text, element_text, has_class, layout_text, unique

_DOC_EXTENSIONS = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".zip", ".rar", ".7z", ".wps", ".ofd", ".jpg", ".png")
# A value ends at a line/cell break or at a run of 2+ blanks (inline spans laid out side by side).
_VALUE = r"([^\n\t]*)"
_BLANK_RUN = re.compile(r"[\s\u00a0\u3000]{2,}")
_COLON = r"\s*[:：]\s*"

_CODE_LABEL = re.compile(rf"(?:采购项目编号|项目编号|采购计划编号|招标编号|采购编号|项目代码){_COLON}{_VALUE}")
_NAME_LABEL = re.compile(rf"(?:采购项目名称|项目名称){_COLON}{_VALUE}")
_BUYER_BLOCK = re.compile(rf"采购人信息\S{{0,8}}\s*名\s*称{_COLON}{_VALUE}")
_BUYER_LABEL = re.compile(rf"(?:采购人名称|采购人|采购单位名称|采购单位){_COLON}{_VALUE}")
_AGENCY_BLOCK = re.compile(rf"代理机构信息\S{{0,8}}\s*名\s*称{_COLON}{_VALUE}")
_AGENCY_LABEL = re.compile(rf"(?:采购代理机构名称|采购代理机构|代理机构名称|代理机构){_COLON}{_VALUE}")
_BUDGET_LABEL = re.compile(rf"((?:预算总金额|预算金额|采购预算|项目预算)[^\n\t:：]{{0,12}}){_COLON}{_VALUE}")
# Award blocks in free-form bodies, read in document order (lot marker, winner, amount …).
_AWARD_TOKENS = re.compile(
    r"(?P<lot>(?:标包|包组|包号|采购包|分标|标项|标段)(?:编号|号)?" + _COLON + r"(?P<lot_id>[A-Za-z0-9一二三四五六七八九十]+))"
    r"|(?P<supplier>(?<![未投落])(?:(?:中标|成交|中选)[^\n\t:：]{0,6}?供应商(?:名称)?|供应商名称)"
    + _COLON
    + r"(?P<supplier_value>[^\n\t]*))"
    r"|(?P<amount>(?<![未])(?:中标|成交|中选)[^\n\t:：]{0,8}?(?:金额|价格|报价|价)(?:[（(][^）)\n\t]{0,30}[）)])?"
    + _COLON
    + r"(?P<amount_value>[^\n\t]*))"
)
# Table-row labels (after removing blanks) → field.
_PAIR_FIELDS: dict[str, str] = {
    "项目编号": "project_code", "采购项目编号": "project_code", "采购计划编号": "project_code",
    "项目名称": "project_name", "采购项目名称": "project_name",
    "采购人名称": "buyer", "采购人": "buyer", "采购单位": "buyer", "采购单位名称": "buyer",
    "采购人地址": "buyer_address", "采购单位地址": "buyer_address",
    "代理机构名称": "agency", "采购代理机构": "agency", "采购代理机构名称": "agency", "代理机构": "agency",
    "中标（成交）供应商名称": "supplier", "中标供应商名称": "supplier", "成交供应商名称": "supplier",
    "中标供应商": "supplier", "成交供应商": "supplier", "供应商名称": "supplier",
    "合同金额": "amount", "中标金额": "amount", "成交金额": "amount", "中标（成交）金额": "amount",
    "总中标金额": "amount", "中标价": "amount",
    "预算金额": "budget", "采购预算": "budget", "预算总金额": "budget",
}  # fmt: skip


@dataclass
class AwardRow:
    """One winner as the body states it: lot id, supplier, amount (None when undisclosed)."""

    lot: str | None
    supplier: str | None
    amount: Decimal | None = None
    amount_seen: bool = False


@dataclass
class BodyFields:
    """What a notice body states; None/empty where it does not."""

    project_code: str | None = None
    project_name: str | None = None
    buyer: str | None = None
    buyer_address: str | None = None
    agency: str | None = None
    budget_yuan: Decimal | None = None
    lot_ids: list[str] = field(default_factory=list)
    awards: list[AwardRow] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    has_deadline: bool = False
    text: str = ""

    @property
    def suppliers(self) -> list[str]:
        return normalise_suppliers(row.supplier for row in self.awards)

    @property
    def award_amount_yuan(self) -> Decimal | None:
        """Sum over lots, exact; undisclosed unless every winner's amount is disclosed."""
        amounts = [disclosed(row.amount) for row in self.awards]
        if not amounts or any(a is None for a in amounts):
            return None
        return tidy(sum((a for a in amounts if a is not None), Decimal(0)))

    @property
    def lots(self) -> int | None:
        """Number of 包/标项 the body states: distinct lot ids of the winners, else of the lot list,
        else one per winner."""
        award_lots = unique(row.lot for row in self.awards if row.lot)
        if award_lots:
            return len(award_lots)
        if self.lot_ids:
            return len(self.lot_ids)
        return len(self.awards) or None


def first_value(pattern: re.Pattern[str], text: str, group: int = 1) -> str | None:
    """The first label match's value, cut at a run of blanks, cleaned; None when absent or empty."""
    for match in pattern.finditer(text):
        value = cut_value(match.group(group))
        if value:
            return value
    return None


def cut_value(raw: str | None) -> str | None:
    """A captured value up to the first run of 2+ blanks, whitespace-cleaned."""
    if raw is None:
        return None
    return clean_or_none(_BLANK_RUN.split(raw.strip(), maxsplit=1)[0])


def trim_code(value: str | None) -> str | None:
    """A project code without trailing text: stops at a closing bracket it did not open
    (`JDGR2026-XY-J002)的竞争性谈判公告` → `JDGR2026-XY-J002`) and at sentence punctuation."""
    if not value:
        return None
    depth = 0
    for index, ch in enumerate(value):
        if ch in "([（【〔":
            depth += 1
        elif ch in ")]）】〕":
            if depth == 0:
                value = value[:index]
                break
            depth -= 1
        elif ch in "，,；;。 " or ch.isspace():
            value = value[:index]
            break
    value = value.strip().rstrip("、.:：")
    if not value or len(value) > 80 or not re.search(r"[A-Za-z0-9]", value):
        return None
    return value


def table_pairs(rows: list[lxml.html.HtmlElement]) -> list[tuple[str, str]]:
    """Label → value pairs of table rows: each `th` or `td.title` cell labels the cell after it
    (the ccgp 行政区域 row holds two pairs). Labels lose their blanks (`总中标金 额`)."""
    pairs: list[tuple[str, str]] = []
    for row in rows:
        cells = [c for c in row if c.tag in ("td", "th")]
        for label_cell, value_cell in zip(cells, cells[1:], strict=False):
            if label_cell.tag == "th" or has_class(label_cell, "title"):
                if value_cell.tag == "th" or has_class(value_cell, "title"):
                    continue
                label = re.sub(r"\s+", "", element_text(label_cell)).rstrip(":：")
                pairs.append((label, element_text(value_cell)))
    return pairs


def extract_body(root: lxml.html.HtmlElement | None) -> BodyFields:
    """Every field the body states, in one walk over the element (classes, rows, links) plus one
    laid-out text for the label regexes."""
    fields = BodyFields()
    if root is None:
        return fields
    codes: dict[str, list[lxml.html.HtmlElement]] = {}
    rows: list[lxml.html.HtmlElement] = []
    attachments: list[str] = []
    for el in root.iter():
        tag = el.tag
        if not isinstance(tag, str):
            continue
        classes = el.get("class")
        if classes and "code-" in classes:
            for token in classes.split():
                if token.startswith("code-"):
                    codes.setdefault(token[5:], []).append(el)
        if tag == "tr":
            rows.append(el)
        elif tag == "a":
            name = element_text(el)
            href = (el.get("href") or "").lower().split("?")[0]
            parent_ul = next((a for a in el.iterancestors("ul")), None)
            if name and (
                (classes and "bizDownload" in classes)
                or (parent_ul is not None and has_class(parent_ul, "fjxx"))
                or href.endswith(_DOC_EXTENSIONS)
            ):
                attachments.append(name)
    layout = layout_text(root)
    fields.text = clean_text(layout)
    fields.attachments = unique(attachments)
    pairs = table_pairs(rows)
    paired: dict[str, list[str]] = {}
    for label, value in pairs:
        if label in _PAIR_FIELDS and value:
            paired.setdefault(_PAIR_FIELDS[label], []).append(value)

    def code_text(code: str) -> str | None:
        for el in codes.get(code, ()):
            value = element_text(el)
            if value:
                return value
        return None

    def pair(name: str) -> str | None:
        values = paired.get(name)
        return values[0] if values else None

    fields.project_code = trim_code(code_text("00004")) or trim_code(pair("project_code"))
    if fields.project_code is None:
        fields.project_code = trim_code(first_value(_CODE_LABEL, layout))
    fields.project_name = code_text("00003") or pair("project_name") or first_value(_NAME_LABEL, layout)
    fields.buyer = join_names(
        code_text("00014")
        or pair("buyer")
        or first_value(_BUYER_BLOCK, layout)
        or first_value(_BUYER_LABEL, layout)
    )
    fields.buyer_address = code_text("00018") or pair("buyer_address")
    fields.agency = join_names(
        code_text("00009") or pair("agency") or first_value(_AGENCY_BLOCK, layout) or first_value(_AGENCY_LABEL, layout)
    )
    fields.has_deadline = any(code in codes for code in ("23011", "24011", "25011"))

    # Lots of a tender: one code-AM014sectionNo per 标项; their budgets add up to the total.
    fields.lot_ids = unique(element_text(el) for el in codes.get("AM014sectionNo", ()))
    fields.budget_yuan = _budget(codes, paired, layout)
    fields.awards = _template_awards(codes) or _paired_awards(paired) or _text_awards(layout)
    return fields


def _budget(codes: dict[str, list[lxml.html.HtmlElement]], paired: dict[str, list[str]], layout: str) -> Decimal | None:
    total = codes.get("AM01400034")
    if total:
        amount = disclosed(parse_amount(element_text(total[0]), default_unit=Decimal(1)))
        if amount is not None:
            return amount
    lot_budgets = [parse_amount(element_text(el), default_unit=Decimal(1)) for el in codes.get("AM014budgetPrice", ())]
    if lot_budgets and all(disclosed(b) is not None for b in lot_budgets):
        return tidy(sum((b for b in lot_budgets if b is not None), Decimal(0)))
    for value in paired.get("budget", ()):
        amount = disclosed(parse_amount(value))
        if amount is not None:
            return amount
    for match in _BUDGET_LABEL.finditer(layout):
        amount = disclosed(parse_labelled_amount(match.group(1), cut_value(match.group(2))))
        if amount is not None:
            return amount
    return None


def _template_awards(codes: dict[str, list[lxml.html.HtmlElement]]) -> list[AwardRow]:
    """Winners of the national template: one `td.code-winningSupplierName` per row, with the row's
    `code-sectionNo` and `code-summaryPrice` (e.g. "总价形式报价:569800.00(元)")."""
    winners = codes.get("winningSupplierName", [])
    awards: list[AwardRow] = []
    prices = codes.get("summaryPrice", [])
    for index, cell in enumerate(winners):
        row = cell.getparent()
        lot_el = price_el = None
        if row is not None:
            for sibling in row:
                if has_class(sibling, "code-sectionNo"):
                    lot_el = sibling
                elif has_class(sibling, "code-summaryPrice"):
                    price_el = sibling
        if price_el is None and index < len(prices) and len(prices) == len(winners):
            price_el = prices[index]
        price_text = element_text(price_el) if price_el is not None else None
        awards.append(
            AwardRow(
                lot=clean_or_none(element_text(lot_el)) if lot_el is not None else None,
                supplier=element_text(cell),
                amount=parse_amount(price_text),
                amount_seen=price_text is not None,
            )
        )
    return awards


def _paired_awards(paired: dict[str, list[str]]) -> list[AwardRow]:
    """Winners of label/value tables such as the ggzy contract `table.detail_Table`."""
    suppliers = paired.get("supplier", [])
    amounts = paired.get("amount", [])
    if not suppliers:
        return []
    awards = [AwardRow(lot=None, supplier=name) for name in suppliers]
    if len(amounts) == len(awards):
        for row, value in zip(awards, amounts, strict=True):
            row.amount, row.amount_seen = parse_amount(value), True
    return awards


def _text_awards(layout: str) -> list[AwardRow]:
    """Winners of free-form bodies, read in order: a lot marker (`标包：A`) sets the current lot, a
    winner label opens a row, the next amount label fills it (Shandong, Shenzhen layouts)."""
    awards: list[AwardRow] = []
    lot: str | None = None
    for match in _AWARD_TOKENS.finditer(layout):
        if match.group("lot"):
            lot = match.group("lot_id")
        elif match.group("supplier"):
            name = cut_value(match.group("supplier_value"))
            if name:
                awards.append(AwardRow(lot=lot, supplier=name))
        elif match.group("amount"):
            value = cut_value(match.group("amount_value"))
            if awards and not awards[-1].amount_seen:
                awards[-1].amount, awards[-1].amount_seen = parse_amount(value), True
            elif not awards:
                awards.append(AwardRow(lot=lot, supplier=None, amount=parse_amount(value), amount_seen=True))
    return awards

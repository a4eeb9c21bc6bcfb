"""Fields of a notice body, shared by every portal: ccgp `div.vF_detail_content`, ggzy `div#mycontent`
and the 政采云 `content` HTML all hold the same two families of markup (docs/portals.md §1.4):

(a) the national standard template, whose values carry machine-readable `code-*` classes
    (code-00004 项目编号, code-00014 采购人, code-AM01400034 预算, code-winningSupplierName …);
(b) free-form agency HTML, read through label/value table rows (`<th>采购人名称</th><td>…</td>`)
    and label regexes over the laid-out text (`项目编号：…`, `供应商名称：<u>…</u>`, `标包：<u>A</u>`).

Classes beat table rows, which beat regexes: classes name the field whatever the label says (the
KWZB fragment's label reads "预��金额" but its class is intact).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice
from typing import Any, Generic, TypeVar

from lxml import etree

from crawler.parse.amounts import disclosed, parse_amount, parse_labelled_amount, tidy
from crawler.parse.suppliers import join_names, normalise_suppliers, split_names
from crawler.parse.text import (
    SKIP_TAGS,
    Element,
    class_attributes,
    clean_or_none,
    clean_text,
    compact_text,
    element_text,
    has_class,
    layout_and_text,
    raw_text,
    unique,
)

_DOC_EXTENSIONS = (
    ".pdf",
    ".doc",
    ".docx",
    ".xls",
    ".xlsx",
    ".zip",
    ".rar",
    ".7z",
    ".wps",
    ".ofd",
    ".jpg",
    ".png",
)
# A value runs to the line/cell break; cut_value then ends it at a run of 2+ blanks (inline spans
# laid out side by side, as on the Shenzhen page).
_VALUE = r"([^\n\t]*)"
_BLANK_RUN = re.compile(r"[\s\u00a0\u3000]{2,}")
_COLON = r"\s*[:：]\s*"

_CODE_LABEL = re.compile(
    rf"(?:采购项目编号|项目编号|采购计划编号|招标编号|采购编号|项目代码){_COLON}{_VALUE}"
)
_NAME_LABEL = re.compile(rf"(?:采购项目名称|项目名称){_COLON}{_VALUE}")
_BUYER_BLOCK = re.compile(rf"采购人信息\S{{0,8}}\s*名\s*称{_COLON}{_VALUE}")
_BUYER_LABEL = re.compile(rf"(?:采购人名称|采购人|采购单位名称|采购单位){_COLON}{_VALUE}")
# The address printed after the buyer's name: "采购人信息 名称：X 地址：Y", "采购人：X，地址：Y".
_BUYER_ADDRESS = re.compile(
    rf"采购(?:人|单位)[^\n\t:：]{{0,8}}[:：][^\n\t:：]{{1,60}}?[\s，,；;]地\s*址{_COLON}{_VALUE}"
)
_AGENCY_BLOCK = re.compile(rf"代理机构信息\S{{0,8}}\s*名\s*称{_COLON}{_VALUE}")
# 采购代理机构名称, 采购代理机构, 代理机构名称 or 代理机构. The 采购 prefix is left out: a value and where
# it ends are the same with or without it, and a regex that opens with a literal lets the engine
# skip to its occurrences (an alternation is tried at every 采 and 代).
_AGENCY_LABEL = re.compile(rf"代理机构(?:名称)?{_COLON}{_VALUE}")
# 预算总金额, 预算金额, 采购预算 or 项目预算, then up to 12 more characters before the colon. The match
# starts at 预算 (a 采购/项目 before it is checked behind, not matched): a regex that opens with a
# literal lets the engine skip to its occurrences, where an alternation is tried at every 采, 项
# and 预. The value, where it ends and the unit the label states are the same.
_BUDGET_LABEL = re.compile(rf"(预算(?:总金额|金额|(?<=采购预算|项目预算))[^\n\t:：]{{0,12}}){_COLON}{_VALUE}")
# A budget column header in a table (采购意向 lists): 预算金额（万元）, 采购预算（元）, not 预算单价.
_BUDGET_COLUMN = re.compile(r"(?:项目|采购)?预算(?:总)?(?:金额)?(?:[（(][^）)]*[）)])?$")
# The next label on the same line ends a value: "采购人：X，地址：…" (plain paragraphs), "名称：X 地址：…"
# (Shenzhen spans), "采购人名称：X　地址：…" (Shandong rows). A separator must precede it, so a
# value that merely contains a colon later ("X（联系人：Y）") is not cut inside its brackets.
_NEXT_LABEL = re.compile(r"[\s，,；;]+[\u4e00-\u9fff]{1,8}\s*[:：]")
# 采购意向 bodies name their buyer in the opening sentence (the financial ministry's wording):
# "现将XX医院2025年7至9月政府采购意向公开如下".
_INTENTION_BUYER = re.compile(r"现将(\S{2,60}?)(?:\d{4}年\S{0,12}?)?(?:政府)?采购意向公开如下")
_ALNUM = re.compile(r"[A-Za-z0-9]")
# What trim_code stops at or counts: brackets, sentence punctuation, blanks (\s is str.isspace).
_CODE_STOP = re.compile(r"[(\[（【〔)\]）】〕，,；;。\s]")
_CODE_NOTE = re.compile(r"[（(][^（()）]{0,20}[:：]")
# Per-lot results of a result notice (Liaoning template): "包组编号：002 … 结果类型：废标".
_LOT_RESULT = re.compile(
    r"(?:包组编号|包组|合同包|采购包|标包|标项|标段)\s*[:：]?\s*([0-9A-Za-z一二三四五六七八九十]{1,4})"
    r"|结果类型\s*[:：]\s*(\S{1,6})"
)
# Where a _LOT_RESULT match can start: the engine tries the two-way pattern at every character
# (~10 ns each on a laid-out body), where it skips to the occurrences of these words.
_LOT_RESULT_START = re.compile("包组|合同包|采购包|标包|标项|标段|结果类型")
_LOT_FAILED_LINE = re.compile(
    r"第([0-9A-Za-z一二三四五六七八九十]{1,4})(?:包|标段|标项)\s*[:：][^\n]{0,80}?(?:废标|流标|终止)"
)
_FAILED_WORDS = ("废标", "流标", "终止", "失败", "未成交")
_CANCELLED_WORDS = ("取消", "撤销")
_NOT_A_BUYER = frozenset({"本单位", "我单位", "本机关", "我中心", "本中心"})
# A lot heading of a free-form tender body at the start of a line: "标项一：…", "包组2：…".
_LOT_WORDS = ("标项", "包组", "标包", "采购包", "分标", "标段")
# The heading without what may precede it on its line (blanks and tabs), one regex per first
# character of its words (标项|标包|标段, 包组, 采购包, 分标): each opens with a literal, so the engine
# skips to its occurrences, where one alternation of the words was tried at every character (sre
# tests a set of first characters per character, ~4 ns each: 12 → 5 µs a real ccgp layout). A
# pattern opening with the line break and [ \t]* was tried at every line break and walked the
# indentation after it (laid-out ccgp bodies hold hundreds of indented lines).
_LOT_HEADING_ID = r"[ \t]*([一二三四五六七八九十]{1,3}|\d{1,2}|[A-Z])[ \t]*[:：]"
_LOT_HEADINGS = tuple(
    re.compile(first + "(?:" + "|".join(w[1:] for w in _LOT_WORDS if w[0] == first) + ")" + _LOT_HEADING_ID)
    for first in dict.fromkeys(w[0] for w in _LOT_WORDS)
)
# Award blocks in free-form bodies, read in document order (lot marker, winner, amount …).
_AWARD_TOKENS = re.compile(
    r"(?P<lot>(?:标包|包组|包号|采购包|分标|标项|标段)(?:编号|号)?"
    + _COLON
    + r"(?P<lot_id>[A-Za-z0-9一二三四五六七八九十]+))"
    r"|(?P<supplier>(?<![未投落])(?:(?:中标|成交|中选)[^\n\t:：]{0,6}?供应商(?:名称)?|供应商名称)"
    + _COLON
    + r"(?P<supplier_value>[^\n\t]*))"
    r"|(?P<amount>(?<![未])(?:中标|成交|中选)[^\n\t:：]{0,8}?(?:金额|价格|报价|价)(?:[（(][^）)\n\t]{0,30}[）)])?"
    + _COLON
    + r"(?P<amount_value>[^\n\t]*))"
)
# Where an award token can start: scanning for these first and matching only there is 10x faster
# than finditer trying the three-way pattern at every character of a long body.
_AWARD_TRIGGER = re.compile("标包|包组|包号|采购包|分标|标项|标段|中标|成交|中选|供应商名称")
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
    # A contract's 中标（成交）供应商名称 cell lists every winner of the procurement ("A、B").
    lists_names: bool = False

    def names(self) -> list[str]:
        """The supplier names this row states (a listing cell split into its names)."""
        if self.lists_names:
            return split_names(self.supplier)
        return [self.supplier] if self.supplier else []


# The class attributes under an element, in document order. Each value comes back as a string that
# knows its element (`getparent()`): one XPath serves both the code lookups and the elements, where
# reading each element's class with `get` would cost more than the XPath. An XPath beats a Python
# walk, which would pay for every element; no predicate, which libxml2 would evaluate per node; no
# EXSLT regular expressions, which lxml would register on every evaluation. The same attributes as
# `.//@class`, which libxml2 reads as descendant-or-self::node()/@class and so also asks every text
# node for attributes: naming elements only is ~20 % faster on a template body (92 elements).
_CLASS_ATTRIBUTES = etree.XPath("descendant-or-self::*/@class", regexp=False)
# Codes that mark a body written in the national template (not one stray class in agency HTML).
# The 政采云 prequalification template names its classes (code-projectCode, code-budgetPrice …).
_TEMPLATE_MARKS = ("00003", "00004", "winningSupplierName", "AM014sectionNo", "projectCode", "projectName")
_DEADLINE_CODES = ("23011", "24011", "25011", "submitEndDate")

# The class values are joined into one string, each between blanks and separated by NUL (which no
# attribute value holds): a code is then a substring search, and its element the value's index.
_SEPARATOR = "\x00"


def _normalise_classes(classes: str) -> str:
    """A class value whose tokens are separated by spaces only (tabs and line breaks separate them
    too; other blanks, such as U+00A0, are part of a token)."""
    if "\t" in classes or "\n" in classes or "\r" in classes:
        return " ".join(classes.split())
    return classes


class TemplateCodes:
    """Elements by their template `code-*` class tokens (`bookmark-item code-00004 addWord` → the
    element under "00004"), in document order; an element is listed once per token naming a code."""

    def __init__(self, root: Element | None) -> None:
        # The values, and their elements where the compiled walk gives them (else each value's
        # getparent(): the XPath's strings know their element).
        self._elements: list[Element] | None = None
        found = class_attributes(root) if root is not None else None
        if found is not None:
            self._attributes: list[Any] = found[0]
            self._elements = found[1]
        else:
            self._attributes = _CLASS_ATTRIBUTES(root) if root is not None else []
        joined = " " + f" {_SEPARATOR} ".join(self._attributes) + " "
        if "\t" in joined or "\n" in joined or "\r" in joined:
            joined = " " + f" {_SEPARATOR} ".join(map(_normalise_classes, self._attributes)) + " "
        # Every class value, for class tests other than codes (table label cells: td.title).
        self.classes = joined
        # Whether any class names a code: free-form bodies mostly carry none, and a lookup then
        # needs no search.
        self.has_codes = "code-" in joined

    def any_of(self, codes: tuple[str, ...]) -> bool:
        """Whether any of the codes is present."""
        joined = self.classes
        if self.has_codes:
            for code in codes:
                if f" code-{code} " in joined:
                    return True
        return False

    def get(self, code: str) -> list[Element]:
        """The elements carrying `code-<code>` ([] when none does)."""
        if not self.has_codes:
            return []
        joined = self.classes
        needle = f" code-{code} "
        position = joined.find(needle)
        if position == -1:
            return []
        found = []
        index = counted = 0
        while position != -1:
            # The value's index is the number of separators before it.
            index += joined.count(_SEPARATOR, counted, position)
            counted = position
            found.append(
                self._attributes[index].getparent() if self._elements is None else self._elements[index]
            )
            # "code-a code-a" lists its element twice: the blank between the tokens is shared.
            position = joined.find(needle, position + 1)
        return found


_T = TypeVar("_T")


class _cached(Generic[_T]):
    """functools.cached_property without the lock Python 3.11 takes on every first read (a dozen
    fields per page, parsed on one thread): the value is computed once and stored on the instance,
    where later reads find it without calling the descriptor."""

    def __init__(self, func: Callable[[Any], _T]) -> None:
        self._func = func
        self._name = func.__name__
        self.__doc__ = func.__doc__

    def __get__(self, instance: Any, owner: type | None = None) -> _T:
        value = self._func(instance)
        instance.__dict__[self._name] = value
        return value


class BodyFields:
    """What a notice body states; None/empty where it does not. Fields are read on first use, so a
    portal parser that already has a field from a better source (the ccgp summary table) does not
    pay for the body's regexes."""

    def __init__(self, root: Element | None = None) -> None:
        self._root = root

    @_cached
    def _layout_and_text(self) -> tuple[str, str]:
        # Every parser reads both (the text is the notice's; the layout, its labels): one pass.
        return layout_and_text(self._root) if self._root is not None else ("", "")

    @_cached
    def layout(self) -> str:
        return self._layout_and_text[0]

    @_cached
    def text(self) -> str:
        """Visible body text, whitespace-normalised."""
        return self._layout_and_text[1]

    @_cached
    def codes(self) -> TemplateCodes:
        """Elements by their template `code-*` class (without the prefix)."""
        return TemplateCodes(self._root)

    @_cached
    def paired(self) -> dict[str, list[str]]:
        """Values of label/value table cells, by field name."""
        paired: dict[str, list[str]] = {}
        if self._root is not None:
            without_titles = "title" not in self.codes.classes
            for label, value in table_pairs(self._root, _PAIR_FIELDS, without_titles=without_titles):
                if value:
                    paired.setdefault(_PAIR_FIELDS[label], []).append(value)
        return paired

    def code_text(self, *codes: str) -> str | None:
        """Text of the first non-empty element with class `code-<code>`, for the first of the codes
        that has one (the template's code, then its named-class variant); None when none has."""
        template = self.codes
        # Most free-form bodies carry no code at all: one test instead of a lookup per code.
        if not template.has_codes:
            return None
        for code in codes:
            for el in template.get(code):
                value = element_text(el)
                if value:
                    return value
        return None

    def pair(self, name: str) -> str | None:
        values = self.paired.get(name)
        return values[0] if values else None

    @_cached
    def attachments(self) -> list[str]:
        """Names of attachment links: a.bizDownload, links in ul.fjxx, links to documents."""
        if self._root is None:
            return []
        names = []
        # A ul.fjxx around a link sits above the body element, or is the body or under it, which
        # only a body whose classes name fjxx can hold: the ancestors of each link are then walked.
        # Both are read at the first link (most bodies have none).
        listed: bool | None = None
        walk = False
        for link in self._root.iterdescendants("a"):
            if listed is None:
                listed = any(has_class(ul, "fjxx") for ul in self._root.iterancestors("ul"))
                walk = not listed and "fjxx" in self.codes.classes
            href = (link.get("href") or "").lower().split("?")[0]
            if (
                listed
                or has_class(link, "bizDownload")
                or href.endswith(_DOC_EXTENSIONS)
                or (walk and any(has_class(ul, "fjxx") for ul in link.iterancestors("ul")))
            ):
                names.append(element_text(link))
        return unique(names)

    @_cached
    def project_code(self) -> str | None:
        return (
            trim_code(self.code_text("00004", "projectCode"))
            or trim_code(self.pair("project_code"))
            or trim_code(first_value(_CODE_LABEL, self.layout))
        )

    @_cached
    def project_name(self) -> str | None:
        return (
            self.code_text("00003", "projectName")
            or self.pair("project_name")
            or first_value(_NAME_LABEL, self.layout)
        )

    @_cached
    def buyer(self) -> str | None:
        return join_names(
            self.code_text("00014", "purchase")
            or self.pair("buyer")
            or first_value(_BUYER_BLOCK, self.layout)
            or first_value(_BUYER_LABEL, self.layout)
            or _intention_buyer(self.layout)
        )

    @_cached
    def buyer_address(self) -> str | None:
        return (
            self.code_text("00018", "purchaserContactAddr")
            or self.pair("buyer_address")
            or first_value(_BUYER_ADDRESS, self.layout)
        )

    @_cached
    def agency(self) -> str | None:
        # Not split into names: a cell may read "X，具体由Y组织实施" (Shenzhen) and stays one value.
        return clean_or_none(
            self.code_text("00009", "agencyOrg")
            or self.pair("agency")
            or first_value(_AGENCY_BLOCK, self.layout)
            or first_value(_AGENCY_LABEL, self.layout)
        )

    @_cached
    def in_template(self) -> bool:
        """Whether the body is written in the national template."""
        return self.codes.any_of(_TEMPLATE_MARKS)

    @property
    def has_deadline(self) -> bool:
        """Whether the template states a bid/response deadline (code-23011/24011/25011): a tender."""
        return self.codes.any_of(_DEADLINE_CODES)

    @_cached
    def lot_ids(self) -> list[str]:
        """Lots of a tender: one code-AM014sectionNo per 标项, else one lot heading per line of a
        free-form body ("标项一：…，预算金额：…")."""
        sections = self.codes.get("AM014sectionNo")
        if sections:
            return unique([element_text(el) for el in sections])
        if self.in_template:
            return []
        return unique(_lot_headings(self.layout))

    @_cached
    def budget_yuan(self) -> Decimal | None:
        """code-AM01400034 (in 元), else the lots' code-AM014budgetPrice sum, else a 预算 label, else
        a 预算金额 column of a table (采购意向 lists)."""
        total = self.codes.get("AM01400034")
        if not total and self.codes.any_of(("projectCode",)):
            # The named-class template (政采云 prequalification) states its budget in 元 here; in
            # other bodies code-budgetPrice is a 采购意向 column whose unit the header gives.
            total = self.codes.get("budgetPrice")
        if total:
            amount = disclosed(parse_amount(element_text(total[0]), default_unit=Decimal(1)))
            if amount is not None:
                return amount
        lot_budgets = [
            parse_amount(element_text(el), default_unit=Decimal(1))
            for el in self.codes.get("AM014budgetPrice")
        ]
        if lot_budgets and all(disclosed(b) is not None for b in lot_budgets):
            return tidy(sum((b for b in lot_budgets if b is not None), Decimal(0)))
        for value in self.paired.get("budget", ()):
            amount = disclosed(parse_amount(value))
            if amount is not None:
                return amount
        # Every budget label and column header holds 预算: without it, neither search can succeed.
        if "预算" not in self.layout:
            return None
        for match in _BUDGET_LABEL.finditer(self.layout):
            amount = disclosed(parse_labelled_amount(match.group(1), cut_value(match.group(2))))
            if amount is not None:
                return amount
        # 采购意向 tables put 预算金额（万元） in a header row and the figures in the rows below.
        if self._root is not None and may_hold_budget_header(self.layout, self.hidden_text_cells):
            return _column_total(self._root)
        return None

    @_cached
    def hidden_text_cells(self) -> list[Element]:
        """Cells whose text the layout does not show in full (see cells_with_hidden_text)."""
        return cells_with_hidden_text(self._root) if self._root is not None else []

    @_cached
    def awards(self) -> list[AwardRow]:
        """Winners: template rows, else label/value tables, else the free-form text. A body in the
        national template names its winners only through code-winningSupplierName, so nothing else
        is searched there (a tender's "成交候选人" sentences are not winners)."""
        if self.in_template:
            awards = _template_awards(self.codes)
        else:
            awards = (
                _paired_awards(self.paired)
                or (
                    _column_awards(self._root)
                    if self._root is not None
                    and "供应商" in self.layout
                    and may_hold_winner_header(self.layout, self.hidden_text_cells)
                    else []
                )
                or _text_awards(self.layout)
            )
        failed = {lot for lot, result in self.lot_results.items() if result != "awarded"}
        if failed:
            # A failed lot adds no award and no supplier (docs/domain.md §3).
            awards = [
                row
                for row in awards
                if row.lot not in failed and not (row.lot is None and self.every_lot_failed)
            ]
        return awards

    @_cached
    def lot_results(self) -> dict[str, str]:
        """Each lot's stated result, "awarded", "failed" (废标/流标/终止) or "cancelled", where the body
        states one ("包组编号：002 … 结果类型：废标"); {} when it states none."""
        if "结果类型" not in self.layout:
            # A 废标 notice for some lots of a larger procurement: "第14包：…，本包废标。"
            return {match.group(1): "failed" for match in _LOT_FAILED_LINE.finditer(self.layout)}
        results: dict[str, str] = {}
        lot = "1"
        for match in _lot_result_matches(self.layout):
            if match.group(1):
                lot = match.group(1)
                continue
            word = match.group(2)
            if any(w in word for w in _FAILED_WORDS):
                results[lot] = "failed"
            elif any(w in word for w in _CANCELLED_WORDS):
                results[lot] = "cancelled"
            else:
                results[lot] = "awarded"
        return results

    @_cached
    def every_lot_failed(self) -> bool:
        """Whether the body states a result for its lots and none was awarded: the procurement
        failed (docs/domain.md §3), whatever the notice's heading says."""
        results = self.lot_results
        return bool(results) and "awarded" not in results.values()

    def outcome_type(self, notice_type: str) -> str:
        """The notice type once the lots' results are read: an award whose every lot failed is a
        cancellation."""
        return "cancellation" if notice_type == "award" and self.every_lot_failed else notice_type

    @_cached
    def suppliers(self) -> list[str]:
        names: list[str] = []
        for row in self.awards:
            names.extend(row.names())
        return normalise_suppliers(names)

    @_cached
    def award_amount_yuan(self) -> Decimal | None:
        """Sum over lots, exact; undisclosed unless every winner's amount is disclosed."""
        if not self.awards:
            return None
        total = Decimal(0)
        for row in self.awards:
            amount = disclosed(row.amount)
            if amount is None:
                return None
            total += amount
        return tidy(total)

    @property
    def lots(self) -> int | None:
        """Number of 包/标项 the body states: distinct lot ids of the winners, else of the lot list,
        else one per winner."""
        award_lots = unique([row.lot for row in self.awards if row.lot])
        if award_lots:
            return len(award_lots)
        if self.lot_ids:
            return len(self.lot_ids)
        return len(self.awards) or len(self.lot_results) or None


def extract_body(root: Element | None) -> BodyFields:
    """The fields a body element states (read lazily, see BodyFields)."""
    return BodyFields(root)


def first_value(pattern: re.Pattern[str], text: str, group: int = 1) -> str | None:
    """The first label match's value, cut at a run of blanks, cleaned; None when absent or empty."""
    for match in pattern.finditer(text):
        value = cut_value(match.group(group))
        if value:
            return value
    return None


def cut_value(raw: str | None) -> str | None:
    """A captured value up to the first run of 2+ blanks or the next label on its line
    (`X，地址：…`), whitespace-cleaned."""
    if raw is None:
        return None
    value = raw.strip()
    run = _BLANK_RUN.search(value)
    if run:
        value = value[: run.start()]
    label = _NEXT_LABEL.search(value)
    return clean_text(value[: label.start()] if label else value) or None


def _lot_headings(layout: str) -> list[str]:
    """The lot ids of the lot headings that open a line, in order."""
    found: list[tuple[int, str]] = []
    # A heading holds no line break, and only blanks precede it on its line, where no heading can
    # start: no match of any of the regexes overlaps one that opens its line, so each such heading
    # is found, by the one regex whose first character it opens with, and kept.
    for heading in _LOT_HEADINGS:
        for match in heading.finditer(layout):
            start = match.start()
            line_start = layout.rfind("\n", 0, start) + 1
            if line_start == start or not layout[line_start:start].strip(" \t"):
                found.append((start, match.group(1)))
    found.sort()
    return [lot for _, lot in found]


def _lot_result_matches(layout: str) -> list[re.Match[str]]:
    """_LOT_RESULT.finditer(layout), each match tried only where one of its words starts."""
    matches: list[re.Match[str]] = []
    position = 0
    while True:
        start = _LOT_RESULT_START.search(layout, position)
        if start is None:
            return matches
        match = _LOT_RESULT.match(layout, start.start())
        if match is None:
            position = start.start() + 1
        else:
            matches.append(match)
            position = match.end()


def _intention_buyer(layout: str) -> str | None:
    match = _INTENTION_BUYER.search(layout)
    if match is None or match.group(1) in _NOT_A_BUYER:
        return None
    return match.group(1)


def _column_total(root: Element) -> Decimal | None:
    """The budget of a table whose header row has a 预算金额 column (`预算金额（万元）`, the unit read
    from the header): its 合计 row when there is one, else the sum of the rows below; None unless
    every row discloses an amount. Unit-price columns (预算单价) are not budgets."""
    for header in root.iter("tr"):
        # A budget header cell holds 预算: a row without 预 anywhere is no header (one C call,
        # where labelling each cell costs one per cell).
        if "预" not in raw_text(header):
            continue
        cells = [cell for cell in header if cell.tag in ("td", "th")]
        labels = ["".join(element_text(cell).split()) for cell in cells]
        column = next(
            (i for i, label in enumerate(labels) if _BUDGET_COLUMN.match(label) and len(label) <= 16), None
        )
        if column is None:
            continue
        amounts = []
        for row in header.itersiblings("tr"):
            values = [cell for cell in row if cell.tag in ("td", "th")]
            if len(values) != len(cells):
                continue
            amount = disclosed(parse_labelled_amount(labels[column], element_text(values[column])))
            if any(word in element_text(values[0]) for word in ("合计", "总计")):
                return amount
            amounts.append(amount)
        if amounts and all(a is not None for a in amounts):
            return tidy(sum((a for a in amounts if a is not None), Decimal(0)))
    return None


def trim_code(value: str | None) -> str | None:
    """A project code without trailing text: stops at a closing bracket it did not open
    (`JDGR2026-XY-J002)的竞争性谈判公告` → `JDGR2026-XY-J002`) and at sentence punctuation."""
    if not value:
        return None
    # A bracketed note with its own label ends the code: `0701-264106070107（招标文件编号：…）`.
    note = _CODE_NOTE.search(value)
    if note:
        value = value[: note.start()]
    # Most codes hold no bracket, punctuation or blank: one regex scan spares the loop.
    depth = 0
    for index, ch in enumerate(value) if _CODE_STOP.search(value) else ():
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
    if not value or len(value) > 80 or not _ALNUM.search(value):
        return None
    return value


def table_pairs(
    root: Element, wanted: Container[str] | None = None, *, without_titles: bool = False
) -> list[tuple[str, str]]:
    """Label → value pairs of the tables under root: each `th` or `td.title` cell labels the cell
    after it (the ccgp 行政区域 row holds two pairs). Labels lose their blanks (`总中标金 额`).
    With `wanted`, only those labels are kept: reading the values is most of the cost, and the
    ccgp summary's 评审专家名单 alone can list hundreds of names. `without_titles`: the caller knows
    that no element under root has class `title`, so only th cells label, and no class is read."""
    return [
        (label, element_text(value_cell))
        for label, value_cell in table_cells(root, wanted, without_titles=without_titles)
    ]


def table_cells(
    root: Element, wanted: Container[str] | None = None, *, without_titles: bool = False
) -> list[tuple[str, Element]]:
    """table_pairs with each value's cell instead of its text, for callers that read few of them."""
    pairs: list[tuple[str, Element]] = []
    if without_titles:
        for label_cell in root.iterdescendants("th"):
            label = compact_text(label_cell).rstrip(":：")
            if wanted is None or label in wanted:
                value_cell = label_cell.getnext()
                if value_cell is not None and value_cell.tag == "td":
                    pairs.append((label, value_cell))
        return pairs
    # A walk over the cells, not an XPath: libxml2 evaluates a predicate per node at a higher cost
    # than Python reading a class attribute.
    for label_cell in root.iterdescendants("th", "td"):
        if label_cell.tag == "td":
            label_classes = label_cell.get("class")
            if not label_classes or "title" not in label_classes or "title" not in label_classes.split():
                continue
        # The label first: most rows of a summary table are not wanted, and reading one is cheap.
        label = compact_text(label_cell).rstrip(":：")
        if wanted is not None and label not in wanted:
            continue
        value_cell = label_cell.getnext()
        if value_cell is None or value_cell.tag != "td":
            continue
        value_classes = value_cell.get("class")
        if value_classes and "title" in value_classes and "title" in value_classes.split():
            continue
        pairs.append((label, value_cell))
    return pairs


def _template_awards(codes: TemplateCodes) -> list[AwardRow]:
    """Winners of the national template: one `td.code-winningSupplierName` per row, with the row's
    `code-sectionNo` and `code-summaryPrice` (e.g. "总价形式报价:569800.00(元)")."""
    winners = codes.get("winningSupplierName")
    awards: list[AwardRow] = []
    prices = codes.get("summaryPrice")
    for index, cell in enumerate(winners):
        row = cell.getparent()
        lot_el = price_el = None
        if row is not None:
            for sibling in row:
                classes = sibling.get("class")
                if not classes or "code-" not in classes:
                    continue
                tokens = classes.split()
                if "code-sectionNo" in tokens:
                    lot_el = sibling
                elif "code-summaryPrice" in tokens:
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


# Header cells naming the winner column of a result table (Hebei, Heilongjiang templates); the scoring
# table's plain "供应商" column is not one of them.
_SUPPLIER_HEADERS = frozenset(
    {
        "供应商名称", "中标供应商名称", "成交供应商名称", "中标（成交）供应商名称", "中标人名称",
        "中标供应商", "成交供应商", "中标（成交）供应商",
    }
)  # fmt: skip
_AMOUNT_HEADERS = ("中标（成交）金额", "中标金额", "成交金额", "中标价", "成交价")
# "合同包1(医疗设备采购及服务):" before a result table names its lot (Heilongjiang template).
_TABLE_LOT = re.compile(r"(?:合同包|采购包|包组|标包|标段|包)\s*([0-9A-Za-z一二三四五六七八九十]{1,3})")


def _row_cells(row: Element) -> list[Element]:
    return [cell for cell in row if cell.tag in ("td", "th")]


_LONGEST_SUPPLIER_HEADER = max(map(len, _SUPPLIER_HEADERS))


def _short_label(cell: Element) -> str:
    """compact_text(cell) when it may be a winner header, else "" (more characters than any)."""
    text = raw_text(cell)
    if len(text) <= 64 and " " not in text and text.isprintable():
        return text
    if "\u200b" in text or "\ufeff" in text:
        return compact_text(cell)
    # Splitting stops after as many words as the longest header has characters: a cell that wraps
    # a whole laid-out body (nested layout tables) is not split into its hundreds of words.
    words = text.split(None, _LONGEST_SUPPLIER_HEADER)
    return "" if len(words) > _LONGEST_SUPPLIER_HEADER else "".join(words)


def _column_table(table: Element) -> tuple[int | None, list[tuple[str, str | None]]]:
    """(index of the amount column or None, [(supplier, amount text)]) of a table whose header row
    names a winner column; (None, []) for any other table."""
    # The header is the table's first or second row (a caption row may come first): reading every
    # row's labels would cost as much as the rest of the parse on long tables, and so would taking
    # every row of a table that has no winner column.
    row_iter = table.iter("tr")
    rows = list(islice(row_iter, 2))
    for index, row in enumerate(rows):
        # Every winner header holds 商 or 称 (中标人名称): a row whose text holds neither has none,
        # and one C call says so where labelling its cells costs a call each.
        row_text = raw_text(row)
        if "商" not in row_text and "称" not in row_text:
            continue
        cells = _row_cells(row)
        supplier_col = next(
            (i for i, cell in enumerate(cells) if _short_label(cell) in _SUPPLIER_HEADERS), None
        )
        if supplier_col is None:
            continue
        header = [compact_text(cell) for cell in cells]
        amount_col = next((i for i, label in enumerate(header) if label.startswith(_AMOUNT_HEADERS)), None)
        rows.extend(row_iter)
        found: list[tuple[str, str | None]] = []
        for data_row in rows[index + 1 :]:
            cells = _row_cells(data_row)
            if len(cells) <= supplier_col or len(cells) < len(header):
                continue
            name = element_text(cells[supplier_col])
            if not name or name in _SUPPLIER_HEADERS:
                continue
            amount = element_text(cells[amount_col]) if amount_col is not None else None
            found.append((name, amount))
        return amount_col, found
    return None, []


def _table_lot(table: Element) -> str | None:
    """The lot a "合同包N(...)" line just before the table names (None when there is none)."""
    previous = table.getprevious()
    if previous is None:
        return None
    match = _TABLE_LOT.search(element_text(previous)[-60:])
    return match.group(1) if match else None


# The blanks the layout may show between a label's characters (a cell's label is its text without
# blanks; compact_text also drops U+200B and U+FEFF). Possessive: a label character is never a
# blank, so giving blanks back cannot help a match, and laid-out cells open with long runs of them
# (indentation), which the engine would otherwise give back one at a time after every tab.
_LABEL_GAP = "[\\s\u200b\ufeff]*+"


def _header_cell(labels: Iterable[str]) -> re.Pattern[str]:
    """A cell opening with one of the labels, as the layout shows it: the tab that opens every cell,
    then the label with any blanks between its characters."""
    spaced = (_LABEL_GAP.join(map(re.escape, label)) for label in sorted(labels))
    return re.compile("\t" + _LABEL_GAP + "(?:" + "|".join(spaced) + ")")


# A winner column's header cell (_SUPPLIER_HEADERS); a budget column's, whose label (_BUDGET_COLUMN)
# opens with 预算, 项目预算 or 采购预算.
_WINNER_HEADER_CELL = _header_cell(_SUPPLIER_HEADERS)
_BUDGET_HEADER_CELL = _header_cell(("预算", "项目预算", "采购预算"))


# The elements the layout hides that can hold text: libxml2's HTML parser closes <meta>, <link> and
# <input> at once (empty elements in HTML 4), so they never hold a child or text, and ccgp bodies
# carry stray <meta>s.
_TEXT_HIDING_TAGS = tuple(sorted(SKIP_TAGS - {"meta", "link", "input"}))


def may_hold_winner_header(layout: str, hidden_text_cells: list[Element]) -> bool:
    """False only when no cell of the body (its layout, its cells_with_hidden_text) is labelled as a
    winner column (_SUPPLIER_HEADERS): the search for result tables then finds nothing and is skipped
    (on most bodies it walks every table and finds none)."""
    return _may_hold_header_cell(layout, hidden_text_cells, _WINNER_HEADER_CELL, _is_winner_header)


def may_hold_budget_header(layout: str, hidden_text_cells: list[Element]) -> bool:
    """False only when no cell of the body is labelled as a budget column (_BUDGET_COLUMN): the walk
    over every row for one (_column_total) then finds nothing and is skipped."""
    return _may_hold_header_cell(layout, hidden_text_cells, _BUDGET_HEADER_CELL, _is_budget_header)


def _is_winner_header(cell: Element) -> bool:
    """Whether the cell labels a winner column, as _column_table reads its header rows."""
    return _short_label(cell) in _SUPPLIER_HEADERS


def _is_budget_header(cell: Element) -> bool:
    """Whether the cell labels a budget column, as _column_total reads its header rows (compact_text
    is the label it reads: element_text without any blank)."""
    label = compact_text(cell)
    return len(label) <= 16 and _BUDGET_COLUMN.match(label) is not None


def _may_hold_header_cell(
    layout: str,
    hidden_text_cells: list[Element],
    header_cell: re.Pattern[str],
    is_header: Callable[[Element], bool],
) -> bool:
    """Whether a cell under root may be labelled as a header `is_header` accepts. The layout writes
    every cell as a tab and its visible text, so a header cell opens with what `header_cell` matches
    there, unless an element the layout hides (SKIP_TAGS: <title>, <script>, <noscript> …) holds some
    of its text or holds the cell: those cells (`hidden_text_cells`, see cells_with_hidden_text) are
    labelled one by one instead. (ccgp bodies often open with the <title> of the agency page pasted
    into them, outside any table; nested agency pages put theirs inside layout cells.)"""
    if header_cell.search(layout):
        return True
    return any(map(is_header, hidden_text_cells))


def cells_with_hidden_text(root: Element) -> list[Element]:
    """The cells under root whose text the layout does not show in full: those holding an element
    the layout hides, and those such an element holds; each once, in no particular order."""
    cells: dict[Element, None] = {}
    outside: set[Element] | None = None
    for hidden in root.iter(*_TEXT_HIDING_TAGS):
        for cell in hidden.iterancestors("td", "th"):
            if outside is None:
                # Cells around root are no cells under it (the walk up passes them for each element).
                outside = set(root.iterancestors("td", "th"))
            if cell not in outside:
                cells[cell] = None
        for cell in hidden.iter("td", "th"):
            cells[cell] = None
    return list(cells)


def _column_awards(root: Element) -> list[AwardRow]:
    """Winners of result tables with a header row (供应商名称 | 供应商地址 | 中标（成交）金额): the rows of
    the first such tables; a table without an amount column takes each winner's amount from a later
    table listing the same supplier with a 中标金额 column (the Hebei 标的 table). Amounts without a
    unit are in 元."""
    tables = [(table, *_column_table(table)) for table in root.iter("table")]
    tables = [entry for entry in tables if entry[2]]
    if not tables:
        return []
    later_amounts: dict[str, str] = {}
    for _, amount_col, rows in tables[1:]:
        if amount_col is not None:
            for name, amount in rows:
                if amount:
                    later_amounts.setdefault(name, amount)
    first_table, first_amount_col, _ = tables[0]
    result_tables = [(first_table, first_amount_col, tables[0][2])]
    # Several lots: one result table per lot, each after its own "合同包N" line.
    first_lot = _table_lot(first_table)
    if first_lot is not None:
        result_tables += [
            entry
            for entry in tables[1:]
            if entry[1] == first_amount_col and _table_lot(entry[0]) not in (None, first_lot)
        ]
    awards = []
    for table, _, rows in result_tables:
        lot = _table_lot(table)
        for name, amount in rows:
            text = amount if amount else later_amounts.get(name)
            awards.append(
                AwardRow(
                    lot=lot,
                    supplier=name,
                    amount=parse_amount(text, default_unit=Decimal(1)),
                    amount_seen=text is not None,
                )
            )
    return awards


def _paired_awards(paired: dict[str, list[str]]) -> list[AwardRow]:
    """Winners of label/value tables such as the ggzy contract `table.detail_Table`."""
    suppliers = paired.get("supplier", [])
    amounts = paired.get("amount", [])
    if not suppliers:
        return []
    awards = [AwardRow(lot=None, supplier=cell, lists_names=True) for cell in suppliers]
    if len(amounts) == len(awards):
        for row, value in zip(awards, amounts, strict=True):
            row.amount, row.amount_seen = parse_amount(value), True
    return awards


def _text_awards(layout: str) -> list[AwardRow]:
    """Winners of free-form bodies, read in order: a lot marker (`标包：A`) sets the current lot, a
    winner label opens a row, the next amount label fills it (Shandong, Shenzhen layouts)."""
    awards: list[AwardRow] = []
    lot: str | None = None
    position = 0
    while True:
        trigger = _AWARD_TRIGGER.search(layout, position)
        if trigger is None:
            return awards
        match = _AWARD_TOKENS.match(layout, trigger.start())
        if match is None:
            position = trigger.start() + 1
            continue
        position = match.end()
        if match.group("lot"):
            lot = match.group("lot_id")
            continue
        kind = "supplier" if match.group("supplier") else "amount"
        raw = match.group(f"{kind}_value")
        run = _BLANK_RUN.search(raw) if raw.strip() else None
        kept = raw[: run.start()] if run else raw
        # Spans laid out on one line: the next label starts after the blank run, read it next.
        position = match.start(f"{kind}_value") + len(kept) if raw.strip() else position
        value = clean_or_none(kept)
        if kind == "supplier":
            if value:
                awards.append(AwardRow(lot=lot, supplier=value))
        elif awards and not awards[-1].amount_seen:
            awards[-1].amount, awards[-1].amount_seen = parse_amount(value), True
        elif not awards:
            awards.append(AwardRow(lot=lot, supplier=None, amount=parse_amount(value), amount_seen=True))

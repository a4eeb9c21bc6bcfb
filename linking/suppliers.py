"""Winning suppliers (docs/domain.md §7): one key per legal entity however it is printed, and its brand and kind.

The brand mapping is data (linking/data/brands.json); this module only knows how to match it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from linking.textnorm import fold, tidy

OTHER = "other"
VENDOR = "vendor"

# 统一社会信用代码 (GB 32100-2015): 18 characters, no I, O, S, V, Z.
_CREDIT_CODE = re.compile(r"(?<![0-9A-Z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Z])")
_CREDIT_LABEL = re.compile(r"\(?(统一社会信用代码|社会信用代码|信用代码)[:：]?[0-9A-Z]*\)?")
_LEGAL_FORM = re.compile(r"股份有限公司|有限责任公司|股份公司|有限公司")
_EDGE = re.compile(r"^[\s,.;:、，。；：()]+|[\s,.;:、，。；：(]+$")
_EMPTY_PARENS = re.compile(r"\(\)")
# Text that ran on from the next field of the page (供应商地址:…, 中标(成交)金额:…, 五、…).
_RUN_ON = re.compile(r"(供应商)?地址[:：]|联系|中标\(成交\)金额|中标金额|成交金额|[一二三四五六七八九十]、")


@dataclass(frozen=True)
class Supplier:
    """A supplier name as printed, its display form, matching key, credit code, brand and kind."""

    name: str
    display: str
    key: str
    credit_code: str | None
    brand: str
    kind: str | None


def credit_code(name: str) -> str | None:
    """The 统一社会信用代码 printed with a supplier's name, if any."""
    match = _CREDIT_CODE.search(fold(name).upper())
    return match.group(0) if match else None


def display_name(name: str) -> str:
    """The name for reports: half-width, single spaces, credit code and its label removed, and no
    text that ran on from the next field."""
    text = _RUN_ON.split(tidy(name), maxsplit=1)[0]
    text = _CREDIT_LABEL.sub("", text)
    text = _CREDIT_CODE.sub("", text)
    text = _EMPTY_PARENS.sub("", text)
    return _EDGE.sub("", text).strip()


def supplier_key(name: str) -> str:
    """The matching key: folded (width, brackets, spaces), credit code dropped and the legal-form
    words 股份有限公司/有限责任公司/有限公司 removed, so the variants of one entity share a key."""
    text = fold(display_name(name))
    return _LEGAL_FORM.sub("", text)


@dataclass(frozen=True)
class _Rules:
    entities: dict[str, tuple[str, str | None]]  # key → (brand, kind)
    fragments: list[tuple[str, str, str | None]]  # (folded fragment, brand, kind)


@cache
def _rules() -> _Rules:
    data: dict[str, Any] = json.loads(
        resources.files("linking.data").joinpath("brands.json").read_text(encoding="utf-8")
    )
    entities: dict[str, tuple[str, str | None]] = {}
    fragments: list[tuple[str, str, str | None]] = []
    for entry in data["brands"]:
        for entity in entry.get("entities", []):
            entities[supplier_key(entity)] = (entry["brand"], VENDOR)
        for fragment in entry.get("name_contains", []):
            fragments.append((fold(fragment), entry["brand"], VENDOR))
    for entry in data["kinds"]:
        for entity in entry.get("entities", []):
            entities.setdefault(supplier_key(entity), (OTHER, entry["kind"]))
        for fragment in entry.get("name_contains", []):
            fragments.append((fold(fragment), OTHER, entry["kind"]))
    return _Rules(entities, fragments)


def brands() -> list[str]:
    """The brands the mapping knows, in the data file's order."""
    data = json.loads(resources.files("linking.data").joinpath("brands.json").read_text(encoding="utf-8"))
    return [entry["brand"] for entry in data["brands"]]


def classify_supplier(name: str) -> tuple[str, str | None]:
    """(brand, kind) for a supplier name: exact entity, then a branch of an entity, then a fragment."""
    rules = _rules()
    key = supplier_key(name)
    if key in rules.entities:
        return rules.entities[key]
    # A branch (…分公司) or a department of a mapped entity starts with the entity's key.
    branch = max((k for k in rules.entities if len(k) >= 4 and key.startswith(k)), key=len, default=None)
    if branch is not None:
        return rules.entities[branch]
    folded = fold(display_name(name))
    for fragment, brand, kind in rules.fragments:
        if fragment in folded:
            return brand, kind
    return OTHER, None


def parse_supplier(name: str) -> Supplier:
    """Everything the tracker stores about one printed supplier name."""
    brand, kind = classify_supplier(name)
    return Supplier(
        name=name,
        display=display_name(name),
        key=supplier_key(name),
        credit_code=credit_code(name),
        brand=brand,
        kind=kind,
    )

"""Winning suppliers (docs/domain.md §7): one key per legal entity however it is printed, and its brand and kind.

The brand mapping is data (linking/data/brands.json, extended by the user's file, docs/reports.md);
this module only knows how to read and match it.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from linking.textnorm import fold, tidy

OTHER = "other"

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


BRANDS_ENV = "TENDERS_BRANDS"


class BrandFileError(ValueError):
    """A vendor mapping file that cannot be used; the message names the file and the entry."""


def user_brands_path() -> Path:
    """The user's own mapping (docs/reports.md): $TENDERS_BRANDS, else ~/.config/tenders/brands.json."""
    if os.environ.get(BRANDS_ENV):
        return Path(os.environ[BRANDS_ENV])
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "tenders" / "brands.json"


@dataclass(frozen=True)
class Brand:
    """One brand of the mapping: its kind of winner, English name, and whether the seed report names it."""

    brand: str
    kind: str
    en: str
    seed: bool
    entities: tuple[str, ...]
    origin: str


@dataclass(frozen=True)
class Mapping:
    """The bundled mapping extended by the user's file: entity keys and fragments → (brand, kind)."""

    brands: tuple[Brand, ...]
    kinds: dict[str, dict[str, str]]
    entities: dict[str, tuple[str, str | None]]
    fragments: tuple[tuple[str, str, str | None], ...]
    files: tuple[str, ...]


def _read(path: Path | None) -> dict[str, Any]:
    label = str(path) if path else "linking/data/brands.json"
    try:
        text = (
            path.read_text(encoding="utf-8")
            if path
            else resources.files("linking.data").joinpath("brands.json").read_text(encoding="utf-8")
        )
        data = json.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise BrandFileError(f"cannot read vendor mapping {label}: {exc}") from exc
    except ValueError as exc:
        raise BrandFileError(f"vendor mapping {label} is not valid JSON: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("brands", []), list):
        raise BrandFileError(f'vendor mapping {label}: expected an object with a list under "brands"')
    return data


def _strings(entry: dict[str, Any], key: str, where: str) -> list[str]:
    values = entry.get(key, [])
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise BrandFileError(f"{where}: {key} must be a list of non-empty names")
    return values


def load_mapping(user_file: Path | None = None) -> Mapping:
    """The bundled mapping plus the user's file (read first, so its entries win over the bundled ones)."""
    documents: list[tuple[str, dict[str, Any]]] = []
    user = user_file or user_brands_path()
    if user.exists():
        documents.append((str(user), _read(user)))
    documents.append(("linking/data/brands.json", _read(None)))
    kinds: dict[str, dict[str, str]] = {}
    for _, data in reversed(documents):
        kinds.update({k: dict(v) for k, v in data.get("kinds", {}).items() if isinstance(v, dict)})
    brands: dict[str, Brand] = {}
    entities: dict[str, tuple[str, str | None]] = {}
    fragments: list[tuple[str, str, str | None]] = []
    for origin, data in documents:
        for number, entry in enumerate(data.get("brands", []), start=1):
            where = f"vendor mapping {origin}, brands entry {number}"
            if not isinstance(entry, dict) or not isinstance(entry.get("brand"), str) or not entry["brand"]:
                raise BrandFileError(f'{where}: needs a "brand" name')
            name, kind = entry["brand"], entry.get("kind", OTHER)
            if kind not in kinds:
                raise BrandFileError(f"{where} ({name}): unknown kind {kind!r}; known: {', '.join(kinds)}")
            names = _strings(entry, "entities", where)
            for entity in names:
                entities.setdefault(supplier_key(entity), (name, kind))
            for fragment in _strings(entry, "name_contains", where):
                fragments.append((fold(fragment), name, kind))
            if name not in brands:
                brands[name] = Brand(
                    name, kind, str(entry.get("en") or name), bool(entry.get("seed")), tuple(names), origin
                )
        for number, entry in enumerate(data.get("unbranded", []), start=1):
            where = f"vendor mapping {origin}, unbranded entry {number}"
            kind = entry.get("kind") if isinstance(entry, dict) else None
            if kind not in kinds:
                raise BrandFileError(f"{where}: unknown kind {kind!r}; known: {', '.join(kinds)}")
            for entity in _strings(entry, "entities", where):
                entities.setdefault(supplier_key(entity), (OTHER, kind))
            for fragment in _strings(entry, "name_contains", where):
                fragments.append((fold(fragment), OTHER, kind))
    return Mapping(tuple(brands.values()), kinds, entities, tuple(fragments), tuple(o for o, _ in documents))


@cache
def mapping() -> Mapping:
    """The mapping in force for this process (bundled + user file), read once."""
    return load_mapping()


def brands() -> list[str]:
    """Every brand the mapping knows, the user's first, then the bundled file's order."""
    return [b.brand for b in mapping().brands]


def seed_brands() -> list[str]:
    """The ten brands of the seed market report (docs/domain.md §7)."""
    return [b.brand for b in mapping().brands if b.seed]


def kind_label(kind: str | None, lang: str = "zh") -> str:
    """A kind of winner in the reader's language (kinds are keys in the mapping file)."""
    key = kind or OTHER
    return mapping().kinds.get(key, {}).get(lang, key)


def classify_supplier(name: str, rules: Mapping | None = None) -> tuple[str, str | None]:
    """(brand, kind) for a supplier name: exact entity, then a branch of an entity, then a fragment."""
    rules = rules or mapping()
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

"""Organisation names as printed, cleaned for comparison (docs/domain.md §7, first step).

Suppliers are normalised: whitespace collapsed, full-width ASCII forms made half-width (`（集团）` →
`(集团)`, `ＡＢＣ` → `ABC`), stray spaces inside Chinese removed (the Shandong page prints
"海逸恒安项目管理有限公 司"), de-duplicated in order. Mapping legal entities to brands is not done here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from crawler.parse.text import clean_text, to_halfwidth, unique

# A printed list of several names in one cell (`济南大学,济南大学`, `甲公司、乙公司`).
_NAME_SEPARATORS = re.compile(r"\s*[,，、;；]\s*")
# Most cells name one organisation: without a separator, there is nothing to split.
_SEPARATOR_CHARS = re.compile(r"[,，、;；]")
# Placeholders a template leaves in a name cell.
_NOT_A_NAME = frozenset({"", "-", "/", "无", "—", "——", "详见附件", "见附件"})


def normalise_supplier(name: str | None) -> str | None:
    """One supplier name normalised, or None for an empty or placeholder cell."""
    if not name:
        return None
    # Clean before converting: full-width brackets still count as CJK, so "四建 （集团）" closes up.
    cleaned = to_halfwidth(clean_text(name)).strip()
    return None if cleaned in _NOT_A_NAME else cleaned


def normalise_suppliers(names: Iterable[str | None]) -> list[str]:
    """Supplier names normalised and de-duplicated in first-seen order."""
    found: dict[str, None] = {}
    for name in names:
        normalised = normalise_supplier(name)
        if normalised:
            found[normalised] = None
    return list(found)


def split_names(cell: str | None) -> list[str]:
    """A cell that lists several organisations, split and de-duplicated (`济南大学,济南大学` → one),
    names keep their printed brackets; whitespace is cleaned."""
    if not cell:
        return []
    if not _SEPARATOR_CHARS.search(cell):
        name = clean_text(cell)
        return [name] if name not in _NOT_A_NAME else []
    parts = (clean_text(part) for part in _NAME_SEPARATORS.split(cell))
    return unique(p for p in parts if p not in _NOT_A_NAME)


def join_names(cell: str | None) -> str | None:
    """The organisations a cell names, joined by `、` once each; None when it names none."""
    names = split_names(cell)
    return "、".join(names) if names else None

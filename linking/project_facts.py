"""A project's status, award date, amounts and winners from its notices (docs/domain.md §3). Pure functions.

Counting rules, in the words a report's method section repeats:

* **Awards, once each.** One award notice already sums its lots. Separate award notices of one
  project (one per lot) add up. Copies of the same award on several portals count once: two award
  notices are copies when their amounts agree (or one is undisclosed), their winners agree (or one
  lists none) and their titles name no different lots.
* **Cancellation.** A 废标/终止/流标 notice whose title names no lot cancels the whole procurement as
  of its date. The project is `awarded` when an award notice follows its last whole cancellation
  (a re-tender that succeeded); its first award date is then the first award after that
  cancellation, and only those awards count. A project whose awards all precede a whole
  cancellation, or which has a cancellation and no award, is `cancelled`. A cancellation naming a
  lot (`包2废标`) cancels that lot only and leaves the status alone. Same-day cancellation and award
  are read as the cancellation coming last (the cautious reading: not counted).
* **Otherwise** a project with no award notice is `open`.
* **First award date** is the earliest counted award notice, copies on other portals included (the
  copy a portal published first dates the award).
* **Amounts.** The project's award amount is the sum over its distinct counted awards; when any of
  them is undisclosed (a rate, 详见附件, no amount printed) the project's amount is undisclosed
  (None, never 0): a partial sum would understate it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from linking.groups import (
    LinkedProject,
    NoticeRecord,
    clean_buyer,
    effective_type,
    lot_free,
    lot_marker,
    normalise_buyer,
    normalise_code,
)
from linking.suppliers import display_name, supplier_key
from linking.textnorm import tidy

_LOT = re.compile(
    r"(?:第)?([一二三四五六七八九十\dA-Z]+)(?:包|标段|标项|分包)|(?:包|标段|标项|分包)([一二三四五六七八九十\dA-Z]+)"
)
_TYPE_WORDS = re.compile(
    r"(的)?(中标\(成交\)结果|中标结果|成交结果|中标|成交|结果|公开招标|招标|竞争性磋商|竞争性谈判|询价|"
    r"单一来源|更正|变更|终止|废标|流标|合同|采购意向|意向)*(公告|公示|公开)$"
)


@dataclass(frozen=True)
class ProjectFacts:
    """What a project's notices say about it, before classification."""

    title: str
    buyer: str | None
    project_code: str | None
    region: str | None
    status: str  # open | awarded | cancelled
    first_award_date: date | None
    award_month: str | None
    budget_yuan: Decimal | None
    award_amount_yuan: Decimal | None
    suppliers: list[str]
    lots: int | None
    counted_award_ids: list[int]


def distinct_awards(awards: list[NoticeRecord]) -> list[NoticeRecord]:
    """Award notices with cross-portal copies removed; the most complete copy represents each award."""

    def completeness(n: NoticeRecord) -> tuple[int, int, date, str, str]:
        return (
            0 if n.award_amount_yuan is not None else 1,
            -len(n.suppliers),
            n.publish_date or date.max,
            n.source,
            n.url,
        )

    kept: list[NoticeRecord] = []
    for award in sorted(awards, key=completeness):
        if not any(_same_award(award, other) for other in kept):
            kept.append(award)
    return sorted(kept, key=lambda n: (n.publish_date or date.max, n.source, n.url))


def _same_award(a: NoticeRecord, b: NoticeRecord) -> bool:
    both_priced = a.award_amount_yuan is not None and b.award_amount_yuan is not None
    if both_priced and a.award_amount_yuan != b.award_amount_yuan:
        return False
    winners_a = {supplier_key(s) for s in a.suppliers}
    winners_b = {supplier_key(s) for s in b.suppliers}
    if winners_a and winners_b and not winners_a & winners_b:
        return False
    lot_a, lot_b = lot_marker(a.title), lot_marker(b.title)
    return not (lot_a and lot_b and lot_a != lot_b)


def project_facts(project: LinkedProject) -> ProjectFacts:
    """Status, first award, counted amounts and winners of one linked project."""
    notices = project.notices
    awards = [n for n in notices if effective_type(n) == "award"]
    cancellations = [
        n for n in notices if effective_type(n) == "cancellation" and lot_marker(n.title) is None
    ]
    last_cancel = max((n.publish_date for n in cancellations if n.publish_date), default=None)
    if last_cancel is not None:
        # Undated awards cannot be placed after the cancellation, so they do not revive the project.
        awards = [n for n in awards if n.publish_date is not None and n.publish_date > last_cancel]
    elif cancellations:
        awards = []  # an undated whole cancellation: nothing can be shown to follow it
    counted = distinct_awards(awards)

    if counted:
        status = "awarded"
    elif cancellations:
        status = "cancelled"
    else:
        status = "open"
    award_dates = [n.publish_date for n in awards if n.publish_date]
    first_award = min(award_dates) if award_dates else None
    amounts = [n.award_amount_yuan for n in counted]
    suppliers: list[str] = []
    seen: set[str] = set()
    for award in counted:
        for name in award.suppliers:
            key = supplier_key(name)
            if key and key not in seen:
                seen.add(key)
                suppliers.append(display_name(name))
    lots = sum(n.lots or 1 for n in counted) if counted else _max_lots(notices)

    return ProjectFacts(
        title=_display_title(notices),
        buyer=_display_value([clean_buyer(n.buyer) for n in notices], normalise_buyer),
        project_code=_display_value([normalise_code(n.project_code) for n in notices], normalise_code),
        region=_display_value([n.region for n in notices], lambda v: v),
        status=status,
        first_award_date=first_award if status == "awarded" else None,
        award_month=first_award.strftime("%Y-%m") if status == "awarded" and first_award else None,
        budget_yuan=_budget(notices),
        award_amount_yuan=_total(amounts),
        suppliers=suppliers,
        lots=lots,
        counted_award_ids=[n.id for n in counted],
    )


def _total(amounts: list[Decimal | None]) -> Decimal | None:
    if not amounts or any(a is None for a in amounts):
        return None
    return sum((a for a in amounts if a is not None), Decimal(0))


def _max_lots(notices: list[NoticeRecord]) -> int | None:
    return max((n.lots for n in notices if n.lots), default=None)


def _budget(notices: list[NoticeRecord]) -> Decimal | None:
    """The latest budget stated by a tender, correction or intention (a correction may change it)."""
    stated = [n for n in notices if n.budget_yuan is not None]
    preferred = [n for n in stated if n.notice_type in ("tender", "correction", "intention")] or stated
    if not preferred:
        return None
    return max(preferred, key=lambda n: (n.publish_date or date.min, n.url)).budget_yuan


def _display_value(values: list[str | None], key: object) -> str | None:
    """The most frequent spelling of the most frequent normalised value."""
    normaliser = key if callable(key) else (lambda v: v)
    by_key: dict[str, Counter[str]] = {}
    for value in values:
        if not value:
            continue
        k = normaliser(value)
        if k:
            by_key.setdefault(k, Counter())[tidy(value)] += 1
    if not by_key:
        return None
    best = min(by_key, key=lambda k: (-sum(by_key[k].values()), k))
    spellings = by_key[best]
    return min(spellings, key=lambda s: (-spellings[s], s))


def _display_title(notices: list[NoticeRecord]) -> str:
    """The title of the award (else tender, else first) notice without its notice-type suffix."""
    order = {"award": 0, "tender": 1, "correction": 2, "contract": 3, "intention": 4}
    chosen = min(notices, key=lambda n: (order.get(n.notice_type, 5), n.publish_date or date.max, n.url))
    title = tidy(chosen.title)
    stripped = lot_free(_TYPE_WORDS.sub("", title)).strip()
    return stripped if len(stripped) >= 4 else title

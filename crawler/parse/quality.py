"""Parse-quality flags: what a parser could not read although the page should state it.

Never silently wrong (docs/portals.md, introduction): a page whose body template we do not know, or
an award whose result section names no winner or no amount, is still stored, but flagged, and the
run counts its flags (`tenders status`). Flags:

* `no_body`: the notice body is missing or empty (only the summary or the list was read);
* `unknown_template`: the body has text, but none of our readers found a field in it;
* `award_without_winner`: an award whose body has a result section, and no winner was read;
* `award_without_amount`: the same, and no amount (nor an undisclosed rate) was read.
"""

from __future__ import annotations

from decimal import Decimal

from crawler.parse.body import BodyFields

NO_BODY = "no_body"
UNKNOWN_TEMPLATE = "unknown_template"
AWARD_WITHOUT_WINNER = "award_without_winner"
AWARD_WITHOUT_AMOUNT = "award_without_amount"
FLAGS = (NO_BODY, UNKNOWN_TEMPLATE, AWARD_WITHOUT_WINNER, AWARD_WITHOUT_AMOUNT)

# Headings and codes of a result section (national template, Hebei/Heilongjiang/Liaoning bodies,
# free-form agency HTML), as printed (full-width or half-width brackets).
_RESULT_HEADINGS = (
    "中标（成交）信息", "中标(成交)信息", "中标（成交）结果", "中标(成交)结果", "中标信息", "成交信息",
    "采购结果", "中标结果", "成交结果",
)  # fmt: skip
_RESULT_CODES = ("winningSupplierName", "AM014zbcj001", "AM014zbcj0001")
_MIN_BODY_CHARS = 20


def has_result_section(body: BodyFields) -> bool:
    """Whether the body holds a result section (a heading or the template's result table)."""
    if body.codes.any_of(_RESULT_CODES):
        return True
    text = body.text
    return any(heading in text for heading in _RESULT_HEADINGS)


def recognised(body: BodyFields) -> bool:
    """Whether any of our readers found a field in the body."""
    return bool(
        body.in_template
        or body.project_code
        or body.buyer
        or body.agency
        or body.awards
        or body.lot_results
        or body.budget_yuan is not None
    )


def quality_flags(body: BodyFields | None, notice_type: str, award_amount: Decimal | None) -> list[str]:
    """The flags of a notice parsed from `body` (None: the page has none) with its final type and
    award amount (the summary table may have given one the body did not)."""
    if body is None or len(body.text) < _MIN_BODY_CHARS:
        return [NO_BODY]
    flags = [] if recognised(body) else [UNKNOWN_TEMPLATE]
    if notice_type == "award" and has_result_section(body):
        if not body.suppliers:
            flags.append(AWARD_WITHOUT_WINNER)
        if award_amount is None and not any(row.amount_seen for row in body.awards):
            flags.append(AWARD_WITHOUT_AMOUNT)
    return flags

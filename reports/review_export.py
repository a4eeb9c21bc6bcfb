"""The review queue laid out: a terminal table, or csv / xlsx / json with empty decision columns that
`tenders correct --from FILE` reads back (linking/correction_file.py)."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Sequence
from typing import Any

from linking.correction_file import DECISION_COLUMNS
from reports.report import yuan
from reports.review import ReviewRow
from reports.tabular import cell_text

COLUMNS = (
    "rank",
    "project_id",
    "award_month",
    "title",
    "buyer",
    "award_amount_yuan",
    "in_scope",
    "llm",
    "industry",
    "type",
    "scenarios",
    "label_sources",
    "rules_in_scope",
    "rules_type",
    "expected_shift_pts",
    "p_wrong_in_scope",
    "p_wrong_type",
    "reasons",
    "evidence",
    "notice_urls",
    *DECISION_COLUMNS,
)


def _yes(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _sources(row: ReviewRow) -> str:
    analyst = sorted(k for k, v in row.sources.items() if v == "analyst")
    return "analyst: " + ",".join(analyst) + "; model: rest" if analyst else "model"


def _cue(name: object) -> str:
    """A feature name without its transformer prefixes (text__诊疗 → 诊疗)."""
    return str(name).rsplit("__", 1)[-1]


def _evidence(row: ReviewRow) -> str:
    parts = []
    for head, cues in row.evidence.items():
        if isinstance(cues, dict):
            for scenario, inner in cues.items():
                parts.append(f"{scenario}: " + " ".join(_cue(c[0]) for c in inner))
        else:
            parts.append(f"{head}: " + " ".join(_cue(c[0]) for c in cues))
    return " | ".join(parts)


def flat(rank: int, row: ReviewRow) -> list[Any]:
    return [
        rank,
        row.project_id,
        row.award_month,
        cell_text(row.title),
        cell_text(row.buyer),
        None if row.award_amount_yuan is None else float(row.award_amount_yuan),
        _yes(row.in_scope),
        _yes(row.llm),
        row.industry or "",
        row.type or "",
        ",".join(row.scenarios),
        _sources(row),
        _yes(row.rules.get("in_scope")),
        row.rules.get("type") or "",
        row.expected_shift,
        row.p_wrong.get("in_scope"),
        row.p_wrong.get("type"),
        "; ".join(row.reasons),
        cell_text(_evidence(row)),
        cell_text(" ".join(row.notice_urls)),
        *([""] * len(DECISION_COLUMNS)),
    ]


def to_csv(rows: Sequence[ReviewRow]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for rank, row in enumerate(rows, start=1):
        writer.writerow(["" if v is None else v for v in flat(rank, row)])
    # A BOM so that Excel opens the Chinese text as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(rows: Sequence[ReviewRow]) -> bytes:
    from openpyxl import Workbook  # lazy: only the xlsx export needs it (CLI start-up time)

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "review"
    sheet.append(list(COLUMNS))
    for rank, row in enumerate(rows, start=1):
        sheet.append(flat(rank, row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_json(rows: Sequence[ReviewRow]) -> bytes:
    items = []
    for rank, row in enumerate(rows, start=1):
        item = {"rank": rank, **row.to_json()}
        item.update(dict.fromkeys(DECISION_COLUMNS, ""))
        items.append(item)
    return (json.dumps({"rows": items}, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cut(text: str, width: int) -> str:
    """The text cut to `width` terminal columns (CJK characters take two), with … when cut."""
    if _width(text) <= width:
        return text
    out = ""
    for ch in text:
        if _width(out + ch) > width - 1:
            break
        out += ch
    return out + "…"


def to_table(rows: Sequence[ReviewRow]) -> str:
    """Two lines per project: the labels and what is doubtful, then the title, buyer, amount and the
    evidence; the notice URLs under it."""
    if not rows:
        return "no awarded project of the period has a doubtful label\n"
    lines = [f"{'#':>3}  {'shift':>6}  {'project':<16}  {'month':<7}  labels (source)"]
    for rank, row in enumerate(rows, start=1):
        src = "analyst" if any(v == "analyst" for v in row.sources.values()) else "model"
        labels = (
            f"in_scope={_yes(row.in_scope)} llm={_yes(row.llm)} industry={row.industry or '–'} "
            f"type={row.type or '–'} scenarios={','.join(row.scenarios) or '–'} ({src})"
        )
        lines.append(
            f"{rank:>3}  {row.expected_shift:>6.3f}  {row.project_id:<16}  {row.award_month:<7}  {labels}"
        )
        lines.append(f"{'':>29}  {_cut(row.title, 60)} · {row.buyer or '–'} · {yuan(row.award_amount_yuan)}")
        lines.append(f"{'':>29}  doubt: {'; '.join(row.reasons) or 'measured error only'}")
        if row.evidence:
            lines.append(f"{'':>29}  evidence: {_evidence(row)}")
        for url in row.notice_urls[:3]:
            lines.append(f"{'':>29}  {url}")
        if len(row.notice_urls) > 3:
            lines.append(f"{'':>29}  … {len(row.notice_urls) - 3} more notices")
    return "\n".join(lines) + "\n"

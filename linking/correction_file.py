"""A reviewed file back in: the `tenders review` export (csv, xlsx or json) with its decision columns
filled in, read into correction requests, one per row that decides something (docs/corrections.md).

A row whose decision columns are all blank is skipped (the analyst kept the labels). A row that cannot
be read becomes an error naming its row number and project, never a silent skip.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlmodel import Session

from linking.corrections import (
    CorrectionError,
    CorrectionRequest,
    add_correction,
    lock_projects,
    parse_industry,
    parse_scenarios,
    parse_type,
    parse_yes_no,
)
from storage.models import LabelCorrection

DECISION_COLUMNS = (
    "decision_in_scope",
    "decision_llm",
    "decision_industry",
    "decision_type",
    "decision_scenarios",
    "decision_note",
    "decision_by",
)
LABEL_COLUMNS = DECISION_COLUMNS[:5]


class FileError(ValueError):
    """A file that cannot be read at all; the message names it."""


@dataclass(frozen=True)
class FileRow:
    where: str  # "row 7" (csv/xlsx: the spreadsheet's row number) or "item 3" (json)
    values: dict[str, Any]


@dataclass(frozen=True)
class ParsedRow:
    where: str
    project_id: str
    request: CorrectionRequest | None  # None: no decision on this row
    error: str | None = None


def read_rows(path: Path) -> list[FileRow]:
    """The rows of a reviewed csv, xlsx or json file, each with where it is in the file."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            return _csv_rows(path.read_bytes().decode("utf-8-sig"))
        if suffix == ".xlsx":
            return _xlsx_rows(path)
        if suffix == ".json":
            return _json_rows(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise FileError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise FileError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    except (ValueError, KeyError) as exc:
        raise FileError(f"{path}: {exc}") from exc
    raise FileError(f"{path}: unknown file kind {suffix or '(none)'}; use .csv, .xlsx or .json")


def _csv_rows(text: str) -> list[FileRow]:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "project_id" not in reader.fieldnames:
        raise ValueError("no project_id column in the header")
    # Row 1 is the header, so the first data row is row 2, as a spreadsheet numbers it.
    return [FileRow(f"row {reader.line_num}", dict(row)) for row in reader]


def _xlsx_rows(path: Path) -> list[FileRow]:
    from openpyxl import load_workbook  # lazy: only a reviewed xlsx needs it (CLI start-up time)

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile/KeyError/InvalidFileException on a bad file
        raise ValueError(f"not an xlsx workbook ({type(exc).__name__})") from exc
    sheet = book.active
    if sheet is None:
        raise ValueError("the workbook has no sheet")
    rows = list(sheet.iter_rows(values_only=True))
    if not rows or "project_id" not in [str(c) for c in rows[0] if c is not None]:
        raise ValueError("no project_id column in the first row")
    header = [str(c) if c is not None else "" for c in rows[0]]
    out = []
    for number, row in enumerate(rows[1:], start=2):
        values = {h: ("" if v is None else str(v)) for h, v in zip(header, row, strict=False) if h}
        if any(v.strip() for v in values.values()):
            out.append(FileRow(f"row {number}", values))
    return out


def _json_rows(text: str) -> list[FileRow]:
    data = json.loads(text)
    items = data.get("rows") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise ValueError("expected a list of rows (or an object with a rows list)")
    out = []
    for number, item in enumerate(items, start=1):
        values = item if isinstance(item, dict) else {"__bad__": item}
        out.append(FileRow(f"item {number}", {k: _json_cell(v) for k, v in values.items()}))
    return out


def _json_cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ",".join(str(v) for v in value) if value else "none"
    return "" if value is None else value


def _text(values: dict[str, Any], key: str) -> str:
    value = values.get(key)
    text = "" if value is None else str(value).strip()
    # The review export protects cells against formula injection with a leading quote (reports/tabular.py).
    return text[1:] if text.startswith("'") else text


def parse_row(row: FileRow, *, default_analyst: str, source: str) -> ParsedRow:
    """One file row as a correction request, no request (no decision), or an error naming the row."""
    if "__bad__" in row.values:
        return ParsedRow(row.where, "", None, f"{row.where}: not an object")
    project_id = _text(row.values, "project_id")
    if not any(_text(row.values, c) for c in LABEL_COLUMNS):
        return ParsedRow(row.where, project_id, None)
    where = f"{row.where} (project {project_id or '?'})"
    if not project_id:
        return ParsedRow(row.where, project_id, None, f"{where}: no project_id")
    try:
        request = CorrectionRequest(
            project_id=project_id,
            note=_text(row.values, "decision_note"),
            analyst=_text(row.values, "decision_by") or default_analyst,
            in_scope=parse_yes_no(_text(row.values, "decision_in_scope"), "decision_in_scope"),
            llm=parse_yes_no(_text(row.values, "decision_llm"), "decision_llm"),
            industry=parse_industry(_text(row.values, "decision_industry")),
            type=parse_type(_text(row.values, "decision_type")),
            scenarios=parse_scenarios(_text(row.values, "decision_scenarios")),
            source=source,
        )
    except CorrectionError as exc:
        return ParsedRow(row.where, project_id, None, f"{where}: {exc}")
    if not request.note:
        return ParsedRow(row.where, project_id, None, f"{where}: decision_note is empty (say why)")
    return ParsedRow(row.where, project_id, request)


@dataclass
class FileOutcome:
    applied: list[tuple[str, LabelCorrection]]
    errors: list[str]
    undecided: int


def apply_rows(rows: list[ParsedRow], *, session: Session) -> FileOutcome:
    """Make the corrections of the good rows in the session (the caller commits or rolls back); every
    bad row is one error line. A row that fails writes nothing: add_correction checks before it writes."""
    # Errors in file order, whether found reading the row or applying it.
    found = [(i, r.error) for i, r in enumerate(rows) if r.error]
    requests = [(i, r) for i, r in enumerate(rows) if r.request is not None and r.error is None]
    # Every project of the file locked at once, in id order, so two files applied together cannot deadlock.
    lock_projects([r.project_id for _, r in requests], session=session)
    applied = []
    for i, row in requests:
        assert row.request is not None
        try:
            applied.append((row.where, add_correction(row.request, session=session)))
        except CorrectionError as exc:
            found.append((i, f"{row.where}: {exc}"))
    errors = [str(message) for _, message in sorted(found)]
    undecided = sum(1 for r in rows if r.request is None and r.error is None)
    return FileOutcome(applied, errors, undecided)

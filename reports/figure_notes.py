"""What the report says beside each headline figure: its 95 % range and how many of its projects rest
on analyst labels; and, for the method section, the corrections in force (docs/corrections.md).

Kept apart from report.py and the renderers so that they only call `figure_notes` once and lay out
`headline_lines` / `method_lines`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from linking.corrections import corrections_by_project
from reports.uncertainty import ErrorModel, Range, figure_ranges, fmt_count, fmt_share, shipped_error_model
from storage.models import LabelCorrection

if TYPE_CHECKING:  # report.py imports this module; the type is only needed for annotations
    from reports.report import Report

FIELD_LABELS = {"llm": "llm", "industry": "industry", "type": "type", "scenarios": "scenarios"}


@dataclass
class CorrectionLine:
    id: int
    projects_now: list[str]
    project_then: str
    changes: str
    analyst: str
    created_at: str
    note: str


@dataclass
class FigureNotes:
    ranges: dict[str, Any] | None  # Ranges.to_json(), NaN as None
    analyst: dict[str, int]  # figure key → projects behind it resting on analyst labels
    corrections: list[CorrectionLine] = field(default_factory=list)
    measured_on: dict[str, int] = field(default_factory=dict)
    model_version: str | None = None


def describe_changes(correction: LabelCorrection) -> str:
    """`llm yes → no, type model → compute` from a correction's stored fields."""

    def show(value: Any) -> str:
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, list):
            return ",".join(value) or "none"
        return "–" if value is None else str(value)

    parts = []
    for key in ("llm", "industry", "type", "scenarios"):
        if key in correction.changes:
            before = correction.previous.get(key)
            after = show(correction.changes[key])
            # A correction may confirm the model's label: it is then the analyst's, whatever a later model says.
            parts.append(
                f"{key} {after} (confirmed)" if show(before) == after else f"{key} {show(before)} → {after}"
            )
    return ", ".join(parts)


def figure_notes(report: Report, *, session: Session, error: ErrorModel | None = None) -> FigureNotes:
    """Ranges and analyst counts of a built report's headline figures, and the corrections in force."""
    by_project = corrections_by_project(session=session)
    corrected = set(by_project)

    def on_analyst(ids: list[str]) -> int:
        return sum(1 for i in ids if i in corrected)

    analyst: dict[str, int] = {"total": on_analyst([i for m in report.monthly for i in m.project_ids])}
    analyst.update({f"month:{m.month}": on_analyst(m.project_ids) for m in report.monthly})
    analyst.update({f"type:{s.key}": on_analyst(s.project_ids) for s in report.type_totals})
    analyst.update({f"pen:{p.type}": on_analyst(p.llm_ids) for p in report.penetration})
    analyst.update({f"scn:{s.key}": on_analyst(s.project_ids) for s in report.scenarios})
    period = report.period
    error = error or shipped_error_model()
    ranges = figure_ranges(
        period.since, period.month, period.months(), corrected, session=session, error=error
    )
    seen: dict[int, LabelCorrection] = {}
    now: dict[int, set[str]] = {}
    for project_id, found in by_project.items():
        for c in found:
            assert c.id is not None
            seen[c.id] = c
            now.setdefault(c.id, set()).add(project_id)
    lines = [
        CorrectionLine(
            id=cid,
            projects_now=sorted(now[cid]),
            project_then=c.project_id,
            changes=describe_changes(c),
            analyst=c.analyst,
            created_at=f"{c.created_at:%Y-%m-%d %H:%M}",
            note=c.note,
        )
        for cid, c in sorted(seen.items())
    ]
    return FigureNotes(
        ranges=_json_safe(ranges.to_json()),
        analyst=analyst,
        corrections=lines,
        measured_on=dict(error.measured_on),
        model_version=error.model_version,
    )


def _json_safe(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_safe(v) for v in value]
    return value


def _range(notes: FigureNotes, group: str, key: str | None = None) -> Range | None:
    if notes.ranges is None:
        return None
    value = notes.ranges.get(group)
    if key is not None:
        value = (value or {}).get(key)
    if not value or value[0] is None:
        return None
    return Range(float(value[0]), float(value[1]))


def _analyst(notes: FigureNotes, key: str) -> str:
    n = notes.analyst.get(key, 0)
    return f"; {n} on analyst labels" if n else "; none on analyst labels"


def headline_items(report: Report) -> list[str]:
    """The headline figures with their ranges and analyst-label counts, one plain-text line each."""
    notes: FigureNotes | None = getattr(report, "notes", None)
    if notes is None:
        return []
    out = [
        f"In-scope projects, whole period: {fmt_count(report.in_scope_total, _range(notes, 'total'))}"
        f"{_analyst(notes, 'total')}"
    ]
    for m in report.monthly:
        r = _range(notes, "monthly", m.month)
        out.append(f"{m.month}: {fmt_count(m.projects, r)}{_analyst(notes, f'month:{m.month}')}")
    for s in report.type_totals:
        r = _range(notes, "type_shares", s.key)
        out.append(f"Type share {s.key}: {fmt_share(s.share, r)}{_analyst(notes, f'type:{s.key}')}")
    for p in report.penetration:
        r = _range(notes, "penetration", p.type)
        out.append(f"渗透率 {p.type}: {fmt_share(p.share, r)}{_analyst(notes, f'pen:{p.type}')}")
    for s in report.scenarios:
        r = _range(notes, "scenario_shares", s.key)
        out.append(f"Scenario share {s.key}: {fmt_share(s.share, r)}{_analyst(notes, f'scn:{s.key}')}")
    return out


RANGES_HEADING = "95 % ranges of the headline figures"


def headline_lines(report: Report) -> list[str]:
    """The headline figures with their ranges (Markdown)."""
    items = headline_items(report)
    return [f"## {RANGES_HEADING}", "", *(f"- {i}" for i in items), ""] if items else []


def headline_html(report: Report, html_escape: Any) -> str:
    items = headline_items(report)
    if not items:
        return ""
    return f"<h2>{RANGES_HEADING}</h2><ul>" + "".join(f"<li>{html_escape(i)}</li>" for i in items) + "</ul>"


RANGE_METHOD = (
    "Each range is the central 95 % of 2,000 seeded draws of every awarded project's true labels. "
    "A draw first takes the classifier's error rates from their Beta/Dirichlet posteriors given the "
    "errors counted on labelled notices it was not trained on (in-scope by decision and score band; llm; "
    "type confusion; each scenario's wrong and missed tags), then each project's labels from its own "
    "scores and notice votes through those rates. Projects corrected by an analyst are taken as they "
    "were corrected and carry no model uncertainty. A range need not be centred on the figure: when "
    "notices of that kind were measured to be missed more often than wrongly included, the range lies "
    "above it."
)


def method_blocks(report: Report) -> list[tuple[str, list[str]]]:
    """The method section's part on ranges and corrections: (heading, plain-text items)."""
    notes: FigureNotes | None = getattr(report, "notes", None)
    if notes is None:
        return []
    ranges = [RANGE_METHOD]
    if notes.measured_on:
        sets = ", ".join(f"{name} {n}" for name, n in notes.measured_on.items())
        ranges.append(f"Error measured on: {sets} notices (model {notes.model_version or '–'}).")
    if not notes.corrections:
        corrections = ["None: every label is the classifier's."]
    else:
        corrections = [
            f"{len(notes.corrections)} corrections in force; a corrected project's labels are the analyst's "
            "(docs/corrections.md)."
        ]
        for c in notes.corrections:
            moved = "" if c.projects_now == [c.project_then] else f" (now {', '.join(c.projects_now)})"
            corrections.append(
                f"#{c.id} {c.project_then}{moved}: {c.changes} — {c.analyst}, {c.created_at} UTC: {c.note}"
            )
    return [("Ranges", ranges), ("Analyst corrections in force", corrections)]


def method_lines(report: Report, md_escape: Any = str) -> list[str]:
    """The method section's part on ranges and corrections (Markdown)."""
    out: list[str] = []
    for heading, items in method_blocks(report):
        out += [f"### {heading}", "", *(f"- {md_escape(i)}" for i in items), ""]
    return out


def method_html(report: Report, html_escape: Any) -> str:
    return "".join(
        f"<h3>{html_escape(heading)}</h3><ul>"
        + "".join(f"<li>{html_escape(i)}</li>" for i in items)
        + "</ul>"
        for heading, items in method_blocks(report)
    )

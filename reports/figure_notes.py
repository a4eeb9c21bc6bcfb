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
from reports.labels import Labels
from reports.stored_ranges import stored_figure_ranges
from reports.uncertainty import ErrorModel, Range, shipped_error_model
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
    # Stored once per period and state of the data (reports/stored_ranges.py): seconds over a large history.
    ranges = stored_figure_ranges(
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


# What the reader sees, Chinese by default and English with --lang en (as reports/labels.py).
_TEXT: dict[str, tuple[str, str]] = {
    "heading": ("关键数字的 95% 区间", "95 % ranges of the headline figures"),
    "total": ("报告期医疗大模型中标项目", "In-scope projects, whole period"),
    "type_share": ("类型占比", "Type share"),
    "penetration": ("渗透率", "渗透率"),
    "scenario_share": ("场景占比", "Scenario share"),
    "analyst": ("；其中 {n} 个依据分析师标注", "; {n} on analyst labels"),
    "no_analyst": ("；无分析师标注", "; none on analyst labels"),
    "ranges": ("区间", "Ranges"),
    "measured_on": (
        "误差测自：{sets} 条公告（模型 {model}）。",
        "Error measured on: {sets} notices (model {model}).",
    ),
    "corrections": ("生效的分析师更正", "Analyst corrections in force"),
    "none": ("无：所有标签均来自分类器。", "None: every label is the classifier's."),
    "count": (
        "共 {n} 条更正生效；被更正项目的标签以分析师为准（docs/corrections.md）。",
        "{n} corrections in force; a corrected project's labels are the analyst's (docs/corrections.md).",
    ),
    "now": ("（现属 {ids}）", " (now {ids})"),
    "range_count": ("{value}（95% 区间 {low}–{high}）", "{value} (95 % range {low}–{high})"),
    "range_share": ("{value}（95% 区间 {low}–{high}%）", "{value} (95 % range {low}–{high}%)"),
}

RANGE_METHOD = {
    "zh": (
        "每个区间是 2,000 次带固定种子的抽样中、各中标项目真实标签所得数字的中间 95%。每次抽样先按分类器在"
        "未参与训练的标注公告上测得的错误次数，从 Beta/Dirichlet 后验中抽取错误率（范围判断按判定与得分区段；"
        "llm；类型混淆；各场景的误标与漏标），再按各项目自身的得分与公告投票抽取其标签。经分析师更正的项目按更正"
        "后的标签计入，不带模型不确定性。区间不必以数字为中心：若此类公告测得的漏判多于误判，区间会高于该数字。"
    ),
    "en": (
        "Each range is the central 95 % of 2,000 seeded draws of every awarded project's true labels. "
        "A draw first takes the classifier's error rates from their Beta/Dirichlet posteriors given the "
        "errors counted on labelled notices it was not trained on (in-scope by decision and score band; llm; "
        "type confusion; each scenario's wrong and missed tags), then each project's labels from its own "
        "scores and notice votes through those rates. Projects corrected by an analyst are taken as they "
        "were corrected and carry no model uncertainty. A range need not be centred on the figure: when "
        "notices of that kind were measured to be missed more often than wrongly included, the range lies "
        "above it."
    ),
}


def _t(lang: str, key: str, **values: Any) -> str:
    return _TEXT[key][0 if lang == "zh" else 1].format(**values)


def fmt_count(value: int, r: Range | None, lang: str = "en") -> str:
    """ "197 (95 % range 188–205)", or in Chinese "197（95% 区间 188–205）"."""
    if r is None or not math.isfinite(r.low):
        return str(value)
    return _t(lang, "range_count", value=value, low=round(r.low), high=round(r.high))


def fmt_share(value: float | None, r: Range | None, lang: str = "en") -> str:
    text = "–" if value is None else f"{value * 100:.1f}%"
    if r is None or not math.isfinite(r.low):
        return text
    return _t(lang, "range_share", value=text, low=f"{r.low * 100:.1f}", high=f"{r.high * 100:.1f}")


def _analyst(notes: FigureNotes, key: str, lang: str) -> str:
    n = notes.analyst.get(key, 0)
    return _t(lang, "analyst", n=n) if n else _t(lang, "no_analyst")


def headline_items(report: Report, t: Labels) -> list[str]:
    """The headline figures with their ranges and analyst-label counts, one plain-text line each."""
    notes: FigureNotes | None = getattr(report, "notes", None)
    if notes is None:
        return []
    lang = t.lang
    out = [
        f"{_t(lang, 'total')}: {fmt_count(report.in_scope_total, _range(notes, 'total'), lang)}"
        f"{_analyst(notes, 'total', lang)}"
    ]
    for m in report.monthly:
        r = _range(notes, "monthly", m.month)
        out.append(f"{m.month}: {fmt_count(m.projects, r, lang)}{_analyst(notes, f'month:{m.month}', lang)}")
    for s in report.type_totals:
        r = _range(notes, "type_shares", s.key)
        out.append(
            f"{_t(lang, 'type_share')} {t.type(s.key)}: {fmt_share(s.share, r, lang)}"
            f"{_analyst(notes, f'type:{s.key}', lang)}"
        )
    for p in report.penetration:
        r = _range(notes, "penetration", p.type)
        out.append(
            f"{_t(lang, 'penetration')} {t.type(p.type)}: {fmt_share(p.share, r, lang)}"
            f"{_analyst(notes, f'pen:{p.type}', lang)}"
        )
    for s in report.scenarios:
        r = _range(notes, "scenario_shares", s.key)
        out.append(
            f"{_t(lang, 'scenario_share')} {t.scenario(s.key)}: {fmt_share(s.share, r, lang)}"
            f"{_analyst(notes, f'scn:{s.key}', lang)}"
        )
    return out


def headline_lines(report: Report, t: Labels, md_escape: Any = str) -> list[str]:
    """The headline figures with their ranges (Markdown)."""
    items = headline_items(report, t)
    return [f"## {_t(t.lang, 'heading')}", "", *(f"- {md_escape(i)}" for i in items), ""] if items else []


def headline_html(report: Report, t: Labels, html_escape: Any) -> str:
    items = headline_items(report, t)
    if not items:
        return ""
    return (
        f"<h2>{html_escape(_t(t.lang, 'heading'))}</h2><ul>"
        + "".join(f"<li>{html_escape(i)}</li>" for i in items)
        + "</ul>"
    )


def method_blocks(report: Report, t: Labels) -> list[tuple[str, list[str]]]:
    """The method section's part on ranges and corrections: (heading, plain-text items)."""
    notes: FigureNotes | None = getattr(report, "notes", None)
    if notes is None:
        return []
    lang = t.lang
    ranges = [RANGE_METHOD[lang]]
    if notes.measured_on:
        sets = ", ".join(f"{name} {n}" for name, n in notes.measured_on.items())
        ranges.append(_t(lang, "measured_on", sets=sets, model=notes.model_version or "–"))
    corrections = (
        [_t(lang, "none")] if not notes.corrections else [_t(lang, "count", n=len(notes.corrections))]
    )
    for c in notes.corrections:
        moved = "" if c.projects_now == [c.project_then] else _t(lang, "now", ids=", ".join(c.projects_now))
        corrections.append(
            f"#{c.id} {c.project_then}{moved}: {c.changes} — {c.analyst}, {c.created_at} UTC: {c.note}"
        )
    return [(_t(lang, "ranges"), ranges), (_t(lang, "corrections"), corrections)]


def method_lines(report: Report, t: Labels, md_escape: Any = str) -> list[str]:
    """The method section's part on ranges and corrections (Markdown)."""
    out: list[str] = []
    for heading, items in method_blocks(report, t):
        out += [f"### {heading}", "", *(f"- {md_escape(i)}" for i in items), ""]
    return out


def method_html(report: Report, t: Labels, html_escape: Any) -> str:
    return "".join(
        f"<h3>{html_escape(heading)}</h3><ul>"
        + "".join(f"<li>{html_escape(i)}</li>" for i in items)
        + "</ul>"
        for heading, items in method_blocks(report, t)
    )

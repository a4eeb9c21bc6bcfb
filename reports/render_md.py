"""The report as Markdown. Text from notices is HTML-escaped and pipes escaped, so a title holding
`<script>` or `|` can neither execute in a Markdown viewer nor break a table."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

from reports.figure_notes import headline_lines, method_lines
from reports.report import (
    APPENDIX_COLUMNS,
    COUNTING_RULES,
    KIND_LABELS,
    PENETRATION_READINGS,
    SCENARIO_LABELS,
    TYPE_LABELS,
    Report,
    classifier_quality,
    pct,
    yuan,
)


def esc(value: object) -> str:
    """Notice text made inert for Markdown: HTML escaped, pipes and newlines neutralised, and the
    characters of Markdown's own syntax backslash-escaped, so `[x](javascript:…)` or `![](http://…)`
    in a title stays text instead of becoming a link or a remote image in a viewer."""
    text = html.escape("" if value is None else str(value), quote=True)
    text = _MD_SYNTAX.sub(r"\\\g<0>", text)
    return text.replace("\n", " ").replace("\r", " ")


# One pass, so an added backslash is never escaped again: the backslash itself, brackets (every
# link and image starts with one), code, emphasis, strike-through and table cells.
_MD_SYNTAX = re.compile(r"[\\\[\]`*_|~]")


def table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return [*lines, ""]


def render_md(report: Report) -> str:
    p = report.period
    out: list[str] = [f"# 医疗大模型中标项目报告 {p.since} – {p.month}", ""]
    out += [
        f"- Awarded medical large-model projects (in scope): **{report.in_scope_total}**",
        f"- Awarded large-model projects, all industries: **{report.llm_total}**"
        f" (medical share {pct(report.medical_share)})",
        f"- Disclosed award amounts: {yuan(report.amounts.total_yuan)} over {report.amounts.disclosed} projects;"
        f" median {yuan(report.amounts.median_yuan)}; {report.amounts.undisclosed} projects undisclosed",
        "",
    ]
    out += headline_lines(report)  # ranges and analyst labels (reports/figure_notes.py)
    out += ["## Projects per month", ""]
    out += table(
        ["month", "projects", "cumulative"], ((m.month, m.projects, m.cumulative) for m in report.monthly)
    )

    out += ["## Type shares per month", ""]
    types = [t for t in TYPE_LABELS if any(r.type == t for r in report.types_by_month)]
    cells = {(r.month, r.type): r for r in report.types_by_month}
    out += table(
        ["month", *[f"{TYPE_LABELS[t]} ({t})" for t in types]],
        (
            [
                m.month,
                *[
                    f"{cells[(m.month, t)].projects} ({pct(cells[(m.month, t)].share)})"
                    if (m.month, t) in cells
                    else "0"
                    for t in types
                ],
            ]
            for m in report.monthly
        ),
    )
    out += table(
        ["type", "projects", "share of period"],
        (
            (f"{TYPE_LABELS.get(s.key, s.key)} ({s.key})", s.projects, pct(s.share))
            for s in report.type_totals
        ),
    )

    out += ["## 渗透率: medical penetration per type (SPEC §9)", ""]
    out += table(
        ["type", "medical (in scope)", "large-model, all industries", "penetration"],
        ((f"{TYPE_LABELS[r.type]} ({r.type})", r.in_scope, r.llm, pct(r.share)) for r in report.penetration),
    )
    out += ["## Scenario shares (SPEC §6)", ""]
    out += table(
        ["scenario", "projects", "share of in-scope projects"],
        (
            (f"{SCENARIO_LABELS.get(s.key, s.key)} ({s.key})", s.projects, pct(s.share))
            for s in report.scenarios
        ),
    )
    out += ["## Large-model awards by industry", ""]
    out += table(
        ["industry", "projects", "share"], ((s.key, s.projects, pct(s.share)) for s in report.industries)
    )

    out += ["## Provinces", ""]
    out += table(
        ["province", "projects", "disclosed amount"],
        ((esc(r.name), r.projects, yuan(r.amount_yuan)) for r in report.provinces),
    )
    out += ["## Top buyers", ""]
    out += table(
        ["buyer", "projects", "disclosed amount"],
        ((esc(r.name), r.projects, yuan(r.amount_yuan)) for r in report.buyers),
    )
    out += ["## Brand league", ""]
    out += table(
        ["brand", "projects", "amount of projects won"],
        ((esc(r.name), r.projects, yuan(r.amount_yuan)) for r in report.brands),
    )
    out += ["## Winners by kind", ""]
    out += table(
        ["kind", "projects", "share"],
        ((KIND_LABELS.get(s.key, s.key), s.projects, pct(s.share)) for s in report.winner_kinds),
    )
    out += ["## Supplier league", ""]
    out += table(
        ["supplier", "brand", "kind", "projects", "amount of projects won"],
        (
            (
                esc(r.name),
                esc(r.brand),
                KIND_LABELS.get(r.kind or "other", r.kind),
                r.projects,
                yuan(r.amount_yuan),
            )
            for r in report.suppliers
        ),
    )
    out += ["## Largest projects", ""]
    out += table(
        ["project", "month", "buyer", "title", "amount"],
        ((r.id, r.award_month, esc(r.buyer), esc(r.title), yuan(r.amount_yuan)) for r in report.largest),
    )
    out += method_md(report)
    out += ["## Appendix: awarded large-model projects of the period", ""]
    out += project_table_md(report)
    return "\n".join(out).rstrip() + "\n"


def project_table_md(report: Report) -> list[str]:
    return table(
        list(APPENDIX_COLUMNS),
        (
            (
                r.id,
                r.award_month,
                "yes" if r.in_scope else "no",
                esc(r.industry),
                esc(r.type),
                esc(", ".join(r.scenarios)),
                esc(r.buyer),
                esc(r.region),
                yuan(r.amount_yuan),
                esc("; ".join(r.suppliers)),
                esc(r.title),
            )
            for r in report.projects
        ),
    )


def method_md(report: Report) -> list[str]:
    out = ["## Method", "", "### Sources and coverage", ""]
    out += table(
        [
            "source",
            "crawl runs",
            "failed/incomplete",
            "expected",
            "fetched",
            "notices stored",
            "parse errors",
            "window",
        ],
        (
            (
                c.source,
                c.runs,
                c.failed_runs,
                "–" if c.expected is None else c.expected,
                c.fetched,
                c.notices,
                c.parse_errors,
                f"{c.first_window or '–'} … {c.last_window or '–'}",
            )
            for c in report.coverage
        ),
    )
    out += ["### Counting rules", ""] + [f"- {rule}" for rule in COUNTING_RULES] + [""]
    out += ["### Two readings of 渗透率", ""] + [f"- {r}" for r in PENETRATION_READINGS] + [""]
    out += ["### Classifier", ""]
    versions = ", ".join(report.model_versions) or "none (no project classified)"
    out += [f"- Model version used for the projects: {esc(versions)}"]
    quality = classifier_quality(report.classifier)
    if quality:
        out += ["- Measured quality (cross-validated, from classifier/models/metadata.json):"]
        out += [f"  - {esc(name)}: {value}" for name, value in quality]
    else:
        out += ["- No classifier metadata found (classifier/models/metadata.json)."]
    out += ["", *method_lines(report, esc)]  # ranges and corrections in force (reports/figure_notes.py)
    return [*out, ""]

"""The report as ONE self-contained HTML file: inline CSS and inline SVG charts drawn here, no script,
no external resource. Every piece of text that comes from a notice goes through `esc`, and links to
notices are emitted only for http(s) URLs, so hostile titles, supplier names or `javascript:` URLs
stay inert text."""

from __future__ import annotations

import html
from collections.abc import Sequence
from urllib.parse import urlsplit

from domain.vocabulary import PROJECT_TYPES
from reports.aggregates import ProjectRow, Ranked, Share
from reports.figure_notes import headline_html, method_html
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

COLOURS = {"compute": "#4e79a7", "model": "#f28e2b", "integrated": "#59a14f"}
BAR = "#4e79a7"

CSS = """
body{font-family:-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;margin:2rem auto;max-width:1100px;color:#222;padding:0 1rem}
h1{font-size:1.6rem}h2{margin-top:2.2rem;border-bottom:1px solid #ddd;padding-bottom:.3rem}
.cards{display:flex;flex-wrap:wrap;gap:1rem}.card{border:1px solid #ddd;border-radius:6px;padding:.8rem 1.2rem;min-width:10rem}
.card b{display:block;font-size:1.7rem}.card span{color:#666;font-size:.85rem}
table{border-collapse:collapse;margin:.6rem 0;font-size:.9rem}th,td{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f4f4f4}td.n{text-align:right}details{font-size:.8rem;color:#555}svg{max-width:100%;height:auto}
.legend span{display:inline-block;margin-right:1rem}.legend i{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem}
small{color:#666}
"""


def esc(value: object) -> str:
    """Text from notices (or anywhere) made inert in HTML, quotes included for attributes."""
    return html.escape("" if value is None else str(value), quote=True)


def safe_href(url: str) -> str | None:
    """The URL for an href only when it is plain http(s); anything else (javascript:, data:) is not linked."""
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def _trace(ids: Sequence[str]) -> str:
    if not ids:
        return ""
    links = " ".join(f'<a href="#{esc(i)}">{esc(i)}</a>' for i in ids)
    return f"<details><summary>{len(ids)} projects</summary>{links}</details>"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int] = ()) -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in header)
    body = "".join(
        "<tr>"
        + "".join(f'<td class="n">{c}</td>' if i in numeric else f"<td>{c}</td>" for i, c in enumerate(row))
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


# --- charts (inline SVG) ------------------------------------------------------------------------------


def hbar_chart(
    items: Sequence[tuple[str, float, str]], *, maximum: float | None = None, colour: str = BAR
) -> str:
    """Horizontal bars: (label, value, text shown after the bar)."""
    if not items:
        return "<p><small>no data</small></p>"
    top = maximum if maximum else max((v for _, v, _ in items), default=0) or 1
    row, label_w, bar_w = 26, 190, 380
    height = row * len(items) + 10
    parts = [f'<svg viewBox="0 0 680 {height}" width="680" height="{height}" role="img">']
    for i, (label, value, text) in enumerate(items):
        y = 5 + i * row
        width = max(0.0, value / top * bar_w)
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 16}" text-anchor="end" font-size="12">{esc(label)}</text>'
        )
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{width:.1f}" height="18" fill="{colour}"/>')
        parts.append(f'<text x="{label_w + width + 6:.1f}" y="{y + 16}" font-size="12">{esc(text)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def stacked_month_bars(report: Report) -> str:
    """Awarded in-scope projects per month, stacked by type."""
    months = [m.month for m in report.monthly]
    counts = {(r.month, r.type): r.projects for r in report.types_by_month}
    totals = [m.projects for m in report.monthly]
    top = max(totals, default=0) or 1
    width, height, left, bottom = 680, 240, 40, 30
    plot_h = height - bottom - 10
    step = (width - left - 10) / max(len(months), 1)
    bar = step * 0.7
    parts = [f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img">']
    parts.append(
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 5}" y2="{height - bottom}" stroke="#999"/>'
    )
    for i, month in enumerate(months):
        x = left + i * step + (step - bar) / 2
        y: float = height - bottom
        for project_type in PROJECT_TYPES:
            n = counts.get((month, project_type), 0)
            if n:
                h = n / top * plot_h
                y -= h
                parts.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{COLOURS[project_type]}">'
                    f"<title>{esc(month)} {esc(TYPE_LABELS[project_type])}: {n}</title></rect>"
                )
        parts.append(
            f'<text x="{x + bar / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle" font-size="11">{totals[i]}</text>'
        )
        parts.append(
            f'<text x="{x + bar / 2:.1f}" y="{height - 12}" text-anchor="middle" font-size="11">{esc(month[2:])}</text>'
        )
    parts.append("</svg>")
    return "".join(parts) + _legend()


def share_lines(report: Report) -> str:
    """Each type's share of the month's awarded in-scope projects, as lines (0–100 %)."""
    months = [m.month for m in report.monthly]
    shares = {(r.month, r.type): r.share for r in report.types_by_month}
    width, height, left, bottom = 680, 220, 40, 30
    plot_h = height - bottom - 10
    step = (width - left - 20) / max(len(months) - 1, 1)
    parts = [f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img">']
    for pct_mark in (0, 50, 100):
        y = height - bottom - pct_mark / 100 * plot_h
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}" stroke="#eee"/>')
        parts.append(
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" font-size="10">{pct_mark}%</text>'
        )
    for i, month in enumerate(months):
        parts.append(
            f'<text x="{left + i * step:.1f}" y="{height - 12}" text-anchor="middle" font-size="11">{esc(month[2:])}</text>'
        )
    for project_type in PROJECT_TYPES:
        points = [
            f"{left + i * step:.1f},{height - bottom - (shares[(m, project_type)] or 0) * plot_h:.1f}"
            for i, m in enumerate(months)
            if shares.get((m, project_type)) is not None
        ]
        if points:
            parts.append(
                f'<polyline points="{" ".join(points)}" fill="none" stroke="{COLOURS[project_type]}" stroke-width="2"/>'
            )
            for point in points:
                cx, cy = point.split(",")
                parts.append(f'<circle cx="{cx}" cy="{cy}" r="3" fill="{COLOURS[project_type]}"/>')
    parts.append("</svg>")
    return "".join(parts) + _legend()


def _legend() -> str:
    return (
        '<div class="legend">'
        + "".join(
            f'<span><i style="background:{COLOURS[t]}"></i>{esc(TYPE_LABELS[t])} ({t})</span>'
            for t in PROJECT_TYPES
        )
        + "</div>"
    )


# --- page ---------------------------------------------------------------------------------------------


def render_html(report: Report) -> str:
    p = report.period
    a = report.amounts
    sections: list[str] = []
    cards = [
        (str(report.in_scope_total), "awarded medical large-model projects"),
        (str(report.llm_total), "awarded large-model projects, all industries"),
        (pct(report.medical_share), "medical share of large-model awards"),
        (yuan(a.total_yuan), f"disclosed amounts ({a.disclosed} projects)"),
        (yuan(a.median_yuan), "median disclosed amount"),
        (str(a.undisclosed), "projects with undisclosed amount"),
    ]
    sections.append(
        '<div class="cards">'
        + "".join(f"<div class=card><b>{esc(v)}</b><span>{esc(label)}</span></div>" for v, label in cards)
        + "</div>"
    )

    sections.append(headline_html(report, esc))  # ranges and analyst labels (reports/figure_notes.py)
    sections.append("<h2>Projects per month, by type</h2>" + stacked_month_bars(report))
    sections.append(
        _table(
            [
                "month",
                "projects",
                "cumulative",
                *[TYPE_LABELS[t] for t in PROJECT_TYPES],
                "projects behind it",
            ],
            [
                [
                    esc(m.month),
                    str(m.projects),
                    str(m.cumulative),
                    *[_type_cell(report, m.month, t) for t in PROJECT_TYPES],
                    _trace(m.project_ids),
                ]
                for m in report.monthly
            ],
            numeric=(1, 2),
        )
    )
    sections.append("<h2>Type shares per month</h2>" + share_lines(report))

    sections.append(
        "<h2>渗透率: medical penetration per type</h2><p><small>"
        + esc(PENETRATION_READINGS[0])
        + "</small></p>"
    )
    sections.append(
        hbar_chart(
            [
                (f"{TYPE_LABELS[r.type]} ({r.type})", r.share or 0, f"{pct(r.share)} ({r.in_scope}/{r.llm})")
                for r in report.penetration
            ],
            maximum=1,
        )
    )
    sections.append(
        _table(
            [
                "type",
                "medical",
                "large-model, all industries",
                "penetration",
                "medical projects",
                "all large-model projects",
            ],
            [
                [
                    esc(TYPE_LABELS[r.type]),
                    str(r.in_scope),
                    str(r.llm),
                    pct(r.share),
                    _trace(r.in_scope_ids),
                    _trace(r.llm_ids),
                ]
                for r in report.penetration
            ],
            numeric=(1, 2, 3),
        )
    )
    sections.append("<h2>Scenario shares</h2><p><small>" + esc(PENETRATION_READINGS[1]) + "</small></p>")
    sections.append(
        hbar_chart(
            [
                (
                    f"{SCENARIO_LABELS.get(s.key, s.key)} ({s.key})",
                    s.share or 0,
                    f"{pct(s.share)} ({s.projects})",
                )
                for s in report.scenarios
            ],
            maximum=1,
            colour="#76b7b2",
        )
    )
    sections.append(_share_table("scenario", report.scenarios, SCENARIO_LABELS))
    sections.append(
        "<h2>Large-model awards by industry</h2>" + _share_table("industry", report.industries, {})
    )

    sections.append("<h2>Provinces</h2>")
    sections.append(hbar_chart([(r.name, r.projects, str(r.projects)) for r in report.provinces[:15]]))
    sections.append(_ranked_table("province", report.provinces))
    sections.append("<h2>Top buyers</h2>" + _ranked_table("buyer", report.buyers))
    sections.append("<h2>Brand league</h2>")
    sections.append(
        hbar_chart([(r.name, r.projects, str(r.projects)) for r in report.brands], colour="#e15759")
    )
    sections.append(_ranked_table("brand", report.brands))
    sections.append("<h2>Winners by kind</h2>" + _share_table("kind", report.winner_kinds, KIND_LABELS))
    sections.append(
        "<h2>Supplier league</h2>"
        + _table(
            ["supplier", "brand", "kind", "projects", "amount of projects won", "projects behind it"],
            [
                [
                    esc(r.name),
                    esc(r.brand),
                    esc(KIND_LABELS.get(r.kind or "other", r.kind)),
                    str(r.projects),
                    esc(yuan(r.amount_yuan)),
                    _trace(r.project_ids),
                ]
                for r in report.suppliers
            ],
            numeric=(3,),
        )
    )
    sections.append(
        "<h2>Largest projects</h2>"
        + _table(
            ["project", "month", "buyer", "title", "amount"],
            [
                [
                    f'<a href="#{esc(r.id)}">{esc(r.id)}</a>',
                    esc(r.award_month),
                    esc(r.buyer),
                    esc(r.title),
                    esc(yuan(r.amount_yuan)),
                ]
                for r in report.largest
            ],
        )
    )
    sections.append(_method(report))
    sections.append(
        "<h2>Appendix: awarded large-model projects of the period</h2>" + _appendix(report.projects)
    )
    title = f"医疗大模型中标项目报告 {p.since} – {p.month}"
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{CSS}</style></head><body>"
        f"<h1>{esc(title)}</h1>" + "\n".join(sections) + "</body></html>\n"
    )


def _type_cell(report: Report, month: str, project_type: str) -> str:
    row = next((r for r in report.types_by_month if r.month == month and r.type == project_type), None)
    if row is None or not row.projects:
        return "0"
    return f"{row.projects} ({pct(row.share)})"


def _share_table(name: str, shares: Sequence[Share], labels: dict[str, str]) -> str:
    return _table(
        [name, "projects", "share", "projects behind it"],
        [
            [
                esc(f"{labels.get(s.key, s.key)} ({s.key})" if labels else s.key),
                str(s.projects),
                pct(s.share),
                _trace(s.project_ids),
            ]
            for s in shares
        ],
        numeric=(1, 2),
    )


def _ranked_table(name: str, rows: Sequence[Ranked]) -> str:
    return _table(
        [name, "projects", "disclosed amount", "projects behind it"],
        [[esc(r.name), str(r.projects), esc(yuan(r.amount_yuan)), _trace(r.project_ids)] for r in rows],
        numeric=(1,),
    )


def _method(report: Report) -> str:
    parts = ["<h2>Method</h2><h3>Sources crawled and coverage</h3>"]
    parts.append(
        _table(
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
            [
                [
                    esc(c.source),
                    str(c.runs),
                    str(c.failed_runs),
                    "–" if c.expected is None else str(c.expected),
                    str(c.fetched),
                    str(c.notices),
                    str(c.parse_errors),
                    esc(f"{c.first_window or '–'} … {c.last_window or '–'}"),
                ]
                for c in report.coverage
            ],
            numeric=(1, 2, 3, 4, 5, 6),
        )
    )
    parts.append(
        "<h3>Counting rules</h3><ul>" + "".join(f"<li>{esc(r)}</li>" for r in COUNTING_RULES) + "</ul>"
    )
    parts.append(
        "<h3>Two readings of 渗透率</h3><ul>"
        + "".join(f"<li>{esc(r)}</li>" for r in PENETRATION_READINGS)
        + "</ul>"
    )
    versions = ", ".join(report.model_versions) or "none (no project classified)"
    parts.append(
        f"<h3>Classifier</h3><p>Model version used for the projects: <code>{esc(versions)}</code></p>"
    )
    quality = classifier_quality(report.classifier)
    if quality:
        parts.append("<p>Measured quality (cross-validated, from classifier/models/metadata.json):</p>")
        parts.append(_table(["metric", "value"], [[esc(k), esc(v)] for k, v in quality], numeric=(1,)))
    else:
        parts.append("<p>No classifier metadata found (classifier/models/metadata.json).</p>")
    parts.append(method_html(report, esc))  # ranges and corrections in force (reports/figure_notes.py)
    return "".join(parts)


def _notice_links(row: ProjectRow) -> str:
    items = []
    for n in row.notices:
        label = f"{n.source} {n.notice_type} {n.publish_date or ''}".strip()
        href = safe_href(n.url)
        link = (
            f'<a href="{esc(href)}" rel="noopener noreferrer">{esc(label)}</a>'
            if href
            else f"{esc(label)} {esc(n.url)}"
        )
        items.append(f'<span title="{esc(n.title)}">{link}</span>')
    return "<br>".join(items)


def _appendix(rows: Sequence[ProjectRow]) -> str:
    return _table(
        [*APPENDIX_COLUMNS, "notices"],
        [
            [
                f'<span id="{esc(r.id)}">{esc(r.id)}</span>',
                esc(r.award_month),
                "yes" if r.in_scope else "no",
                esc(r.industry),
                esc(r.type),
                esc(", ".join(r.scenarios)),
                esc(r.buyer),
                esc(r.region),
                esc(yuan(r.amount_yuan)),
                esc("; ".join(r.suppliers)),
                esc(r.title),
                _notice_links(r),
            ]
            for r in rows
        ],
    )

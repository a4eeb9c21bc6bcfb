"""The report as ONE self-contained HTML file: inline CSS and inline SVG charts drawn here, no script,
no external resource. Every piece of text that comes from a notice goes through `esc`, and links to
notices are emitted only for http(s) URLs, so hostile titles, supplier names or `javascript:` URLs
stay inert text."""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

from domain.vocabulary import PROJECT_TYPES
from reports.aggregates import ProjectRow
from reports.figure_notes import headline_html, method_html
from reports.findings import findings
from reports.labels import Labels
from reports.report import METHOD_NOTE, PENETRATION_READINGS, Report, pct, signed_pct, wan, yuan
from reports.tables import (
    Amount,
    Cell,
    Link,
    Links,
    Share,
    Table,
    appendix_model,
    body_tables,
    coverage,
    filters_text,
    headlines,
    project_table,
)
from reports.urls import safe_href

COLOURS = {"compute": "#4e79a7", "model": "#f28e2b", "integrated": "#59a14f"}
BAR = "#4e79a7"

# Fonts: macOS, Windows, then the Linux CJK fonts (Noto Sans CJK SC from fonts-noto-cjk, WenQuanYi),
# so Chinese renders on a Linux desktop or server where only those exist.
FONTS = (
    '-apple-system,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Noto Sans SC",'
    '"Source Han Sans SC","WenQuanYi Micro Hei","WenQuanYi Zen Hei","Droid Sans Fallback",sans-serif'
)
CSS = """
*{box-sizing:border-box}
body{font-family:FONTS;margin:1.5rem auto;max-width:1100px;color:#222;padding:0 1rem;line-height:1.5;overflow-wrap:anywhere}
h1{font-size:1.5rem}h2{margin-top:2rem;border-bottom:1px solid #ddd;padding-bottom:.3rem;font-size:1.2rem}
.cards{display:flex;flex-wrap:wrap;gap:.8rem}.card{border:1px solid #ddd;border-radius:6px;padding:.6rem 1rem;flex:1 1 10rem;min-width:0}
.card b{display:block;font-size:1.4rem}.card span{color:#555;font-size:.85rem}.card small{display:block;color:#777}
.scroll{overflow-x:auto;max-width:100%;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;margin:.6rem 0;font-size:.88rem}th,td{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f4f4f4;white-space:nowrap}td.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
td{overflow-wrap:normal;word-break:normal}td.long{min-width:14rem}td.s{white-space:nowrap}
details{font-size:.8rem;color:#555}svg{max-width:100%;height:auto;display:block}
.legend span{display:inline-block;margin-right:1rem}.legend i{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem}
.note{color:#555;font-size:.9rem}ol.findings li{margin:.3rem 0}
""".replace("FONTS", FONTS)
AXIS = "#888"
GRID = "#e6e6e6"


def esc(value: object) -> str:
    """Text from notices (or anywhere) made inert in HTML, quotes included for attributes."""
    return html.escape("" if value is None else str(value), quote=True)


def _trace(ids: Sequence[str], t: Labels) -> str:
    if not ids:
        return ""
    links = " ".join(f'<a href="#{esc(i)}">{esc(i)}</a>' for i in ids)
    summary = f"{len(ids)} 个项目" if t.zh else f"{len(ids)} projects"
    return f"<details><summary>{summary}</summary>{links}</details>"


def _link(link: Link) -> str:
    href = safe_href(link.url)
    if href is None:
        return f"{esc(link.text)} {esc(link.url)}"
    return f'<a href="{esc(href)}" rel="noopener noreferrer">{esc(link.text)}</a>'


def cell_html(cell: Cell, t: Labels) -> tuple[str, bool]:
    """(html, numeric) for a typed cell."""
    if isinstance(cell, Amount):
        return ("–" if cell.yuan is None else f"{wan(cell.yuan):,}"), True
    if isinstance(cell, Share):
        return (signed_pct(cell.value) if cell.signed else pct(cell.value)), True
    if isinstance(cell, Link):
        return _link(cell), False
    if isinstance(cell, Links):
        return "<br>".join(_link(link) for link in cell.links), False
    if isinstance(cell, int) and not isinstance(cell, bool):
        return str(cell), True
    if cell is None:
        return "–", True
    return esc(cell), False


def table_html(tab: Table, t: Labels, *, anchors: bool = False, trace: bool = True) -> str:
    """A table inside a horizontally scrolling box, so a wide table scrolls on a phone instead of the page."""
    show_trace = trace and any(tab.traces)
    head = "".join(f"<th>{esc(h)}</th>" for h in tab.columns) + (
        f"<th>{esc(t('behind'))}</th>" if show_trace else ""
    )
    body = []
    for index, row in enumerate(tab.rows):
        cells = []
        for position, cell in enumerate(row):
            text, numeric = cell_html(cell, t)
            if anchors and position == 0:
                text = f'<span id="{esc(cell)}">{text}</span>'
            long = isinstance(cell, str) and len(cell) > 24
            short = isinstance(cell, str) and len(cell) <= 10
            cls = ' class="n"' if numeric else ' class="long"' if long else ' class="s"' if short else ""
            cells.append(f"<td{cls}>{text}</td>")
        if show_trace:
            cells.append(f"<td>{_trace(tab.traces[index] if index < len(tab.traces) else [], t)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    note = f'<p class="note">{esc(tab.note)}</p>' if tab.note else ""
    return (
        f'{note}<div class="scroll"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


# --- charts (inline SVG, drawn here: axes, gridlines, labels inside the drawing area) ----------------


def nice_ticks(top: float, count: int = 4) -> list[float]:
    """Round tick values from 0 to at least `top` (1, 2, 2.5 or 5 × a power of ten per step)."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    ticks = [0.0]
    while ticks[-1] < top - 1e-9:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _fmt_tick(value: float, unit: str) -> str:
    if unit == "%":
        return f"{value * 100:g}%"
    return f"{value:,.0f}" if value >= 10 or value == int(value) else f"{value:g}"


def _short(label: str, limit: int = 12) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def hbar_chart(
    items: Sequence[tuple[str, float, str]],
    *,
    unit: str = "",
    colour: str = BAR,
    maximum: float | None = None,
) -> str:
    """Horizontal bars with an x-axis: (label, value, text after the bar). Long labels are shortened
    (the full one is the bar's tooltip) so they never run off the drawing."""
    if not items:
        return "<p><small>–</small></p>"
    top = maximum or max(v for _, v, _ in items) or 1
    ticks = nice_ticks(top)
    row, label_w, text_w, width = 26, 170, 120, 680
    bar_w = width - label_w - text_w
    axis_y = 8 + row * len(items)
    height = axis_y + 26
    scale = bar_w / ticks[-1]
    parts = [
        f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" font-size="12">'
    ]
    for tick in ticks:
        x = label_w + tick * scale
        parts.append(f'<line x1="{x:.1f}" y1="4" x2="{x:.1f}" y2="{axis_y}" stroke="{GRID}"/>')
        parts.append(
            f'<text x="{x:.1f}" y="{axis_y + 16}" text-anchor="middle" font-size="10" fill="#555">'
            f"{esc(_fmt_tick(tick, unit))}</text>"
        )
    parts.append(f'<line x1="{label_w}" y1="4" x2="{label_w}" y2="{axis_y}" stroke="{AXIS}"/>')
    parts.append(f'<line x1="{label_w}" y1="{axis_y}" x2="{label_w + bar_w}" y2="{axis_y}" stroke="{AXIS}"/>')
    for i, (label, value, text) in enumerate(items):
        y = 8 + i * row
        w = max(0.0, value * scale)
        parts.append(f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{esc(_short(label))}</text>')
        parts.append(
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="17" fill="{colour}">'
            f"<title>{esc(label)}: {esc(text)}</title></rect>"
        )
        parts.append(f'<text x="{label_w + w + 5:.1f}" y="{y + 15}">{esc(text)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _y_axis(
    parts: list[str], ticks: list[float], *, left: int, right: int, base: float, plot_h: float, unit: str
) -> None:
    for tick in ticks:
        y = base - tick / ticks[-1] * plot_h
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="{GRID}"/>')
        parts.append(
            f'<text x="{left - 5}" y="{y + 4:.1f}" text-anchor="end" font-size="10" fill="#555">'
            f"{esc(_fmt_tick(tick, unit))}</text>"
        )
    parts.append(f'<line x1="{left}" y1="{base - plot_h:.1f}" x2="{left}" y2="{base}" stroke="{AXIS}"/>')
    parts.append(f'<line x1="{left}" y1="{base}" x2="{right}" y2="{base}" stroke="{AXIS}"/>')


def month_bars(report: Report, t: Labels, *, amounts: bool = False) -> str:
    """Per month: in-scope projects stacked by type, or disclosed amounts in 万元; y-axis with ticks."""
    months = [m.month for m in report.monthly]
    counts = {(r.month, r.type): r.projects for r in report.types_by_month}
    values = [float(wan(m.amount_yuan) or 0) if amounts else m.projects for m in report.monthly]
    ticks = nice_ticks(max(values, default=0) or 1)
    width, height, left, right, top_pad, bottom = 680, 250, 56, 670, 22, 28
    base, plot_h = height - bottom, height - bottom - top_pad
    step = (right - left) / max(len(months), 1)
    bar = step * 0.65
    parts = [
        f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" font-size="11">'
    ]
    _y_axis(parts, ticks, left=left, right=right, base=base, plot_h=plot_h, unit="")
    for i, month in enumerate(months):
        x = left + i * step + (step - bar) / 2
        y = float(base)
        if amounts:
            h = values[i] / ticks[-1] * plot_h
            y -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{BAR}">'
                f"<title>{esc(month)}: {esc(yuan(report.monthly[i].amount_yuan, t.lang))}</title></rect>"
            )
            label = f"{values[i]:,.0f}"
        else:
            for project_type in PROJECT_TYPES:
                n = counts.get((month, project_type), 0)
                if n:
                    h = n / ticks[-1] * plot_h
                    y -= h
                    parts.append(
                        f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{COLOURS[project_type]}">'
                        f"<title>{esc(month)} {esc(t.type(project_type))}: {n}</title></rect>"
                    )
            label = str(int(values[i]))
        parts.append(
            f'<text x="{x + bar / 2:.1f}" y="{max(y - 4, 12):.1f}" text-anchor="middle">{label}</text>'
        )
        parts.append(
            f'<text x="{x + bar / 2:.1f}" y="{height - 9}" text-anchor="middle">{esc(month[2:])}</text>'
        )
    parts.append("</svg>")
    return "".join(parts) + ("" if amounts else _legend(t))


def share_lines(report: Report, t: Labels) -> str:
    """Each type's share of the month's awarded in-scope projects, as lines on a 0–100 % axis."""
    months = [m.month for m in report.monthly]
    shares = {(r.month, r.type): r.share for r in report.types_by_month}
    width, height, left, right, top_pad, bottom = 680, 230, 56, 660, 12, 28
    base, plot_h = height - bottom, height - bottom - top_pad
    step = (right - left - 10) / max(len(months) - 1, 1)
    parts = [
        f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" font-size="11">'
    ]
    _y_axis(parts, [0.0, 0.25, 0.5, 0.75, 1.0], left=left, right=right, base=base, plot_h=plot_h, unit="%")
    for i, month in enumerate(months):
        parts.append(
            f'<text x="{left + 5 + i * step:.1f}" y="{height - 9}" text-anchor="middle">{esc(month[2:])}</text>'
        )
    for project_type in PROJECT_TYPES:
        points = [
            f"{left + 5 + i * step:.1f},{base - (shares[(m, project_type)] or 0) * plot_h:.1f}"
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
    return "".join(parts) + _legend(t)


def _legend(t: Labels) -> str:
    return (
        '<div class="legend">'
        + "".join(
            f'<span><i style="background:{COLOURS[k]}"></i>{esc(t.type(k))}</span>' for k in PROJECT_TYPES
        )
        + "</div>"
    )


# --- page ---------------------------------------------------------------------------------------------


def page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{CSS}</style></head><body>"
        f"<h1>{esc(title)}</h1>{body}</body></html>\n"
    )


def _cards(report: Report, t: Labels) -> str:
    cards = []
    for h in headlines(report, t):
        value, _ = cell_html(h.value, t)
        if isinstance(h.value, Amount) and h.value.yuan is not None:
            value += f" {esc(t('wan'))}"
        extra = f"<small>{esc(h.comparison)}</small>" if h.comparison else ""
        cards.append(f'<div class="card"><b>{value}</b><span>{esc(h.label)}</span>{extra}</div>')
    return '<div class="cards">' + "".join(cards) + "</div>"


CHARTS = {
    "monthly": lambda r, t: month_bars(r, t) + month_bars(r, t, amounts=True),
    "types_monthly": share_lines,
    "penetration": lambda r, t: hbar_chart(
        [(t.type(p.type), p.share or 0, f"{pct(p.share)} ({p.in_scope}/{p.llm})") for p in r.penetration],
        unit="%",
        maximum=max([p.share or 0 for p in r.penetration] + [0.05]),
    ),
    "scenarios": lambda r, t: hbar_chart(
        [(t.scenario(s.key), s.share or 0, f"{pct(s.share)} ({s.projects})") for s in r.scenarios],
        unit="%",
        colour="#76b7b2",
    ),
    "vendor_league": lambda r, t: hbar_chart(
        [
            (t.brand(b.name), float(wan(b.amount_yuan) or 0), f"{wan(b.amount_yuan) or 0:,} {t('wan')}")
            for b in r.brands[:15]
        ],
        colour="#e15759",
    ),
    "provinces": lambda r, t: hbar_chart([(p.name, p.projects, str(p.projects)) for p in r.provinces[:15]]),
}


def render_html(report: Report, lang: str = "zh") -> str:
    t = Labels(lang)
    p = report.period
    sections: list[str] = []
    filters = filters_text(report, t)
    if filters:
        sections.append(f'<p class="note">{esc(filters)}</p>')
    sections.append(
        f'<h2>{esc(t("findings"))}</h2><ol class="findings">'
        + "".join(f"<li>{esc(line)}</li>" for line in findings(report, t))
        + "</ol>"
    )
    sections.append(_cards(report, t))
    sections.append(headline_html(report, t, esc))  # ranges and analyst labels (reports/figure_notes.py)
    for tab in body_tables(report, t):
        chart = CHARTS.get(tab.key)
        sections.append(
            f'<h2 id="{tab.key}">{esc(tab.title)}</h2>'
            + (chart(report, t) if chart else "")
            + table_html(tab, t)
        )
    sections.append(
        f"<h2>{esc(t('method'))}</h2><ul>"
        + "".join(f"<li>{esc(x)}</li>" for x in METHOD_NOTE[t.lang] + PENETRATION_READINGS[t.lang])
        + "</ul>"
    )
    sections.append(method_html(report, t, esc))  # ranges and corrections in force (reports/figure_notes.py)
    cov = coverage(report, t)
    sections.append(f"<h3>{esc(cov.title)}</h3>" + table_html(cov, t))
    model = appendix_model(report, t)
    sections.append(f"<h2>{esc(model.title)}</h2>" + table_html(model, t))
    appendix = project_table(report.projects, t)
    sections.append(f"<h2>{esc(appendix.title)}</h2>" + table_html(appendix, t, anchors=True, trace=False))
    return page(f"{t('title')} {p.since} – {p.month}", "\n".join(sections))


def render_projects_html(report: Report, rows: Sequence[ProjectRow], lang: str = "zh") -> str:
    t = Labels(lang)
    tab = project_table(rows, t, key="projects")
    title = f"{t('projects_title')} {report.period.since} – {report.period.month}"
    filters = filters_text(report, t)
    note = f'<p class="note">{esc(filters)}</p>' if filters else ""
    return page(title, note + table_html(tab, t, anchors=True, trace=False))

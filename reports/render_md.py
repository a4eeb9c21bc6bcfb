"""The report as Markdown. Text from notices is HTML-escaped and pipes escaped, so a title holding
`<script>` or `|` can neither execute in a Markdown viewer nor break a table."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

from reports.aggregates import ProjectRow
from reports.figure_notes import headline_lines, method_lines
from reports.findings import findings
from reports.labels import Labels
from reports.report import METHOD_NOTE, PENETRATION_READINGS, Report, pct, signed_pct, wan
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


def cell_md(cell: Cell, t: Labels) -> str:
    """A typed cell as Markdown: amounts in 万元, shares in %, notice links as links (http(s) only)."""
    if isinstance(cell, Amount):
        return "–" if cell.yuan is None else f"{wan(cell.yuan):,}"
    if isinstance(cell, Share):
        return signed_pct(cell.value) if cell.signed else pct(cell.value)
    if isinstance(cell, Link):
        return _link(cell)
    if isinstance(cell, Links):
        return "<br>".join(_link(link) for link in cell.links)
    if cell is None:
        return "–"
    return esc(cell)


def _link(link: Link) -> str:
    href = safe_href(link.url)
    if href is None:
        return f"{esc(link.text)} {esc(link.url)}"
    # The URL goes inside <…>, so brackets or spaces in it cannot end the link early; `>` is escaped.
    return f"[{esc(link.text)}](<{href.replace('>', '%3E').replace(' ', '%20')}>)"


def table_md(tab: Table, t: Labels) -> list[str]:
    out = [f"## {tab.title}", ""]
    if tab.note:
        out += [f"> {esc(tab.note)}", ""]
    return out + table([esc(c) for c in tab.columns], ([cell_md(c, t) for c in row] for row in tab.rows))


def render_md(report: Report, lang: str = "zh") -> str:
    t = Labels(lang)
    p = report.period
    out: list[str] = [f"# {t('title')} {p.since} – {p.month}", ""]
    filters = filters_text(report, t)
    if filters:
        out += [f"_{esc(filters)}_", ""]
    out += [f"## {t('findings')}", ""]
    out += [f"{i}. {esc(line)}" for i, line in enumerate(findings(report, t), start=1)] + [""]
    out += [f"## {t('headline')}", ""]
    for h in headlines(report, t):
        value = cell_md(h.value, t) + (f" {t('wan')}" if isinstance(h.value, Amount) and h.value.yuan else "")
        out.append(f"- {esc(h.label)}: **{value}**" + (f" ({h.comparison})" if h.comparison else ""))
    out.append("")
    out += headline_lines(report, t, esc)  # ranges and analyst labels (reports/figure_notes.py)
    for tab in body_tables(report, t):
        out += table_md(tab, t)
    out += method_md(report, t)
    out += table_md(appendix_model(report, t), t)
    out += table_md(project_table(report.projects, t), t)
    return "\n".join(out).rstrip() + "\n"


def project_table_md(rows: Sequence[ProjectRow], t: Labels) -> list[str]:
    tab = project_table(rows, t, key="projects")
    return table([esc(c) for c in tab.columns], ([cell_md(c, t) for c in row] for row in tab.rows))


def method_md(report: Report, t: Labels) -> list[str]:
    out = [f"## {t('method')}", ""]
    out += [f"- {esc(line)}" for line in METHOD_NOTE[t.lang]]
    out += [f"- {esc(line)}" for line in PENETRATION_READINGS[t.lang]]
    out.append("")
    out += method_lines(report, t, esc)  # ranges and corrections in force (reports/figure_notes.py)
    out += table_md(coverage(report, t), t)
    return out

"""核心洞察: five or six numbered sentences computed from a report's figures, for the top of every format.

Each sentence carries its figure and, where there is a base, its change; nothing here is written by
hand except the sentence frames (docs/reports.md "Key findings").
"""

from __future__ import annotations

from reports.aggregates import OTHER_BRAND
from reports.labels import Labels
from reports.report import Report, change, pct, signed_pct, yuan


def _period(report: Report) -> str:
    p = report.period
    return p.month if p.since == p.month else f"{p.since} – {p.month}"


def _coverage_caveat(report: Report, zh: bool) -> str:
    """A warning when the comparison period starts before the first stored notice (a partial base)."""
    first = report.data_since
    if not first or report.previous.since >= first[:7]:
        return ""
    if zh:
        return f"注意：数据始于 {first}，上期仅部分覆盖，环比偏高。"
    return f" Note: the data start on {first}, so the previous period is only partly covered."


def findings(report: Report, labels: Labels) -> list[str]:
    """The key findings of the report in the labels' language; one sentence when the period is empty."""
    zh, lang = labels.zh, labels.lang
    n, amounts = report.in_scope_total, report.amounts
    if n == 0:
        return [
            f"{_period(report)} 没有医疗大模型项目中标。"
            if zh
            else f"No medical large-model awards in {_period(report)}."
        ]
    out: list[str] = []
    mom, yoy = change(n, report.previous.projects), change(n, report.year_ago.projects)
    amount_mom = change(amounts.total_yuan, report.previous.amount_yuan)
    prev = f"{report.previous.since} – {report.previous.month}"
    caveat = _coverage_caveat(report, zh)
    if zh:
        out.append(
            f"{_period(report)} 共有 {n} 个医疗大模型项目中标，披露中标金额 {yuan(amounts.total_yuan)}"
            f"（{amounts.disclosed} 个项目披露金额）；项目数环比 {signed_pct(mom)}（上期 {prev}：{report.previous.projects} 个），"
            f"同比 {signed_pct(yoy)}（去年同期 {report.year_ago.projects} 个）；金额环比 {signed_pct(amount_mom)}。"
            + caveat
        )
    else:
        out.append(
            f"{n} medical large-model projects were awarded in {_period(report)}, with "
            f"{yuan(amounts.total_yuan, lang)} disclosed ({amounts.disclosed} projects); projects "
            f"{signed_pct(mom)} on the previous period ({prev}: {report.previous.projects}) and "
            f"{signed_pct(yoy)} on a year earlier ({report.year_ago.projects}); amounts {signed_pct(amount_mom)}."
            + caveat
        )
    if len(report.monthly) > 1:
        last, before = report.monthly[-1], report.monthly[-2]
        m_mom, m_yoy = change(last.projects, before.projects), change(last.projects, last.year_ago)
        out.append(
            f"最近一个月 {last.month} 中标 {last.projects} 个，环比 {signed_pct(m_mom)}（{before.month}：{before.projects} 个），"
            f"同比 {signed_pct(m_yoy)}（去年同月 {last.year_ago or 0} 个）。"
            if zh
            else f"In the latest month, {last.month}, {last.projects} projects were awarded: {signed_pct(m_mom)} "
            f"on {before.month} ({before.projects}) and {signed_pct(m_yoy)} on a year earlier ({last.year_ago or 0})."
        )
    types = sorted((t for t in report.type_totals if t.projects), key=lambda t: (-t.projects, t.key))
    scenarios = sorted((s for s in report.scenarios if s.projects), key=lambda s: (-s.projects, s.key))
    if types:
        top = types[0]
        sentence = (
            f"类型上以{labels.type(top.key)}居首（{top.projects} 个，占 {pct(top.share)}）"
            if zh
            else f"{labels.type(top.key).capitalize()} projects lead the types ({top.projects}, {pct(top.share)})"
        )
        if scenarios:
            s = scenarios[0]
            sentence += (
                f"；场景上{labels.scenario(s.key)}最多（{s.projects} 个项目，占 {pct(s.share)}）"
                if zh
                else f"; {labels.scenario(s.key)} is the most frequent scenario ({s.projects} projects, {pct(s.share)})"
            )
        if report.medical_share is not None:
            sentence += (
                f"；医疗占全部行业大模型中标项目的 {pct(report.medical_share)}。"
                if zh
                else f"; medical is {pct(report.medical_share)} of all large-model awards."
            )
        out.append(sentence if sentence.endswith(("。", ".")) else sentence + ("。" if zh else "."))
    largest = report.largest[:3]
    if largest:
        parts = [
            f"{r.buyer or '—'}（{'、'.join(r.suppliers[:2]) or '—'}，{yuan(r.amount_yuan)}）"
            if zh
            else f"{r.buyer or '—'} ({', '.join(r.suppliers[:2]) or '—'}, {yuan(r.amount_yuan, lang)})"
            for r in largest
        ]
        out.append(
            "金额最大的项目：" + "；".join(parts) + "。"
            if zh
            else "Largest awards: " + "; ".join(parts) + "."
        )
    mapped = [b for b in report.brands if b.name != OTHER_BRAND][:3]
    if mapped:
        total = amounts.total_yuan
        parts = [
            f"{b.name}（{b.projects} 个，{yuan(b.amount_yuan, lang)}"
            + (f"，占金额 {pct(float(b.amount_yuan / total))}" if zh and total and b.amount_yuan else "")
            + (
                f", {pct(float(b.amount_yuan / total))} of value"
                if not zh and total and b.amount_yuan
                else ""
            )
            + ("）" if zh else ")")
            for b in mapped
        ]
        unmapped = report.other_value_share
        out.append(
            "按中标金额领先的厂商："
            + "、".join(parts)
            + f"；未映射到品牌的中标方涉及金额占 {pct(unmapped)}。"
            if zh
            else "Leading vendors by award value: "
            + ", ".join(parts)
            + f"; winners without a brand account for {pct(unmapped)} of the value."
        )
    if report.provinces:
        top_p = report.provinces[:3]
        names = ("、" if zh else ", ").join(
            f"{r.name}（{r.projects}）" if zh else f"{r.name} ({r.projects})" for r in top_p
        )
        out.append(
            f"项目分布于 {len(report.provinces)} 个省级地区，最多的是 {names}。"
            if zh
            else f"Projects come from {len(report.provinces)} provinces; most from {names}."
        )
    return out

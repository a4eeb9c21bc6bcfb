"""What a reader sees for each key: Chinese by default, English with `--lang en` (docs/reports.md).

Machines keep the keys (csv/json columns, vocabulary keys); people read these labels. Kinds of
winner are labelled by the vendor mapping file itself (linking/data/brands.json), so a kind added
there is labelled there.
"""

from __future__ import annotations

from linking.suppliers import kind_label

LANGS = ("zh", "en")

_TEXT: dict[str, tuple[str, str]] = {
    # title and sections
    "title": ("医疗大模型中标项目报告", "Medical large-model awards report"),
    "projects_title": ("中标大模型项目清单", "Awarded large-model projects"),
    "filters": ("筛选条件", "Filters"),
    "findings": ("核心洞察", "Key findings"),
    "headline": ("关键数字", "Headline figures"),
    "monthly": ("月度中标项目与金额", "Projects and amounts per month"),
    "types_monthly": ("项目类型月度分布", "Project types per month"),
    "type_shares": ("项目类型占比", "Type shares"),
    "penetration": ("渗透率：各类型医疗占比", "渗透率: medical penetration per type"),
    "scenarios": ("应用场景占比", "Scenario shares"),
    "industries": ("大模型中标项目的行业分布", "Large-model awards by industry"),
    "provinces": ("省份分布", "Provinces"),
    "buyers": ("主要采购单位", "Top buyers"),
    "vendor_league": ("厂商排行（按品牌）", "Vendor league (by brand)"),
    "winner_kinds": ("中标方类型", "Winners by kind"),
    "suppliers": ("中标供应商排行", "Supplier league"),
    "largest": ("代表性项目（金额最大）", "Largest projects"),
    "method": ("方法说明", "Method"),
    "coverage": ("数据来源与覆盖", "Sources and coverage"),
    "appendix_model": ("附录一：分类模型指标", "Appendix A: classifier metrics"),
    "appendix_projects": ("附录二：本期中标大模型项目", "Appendix B: awarded large-model projects"),
    "chart": ("图表", "Charts"),
    # columns
    "month": ("月份", "month"),
    "projects": ("项目数", "projects"),
    "cumulative": ("累计", "cumulative"),
    "amount": ("披露中标金额", "disclosed amount"),
    "amount_wan": ("披露中标金额（万元）", "disclosed amount (10k yuan)"),
    "mom": ("环比", "vs previous month"),
    "yoy": ("同比", "vs a year earlier"),
    "type": ("类型", "type"),
    "share": ("占比", "share"),
    "value_share": ("金额占比", "share of value"),
    "share_of_period": ("本期占比", "share of period"),
    "medical": ("医疗（在范围内）", "medical (in scope)"),
    "llm_all": ("大模型（全部行业）", "large-model, all industries"),
    "scenario": ("场景", "scenario"),
    "industry": ("行业", "industry"),
    "province": ("省份", "province"),
    "buyer": ("采购单位", "buyer"),
    "brand": ("品牌", "brand"),
    "kind": ("类型", "kind"),
    "supplier": ("供应商", "supplier"),
    "project": ("项目", "project"),
    "title_col": ("项目名称", "title"),
    "region": ("地区", "region"),
    "in_scope": ("医疗大模型", "in scope"),
    "suppliers_col": ("中标供应商", "suppliers"),
    "notices": ("公告", "notices"),
    "behind": ("对应项目", "projects behind it"),
    "metric": ("指标", "metric"),
    "value": ("数值", "value"),
    "source": ("来源", "source"),
    "runs": ("抓取次数", "crawl runs"),
    "failed": ("失败/不完整", "failed/incomplete"),
    "expected": ("门户报告数", "expected"),
    "fetched": ("已抓取", "fetched"),
    "stored": ("已入库公告", "notices stored"),
    "parse_errors": ("解析错误", "parse errors"),
    "window": ("时间窗", "window"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "undisclosed": ("未披露", "undisclosed"),
    "no_data": ("无数据", "no data"),
    "wan": ("万元", "×10k yuan"),
    "count_unit": ("个", ""),
}

TYPE_LABELS = {
    "compute": ("算力类", "compute"),
    "model": ("大模型类", "model"),
    "integrated": ("综合类", "integrated"),
    "unknown": ("未定", "unknown"),
}
SCENARIO_LABELS = {
    "clinical": ("诊疗服务", "clinical care"),
    "management": ("医院管理", "hospital management"),
    "patient": ("患者服务", "patient services"),
    "research": ("科研教学", "research and teaching"),
    "public_health": ("公共卫生与区域", "public health and regional"),
}
INDUSTRY_LABELS = {
    "medical": ("医疗卫生", "medical"),
    "government": ("政务", "government"),
    "education": ("教育科研", "education and research"),
    "finance": ("金融", "finance"),
    "energy": ("能源", "energy"),
    "telecom": ("运营商与通信", "telecom"),
    "transport": ("交通", "transport"),
    "manufacturing": ("制造", "manufacturing"),
    "other": ("其他", "other"),
    "unknown": ("未知", "unknown"),
}
SOURCE_LABELS = {
    "ccgp": ("中国政府采购网", "ccgp"),
    "ggzy": ("全国公共资源交易平台", "ggzy"),
    "zcy": ("政采云", "zcy"),
}
NOTICE_TYPE_LABELS = {
    "intention": ("意向", "intention"),
    "tender": ("招标", "tender"),
    "award": ("中标", "award"),
    "correction": ("更正", "correction"),
    "cancellation": ("终止", "cancellation"),
    "contract": ("合同", "contract"),
    "other": ("其他", "other"),
}


class Labels:
    """Labels in one language; `keyed` adds the stable English key after a Chinese label."""

    def __init__(self, lang: str = "zh") -> None:
        if lang not in LANGS:
            raise ValueError(f"unknown report language {lang!r}; expected one of {', '.join(LANGS)}")
        self.lang = lang
        self._i = LANGS.index(lang)

    @property
    def zh(self) -> bool:
        return self.lang == "zh"

    def __call__(self, key: str) -> str:
        return _TEXT[key][self._i]

    def _pick(self, table: dict[str, tuple[str, str]], key: str | None) -> str:
        key = key or "unknown"
        return table[key][self._i] if key in table else key

    def type(self, key: str | None) -> str:
        return self._pick(TYPE_LABELS, key)

    def scenario(self, key: str | None) -> str:
        return self._pick(SCENARIO_LABELS, key)

    def industry(self, key: str | None) -> str:
        return self._pick(INDUSTRY_LABELS, key)

    def source(self, key: str | None) -> str:
        return self._pick(SOURCE_LABELS, key)

    def notice_type(self, key: str | None) -> str:
        return self._pick(NOTICE_TYPE_LABELS, key)

    def kind(self, key: str | None) -> str:
        return kind_label(key, self.lang)

    def brand(self, name: str) -> str:
        return ("其他（未映射）" if self.zh else "other (unmapped)") if name == "other" else name

    def keyed(self, label: str, key: str | None) -> str:
        """`算力类 (compute)` in Chinese, just the label in English (where it is the key already)."""
        return f"{label} ({key})" if self.zh and key and key != label else label

    def yes_no(self, value: bool) -> str:
        return self("yes") if value else self("no")

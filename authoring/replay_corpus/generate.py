"""Deterministic generator of the 2025 replay corpus (fixtures/replay2025/).

The plan (how many projects of each kind, in which month) is fixed by `Knobs` so that the ground
truth yields the report's figures exactly (docs/domain.md §9); the details (buyers, wording, amounts, which
portals carry a notice, on which day) are drawn from a seeded RNG per project, so one project's
details do not move when another's change. See fixtures/replay2025/README.md for the datasheet.
"""

from __future__ import annotations

import calendar
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from authoring.replay_corpus import text, vocab
from authoring.replay_corpus.place import finalise_urls, place_notices
from replay.model import Corpus, Item, Lot, Notice, Project

# In-scope (llm + medical) awarded projects by month of first award: (compute, model, integrated).
# Jan–Sep sums to 66/65/66 = 197 (docs/domain.md §9); growth after DeepSeek-R1 (late January), balanced by September.
IN_SCOPE_AWARDS: dict[str, tuple[int, int, int]] = {
    "2024-12": (2, 2, 2),
    "2025-01": (5, 2, 1),
    "2025-02": (4, 2, 4),
    "2025-03": (6, 4, 8),
    "2025-04": (7, 6, 9),
    "2025-05": (8, 8, 9),
    "2025-06": (9, 9, 9),
    "2025-07": (9, 10, 9),
    "2025-08": (8, 14, 7),
    "2025-09": (10, 10, 10),
    "2025-10": (4, 4, 4),
    "2025-11": (4, 4, 4),
    "2025-12": (4, 4, 4),
}

# Awarded llm projects of the other industries, Jan–Sep 2025, by type. With the in-scope counts
# this gives medical penetration 66/600 = 11.0 %, 65/644 = 10.1 %, 66/508 = 13.0 % (docs/domain.md §9).
OTHER_LLM_JAN_SEP = {"compute": 534, "model": 579, "integrated": 442}
OTHER_LLM_MONTH_WEIGHTS = {
    "2025-01": 3,
    "2025-02": 5,
    "2025-03": 9,
    "2025-04": 11,
    "2025-05": 12,
    "2025-06": 13,
    "2025-07": 14,
    "2025-08": 15,
    "2025-09": 16,
}
OTHER_LLM_OUTSIDE = {"2024-12": 24, "2025-10": 45, "2025-11": 42, "2025-12": 40}
INDUSTRY_WEIGHTS = {
    "government": 34,
    "education": 20,
    "finance": 8,
    "energy": 8,
    "telecom": 7,
    "transport": 9,
    "manufacturing": 6,
    "other": 8,
}
SCENARIO_WEIGHTS = {"clinical": 35, "management": 25, "patient": 22, "research": 10, "public_health": 8}
TYPES = ("compute", "model", "integrated")
JAN_SEP = tuple(f"2025-{m:02d}" for m in range(1, 10))
FIRST_DAY = date(2024, 12, 1)
LAST_DAY = date(2025, 12, 31)
# Up to ~100,000 projects: the 5-digit project-code numbers stay of one width, so no code contains another.
MAX_SCALE = 30


@dataclass(frozen=True)
class Knobs:
    """The generator's parameters; the defaults build the bundled corpus."""

    seed: int = 2025
    in_scope_cancelled: int = 24  # tender then 废标/终止, no award: not counted
    in_scope_revoked: int = 4  # awarded in Jan–Sep, then the award is revoked (终止): not counted
    in_scope_retender: int = 8  # 废标 first, re-tendered and awarded: counted once
    in_scope_multi_lot: int = 24  # 2–3 lots; amounts add, the project counts once
    in_scope_split_awards: int = 6  # of the multi-lot ones: one award notice per lot, days apart
    in_scope_undisclosed: int = 16  # award printed as a rate or 详见附件
    in_scope_open: int = 12  # tender published, not yet awarded at year end
    in_scope_by_purpose: int = 3  # non-health buyer, explicitly medical purpose
    # Share of the integrated projects worded as an existing application system upgraded with
    # large-model capability (no hardware; docs/domain.md §5: an LLM-based application is integrated).
    upgrade_share: float = 0.15
    other_cancelled: int = 40
    other_revoked: int = 3
    other_open: int = 30
    negatives: int = 1250
    # Copies of the whole market plan (for crawl benchmarks at larger sizes): the first is the default
    # plan, each further one is planned and worded from its own RNG streams under new project keys, so
    # the notices grow about `scale` times with unique ids and URLs. docs/domain.md §9's figures hold at scale 1
    # only (the counts are `scale` times theirs).
    scale: int = 1


@dataclass
class Spec:
    """One planned project: its labels and what happens to it, before any wording is drawn."""

    key: str
    group: str  # in_scope | other_llm | negative
    industry: str
    type: str | None
    outcome: str  # awarded | cancelled | award_revoked | retender | open
    month: str  # month of the first award (awarded/revoked/retender) or of the last notice
    negative_kind: str | None = None
    flags: set[str] = field(default_factory=set)
    upgrade: bool = False  # integrated, worded as an application system upgraded with an LLM

    @property
    def llm(self) -> bool:
        return self.group != "negative"

    @property
    def family(self) -> str | None:
        """The wording family its deliverable is drawn from (`text.FAMILY_TYPE`); None for negatives."""
        return "upgrade" if self.upgrade else self.type


def generate(knobs: Knobs | None = None) -> Corpus:
    """Build the whole corpus; same knobs → byte-identical output."""
    knobs = knobs or Knobs()
    specs = plan(knobs)
    projects: list[Project] = []
    notices: list[Notice] = []
    codes = _CodeBook()
    for spec in specs:
        project, drafts = _build(spec, knobs.seed, codes)
        projects.append(project)
        notices.extend(place_notices(project, drafts, random.Random(f"{knobs.seed}/place/{spec.key}")))
    _assign_portal_ids(notices, knobs.seed)
    notices.sort(key=lambda n: n.nid)
    return Corpus(notices=notices, projects=projects, seed=knobs.seed, scale=knobs.scale)


# ---------------------------------------------------------------- plan


def plan(knobs: Knobs) -> list[Spec]:
    """Every project to generate, with labels, outcome and month; deterministic in the knobs."""
    if not 1 <= knobs.scale <= MAX_SCALE:
        raise ValueError(f"scale must be 1 to {MAX_SCALE}, not {knobs.scale}")
    numbers: Counter[str] = Counter()
    specs: list[Spec] = []
    for replica in range(knobs.scale):
        specs.extend(_plan_replica(knobs, replica, numbers))
    return specs


def _plan_replica(knobs: Knobs, replica: int, numbers: Counter[str]) -> list[Spec]:
    """One copy of the market plan. `numbers` carries the key counters across replicas (unique keys);
    replica 0 draws from the streams the bundled corpus was built with, so it stays byte-identical."""
    streams = f"{knobs.seed}/plan" if replica == 0 else f"{knobs.seed}/plan/x{replica + 1}"
    rng = random.Random(streams)
    specs: list[Spec] = []

    def add(group: str, industry: str, type_: str | None, outcome: str, month: str, **kw: object) -> Spec:
        prefix = {"in_scope": "MED", "other_llm": "LLM", "negative": "NEG"}[group]
        numbers[group] += 1
        spec = Spec(f"{prefix}-{numbers[group]:04d}", group, industry, type_, outcome, month)
        for name, value in kw.items():
            setattr(spec, name, value)
        specs.append(spec)
        return spec

    for month, counts in IN_SCOPE_AWARDS.items():
        for type_, count in zip(TYPES, counts, strict=True):
            for _ in range(count):
                add("in_scope", "medical", type_, "awarded", month)
    counted = [s for s in specs if s.month in JAN_SEP]
    for flag, count in (
        ("multi_lot", knobs.in_scope_multi_lot),
        ("undisclosed", knobs.in_scope_undisclosed),
        ("award_correction", 10),
        ("ggzy_only_award", 10),
        ("by_purpose", knobs.in_scope_by_purpose),
    ):
        for spec in rng.sample(counted, count):
            spec.flags.add(flag)
    multi = sorted((s for s in counted if "multi_lot" in s.flags), key=lambda s: s.key)
    for spec in rng.sample(multi, knobs.in_scope_split_awards):
        spec.flags.add("split_awards")
    for spec in rng.sample([s for s in counted if "split_awards" not in s.flags], knobs.in_scope_retender):
        spec.outcome = "retender"
    december = [s for s in specs if s.month == "2024-12"]
    december[0].flags.add("copy_next_year")  # award 2024-12-31, its ggzy copy 2025-01-02
    december[1].flags.add("correction_next_year")

    for index in range(knobs.in_scope_cancelled):
        add("in_scope", "medical", TYPES[index % 3], "cancelled", JAN_SEP[index % 9])
    for index in range(knobs.in_scope_revoked):
        # The second (MED-0265) is the follow-up case of issue 5: an upgrade whose title names no
        # keyword and whose 终止公告 never names the model, so only a search by project code finds it.
        spec = add(
            "in_scope",
            "medical",
            "integrated" if index == 1 else TYPES[index % 3],
            "award_revoked",
            JAN_SEP[2 + index * 2],
        )
        spec.upgrade = index == 1
    for index in range(knobs.in_scope_open):
        add(
            "in_scope",
            "medical",
            TYPES[index % 3],
            "open",
            ("2025-09", "2025-10", "2025-11", "2025-12")[index % 4],
        )

    industries = list(INDUSTRY_WEIGHTS)
    weights = list(INDUSTRY_WEIGHTS.values())
    for type_, total in OTHER_LLM_JAN_SEP.items():
        for month, count in _apportion(total, OTHER_LLM_MONTH_WEIGHTS).items():
            for _ in range(count):
                add("other_llm", rng.choices(industries, weights)[0], type_, "awarded", month)
    for month, count in OTHER_LLM_OUTSIDE.items():
        for index in range(count):
            add("other_llm", rng.choices(industries, weights)[0], TYPES[index % 3], "awarded", month)
    for outcome, count in (
        ("cancelled", knobs.other_cancelled),
        ("award_revoked", knobs.other_revoked),
        ("open", knobs.other_open),
    ):
        for index in range(count):
            month = JAN_SEP[index % 9] if outcome != "open" else ("2025-10", "2025-11", "2025-12")[index % 3]
            add("other_llm", rng.choices(industries, weights)[0], TYPES[index % 3], outcome, month)
    others = [s for s in specs if s.group == "other_llm" and s.outcome == "awarded" and s.month in JAN_SEP]
    for spec in rng.sample(others, 50):
        spec.flags.add("ggzy_only_award")

    kinds = list(text.NEGATIVE_WEIGHTS)
    kind_weights = list(text.NEGATIVE_WEIGHTS.values())
    months = [f"{y}-{m:02d}" for y, m in [(2024, 12)] + [(2025, m) for m in range(1, 13)]]
    for _ in range(knobs.negatives):
        kind = rng.choices(kinds, kind_weights)[0]
        outcome = rng.choices(("awarded", "open", "tender_award"), (60, 25, 15))[0]
        spec = add("negative", "", None, "awarded" if outcome != "open" else "open", rng.choice(months))
        spec.negative_kind = kind
        if outcome != "awarded":
            spec.flags.add("with_tender")
    _choose_upgrades(specs, knobs, random.Random(f"{streams}/upgrades"))
    return specs


def _choose_upgrades(specs: list[Spec], knobs: Knobs, rng: random.Random) -> None:
    """Word a share of the integrated projects as upgrades of an existing system (labels unchanged).

    Its own RNG, drawn after the plan, so the rest of the plan does not move with the share. Projects
    whose title must carry a keyword (ggzy-only awards) or whose wording is planted keep theirs."""
    for group in ("in_scope", "other_llm"):
        pool = [
            s
            for s in specs
            if s.group == group
            and s.type == "integrated"
            and not s.upgrade
            and not s.flags & {"ggzy_only_award", "by_purpose", "copy_next_year", "correction_next_year"}
        ]
        for spec in rng.sample(pool, round(len(pool) * knobs.upgrade_share)):
            spec.upgrade = True


def _apportion(total: int, weights: dict[str, int]) -> dict[str, int]:
    """Split `total` over the keys in proportion to the weights (largest remainder, ties by key)."""
    weight_sum = sum(weights.values())
    exact = {k: total * w / weight_sum for k, w in weights.items()}
    out = {k: int(v) for k, v in exact.items()}
    rest = total - sum(out.values())
    for key in sorted(exact, key=lambda k: (-(exact[k] - out[k]), k))[:rest]:
        out[key] += 1
    return out


# ---------------------------------------------------------------- one project


class _CodeBook:
    """Project codes in the formats agencies use, unique across the corpus."""

    def __init__(self) -> None:
        self.seq = 0

    def next(self, rng: random.Random, zone: str, goods: bool) -> str:
        self.seq += 1
        n = self.seq
        prefix = vocab.CODE_PREFIX[zone[:2]]
        letter = "G" if goods else "F"
        form = rng.randrange(7)
        if form == 0:
            return f"{prefix}ZC2025-{letter}1-{n:06d}-{rng.choice(('GXYX', 'KWZB', 'ZYZB', 'HXZB', 'JDZB'))}"
        if form == 1:
            return f"{prefix}GP{zone[:2]}0000000202500{n:05d}"
        if form == 2:
            # Past 9,999 (scaled corpora) a wider number gets its own letter: `CG1234` must not be a
            # substring of `CG12345`, since ccgp's project-code search matches substrings.
            number = f"{n:04d}" if n < 10_000 else f"N{n:06d}"
            return f"{rng.choice(('LKZX', 'HYZX', 'ZCZB', 'GXCG', 'JCZB'))}2025-CG{number}"
        if form == 3:
            return f"[2025]{prefix}CG-{n:05d}"
        if form == 4:
            return (
                f"{zone[:2]}0{rng.randrange(100, 999)}25{n:07d}-{prefix}XC-2025-JC{rng.randrange(1, 99):02d}"
            )
        if form == 5:
            return f"ZB2025{n:06d}"
        return f"{prefix}-{rng.choice(('ZFCG', 'CGZX', 'GK'))}-2025-{n:05d}"


@dataclass
class _Place:
    province: vocab.Province
    city: str
    zone: str
    district: str
    address: str


def _where(rng: random.Random, central: bool) -> _Place:
    if central:
        province = vocab.PROVINCE_BY_ZONE["11"]
    else:
        zones = list(vocab.PROVINCE_WEIGHTS)
        province = vocab.PROVINCE_BY_ZONE[rng.choices(zones, list(vocab.PROVINCE_WEIGHTS.values()))[0]]
    zone = province.zone
    if province.listed and rng.random() < 0.3:
        city, zone = rng.choice(province.listed)
    else:
        city = rng.choice(vocab.CITIES[province.zone])
    district = rng.choice(vocab.DISTRICTS)
    address = f"{'' if city.startswith(province.name[:2]) else province.name}{city}{district}{rng.choice(vocab.ROADS)}{rng.randrange(1, 400)}号"
    return _Place(province, city, zone, district, address)


def _fill(pattern: str, place: _Place, rng: random.Random) -> str:
    city = place.city
    return pattern.format(
        p=place.province.short,
        pf=place.province.name,
        c=city,
        d=place.district,
        t=rng.choice(vocab.TOWNS),
    ).replace("北京市北京市", "北京市")


def _medical_buyer(rng: random.Random, place: _Place, scenarios: list[str]) -> str:
    if "public_health" in scenarios:
        kinds = {"cdc", "health_admin", "insurance", "primary"}
    elif "research" in scenarios:
        kinds = {"hospital", "med_university"}
    else:
        kinds = {"hospital", "primary", "emergency", "blood"}
    options = [p for p, kind in vocab.MEDICAL_BUYERS if kind in kinds]
    if not scenarios or rng.random() < 0.8:
        options = [p for p in options if "{t}" not in p] or options
    return _fill(rng.choice(options), place, rng)


def _scenarios(rng: random.Random, family: str) -> list[str]:
    none_rate = {"compute": 0.7, "model": 0.08, "upgrade": 0.08, "integrated": 0.2}[family]
    if rng.random() < none_rate:
        return []
    count = rng.choices((1, 2, 3), (60, 30, 10))[0]
    names = list(SCENARIO_WEIGHTS)
    chosen: list[str] = []
    while len(chosen) < count:
        pick = rng.choices(names, list(SCENARIO_WEIGHTS.values()))[0]
        if pick not in chosen:
            chosen.append(pick)
    return [s for s in names if s in chosen]  # fixed order: the main scenario first by weight


def _month_day(rng: random.Random, month: str) -> date:
    year, mon = (int(x) for x in month.split("-"))
    return date(year, mon, rng.randrange(1, calendar.monthrange(year, mon)[1] + 1))


def _at(rng: random.Random, day: date) -> datetime:
    return datetime.combine(day, time(rng.randrange(8, 21), rng.randrange(60), rng.randrange(60)))


_METHOD_GAPS = {
    "公开招标": (22, 45),
    "竞争性磋商": (12, 28),
    "竞争性谈判": (10, 22),
    "询价": (7, 15),
    "单一来源": (8, 16),
}
_TENDER_LABEL = {
    "公开招标": "公开招标公告",
    "竞争性磋商": "竞争性磋商公告",
    "竞争性谈判": "竞争性谈判公告",
    "询价": "询价公告",
    "单一来源": "单一来源公示",
}
_LOT_SUFFIXES = {
    "compute": ("算力服务器", "存储及网络设备", "机柜及配套设施"),
    "model": ("模型部署及调优服务", "知识库建设服务", "数据治理与标注服务"),
    "integrated": ("软硬件一体化设备", "应用系统开发", "集成及运维服务"),
    "upgrade": ("应用系统升级开发", "模型接入及调优服务", "运维服务"),
    None: ("第一包", "第二包", "第三包"),
}
_BUDGET_RANGES = {
    "compute": (500_000, 30_000_000, 10_000),
    "model": (100_000, 5_000_000, 1_000),
    "integrated": (200_000, 20_000_000, 5_000),
    "upgrade": (100_000, 5_000_000, 1_000),  # a software service, priced like model services
    None: (30_000, 5_000_000, 1_000),
}


def _build(spec: Spec, seed: int, codes: _CodeBook) -> tuple[Project, list[dict[str, object]]]:
    """A project's truth and its notices as drafts (facts without a portal yet)."""
    rng = random.Random(f"{seed}/{spec.key}")
    industry = spec.industry
    scenarios: list[str] = []
    central = False
    who = "a"
    if spec.group == "in_scope":
        assert spec.family is not None
        scenarios = _scenarios(rng, spec.family)
        if "by_purpose" in spec.flags:
            scenarios = ["public_health"]
        content = text.medical_llm(rng, spec.family, scenarios)
        central = rng.random() < 0.05
    elif spec.group == "other_llm":
        assert spec.family is not None
        content = text.other_llm(rng, spec.family, industry)
        central = industry in vocab.CENTRAL_BUYERS and rng.random() < 0.04
    else:
        assert spec.negative_kind is not None
        content, who = text.negative(rng, spec.negative_kind)
        if who == "m" or (who == "a" and rng.random() < 0.45):
            industry = "medical"
        elif who == "a":
            industry = rng.choices(list(INDUSTRY_WEIGHTS), list(INDUSTRY_WEIGHTS.values()))[0]
        else:
            industry = who
        central = rng.random() < 0.02 and industry in vocab.CENTRAL_BUYERS
    place = _where(rng, central)
    if central:
        buyer = rng.choice(vocab.CENTRAL_BUYERS[industry])
    elif industry == "medical" and "by_purpose" in spec.flags:
        buyer = _fill(rng.choice(text.BY_PURPOSE["buyers"]), place, rng)
        content.core = text.BY_PURPOSE["core"]
        # The platform is the purpose; what is bought stays the family's own (servers for a compute
        # project, a model service, a bundle), so the type can be read from the page.
        content.description = [
            text.BY_PURPOSE["text"].format(use=text.pick(rng, text.SCENARIO_USES["public_health"])),
            *content.description,
        ]
        content.title_llm = True
    elif industry == "medical":
        buyer = _medical_buyer(rng, place, scenarios)
    else:
        buyer = _fill(rng.choice(vocab.OTHER_BUYERS[industry]), place, rng)

    year_word = rng.choice(text.TITLES["year_words"])
    name = f"{buyer}{year_word}{content.core}"
    goods = content.goods
    method = rng.choices(list(_METHOD_GAPS), (38, 27, 10, 15, 10) if goods else (36, 32, 12, 8, 12))[0]
    code = codes.next(rng, place.zone, goods)
    agency = None
    if rng.random() > 0.1 or method == "公开招标":
        agency = _fill(
            rng.choice(vocab.AGENCY_FORMS).replace("{w}", rng.choice(vocab.AGENCY_WORDS)), place, rng
        )
    style = rng.choices(("template", "shenzhen", "shandong", "plain"), (60, 15, 10, 15))[0]
    if place.province.zone in ("33", "45"):
        style = "template"  # 政采云 provinces publish in the national template (docs/portals.md §4.1)

    if spec.family is not None:
        assert text.FAMILY_TYPE[spec.family] == spec.type, spec.key  # the words decide the type
    lots = _lots(rng, spec, content, goods, industry == "medical", scenarios)
    budget = sum((lot.budget or Decimal(0) for lot in lots), Decimal(0))
    project = Project(
        key=spec.key,
        llm=spec.llm,
        industry=industry,
        in_scope=spec.llm and industry == "medical",
        type=spec.type,
        scenarios=scenarios,
        buyer=buyer,
        region=place.province.name,
        project_code=code,
        name=name,
        negative_kind=spec.negative_kind,
        outcome=spec.outcome,
        notes=sorted(spec.flags | ({"upgrade"} if spec.upgrade else set())),
    )
    base: dict[str, object] = {
        "project": spec.key,
        "method": method,
        "buyer": buyer,
        "buyer_address": place.address,
        "buyer_phone": text.phone(rng),
        "agency": agency,
        "agency_address": (
            f"{place.province.name}{place.city}{rng.choice(vocab.ROADS)}{rng.randrange(1, 500)}号"
        )
        if agency
        else None,
        "agency_phone": text.phone(rng) if agency else None,
        "contact": text.person(rng),
        "region": place.province.name,
        "zone": place.zone,
        "district": f"{place.province.name}{'' if place.city == place.province.name else place.city}{place.district}",
        "project_code": code,
        "project_name": name,
        "category": content.category,
        "pinmu": content.pinmu if rng.random() < 0.5 else "",
        "description": content.description,
        "style": style,
        "budget": budget,
        "budget_format": _budget_format(rng, style, budget),
        "award_format": _award_format(rng, style),
        "central": central,
    }
    drafts = _timeline(rng, spec, base, lots, name, content, agency)
    if not content.title_llm:
        project.notes.append("llm_in_body_only")
    return project, drafts


def _lots(
    rng: random.Random,
    spec: Spec,
    content: text.Content,
    goods: bool,
    medical: bool,
    scenarios: list[str],
) -> list[Lot]:
    low, high, step = _BUDGET_RANGES[spec.family]
    if content.core.endswith("一体机采购") or "一体机" in content.core:
        low, high = 200_000, 3_000_000
    total = text.round_amount(rng, low, high, step)
    count = rng.choice((2, 2, 3)) if "multi_lot" in spec.flags else 1
    shares = [Decimal(rng.randrange(30, 70)) for _ in range(count)]
    budgets = [(total * s / sum(shares) / step).quantize(Decimal(1)) * step for s in shares]
    budgets[-1] = total - sum(budgets[:-1], Decimal(0))
    suffixes = _LOT_SUFFIXES[spec.family]
    lots = []
    for index, lot_budget in enumerate(budgets, start=1):
        lot_name = content.core if count == 1 else f"{content.core}（{suffixes[index - 1]}）"
        supplier = _supplier(rng, spec, medical, scenarios, lot_budget)
        lot = Lot(
            number=index,
            name=lot_name,
            budget=lot_budget,
            supplier=supplier,
            supplier_address=f"{rng.choice(vocab.PROVINCES).name}{rng.choice(vocab.ROADS)}{rng.randrange(1, 900)}号",
        )
        amount = text.award_amount(rng, lot_budget)
        if "undisclosed" in spec.flags:
            lot.price_text = rng.choice(
                ("下浮率：5.5%", "费率：0.8%", "折扣率：92%", "详见附件", "单价形式报价，详见附件")
            )
        else:
            lot.amount = amount
        for item_name, brand, item_spec, quantity in content.items:
            unit = None
            if goods and lot.amount is not None and quantity.isdigit():
                unit = (lot.amount / int(quantity)).quantize(Decimal("0.01"))
            lot.items.append(Item(item_name, brand, item_spec, quantity, unit))
        lots.append(lot)
    return lots


# Who wins an llm project, by wording family: weights of the supplier groups (data/vocab.toml
# [suppliers], plus carriers and regional integrators). Integrators win many awards but mostly the
# smaller lots; vendors sold as medical only win medical projects, drug-discovery AI only research.
SUPPLIER_MIX: dict[str, dict[str, int]] = {
    "compute": {"compute_vendors": 42, "carriers": 26, "cloud": 4, "integrators": 40},
    "model": {
        "llm_companies": 28,
        "medical_ai": 20,
        "drug_ai": 4,
        "medical_it": 10,
        "cloud": 8,
        "carriers": 6,
        "integrators": 40,
    },
    "upgrade": {"medical_it": 34, "llm_companies": 14, "medical_ai": 12, "integrators": 50},
    "integrated": {
        "medical_ai": 20,
        "llm_companies": 14,
        "medical_it": 14,
        "compute_vendors": 10,
        "carriers": 16,
        "integrators": 40,
    },
}


def _integrator_odds(budget: Decimal) -> float:
    """Regional integrators win most of the small lots and few of the large ones."""
    if budget < 500_000:
        return 3.5
    if budget < 2_000_000:
        return 2.0
    return 0.9 if budget < 5_000_000 else 0.08


def _supplier(rng: random.Random, spec: Spec, medical: bool, scenarios: list[str], budget: Decimal) -> str:
    place = _where(rng, False)
    if spec.family is None:  # hard negatives: integrators and device dealers
        form = rng.choice((*vocab.INTEGRATOR_FORMS, "{c}{w}医疗器械有限公司"))
        return _fill(form.replace("{w}", rng.choice(vocab.INTEGRATOR_WORDS)), place, rng)
    options: list[tuple[str, float]] = []
    for group, weight in SUPPLIER_MIX[spec.family].items():
        if group == "integrators":
            options.append((group, weight * _integrator_odds(budget)))
        elif group == "carriers":
            options.append((group, weight))
        elif group == "drug_ai" and not (medical and "research" in scenarios):
            continue
        elif vocab.vendors(group, medical):
            options.append((group, weight))
    group = rng.choices([g for g, _ in options], [w for _, w in options])[0]
    if group == "carriers":
        return _fill(rng.choice(vocab.CARRIERS), place, rng)
    if group == "integrators":
        return _fill(
            rng.choice(vocab.INTEGRATOR_FORMS).replace("{w}", rng.choice(vocab.INTEGRATOR_WORDS)), place, rng
        )
    return rng.choice(vocab.vendors(group, medical))


def _budget_format(rng: random.Random, style: str, budget: Decimal) -> str:
    if style == "template":
        return "yuan_int"
    options = ["wan", "capital", "comma", "yuan"]
    if budget % 1_000_000 == 0 and budget >= 10_000_000:
        options.append("yi")
    return rng.choice(options)


def _award_format(rng: random.Random, style: str) -> str:
    if style == "template":
        return "price"
    if style == "shenzhen":
        return "yuan"
    if style == "shandong":
        return "wan"
    return rng.choice(("capital", "comma", "yuan", "wan"))


def _timeline(
    rng: random.Random,
    spec: Spec,
    base: dict[str, object],
    lots: list[Lot],
    name: str,
    content: text.Content,
    agency: str | None,
) -> list[dict[str, object]]:
    """The project's notices in publication order, with dates that put its first award in `spec.month`."""
    method = str(base["method"])
    gap_low, gap_high = _METHOD_GAPS[method]
    buyer = str(base["buyer"])
    drafts: list[dict[str, object]] = []

    def draft(kind: str, label: str, when: datetime, **extra: object) -> dict[str, object]:
        row = dict(base)
        row.update(kind=kind, label=label, published=when, lots=[])
        row.update(extra)
        drafts.append(row)
        return row

    with_tender = spec.group == "in_scope" and rng.random() < 0.8
    with_tender = (
        with_tender or (spec.group == "other_llm" and rng.random() < 0.15) or "with_tender" in spec.flags
    )
    if spec.outcome in ("cancelled", "retender", "open", "award_revoked"):
        with_tender = True

    if spec.outcome in ("awarded", "retender", "award_revoked"):
        award_day = _month_day(rng, spec.month)
        if "copy_next_year" in spec.flags:
            award_day = date(2024, 12, 31)
        award_at = _at(rng, award_day)
        tender_at = _at(rng, award_day - timedelta(days=rng.randrange(gap_low, gap_high + 1)))
    elif spec.outcome == "cancelled":
        end = _at(rng, _month_day(rng, spec.month))
        tender_at = _at(rng, end.date() - timedelta(days=rng.randrange(gap_low, gap_high + 1)))
        award_at = end
    else:  # open: a tender published in `month`, nothing after it
        tender_at = _at(rng, _month_day(rng, spec.month))
        award_at = tender_at
    tender_at = max(tender_at, datetime.combine(FIRST_DAY, time(9)))

    if with_tender and spec.group == "in_scope" and rng.random() < 0.15:
        intention_at = _at(rng, max(FIRST_DAY, tender_at.date() - timedelta(days=rng.randrange(30, 90))))
        draft(
            "intention",
            "其他公告",
            intention_at,
            method=method,
            title=_intention_title(rng, buyer, intention_at),
        )

    deadline = tender_at + timedelta(days=gap_low)
    rounds: list[tuple[str, str, str | None]] = [(name, str(base["project_code"]), None)]
    if spec.outcome == "retender":
        first_tender = _at(rng, tender_at.date() - timedelta(days=rng.randrange(30, 45)))
        first_tender = max(first_tender, datetime.combine(FIRST_DAY, time(9)))
        first = draft(
            "tender",
            _TENDER_LABEL[method],
            first_tender,
            title=_tender_title(rng, name, buyer, method, agency),
            deadline=first_tender + timedelta(days=gap_low),
        )
        first["lots"] = [_lot_budget_only(lot) for lot in lots]
        failed = _at(
            rng, min(first_tender.date() + timedelta(days=gap_low + 2), tender_at.date() - timedelta(days=2))
        )
        draft(
            "cancellation",
            "废标公告",
            failed,
            title=_cancel_title(rng, name, "废标公告"),
            reason=rng.choice(_FAILED_REASONS),
        )
        second_code = str(base["project_code"]) + ("-1" if rng.random() < 0.5 else "")
        rounds = [(f"{name}（二次）", second_code, "second round")]
    round_name, round_code, _ = rounds[0]
    if with_tender:
        row = draft(
            "tender",
            _TENDER_LABEL[method],
            tender_at,
            title=_tender_title(rng, round_name, buyer, method, agency),
            deadline=deadline,
        )
        row.update(project_name=round_name, project_code=round_code)
        row["lots"] = [_lot_budget_only(lot) for lot in lots]
        if rng.random() < (0.15 if spec.llm else 0.05):
            fix_at = _at(rng, tender_at.date() + timedelta(days=rng.randrange(2, max(3, gap_low - 2))))
            new_deadline = deadline + timedelta(days=rng.randrange(3, 10))
            row = draft(
                "correction",
                "更正公告",
                min(fix_at, award_at - timedelta(hours=30)) if spec.outcome != "open" else fix_at,
                title=_correction_title(rng, round_name),
                reason=rng.choice(_CORRECTIONS).format(deadline=new_deadline.strftime("%Y年%m月%d日 %H:%M")),
                original_date=tender_at.date(),
            )
            row.update(project_name=round_name, project_code=round_code)

    if spec.outcome == "cancelled":
        label = rng.choice(("废标公告", "终止公告"))
        reason = rng.choice(_FAILED_REASONS if label == "废标公告" else _STOP_REASONS)
        draft("cancellation", label, award_at, title=_cancel_title(rng, name, label), reason=reason)
    if spec.outcome in ("awarded", "retender", "award_revoked"):
        award_label = "中标公告" if method == "公开招标" else "成交公告"
        experts = "、".join(text.person(rng) for _ in range(rng.choice((3, 5))))
        if "split_awards" in spec.flags:
            when = award_at
            for lot in lots:
                row = draft(
                    "award",
                    award_label,
                    when,
                    title=_award_title(rng, f"{round_name}（标项{_cn(lot.number)}）", buyer, method, agency),
                    experts=experts,
                )
                row.update(project_name=round_name, project_code=round_code, lots=[lot])
                when = _at(rng, when.date() + timedelta(days=rng.randrange(3, 9)))
        else:
            row = draft(
                "award",
                award_label,
                award_at,
                title=_award_title(rng, round_name, buyer, method, agency),
                experts=experts,
            )
            row.update(project_name=round_name, project_code=round_code, lots=lots)
        last_award = max(d["published"] for d in drafts if d["kind"] == "award")  # type: ignore[type-var]
        assert isinstance(last_award, datetime)
        if "award_correction" in spec.flags or "correction_next_year" in spec.flags:
            when = _at(rng, last_award.date() + timedelta(days=rng.randrange(2, 6)))
            if "correction_next_year" in spec.flags:
                when = _at(rng, date(2025, 1, 6))
            row = draft(
                "correction",
                "更正公告",
                when,
                title=rng.choice(text.TITLES["award_correction"]).format(name=round_name),
                reason=rng.choice(_AWARD_CORRECTIONS),
                original_date=last_award.date(),
            )
            row.update(project_name=round_name, project_code=round_code)
        if spec.outcome == "award_revoked":
            when = _at(rng, last_award.date() + timedelta(days=rng.randrange(8, 25)))
            row = draft(
                "cancellation",
                "终止公告",
                when,
                title=_cancel_title(rng, round_name, "终止公告"),
                reason=rng.choice(_REVOKE_REASONS),
            )
            row.update(project_name=round_name, project_code=round_code)
        elif all(lot.amount is not None for lot in lots) and rng.random() < (
            0.4 if spec.group == "in_scope" else 0.03
        ):
            when = _at(rng, last_award.date() + timedelta(days=rng.randrange(7, 30)))
            row = draft(
                "contract", "合同公告", when, title=text.TITLES["contract"].format(name=round_name), lots=lots
            )
            row.update(project_name=round_name, project_code=round_code)
    for row in drafts:
        if "title" not in row:
            raise AssertionError(f"draft without title in {spec.key}")
        published = row["published"]
        assert isinstance(published, datetime)
        if published.date() > LAST_DAY:
            row["published"] = datetime.combine(LAST_DAY, published.time())
    drafts.sort(key=lambda d: d["published"])  # type: ignore[arg-type, return-value]
    return drafts


def _lot_budget_only(lot: Lot) -> Lot:
    return Lot(number=lot.number, name=lot.name, budget=lot.budget, items=lot.items)


_CN_NUM = "零一二三四五六七八九十"


def _cn(number: int) -> str:
    return _CN_NUM[number]


def _agency_title(rng: random.Random, agency: str | None, buyer: str, name: str, label: str) -> str | None:
    """An agency-written title (about a third of those with an agency), in one of the agencies' forms."""
    if agency is None or rng.random() >= 0.35:
        return None
    core = name.removeprefix(buyer)
    return rng.choice(text.TITLES["agency_forms"]).format(
        agency=agency, buyer=buyer, core=core, name=name, label=label
    )


def _tender_title(rng: random.Random, name: str, buyer: str, method: str, agency: str | None) -> str:
    label = rng.choice(text.TITLES["tender"][method])
    return _agency_title(rng, agency, buyer, name, label) or f"{name}{label}"


def _award_title(rng: random.Random, name: str, buyer: str, method: str, agency: str | None) -> str:
    label = rng.choice(text.TITLES["award_open" if method == "公开招标" else "award_other"])
    return _agency_title(rng, agency, buyer, name, label) or f"{name}{label}"


def _correction_title(rng: random.Random, name: str) -> str:
    return str(rng.choice(text.TITLES["correction"])).format(name=name)


def _cancel_title(rng: random.Random, name: str, label: str) -> str:
    forms = text.TITLES["failed" if label == "废标公告" else "stopped"]
    return str(rng.choice(forms)).format(name=name)


def _intention_title(rng: random.Random, buyer: str, when: datetime) -> str:
    start = when.month
    end = min(12, start + rng.choice((1, 2, 3)))
    forms = text.TITLES["intention_one" if end == start else "intention"]
    return str(rng.choice(forms)).format(buyer=buyer, year=when.year, start=start, end=end)


_FAILED_REASONS = (
    "因提交投标（响应）文件的供应商不足三家，根据《中华人民共和国政府采购法》第三十六条规定，本项目废标。",
    "因对采购文件作实质响应的供应商不足三家，本项目废标。",
    "因出现影响采购公正的违法、违规行为，本项目废标，将重新组织采购。",
)
_STOP_REASONS = (
    "因采购需求发生重大变化，经采购人研究决定，终止本项目采购活动。",
    "因预算调整，本项目终止采购。",
    "因项目建设内容调整，采购人决定终止本次采购活动，不再重新组织采购。",
)
_REVOKE_REASONS = (
    "因中标（成交）供应商放弃中标资格且采购需求发生变化，原中标（成交）结果无效，终止本项目采购活动。",
    "经财政部门监督检查，原成交结果无效，采购人决定终止本项目采购活动。",
)
_CORRECTIONS = (
    "投标截止时间及开标时间延期至{deadline}，其他内容不变。",
    "响应文件递交截止时间调整为{deadline}；采购需求第3.2条技术参数修改，详见更正后的采购文件。",
    "更正采购文件中评分标准第二部分，开标时间顺延至{deadline}。",
)
_AWARD_CORRECTIONS = (
    "更正中标（成交）供应商地址，其他内容不变。",
    "原公告中评审专家名单有误，现予更正。",
    "更正主要标的信息中规格型号的笔误。",
)


def _assign_portal_ids(notices: list[Notice], seed: int) -> None:
    """ccgp docids grow with publication time like the real ones (~200k a month, docs/portals.md §1.2)."""
    rng = random.Random(f"{seed}/docids")
    ccgp = sorted((n for n in notices if n.source == "ccgp"), key=lambda n: (n.published, n.nid))
    previous = 0
    for notice in ccgp:
        days = (notice.published.date() - date(2024, 12, 1)).days
        docid = 23_480_000 + days * 6_600 + rng.randrange(0, 6_000)
        previous = docid = max(docid, previous + rng.randrange(1, 40))
        notice.docid = docid
    finalise_urls(notices)

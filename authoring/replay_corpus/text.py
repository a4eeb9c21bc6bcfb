"""What a project buys, in words: project names, requirement descriptions and item lines.

Each llm project states its large-model nature somewhere in its name or description (docs/domain.md §4), its
deliverable in words that decide its type (docs/domain.md §5: hardware only / model services only / hardware
with model or an LLM application), and its use in words that carry the scenario cues of docs/domain.md §6.
Hard negatives (docs/domain.md §4) use the near-miss words a keyword search also returns, and never a
large-model cue.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from authoring.replay_corpus import vocab

T = TypeVar("T")

_W = vocab.load_data("wording.toml")

# Words whose presence makes a text a large-model text (docs/domain.md §4); hard negatives avoid them.
LLM_CUES: tuple[str, ...] = tuple(_W["llm_cues"])
# The keywords a spider can search with: every llm notice contains at least one of them (tests check).
SEARCH_KEYWORDS: tuple[str, ...] = tuple(_W["search_keywords"])
# Every upgrade of an application system says this; no model-service project does (tests check).
UPGRADE_MARKER: str = _W["upgrade_marker"]
# The words of notice titles and of the by-purpose projects (generate.py draws them).
TITLES: dict[str, Any] = _W["titles"]
BY_PURPOSE: dict[str, Any] = _W["by_purpose"]
SCENARIO_USES: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _W["scenario_uses"].items()}
# The application an integrated/model project builds, by its main scenario.
SCENARIO_APPS: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _W["scenario_apps"].items()}
INDUSTRY_APPS: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _W["industry_apps"].items()}
INDUSTRY_WORD: dict[str, str] = _W["industry_word"]
PINMU: dict[str, str] = _W["pinmu"]


@dataclass
class Content:
    """What a project buys: its name core, its description, items, category and whether the name
    itself says "large model" (a careful reader may need the body when it does not)."""

    core: str
    description: list[str]
    items: list[tuple[str, str, str, str]]  # (name, brand, spec, quantity)
    category: str
    pinmu: str
    goods: bool
    title_llm: bool = True
    notes: list[str] = field(default_factory=list)


def pick(rng: random.Random, options: Sequence[T]) -> T:
    return options[rng.randrange(len(options))]


def uses_text(rng: random.Random, scenarios: list[str]) -> str:
    """The stated use of an in-scope project: one cue per scenario, joined the way notices list them."""
    return "、".join(pick(rng, SCENARIO_USES[s]) for s in scenarios)


# Wording families a project's deliverable is drawn from, and the docs/domain.md §5 type each implies. An
# upgrade of an existing application system with large-model capability delivers an LLM-based
# application, so it is `integrated` even though it buys no hardware (docs/domain.md §5 precedence).
FAMILY_TYPE = {"compute": "compute", "model": "model", "upgrade": "integrated", "integrated": "integrated"}


def medical_llm(rng: random.Random, family: str, scenarios: list[str]) -> Content:
    """An in-scope project (llm + medical) of the given wording family (`FAMILY_TYPE`) with the
    given scenarios (may be none)."""
    model = pick(rng, vocab.MODELS_MEDICAL if rng.random() < 0.45 else vocab.MODELS_GENERAL)
    use = uses_text(rng, scenarios) if scenarios else ""
    if family == "compute":
        return _compute(rng, model, use, medical=True)
    if family in ("model", "upgrade"):
        return _model(
            rng, model, use, scenarios, medical=True, industry="medical", upgrade=family == "upgrade"
        )
    return _integrated(rng, model, use, scenarios, medical=True, industry="medical")


def other_llm(rng: random.Random, family: str, industry: str) -> Content:
    """A large-model project of a non-medical industry; its use names the industry's own work."""
    model = pick(rng, vocab.MODELS_GENERAL)
    use = pick(rng, INDUSTRY_APPS[industry])
    if family == "compute":
        return _compute(rng, model, use if rng.random() < 0.5 else "", medical=False)
    if family in ("model", "upgrade"):
        return _model(rng, model, use, [], medical=False, industry=industry, upgrade=family == "upgrade")
    return _integrated(rng, model, use, [], medical=False, industry=industry)


def _compute(rng: random.Random, model: str, use: str, *, medical: bool) -> Content:
    """Hardware or compute only (docs/domain.md §5 `compute`), bought for large models."""
    words = _W["compute"]
    brand, spec = pick(rng, vocab.GPU_SERVERS)
    count = rng.choice((1, 2, 2, 4, 4, 8, 16))
    prefix = "医疗" if medical and rng.random() < 0.4 else ""
    purpose = words["purpose_with_use"].format(use=use) if use else words["purpose_plain"]
    variant = rng.randrange(6)
    if variant == 0:
        core = words["rental_core"].format(prefix=prefix)
        desc = [line.format(cards=count * 8, purpose=purpose) for line in words["rental"]]
        items = [("智能算力租用服务", "", f"{count * 8}卡·年", "1")]
        return Content(core, desc, items, "服务类", PINMU["rental"], goods=False)
    chosen = words["cores"][variant - 1]
    core = chosen["core"].format(prefix=prefix)
    desc = [line.format(brand=brand, spec=spec, count=count, purpose=purpose) for line in words["hardware"]]
    if not use and rng.random() < 0.5:
        desc[0] = words["hardware_for_model"].format(brand=brand, spec=spec, count=count, model=model)
    switch_name, switch_brand, switch_spec = words["switch"]
    items = [(f"GPU服务器（{spec}）", brand, spec, str(count)), (switch_name, switch_brand, switch_spec, "2")]
    return Content(core, desc, items, "货物类", PINMU["server"], goods=True, title_llm=chosen["llm"])


def _model(
    rng: random.Random,
    model: str,
    use: str,
    scenarios: list[str],
    *,
    medical: bool,
    industry: str,
    upgrade: bool,
) -> Content:
    """Model services without hardware (variants 0–5, type `model`), or with `upgrade` the upgrade
    of an existing application system with large-model capability (variant 6, type `integrated`).
    Both draw the variant the same way, so a project keeps its wording whichever it is planned as."""
    words = _W["model"]
    word = "医疗" if medical else INDUSTRY_WORD[industry]
    variant = rng.randrange(7)
    if upgrade:
        variant = 6
    elif variant == 6:
        variant = rng.randrange(6)  # model services alone: never an upgraded application
    no_hw = pick(rng, words["no_hardware"])
    use_s = words["use"].format(use=use) if use else ""
    if variant == 6:
        if scenarios:
            app = pick(rng, SCENARIO_APPS[scenarios[0]])
        else:
            app = words["upgrade_app_medical"] if medical else pick(rng, INDUSTRY_APPS[industry])
        core = words["upgrade_core"].format(app=app)
        desc = [words["upgrade_text"].format(app=app, model=model, use=use_s), no_hw]
        items = [(core, "", "软件服务", "1")]
        return Content(
            core, desc, items, "服务类", PINMU["software"], goods=False, title_llm="大模型" in core
        )
    chosen = words["variants"][variant]
    core = chosen["core"].format(word=word)
    desc = [line.format(word=word, model=model, use=use_s, no_hw=no_hw) for line in chosen["text"]]
    items = [(core, "", "软件及服务", "1")]
    pinmu = PINMU["data"] if variant == 4 else PINMU["software"]
    return Content(core, desc, items, "服务类", pinmu, goods=False)


def _integrated(
    rng: random.Random, model: str, use: str, scenarios: list[str], *, medical: bool, industry: str
) -> Content:
    """Hardware with a model, or an application built on a large model (docs/domain.md §5 `integrated`)."""
    words = _W["integrated"]
    use_s = words["use"].format(use=use) if use else ""
    variant = rng.randrange(6)
    if variant <= 1 or not (scenarios or not medical):
        brand, spec = pick(rng, vocab.appliances(medical))
        count = rng.choice((1, 1, 2, 2, 3, 4))
        core = pick(rng, words["appliance_cores"])
        desc = [words["appliance_text"].format(brand=brand, spec=spec, count=count, model=model, use=use_s)]
        items = [(core, brand, spec, str(count))]
        return Content(core, desc, items, "货物类", PINMU["aio"], goods=True)
    if medical:
        app = pick(rng, SCENARIO_APPS[scenarios[0]])
    else:
        app = pick(rng, INDUSTRY_APPS[industry]) + words["app_suffix_other"]
    brand, spec = pick(rng, vocab.GPU_SERVERS)
    fill = {"app": app, "model": model, "use": use_s, "brand": brand, "spec": spec}
    if variant == 2:
        core = words["built_core"].format(**fill)
        desc = [line.format(**fill) for line in words["built_text"]]
        title_llm = True
    elif variant == 3:
        core = words["plain_core"].format(**fill)
        opening = words["plain_text_medical"] if medical else words["plain_text_other"]
        desc = [opening.format(**fill), words["plain_text_delivery"].format(**fill)]
        title_llm = False
    elif variant == 4:
        if medical:
            core = words["system_core_medical"]
        else:
            core = words["system_core_other"].format(word=INDUSTRY_WORD[industry])
        desc = [words["system_text"].format(**fill)]
        title_llm = True
    else:
        core = (words["agent_core_medical"] if medical else words["agent_core_other"]).format(**fill)
        desc = [words["agent_text"].format(**fill)]
        title_llm = True
    items = [
        (core, "", words["item_bundle"], "1"),
        (words["item_server"], brand, spec, str(rng.choice((1, 2, 4)))),
    ]
    return Content(core, desc, items, "服务类", PINMU["integration"], goods=False, title_llm=title_llm)


# Hard negatives (docs/domain.md §4): kind → options (core, description, pinmu key, goods?, who buys it).
# "who": "m" medical buyers only, "a" any buyer, or an industry name for a non-medical buyer.
NEGATIVES: dict[str, tuple[tuple[str, str, str, bool, str], ...]] = {
    kind: tuple((o["core"], o["description"], o["pinmu"], o["goods"], o["who"]) for o in options)
    for kind, options in _W["negative"].items()
}
NEGATIVE_WEIGHTS: dict[str, int] = _W["negative_weights"]


def negative(rng: random.Random, kind: str) -> tuple[Content, str]:
    """A hard-negative project (docs/domain.md §4): near-miss words, no large-model cue. Returns the content
    and who buys it ("m" medical, "a" anyone, or an industry name)."""
    core, desc, pinmu_key, goods, who = pick(rng, NEGATIVES[kind])
    items = [
        (
            core.removesuffix("采购").removesuffix("项目"),
            "",
            "详见采购需求",
            str(rng.choice((1, 2, 5, 10, 20))),
        )
    ]
    category = "工程类" if pinmu_key == "works" else ("货物类" if goods else "服务类")
    return Content(core, [desc], items, category, PINMU[pinmu_key], goods=goods, title_llm=False), who


def person(rng: random.Random) -> str:
    return pick(rng, vocab.SURNAMES) + "".join(pick(rng, vocab.GIVEN) for _ in range(rng.choice((1, 2))))


def phone(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"1{rng.choice('35789')}{rng.randrange(10**9):09d}"
    return f"0{rng.randrange(10, 999):d}-{rng.randrange(10**7, 10**8)}"


def round_amount(rng: random.Random, low: int, high: int, step: int) -> Decimal:
    """A budget-like amount in yuan: a multiple of `step` between low and high."""
    return Decimal(rng.randrange(low // step, high // step + 1) * step)


def award_amount(rng: random.Random, budget: Decimal) -> Decimal:
    """An award below the budget (bids come in under it), sometimes with fen."""
    ratio = Decimal(rng.randrange(780, 1000)) / Decimal(1000)
    value = (budget * ratio).quantize(Decimal("1"))
    if rng.random() < 0.3:
        value += Decimal(rng.randrange(1, 100)) / Decimal(100)
    elif rng.random() < 0.5:
        value = (value / 100).quantize(Decimal("1")) * 100
    return value

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
from typing import TypeVar

from authoring.replay_corpus import vocab

T = TypeVar("T")

_W = vocab.load_data("wording.toml")

# Words whose presence makes a text a large-model text (docs/domain.md §4); hard negatives avoid them.
LLM_CUES: tuple[str, ...] = tuple(_W["llm_cues"])
# The keywords a spider can search with: every llm notice contains at least one of them (tests check).
SEARCH_KEYWORDS: tuple[str, ...] = tuple(_W["search_keywords"])
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
    brand, spec = pick(rng, vocab.GPU_SERVERS)
    count = rng.choice((1, 2, 2, 4, 4, 8, 16))
    prefix = "医疗" if medical and rng.random() < 0.4 else ""
    purpose = f"用于{use}等大模型应用的推理算力支撑" if use else "用于大模型的本地化部署与推理"
    variant = rng.randrange(6)
    if variant == 0:
        core = f"{prefix}大模型算力租赁服务"
        desc = [
            f"租赁不少于{count * 8}卡的GPU/NPU智能算力资源，服务期一年，{purpose}。",
            "供应商仅提供算力资源及配套网络、存储和运维服务，模型与应用由采购人自行部署。",
        ]
        items = [("智能算力租赁服务", "", f"{count * 8}卡·年", "1")]
        return Content(core, desc, items, "服务类", PINMU["rental"], goods=False)
    cores = (
        f"{prefix}大模型推理服务器采购",
        "人工智能算力服务器采购",
        f"{prefix}大模型算力平台硬件采购",
        "AI智算算力扩容设备采购",
        "GPU算力服务器购置",
    )
    core = cores[variant - 1]
    title_llm = "大模型" in core
    desc = [
        f"采购{brand}{spec}共{count}台，配套高速交换机及分布式存储，{purpose}。",
        "本项目仅含硬件设备及操作系统等系统软件，不含大模型软件授权及应用开发。",
    ]
    if not use and rng.random() < 0.5:
        desc[0] = f"采购{brand}{spec}共{count}台及配套存储网络设备，作为{model}等大模型私有化部署所需算力。"
    items = [(f"AI服务器（{spec}）", brand, spec, str(count)), ("高速交换机", "华为", "CE8850", "2")]
    return Content(core, desc, items, "货物类", PINMU["server"], goods=True, title_llm=title_llm)


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
    word = "医疗" if medical else INDUSTRY_WORD[industry]
    variant = rng.randrange(7)
    if upgrade:
        variant = 6
    elif variant == 6:
        variant = rng.randrange(6)  # model services alone: never an upgraded application
    no_hw = pick(
        rng,
        (
            "利用采购人现有服务器部署，不含硬件设备。",
            "部署于采购人现有算力环境，本项目不采购硬件。",
            "不含服务器等硬件。",
        ),
    )
    use_s = f"，支撑{use}" if use else ""
    if variant == 0:
        core = "DeepSeek本地化部署服务"
        desc = [f"在采购人现有服务器上完成DeepSeek大模型的本地化部署、调优及与业务系统对接{use_s}。", no_hw]
    elif variant == 1:
        core = f"{word}大模型训练与微调服务"
        desc = [f"基于{model}开展{word}领域语料的训练与微调，交付可私有化运行的{word}大模型{use_s}。", no_hw]
    elif variant == 2:
        core = "大模型知识库平台建设"
        desc = [f"建设基于大语言模型的知识库问答（RAG）平台软件，接入{model}{use_s}。", no_hw]
    elif variant == 3:
        core = "大模型API调用服务"
        desc = [
            f"采购{model}大模型API调用服务（按tokens计费），服务期一年{use_s}。",
            "供应商提供云端模型服务，不含本地硬件。",
        ]
    elif variant == 4:
        core = f"{word}大模型语料标注及数据集建设服务"
        desc = [f"对{word}业务数据进行清洗、脱敏与标注，形成大模型训练语料和评测数据集{use_s}。", no_hw]
    elif variant == 5:
        core = "大模型服务平台（MaaS）软件采购"
        desc = [
            f"采购大模型服务平台软件许可，支持{model}等模型的统一纳管、推理服务与应用编排{use_s}。",
            no_hw,
        ]
    else:
        if scenarios:
            app = pick(rng, SCENARIO_APPS[scenarios[0]])
        else:
            app = "医院智能问答系统" if medical else pick(rng, INDUSTRY_APPS[industry])
        core = f"{app}软件升级服务"
        desc = [f"在原有系统基础上引入{model}大模型能力，升级{app}的智能问答与文本生成功能{use_s}。", no_hw]
        items = [(core, "", "软件服务", "1")]
        return Content(
            core, desc, items, "服务类", PINMU["software"], goods=False, title_llm="大模型" in core
        )
    items = [(core, "", "软件及服务", "1")]
    pinmu = PINMU["data"] if variant == 4 else PINMU["software"]
    return Content(core, desc, items, "服务类", pinmu, goods=False)


def _integrated(
    rng: random.Random, model: str, use: str, scenarios: list[str], *, medical: bool, industry: str
) -> Content:
    use_s = f"，用于{use}" if use else ""
    variant = rng.randrange(6)
    if variant <= 1 or not (scenarios or not medical):
        brand, spec = pick(rng, vocab.appliances(medical))
        count = rng.choice((1, 1, 2, 2, 3, 4))
        core = pick(
            rng,
            ("DeepSeek一体机采购", "大模型一体机采购", "大模型训推一体机采购", "AI大模型一体机及部署服务"),
        )
        desc = [f"采购{brand}{spec}{count}台，预装{model}大模型及推理框架，含部署调试服务{use_s}。"]
        items = [(core, brand, spec, str(count))]
        return Content(core, desc, items, "货物类", PINMU["aio"], goods=True)
    app = pick(rng, SCENARIO_APPS[scenarios[0]]) if medical else pick(rng, INDUSTRY_APPS[industry]) + "系统"
    brand, spec = pick(rng, vocab.GPU_SERVERS)
    if variant == 2:
        core = f"基于大模型的{app}建设项目"
        desc = [
            f"建设基于{model}的{app}{use_s}。",
            f"含推理服务器（{brand}{spec}）、大模型软件及应用系统，软硬件一体化交付。",
        ]
        title_llm = True
    elif variant == 3:
        core = f"{app}建设项目"
        desc = [
            f"建设依托医疗大模型的{app}{use_s}，" if medical else f"建设依托大语言模型的{app}{use_s}，",
            f"含GPU算力服务器、{model}部署及应用开发，整体交付。",
        ]
        title_llm = False
    elif variant == 4:
        core = "智慧医院大模型应用建设项目" if medical else f"{INDUSTRY_WORD[industry]}大模型应用建设项目"
        desc = [f"建设算力、{model}模型与{app}应用一体化的大模型应用体系{use_s}。"]
        title_llm = True
    else:
        core = f"AI智能体平台建设（含算力设备）及{app}" if not medical else f"医疗智能体平台及{app}建设"
        desc = [f"基于{model}大模型构建智能体（Agent）平台并开发{app}{use_s}，含配套算力设备。"]
        title_llm = True
    items = [(core, "", "软硬件一体化", "1"), ("推理服务器", brand, spec, str(rng.choice((1, 2, 4))))]
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

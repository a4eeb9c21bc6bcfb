"""What a project buys, in words: project names, requirement descriptions and item lines.

Each llm project states its large-model nature somewhere in its name or description (SPEC §4), its
deliverable in words that decide its type (SPEC §5: hardware only / model services only / hardware
with model or an LLM application), and its use in words that carry the scenario cues of SPEC §6.
Hard negatives (SPEC §4) use the near-miss words a keyword search also returns, and never a
large-model cue.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar

from crawler.replay.corpus import vocab

T = TypeVar("T")

# Words whose presence makes a text a large-model text (SPEC §4); hard negatives must avoid them.
LLM_CUES = (
    "大模型",
    "大语言模型",
    "LLM",
    "GPT",
    "生成式人工智能",
    "AIGC",
    "DeepSeek",
    "通义千问",
    "Qwen",
    "文心",
    "ERNIE",
    "混元",
    "星火",
    "盘古",
    "GLM",
    "智谱",
    "Kimi",
    "豆包",
    "百川",
    "灵医",
    "京医千询",
    "智能体平台",
    "AI智能体",
)

# The keywords a spider can search with: every llm notice contains at least one of them (tests check).
SEARCH_KEYWORDS = ("大模型", "DeepSeek", "智能体", "算力", "一体机", "人工智能")

SCENARIO_USES: dict[str, tuple[str, ...]] = {
    "clinical": (
        "门诊及住院病历文书自动生成",
        "临床辅助诊断与临床决策支持",
        "检验检查报告智能解读",
        "影像报告结构化生成",
        "合理用药审核与处方点评",
        "护理文书生成与护理质控",
        "专科诊疗辅助（心血管、肿瘤等）",
    ),
    "management": (
        "病历内涵质控",
        "医保智能审核与DRG/DIP分组分析",
        "医院运营与绩效分析",
        "行政办公与公文写作",
        "院感监测预警",
        "后勤管理与设备运维",
        "信息科IT运维问答",
        "医院规章制度知识库问答",
    ),
    "patient": (
        "智能导诊与分诊",
        "诊前预问诊",
        "出院患者智能随访",
        "健康咨询与健康科普",
        "就医助手与智能客服",
        "数字人导医服务",
        "患者教育",
    ),
    "research": (
        "科研数据平台与专病数据库分析",
        "医学文献检索与综述生成",
        "住院医师规范化培训与考试出题",
        "临床试验受试者筛选",
        "药物研发辅助分析",
    ),
    "public_health": (
        "区域卫生健康数据智能分析",
        "基层医疗机构及家庭医生签约服务辅助",
        "传染病监测与疫情趋势预测",
        "医保基金智能监管",
        "辖区人群健康管理",
    ),
}

# The application an integrated/model project builds, by its main scenario.
SCENARIO_APPS: dict[str, tuple[str, ...]] = {
    "clinical": (
        "智能病历生成系统",
        "临床辅助决策系统",
        "智能影像报告系统",
        "合理用药智能审核系统",
        "智慧护理助手",
    ),
    "management": (
        "病历内涵质控系统",
        "医保智能审核系统",
        "智慧管理决策平台",
        "智能办公助手",
        "运维知识问答系统",
    ),
    "patient": ("智能导诊系统", "预问诊系统", "智能随访平台", "健康咨询数字人", "患者服务智能体"),
    "research": ("科研智能分析平台", "医学教育培训系统", "临床科研数据平台", "医学知识问答平台"),
    "public_health": ("区域卫生健康大模型平台", "家庭医生智能助手", "传染病智能预警平台", "医保基金监管平台"),
}

INDUSTRY_APPS: dict[str, tuple[str, ...]] = {
    "government": (
        "政务服务智能问答",
        "12345热线智能助手",
        "公文写作智能体",
        "政策咨询智能客服",
        "执法辅助智能体",
    ),
    "education": ("智慧教学助手", "AI助教平台", "科研智能写作助手", "招生咨询智能客服", "校园知识库问答"),
    "finance": ("智能客服", "信贷审核辅助", "合规审查助手", "投研报告生成"),
    "energy": ("电网调度知识助手", "设备运维问答助手", "安全规程智能问答"),
    "telecom": ("智能客服", "网络运维助手", "内容生产智能平台"),
    "transport": ("交通运行分析助手", "客服智能问答", "养护知识库问答"),
    "manufacturing": ("工艺知识问答助手", "设备故障诊断助手", "研发文档生成助手"),
    "other": ("智慧文旅导览", "馆藏知识问答", "气象服务智能问答"),
}

INDUSTRY_WORD = {
    "government": "政务",
    "education": "教育",
    "finance": "金融",
    "energy": "能源",
    "telecom": "通信",
    "transport": "交通",
    "manufacturing": "工业",
    "other": "文旅",
}

PINMU = {
    "server": "货物/通用设备/计算机设备/服务器",
    "aio": "货物/通用设备/计算机设备/其他计算机设备",
    "software": "服务/信息技术服务/软件开发服务",
    "integration": "服务/信息技术服务/信息系统集成实施服务",
    "operation": "服务/信息技术服务/运行维护服务",
    "data": "服务/信息技术服务/数据处理服务",
    "rental": "服务/租赁服务/计算机设备租赁服务",
    "equipment": "货物/专用设备/医疗设备",
    "teaching": "货物/专用设备/教学设备",
    "office": "货物/通用设备/计算机设备/台式计算机",
    "works": "工程/装修工程",
}


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


# Wording families a project's deliverable is drawn from, and the SPEC §5 type each implies. An
# upgrade of an existing application system with large-model capability delivers an LLM-based
# application, so it is `integrated` even though it buys no hardware (SPEC §5 precedence).
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


# Hard negatives (SPEC §4): kind → options (core, description, pinmu key, goods?, who buys it).
# "who": "m" medical buyers only, "a" any buyer, or an industry name for a non-medical buyer.
NEGATIVES: dict[str, tuple[tuple[str, str, str, bool, str], ...]] = {
    "kiosk": (
        ("自助服务一体机采购", "采购自助服务一体机，用于挂号、缴费、报告打印及信息查询。", "aio", True, "m"),
        (
            "门诊自助挂号缴费一体机采购",
            "用于门诊自助挂号、缴费、打印发票，支持医保电子凭证。",
            "aio",
            True,
            "m",
        ),
        (
            "自助查询一体机采购",
            "采购触摸式自助查询一体机，提供办事指南与进度查询。",
            "aio",
            True,
            "government",
        ),
        (
            "政务服务自助一体机采购",
            "采购政务服务自助终端一体机，支持证照打印与业务办理。",
            "aio",
            True,
            "government",
        ),
        ("智能互动教学一体机采购", "采购86英寸教学触控一体机，用于多媒体教室。", "aio", True, "education"),
    ),
    "imaging_ai": (
        (
            "肺结节人工智能辅助诊断系统采购",
            "基于深度学习的CT影像肺结节自动检出与良恶性评估软件。",
            "software",
            False,
            "m",
        ),
        (
            "医学影像AI辅助诊断软件采购",
            "提供骨折、脑出血等影像的人工智能辅助识别功能。",
            "software",
            False,
            "m",
        ),
        (
            "临床决策支持系统（CDSS）升级项目",
            "基于临床知识库与规则引擎的诊疗提醒、检验检查合理性提示。",
            "software",
            False,
            "m",
        ),
        ("眼底影像人工智能筛查系统采购", "用于糖尿病视网膜病变的人工智能筛查。", "software", False, "m"),
    ),
    "bigdata": (
        (
            "全民健康信息平台大数据中心建设",
            "汇聚区域医疗机构诊疗数据，建设数据中台与统计分析报表。",
            "integration",
            False,
            "m",
        ),
        ("医院大数据平台建设项目", "建设临床数据中心与运营数据分析的大数据平台。", "integration", False, "m"),
        (
            "大数据平台建设项目",
            "建设数据采集、存储、治理与可视化分析的大数据平台。",
            "integration",
            False,
            "a",
        ),
        ("数据资源中心扩容项目", "扩容分布式存储及数据治理工具。", "integration", False, "government"),
    ),
    "teaching_model": (
        ("人体解剖教学模型采购", "采购全身肌肉、骨骼及内脏解剖教学模型。", "teaching", True, "m"),
        ("高级心肺复苏模拟人及护理教学模型采购", "用于护理技能实训教学。", "teaching", True, "m"),
        ("物理化学实验教学模型采购", "采购中学理化生实验教学模型及器材。", "teaching", True, "education"),
    ),
    "print3d": (
        ("3D打印模型制作服务", "为术前规划提供骨科及心脏3D打印模型。", "data", False, "m"),
        ("3D打印设备及模型耗材采购", "采购工业级3D打印机及打印耗材。", "equipment", True, "manufacturing"),
        ("3D打印创客教室建设", "采购3D打印机及建模软件，用于学生创客教学。", "teaching", True, "education"),
    ),
    "data_model": (
        (
            "数据治理及数据模型设计服务",
            "开展数据标准、主数据和数据模型设计，建设数据仓库。",
            "data",
            False,
            "a",
        ),
        (
            "电子病历数据模型标准化服务",
            "按照电子病历共享文档规范建设数据模型与数据元字典。",
            "data",
            False,
            "m",
        ),
        ("财务数据模型及报表开发服务", "建设财务分析数据模型与管理驾驶舱报表。", "data", False, "finance"),
    ),
    "his_server": (
        ("HIS系统服务器采购", "采购HIS、LIS、PACS等业务系统运行所需服务器及存储。", "server", True, "m"),
        ("数据中心服务器及存储扩容采购", "为医院信息系统扩容服务器与存储设备。", "server", True, "m"),
        ("业务系统服务器采购", "采购虚拟化平台所需机架式服务器。", "server", True, "a"),
    ),
    "it": (
        ("网络安全等级保护测评服务", "对信息系统开展等级保护测评及整改咨询。", "operation", False, "a"),
        ("办公计算机采购", "采购台式计算机及显示器。", "office", True, "a"),
        ("机房UPS及精密空调改造项目", "更换机房UPS电源及精密空调。", "works", False, "a"),
        ("视频会议系统采购", "建设高清视频会议系统。", "integration", False, "a"),
        ("信息系统运维服务", "对现有信息系统及网络设备提供一年运维服务。", "operation", False, "a"),
        ("互联网医院平台运维服务", "对互联网医院平台及移动端应用提供运维服务。", "operation", False, "m"),
    ),
    "smart": (
        ("智能药柜采购", "采购病区智能药柜，实现药品扫码存取与效期管理。", "equipment", True, "m"),
        ("智慧病房呼叫系统采购", "建设病房护理呼叫、床旁交互及护理信息看板。", "integration", False, "m"),
        ("智能输液监测系统采购", "对输液滴速和余量进行实时监测报警。", "equipment", True, "m"),
        (
            "智能体测设备采购",
            "采购学生体质健康智能体测设备（身高体重、肺活量、立定跳远）。",
            "teaching",
            True,
            "education",
        ),
        (
            "智能交通信号控制系统建设",
            "对路口信号机进行联网改造与配时优化。",
            "integration",
            False,
            "transport",
        ),
        ("智慧校园一卡通系统升级", "升级门禁、消费及考勤一卡通系统。", "integration", False, "education"),
        ("智能电表及采集终端采购", "采购智能电能表及用电信息采集终端。", "equipment", True, "energy"),
    ),
    "general_ai": (
        (
            "人工智能实训室建设项目",
            "建设人工智能专业实训室，含实训平台及教学设备。",
            "integration",
            False,
            "education",
        ),
        (
            "AI视频智能分析平台建设",
            "基于视频图像识别对重点区域进行行为分析告警。",
            "integration",
            False,
            "government",
        ),
        ("人工智能语音质检系统采购", "对客服通话录音进行语音转写与质检。", "software", False, "finance"),
        (
            "病理切片人工智能辅助分析系统采购",
            "对数字病理切片进行细胞识别与计数的辅助分析软件。",
            "software",
            False,
            "m",
        ),
    ),
}

NEGATIVE_WEIGHTS = {
    "kiosk": 12,
    "imaging_ai": 10,
    "bigdata": 10,
    "teaching_model": 8,
    "print3d": 5,
    "data_model": 8,
    "his_server": 8,
    "it": 18,
    "smart": 12,
    "general_ai": 9,
}


def negative(rng: random.Random, kind: str) -> tuple[Content, str]:
    """A hard-negative project (SPEC §4): near-miss words, no large-model cue. Returns the content
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

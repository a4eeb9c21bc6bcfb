"""The domain signals (classifier.cues): hardware bought vs negated, near misses, buyer kinds, batch = one by one."""

from __future__ import annotations

import json

import numpy as np
import pytest

from classifier.cues import SIGNAL_NAMES, llm_evidence, signal_matrix, signal_vector
from classifier.training import HELDOUT_FILE


def _signals(text: str, buyer: str = "某市人民医院", title: str = "") -> dict[str, float]:
    return dict(zip(SIGNAL_NAMES, signal_vector(buyer, title or text, text), strict=True))


@pytest.mark.parametrize(
    "text",
    [
        "大模型本地化部署服务。不含服务器等硬件。",
        "本项目不采购硬件，部署于采购人现有算力环境。",
        "利用采购人现有服务器部署DeepSeek。",
        "依托现有GPU资源完成模型调优。",
        "运行所需服务器由采购单位自行提供。",
        "服务器等硬件继续使用本单位现有设备。",
        "运行主机沿用前期设备。",
        "算力设备利旧。",
    ],
)
def test_hardware_that_is_negated_or_already_owned_is_not_bought(text: str) -> None:
    s = _signals(text)
    assert s["hardware_bought"] == 0 and s["hardware_negated_only"] == 1


def test_hardware_bought_in_one_clause_wins_over_a_negation_in_another() -> None:
    s = _signals("采购GPU服务器两台，不含机柜。部署DeepSeek大模型并提供知识库。")
    assert s["hardware_bought"] == 1 and s["hardware_negated_only"] == 0
    assert s["hardware_with_model_service"] == 1


@pytest.mark.parametrize(
    "title", ["DeepSeek本地化部署服务(GXML2024126312)", "大模型知识库建设[ZH-2025-AH20]"]
)
def test_card_names_inside_project_codes_are_not_hardware(title: str) -> None:
    s = _signals(title)
    assert s["hardware_bought"] == 0 and s["ai_compute"] == 0
    assert _signals("采购英伟达H20服务器两台")["hardware_bought"] == 1
    assert _signals("8卡L20推理节点")["hardware_bought"] == 1


@pytest.mark.parametrize(
    "text",
    [
        "智能体测设备采购",
        "智能体检一体机采购",
        "肝功能（GPT、GOT）检测试剂",
        "ALT/GPT测定试剂盒",
        "沙盘模型制作",
    ],
)
def test_near_misses_are_not_large_model_cues(text: str) -> None:
    s = _signals(text)
    assert s["llm_cue"] == 0 and s["near_miss"] == 1 and s["near_miss_without_llm_cue"] == 1


@pytest.mark.parametrize(
    "text", ["医疗智能体建设", "基于ChatGPT的问答", "DeepSeek一体机", "生成式人工智能服务"]
)
def test_large_model_cues_still_count(text: str) -> None:
    assert _signals(text)["llm_cue"] == 1


@pytest.mark.parametrize(
    ("buyer", "kind"),
    [
        ("安吉县融媒体中心", "buyer_culture_media"),
        ("泰州市信息中心", "buyer_public_administration"),
        ("芜湖市12345热线管理中心", "buyer_public_administration"),
        ("六安市公共资源交易中心", "buyer_public_administration"),
        ("合肥海关", "buyer_public_administration"),
        ("滁州市疾病预防控制中心", "buyer_health_body"),
        ("常州市中心血站", "buyer_health_body"),
        ("无锡市医疗保障局", "buyer_health_body"),
        ("包河区方兴社区卫生服务中心", "buyer_health_body"),
        ("南京理工大学", "buyer_education"),
    ],
)
def test_buyer_kinds(buyer: str, kind: str) -> None:
    s = _signals("大模型应用", buyer=buyer)
    kinds = [k for k in SIGNAL_NAMES if k.startswith("buyer_") and s[k]]
    assert kind in kinds
    assert ("buyer_health_body" in kinds) == (kind == "buyer_health_body")


def test_without_a_buyer_the_title_is_read_and_supplier_names_are_not_a_medical_use() -> None:
    s = _signals("成交供应商：济世健康科技有限公司。", buyer="", title="某市第一中学大模型教学平台")
    assert s["buyer_missing"] == 1 and s["buyer_education"] == 1
    assert s["medical_use"] == 0


def test_the_batch_gives_the_same_rows_as_one_notice_at_a_time() -> None:
    rows = [json.loads(line) for line in HELDOUT_FILE.read_text(encoding="utf-8").splitlines()[:300]]
    buyers = [r["buyer"] or "" for r in rows]
    titles = [r["title"] for r in rows]
    texts = [f"{r['title']}。{r['text']}" for r in rows]
    batch = signal_matrix(buyers, titles, texts)
    single = np.array([signal_vector(b, t, x) for b, t, x in zip(buyers, titles, texts, strict=True)])
    assert batch.shape == (len(rows), len(SIGNAL_NAMES))
    assert np.array_equal(batch, single)
    assert signal_matrix([], [], []).shape == (0, len(SIGNAL_NAMES))


# -- clf6: what the supplier does, what a platform can do, and 诊断 of machines --------------------------


@pytest.mark.parametrize(
    "text",
    [
        "基于DeepSeek大模型构建智能体（Agent）平台并开发病历生成助手，用于门诊病历书写，含配套算力设备。",
        "依托通义千问开发智能导诊系统，另配置GPU服务器两台。",
        "建设护理文书生成应用，同时提供配套推理服务器。",
        "智能体平台及配套算力采购",
        "Agent平台与推理服务器建设项目",
    ],
)
def test_an_application_with_hardware_supplied_for_it_is_a_stated_bundle(text: str) -> None:
    from classifier.cues import bundle_stated

    assert bundle_stated([text]).tolist() == [True]
    assert _signals(text)["bundle_stated"] == 1


@pytest.mark.parametrize(
    "text",
    [
        # Only the platform's hardware layer is built: compute.
        "本次仅建设医疗大模型公共服务平台的硬件算力层，采购GPU服务器、存储及网络设备。",
        # Hardware with its own accessories and the supplier's service: compute.
        "采购GPU服务器（含配套存储与网络设备），含集成及运维服务。",
        "GPU服务器采购（集成及运维服务），满足大模型训练推理需求。",
        # Deployment on the buyer's hardware, and a platform that schedules compute: model.
        "在现有服务器上完成大模型的本地化部署和调优，平台支持多模型纳管、算力调度与服务监控。",
        "基于大模型开发智能问答系统，部署于采购人现有服务器，不含硬件。",
        "开发病历生成应用，无需新购服务器。",
        "智算平台及GPU服务器采购",
    ],
)
def test_hardware_alone_or_negated_is_not_a_stated_bundle(text: str) -> None:
    from classifier.cues import bundle_stated

    assert bundle_stated([text]).tolist() == [False]


def test_a_whole_machine_warranty_is_not_a_bundle_word() -> None:
    assert _signals("推理服务器整机三年保修，含现场运维。")["bundle"] == 0
    assert _signals("交付内容含服务器与模型，整机交付。")["bundle"] == 1


@pytest.mark.parametrize(
    ("text", "medical"),
    [
        ("基于DeepSeek大模型建设设备故障诊断助手，用于数控机床故障诊断。", 0),
        ("风电机组设备健康管理大模型应用。", 0),
        ("大模型辅助诊断系统，为患者提供诊疗建议。", 1),
        ("慢病人群健康管理大模型应用。", 1),
    ],
)
def test_diagnosis_of_machines_is_not_a_medical_use(text: str, medical: int) -> None:
    assert _signals(text, buyer="某机床集团有限公司")["medical_use"] == medical


@pytest.mark.parametrize(
    ("text", "scenarios"),
    [
        # The supplier's own service scope states no use (docs/domain.md §6).
        ("供应商仅提供算力资源及配套网络、存储和运维服务。", set()),
        ("质保期内免费运维，驻场运维，售后运维保障三年。", set()),
        ("提供操作培训和技术培训，故障工单4小时内响应。", set()),
        ("供应商负责项目管理与质量控制。", set()),
        # Platform capabilities are not uses; the use after 支撑 is.
        ("支持多模型的统一纳管、推理服务与应用编排，支撑智能导诊。", {"patient"}),
        # IT运维 as a use of the model (docs/domain.md §6 management).
        ("基于大模型建设信息科智能运维助手，实现运维知识问答与运维工单分析。", {"management"}),
        ("IT服务台工单智能分派。", {"management"}),
        # 护理 (its quality control included) is clinical; 病历内涵质控 is management.
        ("护理文书生成与护理质控。", {"clinical"}),
        ("病历内涵质控与医保智能审核。", {"management"}),
        ("人群健康管理与慢病管理。", {"public_health"}),
        ("住院医师规范化培训。", {"research"}),
        ("数控机床故障诊断。", set()),
    ],
)
def test_scenario_cue_lists_follow_the_spec_words(text: str, scenarios: set[str]) -> None:
    from classifier.rules import SCENARIO_CUES

    assert {name for name, cue in SCENARIO_CUES.items() if cue.search(text)} == scenarios


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("某医院DeepSeek-R1本地化部署", "DeepSeek"),
        ("基于Qwen2.5的知识库问答", "Qwen2"),
        ("LLMAPI调用服务", "LLM"),
        ("large language model微调", "large language model"),
        ("医疗智能体平台建设", "智能体"),
        ("讯飞星火认知大模型", "讯飞星火"),
        ("Hunyuan推理部署", "Hunyuan"),
        # Not large-model cues: ordinary words and Latin fragments inside other words.
        ("星火科普进社区活动", None),
        ("百川科技有限公司服务器维保", None),
        ("Storage存储扩容", None),
        ("生化试剂reagent采购", None),
        ("ALT/GPT试剂采购", None),
        ("智能体测仪采购", None),
        ("人工智能服务器采购", None),
        ("智算中心机房综合布线", None),
    ],
)
def test_llm_evidence_is_a_stated_large_model_cue(text: str, cue: str | None) -> None:
    assert llm_evidence([text]) == [cue]


def test_a_use_is_not_a_deliverable() -> None:
    """支撑/用于 … names what a purchase is for: no application or model service is delivered by it."""
    deployed = _signals("在采购人现有服务器上完成大模型本地化部署，支撑公文写作智能体。")
    assert deployed["model_service"] == 1.0 and deployed["application"] == 0.0
    built = _signals("建设基于大模型的智能问答系统，用于门诊导诊。")
    assert built["application"] == 1.0

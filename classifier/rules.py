"""A transparent keyword-rule baseline, written from docs/domain.md §4–6 alone (not from the corpus vocabularies).

It answers the same questions as the models, so `tenders evaluate` can show both side by side; a model
that cannot beat these few lists of words is not worth shipping.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from classifier.outputs import HeadOutputs
from classifier.textprep import classification_text

# docs/domain.md §4: words that make a purchase a large-model one.
LLM_CUES = re.compile(
    r"大模型|大语言模型|LLM|GPT|生成式|AIGC|DeepSeek|通义千问|Qwen|文心|ERNIE|混元|星火|盘古|GLM|智谱|Kimi|豆包|百川"
    r"|WiNGPT|MedGPT|灵医|京医千询|智能体|Agent|RAG",
    re.IGNORECASE,
)

# docs/domain.md §4: health institutions by name, then medical use stated in the purchase.
HEALTH_BUYER = re.compile(
    r"医院|卫生院|卫生服务|妇幼保健|疾病预防控制|疾控|急救|血站|血液中心|卫生健康|卫健|医疗保障|医保局|医科大学|医学院"
    r"|医疗集团|医共体|保健院|医疗中心|医学中心|精神卫生|肿瘤|癌症|病防治|疗养院|护理院"
)
MEDICAL_USE = re.compile(r"医疗|医学|临床|患者|诊疗|病历|卫生|健康")
INDUSTRY_CUES = (
    ("finance", re.compile(r"银行|证券|保险|信用社|信托|金融|农商|担保|基金|期货")),
    ("telecom", re.compile(r"移动|电信|联通|铁塔|广电|通信")),
    (
        "energy",
        re.compile(r"电网|电力|供电|石油|石化|燃气|天然气|能源|煤|核电|热力|供热|风电|光伏|发电|油田"),
    ),
    ("transport", re.compile(r"地铁|机场|港|铁路|公交|交通|航空|轨道|航运|客运|民航")),
    ("education", re.compile(r"大学|学院|学校|中学|小学|幼儿园|教育|师范")),
    ("manufacturing", re.compile(r"汽车|钢铁|重工|化工|制造|机械|纺织|电子|半导体|材料|装备|船舶|食品")),
    ("government", re.compile(r"人民政府|政府|法院|检察院|公安|税务|局$|厅$|委员会|办公室|街道|监委|政务")),
)

# docs/domain.md §5: what is delivered.
HARDWARE = re.compile(r"服务器|算力|GPU|NPU|昇腾|鲲鹏|海光|英伟达|NVIDIA|加速卡|集群|智算|显卡|H100|H20|A800")
MODEL_SERVICE = re.compile(
    r"部署|微调|精调|训练|授权|许可|API|token|知识库|语料|标注|数据集|MaaS|接入", re.IGNORECASE
)
BUNDLE = re.compile(r"一体机|软硬件|软硬一体|算力\+模型")
APPLICATION = re.compile(r"系统|应用|助手|智能体|Agent|平台建设|赋能|生成|问答|客服", re.IGNORECASE)

# docs/domain.md §6: the cue lists of each scenario, as docs/domain.md words them. Not cues: 诊断 of machines (故障诊断);
# 质控 alone (docs/domain.md names 病历内涵质控; 护理质控 is 护理, clinical); 运维 alone (docs/domain.md names IT运维, the model
# serving the hospital's IT operations: 运维问答/助手/知识/工单分析, not the supplier's 运维 of what it
# delivers, nor its 故障工单 response times); a generic 管理
# (纳管, 模型管理, 项目管理; 健康管理/慢病管理 are public_health, 随访管理 patient); the supplier's
# 操作/使用/技术 培训 (docs/domain.md names 医学教育/培训).
SCENARIO_CUES = {
    "clinical": re.compile(
        r"诊断(?<!故障诊断)(?<!设备诊断)(?<!网络诊断)|临床决策|辅助决策|病历生成|文书|报告解读|影像|病理|检验|用药|护理|专科|诊疗"
    ),
    "management": re.compile(
        r"(?:病历|病案)\w{0,4}质控|内涵质控|医保\w{0,2}审核|DRG|DIP|运营|绩效|财务|行政|办公|公文"
        r"|院感|感控|医院感染|后勤|IT运维|智能运维|运维\w{0,4}?(?:助手|知识|工单|问答|智能体|分析)"
        r"|工单\w{0,2}?(?:分析|分派|分拨|派发|研判|分类|智能)|制度(?:知识|问答)|规章制度"
    ),
    "patient": re.compile(r"导诊|分诊|预问诊|随访|健康咨询|科普|就医|客服|数字人|患者教育|宣教"),
    "research": re.compile(r"科研|文献|医学教育|培训(?<![作用术维统]培训)|考试|临床试验|药物研发|教学"),
    "public_health": re.compile(r"区域|基层|家庭医生|疾控|传染病|医保局|医保基金|人群健康|公共卫生|慢病"),
}


# Cue lists as features for the models (classifier.features.CueFeatures), in a fixed order.
BUYER_CUE_NAMES = ("health", *(name for name, _ in INDUSTRY_CUES))
TEXT_CUE_NAMES = ("llm", "medical_use", "hardware", "model_service", "bundle", "application", *SCENARIO_CUES)
_TEXT_CUES = (LLM_CUES, MEDICAL_USE, HARDWARE, MODEL_SERVICE, BUNDLE, APPLICATION, *SCENARIO_CUES.values())
_BUYER_CUES = (HEALTH_BUYER, *(cue for _, cue in INDUSTRY_CUES))


def buyer_cues(buyer: str) -> list[float]:
    return [1.0 if cue.search(buyer) else 0.0 for cue in _BUYER_CUES]


def text_cues(text: str) -> list[float]:
    return [1.0 if cue.search(text) else 0.0 for cue in _TEXT_CUES]


def _blob(record: dict[str, Any]) -> str:
    # The same body the models read (classifier.textprep), so the comparison is on equal inputs.
    return f"{record.get('title') or ''} {classification_text(record.get('text'), record.get('title'))}"


def rule_industry(record: dict[str, Any]) -> str:
    buyer = record.get("buyer") or ""
    blob = _blob(record)
    if HEALTH_BUYER.search(buyer) or (not buyer and HEALTH_BUYER.search(blob)):
        return "medical"
    if MEDICAL_USE.search(blob) and LLM_CUES.search(blob):
        return "medical"
    for industry, cue in INDUSTRY_CUES:
        if cue.search(buyer or blob):
            return industry
    return "other"


def rule_type(record: dict[str, Any]) -> str:
    """docs/domain.md §5 precedence: hardware with model or application → integrated; application → integrated."""
    blob = _blob(record)
    hardware, model, app = HARDWARE.search(blob), MODEL_SERVICE.search(blob), APPLICATION.search(blob)
    if BUNDLE.search(blob) or (hardware and (model or app)):
        return "integrated"
    if hardware:
        return "compute"
    if app and not model:
        return "integrated"
    return "model"


def rule_scenarios(record: dict[str, Any]) -> list[str]:
    blob = _blob(record)
    return [name for name, cue in SCENARIO_CUES.items() if cue.search(blob)]


def rule_outputs(records: Sequence[dict[str, Any]]) -> HeadOutputs:
    """The baseline's answers in the same shape as `Classifier.head_outputs` (scores are 0 or 1)."""
    llm = np.array([bool(LLM_CUES.search(_blob(r))) for r in records], dtype=bool)
    industry = np.array([rule_industry(r) for r in records], dtype=object)
    return HeadOutputs(
        llm=llm,
        llm_score=llm.astype(float),
        industry=industry,
        medical_score=(industry == "medical").astype(float),
        type=np.array([rule_type(r) for r in records], dtype=object),
        scenarios=[rule_scenarios(r) for r in records],
    )

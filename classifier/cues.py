"""Transparent domain signals fed to the linear models beside the n-grams (docs/domain.md §4–5).

Character n-grams learn which strings went with which label in the training notices, so they read
服务器 as "compute" even in 不含服务器等硬件, and 智能体 as "large model" even in 智能体测设备. These
signals state the docs/domain.md's distinctions directly, clause by clause:

- hardware *bought* (a compute noun in a clause that does not negate it) versus hardware only *negated
  or already owned* (不含服务器, 不采购硬件, 部署于采购人现有算力环境, 利旧现有GPU): docs/domain.md §5 puts
  deployment on the buyer's existing servers under `model`;
- model-service nouns (部署服务, 微调, 知识库/RAG, 语料/标注/数据集, token/API, MaaS, 授权) → `model`;
- application-system nouns (…系统, 应用, 助手, 智能体/Agent, 升级改造) → `integrated` when built on a
  large model; hardware+model bundles (大模型一体机, 软硬一体) → `integrated`;
- the docs/domain.md §4 near misses (自助/查询/会议一体机, 教学/沙盘/数据模型, 智能体测/体检, 大数据平台), and a
  large-model cue that does not count them;
- the buyer's kind: a health body (医院, 疾控中心, 血站, 卫健委, 医保局 …) versus the public bodies whose
  names also end in 中心/局 but are not health ones (融媒体中心, 信息中心, 政务服务中心, 数据局 …).

`signal_vector` is a pure function of (buyer, title, title + text); `SIGNAL_NAMES` names its entries.
The models learn the weights; nothing here decides a label on its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

# Notices are scanned as one string joined by SEP (see `signal_matrix`); no pattern may match across it,
# so every window below is drawn from `_IN` (a clause's characters: no clause mark, no SEP).
SEP = "\x00"
_IN = r"[^，。；,;！!？?\n\x00]"
# Texts are matched with ASCII letters lowercased (same length, so offsets hold), and every pattern is
# lowercased too: case-insensitive matching without re.IGNORECASE, which makes Python's re try every
# alternative at every position (~25× slower on these patterns).
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern.translate(_ASCII_LOWER))


# -- text ------------------------------------------------------------------------------------------

# Card names only as whole tokens: project codes such as GXML2024… or ZH-2025-AH20 hold "L20"/"H20".
_HARDWARE = (
    r"服务器|算力|GPU|NPU|显卡|加速卡|推理卡|训练卡|硬件|计算节点|智算|集群|机柜|昇腾|鲲鹏|海光|寒武纪|英伟达"
    r"|NVIDIA|(?<![A-Za-z0-9])(?:H100|H200|H800|H20|A100|A800|L20)(?!\d)|DCU|计算设备|算力设备|主机|server"
    r"|computing power"
)
HARDWARE = _rx(_HARDWARE)
# A hardware noun preceded, within its clause, by a word that says it is not bought or is already owned.
_NEGATION = (
    r"不含|不包含|不包括|不涉及|无需|不需|不另|不采购|不购置|不新增|不再采购|未包含|自备|自有|现有|既有|已有|已建|已购"
    r"|原有|存量|沿用|利旧"
)
NEGATED_HARDWARE = _rx(rf"(?:{_NEGATION}){_IN}{{0,14}}?(?:{_HARDWARE})")
# …or followed by a phrase that hands it to the buyer or says it is reused (服务器沿用…, 算力设备利旧).
HARDWARE_BY_BUYER = _rx(
    rf"(?:{_HARDWARE}){_IN}{{0,8}}(?:由(?:采购人|采购单位|采购方|院方|甲方|用户|使用单位|业主)|自行提供|除外|不在本次"
    r"|沿用|利旧|复用|继续使用)"
)
EXISTING_ENVIRONMENT = _rx(
    rf"(?:现有|既有|已有|已购|原有|存量|已建|自有){_IN}{{0,8}}(?:环境|资源|平台|算力|服务器|主机|设备|机房|云)"
)
MODEL_SERVICE = _rx(
    r"部署服务|本地化部署|私有化部署|本地部署|部署实施|部署与调优|部署及调优|微调|精调|调优|训练服务|授权|许可"
    r"|API|token|接口调用|调用服务|知识库|RAG|检索增强|语料|标注|数据集|MaaS|模型服务|推理服务|模型平台软件|模型软件"
)
APPLICATION = _rx(
    r"系统|应用|助手|智能体(?![测检质育温重脂])|Agent|赋能|场景|小程序|数字人|客服|升级改造|功能"
)
# What a purchase is *for* (支撑公文写作智能体, 用于知识库问答, 服务于临床助手): a use, not a deliverable
# (docs/domain.md §5 types by what is delivered). The rest of such a clause is blanked before the
# model-service and application nouns are looked for, so a model deployment that supports an assistant
# stays `model`, and a server bought for an application stays `compute`.
USE_CLAUSE = _rx(rf"(?:支撑|用于|服务于|应用于){_IN}*")
# docs/domain.md §5: hardware and model delivered together (大模型一体机, 软硬一体, 算力+模型+应用 bundles).
# 整机保修/质保 is the warranty of a whole machine (hardware), not hardware delivered with a model.
BUNDLE = _rx(r"一体机|一体化|训推一体|软硬|整机(?![^，。；]{0,3}(?:保修|质保|维保))|算力\s*[+＋]")
# docs/domain.md §5 precedence, stated outright: hardware delivered *together with* a model or an application.
# Written from the ways Chinese procurement text says "included" and "as one delivery", not from any
# notice: (1) an inclusion in brackets after a software noun (…平台建设（含算力设备）, …智能体（附带GPU算力）);
# (2) an inclusion word before a hardware noun with model/application work in the same clause
# (含GPU服务器、模型部署及应用开发); (3) hardware joined by 并/及/与 to deployment or tuning work in one
# clause (采购算力设备并完成模型部署); (4) turnkey words (软硬一体, 整体交付, 交钥匙, 总包, 算力+模型);
# (5) an application being built, then a clause of the same sentence supplying hardware (see `_BUILD`);
# (6) a software platform or agent joined by 及/与/和 to hardware in one noun phrase (智能体平台及配套算力,
# Agent平台与推理服务器); 智算平台/算力平台 are hardware platforms and do not count.
# A clause that only says what the hardware is *for* (用于部署X, 供X推理) matches none of them.
# 集成电路 (integrated circuits, in firms' names) includes nothing.
_INCLUDE = r"含|包含|包括|涵盖|连同|附带|附赠|配套|配备|内置|预装|搭载|集成(?!电路)"
_SOFTWARE = r"平台|系统|智能体|应用|软件|模型|知识库|问答|助手|agent"
# 操作系统/系统软件 are part of a compute purchase (docs/domain.md §5: "at most system software"), not application work.
# 集成/安装/上架部署 is the hardware's own installation, not a model's deployment.
_DEPLOY = r"部署(?<!集成部署)(?<!安装部署)(?<!上架部署)"
_WORK = (
    rf"{_DEPLOY}|调优|微调|精调|训练服务|平台|(?<!操作)系统(?!软件)|智能体|应用|知识库|开发|对接|问答|模型"
)
# (5) below: an application or platform being built, then, later in the same sentence, a clause that
# supplies hardware for it (…开发病历生成助手，用于…，含配套算力设备 / 另配置GPU服务器两台). A clause that
# negates or hands the hardware to the buyer (不含…, 无需新购…, 部署于现有服务器) supplies none, and building
# only a platform's hardware layer (仅建设…平台的硬件算力层，采购GPU服务器) is compute.
_BUILD = r"开发|构建|建设|搭建|研发|研制|打造"
_APP_NOUN = r"平台|系统|智能体|应用|助手|agent|功能"
_SUPPLY = r"提供|采购(?![人方]|单位)|购置|新购|配置|配备|含|包含|包括|配套|附带|连同"
_NO_NEGATION = r"[^，。；,;！!？?\n\x00不无未仅只非]"
BUNDLE_STATED = _rx(
    rf"(?:{_SOFTWARE}){_IN}{{0,12}}?[（(](?:{_INCLUDE}){_IN}{{0,12}}?(?:{_HARDWARE})"
    # 仅含/只含 ("only includes") introduces what is *not* bundled, as 不含 does.
    rf"|(?<![不未仅只])(?:{_INCLUDE}){_IN}{{0,10}}?(?:{_HARDWARE}){_IN}{{0,30}}?(?:{_WORK})"
    rf"|(?:{_HARDWARE}){_IN}{{0,16}}?(?:并|及|与|和|、|＋|\+){_IN}{{0,16}}?(?:{_DEPLOY}|调优|微调|精调)"
    rf"|(?:{_BUILD})(?<![仅只]..){_IN}{{0,24}}?(?:{_APP_NOUN})(?!的?(?:硬件|算力|计算|基础设施))[^。；;！!？?\n\x00]{{0,40}}?[，,]{_NO_NEGATION}{{0,4}}?"
    rf"(?:{_SUPPLY}){_IN}{{0,8}}?(?:{_HARDWARE})"
    rf"|(?:(?:智能体|agent|应用|知识库|问答|模型)(?:平台|系统)|智能体|agent)(?:建设)?(?:及|与|和|、|＋|\+)(?:配套)?{_IN}{{0,6}}?"
    rf"(?:{_HARDWARE})"
    r"|软硬(?:件)?(?:一体|整体|打包|集成)|整体交付|打包(?:采购|交付)|交钥匙|总包|总承包|一揽子|一体化(?:建设|交付|解决方案)"
    rf"|算力\s*[+＋]\s*(?:大?模型|平台|应用)"
)
# docs/domain.md §4 large-model cues, without the near misses (智能体测, ALT/GPT 试剂): the evidence a
# reader can point to. Latin names only as whole words (storage holds "rag", reagent "agent"); named
# models as the public knows them, in Chinese and in pinyin/English, and the generic words for a
# pre-trained model (基座/预训练/多模态/语言模型). `llm_evidence` returns the match; `classifier.predict`
# answers llm only where there is one.
_LATIN = (
    r"GPTs?|ChatGPT|AIGC|DeepSeek|Qwen\w*|QwQ|ERNIE|GLM\w*|ChatGLM|Kimi|Baichuan|Hunyuan|Pangu|Doubao"
    r"|MiniMax|MiniCPM|Llama\w*|Mistral|Gemma|Yi-\d+B?|Step-\d|InternLM|MOSS|Agents?|RAG|MaaS|WiNGPT\w*|MedGPT"
)
LLM = _rx(
    r"大模型|大语言模型|语言模型|基座模型|预训练模型|多模态模型|生成式|文生图|文生视频|深度求索|通义|千问|混元|智谱|豆包"
    r"|灵医|京医千询|商汤日日新|360智脑|悟道|雅意|书生浦语|紫东太初|零一万物|阶跃星辰|序列猴子|讯飞晓医|岐黄问道"
    # Names that are also ordinary words or firms' names (星火科普, 百川科技, 文心阁) only with their model's marks.
    r"|讯飞星火|星火(?:认知|医疗|\s*[xv]?\d)|华为盘古|盘古(?:医学|\s*\d)|文心(?:一言|\s*\d)|百川[-‐]?m\d"
    r"|智能体(?![测检质育温重脂])"
    rf"|(?<![a-z0-9])(?:{_LATIN})(?![a-z])|(?<![a-z])llm|large language model"
)
# GPT the liver enzyme (谷丙转氨酶, ALT/GPT 试剂), removed before looking for the GPT of large models.
ENZYME_GPT = _rx(
    rf"(?:ALT|GOT|AST|谷丙|转氨酶|肝功能?){_IN}{{0,8}}GPT|GPT{_IN}{{0,8}}(?:ALT|GOT|AST|测定|试剂|检测|校准|质控)"
)
# Compute for inference or training: docs/domain.md §4 counts 算力 bought for large models.
AI_COMPUTE = _rx(r"推理|智算|算力|训练卡|加速卡")
# Three patterns rather than one alternation: Python's re scans each of these ~10× faster on its own.
NEAR_MISSES = (
    _rx(
        rf"(?:自助|查询|触摸|会议|教学|体检|叫号|填单|填表|办税|发卡|借还|缴费|打印|信息发布){_IN}{{0,4}}一体机"
    ),
    _rx(
        r"(?:教学|解剖|沙盘|打印|数据|仿真|缩比|展示|实体|建筑|结构|训练|示教|地理|分子|航模|船模|器官)模型|模型室|模具"
    ),
    _rx(r"智能体[测检质育温重脂]|体质监测|体质测试|大数据平台|智能化改造|智能化系统|GPT(?:、|/)?GOT|ALT/GPT"),
)

# docs/domain.md §4: a purchase explicitly for medical or health use, whoever buys it. A medical word inside a
# company name (the suppliers of award notices: 某某健康科技有限公司) says nothing of the use, nor does
# 诊断 alone (故障诊断 of machines) or the health of equipment (设备健康管理): a health context is needed.
MEDICAL_USE = _rx(
    r"(?:医疗|医学|医院|临床|诊疗|病历|病案|患者|病人|疾病|就医|卫生|医保|中医|药学|护理|疾控|传染病"
    r"|健康(?<!设备健康)(?<!机组健康)(?<!结构健康)(?<!电池健康)|院内|门诊|住院)"
    r"(?![\u4e00-\u9fffA-Za-z（）()]{0,12}?(?:有限责任公司|有限公司|股份公司|集团|研究院))"
)

# -- buyer -----------------------------------------------------------------------------------------

HEALTH_BODY = _rx(
    r"医院|卫生院|卫生服务|卫生室|妇幼|保健院|疾病预防控制|疾控|急救|血站|血液中心|采供血|卫生健康|卫健|卫生计生"
    r"|卫生监督|医疗保障|医保|医科大学|医学院|医学科学院|医疗集团|医共体|医疗中心|精神卫生|结核病防治|职业病防治"
    r"|皮肤病防治|口腔病防治|健康教育所|中医药管理|医疗|医学中心|健康管理中心|康复中心"
    # Cancer and disease-prevention bodies (肿瘤防治中心, 癌症中心, 地方病防治所) and care homes are health
    # institutions by name (docs/domain.md §4), though their names end in 中心/所 like public bodies.
    r"|肿瘤|癌症|病防治|疗养院|护理院"
)
# Public bodies whose names also end in 中心/局/院/馆 but are not health ones (docs/domain.md §4: who buys).
PUBLIC_ADMINISTRATION = _rx(
    r"信息中心|大数据|数据局|数据资源|数据管理|政务|热线|12345|公共资源交易|行政服务|市民服务|便民服务|城市运行"
    r"|海关|检察|法院|公安|司法|监狱|税务|纪委|监委|人民政府|街道|人大|政协|党委|机关事务"
)
CULTURE_MEDIA = _rx(
    r"融媒体|广播电视台|电视台|报社|报业|传媒|新闻|出版|博物|图书馆|档案|文化馆|美术馆|科技馆|展览馆|纪念馆|文旅|文化旅游"
)
EDUCATION = _rx(r"大学|学院|学校|中学|小学|幼儿园|教育|师范|职校|技校")
INDUSTRY_BODY = _rx(
    r"银行|信用社|农商|证券|保险|金融|电力|电网|供电|燃气|石油|石化|能源|发电|铁路|机场|地铁|轨道|港务|港口|航空|公交"
    r"|移动|电信|联通|铁塔|广电网络|集团|有限公司|股份"
)

SIGNAL_NAMES = (
    "hardware_bought",
    "hardware_negated_only",
    "existing_environment",
    "model_service",
    "application",
    "bundle",
    "hardware_with_model_service",
    "hardware_with_application",
    "bundle_stated",
    "llm_cue",
    "ai_compute",
    "medical_use",
    "near_miss",
    "near_miss_without_llm_cue",
    "buyer_health_body",
    "buyer_public_administration",
    "buyer_culture_media",
    "buyer_education",
    "buyer_industry_body",
    "buyer_missing",
)

_CLAUSE_END = _rx(r"[，。；,;！!？?\n\x00]")


def _blank(pattern: re.Pattern[str], joined: str) -> str:
    """`joined` with the matches of `pattern` overwritten (same length, so offsets stay valid)."""
    return pattern.sub(lambda m: "\x01" * len(m.group()), joined)


def _positions(pattern: re.Pattern[str], joined: str) -> np.ndarray:
    return np.fromiter((m.start() for m in pattern.finditer(joined)), dtype=np.int64)


class _Batch:
    """Many texts joined by SEP; answers "which texts does this pattern match" with one scan."""

    def __init__(self, texts: Sequence[str]):
        self.joined = (SEP.join(t.replace(SEP, " ") for t in texts) + SEP).translate(_ASCII_LOWER)
        lengths = np.fromiter((len(t) + 1 for t in texts), dtype=np.int64, count=len(texts))
        self.starts = np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.int64)
        self.n = len(texts)

    def doc_of(self, positions: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.starts, positions, side="right") - 1

    def hits(self, pattern: re.Pattern[str], joined: str | None = None) -> np.ndarray:
        out = np.zeros(self.n, dtype=bool)
        out[self.doc_of(_positions(pattern, self.joined if joined is None else joined))] = True
        return out


def _hardware(batch: _Batch) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per text: (some clause buys hardware, hardware is mentioned only negated or as the buyer's own);
    also the clause ends of the joined string and the ids of the clauses that negate hardware or hand
    it to the buyer."""
    ends = _positions(_CLAUSE_END, batch.joined)  # every clause ends at one of these (SEP included)
    hardware = _positions(HARDWARE, batch.joined)
    negations = np.concatenate(
        [_positions(NEGATED_HARDWARE, batch.joined), _positions(HARDWARE_BY_BUYER, batch.joined)]
    )
    negating_clauses = np.searchsorted(ends, negations)
    negated_clause = np.isin(np.searchsorted(ends, hardware), negating_clauses)
    docs = batch.doc_of(hardware)
    bought = np.zeros(batch.n, dtype=bool)
    negated = np.zeros(batch.n, dtype=bool)
    bought[docs[~negated_clause]] = True
    negated[docs[negated_clause]] = True
    return bought, negated & ~bought, ends, negating_clauses


def _bundle_stated(
    batch: _Batch, negated_only: np.ndarray, ends: np.ndarray, negating_clauses: np.ndarray
) -> np.ndarray:
    """Per text: a `BUNDLE_STATED` match that does not end in a clause negating hardware (现有服务器上完成
    部署 is deployment on the buyer's hardware), and hardware is not mentioned only negated."""
    last = np.fromiter((m.end() - 1 for m in BUNDLE_STATED.finditer(batch.joined)), dtype=np.int64)
    kept = last[~np.isin(np.searchsorted(ends, last), negating_clauses)]
    out = np.zeros(batch.n, dtype=bool)
    out[batch.doc_of(kept)] = True
    return out & ~negated_only


def signal_matrix(buyers: Sequence[str], titles: Sequence[str], texts: Sequence[str]) -> np.ndarray:
    """The signals of `SIGNAL_NAMES` (0/1 columns) for many notices: buyer names, titles, title+body texts.

    With no buyer, the buyer-kind signals read the title instead: portals usually put the buyer's
    name at its head (某某医院…采购项目), and the body holds supplier names (某某健康科技有限公司) that
    would mislead them.
    """
    text = _Batch(texts)
    missing = np.array([not b.strip() for b in buyers], dtype=bool)
    buyer = _Batch([t if gone else b for b, t, gone in zip(buyers, titles, missing, strict=True)])
    bought, negated_only, ends, negating_clauses = _hardware(text)
    llm = text.hits(LLM, _blank(ENZYME_GPT, text.joined))
    near_miss = np.logical_or.reduce([text.hits(p) for p in NEAR_MISSES])
    deliverables = _blank(USE_CLAUSE, text.joined)
    service = text.hits(MODEL_SERVICE, deliverables)
    application = text.hits(APPLICATION, deliverables)
    health = buyer.hits(HEALTH_BODY)
    columns = (
        bought,
        negated_only,
        text.hits(EXISTING_ENVIRONMENT),
        service,
        application,
        text.hits(BUNDLE),
        # docs/domain.md §5 precedence: hardware together with a model service or an application → integrated.
        bought & service,
        bought & application,
        _bundle_stated(text, negated_only, ends, negating_clauses),
        llm,
        text.hits(AI_COMPUTE),
        text.hits(MEDICAL_USE),
        near_miss,
        near_miss & ~llm,
        health,
        buyer.hits(PUBLIC_ADMINISTRATION) & ~health,
        buyer.hits(CULTURE_MEDIA),
        buyer.hits(EDUCATION) & ~health,
        buyer.hits(INDUSTRY_BODY) & ~health,
        missing,
    )
    return np.column_stack(columns).astype(np.float64).reshape(len(texts), len(SIGNAL_NAMES))


def bundle_stated(texts: Sequence[str]) -> np.ndarray:
    """Per title+text: hardware is stated to come with a model or an application (docs/domain.md §5 → integrated),
    and hardware is not mentioned only to be negated. The rule layer of `classifier.predict` reads it."""
    batch = _Batch(texts)
    _, negated_only, ends, negating_clauses = _hardware(batch)
    return _bundle_stated(batch, negated_only, ends, negating_clauses)


def llm_evidence(texts: Sequence[str]) -> list[str | None]:
    """Per title+text: the first large-model cue (docs/domain.md §4) it states, or None. GPT the liver
    enzyme does not count. This is the evidence `classifier.predict` requires before answering llm."""
    out: list[str | None] = []
    for text in texts:
        lowered = _blank(ENZYME_GPT, text.translate(_ASCII_LOWER))
        match = LLM.search(lowered)
        out.append(text[match.start() : match.end()] if match else None)
    return out


def signal_vector(buyer: str, title: str, text: str) -> list[float]:
    """`signal_matrix` for one notice, as a list in `SIGNAL_NAMES` order."""
    return [float(v) for v in signal_matrix([buyer], [title], [text])[0]]

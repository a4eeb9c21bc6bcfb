"""The domain signals (classifier.cues): hardware bought vs negated, near misses, buyer kinds, batch = one by one."""

from __future__ import annotations

import json

import numpy as np
import pytest

from classifier.corpus.build import HELDOUT_FILE
from classifier.cues import SIGNAL_NAMES, signal_matrix, signal_vector


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

"""classifier.textprep: boilerplate of whole notice bodies is dropped, what is bought is kept, excerpts pass."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from authoring.classifier_corpus.vocabulary import HELDOUT, TRAIN, Vocabulary
from classifier.cues import bundle_stated
from classifier.predict import load_classifier
from classifier.textprep import classification_text, prepare
from domain.paths import REAL_PAGES_DIR

# A ccgp national-template award as crawler/parse flattens it (elements joined by spaces), written by us.
AWARD = (
    "一、项目编号：GZ2025-CG013 二、项目名称：智慧法院大模型辅助办案平台建设 三、中标（成交）信息 1.中标结果： "
    "序号 供应商名称 供应商地址 中标（成交）金额 评审报价 1 安康医疗科技有限公司 某市健康路88号康复大厦 "
    "总价形式报价:569800.00(元) - 四、主要标的信息 服务类主要标的信息： 序号 标项名称 标的名称 服务范围 服务要求 "
    "服务时间 服务标准 1 智慧法院大模型辅助办案平台建设 智慧法院大模型辅助办案平台建设 基于大语言模型建设裁判文书辅助生成功能。 "
    "详见采购文件 12个月 合格 五、评审专家（单一来源采购人员）名单： 赵有亮、叶华、邓霁 六、代理服务收费标准及金额： "
    "1.代理服务收费标准：代理服务费为包干价人民币捌仟贰佰元整。 2.代理服务收费金额（元）：8200 七、公告期限 "
    "自本公告发布之日起1个工作日。 八、其他补充事宜 平台部署于法院现有机房。 九、对本次公告内容提出询问，请按以下方式联系 "
    "1.采购人信息 名称：某市中级人民法院 地址：某市康复大道1号 联系方式：13984083455 2.采购代理机构信息 "
    "名称：某某工程咨询有限公司 地址：某市人民路16号 联系方式：0851-85427887 3.项目联系方式 项目联系人：朱元杰 "
    "电话：18585427887 附件：中标（成交）结果公告.pdf"
)
TENDER = (
    "项目概况 智慧医院大模型应用采购项目的潜在供应商应在政采云平台获取采购文件，并于2025年12月31日 09:30（北京时间）前"
    "提交响应文件。 一、项目基本情况 项目编号：WZ2025-J1-000544 项目名称：智慧医院大模型应用 采购方式：竞争性谈判 "
    "预算总金额（元）：1540000 采购需求： 标项一 标项名称:智慧医院大模型应用 数量:1 预算金额（元）:1540000 "
    "简要规格描述或项目基本概况介绍、用途：建设智能导诊与病历生成应用，含GPU服务器两台。 最高限价（如有）：/ "
    "合同履约期限：签订合同之日起一年 本项目（否）接受联合体投标 二、申请人的资格要求： 1.满足《中华人民共和国政府采购法》"
    "第二十二条规定； 三、获取采购文件 时间：2025年12月27日至2025年12月30日（北京时间，法定节假日除外） 四、响应文件提交 "
    "截止时间：2025年12月31日 09:30（北京时间） 五、响应文件开启 开启时间：2025年12月31日 09:30 六、公告期限 "
    "自本公告发布之日起3个工作日。 七、其他补充事宜 1、本项目实行电子投标，供应商应按要求加密响应文件。 "
    "八、凡对本次招标提出询问，请按以下方式联系 1.采购人信息 名 称：某市人民医院 地 址：某市高地路1号 项目联系人：朱先生 "
    "项目联系方式：0774-2024689"
)
BOILERPLATE = ("供应商", "地址", "联系", "电话", "专家", "赵有亮", "代理服务", "公告期限", "质疑", "潜在", "北京时间",
               "联合体", "预算", "安康医疗科技", "健康路", "康复大道", "13984083455", "政府采购法")  # fmt: skip


@pytest.mark.parametrize("body", [AWARD, TENDER])
def test_boilerplate_of_a_whole_body_is_dropped(body: str) -> None:
    out = classification_text(body)
    assert len(out) < len(body) / 4
    for word in BOILERPLATE:
        assert word not in out, f"{word} left in {out}"


def test_what_is_bought_and_for_what_is_kept() -> None:
    award = classification_text(AWARD)
    assert "智慧法院大模型辅助办案平台建设" in award
    assert "基于大语言模型建设裁判文书辅助生成功能。" in award and "平台部署于法院现有机房。" in award
    tender = classification_text(TENDER)
    assert "建设智能导诊与病历生成应用，含GPU服务器两台。" in tender
    assert "智慧医院大模型应用" in tender


def test_title_copies_of_the_project_name_are_dropped_with_the_title_given() -> None:
    out = classification_text(AWARD, "智慧法院大模型辅助办案平台建设中标（成交）结果公告")
    assert "智慧法院大模型辅助办案平台建设" not in out
    assert "基于大语言模型建设裁判文书辅助生成功能。" in out


def _substance(vocab: Vocabulary) -> list[str]:
    slots = {"model": "DeepSeek", "hw": "昇腾910B", "domain": "医疗", "app": "智能导诊", "apps": "智能导诊"}
    templates = (
        vocab.compute_bodies + vocab.model_bodies + vocab.bundle_bodies + vocab.app_bodies
        + vocab.hosting + vocab.use_phrases
    )  # fmt: skip
    return [t.format(**slots) + "。" for t in templates]


@pytest.mark.parametrize("vocab", [TRAIN, HELDOUT], ids=lambda v: v.name)
def test_excerpt_sentences_that_say_what_is_bought_pass_unchanged(vocab: Vocabulary) -> None:
    for sentence in _substance(vocab):
        assert classification_text(sentence) == sentence
    joined = "".join(_substance(vocab)[:4])
    assert classification_text(joined) == joined


def test_excerpt_boilerplate_sentences_go_and_the_rest_stays_in_order() -> None:
    excerpt = "采购GPU服务器用于大模型推理。中标供应商：华康医疗科技有限公司，中标金额：120万元。投标截止时间为2025年8月22日。用于病历生成。"
    assert classification_text(excerpt) == "采购GPU服务器用于大模型推理。用于病历生成。"
    assert (
        classification_text("") == ""
        and classification_text(None) == ""
        and classification_text("短") == "短"
    )


def test_prepare_changes_only_the_text() -> None:
    record = {"title": "t", "text": AWARD, "buyer": "某市中级人民法院", "source": "ccgp"}
    out = prepare(record)
    assert out["text"] == classification_text(AWARD, "t")
    assert {k: v for k, v in out.items() if k != "text"} == {k: v for k, v in record.items() if k != "text"}
    assert record["text"] == AWARD


def test_supplier_and_street_names_no_longer_make_a_court_medical() -> None:
    record = {
        "title": "智慧法院大模型辅助办案平台建设中标（成交）结果公告",
        "text": AWARD,
        "buyer": "某市中级人民法院",
    }
    (result,) = load_classifier().classify([record])
    assert result.llm and result.industry == "government" and not result.in_scope


def test_a_hospital_with_other_trades_suppliers_stays_medical() -> None:
    body = AWARD.replace("安康医疗科技有限公司", "恒信金融科技有限公司").replace("法院", "人民医院")
    record = {"title": "某市人民医院大模型病历生成系统中标公告", "text": body, "buyer": "某市人民医院"}
    (result,) = load_classifier().classify([record])
    assert result.in_scope and result.industry == "medical"


@pytest.mark.parametrize(
    ("text", "stated"),
    [
        ("智慧医院大模型平台建设（含算力设备）及病历生成系统", True),
        ("含GPU算力服务器、DeepSeek部署及应用开发，整体交付", True),
        # An application platform built, then hardware supplied for it in the same sentence (since clf6).
        ("建设大模型应用平台，配套采购昇腾算力设备", True),
        ("采购算力设备并完成大模型部署调优", True),
        ("软硬一体交付大模型知识库", True),
        ("采购GPU服务器，用于DeepSeek私有化部署", False),
        ("新购GPU服务器用于大模型推理，软件由采购人自行部署", False),
        ("采购GPU服务器（含配套存储与网络设备），用于后续大模型部署", False),
        ("大模型微调服务，不含服务器等硬件", False),
    ],
)
def test_stated_bundles_are_recognised(text: str, stated: bool) -> None:
    assert bool(bundle_stated([text])[0]) is stated


def test_a_stated_bundle_is_integrated_whatever_the_hardware_words() -> None:
    record = {
        "title": "智能体平台建设项目中标公告",
        "text": "项目概况 本项目建设大模型智能体平台（含GPU服务器4台、存储及网络设备），部署于院内机房。",
        "buyer": "某市人民医院",
    }
    (result,) = load_classifier().classify([record])
    assert result.type == "integrated"


def test_real_pages_keep_their_project_and_lose_their_contacts() -> None:
    if not REAL_PAGES_DIR.is_dir():
        pytest.skip(
            f"real pages absent ({REAL_PAGES_DIR}); they are shared test data, not part of the repository"
        )
    from crawler.parse import parse_file

    checks = {
        "ccgp/award_guizhou_qingzhen_streetlights_2025-06-27.html": (
            "太阳能路灯",
            "江苏新煦光电科技有限公司",
        ),
        "zcy/tender_wuzhou_workers_hospital_WZZC2021-J1-000544-ZYZB.html": ("血流动力学", "高地路南三巷"),
        "zcy/tender_lingyun_mch_hospital_BSZC2022-G1-270295-GXYX.html": ("医疗设备", "冉师至"),
    }
    for name, (kept, dropped) in checks.items():
        path = Path(REAL_PAGES_DIR) / name
        if not path.is_file():
            pytest.skip(f"{path} absent")
        (notice,) = parse_file(path)
        out = classification_text(notice.text)
        assert kept in out and dropped not in out, out
        assert not re.search(r"1[3-9]\d{9}|\d{3,4}[-－]\d{7,8}", out), out


def test_hotline_and_support_sentences_are_kept_when_they_say_what_is_bought() -> None:
    """12345 hotlines are a common large-model purchase; only hotline/support *numbers* are boilerplate."""
    body = (
        "建设依托大语言模型的12345热线智能助手系统，提升接诉效率。供应商提供7×24小时技术支持服务。"
        "咨询热线：400-123-4567。技术支持电话：0571-88886666。热线电话 12345。"
    )
    out = classification_text(body)
    assert "建设依托大语言模型的12345热线智能助手系统，提升接诉效率。" in out
    assert "供应商提供7×24小时技术支持服务。" in out
    assert "400-123-4567" not in out and "0571-88886666" not in out and "热线电话" not in out
    (result,) = load_classifier().classify(
        [{"title": "智能助手系统采购项目", "text": body, "buyer": "某市政务服务中心"}]
    )
    assert result.llm and result.type == "integrated"

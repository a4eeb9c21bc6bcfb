"""Every saved real page in /work/shared/real-pages, field by field (values checked by reading the
pages and /work/shared/real-pages/README.md)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from crawler.parse import parse_file
from crawler.parse.body import extract_body
from crawler.parse.ggzy import parse_ggzy_content, parse_ggzy_project_page
from crawler.parse.suppliers import normalise_supplier
from crawler.parse.text import load_html
from crawler.parse.zcy import parse_zcy_content
from domain.notice import ParsedNotice
from domain.paths import REAL_PAGES_DIR
from domain.vocabulary import NOTICE_TYPES, SOURCES

pytestmark = pytest.mark.skipif(
    not REAL_PAGES_DIR.is_dir(), reason=f"real pages folder {REAL_PAGES_DIR} is absent (shared test data)"
)

GUIZHOU = "ccgp/award_guizhou_qingzhen_streetlights_2025-06-27.html"
JINAN = "ccgp/award_shandong_jinan_univ_4lots_2025-07-14.html"
SHENZHEN = "ccgp/award_shenzhen_longhua_aircon_2025-05-27_rendered.html"
DEZHOU = "ccgp/search_result_item_dezhou_correction_2020-03-04.html"
GGZY_LIST = "ggzy/api_getTradList_response_2026-03-17.json"
GGZY_A = "ggzy/project_page_a_deqing_contract_2026-03-17.html"
GGZY_B = "ggzy/content_page_b_deqing_contract_2026-03-17.html"
ZCY_WUZHOU = "zcy/tender_wuzhou_workers_hospital_WZZC2021-J1-000544-ZYZB.html"
ZCY_LINGYUN = "zcy/tender_lingyun_mch_hospital_BSZC2022-G1-270295-GXYX.html"
ZCY_KWZB = "zcy/tender_gx_chest_hospital_GXZC2021-G1-004895-KWZB.html"
DEQING_TITLE = "德清县体育中心（县少年儿童体育学校）的少体校学生就学、训练、参赛等用车服务采购项目合同"
B = "https://www.ggzy.gov.cn/information/deal/html/b/330000/"


def page(name: str) -> Path:
    return REAL_PAGES_DIR / name


def only(name: str) -> ParsedNotice:
    notices = parse_file(page(name))
    assert len(notices) == 1
    return notices[0]


def fields(notice: ParsedNotice) -> dict[str, object]:
    out = notice.to_json()
    out.pop("text")
    out.pop("url")
    return out


def test_every_real_page_is_covered_here() -> None:
    files = sorted(str(p.relative_to(REAL_PAGES_DIR)) for p in REAL_PAGES_DIR.glob("*/*") if p.is_file())
    assert files == sorted(
        [GUIZHOU, JINAN, SHENZHEN, DEZHOU, GGZY_LIST, GGZY_A, GGZY_B, ZCY_WUZHOU, ZCY_LINGYUN, ZCY_KWZB]
    )


@pytest.mark.parametrize("name", [p.relative_to(REAL_PAGES_DIR).as_posix() for p in REAL_PAGES_DIR.glob("*/*.*")
                                  if p.suffix != ".md"] if REAL_PAGES_DIR.is_dir() else [])  # fmt: skip
def test_invariants_of_every_notice(name: str) -> None:
    for notice in parse_file(page(name)):
        assert notice.source in SOURCES and notice.notice_type in NOTICE_TYPES
        assert notice.title and notice.title == notice.title.strip() and "<" not in notice.title
        assert "  " not in notice.title
        for amount in (notice.budget_yuan, notice.award_amount_yuan):
            assert amount is None or (isinstance(amount, Decimal) and amount > 0)
        assert all(normalise_supplier(s) == s for s in notice.suppliers)
        assert len(set(notice.suppliers)) == len(notice.suppliers)
        assert notice.url not in notice.related_urls
        for banned in ("document.cookie", "_bot_sbu", "fixTableStyle", "iVBORw0KGgo"):
            assert banned not in notice.text


def test_guizhou_award_national_template() -> None:
    notice = only(GUIZHOU)
    assert fields(notice) == {
        "source": "ccgp",
        "title": "清镇市2025年农村综合改革转移支付预算（农村公益事业财政奖补）项目麦格苗族布依族乡太阳能路灯采购的中标(成交)结果公告",
        "notice_type": "award",
        "publish_date": "2025-06-27",
        "project_code": "LKZX2025-CG013",
        "buyer": "清镇市麦格苗族布依族乡人民政府",
        "agency": "贵州励柯工程咨询有限公司",
        "region": "贵州省",
        "budget_yuan": None,
        "award_amount_yuan": 569800,
        "suppliers": ["江苏新煦光电科技有限公司"],
        "lots": 1,
        "related_urls": [],
    }
    assert notice.award_amount_yuan == Decimal("569800")
    assert notice.url == page(GUIZHOU).resolve().as_uri()
    # Attachment names (ul.fjxx) and the body are in the text.
    assert "中标（成交）结果公告.pdf" in notice.text and "中标结果文件压缩包.zip" in notice.text
    assert "总价形式报价:569800.00(元)" in notice.text


def test_jinan_four_lots_shandong_layout() -> None:
    notice = only(JINAN)
    assert fields(notice) == {
        "source": "ccgp",
        "title": "济南大学中心校区学生公寓改造提升项目施工中标（成交）公告",
        "notice_type": "award",
        "publish_date": "2025-07-14",
        "project_code": "SDGP370000000202502005150",
        "buyer": "济南大学",
        "agency": "海逸恒安项目管理有限公司",
        "region": "山东省",
        "budget_yuan": None,
        "award_amount_yuan": 106185203.89,
        "suppliers": [
            "中建八局第二建设有限公司",
            "中建八局东南建设有限公司",
            "济南一建集团有限公司",
            "中铁十局集团有限公司",
        ],
        "lots": 4,
        "related_urls": [],
    }
    # 2837.861389 + 2767 + 2578.659 + 2435 万元, exactly; the summary's 10618.520389 万元 agrees.
    assert notice.award_amount_yuan == Decimal("106185203.89")


def test_jinan_lot_by_lot() -> None:
    root = load_html(page(JINAN).read_bytes(), "jinan")
    content = next(d for d in root.iter("div") if "vF_detail_content" in (d.get("class") or "").split())
    awards = extract_body(content).awards
    assert [(a.lot, a.amount) for a in awards] == [
        ("A", Decimal("28378613.89")),
        ("B", Decimal("27670000")),
        ("C", Decimal("25786590")),
        ("D", Decimal("24350000")),
    ]


def test_shenzhen_body_beats_rounded_summary() -> None:
    notice = only(SHENZHEN)
    assert fields(notice) == {
        "source": "ccgp",
        "title": "深圳市龙华科技实验高级中学空调采购中标（成交）结果公告",
        "notice_type": "award",
        "publish_date": "2025-05-27",
        "project_code": "LHACG2025000057",
        "buyer": "深圳市龙华科技实验高级中学",
        "agency": "深圳交易集团有限公司龙华分公司",
        # 行政区域 is 龙华区 (a name shared with 海口): resolved through the buyer 深圳市….
        "region": "广东省",
        "budget_yuan": None,
        # Body 6687920.0元, not the summary's 668.790000 万元 (= 6687900, rounded).
        "award_amount_yuan": 6687920,
        "suppliers": ["深圳市金龙空调电器有限公司"],
        "lots": 1,
        "related_urls": [],
    }


def test_dezhou_search_result_item() -> None:
    notice = only(DEZHOU)
    assert notice.url == "http://www.ccgp.gov.cn/cggg/dfgg/gzgg/202003/t20200304_13957968.htm"
    assert fields(notice) == {
        "source": "ccgp",
        "title": "德州市公安局互联网门户网站建设项目（恢复）更正公告",
        "notice_type": "correction",
        "publish_date": "2020-03-04",
        "project_code": None,
        "buyer": "德州市公安局",
        "agency": "山东信一项目管理有限公司",
        "region": "山东省",
        "budget_yuan": None,
        "award_amount_yuan": None,
        "suppliers": [],
        "lots": None,
        "related_urls": [],
    }
    assert notice.text.startswith(
        "德州市公安局互联网门户网站建设项目（恢复）更正公告一、采购人：德州市公安局"
    )


def test_ggzy_list_json() -> None:
    notices = parse_file(page(GGZY_LIST))
    assert len(notices) == 20
    assert [(n.notice_type, n.region) for n in notices] == [
        ("contract", "浙江省"), ("award", "上海市"), ("award", "上海市"), ("tender", "江西省"),
        ("tender", "江西省"), ("tender", "江西省"), ("award", "山东省"), ("tender", "山东省"),
        ("tender", "山东省"), ("correction", "湖北省"), ("tender", "河南省"), ("correction", "天津市"),
        ("tender", "山东省"), ("tender", "重庆市"), ("tender", "山东省"), ("award", "西藏自治区"),
        ("award", "海南省"), ("correction", "江苏省"), ("tender", "甘肃省"), ("tender", "山东省"),
    ]  # fmt: skip
    assert [n.publish_date for n in notices].count(date(2026, 3, 17)) == 6
    first = notices[0]
    # The list's A path becomes the B (content) page: the canonical ggzy notice URL.
    assert first.url == B + "0203/20260317/003346ed9dd8b0494c7aa507db162810f636.html"
    assert first.title == DEQING_TITLE
    assert (first.buyer, first.award_amount_yuan, first.text) == (None, None, "")
    assert [n.project_code for n in notices[3:6]] == [
        "JDGR2026-XY-J002",
        "GZNB2026-NK-J001-1",
        "JDGR2026-SC-G003",
    ]
    assert all(n.source == "ggzy" for n in notices)


TABS = [
    ("0201", B + "0201/20260116/b159fec804f80c4360ec2842ae943d15.html", date(2026, 1, 16)),
    ("0201", B + "0201/20260105/0939b97b719c91e78b4857eed00f847e.html", date(2026, 1, 5)),
    ("0202", B + "0202/20260115/00334736dfd447f24276be579558af7a0d2a.html", date(2026, 1, 15)),
    ("0203", B + "0203/20260317/003346ed9dd8b0494c7aa507db162810f636.html", date(2026, 3, 17)),
]


def test_ggzy_project_page() -> None:
    result = parse_ggzy_project_page(
        page(GGZY_A).read_bytes(), "https://www.ggzy.gov.cn/information/deal/html/a/x.html"
    )
    assert result.title == DEQING_TITLE
    assert result.project_code == "330521253680050000027-ZJXCXZF-2025-JC57"
    assert result.platform == "湖州市公共资源交易网"
    assert result.active_stage == "0203"
    assert result.stage_names == {
        "0201": "采购/资审公告",
        "0202": "中标公告",
        "0203": "采购合同",
        "0204": "更正事项",
    }
    assert [(t.stage_code, t.url, t.date) for t in result.tabs] == TABS
    assert result.tabs[1].title.endswith("的竞争性磋商公告")


def test_ggzy_project_page_notices() -> None:
    notices = parse_file(page(GGZY_A))
    assert [(n.url, n.publish_date) for n in notices] == [(url, day) for _, url, day in TABS]
    # A type the title states wins over the tab: the first 0201 entry is titled 中标(成交)结果公告.
    assert [n.notice_type for n in notices] == ["award", "tender", "award", "contract"]
    for notice in notices:
        assert notice.project_code == "330521253680050000027-ZJXCXZF-2025-JC57"
        assert notice.region == "浙江省"
        assert notice.related_urls == [url for _, url, _ in TABS if url != notice.url]


def test_ggzy_content_page_contract() -> None:
    notice = only(GGZY_B)
    assert fields(notice) == {
        "source": "ggzy",
        "title": DEQING_TITLE,
        "notice_type": "contract",
        "publish_date": "2026-03-17",
        "project_code": None,
        "buyer": "德清县体育中心（德清县少年儿童体育学校）",
        "agency": None,
        "region": "浙江省",
        "budget_yuan": None,
        # 合同金额 "0元 人民币" beside an empty 合同期限 "年": a blank template, so undisclosed.
        "award_amount_yuan": None,
        "suppliers": ["湖州新国旅外事旅游汽车服务有限公司"],
        "lots": 1,
        "related_urls": [],
    }


def test_ggzy_content_page_with_its_url() -> None:
    url = B + "0203/20260317/003346ed9dd8b0494c7aa507db162810f636.html"
    notice = parse_ggzy_content(page(GGZY_B).read_text(encoding="utf-8"), url)
    assert (notice.url, notice.notice_type, notice.region) == (url, "contract", "浙江省")


@pytest.mark.parametrize(
    ("name", "code", "title", "buyer", "agency", "budget", "lot_budgets"),
    [
        (ZCY_WUZHOU, "WZZC2021-J1-000544-ZYZB", "血流动力学检测仪、多功能监护仪采购", "梧州市工人医院",
         "广西中意招标造价咨询有限公司", 1540000, [640000, 900000]),
        (ZCY_LINGYUN, "BSZC2022-G1-270295-GXYX", "凌云县妇幼保健院整体搬迁项目医疗设备和办公设备采购", "凌云县妇幼保健院",
         "广西优信工程建设管理有限公司", 12461000, [10230000, 2231000]),
        (ZCY_KWZB, "GXZC2021-G1-004895-KWZB", "医疗设备采购", "广西壮族自治区胸科医院",
         "广西科文招标有限公司", 7550000, [4000000, 3550000]),
    ],
)  # fmt: skip
def test_zcy_content_fragments(
    name: str, code: str, title: str, buyer: str, agency: str, budget: int, lot_budgets: list[int]
) -> None:
    notice = only(name)
    assert fields(notice) == {
        "source": "zcy",
        "title": title,  # the project name stands in: a bare fragment has no notice title
        "notice_type": "tender",
        "publish_date": None,
        "project_code": code,
        "buyer": buyer,
        "agency": agency,
        "region": "广西壮族自治区",
        "budget_yuan": budget,
        "award_amount_yuan": None,
        "suppliers": [],
        "lots": 2,
        "related_urls": [],
    }
    assert sum(lot_budgets) == budget
    assert parse_zcy_content(page(name).read_bytes()).budget_yuan == Decimal(budget)


def test_zcy_kwzb_budget_comes_from_classes_not_the_garbled_label() -> None:
    raw = page(ZCY_KWZB).read_text(encoding="utf-8")
    assert "预\ufffd\ufffd金额" in raw
    assert only(ZCY_KWZB).budget_yuan == Decimal(7550000)

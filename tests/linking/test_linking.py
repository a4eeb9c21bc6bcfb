"""Linking notices into projects and the project facts (docs/domain.md §3): one test per counting case."""

from __future__ import annotations

import random
import re
from datetime import date
from decimal import Decimal
from itertools import count

import pytest

from linking.groups import (
    LinkedProject,
    NoticeRecord,
    link,
    normalise_buyer,
    normalise_code,
    normalise_title,
    normalise_url,
)
from linking.project_facts import distinct_awards, lot_marker, project_facts

_ids = count(1)
HOSPITAL = "某某市第一人民医院"


def notice(
    title: str,
    notice_type: str,
    day: str,
    *,
    source: str = "ccgp",
    code: str | None = "SZ2025-0101",
    buyer: str | None = HOSPITAL,
    amount: str | None = None,
    suppliers: tuple[str, ...] = (),
    lots: int | None = None,
    related: tuple[str, ...] = (),
    url: str | None = None,
    text: str = "",
) -> NoticeRecord:
    nid = next(_ids)
    return NoticeRecord(
        id=nid,
        source=source,
        url=url or f"https://{source}.example/notice/{nid}.htm",
        title=title,
        notice_type=notice_type,
        publish_date=date.fromisoformat(day),
        project_code=code,
        buyer=buyer,
        region="广东省",
        budget_yuan=None,
        award_amount_yuan=Decimal(amount) if amount is not None else None,
        suppliers=suppliers,
        lots=lots,
        related_urls=related,
        intention_text=text,
    )


def only(projects: list[LinkedProject]) -> LinkedProject:
    assert len(projects) == 1, [[n.title for n in p.notices] for p in projects]
    return projects[0]


# --- normalisation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "buyer", "expected"),
    [
        (
            "广州某招标代理有限公司关于某某市第一人民医院DeepSeek一体机采购项目的公开招标公告",
            HOSPITAL,
            "DeepSeek一体机",
        ),
        ("某某市第一人民医院DeepSeek一体机采购项目中标（成交）结果公告", HOSPITAL, "DeepSeek一体机"),
        ("DeepSeek一体机采购项目（包2）中标公告", None, "DeepSeek一体机"),
        ("某某市第一人民医院医疗大模型建设项目（二次）更正公告", HOSPITAL, "医疗大模型建设"),
        ("某某市第一人民医院医疗大模型建设项目-第1包成交结果公告", HOSPITAL, "医疗大模型建设"),
        ("ＤｅｅｐＳｅｅｋ 一体机 采购项目终止公告", None, "DeepSeek一体机"),
    ],
)
def test_title_is_reduced_to_the_procurement_name(title: str, buyer: str | None, expected: str) -> None:
    assert normalise_title(title, buyer) == expected


def test_codes_buyers_and_urls_normalise() -> None:
    assert normalise_code("项目编号：ｓｚ２０２５－０１０１ ") == "SZ2025-0101"
    assert normalise_code("详见公告") is None
    assert normalise_code("  /  ") is None
    assert normalise_buyer("济南大学,济南大学,济南大学") == "济南大学"
    assert normalise_buyer("北京大学第三医院（北京大学第三临床医学院）") == "北京大学第三医院"
    assert normalise_url("https://www.ggzy.gov.cn/information/deal/html/a/44/0202/1.html") == normalise_url(
        "http://ggzy.gov.cn/information/deal/html/b/44/0202/1.html/"
    )


# --- linking ---------------------------------------------------------------------------------------


def test_tender_and_award_of_one_code_form_one_awarded_project() -> None:
    notices = [
        notice("某某市第一人民医院医疗大模型建设项目公开招标公告", "tender", "2025-02-10"),
        notice(
            "某某市第一人民医院医疗大模型建设项目中标（成交）结果公告",
            "award",
            "2025-03-20",
            amount="1200000",
            suppliers=("某某科技有限公司",),
        ),
    ]
    project = only(link(notices))
    facts = project_facts(project)
    assert (facts.status, facts.first_award_date, facts.award_month) == (
        "awarded",
        date(2025, 3, 20),
        "2025-03",
    )
    assert facts.award_amount_yuan == Decimal("1200000")
    assert facts.suppliers == ["某某科技有限公司"]
    assert project.link_key == f"code:SZ2025-0101|{HOSPITAL}"
    assert re.fullmatch(r"tp-[0-9a-f]{12}", project.id)


def test_cross_portal_copies_merge_and_count_once() -> None:
    notices = [
        notice(
            "医疗大模型建设项目中标公告",
            "award",
            "2025-03-20",
            amount="1200000",
            suppliers=("某某科技有限公司",),
        ),
        # ggzy copy: no buyer printed, full-width code, supplier written with full-width brackets
        notice(
            "某某市第一人民医院医疗大模型建设项目中标公告",
            "award",
            "2025-03-21",
            source="ggzy",
            code="ＳＺ２０２５－０１０１",
            buyer=None,
            amount="1200000.00",
            suppliers=("某某科技 有限公司",),
        ),
        # zcy copy without code: joins by title and buyer
        notice("医疗大模型建设项目结果公告", "award", "2025-03-20", source="zcy", code=None, amount=None),
    ]
    project = only(link(notices))
    facts = project_facts(project)
    assert facts.award_amount_yuan == Decimal("1200000")
    assert len(facts.counted_award_ids) == 1
    assert facts.award_month == "2025-03"


def test_one_award_notice_with_several_lots_is_already_summed() -> None:
    award = notice(
        "医疗大模型算力及应用项目中标公告",
        "award",
        "2025-05-08",
        amount="3500000",
        suppliers=("甲公司", "乙公司", "丙公司"),
        lots=3,
    )
    facts = project_facts(only(link([award])))
    assert (facts.award_amount_yuan, facts.lots, facts.suppliers) == (
        Decimal("3500000"),
        3,
        ["甲公司", "乙公司", "丙公司"],
    )


def test_per_lot_award_notices_add_up_but_their_copies_do_not() -> None:
    lot1 = notice(
        "智慧医院大模型项目（包1）中标公告", "award", "2025-06-02", amount="800000", suppliers=("甲公司",)
    )
    lot2 = notice(
        "智慧医院大模型项目（包2）中标公告", "award", "2025-06-09", amount="800000", suppliers=("甲公司",)
    )
    lot2_copy = notice(
        "智慧医院大模型项目（包2）中标公告",
        "award",
        "2025-06-10",
        source="ggzy",
        amount="800000",
        suppliers=("甲公司",),
    )
    project = only(link([lot1, lot2, lot2_copy]))
    facts = project_facts(project)
    assert facts.award_amount_yuan == Decimal("1600000")
    assert facts.lots == 2
    assert facts.first_award_date == date(2025, 6, 2)
    assert [n.id for n in distinct_awards([lot1, lot2, lot2_copy])] == [lot1.id, lot2.id]


def test_retender_after_cancellation_counts_in_the_month_of_the_new_award() -> None:
    notices = [
        notice("医疗大模型建设项目公开招标公告", "tender", "2025-01-05"),
        notice("医疗大模型建设项目废标公告", "cancellation", "2025-02-01"),
        notice("医疗大模型建设项目（二次）公开招标公告", "tender", "2025-02-20"),
        notice(
            "医疗大模型建设项目（二次）中标公告",
            "award",
            "2025-04-03",
            amount="990000",
            suppliers=("乙公司",),
        ),
    ]
    facts = project_facts(only(link(notices)))
    assert (facts.status, facts.award_month, facts.award_amount_yuan) == (
        "awarded",
        "2025-04",
        Decimal("990000"),
    )


def test_award_followed_by_whole_cancellation_is_cancelled() -> None:
    notices = [
        notice("医疗大模型建设项目中标公告", "award", "2025-03-01", amount="500000", suppliers=("甲公司",)),
        notice("医疗大模型建设项目终止公告", "cancellation", "2025-03-15"),
    ]
    facts = project_facts(only(link(notices)))
    assert (facts.status, facts.award_month, facts.award_amount_yuan) == ("cancelled", None, None)


def test_only_a_cancellation_is_cancelled_and_a_lot_cancellation_is_partial() -> None:
    cancelled = project_facts(only(link([notice("医疗大模型项目流标公告", "cancellation", "2025-03-15")])))
    assert cancelled.status == "cancelled"
    partial = [
        notice(
            "医疗大模型项目（包1）中标公告", "award", "2025-03-01", amount="500000", suppliers=("甲公司",)
        ),
        notice("医疗大模型项目（包2）废标公告", "cancellation", "2025-03-02"),
    ]
    facts = project_facts(only(link(partial)))
    assert (facts.status, facts.award_month) == ("awarded", "2025-03")
    assert lot_marker("医疗大模型项目（包2）废标公告") == "2"


def test_open_project_has_no_award_month() -> None:
    facts = project_facts(only(link([notice("医疗大模型项目公开招标公告", "tender", "2025-03-01")])))
    assert (facts.status, facts.first_award_date, facts.award_month) == ("open", None, None)


def test_two_projects_of_one_hospital_in_one_month_stay_apart() -> None:
    notices = [
        notice("DeepSeek一体机采购项目中标公告", "award", "2025-07-03", code="SZ2025-0201", amount="300000"),
        notice("智能导诊大模型服务项目中标公告", "award", "2025-07-18", code="SZ2025-0202", amount="450000"),
    ]
    assert len(link(notices)) == 2


def test_same_title_different_codes_stay_apart_and_title_needs_the_window() -> None:
    same_title = [
        notice("DeepSeek一体机采购项目中标公告", "award", "2025-03-03", code="SZ2025-0301"),
        notice("DeepSeek一体机采购项目中标公告", "award", "2025-03-20", code="SZ2025-0302"),
    ]
    assert len(link(same_title)) == 2
    far_apart = [
        notice("DeepSeek一体机采购项目中标公告", "award", "2025-01-03", code=None),
        notice("DeepSeek一体机采购项目中标公告", "award", "2025-11-20", code=None),
    ]
    projects = link(far_apart)
    assert len(projects) == 2
    assert projects[0].id != projects[1].id
    assert {p.link_key.endswith("#2") for p in projects} == {True, False}


def test_different_hospitals_with_one_title_stay_apart() -> None:
    notices = [
        notice("DeepSeek一体机采购项目中标公告", "award", "2025-03-03", code=None, buyer="甲市人民医院"),
        notice("DeepSeek一体机采购项目中标公告", "award", "2025-03-03", code=None, buyer="乙市人民医院"),
    ]
    assert len(link(notices)) == 2


def test_portal_links_merge_notices_whose_titles_and_codes_differ() -> None:
    award = notice(
        "病历质控系统中标公告", "award", "2025-08-01", code="ZJ-2025-77", url="https://zcy.example/a/2"
    )
    tender = notice(
        "基于大模型的病历内涵质控系统采购公告",
        "tender",
        "2025-06-01",
        code="ZJCG-2025-77-1",
        related=("https://zcy.example/a/2",),
    )
    assert len(only(link([tender, award])).notices) == 2


def test_ids_are_stable_whatever_the_order_of_the_notices() -> None:
    notices = [
        notice("医疗大模型建设项目公开招标公告", "tender", "2025-02-10", code="GD-1"),
        notice("医疗大模型建设项目中标公告", "award", "2025-03-10", code="GD-1"),
        notice("DeepSeek一体机采购中标公告", "award", "2025-03-11", code=None),
        notice("DeepSeek一体机采购中标公告", "award", "2025-03-12", code=None, source="ggzy"),
    ]
    first = {p.id: sorted(n.id for n in p.notices) for p in link(notices)}
    shuffled = list(notices)
    random.Random(7).shuffle(shuffled)
    second = {p.id: sorted(n.id for n in p.notices) for p in link(shuffled)}
    assert first == second
    assert len(first) == 2


def test_one_undisclosed_lot_makes_the_project_amount_undisclosed() -> None:
    lot1 = notice(
        "智慧医院大模型项目（包1）中标公告", "award", "2025-06-02", amount="800000", suppliers=("甲公司",)
    )
    lot2 = notice(
        "智慧医院大模型项目（包2）中标公告", "award", "2025-06-09", amount=None, suppliers=("乙公司",)
    )
    facts = project_facts(only(link([lot1, lot2])))
    assert (facts.status, facts.award_amount_yuan, facts.lots) == ("awarded", None, 2)


def test_the_earliest_copy_dates_the_award_even_when_a_later_copy_is_kept() -> None:
    early_copy = notice("医疗大模型项目中标公告", "award", "2025-03-31", source="ggzy", amount=None)
    full = notice("医疗大模型项目中标公告", "award", "2025-04-01", amount="700000", suppliers=("甲公司",))
    facts = project_facts(only(link([early_copy, full])))
    assert (facts.first_award_date, facts.award_month, facts.award_amount_yuan) == (
        date(2025, 3, 31),
        "2025-03",
        Decimal("700000"),
    )
    assert facts.counted_award_ids == [full.id]


def intention_listing(*rows: str) -> str:
    """An intention body as the parser flattens it: the opening sentence, the table header, the rows."""
    header = f"现将{HOSPITAL}政府采购意向公开如下： 采购项目名称 采购需求概况 预算金额（万元） 预计采购时间"
    return " ".join((header, *rows))


def test_an_intention_joins_the_one_procurement_its_list_names() -> None:
    listing = intention_listing("某某市第一人民医院DeepSeek 一体机采购 采购一体机2台 120 2025年3月")
    intention = notice(f"{HOSPITAL}2025年1月政府采购意向", "intention", "2025-01-10", code=None, text=listing)
    tender = notice(f"{HOSPITAL}DeepSeek一体机采购竞争性磋商公告", "tender", "2025-03-02")
    award = notice(f"{HOSPITAL}DeepSeek一体机采购成交公告", "award", "2025-03-20", amount="1180000")
    other = notice(f"{HOSPITAL}智慧病房建设公开招标公告", "tender", "2025-03-05", code="SZ2025-0202")
    projects = link([intention, tender, award, other])
    assert sorted(len(p.notices) for p in projects) == [1, 3]
    [joined] = [p for p in projects if len(p.notices) == 3]
    assert intention in joined.notices and award in joined.notices


def test_an_intention_listing_several_procurements_stays_apart() -> None:
    listing = intention_listing("DeepSeek一体机采购 2台 120", "智慧病房建设 一套 300")
    intention = notice(f"{HOSPITAL}2025年1月政府采购意向", "intention", "2025-01-10", code=None, text=listing)
    first = notice(f"{HOSPITAL}DeepSeek一体机采购竞争性磋商公告", "tender", "2025-03-02")
    second = notice(f"{HOSPITAL}智慧病房建设公开招标公告", "tender", "2025-03-05", code="SZ2025-0202")
    assert sorted(len(p.notices) for p in link([intention, first, second])) == [1, 1, 1]


@pytest.mark.parametrize(
    ("day", "buyer"),
    [
        ("2025-04-01", HOSPITAL),  # published after the procurement began: not its intention
        ("2024-06-01", HOSPITAL),  # more than the window before it
        ("2025-01-10", "另一家医院"),  # another buyer's plans
    ],
)
def test_an_intention_out_of_time_or_of_another_buyer_stays_apart(day: str, buyer: str) -> None:
    listing = intention_listing("DeepSeek一体机采购 2台 120 2025年3月")
    intention = notice(f"{buyer}政府采购意向", "intention", day, code=None, buyer=buyer, text=listing)
    tender = notice(f"{HOSPITAL}DeepSeek一体机采购竞争性磋商公告", "tender", "2025-03-02")
    assert sorted(len(p.notices) for p in link([intention, tender])) == [1, 1]

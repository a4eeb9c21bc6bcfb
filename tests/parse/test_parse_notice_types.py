"""The notice_type vocabulary (docs/domain.md §2) from codes, labels and titles; explicit codes beat the title."""

from __future__ import annotations

import pytest

from crawler.parse.notice_types import (
    first_type,
    resolve_type,
    type_from_ccgp_url,
    type_from_ggzy_stage,
    type_from_text,
)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://www.ccgp.gov.cn/cggg/dfgg/gkzb/202507/t20250708_1.htm", "tender"),
        ("http://www.ccgp.gov.cn/cggg/zygg/zbgg/202507/t20250708_1.htm", "award"),
        ("https://www.ccgp.gov.cn/cggg/dfgg/cjgg/201710/t20171030_9077520.htm", "award"),
        ("http://www.ccgp.gov.cn/cggg/dfgg/gzgg/202003/t20200304_13957968.htm", "correction"),
        ("http://www.ccgp.gov.cn/cggg/dfgg/fblbgg/202507/t20250708_1.htm", "cancellation"),
        ("http://www.ccgp.gov.cn/cggg/dfgg/qtgg/202507/t20250708_1.htm", "other"),
        ("http://www.ccgp.gov.cn/cggg/dfgg/dylygg/202507/t20250708_1.htm", "tender"),
        ("http://www.ccgp.gov.cn/cggg/dfgg/jzxcs/202507/t20250708_1.htm", "tender"),
        ("http://www.ccgp.gov.cn/cggg/dfgg/unknown/202507/t1.htm", None),
        ("file:///tmp/page.html", None),
        (None, None),
    ],
)
def test_ccgp_channels(url: str | None, expected: str | None) -> None:
    assert type_from_ccgp_url(url) == expected


@pytest.mark.parametrize(
    ("code", "expected"),
    [("0201", "tender"), ("0202", "award"), ("0203", "contract"), ("0204", "correction"),
     ("0101", "tender"), ("0104", "award"), ("0105", "correction"), ("9002", "award"),
     ("1234", None), (None, None)],
)  # fmt: skip
def test_ggzy_stages(code: str | None, expected: str | None) -> None:
    assert type_from_ggzy_stage(code) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("中标公告", "award"),
        ("地方公告", None),
        ("清镇市…太阳能路灯采购的中标(成交)结果公告", "award"),
        ("XX医院合同能源管理项目招标公告", "tender"),
        ("XX项目中标结果公告的更正公告", "correction"),
        ("德州市公安局互联网门户网站建设项目（恢复）更正公告", "correction"),
        ("XX项目终止公告", "cancellation"),
        ("XX项目流标公告", "cancellation"),
        ("XX项目废标公告", "cancellation"),
        ("某医院2025年5月政府采购意向公开", "intention"),
        ("XX设备单一来源公示", "tender"),
        ("XX项目竞争性磋商公告", "tender"),
        ("XX询价公告", "tender"),
        ("XX用车服务采购项目合同", "contract"),
        ("XX项目(1标段)中标候选人公示", "award"),
        ("XX项目验收结果公告", "other"),
        ("XX项目资格预审结果公告", "tender"),
        ("采购/资审公告", "tender"),
        ("", None),
        (None, None),
    ],
)
def test_labels_and_titles(text: str | None, expected: str | None) -> None:
    assert type_from_text(text) == expected


def test_explicit_codes_beat_the_title() -> None:
    title = "XX项目中标(成交)结果公告"
    assert first_type(type_from_ggzy_stage("0201"), type_from_text(title)) == "tender"
    assert first_type(None, type_from_text(title)) == "award"
    assert first_type(None, None) == "other"


@pytest.mark.parametrize(
    ("stated", "title", "expected"),
    [
        # ccgp publishes 采购意向 in the 其他公告 channel (qtgg): a generic code, the title names the stage.
        (("other", "other"), "某医院2025年4至5月政府采购意向", "intention"),
        (("other",), "XX项目验收结果公告", "other"),
        (("other",), "XX信息公开", "other"),
        # Cancellations filed under the result or correction tab (ggzy 0202/0204, ccgp 更正公告).
        (("award",), "XX项目终止公告", "cancellation"),
        (("correction",), "XX项目流标（废标）公告", "cancellation"),
        (("tender",), "关于XX终止采购的公告", "cancellation"),
        # …but a correction of a cancellation stays a correction, and a terminated contract a contract.
        (("correction",), "XX项目终止公告的更正公告", "correction"),
        (("contract",), "XX项目合同终止公告", "contract"),
        # A specific code still beats a title naming another stage.
        (("tender",), "XX项目中标(成交)结果公告", "tender"),
        ((None, "award"), "XX项目公告", "award"),
        ((None,), "XX招标项目开标记录", "other"),
        ((None,), "XX项目", "other"),
    ],
)
def test_resolve_type(stated: tuple[str | None, ...], title: str, expected: str) -> None:
    assert resolve_type(*stated, title=title) == expected


def test_resolve_type_uses_the_structure_last() -> None:
    assert resolve_type(None, title="XX医疗设备采购", structure="award") == "award"
    assert resolve_type("tender", title="XX医疗设备采购", structure="award") == "tender"
    assert resolve_type(None, title="XX项目验收结果公告", structure="award") == "other"
    assert resolve_type(title=None) == "other"

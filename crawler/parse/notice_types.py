"""docs/domain.md §2 `notice_type` from what a portal states, strongest first.

Explicit codes (ccgp channel directory in the URL, ggzy stage code) beat the portal's type labels
(ccgp breadcrumb and list `<strong>`, ggzy tab names, 政采云 pathName/categoryNames), which beat the
title. Every function returns None when it cannot tell; `resolve_type` combines them, with two
exceptions to "codes first" (issue 3, seen on the replay corpus and on the portals):
* `other` from a code or label is generic (ccgp 其他公告 channel `qtgg`): it only says the portal
  filed the notice outside the stage channels, so a title naming a stage wins (ccgp publishes its
  采购意向 in 其他公告);
* a cancellation title (终止/废标/流标) beats a tender, award or correction code: the portals file
  cancellations under their result and correction tabs (ggzy 0202/0204, ccgp 更正公告).
"""

from __future__ import annotations

import re

# ccgp detail URL: /cggg/{zygg|dfgg}/{channel}/YYYYMM/tYYYYMMDD_id.htm (docs/portals.md §1.2).
CCGP_CHANNELS: dict[str, str] = {
    "gkzb": "tender",  # 公开招标
    "yqzbgg": "tender",  # 邀请招标
    "jzxtpgg": "tender",  # 竞争性谈判
    "jzxcs": "tender",  # 竞争性磋商
    "jzxcsgg": "tender",
    "xjgg": "tender",  # 询价
    "dylygg": "tender",  # 单一来源公告和公示 (before the award)
    "zgysgg": "tender",  # 资格预审
    "zbgg": "award",  # 中标公告
    "cjgg": "award",  # 成交公告
    "gzgg": "correction",  # 更正公告
    "fblbgg": "cancellation",  # 废标/终止公告
    "qtgg": "other",  # 其它公告
}
_CCGP_URL_CHANNEL = re.compile(r"/cggg/(?:zygg|dfgg)/([a-z]+)/")
_CCGP_URL_SPECIAL = (
    ("/eadylynotice/", "tender"),  # 中央单位单一来源审核前公示
    ("/zydwplcg/zy/zyzhb/", "award"),  # 中央批量集中采购 中标
    ("/zydwplcg/zy/zyzb/", "tender"),  # 中央批量集中采购 招标
)

# ggzy DEAL_STAGE / informationType codes (docs/portals.md §2.1).
GGZY_STAGES: dict[str, str] = {
    "0001": "tender",  # 交易公告
    "0002": "award",  # 成交公示
    "0101": "tender",  # 招标/资审公告
    "0102": "other",  # 开标记录
    "0104": "award",  # 交易结果公示 (中标候选人/中标结果: names the winner and price)
    "0105": "correction",  # 招标/资审文件澄清
    "0201": "tender",  # 采购/资审公告
    "0202": "award",  # 中标公告
    "0203": "contract",  # 采购合同
    "0204": "correction",  # 更正事项
    "9001": "tender",  # 交易公告 (其他)
    "9002": "award",  # 成交公示 (其他)
}

# Type words in labels and titles. In a title the word that ends last names the notice:
# "…合同能源管理项目招标公告" is a tender, "…中标结果公告的更正公告" a correction.
_TYPE_WORDS: tuple[tuple[str, str], ...] = (
    ("采购意向", "intention"),
    ("意向公开", "intention"),
    ("意向公示", "intention"),
    ("招标", "tender"),
    ("采购公告", "tender"),
    ("询价", "tender"),
    ("磋商", "tender"),
    ("谈判", "tender"),
    ("单一来源", "tender"),
    ("资格预审", "tender"),
    ("资审公告", "tender"),
    ("邀请公告", "tender"),
    ("竞价公告", "tender"),
    ("比选公告", "tender"),
    ("遴选公告", "tender"),
    ("交易公告", "tender"),
    ("中标", "award"),
    ("成交", "award"),
    ("中选", "award"),
    ("结果公告", "award"),
    ("结果公示", "award"),
    ("候选人", "award"),
    ("更正", "correction"),
    ("变更", "correction"),
    ("澄清", "correction"),
    ("补充公告", "correction"),
    ("延期公告", "correction"),
    ("废标", "cancellation"),
    ("终止", "cancellation"),
    ("流标", "cancellation"),
    ("失败公告", "cancellation"),
    ("取消公告", "cancellation"),
    ("合同", "contract"),
    # Words that contain a type word but name something else: matched first (longest wins).
    ("验收结果公告", "other"),
    ("验收结果公示", "other"),
    ("资格预审结果", "tender"),
    ("合同公告", "contract"),
    ("合同公示", "contract"),
    ("其他公告", "other"),
    ("其它公告", "other"),
    ("验收", "other"),
    # ggzy 0102 pages are titled "XX招标项目开标记录": a record of the opening, not a tender.
    ("开标记录", "other"),
)
_TYPE_PATTERN = re.compile(
    "|".join(re.escape(word) for word, _ in sorted(_TYPE_WORDS, key=lambda w: -len(w[0])))
)
_TYPE_OF_WORD = dict(_TYPE_WORDS)


def type_from_ccgp_url(url: str | None) -> str | None:
    """The type a ccgp detail URL's channel directory states (gkzb, zbgg, gzgg …)."""
    if not url:
        return None
    for marker, notice_type in _CCGP_URL_SPECIAL:
        if marker in url:
            return notice_type
    match = _CCGP_URL_CHANNEL.search(url)
    return CCGP_CHANNELS.get(match.group(1)) if match else None


def type_from_ggzy_stage(code: str | None) -> str | None:
    """The type of a ggzy stage/informationType code (0201 tender, 0202 award, 0203 contract …)."""
    return GGZY_STAGES.get(code.strip()) if code else None


def type_from_text(text: str | None) -> str | None:
    """The type named by a label or title: the type word that ends last wins; None without one."""
    if not text:
        return None
    compact = "".join(text.split())
    # Matches do not overlap, so each ends after the one before: the last one ends last.
    words = _TYPE_PATTERN.findall(compact)
    return _TYPE_OF_WORD[words[-1]] if words else None


def first_type(*candidates: str | None, default: str = "other") -> str:
    """The first known type among candidates (strongest first), else `default`."""
    for candidate in candidates:
        if candidate:
            return candidate
    return default


_CANCELLATION_WORDS = tuple(word for word, notice_type in _TYPE_WORDS if notice_type == "cancellation")


def _may_name_cancellation(title: str | None) -> bool:
    """Whether type_from_text may find the title a cancellation: whether it holds one of the
    cancellation words at all (a few substring tests, where reading its type is a regex scan)."""
    if not title:
        return False
    compact = "".join(title.split())
    return any(map(compact.__contains__, _CANCELLATION_WORDS))


# Stage types a cancellation title overrides (a contract that is 终止 is a contract notice).
_FILED_WITH_CANCELLATIONS = frozenset({"tender", "award", "correction"})


def title_type(title: str | None) -> str | None:
    """The type a ggzy title states outright, which wins over the tab the portal files it under
    (a 中标(成交)结果公告 filed under the tender tab is an award); None for a title naming no type."""
    stated = type_from_text(title)
    return stated if stated not in (None, "other") else None


def resolve_type(*stated: str | None, title: str | None, structure: str | None = None) -> str:
    """The notice type from what the portal states (codes, then labels, strongest first), the
    title, and what the body's structure implies (winners, a deadline), by the rules in the module
    docstring; `other` when nothing names a type."""
    specific = None
    for candidate in stated:
        if candidate and candidate != "other":
            specific = candidate
            break
    if specific is not None and (
        specific not in _FILED_WITH_CANCELLATIONS or not _may_name_cancellation(title)
    ):
        # Only a cancellation title overrides a stated type, and only some types: no need to read
        # the title's type otherwise.
        return specific
    title_type = type_from_text(title)
    if title_type == "cancellation" and specific in _FILED_WITH_CANCELLATIONS:
        return "cancellation"
    return specific or title_type or structure or "other"

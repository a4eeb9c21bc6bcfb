"""The corpus as data: notices (what the portals publish) and projects (the ground truth behind them).

A `Notice` holds the facts of one published page on one portal; the replay site renders it into the
portal's HTML or JSON on request, so the stored corpus stays small and the page layout stays in one
place (replay/render/). A `Project` is the truth a careful analyst would write down: its
labels (docs/domain.md §4–6) and the URLs of all its notices.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any


@dataclass
class Item:
    """One line of the 主要标的 table: goods (brand, model, quantity, unit price) or a service."""

    name: str
    brand: str = ""
    spec: str = ""
    quantity: str = "1"
    unit_price: Decimal | None = None


@dataclass
class Lot:
    """One 标项/包 of a procurement; `amount` None means the award amount is undisclosed."""

    number: int
    name: str
    budget: Decimal | None = None
    supplier: str | None = None
    supplier_address: str | None = None
    amount: Decimal | None = None
    # The printed price when it is not an amount: 下浮率/费率/折扣率 or 详见附件 (docs/domain.md §2: undisclosed).
    price_text: str | None = None
    items: list[Item] = field(default_factory=list)


@dataclass
class Notice:
    """One published page on one portal, as facts; rendered into HTML/JSON by the replay site."""

    nid: str  # stable internal id, e.g. "N2025-000123"
    project: str  # key of the project it belongs to
    source: str  # ccgp | ggzy | zcy
    kind: str  # docs/domain.md §2 notice_type
    label: str  # the type as the portal prints it (中标公告, 竞争性磋商公告, 终止公告, …)
    method: str  # 采购方式: 公开招标, 竞争性磋商, 竞争性谈判, 单一来源, 询价
    title: str
    published: datetime
    url: str  # the canonical URL of the page (real host, as the portal's own lists link it)
    buyer: str
    buyer_address: str
    buyer_phone: str
    agency: str | None
    agency_address: str | None
    agency_phone: str | None
    contact: str
    region: str  # province full name (行政区域)
    zone: str  # ccgp zoneId of the buyer (2 digits, or 4 for a separately-listed city)
    district: str  # county/district-level name for 政采云 districtName
    project_code: str | None
    project_name: str
    category: str  # 货物类 | 服务类 | 工程类
    pinmu: str  # 品目 path, may be empty
    description: list[str]  # 采购需求概况 / project description sentences
    style: str  # body family: template | shenzhen | shandong | plain
    budget: Decimal | None = None
    budget_format: str = "yuan"
    lots: list[Lot] = field(default_factory=list)
    award_format: str = "yuan"
    reason: str = ""  # cancellation reason or correction content
    attachments: list[str] = field(default_factory=list)
    experts: str = ""
    deadline: datetime | None = None  # bid/response deadline for tenders
    original_date: date | None = None  # 首次公告日期 for corrections
    # Portal-specific identity, filled when the notice is placed on its portal.
    central: bool = False  # ccgp 中央公告 (zygg) vs 地方公告 (dfgg)
    channel: str = ""  # ccgp channel dir (zbgg, cjgg, gkzb, …)
    docid: int = 0  # ccgp document id
    ggzy_id: str = ""
    ggzy_type: str = ""  # 0201 | 0202 | 0203 | 0204
    article_id: str = ""  # 政采云 articleId
    zcy_host: str = ""
    zcy_codes: list[str] = field(default_factory=list)  # 政采云 category codes
    related: list[str] = field(default_factory=list)  # nids of the same project on the same portal

    @property
    def publish_date(self) -> date:
        return self.published.date()

    def to_json(self) -> dict[str, Any]:
        return _jsonable(asdict(self))

    @classmethod
    def from_json(cls, row: dict[str, Any]) -> Notice:
        data = dict(row)
        data["published"] = datetime.fromisoformat(data["published"])
        data["deadline"] = datetime.fromisoformat(data["deadline"]) if data.get("deadline") else None
        data["original_date"] = (
            date.fromisoformat(data["original_date"]) if data.get("original_date") else None
        )
        data["budget"] = _dec(data.get("budget"))
        data["lots"] = [_lot_from_json(lot) for lot in data.get("lots", [])]
        return cls(**data)


@dataclass
class Project:
    """Ground truth for one procurement (docs/domain.md §3–6), written beside the notices it explains."""

    key: str
    llm: bool
    industry: str
    in_scope: bool
    type: str | None  # compute | model | integrated (llm projects only)
    scenarios: list[str]
    buyer: str
    region: str
    project_code: str | None
    name: str
    # Which near-miss a non-llm project is (docs/domain.md §4 hard negatives), for the datasheet and tests.
    negative_kind: str | None = None
    # What happens to it: awarded | cancelled | award_revoked | retender | open (tender only) | plan
    outcome: str = "awarded"
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return _jsonable(asdict(self))

    @classmethod
    def from_json(cls, row: dict[str, Any]) -> Project:
        return cls(**row)


def _lot_from_json(row: dict[str, Any]) -> Lot:
    data = dict(row)
    data["budget"] = _dec(data.get("budget"))
    data["amount"] = _dec(data.get("amount"))
    data["items"] = [
        Item(**{**item, "unit_price": _dec(item.get("unit_price"))}) for item in data.get("items", [])
    ]
    return Lot(**data)


def _dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _jsonable(value: Any) -> Any:
    """Decimals as strings (exact), dates and datetimes ISO."""
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


@dataclass
class Corpus:
    """Notices (what the portals carry) and projects (the truth behind them)."""

    notices: list[Notice]
    projects: list[Project]
    seed: int = 2025
    scale: int = 1

    def by_url(self) -> dict[str, Notice]:
        return {n.url: n for n in self.notices}

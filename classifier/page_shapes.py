"""Page-shaped notices: a labelled excerpt wrapped in the body boilerplate of a real portal layout.

In the pipeline the classifier reads each notice's whole parsed body (crawler/parse/ joins a page's
elements with spaces), not a 1–4 sentence excerpt. `wrap` turns an excerpt notice into such a body, in
one of five layouts modelled on the real pages described in docs/portals.md:

- `ccgp_template_award`: the national standard template of a ccgp award (项目编号, 项目名称, 中标（成交）
  信息 table, 主要标的信息, 评审专家, 代理服务收费 with 大写 amounts, 公告期限, 其他补充事宜, 询问 contacts,
  attachment names);
- `ccgp_freeform_award`: an agency's own layout (bidder list, 候选 list, labelled 供应商名称/地址/金额 rows,
  评审委员会, 质疑 instructions with addresses, 附件 list);
- `tender`: a tender with the 项目概况 box ("潜在供应商应在…获取采购文件"), 采购需求 per 标项, 资格要求,
  获取采购文件, 响应文件提交, 开启, 公告期限, 其他补充事宜 and contacts;
- `zcy_result`: a 政采云 result body (采购结果 per 合同包, 服务类主要标的 table, experts, fees);
- `ggzy_contract`: the ggzy contract table (采购人名称 … 合同签署时间), with the project in a cell.

The excerpt itself goes where real pages say what is bought (主要标的信息 / 简要规格描述 / 服务范围 /
其他补充事宜 / 项目概况). Supplier names, streets and agencies come from a `PageVocabulary` that mixes
medical-sounding names (…医疗科技有限公司, 健康路, 康复大道) into every industry's pages and other
industries' names into medical pages, so a page's boilerplate says nothing reliable about the labels.
Labels are the excerpt's: wrapping adds no purchase. Two vocabularies were typed apart:
`TRAIN_PAGES` (classifier/data/train_pages.json, used by training to add page-shaped copies) and the
held-out one under authoring/classifier_corpus/data/; only the layouts, which are the portals' fixed
headings, are shared.
"""

from __future__ import annotations

import dataclasses
import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

STYLES = ("ccgp_template_award", "ccgp_freeform_award", "tender", "zcy_result", "ggzy_contract")


@dataclass(frozen=True)
class PageVocabulary:
    """The words a page's boilerplate is filled with (templates use {name} {city} {street} {n})."""

    name: str
    cities: tuple[str, ...]
    # Streets and districts of addresses; medical-sounding ones (健康路, 康复大道) included on purpose.
    streets: tuple[str, ...]
    buildings: tuple[str, ...]
    # Short proper names inside company names.
    firm_names: tuple[str, ...]
    # Company templates: medical-sounding ones, others (finance, education, energy, AI, compute …).
    medical_firms: tuple[str, ...]
    other_firms: tuple[str, ...]
    agencies: tuple[str, ...]
    surnames: tuple[str, ...]
    given_names: tuple[str, ...]
    platforms: tuple[str, ...]
    # Sentences for 其他补充事宜, qualification clauses, fee clauses ({fee} = 大写 amount), 质疑 clauses.
    other_matters: tuple[str, ...]
    qualifications: tuple[str, ...]
    fee_clauses: tuple[str, ...]
    complaint_clauses: tuple[str, ...]
    # Lot remarks and delivery terms in tenders; attachment file names ({project}).
    lot_remarks: tuple[str, ...]
    delivery_terms: tuple[str, ...]
    attachments: tuple[str, ...]


T = TypeVar("T")


def tupled(value: Any) -> Any:
    """JSON lists back into the tuples the frozen vocabularies hold (dicts stay dicts)."""
    if isinstance(value, list):
        return tuple(tupled(v) for v in value)
    if isinstance(value, dict):
        return {k: tupled(v) for k, v in value.items()}
    return value


def load_vocabulary(cls: type[T], path: Path) -> T:
    """A frozen vocabulary dataclass from its JSON data file (one key per field, nothing else)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    if set(data) != names:
        raise ValueError(f"{path}: fields {sorted(set(data) ^ names)} do not match {cls.__name__}")
    return cls(**{k: tupled(v) for k, v in data.items()})


TRAIN_PAGES = load_vocabulary(PageVocabulary, Path(__file__).resolve().parent / "data" / "train_pages.json")

# Title decorations around the project name (notice kind, method, agency, codes), removed to recover it.
_TITLE_TAIL = re.compile(
    r"(?:[（(【\[][^）)】\]]{0,40}[）)】\]]|[-—：:]|的|项目|采购|公开招标|竞争性磋商|竞争性谈判|询价|单一来源|邀请招标|框架协议|"
    r"电子卖场竞价|公开|中标|成交|中选|结果|候选人|公告|公示|更正|变更|澄清|补充|废标|终止|流标|合同|备案|信息公开|意向|"
    r"招标|磋商|谈判|延期开标|事项|第[一二三]次|[—-][A-Za-z0-9-]{6,}|\s)+$"
)
_TITLE_HEAD = re.compile(r"^(?:【[^】]{0,12}】|.{2,60}?(?:关于|委托)|关于|[^：:（(]{2,30}[：:])")


def project_name(title: str, buyer: str | None) -> str:
    """The project named in a title: without the agency/关于 head, the buyer prefix and the notice-kind tail."""
    name = _TITLE_HEAD.sub("", title.strip())
    if buyer and name.startswith(buyer):
        name = name[len(buyer) :]
    name = _TITLE_TAIL.sub("", name).strip("：:-— ")
    return (name or title) + ("项目" if name and not name.endswith(("项目", "采购", "服务")) else "")


_DIGITS = "零壹贰叁肆伍陆柒捌玖"


def uppercase_yuan(amount: int) -> str:
    """An amount in 元 as written in fee clauses: 人民币捌仟贰佰元整 (whole 元 below 1 亿)."""
    if amount <= 0:
        return "零元整"
    parts = []
    for unit_value, unit in ((10_000, "万"), (1, "")):
        chunk = amount // unit_value % 10_000
        if not chunk:
            continue
        text = ""
        zero = False
        for value, mark in ((1000, "仟"), (100, "佰"), (10, "拾"), (1, "")):
            digit = chunk // value % 10
            if digit:
                if zero and text:
                    text += "零"
                text += _DIGITS[digit] + mark
                zero = False
            else:
                zero = True
        parts.append(text + unit)
    return "".join(parts) + "元整"


class PageWriter:
    """Wraps excerpt notices into page-shaped bodies from one vocabulary (all randomness from `rng`)."""

    def __init__(self, vocab: PageVocabulary, rng: random.Random):
        self.v = vocab
        self.rng = rng
        self.styles: dict[str, Callable[[dict[str, Any], str], str]] = {
            "ccgp_template_award": self.ccgp_template_award,
            "ccgp_freeform_award": self.ccgp_freeform_award,
            "tender": self.tender,
            "zcy_result": self.zcy_result,
            "ggzy_contract": self.ggzy_contract,
        }

    # -- fillers -------------------------------------------------------------------------------
    def pick(self, items: tuple[str, ...]) -> str:
        return self.rng.choice(items)

    def slots(self) -> dict[str, str]:
        return {
            "name": self.pick(self.v.firm_names),
            "city": self.pick(self.v.cities),
            "street": self.pick(self.v.streets),
            "n": str(self.rng.randint(1, 999)),
        }

    def firm(self, medical_sounding: bool) -> str:
        pool = self.v.medical_firms if medical_sounding else self.v.other_firms
        return self.pick(pool).format(**self.slots())

    def supplier(self, industry: str) -> str:
        # Half of the suppliers of non-medical buyers sound medical, and a third of medical buyers'
        # suppliers sound like another trade: a supplier's name is not the buyer's industry.
        share = 0.5 if industry != "medical" else 0.35
        return self.firm(self.rng.random() < share if industry != "medical" else self.rng.random() >= share)

    def address(self) -> str:
        s = self.slots()
        return f"{s['city']}{s['street']}{s['n']}号" + (
            self.pick(self.v.buildings) if self.rng.random() < 0.5 else ""
        )

    def person(self) -> str:
        return self.pick(self.v.surnames) + (
            self.pick(self.v.given_names) if self.rng.random() < 0.7 else self.pick(("先生", "女士", "工"))
        )

    def people(self, k: int) -> str:
        return self.pick(("、", "，", " ")).join(self.person() for _ in range(k))

    def phone(self) -> str:
        r = self.rng
        if r.random() < 0.5:
            return f"0{r.randint(10, 999)}-{r.randint(2000000, 89999999)}"
        return f"1{r.choice('3578')}{r.randint(100000000, 999999999)}"

    def code(self) -> str:
        r = self.rng
        letters = "".join(r.choice("ABCDEFGHJKLMNPQRSTWXYZ") for _ in range(r.randint(2, 4)))
        return (
            f"{letters}{r.randint(2024, 2025)}-{r.choice('GJCF')}{r.randint(1, 9)}-{r.randint(1, 99999):06d}"
        )

    def yuan(self) -> int:
        return int(self.rng.lognormvariate(13.0, 1.1))

    def date(self) -> str:
        r = self.rng
        return f"2025年{r.randint(1, 12):02d}月{r.randint(1, 28):02d}日"

    def fee(self) -> str:
        amount = self.rng.randrange(2000, 60000, 100)
        return self.pick(self.v.fee_clauses).format(fee=uppercase_yuan(amount), amount=amount)

    def contacts(self, buyer: str, number: int, heading: str) -> str:
        n = _numeral(number)
        return (
            f"{n}、{heading} 1.采购人信息 名称：{buyer} 地址：{self.address()} 联系方式：{self.phone()} "
            f"2.采购代理机构信息 名称：{self.agency()} 地址：{self.address()} 联系方式：{self.phone()} "
            f"3.项目联系方式 项目联系人：{self.people(self.rng.randint(1, 3))} 电话：{self.phone()}"
        )

    def agency(self) -> str:
        return self.pick(self.v.agencies).format(**self.slots())

    def matters(self, k: int) -> str:
        items = self.rng.sample(self.v.other_matters, k=min(k, len(self.v.other_matters)))
        return " ".join(f"{i}.{s.format(**self.slots())}" for i, s in enumerate(items, start=1))

    def attachments(self, project: str) -> str:
        k = self.rng.randint(1, 3)
        names = self.rng.sample(self.v.attachments, k=min(k, len(self.v.attachments)))
        return "；".join(a.format(project=project) for a in names)

    # -- layouts -------------------------------------------------------------------------------
    def ccgp_template_award(self, row: dict[str, Any], project: str) -> str:
        excerpt = row["text"]
        supplier = self.supplier(row["industry"])
        amount = self.yuan()
        goods = self.rng.random() < 0.5
        table = (
            f"货物类主要标的信息： 序号 标项名称 标的名称 品牌 规格型号 数量 单价（元） 1 {project} {project} "
            f"详见附件 详见附件 1 {amount}"
            if goods
            else f"服务类主要标的信息： 序号 标项名称 标的名称 服务范围 服务要求 服务时间 服务标准 1 {project} "
            f"{project} {excerpt} 详见采购文件 {self.rng.randint(1, 36)}个月 合格"
        )
        other = excerpt if goods or self.rng.random() < 0.4 else "/"
        return (
            f"一、项目编号：{self.code()} 二、项目名称：{project} 三、中标（成交）信息 1.中标结果： 序号 供应商名称 "
            f"供应商地址 中标（成交）金额 评审报价 1 {supplier} {self.address()} 总价形式报价:{amount}.00(元) - "
            f"四、主要标的信息 {table} 五、评审专家（单一来源采购人员）名单： {self.people(self.rng.randint(3, 5))} "
            f"六、代理服务收费标准及金额： 1.代理服务收费标准：{self.fee()} 2.代理服务收费金额（元）："
            f"{self.rng.randrange(2000, 60000, 100)} 七、公告期限 自本公告发布之日起1个工作日。 八、其他补充事宜 {other} "
            + self.contacts(
                row.get("buyer") or self.firm(False), 9, "对本次公告内容提出询问，请按以下方式联系"
            )
            + f" 附件：{self.attachments(project)}"
        )

    def ccgp_freeform_award(self, row: dict[str, Any], project: str) -> str:
        industry = row["industry"]
        bidders = [self.supplier(industry) for _ in range(self.rng.randint(2, 4))]
        prices = [self.yuan() for _ in bidders]
        bid_rows = " ".join(f"A {b} {p}.0" for b, p in zip(bidders, prices, strict=True))
        complaint = self.pick(self.v.complaint_clauses).format(address=self.address(), phone=self.phone())
        return (
            f"{self.agency()} 中标（成交）结果公告 一、项目编号：{self.code()} 二、项目名称：{project} "
            f"三、投标供应商名称及报价： 包组 投标供应商 报价（元） {bid_rows} "
            f"四、中标（成交）信息 供应商名称：{bidders[0]} 供应商地址：{self.address()} 中标（成交）金额：{prices[0]}.0元 "
            f"五、主要标的信息 名称：{project} 服务范围：{row['text']} "
            f"六、评审委员会成员名单 {self.people(self.rng.randint(3, 5))}； 七、代理服务收费标准及金额 {self.fee()} "
            f"八、公告期限 {self.date()}至{self.date()} 九、其他补充事宜 {self.matters(2)} {complaint} "
            + self.contacts(
                row.get("buyer") or self.firm(False), 10, "凡对本次公示内容提出询问，请按以下方式联系。"
            )
            + f" 十一、附件 {self.attachments(project)}"
        )

    def tender(self, row: dict[str, Any], project: str) -> str:
        r = self.rng
        platform = self.pick(self.v.platforms)
        budget = self.yuan()
        lots = []
        n_lots = r.choice((1, 1, 2))
        for i in range(1, n_lots + 1):
            desc = row["text"] if i == 1 else self.pick(self.v.lot_remarks)
            lots.append(
                f"标项{_numeral(i)} 标项名称:{project}{'' if n_lots == 1 else f'{i}分标'} 数量:{r.choice(('1', '不限', '1批'))} "
                f"预算金额（元）:{budget // n_lots} 简要规格描述或项目基本概况介绍、用途：{desc} 最高限价（如有）：/ "
                f"合同履约期限：{self.pick(self.v.delivery_terms)} 本标项（{r.choice(('是', '否'))}）接受联合体投标 "
                f"备注：{self.pick(self.v.lot_remarks)}"
            )
        deadline = f"{self.date()} {r.choice(('09:00', '09:30', '14:30'))}"
        return (
            f"项目概况 {project}采购项目的潜在供应商应在{platform}获取采购文件，并于{deadline}（北京时间）前提交响应文件。 "
            f"一、项目基本情况 项目编号：{self.code()} 项目名称：{project} 采购方式：{r.choice(('竞争性谈判', '公开招标', '竞争性磋商', '询价'))} "
            f"预算总金额（元）：{budget} 采购需求： {' '.join(lots)} "
            f"二、申请人的资格要求： 1.满足《中华人民共和国政府采购法》第二十二条规定； 2.落实政府采购政策需满足的资格要求：无 "
            f"3.本项目的特定资格要求：{self.pick(self.v.qualifications)} "
            f"三、获取采购文件 时间：{self.date()}至{self.date()}，每天上午08:00至12:00，下午14:30至17:30（北京时间，法定节假日除外） "
            f"地点（网址）：{platform} 方式：在线获取 售价（元）：0 "
            f"四、响应文件提交 截止时间：{deadline}（北京时间） 地点（网址）：{platform} "
            f"五、响应文件开启 开启时间：{deadline}（北京时间） 地点：{platform} "
            f"六、公告期限 自本公告发布之日起{r.choice((3, 5))}个工作日。 七、其他补充事宜 {self.matters(r.randint(1, 3))} "
            + self.contacts(row.get("buyer") or self.firm(False), 8, "对本次采购提出询问，请按以下方式联系")
        )

    def zcy_result(self, row: dict[str, Any], project: str) -> str:
        supplier = self.supplier(row["industry"])
        amount = self.yuan()
        return (
            f"一、项目编号：{self.code()} 二、项目名称：{project} 三、采购结果 合同包1({project}): "
            f"供应商名称 供应商地址 成交金额 {supplier} {self.address()} {amount}.00元 "
            f"四、主要标的信息 服务类主要标的信息： 序号 标项名称 标的名称 服务范围 服务要求 服务时间 服务标准 "
            f"1 {project} {project} {row['text']} 按采购文件要求 {self.rng.randint(1, 24)}个月 合格 "
            f"五、评审专家（单一来源采购人员）名单： {self.people(self.rng.randint(3, 5))} "
            f"六、代理服务收费标准及金额： {self.fee()} 七、公告期限 自本公告发布之日起1个工作日。 "
            f"八、其他补充事宜 {self.matters(1)} "
            + self.contacts(
                row.get("buyer") or self.firm(False), 9, "对本次公告内容提出询问，请按以下方式联系"
            )
        )

    def ggzy_contract(self, row: dict[str, Any], project: str) -> str:
        r = self.rng
        buyer = row.get("buyer") or self.firm(False)
        return (
            f"采购人名称 {buyer} 中标（成交）供应商名称 {self.supplier(row['industry'])} 合同名称 {project} "
            f"主要标的名称 {row['text']} 合同金额 {self.yuan()}元人民币 合同期限 {r.randint(1, 3)}年 "
            f"合同签署时间 2025-{r.randint(1, 12):02d}-{r.randint(1, 28):02d} {r.randint(8, 18):02d}:{r.randint(0, 59):02d}:00"
        )

    def wrap(self, row: dict[str, Any], style: str | None = None) -> dict[str, Any]:
        """The row with its `text` replaced by a page-shaped body (labels, title and buyer unchanged).

        Without `style`, the layout follows the title's notice kind: results and contracts get an award
        or contract layout, every other kind (tender, intention, correction …) the tender layout.
        """
        style = style or self.rng.choice(styles_for(row["title"]))
        project = project_name(row["title"], row.get("buyer"))
        return dict(row) | {"text": self.styles[style](row, project)}


_RESULT = re.compile(r"中标|成交|中选|结果|候选")


def styles_for(title: str) -> tuple[str, ...]:
    """The layouts a notice with this title can have on a portal."""
    if "合同" in title:
        return ("ggzy_contract", "ccgp_template_award")
    if _RESULT.search(title):
        return ("ccgp_template_award", "ccgp_freeform_award", "zcy_result")
    return ("tender",)


def _numeral(n: int) -> str:
    return "一二三四五六七八九十"[n - 1] if 1 <= n <= 10 else str(n)


def wrap_rows(
    rows: list[dict[str, Any]], vocab: PageVocabulary, seed: int, share: float = 1.0
) -> list[dict[str, Any]]:
    """Page-shaped versions of a seeded `share` of `rows` (all of them by default), in order."""
    rng = random.Random(seed)
    writer = PageWriter(vocab, rng)
    out = []
    for row in rows:
        if share >= 1.0 or rng.random() < share:
            out.append(writer.wrap(row))
    return out

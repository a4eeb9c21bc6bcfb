"""The portals' own codes and URL forms the replay site serves under (docs/portals.md §1–4):
ccgp channel directories and search bidType codes, ggzy deal-type codes, 政采云 hosts and category codes,
and the canonical and alternate URL of a notice."""

from __future__ import annotations

from urllib.parse import quote

from replay.model import Notice

ZCY_HOSTS = {"33": "zfcg.czt.zj.gov.cn", "45": "www.ccgp-guangxi.gov.cn"}
ZCY_PARENT = {"zfcg.czt.zj.gov.cn": "600007", "www.ccgp-guangxi.gov.cn": "66485"}

# ccgp channel directories (docs/portals.md §1.2) and search bidType codes (§1.1).
TENDER_CHANNELS = {
    "公开招标": "gkzb",
    "竞争性磋商": "jzxcs",
    "竞争性谈判": "jzxtpgg",
    "询价": "xjgg",
    "单一来源": "dylygg",
}
CHANNEL_BIDTYPE = {
    "gkzb": "1",
    "xjgg": "2",
    "jzxtpgg": "3",
    "dylygg": "4",
    "zbgg": "7",
    "gzgg": "8",
    "qtgg": "9",
    "jzxcs": "10",
    "cjgg": "11",
    "fblbgg": "12",
}
CHANNEL_NAMES = {
    "gkzb": "公开招标",
    "xjgg": "询价公告",
    "jzxtpgg": "竞争性谈判",
    "dylygg": "单一来源",
    "zbgg": "中标公告",
    "gzgg": "更正公告",
    "qtgg": "其他公告",
    "jzxcs": "竞争性磋商",
    "cjgg": "成交公告",
    "fblbgg": "废标公告",
}
GGZY_TYPES = {
    "intention": "0201",
    "tender": "0201",
    "award": "0202",
    "contract": "0203",
    "correction": "0204",
}
GGZY_TYPE_NAMES = {"0201": "采购/资审公告", "0202": "中标公告", "0203": "采购合同", "0204": "更正事项"}
ZCY_CODES = {
    "intention": ["ZcyAnnouncement6"],
    "tender": ["ZcyAnnouncement2"],
    "correction": ["ZcyAnnouncement3"],
    "award": ["ZcyAnnouncement4", "ZcyAnnouncement3004"],
    "contract": ["ZcyAnnouncement5"],
    "cancellation": ["ZcyAnnouncement3007"],
}
ZCY_CODE_NAMES = {
    "ZcyAnnouncement6": "采购意向",
    "ZcyAnnouncement2": "采购公告",
    "ZcyAnnouncement3": "更正公告",
    "ZcyAnnouncement4": "结果公告",
    "ZcyAnnouncement3004": "中标（成交）结果公告",
    "ZcyAnnouncement5": "合同公告",
    "ZcyAnnouncement3007": "废标公告",
}


def notice_url(notice: Notice) -> str:
    day = notice.published.strftime("%Y%m%d")
    if notice.source == "ccgp":
        scope = "zygg" if notice.central else "dfgg"
        return f"http://www.ccgp.gov.cn/cggg/{scope}/{notice.channel}/{day[:6]}/t{day}_{notice.docid}.htm"
    if notice.source == "ggzy":
        province = f"{notice.zone[:2]}0000"
        return f"https://www.ggzy.gov.cn/information/deal/html/a/{province}/{notice.ggzy_type}/{day}/{notice.ggzy_id}.html"
    parent = ZCY_PARENT[notice.zcy_host]
    return f"https://{notice.zcy_host}/site/detail?parentId={parent}&articleId={quote(notice.article_id, safe='')}"


def alternate_urls(notice: Notice) -> list[str]:
    """Other URLs that fetch the same notice: the ggzy content (B) page, the 政采云 JSON detail and the
    public page without parentId (the form 政采云 links and the tracker's spider name it by), https/http."""
    if notice.source == "ccgp":
        return [notice.url.replace("http://", "https://", 1)]
    if notice.source == "ggzy":
        return [notice.url.replace("/html/a/", "/html/b/", 1)]
    article = quote(notice.article_id, safe="")
    return [
        f"https://{notice.zcy_host}/portal/detail?articleId={article}",
        f"https://{notice.zcy_host}/site/detail?articleId={article}",
    ]

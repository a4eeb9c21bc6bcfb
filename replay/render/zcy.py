"""政采云 portal JSON: `/portal/category` and `/portal/all` lists, `/portal/detail` records (docs/portals.md §4.1)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from typing import Any

from replay.model import Notice
from replay.portals import ZCY_CODE_NAMES
from replay.render.body import attachments, body_html

CST = timezone(timedelta(hours=8))
ANNOUNCEMENT_TYPES = {
    "intention": 8016,
    "tender": 8013,
    "correction": 8014,
    "award": 8015,
    "contract": 8017,
    "cancellation": 8031,
}


def epoch_ms(moment: datetime) -> int:
    """publishDate: epoch milliseconds of the Beijing-time stamp."""
    return int(moment.replace(tzinfo=CST).timestamp() * 1000)


def _path_name(notice: Notice) -> str:
    if notice.kind == "cancellation":
        return notice.label
    return ZCY_CODE_NAMES[notice.zcy_codes[-1] if notice.kind == "award" else notice.zcy_codes[0]]


def list_item(notice: Notice) -> dict[str, Any]:
    """One list row; like the real lists most detail fields are null here (parse the detail)."""
    supplier = notice.lots[0].supplier if notice.kind == "award" and notice.lots else None
    return {
        "articleId": notice.article_id,
        "author": notice.agency or notice.buyer,
        "pathName": _path_name(notice),
        "title": notice.title,
        "publishDate": epoch_ms(notice.published),
        "districtCode": f"{notice.zone[:2]}{int(notice.article_id.encode().hex()[:4], 16) % 90 + 1:02d}{int(notice.article_id.encode().hex()[4:6], 16) % 30 + 1:02d}",
        "districtName": notice.district,
        "gpCatalogName": notice.pinmu.rsplit("/", 1)[-1] if notice.pinmu else None,
        "procurementMethod": notice.method,
        "projectCode": None,
        "projectName": None,
        "purchaseName": None,
        "budgetPrice": None,
        "supplierName": supplier,
        "totalContractAmount": None,
        "bidOpeningTime": None,
        "invalid": 0,
    }


def list_response(rows: Sequence[Notice], total: int) -> dict[str, Any]:
    return {
        "success": True,
        "result": {"data": {"total": total, "data": [list_item(n) for n in rows]}},
        "error": None,
    }


def detail_response(notice: Notice, project_notices: Sequence[Notice]) -> dict[str, Any]:
    """`result.data` with `content` HTML and `announcementLinkDtoList` linking the project's notices."""
    links = [
        {
            "articleId": other.article_id,
            "title": other.title,
            "announcementType": ANNOUNCEMENT_TYPES[other.kind],
            "typeName": _path_name(other),
            "publishDate": epoch_ms(other.published),
        }
        for other in sorted(project_notices, key=lambda n: (n.published, n.nid))
        if other.nid != notice.nid
    ]
    files = [
        {
            "fileId": uuid,
            "name": name,
            "size": 102400 + len(name) * 7,
            "url": f"https://{notice.zcy_host}/file/download?fileId={uuid}",
        }
        for uuid, name in attachments(notice)
    ]
    data = {
        "title": notice.title,
        "articleId": notice.article_id,
        "author": notice.agency or notice.buyer,
        "projectCode": notice.project_code,
        "projectName": notice.project_name,
        "publishDate": epoch_ms(notice.published),
        "districtCode": list_item(notice)["districtCode"],
        "districtName": notice.district,
        "announcementType": ANNOUNCEMENT_TYPES[notice.kind],
        "categoryNames": [ZCY_CODE_NAMES[c] for c in notice.zcy_codes if c in ZCY_CODE_NAMES],
        "content": body_html(notice),
        "attachmentList": files,
        "announcementLinkDtoList": links,
    }
    return {"success": True, "result": {"data": data}, "error": None}


def not_found_response(article_id: str) -> dict[str, Any]:
    return {"success": False, "result": None, "error": f"公告不存在: {article_id}"}

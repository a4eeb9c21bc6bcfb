"""Which portals carry each notice, on which day, under which URL (docs/portals.md §1–4).

Most notices are first published on ccgp (or on the 政采云 portal of Zhejiang and Guangxi) and
republished on ggzy a day or two later; contracts appear on ggzy and 政采云 only. A few awards are
carried by one portal only, so a crawl must use all three to see every project.

Zhejiang's 政采云 portal signs its API requests since 2025 (docs/portals.md §4.1) and the tracker does not
crawl it by default, so every Zhejiang notice but the contracts also has its ccgp copy (provincial
notices are republished on ccgp, §4.3): what counts (awards, cancellations) is reachable without it.
"""

from __future__ import annotations

import base64
import calendar
import hashlib
import random
from datetime import date, datetime, timedelta
from typing import Any

from authoring.replay_corpus.text import SEARCH_KEYWORDS
from replay.model import Notice, Project
from replay.portals import GGZY_TYPES, TENDER_CHANNELS, ZCY_CODES, ZCY_HOSTS, notice_url

COPY_RATE = {"MED": 0.35, "LLM": 0.06, "NEG": 0.08}
# 政采云 hosts whose notices are all republished on ccgp (contracts excepted: ccgp carries none here).
MIRRORED_ON_CCGP = frozenset({"zfcg.czt.zj.gov.cn"})
# Share of in-scope projects of an unmirrored 政采云 host (Guangxi) whose award is on 政采云 only.
ZCY_ONLY_RATE = 0.2


def place_notices(project: Project, drafts: list[dict[str, Any]], rng: random.Random) -> list[Notice]:
    """Turn a project's drafts into notices on portals (URLs completed later by finalise_urls)."""
    group = project.key[:3]
    zcy_host = ZCY_HOSTS.get(str(drafts[0]["zone"])[:2])
    ggzy_copy = rng.random() < COPY_RATE[group]
    mirrored = zcy_host in MIRRORED_ON_CCGP
    # The roll is drawn whether or not the host is mirrored, so the project's later draws stay put.
    zcy_only_award = bool(zcy_host) and group == "MED" and rng.random() < ZCY_ONLY_RATE and not mirrored
    ggzy_only_award = "ggzy_only_award" in project.notes
    next_year_copy = "copy_next_year" in project.notes
    placed: list[Notice] = []
    for index, draft in enumerate(drafts):
        kind = draft["kind"]
        origin: datetime = draft["published"]
        ggzy_award = kind == "award" and ggzy_only_award and _has_keyword(draft["title"])
        award_here_only = ggzy_award and not mirrored  # a mirrored host's award is on ccgp as well
        if award_here_only:
            project.notes.append("award_on_ggzy_only")
        on_ccgp = kind != "contract" and not award_here_only and not (kind == "award" and zcy_only_award)
        if kind == "intention" and zcy_host:
            on_ccgp = rng.random() < 0.3 or mirrored
        on_ggzy = ggzy_award or (next_year_copy and kind == "award") or (ggzy_copy and kind != "intention")
        if kind == "contract" and not zcy_host:
            on_ggzy = True
        on_zcy = bool(zcy_host)
        if kind == "award" and zcy_only_award:
            project.notes.append("award_on_zcy_only")
        first = "zcy" if on_zcy else ("ccgp" if on_ccgp else "ggzy")
        for source, wanted in (("ccgp", on_ccgp), ("ggzy", on_ggzy), ("zcy", on_zcy)):
            if not wanted:
                continue
            when = origin
            if source != first:
                when = _copy_time(rng, origin, kind, source == "ggzy" and next_year_copy)
            notice = Notice(**_notice_fields(draft, f"{project.key}-{index:02d}-{source}", source, when))
            if source == "ggzy":
                notice.ggzy_type = GGZY_TYPES.get(kind) or rng.choice(("0202", "0204"))
                digest = (
                    hashlib.sha1(notice.nid.encode()).hexdigest()
                    + hashlib.md5(notice.nid.encode()).hexdigest()
                )
                notice.ggzy_id = digest[: 36 if rng.random() < 0.8 else 32]
            elif source == "zcy":
                assert zcy_host is not None
                notice.zcy_host = zcy_host
                notice.zcy_codes = list(ZCY_CODES[kind])
                if kind == "intention" and zcy_host == "zfcg.czt.zj.gov.cn":
                    notice.zcy_codes.append(
                        "110-600268"
                    )  # Zhejiang's own code for 采购意向公开 (docs/portals.md §4.1)
                notice.article_id = base64.b64encode(hashlib.md5(notice.nid.encode()).digest()).decode()
            else:
                notice.channel = _ccgp_channel(kind, str(draft["method"]))
            placed.append(notice)
    for source in ("ggzy", "zcy"):
        same = [n.nid for n in placed if n.source == source]
        for notice in placed:
            if notice.source == source:
                notice.related = [nid for nid in same if nid != notice.nid]
    return placed


def _has_keyword(title: str) -> bool:
    return any(k in title for k in SEARCH_KEYWORDS)


def _copy_time(rng: random.Random, origin: datetime, kind: str, next_year: bool) -> datetime:
    """A republication 0–2 days later; award copies stay in the award's month (README: simplifications)."""
    if next_year:
        return datetime(2025, 1, 2, 9, 12, 40)
    when = origin + timedelta(days=rng.choice((0, 0, 0, 1, 1, 2)), minutes=rng.randrange(5, 400))
    if kind == "award":
        last = date(origin.year, origin.month, calendar.monthrange(origin.year, origin.month)[1])
        if when.date() > last:
            when = datetime.combine(last, origin.time()) + timedelta(minutes=rng.randrange(1, 30))
            when = min(when, datetime.combine(last, datetime.max.time()).replace(microsecond=0))
    return min(when, datetime(2025, 12, 31, 23, 59, 0))


def _ccgp_channel(kind: str, method: str) -> str:
    if kind == "tender":
        return TENDER_CHANNELS[method]
    if kind == "award":
        return "zbgg" if method == "公开招标" else "cjgg"
    return {"correction": "gzgg", "cancellation": "fblbgg"}.get(kind, "qtgg")


def _notice_fields(draft: dict[str, Any], nid: str, source: str, when: datetime) -> dict[str, Any]:
    fields = {k: v for k, v in draft.items() if k in Notice.__dataclass_fields__}
    fields.update(nid=nid, source=source, published=when, url="")
    fields.setdefault("lots", [])
    return fields


def finalise_urls(notices: list[Notice]) -> None:
    """Each notice's canonical URL, as the portal's own lists link it (real hosts, never localhost)."""
    for notice in notices:
        notice.url = notice_url(notice)

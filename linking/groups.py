"""Link notices into projects (docs/domain.md §3): pure functions over notice records, no database.

Three kinds of evidence join two notices, strongest first:

1. the portal's own links between them (`related_urls`: ggzy project tabs, 政采云 announcementLinkDtoList);
2. the same normalised project code and buyer (a copy on another portal without a buyer joins the
   code when exactly one buyer uses it);
3. the same normalised title and buyer, published within `window_days` of each other, provided the
   two sides do not carry different project codes (two procurements of one hospital that happen to
   share a title stay apart when their codes differ) and the later notice is not a tender or
   intention that follows an award of the earlier side, or an award months after it (the buyer
   buying again: a new round).

A procurement intention (采购意向) is titled by its buyer and month ("XX医院2025年3月政府采购意向") and lists
the projects to come in a table; it joins the one later procurement of the same buyer whose name its
body lists, when exactly one does (an intention naming several of them stays apart rather than merge
them).

Groups are closed under all of these (union-find), so cross-portal copies, intentions, corrections and
per-lot award notices end up in one project. A project's id is a hash of its link key, derived only
from the group's own fields, so the same notices give the same id on every run (like an OCDS ocid).
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from urllib.parse import unquote

from linking.suppliers import supplier_key
from linking.textnorm import fold, tidy

WINDOW_DAYS = 180  # an intention or tender rarely precedes its award by more than half a year
AWARD_ROUND_DAYS = 60  # two award notices of one title further apart than this are two purchases
# …and further apart than this, naming no lot and no common winner, are two purchases too.
REAWARD_DAYS = 14

# Placeholders portals print where a code is missing.
_NO_CODE = {"", "无", "-", "--", "/", "null", "none", "详见公告", "详见附件", "见附件", "暂无"}
_CODE_LABEL = re.compile(r"^(项目编号|采购项目编号|采购计划编号|招标编号|采购编号|编号)[:：]?")
# A field that ran on into the next label (项目名称:…, 二、…): pages without markup between fields.
_RUN_ON = re.compile(r"[一二三四五六七八九十]、|[\u4e00-\u9fff]{2,8}[:：]")
_BUYER_RUN_ON = re.compile(r"地址[:：]|联系|电话|[一二三四五六七八九十]、|采购代理机构|代理机构[:：]")
_CODE_EDGE = re.compile(r"^[^0-9A-Za-z\u4e00-\u9fff(]+|[^0-9A-Za-z\u4e00-\u9fff)]+$")

# Notice-type words at the end of a title (after NFKC folding, so the brackets are ASCII).
_TYPE_SUFFIX = re.compile(
    r"(的)?(("
    r"中标\(成交\)结果|中标成交结果|中标\(成交\)|中标候选人|中标结果|成交结果|中标|成交|结果|"
    r"公开招标|邀请招标|招标|竞争性磋商|竞争性谈判|磋商|谈判|询价|单一来源采购方式|单一来源采购|单一来源|"
    r"资格预审|更正|变更|澄清|补充|终止|废标|流标|合同|采购意向|意向|其他|采购活动|采购|方式|"
    r"\((废标|流标|终止|成交|中标|更正)\)"
    r")的?)*(公告|公示|公开|合同)$"
)
# Re-tender and lot markers: one procurement, so not part of the title key.
_PAREN_MARKER = re.compile(
    r"\((第?[一二三四五六七八九十\d]+次|二次|重新招标|重新采购|重招|再次招标|[^()]*?(包|标段|标项|分包)[^()]*?)\)"
)
_TAIL_MARKER = re.compile(
    r"(第?[一二三四五六七八九十\d]+次|重新招标|重新采购|"
    r"[-_—]?(第?[一二三四五六七八九十\dA-Z]+)?(包|标段|标项|分包)[一二三四五六七八九十\dA-Z]*)$"
)
_TAIL_WORDS = re.compile(r"(采购项目|采购|项目)$")
_AGENCY_PREFIX = re.compile(r"^.{0,60}?关于")
_PARENS = re.compile(r"\([^()]*\)")
_BUYER_SPLIT = re.compile(r"[,;、，；]")


@dataclass(frozen=True)
class NoticeRecord:
    """The fields of a stored notice that linking and project facts read."""

    id: int
    source: str
    url: str
    title: str
    notice_type: str
    publish_date: date | None = None
    project_code: str | None = None
    buyer: str | None = None
    region: str | None = None
    budget_yuan: Decimal | None = None
    award_amount_yuan: Decimal | None = None
    suppliers: tuple[str, ...] = ()
    lots: int | None = None
    related_urls: tuple[str, ...] = ()
    # An intention's body (the projects it lists); empty for every other notice type.
    intention_text: str = ""


@dataclass
class LinkedProject:
    """A group of notices judged to be one procurement, with its stable key and id."""

    link_key: str
    id: str
    notices: list[NoticeRecord] = field(default_factory=list)


_CANCEL_WORDS = re.compile(r"终止|废标|流标")
_LOT = re.compile(
    r"(?:第)?([一二三四五六七八九十\dA-Z]+)(?:包|标段|标项|分包)|(?:包|标段|标项|分包)([一二三四五六七八九十\dA-Z]+)"
)


def lot_marker(title: str) -> str | None:
    """The lot a title names (`包2`, `第一标段`, `标项三`), or None."""
    match = _LOT.search(fold(title))
    if match is None:
        return None
    return match.group(1) or match.group(2)


def effective_type(notice: NoticeRecord) -> str:
    """The type the pipeline counts a notice as. An award-typed notice whose title announces 终止/废标/
    流标 and that names no winner and no amount is a cancellation: ggzy files termination notices
    under its 交易结果 tab, so the tab alone types them as results."""
    if (
        notice.notice_type == "award"
        and _CANCEL_WORDS.search(notice.title)
        and not notice.suppliers
        and notice.award_amount_yuan is None
    ):
        return "cancellation"
    return notice.notice_type


def normalise_code(code: str | None) -> str | None:
    """项目编号 as a key: folded, upper-case, label and edge punctuation removed; placeholders → None."""
    if code is None:
        return None
    folded = _CODE_LABEL.sub("", fold(code)).upper()
    folded = _RUN_ON.split(folded, maxsplit=1)[0]
    folded = _CODE_EDGE.sub("", folded)
    if folded.lower() in _NO_CODE or not re.search(r"[0-9A-Z]", folded):
        return None
    return folded


def clean_buyer(buyer: str | None) -> str | None:
    """采购人 for display: the first of repeated names (multi-lot pages print one per lot), without
    text that ran on from the next field (地址:…, 联系电话…)."""
    if buyer is None:
        return None
    first = next((part for part in _BUYER_SPLIT.split(tidy(buyer)) if part.strip()), "")
    return _BUYER_RUN_ON.split(first, maxsplit=1)[0].strip() or None


def normalise_buyer(buyer: str | None) -> str | None:
    """采购人 as a key: `clean_buyer`, folded, parenthesised additions such as
    （北京大学第三临床医学院） dropped."""
    cleaned = clean_buyer(buyer)
    if cleaned is None:
        return None
    key = _PARENS.sub("", fold(cleaned))
    return key or None


def normalise_title(title: str, buyer: str | None = None) -> str:
    """A title reduced to the procurement's name: without the agency's `XX关于` prefix, the buyer's
    name in front, the notice-type suffix (`的中标（成交）结果公告`), re-tender and lot markers."""
    text = fold(title)
    stripped = _AGENCY_PREFIX.sub("", text, count=1)
    if len(stripped) >= 4:
        text = stripped
    buyer_key = normalise_buyer(buyer)
    if buyer_key and text.startswith(buyer_key) and len(text) > len(buyer_key) + 3:
        text = text[len(buyer_key) :]
    previous = None
    while previous != text:
        previous = text
        text = _TYPE_SUFFIX.sub("", text)
        text = _PAREN_MARKER.sub("", text)
        text = _TAIL_MARKER.sub("", text)
        stripped = _TAIL_WORDS.sub("", text)
        if len(stripped) >= 2:
            text = stripped
    return text or fold(title)


def lot_free(title: str) -> str:
    """A display title without bracketed lot or re-tender markers (`（包1）`, `（二次）`)."""
    return _PAREN_MARKER.sub("", title)


def normalise_url(url: str) -> str:
    """A URL as a join key: percent-encoding, scheme, `www.` and a trailing slash ignored; ggzy's project wrapper
    (/html/a/) and content page (/html/b/) of one notice are the same notice."""
    key = re.sub(r"^[a-z]+://", "", unquote(url.strip()), flags=re.IGNORECASE)
    key = re.sub(r"^www\.", "", key, flags=re.IGNORECASE).rstrip("/")
    return key.replace("/information/deal/html/a/", "/information/deal/html/b/")


def project_id(link_key: str) -> str:
    """`tp-` and 12 hex digits of the key's SHA-1: stable, short, and the same for the same key."""
    return "tp-" + hashlib.sha1(link_key.encode("utf-8")).hexdigest()[:12]


class _UnionFind:
    """Disjoint sets over notice indices, each set remembering the project codes it carries and the
    dates of its last award and last whole cancellation (to tell a new round from the same one)."""

    def __init__(self, codes: Sequence[str | None], notices: Sequence[NoticeRecord]) -> None:
        self.parent = list(range(len(codes)))
        self.codes: list[set[str]] = [{c} if c else set() for c in codes]
        types = [effective_type(n) for n in notices]
        self.last_award = [
            n.publish_date if t == "award" else None for n, t in zip(notices, types, strict=True)
        ]
        self.last_cancel = [
            n.publish_date if t == "cancellation" else None for n, t in zip(notices, types, strict=True)
        ]
        self.winners: list[set[str]] = [
            {supplier_key(s) for s in n.suppliers} if t == "award" else set()
            for n, t in zip(notices, types, strict=True)
        ]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a == b:
            return
        if a > b:
            a, b = b, a
        self.parent[b] = a
        self.codes[a] |= self.codes[b]
        self.codes[b] = set()
        self.last_award[a] = _latest(self.last_award[a], self.last_award[b])
        self.last_cancel[a] = _latest(self.last_cancel[a], self.last_cancel[b])
        self.winners[a] |= self.winners[b]
        self.winners[b] = set()

    def opens_new_round(self, i: int, notice: NoticeRecord) -> bool:
        """True when `notice` starts another procurement rather than continuing the set of `i`: a
        tender or intention published after the set was awarded (and not cancelled since), or an
        award more than AWARD_ROUND_DAYS after the set's last award, or more than REAWARD_DAYS after
        it with other winners and no lot named (per-lot results and portal copies come within days
        of each other; a buyer buying again comes weeks or months later)."""
        kind = effective_type(notice)
        if kind not in ("tender", "intention", "award") or notice.publish_date is None:
            return False
        root = self.find(i)
        awarded, cancelled = self.last_award[root], self.last_cancel[root]
        if awarded is None or awarded >= notice.publish_date:
            return False
        if kind == "award":
            gap = (notice.publish_date - awarded).days
            winners = {supplier_key(s) for s in notice.suppliers}
            other_winners = bool(winners) and bool(self.winners[root]) and not winners & self.winners[root]
            lotless = lot_marker(notice.title) is None
            return gap > AWARD_ROUND_DAYS or (gap > REAWARD_DAYS and lotless and other_winners)
        return cancelled is None or cancelled < awarded

    def codes_compatible(self, i: int, j: int) -> bool:
        """True when joining would not put two different codes into one project
        (a code printed with an extra prefix or suffix on one portal still counts as the same)."""
        merged = self.codes[self.find(i)] | self.codes[self.find(j)]
        if len(merged) <= 1:
            return True
        ordered = sorted(merged, key=len)
        return all(shorter in ordered[-1] for shorter in ordered[:-1])


def _latest(a: date | None, b: date | None) -> date | None:
    if a is None:
        return b
    return a if b is None or a >= b else b


def link(notices: Sequence[NoticeRecord], *, window_days: int = WINDOW_DAYS) -> list[LinkedProject]:
    """Group notices into projects; every notice lands in exactly one project."""
    codes = [normalise_code(n.project_code) for n in notices]
    buyers = [normalise_buyer(n.buyer) for n in notices]
    titles = [normalise_title(n.title, n.buyer) for n in notices]
    uf = _UnionFind(codes, notices)

    _join_portal_links(notices, uf)
    _join_by_code(codes, buyers, titles, uf)
    _join_by_title(notices, buyers, titles, uf, window_days)
    _join_intentions(notices, buyers, titles, uf, window_days)

    groups: dict[int, list[int]] = defaultdict(list)
    for index in range(len(notices)):
        groups[uf.find(index)].append(index)
    keyed = [
        (
            _link_key(
                [notices[i] for i in members],
                [codes[i] for i in members],
                [buyers[i] for i in members],
                [titles[i] for i in members],
            ),
            [notices[i] for i in members],
        )
        for members in groups.values()
    ]
    return _assign_ids(keyed)


def _join_portal_links(notices: Sequence[NoticeRecord], uf: _UnionFind) -> None:
    by_url = {normalise_url(n.url): i for i, n in enumerate(notices)}
    for i, notice in enumerate(notices):
        for url in notice.related_urls:
            j = by_url.get(normalise_url(url))
            if j is not None:
                uf.union(i, j)


def _join_by_code(
    codes: Sequence[str | None], buyers: Sequence[str | None], titles: Sequence[str], uf: _UnionFind
) -> None:
    by_code: dict[str, dict[str | None, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i, code in enumerate(codes):
        if code:
            by_code[code][buyers[i]].append(i)
    for by_buyer in by_code.values():
        known = _merge_contained_buyers({b: m for b, m in by_buyer.items() if b})
        for members in known.values():
            for i in members[1:]:
                uf.union(members[0], i)
        for i in by_buyer.get(None, []):
            if len(known) == 1:
                uf.union(i, next(iter(known.values()))[0])
            elif not known:
                uf.union(i, by_buyer[None][0])
            else:
                # Several buyers share the code: the copy without a buyer joins the one whose title matches.
                same_title = [m[0] for m in known.values() if any(titles[j] == titles[i] for j in m)]
                if len(same_title) == 1:
                    uf.union(i, same_title[0])


def _merge_contained_buyers(by_buyer: dict[str | None, list[int]]) -> dict[str, list[int]]:
    """Buyers where one name contains the other (中国医学科学院北京协和医院 / 北京协和医院) are one buyer."""
    merged: dict[str, list[int]] = {}
    for buyer in sorted((b for b in by_buyer if b), key=len):
        home = next((kept for kept in merged if kept in buyer), None)
        if home is None:
            merged[buyer] = list(by_buyer[buyer])
        else:
            merged[home].extend(by_buyer[buyer])
    return merged


def _join_by_title(
    notices: Sequence[NoticeRecord],
    buyers: Sequence[str | None],
    titles: Sequence[str],
    uf: _UnionFind,
    window_days: int,
) -> None:
    buyers_by_title: dict[str, set[str]] = defaultdict(set)
    for i, buyer in enumerate(buyers):
        if buyer:
            buyers_by_title[titles[i]].add(buyer)
    buckets: dict[tuple[str, str | None], list[int]] = defaultdict(list)
    for i, buyer in enumerate(buyers):
        if buyer is None and len(buyers_by_title[titles[i]]) == 1:
            buyer = next(iter(buyers_by_title[titles[i]]))  # a copy without buyer; the title is unambiguous
        buckets[(titles[i], buyer)].append(i)
    for members in buckets.values():
        dated = sorted(members, key=lambda i: (notices[i].publish_date or date.min, i))
        for previous, current in itertools.pairwise(dated):
            earlier, later = notices[previous].publish_date, notices[current].publish_date
            close = earlier is None or later is None or (later - earlier).days <= window_days
            if (
                close
                and uf.codes_compatible(previous, current)
                and not uf.opens_new_round(previous, notices[current])
            ):
                uf.union(previous, current)


# A procurement name this short ("一体机") is found in too many intention lists to mean anything.
_MIN_LISTED_NAME = 6


def _join_intentions(
    notices: Sequence[NoticeRecord],
    buyers: Sequence[str | None],
    titles: Sequence[str],
    uf: _UnionFind,
    window_days: int,
) -> None:
    """Join each intention still on its own to the one later procurement of its buyer that it lists."""
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(notices)):
        members[uf.find(i)].append(i)
    # Per buyer: the groups holding something besides intentions, with their names and first date.
    by_buyer: dict[str, list[tuple[int, set[str], date | None]]] = defaultdict(list)
    for root, group in members.items():
        if all(effective_type(notices[i]) == "intention" for i in group):
            continue
        names = {titles[i] for i in group if len(titles[i]) >= _MIN_LISTED_NAME}
        dates = [d for d in (notices[i].publish_date for i in group) if d is not None]
        for buyer in {b for b in (buyers[i] for i in group) if b}:
            by_buyer[buyer].append((root, names, min(dates) if dates else None))
    for i, notice in enumerate(notices):
        if notice.notice_type != "intention" or not notice.intention_text or not buyers[i]:
            continue
        if any(effective_type(notices[j]) != "intention" for j in members[uf.find(i)]):
            continue  # already joined by a link, its code or its title
        body = fold(notice.intention_text)
        listed = {
            root
            for root, names, first in by_buyer.get(buyers[i] or "", [])
            if any(name in body for name in names) and _follows(notice.publish_date, first, window_days)
        }
        if len(listed) == 1:
            uf.union(i, listed.pop())


def _follows(intention: date | None, first: date | None, window_days: int) -> bool:
    """The procurement starts after the intention was published, within the window."""
    if intention is None or first is None:
        return True
    return 0 <= (first - intention).days <= window_days


def _most_common(values: Iterable[str | None]) -> str | None:
    counts = Counter(v for v in values if v)
    if not counts:
        return None
    return min(counts, key=lambda v: (-counts[v], -len(v), v))


def _link_key(
    notices: Sequence[NoticeRecord],
    codes: Sequence[str | None],
    buyers: Sequence[str | None],
    titles: Sequence[str],
) -> str:
    """`code:<code>|<buyer>` when the group has a code (the same on every portal), else
    `title:<title>|<buyer>|<year of the first notice>`."""
    buyer = _most_common(buyers) or ""
    code = _most_common(codes)
    if code:
        return f"code:{code}|{buyer}"
    years = [n.publish_date.year for n in notices if n.publish_date]
    year = str(min(years)) if years else ""
    return f"title:{_most_common(titles)}|{buyer}|{year}"


def _assign_ids(keyed: list[tuple[str, list[NoticeRecord]]]) -> list[LinkedProject]:
    """Give each group its id; groups that share a key (one title re-used after the window) get
    `#2`, `#3` … in the order of their first notice, so the earliest keeps the plain key."""

    def first_seen(notices: list[NoticeRecord]) -> tuple[date, str]:
        return min((n.publish_date or date.max, normalise_url(n.url)) for n in notices)

    keyed.sort(key=lambda item: (item[0], first_seen(item[1])))
    seen: Counter[str] = Counter()
    projects = []
    for key, members in keyed:
        seen[key] += 1
        unique_key = key if seen[key] == 1 else f"{key}#{seen[key]}"
        members.sort(key=lambda n: (n.publish_date or date.max, n.notice_type, n.source, n.url))
        projects.append(LinkedProject(link_key=unique_key, id=project_id(unique_key), notices=members))
    return projects

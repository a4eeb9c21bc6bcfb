"""Every notice of the replay corpus, rendered by the replay site and parsed back (issue 3).

The replay site (replay/) renders each corpus notice into its portal's real page structure:
ccgp detail pages, ggzy content (B) and project (A) pages, 政采云 `/portal/detail` JSON. Each page is
parsed with `crawler.parse.parse_document` and compared, field by field, with the corpus record it
was rendered from (and with the truth file's notice list). Zero mismatches are expected.

What a page does not print is expected as unknown (None / []), never as the corpus value — the
parsers must not invent. `expected_fields` lists, per notice type, what the rendered pages state:

* budget_yuan: printed on tenders (预算金额, 预算总金额（元）, lot budgets) and intentions (预算金额（万元）
  column) only; award, correction, cancellation and contract pages print none.
* award_amount_yuan: awards print every lot's amount, and the award is undisclosed (None) when any
  lot prints a rate or 详见附件; contracts print one 合同金额, the sum of the lots' disclosed amounts
  (a blank `0.00元` when none is: undisclosed).
* suppliers: awards and contracts only (a contract's one 供应商 cell lists every winner, "A、B").
* lots: awards state one row per lot; template tenders one 标项 block per lot; free-form tenders print
  lot headings ("标项一：…") only when there are several, so a single-lot free-form tender states none.
  Contracts print no lots at all (one supplier cell, no 包 numbers): their lots are not compared.
* project_code: ccgp 采购意向 pages carry none (fixtures/replay2025/README.md), so None is expected; a
  政采云 record states its projectCode beside the body, intentions included.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import quote, urlsplit
from urllib.request import urlopen

import pytest

from crawler.parse import parse_document
from crawler.parse.suppliers import normalise_supplier, normalise_suppliers
from domain.notice import ParsedNotice
from replay import Corpus, FaultConfig, Notice, ReplaySite, load_corpus, read_truth
from replay.render import ggzy as ggzy_render
from replay.server import request_key

FIELDS = (
    "notice_type",
    "publish_date",
    "project_code",
    "buyer",
    "region",
    "budget_yuan",
    "award_amount_yuan",
    "suppliers",
    "lots",
)
NOT_COMPARED = object()  # a field the page does not print and the parser may fill from elsewhere


def page_url(notice: Notice) -> str:
    """The URL a crawler fetches for the notice's detail: ccgp detail page, ggzy B page, 政采云 detail API."""
    if notice.source == "ggzy":
        return "https://www.ggzy.gov.cn" + ggzy_render.b_path(notice)
    if notice.source == "zcy":
        return f"https://{notice.zcy_host}/portal/detail?articleId={quote(notice.article_id, safe='')}"
    return notice.url


def serve(site: ReplaySite, url: str) -> bytes:
    """The bytes the replay site answers for a real portal URL, through its own routing (no faults)."""
    split = urlsplit(url)
    key = request_key("GET", split.netloc, split.path, split.query, b"")
    response = site.route("GET", split.netloc, split.path, split.query, b"", key)
    assert response.status == 200, f"{url}: HTTP {response.status}"
    body = response.body
    return body.encode("utf-8") if isinstance(body, str) else body


def expected_fields(notice: Notice) -> dict[str, Any]:
    """What the rendered page states for each compared field (see the module docstring)."""
    kind = notice.kind
    amounts = [lot.amount for lot in notice.lots]
    award: Decimal | None = None
    if kind == "award" and amounts and all(a is not None for a in amounts):
        award = sum((a for a in amounts if a is not None), Decimal(0))
    elif kind == "contract":
        printed = sum((a for a in amounts if a is not None), Decimal(0))
        award = printed if printed > 0 else None
    lots: object = None
    if kind == "award":
        lots = len(notice.lots)
    elif kind == "tender":
        lots = len(notice.lots) if notice.style == "template" or len(notice.lots) > 1 else None
    elif kind == "contract":
        lots = NOT_COMPARED
    return {
        "notice_type": kind,
        "publish_date": notice.publish_date,
        "project_code": None if kind == "intention" and notice.source != "zcy" else notice.project_code,
        "buyer": notice.buyer,
        "region": notice.region,
        "budget_yuan": notice.budget if kind in ("tender", "intention") else None,
        "award_amount_yuan": award,
        "suppliers": (
            normalise_suppliers(lot.supplier for lot in notice.lots) if kind in ("award", "contract") else []
        ),
        "lots": lots,
    }


@dataclass
class Parsed:
    notice: Notice
    url: str
    detail: ParsedNotice
    # ggzy only: the notice as its project (A) page's tab lists it.
    tab: ParsedNotice | None = None


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus()


@pytest.fixture(scope="module")
def site(corpus: Corpus) -> ReplaySite:
    return ReplaySite(corpus)


@pytest.fixture(scope="module")
def parsed(corpus: Corpus, site: ReplaySite) -> list[Parsed]:
    out = []
    for notice in corpus.notices:
        url = page_url(notice)
        notices = parse_document(serve(site, url), url)
        assert len(notices) == 1, f"{notice.nid}: {len(notices)} notices on its detail page"
        item = Parsed(notice, url, notices[0])
        if notice.source == "ggzy":
            tabs = parse_document(serve(site, notice.url), notice.url)
            item.tab = next((n for n in tabs if n.url == url), None)
        out.append(item)
    return out


def mismatches(pairs: Iterator[tuple[Notice, ParsedNotice, dict[str, Any]]]) -> dict[str, list[str]]:
    """Field → one line per disagreeing notice."""
    found: dict[str, list[str]] = defaultdict(list)
    for notice, got, want in pairs:
        for name, value in want.items():
            if value is NOT_COMPARED:
                continue
            have = getattr(got, name)
            if have != value:
                found[name].append(
                    f"{notice.nid} {notice.source}/{notice.kind}/{notice.style}: want {value!r}, got {have!r}"
                )
    return dict(found)


def report(found: dict[str, list[str]]) -> str:
    return "\n".join(
        f"{name}: {len(lines)} mismatches, e.g.\n  " + "\n  ".join(lines[:5]) for name, lines in found.items()
    )


def test_every_detail_page_parses_to_its_corpus_record(parsed: list[Parsed]) -> None:
    found = mismatches((p.notice, p.detail, expected_fields(p.notice)) for p in parsed)
    assert not found, report(found)


def test_the_comparison_covers_every_notice_and_field(parsed: list[Parsed], corpus: Corpus) -> None:
    """Guards against a vacuous pass: every portal and type is here, and every field is compared on
    thousands of notices with a stated value."""
    assert len(parsed) == len(corpus.notices) > 5000
    assert Counter(p.notice.source for p in parsed) == Counter(n.source for n in corpus.notices)
    assert set(Counter(p.notice.source for p in parsed)) == {"ccgp", "ggzy", "zcy"}
    stated = Counter(
        name
        for p in parsed
        for name, value in expected_fields(p.notice).items()
        if value not in (None, [], NOT_COMPARED)
    )
    assert {name: stated[name] >= 150 for name in FIELDS} == dict.fromkeys(FIELDS, True), stated
    assert stated["award_amount_yuan"] >= 3000 and stated["suppliers"] >= 3500


def test_ggzy_project_page_tabs_state_type_date_code_and_region(parsed: list[Parsed]) -> None:
    """The A page lists each notice on its stage tab: type (stage code, unless the title cancels),
    date, the page's 采购项目编号 and the province of the path."""
    ggzy = [p for p in parsed if p.notice.source == "ggzy"]
    missing = [p.notice.nid for p in ggzy if p.tab is None]
    assert not missing, f"B page not listed on its A page: {missing[:5]}"
    found = mismatches(
        (
            p.notice,
            p.tab,
            {
                name: value
                for name, value in expected_fields(p.notice).items()
                if name in ("notice_type", "publish_date", "project_code", "region")
            },
        )
        for p in ggzy
        if p.tab is not None
    )
    assert not found, report(found)


def test_truth_file_notices_match_the_parsed_pages(parsed: list[Parsed]) -> None:
    """truth/projects.jsonl lists every notice by URL with its type and date; the parsed page (at
    the URL or one of its alt_urls: ggzy truth names the A page, the parser the B page) agrees."""
    by_url: dict[str, Parsed] = {}
    for p in parsed:
        by_url[p.notice.url] = p
    rows = [notice for row in read_truth() for notice in row.notices]
    assert len(rows) == len(parsed)
    wrong = []
    for row in rows:
        p = by_url[row["url"]]
        urls = {row["url"], *row["alt_urls"]}
        if p.notice.source in ("ccgp", "ggzy") and p.detail.url not in urls:
            wrong.append(f"{row['url']}: parsed url {p.detail.url}")
        got = (p.detail.notice_type, p.detail.publish_date.isoformat() if p.detail.publish_date else None)
        if got != (row["notice_type"], row["publish_date"]):
            wrong.append(f"{row['url']}: truth {(row['notice_type'], row['publish_date'])}, parsed {got}")
    assert not wrong, "\n".join(wrong[:10])


def test_supplier_names_are_normalised_consistently(parsed: list[Parsed]) -> None:
    """Every parser path returns supplier names already normalised (full-width brackets folded to
    half-width, docs/domain.md §7 first step): normalising again changes nothing, and no full-width bracket
    survives, whichever bracket width the page printed."""
    printed = {lot.supplier for p in parsed for lot in p.notice.lots if lot.supplier}
    assert any("（" in name for name in printed) and any("(" in name for name in printed)
    names = {name for p in parsed for name in p.detail.suppliers}
    assert names
    assert {name for name in names if normalise_supplier(name) != name} == set()
    assert {name for name in names if "（" in name or "）" in name} == set()


def test_pages_served_over_http_are_the_pages_compared(corpus: Corpus, site: ReplaySite) -> None:
    """The check above reads pages through the site's routing; one notice of every portal, type and
    body style fetched from the running server over HTTP gives the same bytes and the same parse."""
    samples: dict[tuple[str, str, str], Notice] = {}
    for notice in corpus.notices:
        samples.setdefault((notice.source, notice.kind, notice.style), notice)
    assert len(samples) >= 30
    with site:
        for notice in samples.values():
            url = page_url(notice)
            with urlopen(site.url_for(url), timeout=10) as answer:  # 127.0.0.1 only
                served = answer.read()
            assert served == serve(site, url), url
            assert parse_document(served, url) == parse_document(serve(site, url), url)


def test_site_variants_parse_like_the_normal_page(corpus: Corpus, site: ReplaySite) -> None:
    """The site's persistent variants (replay/faults.py) change how a page is written, not
    what it states: GBK-encoded ccgp/ggzy pages and the pre-2017 ccgp frame (`vT_detail_*`, no
    公告概要 table) parse to the same notice. One exception, by construction: without the summary
    table's 行政区域 the old frame names the province only through the buyer's name or address, and
    some bodies print neither a known city nor an address — there the region may be unknown (None),
    never another province. Every fourth notice, to keep the run short."""
    gbk_site = ReplaySite(corpus, FaultConfig(gbk=1.0))
    old_frame_site = ReplaySite(corpus, FaultConfig(layout=1.0))
    differences = []
    unknown_regions = 0
    for notice in corpus.notices[::4]:
        if notice.source == "zcy":
            continue
        url = page_url(notice)
        normal = parse_document(serve(site, url), url)
        encoded = serve(gbk_site, url)
        with pytest.raises(UnicodeDecodeError):
            encoded.decode("utf-8")
        if parse_document(encoded, url) != normal:
            differences.append(f"{notice.nid}: GBK page parses differently")
        if notice.source != "ccgp":
            continue
        old_page = serve(old_frame_site, url)
        assert b"vT_detail_content" in old_page
        old = parse_document(old_page, url)[0]
        for name in FIELDS:
            have, want = getattr(old, name), getattr(normal[0], name)
            if name == "region" and have is None:
                unknown_regions += 1
            elif have != want:
                differences.append(f"{notice.nid} old frame {name}: {have!r}, normal page {want!r}")
    assert not differences, "\n".join(differences[:10])
    assert unknown_regions <= 20


def test_replay_pages_read_cleanly_carry_no_parse_quality_flag(parsed: list[Parsed]) -> None:
    """The flags mark what a parser could not read: on pages it reads right (the test above), none."""
    flagged = Counter(
        (p.notice.source, p.notice.kind, p.notice.style, flag)
        for p in parsed
        for flag in p.detail.parse_quality
    )
    assert not flagged, flagged.most_common(10)

"""Fuzzing the detail-page parsers with mutated pages (issue 7, bad input).

Seeds: pages the replay site renders in-process (one per portal × notice type × body style, plus its
GBK and old-layout variants; see tests/parse/test_parse_replay_corpus.py for how pages are served)
and, when present, the real saved pages in /work/shared/real-pages. Mutations, stacked one to four
deep: byte flips, truncation at a random point, a deleted or duplicated tag, a deleted or duplicated
span, inserted junk bytes, re-encoding in another charset, and for JSON responses a value replaced by
one of another JSON type.

The contract (crawler/parse/errors.py): a page is either parsed into notices whose fields stay in
their vocabularies, or refused with PageParseError. Any other exception is a bug.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

from crawler.parse import PageParseError, parse_document
from crawler.parse.ccgp import parse_ccgp_detail
from crawler.parse.ggzy import parse_ggzy_content, parse_ggzy_project_page
from crawler.parse.regions import PROVINCES
from crawler.parse.zcy import parse_zcy_detail
from domain.notice import ParsedNotice
from domain.paths import REAL_PAGES_DIR
from domain.vocabulary import NOTICE_TYPES, SOURCES

# Pages are up to 130 kB and some mutations make lxml work harder; the budget is the example count (no
# per-example deadline: a wall-clock limit fails on a busy machine; parsing speed is bench/bench_parse.py's).
# TENDERS_FUZZ_EXAMPLES raises the count for a deeper run (RELIABILITY.md gives the figures).
EXAMPLES = int(os.environ.get("TENDERS_FUZZ_EXAMPLES", "120"))
PAGES = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
ENCODINGS = ("gbk", "gb18030", "big5", "utf-16", "utf-16-le", "latin-1", "shift_jis", "cp1252", "utf-8-sig")
_TAG = re.compile(rb"<[^<>]{0,300}>")


@dataclass(frozen=True)
class Seed:
    name: str
    url: str
    data: bytes = field(repr=False)
    # The portal-specific parser for this page (besides parse_document, which detects the kind).
    parser: str


# --- seeds ---------------------------------------------------------------------------------------------


def _serve(site: Any, url: str) -> bytes:
    from replay.server import request_key

    split = urlsplit(url)
    key = request_key("GET", split.netloc, split.path, split.query, b"")
    response = site.route("GET", split.netloc, split.path, split.query, b"", key)
    assert response.status == 200, f"{url}: HTTP {response.status}"
    body = response.body
    return body.encode("utf-8") if isinstance(body, str) else body


@cache
def replay_seeds() -> tuple[Seed, ...]:
    """One notice per portal, type and body style, as the replay site serves its detail page (and,
    for ccgp/ggzy, the GBK variant; for ccgp the pre-2017 frame; for ggzy the project A page)."""
    from replay import FaultConfig, ReplaySite, load_corpus
    from replay.render import ggzy as ggzy_render

    corpus = load_corpus()
    sites = {
        "": ReplaySite(corpus),
        "gbk": ReplaySite(corpus, FaultConfig(gbk=1.0)),
        "old-frame": ReplaySite(corpus, FaultConfig(layout=1.0)),
    }
    samples: dict[tuple[str, str, str], Any] = {}
    for notice in corpus.notices:
        samples.setdefault((notice.source, notice.kind, notice.style), notice)
    seeds: list[Seed] = []
    for (source, kind, style), notice in sorted(samples.items()):
        label = f"replay {source}/{kind}/{style}"
        if source == "ggzy":
            b_url = "https://www.ggzy.gov.cn" + ggzy_render.b_path(notice)
            seeds.append(Seed(label, b_url, _serve(sites[""], b_url), "ggzy_content"))
            seeds.append(Seed(label + " gbk", b_url, _serve(sites["gbk"], b_url), "ggzy_content"))
            seeds.append(Seed(label + " A page", notice.url, _serve(sites[""], notice.url), "ggzy_project"))
        elif source == "zcy":
            url = f"https://{notice.zcy_host}/portal/detail?articleId={quote(notice.article_id, safe='')}"
            seeds.append(Seed(label, url, _serve(sites[""], url), "zcy_json"))
        else:
            seeds.append(Seed(label, notice.url, _serve(sites[""], notice.url), "ccgp"))
            seeds.append(Seed(label + " gbk", notice.url, _serve(sites["gbk"], notice.url), "ccgp"))
            seeds.append(
                Seed(label + " old frame", notice.url, _serve(sites["old-frame"], notice.url), "ccgp")
            )
    return tuple(seeds)


def _real_parser(path: Path) -> str:
    if path.suffix == ".json":
        return "any"
    if path.parent.name == "ccgp" and "search_result" not in path.name:
        return "ccgp"
    if path.parent.name == "ggzy":
        return "ggzy_project" if "project_page" in path.name else "ggzy_content"
    return "any"


@cache
def real_seeds() -> tuple[Seed, ...]:
    if not REAL_PAGES_DIR.is_dir():
        return ()
    return tuple(
        Seed(f"real {p.parent.name}/{p.name}", p.resolve().as_uri(), p.read_bytes(), _real_parser(p))
        for p in sorted(REAL_PAGES_DIR.glob("*/*"))
        if p.suffix in (".html", ".json")
    )


def test_the_seed_pages_parse_before_mutation() -> None:
    """Guards against a vacuous fuzz: every seed is a page the parsers read, from every portal."""
    seeds = replay_seeds() + real_seeds()
    assert len(replay_seeds()) >= 60
    for seed in seeds:
        notices = parse_document(seed.data, seed.url)
        assert notices, seed.name
    assert {s.name.split()[1].split("/")[0] for s in replay_seeds()} == set(SOURCES)


@dataclass(frozen=True)
class Case:
    """A mutated page; its repr (what hypothesis prints for a failing example) names the seed and
    the mutations and shows the start of the bytes, not 100 kB of page."""

    seed: Seed
    data: bytes
    mutations: tuple[str, ...]

    def __repr__(self) -> str:
        return f"Case({self.seed.name!r}, {list(self.mutations)}, {len(self.data)} bytes: {self.data[:300]!r}...)"


# --- mutations -----------------------------------------------------------------------------------------


def _flip(data: bytes, draw: Callable[[Any], Any]) -> bytes:
    if not data:
        return data
    at = draw(st.integers(0, len(data) - 1))
    return data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]


def _truncate(data: bytes, draw: Callable[[Any], Any]) -> bytes:
    return data[: draw(st.integers(0, len(data)))]


def _tag_span(data: bytes, draw: Callable[[Any], Any]) -> tuple[int, int] | None:
    tags = [m.span() for m in _TAG.finditer(data)]
    return draw(st.sampled_from(tags)) if tags else None


def _delete_tag(data: bytes, draw: Callable[[Any], Any]) -> bytes:
    span = _tag_span(data, draw)
    return data if span is None else data[: span[0]] + data[span[1] :]


def _duplicate_tag(data: bytes, draw: Callable[[Any], Any]) -> bytes:
    span = _tag_span(data, draw)
    if span is None:
        return data
    to = draw(st.integers(0, len(data)))
    return data[:to] + data[span[0] : span[1]] + data[to:]


def _span(data: bytes, draw: Callable[[Any], Any]) -> tuple[int, int]:
    start = draw(st.integers(0, len(data)))
    return start, min(len(data), start + draw(st.integers(0, 4000)))


def _delete_span(data: bytes, draw: Callable[[Any], Any]) -> bytes:
    start, end = _span(data, draw)
    return data[:start] + data[end:]


def _duplicate_span(data: bytes, draw: Callable[[Any], Any]) -> bytes:
    start, end = _span(data, draw)
    return data[:end] + data[start:end] + data[end:]


def _insert_junk(data: bytes, draw: Callable[[Any], Any]) -> bytes:
    at = draw(st.integers(0, len(data)))
    junk = draw(
        st.one_of(
            st.binary(min_size=1, max_size=40),
            st.sampled_from(
                [
                    b"\x00",
                    b"<",
                    b"</div>",
                    b"<table><tr><td>",
                    b"<!--",
                    b"]]>",
                    b"&#0;",
                    b"&#xD800;",
                    b"\xff\xfe",
                    b"\xef\xbb\xbf",
                ]
            ),
            st.text(max_size=20).map(lambda t: t.encode("utf-8", "surrogatepass")),
        )
    )
    return data[:at] + junk + data[at:]


def _reencode(data: bytes, draw: Callable[[Any], Any]) -> bytes:
    codec = draw(st.sampled_from(ENCODINGS))
    return data.decode("utf-8", errors="replace").encode(codec, errors="replace")


MUTATIONS: dict[str, Callable[[bytes, Callable[[Any], Any]], bytes]] = {
    "flip": _flip,
    "truncate": _truncate,
    "delete_tag": _delete_tag,
    "duplicate_tag": _duplicate_tag,
    "delete_span": _delete_span,
    "duplicate_span": _duplicate_span,
    "insert_junk": _insert_junk,
    "reencode": _reencode,
}

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


def _json_paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    paths = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            paths += _json_paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            paths += _json_paths(value, (*path, index))
    return paths


def _replace_json_value(data: bytes, draw: Callable[[Any], Any]) -> bytes:
    """A JSON response whose structure holds, but one value is of another type (or another value)."""
    try:
        payload = json.loads(data)
    except ValueError:
        return data
    path = draw(st.sampled_from(_json_paths(payload)))
    value = draw(json_values)
    if not path:
        return json.dumps(value).encode("utf-8")
    node = payload
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return json.dumps(payload, ensure_ascii=draw(st.booleans())).encode("utf-8")


@st.composite
def mutated_pages(draw: Callable[[Any], Any], seeds: Callable[[], tuple[Seed, ...]]) -> Case:
    pool = seeds()
    if not pool:
        pytest.skip(f"no seed pages ({REAL_PAGES_DIR} absent)")
    seed = draw(st.sampled_from(pool))
    names = draw(st.lists(st.sampled_from(sorted(MUTATIONS)), min_size=1, max_size=4))
    data = seed.data
    for name in names:
        data = MUTATIONS[name](data, draw)
    return Case(seed, data, tuple(names))


@st.composite
def mutated_json(draw: Callable[[Any], Any]) -> Case:
    pool = [s for s in replay_seeds() + real_seeds() if s.data.lstrip()[:1] in (b"{", b"[")]
    seed = draw(st.sampled_from(pool))
    data = seed.data
    count = draw(st.integers(1, 4))
    for _ in range(count):
        data = _replace_json_value(data, draw)
    return Case(seed, data, (f"json value x{count}",))


# --- the contract --------------------------------------------------------------------------------------

REGIONS = frozenset(PROVINCES.values())


def _check_notice(notice: ParsedNotice, seed: Seed) -> None:
    assert isinstance(notice, ParsedNotice)
    assert notice.source in SOURCES
    assert notice.notice_type in NOTICE_TYPES
    assert isinstance(notice.title, str) and notice.title.strip(), "a notice always has a title"
    assert notice.region is None or notice.region in REGIONS
    for amount in (notice.budget_yuan, notice.award_amount_yuan):
        assert amount is None or (isinstance(amount, Decimal) and amount.is_finite() and amount >= 0)
    assert all(isinstance(name, str) and name for name in notice.suppliers)
    assert notice.lots is None or (isinstance(notice.lots, int) and notice.lots >= 0)
    json.dumps(notice.to_json(), ensure_ascii=False)  # what `tenders parse` prints


def _specific_parser(seed: Seed, data: bytes) -> list[ParsedNotice]:
    if seed.parser == "ccgp":
        return [parse_ccgp_detail(data, seed.url)]
    if seed.parser == "ggzy_content":
        return [parse_ggzy_content(data, seed.url)]
    if seed.parser == "ggzy_project":
        page = parse_ggzy_project_page(data, seed.url)
        from crawler.parse.ggzy import project_page_notices

        return project_page_notices(page)
    if seed.parser == "zcy_json":
        try:
            payload = json.loads(data)
        except ValueError:
            return []  # not JSON any more: the caller (parse_document) reports that
        if not isinstance(payload, dict):
            return []
        return [parse_zcy_detail(payload, seed.url)]
    return []


def _event(name: str) -> None:
    """Count an outcome in hypothesis' statistics (--hypothesis-show-statistics); a no-op outside."""
    if currently_in_test_context():
        event(name)


def check_contract(case: Case) -> None:
    seed, data, mutations = case.seed, case.data, list(case.mutations)
    for parse in (lambda: parse_document(data, seed.url), lambda: _specific_parser(seed, data)):
        try:
            notices = parse()
        except PageParseError as exc:
            assert exc.url and exc.reason and "\n" not in exc.reason, exc
            _event("refused with PageParseError")
            continue
        except Exception as exc:  # the finding: report the seed and the mutations that led here
            raise AssertionError(f"{seed.name} after {mutations}: {type(exc).__name__}: {exc}") from exc
        _event("parsed" if notices else "no notice")
        for notice in notices:
            _check_notice(notice, seed)


@PAGES
@given(mutated_pages(replay_seeds))
def test_mutated_replay_pages_parse_or_raise_page_parse_error(case: Case) -> None:
    check_contract(case)


@PAGES
@given(mutated_pages(real_seeds))
def test_mutated_real_pages_parse_or_raise_page_parse_error(case: Case) -> None:
    check_contract(case)


@PAGES
@given(mutated_json())
def test_json_responses_with_values_of_any_type(case: Case) -> None:
    check_contract(case)


@pytest.mark.parametrize("codec", ENCODINGS)
def test_every_seed_in_every_encoding(codec: str) -> None:
    """Whole pages re-encoded (a mislabelled or legacy charset) are parsed or refused, never a crash."""
    for seed in replay_seeds()[::3] + real_seeds():
        data = seed.data.decode("utf-8", errors="replace").encode(codec, errors="replace")
        check_contract(Case(seed, data, (f"reencode {codec}",)))


@pytest.mark.parametrize("cut", [0, 1, 2, 3, 10, 100, 1000, 5000, 20000])
def test_every_seed_truncated(cut: int) -> None:
    """A connection cut at a fixed byte offset (the replay site's truncate fault cuts mid-page)."""
    for seed in replay_seeds() + real_seeds():
        check_contract(Case(seed, seed.data[:cut], (f"truncate {cut}",)))

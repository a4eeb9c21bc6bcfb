"""The local replay site: the corpus served under each portal's real paths, bound to 127.0.0.1.

Host routing contract (agreed with the spiders): a spider builds real URLs and a Scrapy middleware
rewrites `scheme://HOST/PATH?Q` to `http://127.0.0.1:PORT/HOST/PATH?Q`; the first path segment is
the real host name. Pages carry real absolute URLs, never localhost ones.

Routes (docs/portals.md §1–4):
* `GET  search.ccgp.gov.cn/bxsearch` — keyword search, 20 rows a page.
* `GET  www.ccgp.gov.cn/cggg/{zygg|dfgg}/{channel}/{YYYYMM}/t{YYYYMMDD}_{docid}.htm` — detail pages.
* `GET  www.ccgp.gov.cn/cggg/{zygg|dfgg}[/{channel}]/index.htm | index_N.htm` — channel listings.
* `POST www.ggzy.gov.cn/information/pubTradingInfo/getTradList` — list API (form body).
* `GET  www.ggzy.gov.cn/information/deal/html/{a|b}/{prov}/{type}/{YYYYMMDD}/{id}.html` — A/B pages.
* `POST {zcy host}/portal/category`, `POST {zcy host}/portal/all` (JSON bodies), `GET {zcy host}/portal/detail?articleId=`.
* `GET  /__replay__/faults` — what was injected so far (JSON), for tests in another process.

HTTP itself (keep-alive, request parsing, delayed answers) is replay/http.py's, on one event loop in the
site's thread: the routes below run there, one request at a time.
"""

from __future__ import annotations

import json
import math
import re
import threading
import time
from bisect import bisect_right
from collections import Counter, OrderedDict
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from http import HTTPStatus
from itertools import accumulate
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from replay.faults import FaultConfig
from replay.http import Delay, HttpServer, Reply, Request
from replay.model import Corpus, Notice
from replay.portals import CHANNEL_BIDTYPE, ZCY_HOSTS
from replay.render import ccgp as ccgp_render
from replay.render import ggzy as ggzy_render
from replay.render import zcy as zcy_render
from replay.site_data import SiteData, in_window

CCGP_SEARCH_HOST = "search.ccgp.gov.cn"
CCGP_HOST = "www.ccgp.gov.cn"
GGZY_HOST = "www.ggzy.gov.cn"
ZCY_SITE_HOSTS = tuple(ZCY_HOSTS.values())
HOSTS = (CCGP_SEARCH_HOST, CCGP_HOST, GGZY_HOST, *ZCY_SITE_HOSTS)
# Query parameters that change on every attempt (client timestamps) and so do not identify a request.
_VOLATILE = {"_t", "timestamp", "t"}
_PINMU = {"1": "货物类", "2": "工程类", "3": "服务类"}
_CCGP_RELATIVE_DAYS = {"0": 0, "1": 2, "2": 6, "3": 30, "4": 91, "5": 182}
_GGZY_RELATIVE_DAYS = {"01": 0, "02": 2, "03": 9, "04": 30, "05": 91}
_GGZY_STAGES = {"0001": "0201", "0002": "0202"}
_DETAIL_PATH = re.compile(r"^/cggg/(zygg|dfgg)/[a-z]+/\d{6}/t\d{8}_\d+\.htm$")
_CHANNEL_PATH = re.compile(r"^/cggg/(zygg|dfgg)(?:/([a-z]+))?/index(?:_(\d+))?\.htm$")
_GGZY_PAGE = re.compile(r"^/information/deal/html/[ab]/\d{6}/\d{4}/\d{8}/[0-9a-f]+\.html$")
_DATA_CACHE: dict[int, SiteData] = {}
_DATA_LOCK = threading.Lock()


class Response:
    """What a route answers: status, body, content type and extra headers."""

    def __init__(
        self,
        status: int,
        body: str | bytes,
        content_type: str = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        self.status = status
        self.body = body
        self.content_type = content_type
        self.headers = headers or {}


def site_data(corpus: Corpus) -> SiteData:
    """Indexes for a corpus, shared by every server on the same corpus object."""
    with _DATA_LOCK:
        data = _DATA_CACHE.get(id(corpus))
        if data is None or data.corpus is not corpus:
            data = SiteData(corpus)
            _DATA_CACHE[id(corpus)] = data
        return data


class FaultLog:
    """What the site injected: a list of events, counts by kind, optional JSON-lines file."""

    def __init__(self, path: Path | None = None) -> None:
        self.events: list[dict[str, Any]] = []
        self.counts: Counter[str] = Counter()
        self.attempts: Counter[str] = Counter()
        self.requests = 0
        self._lock = threading.Lock()
        self._path = path

    def attempt(self, key: str) -> int:
        with self._lock:
            self.requests += 1
            self.attempts[key] += 1
            return self.attempts[key]

    def record(self, kind: str, method: str, target: str, attempt: int) -> None:
        event = {"kind": kind, "method": method, "target": target, "attempt": attempt, "at": time.time()}
        with self._lock:
            self.events.append(event)
            self.counts[kind] += 1
            if self._path is not None:
                with self._path.open("a", encoding="utf-8") as handle:
                    handle.write(json.dumps(event, ensure_ascii=False) + "\n")

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return {"requests": self.requests, "counts": dict(self.counts), "events": list(self.events)}


class _BadRequest(ValueError):
    pass


class _HitCache:
    """The hits of recent searches, keyed by everything but the page number.

    A crawler pages through a search one page at a time; rescanning the keyword's matches for every page
    costs in proportion to the corpus, which showed on the scaled corpora of bench/bench_crawl.py."""

    def __init__(self, size: int = 512) -> None:
        self._entries: OrderedDict[tuple[Any, ...], list[Notice]] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, key: tuple[Any, ...], compute: Callable[[], list[Notice]]) -> list[Notice]:
        with self._lock:
            hits = self._entries.get(key)
            if hits is not None:
                self._entries.move_to_end(key)
                return hits
        hits = compute()
        with self._lock:
            self._entries[key] = hits
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
        return hits


def request_key(method: str, host: str, path: str, query: str, body: bytes) -> str:
    """A request's identity for fault decisions and attempt counting (client timestamps removed)."""
    params = sorted(
        (k, v) for k, vs in parse_qs(query, keep_blank_values=True).items() if k not in _VOLATILE for v in vs
    )
    payload = body.decode("utf-8", "replace")
    if payload.startswith("{"):
        try:
            data = json.loads(payload)
            if isinstance(data, dict):
                payload = json.dumps(
                    {k: v for k, v in data.items() if k not in _VOLATILE}, sort_keys=True, ensure_ascii=False
                )
        except json.JSONDecodeError:
            pass
    elif payload:
        payload = "&".join(
            f"{k}={v}"
            for k, vs in sorted(parse_qs(payload, keep_blank_values=True).items())
            if k not in _VOLATILE
            for v in vs
        )
    return f"{method} {host}{path}?{params}#{payload}"


def _fault_response(fault: str, host: str, faults: FaultConfig) -> Response:
    if fault == "error":
        status = faults.error_status
        return Response(
            status,
            f"<html><body><h1>{status} {HTTPStatus(status).phrase}</h1><hr><center>nginx</center></body></html>\n",
        )
    if fault == "throttle":
        return Response(
            429,
            "<html><body><h1>429 Too Many Requests</h1></body></html>\n",
            headers={"Retry-After": str(faults.retry_after)},
        )
    now_ms = int(time.time() * 1000)
    if host == GGZY_HOST:
        return Response(
            200,
            json.dumps(ggzy_render.rate_limited_response(now_ms), ensure_ascii=False),
            "application/json;charset=UTF-8",
        )
    if host in ZCY_SITE_HOSTS:
        return Response(
            200,
            json.dumps(
                {"success": False, "result": None, "error": "访问过于频繁，请稍后再试"}, ensure_ascii=False
            ),
            "application/json;charset=UTF-8",
        )
    return Response(200, ccgp_render.block_page())


def _reply(response: Response, truncate: str | None = None) -> Reply:
    """What the HTTP layer sends for a route's response; `truncate` cuts the body (FaultConfig.truncate_mode):
    "short" to a complete shorter page, "dataloss" to half the announced length, the connection then closed."""
    body = response.body.encode("utf-8") if isinstance(response.body, str) else response.body
    headers = response.headers.items()
    if truncate == "short":
        return Reply(response.status, body[: max(1, len(body) * 11 // 20)], response.content_type, headers)
    if truncate == "dataloss":
        cut = body[: max(1, len(body) // 2)]
        return Reply(response.status, cut, response.content_type, headers, length=len(body), close=True)
    return Reply(response.status, body, response.content_type, headers)


def _gbk(response: Response) -> Response:
    """The same page GBK-encoded, its charset declared in the header and the meta tag."""
    assert isinstance(response.body, str)
    text = response.body.replace("charset=utf-8", "charset=gbk").replace('charset="UTF-8"', 'charset="GBK"')
    return Response(
        response.status, text.encode("gbk", "xmlcharrefreplace"), "text/html; charset=GBK", response.headers
    )


def _json(data: Any) -> Response:
    return Response(200, json.dumps(data, ensure_ascii=False), "application/json;charset=UTF-8")


def _parse_date(value: str, name: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value.replace(":", "-"))
    except ValueError as exc:
        raise _BadRequest(f"{name}={value!r} is not a date") from exc


def _int(value: str | None, default: int, name: str) -> int:
    if value in (None, ""):
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise _BadRequest(f"{name}={value!r} is not a number") from exc


class ReplaySite:
    """The replay site in a background thread: `with ReplaySite() as site: site.base_url`.

    `corpus` defaults to the bundled one; `faults` to none; `port=0` picks a free port; `today`
    anchors the portals' relative date filters (近一周 …); `fault_log` appends injected faults as
    JSON lines (for tests that run the site in another process)."""

    def __init__(
        self,
        corpus: Corpus | None = None,
        faults: FaultConfig | None = None,
        port: int = 0,
        *,
        today: date = date(2025, 12, 31),
        fault_log: Path | None = None,
        verbose: bool = False,
    ) -> None:
        if corpus is None:
            from replay.store import load_corpus

            corpus = load_corpus()
        self.corpus = corpus
        self.data = site_data(corpus)
        self.faults = faults or FaultConfig()
        self.today = today
        self.verbose = verbose
        self.log = FaultLog(fault_log)
        self._hits = _HitCache()
        self._codes: tuple[list[str], str, list[int]] | None = None
        self._summaries: dict[str, str] = {}
        self._port = port
        self._server: HttpServer | None = None
        self._thread: threading.Thread | None = None

    # ----------------------------------------------------------- lifecycle

    def start(self) -> ReplaySite:
        """Serve from a background thread (binding first if `bind()` has not)."""
        if self._thread is not None:
            return self
        server = self.bind()._server
        assert server is not None
        self._thread = threading.Thread(target=server.serve_forever, name="replay-site", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving: open connections are closed and delayed answers (slow, hang) dropped."""
        if self._server is None:
            return
        self._server.shutdown()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def bind(self) -> ReplaySite:
        """Bind the socket without serving yet (so a CLI can print the real port first)."""
        if self._server is None:
            self._server = HttpServer(self._answer, "127.0.0.1", self._port, verbose=self.verbose)
        return self

    def serve_forever(self) -> None:
        """Run in the calling thread (the CLI); Ctrl-C or SIGTERM ends it."""
        server = self.bind()._server
        assert server is not None
        try:
            server.serve_forever()
        finally:
            server.shutdown()
            self._server = None

    def __enter__(self) -> ReplaySite:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("replay site not started")
        return self._server.address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url_for(self, real_url: str) -> str:
        """The local URL serving a real portal URL (what the spiders' middleware does)."""
        split = urlsplit(real_url)
        return f"{self.base_url}/{split.netloc}{split.path}" + (f"?{split.query}" if split.query else "")

    @property
    def injected(self) -> list[dict[str, Any]]:
        return self.log.snapshot()["events"]

    @property
    def fault_counts(self) -> dict[str, int]:
        return dict(self.log.counts)

    # ----------------------------------------------------------- answering

    def _answer(self, request: Request) -> Reply | Delay | None:
        """A request's answer, with the fault chosen for this attempt (the HTTP layer calls it in turn)."""
        method = request.method
        body = request.body if method == "POST" else b""
        split = urlsplit(request.target)
        host, _, rest = split.path.lstrip("/").partition("/")
        path = "/" + rest
        key = request_key(method, host, path, split.query, body)
        attempt = self.log.attempt(key)
        fault = self.faults.transient(key, attempt) if host in HOSTS else None
        if fault is None:
            return _reply(self._routed(method, host, path, split.query, body, key))
        self.log.record(fault, method, f"{host}{path}", attempt)
        if fault == "hang":  # say nothing, then close
            return Delay(self.faults.hang_seconds, lambda: None)
        if fault == "slow":
            return Delay(
                self.faults.slow_seconds,
                lambda: _reply(self._routed(method, host, path, split.query, body, key)),
            )
        if fault == "truncate":
            return _reply(self._routed(method, host, path, split.query, body, key), self.faults.truncate_mode)
        return _reply(_fault_response(fault, host, self.faults))

    def _routed(self, method: str, host: str, path: str, query: str, body: bytes, key: str) -> Response:
        try:
            return self.route(method, host, path, query, body, key)
        except _BadRequest as exc:
            return Response(400, f"bad request: {exc}\n", "text/plain; charset=utf-8")

    # ----------------------------------------------------------- routing

    def route(self, method: str, host: str, path: str, query: str, body: bytes, key: str) -> Response:
        if host == "__replay__" and path == "/faults":
            return _json(self.log.snapshot())
        if host == CCGP_SEARCH_HOST and path in ("/bxsearch", "/bxsearch.jsp"):
            return self._method(method, "GET") or self._ccgp_search(
                parse_qs(query, keep_blank_values=True), key
            )
        if host in (CCGP_HOST, "ccgp.gov.cn"):
            return self._method(method, "GET") or self._ccgp_page(path, key)
        if host in (GGZY_HOST, "ggzy.gov.cn"):
            if path == "/information/pubTradingInfo/getTradList":
                return self._method(method, "POST") or self._ggzy_list(body)
            if _GGZY_PAGE.match(path):
                return self._method(method, "GET") or self._ggzy_page(path, key)
            return Response(404, ggzy_render.not_found_page())
        if host in ZCY_SITE_HOSTS:
            return self._zcy(method, host, path, query, body)
        return Response(
            404,
            f"replay site: unknown host {host!r}; serves {', '.join(HOSTS)}\n",
            "text/plain; charset=utf-8",
        )

    @staticmethod
    def _method(method: str, allowed: str) -> Response | None:
        if method != allowed:
            return Response(
                405,
                f"method {method} not allowed; use {allowed}\n",
                "text/plain; charset=utf-8",
                {"Allow": allowed},
            )
        return None

    def _relative(self, code: str, table: dict[str, int]) -> tuple[date | None, date | None]:
        days = table.get(code)
        if days is None:
            return None, None
        return self.today - timedelta(days=days), self.today

    # ccgp ---------------------------------------------------------------

    def _ccgp_search(self, qs: dict[str, list[str]], key: str) -> Response:
        params = {k: v[0] for k, v in qs.items()}
        full = params.get("searchtype", "1") == "2"
        keyword = params.get("kw", "").strip()
        time_type = params.get("timeType", "")
        if time_type == "6":
            start = _parse_date(params.get("start_time", ""), "start_time")
            end = _parse_date(params.get("end_time", ""), "end_time")
        else:
            start, end = self._relative(time_type, _CCGP_RELATIVE_DAYS)
        bid_type = params.get("bidType", "0") or "0"
        channels = {c for c, code in CHANNEL_BIDTYPE.items() if code == bid_type}
        if bid_type != "0" and not channels:
            raise _BadRequest(f"bidType={bid_type!r} is not a ccgp notice type (0–12)")
        scope = {"1": True, "2": False}.get(params.get("bidSort", ""))
        category = _PINMU.get(params.get("pinMu", "0"))
        zone = params.get("zoneId", "").strip()
        buyer = params.get("buyerName", "").strip()
        agent = params.get("agentName", "").strip()
        code = params.get("projectId", "").strip()
        hits = self._hits.get(
            ("ccgp", full, keyword, start, end, bid_type, scope, category, zone, buyer, agent, code),
            lambda: self._ccgp_hits(
                full, keyword, start, end, channels, scope, category, zone, buyer, agent, code
            ),
        )
        page = max(_int(params.get("page_index"), 1, "page_index"), 1)
        rows = hits[(page - 1) * ccgp_render.PAGE_SIZE : page * ccgp_render.PAGE_SIZE]
        changed = self.faults.persistent(key, "layout")
        html = ccgp_render.search_page(
            [(n, self._summary(n)) for n in rows], len(hits), params, changed_layout=changed
        )
        return Response(200, html)

    def _ccgp_hits(
        self,
        full: bool,
        keyword: str,
        start: date | None,
        end: date | None,
        channels: set[str],
        scope: bool | None,
        category: str | None,
        zone: str,
        buyer: str,
        agent: str,
        code: str,
    ) -> list[Notice]:
        pool = self.data.ccgp
        indexes: Sequence[int] = (
            self.data.matching("ccgp", pool, keyword, full) if keyword else range(len(pool))
        )
        if code:
            # 项目编号 filter: contains, case as printed (a re-tender's "-1" code is found by the first
            # round's). With an empty kw it is the only filter besides the dates (a follow-up search), so the
            # codes are searched first, all at once (a follow-up search 1.2 → 0.1 ms).
            codes = self._codes_containing(code)
            if keyword:
                keyword_hits = set(indexes)
                codes = [index for index in codes if index in keyword_hits]
            indexes = codes
        hits = []
        for index in indexes:
            notice = pool[index]
            if not in_window(notice, start, end):
                continue
            if channels and notice.channel not in channels:
                continue
            if scope is not None and notice.central != scope:
                continue
            if category and notice.category != category:
                continue
            # A province code excludes its separately-listed cities (docs/portals.md §1.1: 广东 = 44 not 4403).
            if zone and notice.zone != zone:
                continue
            if buyer and buyer not in notice.buyer:
                continue
            if agent and agent not in (notice.agency or ""):
                continue
            hits.append(notice)
        return hits

    def _summary(self, notice: Notice) -> str:
        """A search hit's summary, made once a notice: it renders the notice's whole body (~0.1 ms), and a
        crawl meets most notices in more than one search (7,000 rows for 3,100 notices in bench_crawl)."""
        summary = self._summaries.get(notice.nid)
        if summary is None:
            summary = self._summaries[notice.nid] = self.data.summary(notice)
        return summary

    def _codes_containing(self, code: str) -> list[int]:
        """Indexes into the ccgp pool of the notices whose project code contains `code`, in pool order: one
        `str.find` pass over every code joined by newlines, each find checked against its own code."""
        if self._codes is None:
            codes = [notice.project_code or "" for notice in self.data.ccgp]
            self._codes = (codes, "\n".join(codes), list(accumulate((len(c) + 1 for c in codes), initial=0)))
        codes, joined, starts = self._codes
        found = []
        at = joined.find(code)
        while at >= 0:
            index = bisect_right(starts, at) - 1
            # A find that runs on into the next code (a code with a newline) is no match; no later one in
            # this code could fit, so the search goes on from the next code.
            if code in codes[index]:
                found.append(index)
            at = joined.find(code, starts[index + 1])
        return found

    def _ccgp_page(self, path: str, key: str) -> Response:
        if path in ("/", "/index.htm", "/index.shtml"):
            home = '<!doctype html>\n<html><head><meta charset="utf-8"><title>中国政府采购网</title></head><body><div class="main">中国政府采购网</div></body></html>\n'
            return Response(200, home, headers={"Set-Cookie": "JSESSIONID=replay0000000000; Path=/"})
        if _DETAIL_PATH.match(path):
            notice = self.data.ccgp_by_path.get(path)
            if notice is None:
                return Response(404, ccgp_render.error_page())
            response = Response(
                200, ccgp_render.detail_page(notice, old_layout=self.faults.persistent(key, "layout"))
            )
            return _gbk(response) if self.faults.persistent(key, "gbk") else response
        match = _CHANNEL_PATH.match(path)
        if match:
            scope, channel, number = match.groups()
            listing = self.data.channels.get(f"{scope}/{channel}" if channel else scope, [])
            page = int(number) if number else 0
            pages = max(1, math.ceil(len(listing) / ccgp_render.PAGE_SIZE))
            if page >= pages:
                return Response(404, ccgp_render.not_found_page())
            rows = listing[page * ccgp_render.PAGE_SIZE : (page + 1) * ccgp_render.PAGE_SIZE]
            return Response(200, ccgp_render.channel_page(rows, f"http://{CCGP_HOST}{path}", page, pages))
        return Response(404, ccgp_render.not_found_page())

    # ggzy ---------------------------------------------------------------

    def _ggzy_list(self, body: bytes) -> Response:
        form = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items()}
        keyword = form.get("FINDTXT", "").strip()
        deal_time = form.get("DEAL_TIME", "")
        if deal_time == "06":
            start = _parse_date(form.get("TIMEBEGIN", "") or form.get("TIMEBEGIN_SHOW", ""), "TIMEBEGIN")
            end = _parse_date(form.get("TIMEEND", "") or form.get("TIMEEND_SHOW", ""), "TIMEEND")
        else:
            start, end = self._relative(deal_time, _GGZY_RELATIVE_DAYS)
        classify = form.get("DEAL_CLASSIFY", "00") or "00"
        stage = form.get("DEAL_STAGE", "0000") or "0000"
        stage = _GGZY_STAGES.get(stage, stage)
        province = form.get("DEAL_PROVINCE", "0") or "0"
        hits = self._hits.get(
            ("ggzy", keyword, start, end, classify, stage, province),
            lambda: self._ggzy_hits(keyword, start, end, classify, stage, province),
        )
        page = max(_int(form.get("PAGENUMBER"), 1, "PAGENUMBER"), 1)
        rows = hits[(page - 1) * ggzy_render.PAGE_SIZE : page * ggzy_render.PAGE_SIZE]
        return _json(ggzy_render.list_response(rows, len(hits), page, int(time.time() * 1000)))

    def _ggzy_hits(
        self, keyword: str, start: date | None, end: date | None, classify: str, stage: str, province: str
    ) -> list[Notice]:
        pool = self.data.ggzy
        if classify not in ("00", "02"):
            pool = []  # the corpus holds 政府采购 notices only
        indexes = self.data.matching("ggzy", pool, keyword, full_text=False) if keyword else range(len(pool))
        hits = []
        for index in indexes:
            notice = pool[index]
            if not in_window(notice, start, end):
                continue
            if stage != "0000" and notice.ggzy_type != stage:
                continue
            if province != "0" and f"{notice.zone[:2]}0000" != province:
                continue
            hits.append(notice)
        return hits

    def _ggzy_page(self, path: str, key: str) -> Response:
        notice = self.data.ggzy_by_path.get(path)
        if notice is None:
            return Response(404, ggzy_render.not_found_page())
        if "/html/a/" in path:
            html = ggzy_render.a_page(notice, self.data.project_notices(notice))
        else:
            html = ggzy_render.b_page(notice)
        response = Response(200, html)
        return _gbk(response) if self.faults.persistent(key, "gbk") else response

    # 政采云 ---------------------------------------------------------------

    def _zcy(self, method: str, host: str, path: str, query: str, body: bytes) -> Response:
        if path == "/portal/detail":
            denied = self._method(method, "GET")
            if denied:
                return denied
            values = parse_qs(query, keep_blank_values=True).get("articleId", [""])
            # '+' in an articleId arrives as a space when the client did not percent-encode it.
            article = unquote(values[0]).replace(" ", "+")
            notice = self.data.zcy_by_article.get((host, article))
            if notice is None:
                return _json(zcy_render.not_found_response(article))
            return _json(zcy_render.detail_response(notice, self.data.project_notices(notice)))
        if path in ("/portal/category", "/portal/all"):
            denied = self._method(method, "POST")
            if denied:
                return denied
            try:
                request = json.loads(body.decode("utf-8") or "{}")
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise _BadRequest(f"body is not JSON: {exc}") from exc
            if not isinstance(request, dict):
                raise _BadRequest("body must be a JSON object")
            return self._zcy_list(host, path == "/portal/all", request)
        if path.startswith("/site/"):
            shell = f'<!doctype html>\n<html><head><meta charset="utf-8"><title>{host}</title></head><body><div id="app"></div><script src="/static/js/app.js"></script></body></html>\n'
            return Response(200, shell)
        return _json({"success": False, "result": None, "error": f"no such API: {path}"})

    def _zcy_list(self, host: str, search: bool, request: dict[str, Any]) -> Response:
        page = max(_int(str(request.get("pageNo") or ""), 1, "pageNo"), 1)
        size = min(max(_int(str(request.get("pageSize") or ""), 15, "pageSize"), 1), 100)
        begin = _zcy_time(request.get("publishDateBegin"), "publishDateBegin", end=False)
        finish = _zcy_time(request.get("publishDateEnd"), "publishDateEnd", end=True)
        if begin is not None and finish is not None and finish - begin > timedelta(days=366):
            return _json({"success": False, "result": None, "error": "查询时间跨度不能超过一年"})
        codes_field = request.get("secondCode") if search else request.get("categoryCode")
        codes = {c for c in str(codes_field or "").split("|") if c}
        if search and str(request.get("firstCode") or "ZcyAnnouncement") != "ZcyAnnouncement":
            codes = {"-none-"}
        keyword = str(request.get("keyword") or "").strip() if search else ""
        title_only = bool(request.get("isTitleSearch"))
        hits = self._hits.get(
            ("zcy", host, keyword, title_only, tuple(sorted(codes)), begin, finish),
            lambda: self._zcy_hits(host, keyword, title_only, codes, begin, finish),
        )
        rows = hits[(page - 1) * size : page * size]
        return _json(zcy_render.list_response(rows, len(hits)))

    def _zcy_hits(
        self,
        host: str,
        keyword: str,
        title_only: bool,
        codes: set[str],
        begin: datetime | None,
        finish: datetime | None,
    ) -> list[Notice]:
        pool = self.data.zcy.get(host, [])
        indexes = (
            self.data.matching(f"zcy:{host}", pool, keyword, full_text=not title_only)
            if keyword
            else range(len(pool))
        )
        hits = []
        for index in indexes:
            notice = pool[index]
            if codes and not codes & set(notice.zcy_codes):
                continue
            if begin is not None and notice.published < begin:
                continue
            if finish is not None and notice.published > finish:
                continue
            hits.append(notice)
        return hits


def _zcy_time(value: Any, name: str, *, end: bool) -> datetime | None:
    """政采云 dates come as epoch ms (Shanxi) or `YYYY-MM-DD` (Guangxi); a day string covers the whole day."""
    if value in (None, ""):
        return None
    if isinstance(value, int | float) or (isinstance(value, str) and value.isdigit()):
        return datetime.fromtimestamp(int(value) / 1000, zcy_render.CST).replace(tzinfo=None)
    day = _parse_date(str(value), name)
    assert day is not None
    return datetime.combine(day, datetime.max.time() if end else datetime.min.time())

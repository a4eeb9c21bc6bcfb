"""Downloader middlewares (Retry-After, block detection with back-off, cut-short pages, download counts)
and the download handler that routes requests to the replay site.

A back-off pauses the whole spider (its engine), not just one request: when a portal says "too many
requests" every request to it should wait, which is what the portal asked for (RFC 9110 §10.2.3 for
Retry-After; docs/portals.md §1.6 for ccgp's block page).
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
import weakref
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any, ClassVar, cast
from urllib.parse import urlsplit

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.downloadermiddlewares.retry import RetryMiddleware, get_retry_request
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Request, Response, TextResponse
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

BLOCK_RETRIES_META = "tenders_block_retries"


class BlockedPage(IgnoreRequest):
    """A page still blocked after the bounded retries: the request ends and the spider records it lost."""


class Backoff:
    """Pauses one crawler's engine until a moment; overlapping back-offs extend it, never shorten it."""

    _per_crawler: ClassVar[weakref.WeakKeyDictionary[Crawler, Backoff]] = weakref.WeakKeyDictionary()

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.resume_at = 0.0
        self.total_seconds = 0.0

    @classmethod
    def of(cls, crawler: Crawler) -> Backoff:
        if crawler not in cls._per_crawler:
            cls._per_crawler[crawler] = cls(crawler)
        return cls._per_crawler[crawler]

    def pause(self, seconds: float, why: str) -> None:
        if seconds <= 0:
            return
        now = time.monotonic()
        resume_at = now + seconds
        if resume_at <= self.resume_at:
            return
        logger.warning("backing off %.1f s: %s", seconds, why)
        self.total_seconds += resume_at - max(now, self.resume_at)
        self.resume_at = resume_at
        engine = self.crawler.engine
        if engine is not None:
            engine.pause()
        # Imported here: importing the reactor module installs a reactor, which only Scrapy may choose.
        from twisted.internet import reactor

        cast(Any, reactor).callLater(seconds, self._resume)

    def _resume(self) -> None:
        # Only the call scheduled for the latest deadline resumes; earlier ones find it still ahead.
        if time.monotonic() + 0.001 < self.resume_at:
            return
        engine = self.crawler.engine
        if engine is not None and engine.paused:
            engine.unpause()
            # unpause() only clears a flag; without a nudge the engine waits for its 5 s heartbeat.
            slot = getattr(engine, "_slot", None)
            if slot is not None:
                slot.nextcall.schedule()


class ReplayRouting:
    """HTTP(S) download handler that sends requests for a portal URL to the replay site when
    TENDERS_REPLAY_URL is set: `scheme://HOST/PATH?Q` → `{replay}/HOST/PATH?Q`; otherwise Scrapy's own.

    Spiders always build the real URLs, and everything above the download (scheduler, middlewares,
    callbacks, items, the run record) sees only them: the response carries the real URL back. Routing
    here rather than in a downloader middleware saves each request a second trip through the scheduler
    and the middlewares (a middleware can only change a URL by returning a new request, which is
    scheduled again): ~10 % of the crawl process's CPU on the replay (issue 15).
    """

    lazy = False

    def __init__(self, crawler: Crawler) -> None:
        self.http = build_from_crawler(HTTP11DownloadHandler, crawler)
        replay_url = crawler.settings.get("TENDERS_REPLAY_URL")
        self.replay_url = replay_url.rstrip("/") if replay_url else None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ReplayRouting:
        return cls(crawler)

    def to_replay(self, request: Request) -> str:
        parts = urlparse_cached(request)  # Scrapy has parsed it already (download slot, scheme)
        path = f"{parts.path};{parts.params}" if parts.params else parts.path
        query = f"?{parts.query}" if parts.query else ""
        return f"{self.replay_url}/{parts.netloc}{path or '/'}{query}"

    def to_real(self, url: str) -> str:
        """The real URL behind a replay URL (e.g. a redirect the replay site answered)."""
        assert self.replay_url is not None
        rest = url[len(self.replay_url) + 1 :]
        return f"https://{rest}"

    def is_replay(self, url: str) -> bool:
        return self.replay_url is not None and url.startswith(self.replay_url + "/")

    async def download_request(self, request: Request) -> Response:
        if self.replay_url is None:
            return await self.http.download_request(request)
        if self.is_replay(request.url):
            routed, real = request, self.to_real(request.url)
        else:
            # verbatim_url: the replay URL is made of the request's own URL, already made safe by Scrapy;
            # quoting it again was ~1 % of the crawl process.
            meta = {**request.meta, "verbatim_url": True}
            routed, real = request.replace(url=self.to_replay(request), meta=meta), request.url
        response = await self.http.download_request(routed)
        location = response.headers.get("Location")
        if location is not None and self.is_replay(location.decode("latin-1")):
            # A redirect the replay site answered points at the replay URL of a real page.
            response.headers["Location"] = self.to_real(location.decode("latin-1"))
        return response.replace(url=real)

    async def close(self) -> None:
        await self.http.close()


class ExactRequestFingerprinter:
    """Request fingerprints (REQUEST_FINGERPRINTER_CLASS) from the method, the URL as built and the body.

    Scrapy's default first canonicalises the URL (w3lib's canonicalize_url parses, sorts the query and
    re-quotes it) and serialises the parts to JSON: ~2 % of the crawl process for its one use here, the
    scheduler's duplicate filter (issue 15). Our spiders build each page's URL from one pattern and skip
    details they have already asked for by canonical URL (TendersSpider.want_detail), so a page is not
    asked for under two spellings; the fragment, which never reaches the server, is still ignored.
    """

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExactRequestFingerprinter:
        return cls()

    def fingerprint(self, request: Request) -> bytes:
        url = request.url.partition("#")[0]
        return hashlib.sha1(
            b"%s %s %s" % (request.method.encode(), url.encode(), request.body), usedforsecurity=False
        ).digest()


class ReplaySlotMiddleware:
    """Puts every request to the replay site in one download slot, as one server: the concurrency limits
    (CONCURRENT_REQUESTS_PER_DOMAIN) apply to the replay as a whole, as when requests were rerouted to
    its address before download, not once per portal host it stands in for."""

    def __init__(self, slot: str) -> None:
        self.slot = slot

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ReplaySlotMiddleware:
        replay_url = crawler.settings.get("TENDERS_REPLAY_URL")
        if not replay_url:
            raise NotConfigured("TENDERS_REPLAY_URL is not set: one slot per portal host")
        return cls(urlsplit(replay_url).netloc)

    def process_request(self, request: Request) -> None:
        request.meta.setdefault("download_slot", self.slot)


def retry_after_seconds(value: bytes | str | None, *, now: float | None = None) -> float | None:
    """Seconds asked by a Retry-After header: delta-seconds or an HTTP-date (RFC 9110 §10.2.3)."""
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class PoliteRetryMiddleware(RetryMiddleware):
    """Scrapy's retry (429, 5xx, timeouts, bounded) that first waits as long as Retry-After asks."""

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.retry_after_max = settings.getfloat("TENDERS_RETRY_AFTER_MAX")

    def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        asked = retry_after_seconds(response.headers.get("Retry-After"))
        if asked is not None and asked > self.retry_after_max:
            logger.warning(
                "%s asks to retry after %.0f s (> %.0f s allowed): giving up this page",
                request.url,
                asked,
                self.retry_after_max,
            )
            return response
        retry = self._retry(request, f"HTTP {response.status}")
        if retry is None:
            return response
        if asked:
            self.crawler.stats.inc_value("tenders/retry_after_waits")
            Backoff.of(self.crawler).pause(asked, f"Retry-After {asked:.0f} s on {request.url}")
        return retry


class BlockDetectionMiddleware:
    """Recognises block pages (rate-limit page, captcha demand) and backs off instead of parsing them.

    What counts as a block is the spider's business (`spider.detect_block(response)`, built on the parse
    helpers' detect_block): a block page must never pass for an empty result. After
    TENDERS_BLOCK_RETRY_TIMES the request ends with BlockedPage, which the spider records as a lost page.
    Captchas are never solved and the bot-management JS is never emulated (docs/portals.md §1.6).
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.base_delay = crawler.settings.getfloat("TENDERS_BLOCK_BACKOFF")
        self.max_retries = crawler.settings.getint("TENDERS_BLOCK_RETRY_TIMES")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BlockDetectionMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        spider = self.crawler.spider
        detect = getattr(spider, "detect_block", None)
        if detect is None:
            return response
        reason = detect(response)
        if reason is None:
            return response
        stats = self.crawler.stats
        stats.inc_value("tenders/blocks")
        tries = request.meta.get(BLOCK_RETRIES_META, 0)
        if tries >= self.max_retries:
            stats.inc_value("tenders/blocked_pages_lost")
            raise BlockedPage(f"blocked after {tries} retries: {reason}")
        stats.inc_value("tenders/block_retries")
        Backoff.of(self.crawler).pause(self.base_delay * 2**tries, f"{reason} on {request.url}")
        retry = request.copy()
        retry.meta[BLOCK_RETRIES_META] = tries + 1
        retry.dont_filter = True
        return retry


def incomplete_reason(response: Response) -> str | None:
    """Why a 200 answer is visibly cut short, else None: an HTML document without its `</html>`, or JSON
    that does not parse. A page cut mid-way can still parse into a notice with fields missing; stored
    like that, an incremental crawl would never fetch it again."""
    if response.status != 200 or not isinstance(response, TextResponse):
        return None
    head = response.body[:200].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return None if b"</html>" in response.body[-2048:].lower() else "HTML page without its end (</html>)"
    if head.startswith((b"{", b"[")):
        try:
            json.loads(response.body)
        except ValueError:
            return "JSON answer that does not parse (cut short?)"
    return None


class IncompletePageMiddleware:
    """Retries answers that arrived cut short (see incomplete_reason), within RETRY_TIMES like other retries."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncompletePageMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        reason = incomplete_reason(response)
        if reason is None or self.crawler.spider is None:
            return response
        self.crawler.stats.inc_value("tenders/incomplete_pages")
        retry = get_retry_request(request, spider=self.crawler.spider, reason=reason)
        # Out of retries: the page goes to its callback, whose parser records what it cannot read.
        return retry or response


class DownloadCounts:
    """Scrapy's DownloaderStats without the byte counts: requests, responses and download errors by kind.

    Measuring a request's size serialises it to its HTTP form first (`request_httprepr`), ~1.5 % of the
    crawl process's CPU (issue 15); no run record or report reads the byte counts. The counts keep
    Scrapy's names, so `downloader/request_count` and `downloader/response_count` reach CrawlRun.stats."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DownloadCounts:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        self.stats.inc_value("downloader/request_count")
        self.stats.inc_value(f"downloader/request_method_count/{request.method}")

    def process_response(self, request: Request, response: Response) -> Response:
        self.stats.inc_value("downloader/response_count")
        self.stats.inc_value(f"downloader/response_status_count/{response.status}")
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        kind = type(exception)
        self.stats.inc_value("downloader/exception_count")
        self.stats.inc_value(f"downloader/exception_type_count/{kind.__module__}.{kind.__qualname__}")

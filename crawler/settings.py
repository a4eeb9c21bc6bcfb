"""Scrapy settings for the tenders spiders (started from Scrapy's project template).

Every override says why. The politeness figures follow what scrapers of these portals report
(docs/portals.md §1.6, §2.1): a few seconds between pages of one portal, never parallel bursts.
`crawler.run.run_crawl(polite=False)` switches the delays off for the local replay site and benchmarks.
"""

from __future__ import annotations

from scrapy.settings import default_settings

BOT_NAME = "tenders"

SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# Say who we are and where to complain: the portals' operators can then contact us instead of blocking.
USER_AGENT = "tenders/0.1 (+https://example.org/tenders; research tracker of public procurement notices)"

# Obey robots.txt: these are public government portals and we are a declared research crawler; if a portal
# forbids a path we need, the run records it (robotstxt/forbidden in the run's stats) instead of bypassing it.
ROBOTSTXT_OBEY = True

# One portal at a time, two requests at most in flight per host (scrapers that went faster got
# "访问过于频繁" pages, docs/portals.md §1.6).
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2

# A floor of 2 s between requests to one host, varied ±50 % so requests do not tick like a clock;
# AutoThrottle raises it when the portal slows down (its latency is the signal) and never goes below it.
DOWNLOAD_DELAY = 2.0
DOWNLOAD_DELAY_JITTER = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 3.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# Hung responses must end: a page that has not arrived in 30 s is retried (timeouts count as retries).
DOWNLOAD_TIMEOUT = 30

# Retry transient failures a bounded number of times: 429 (rate limit) and 5xx; Retry-After is honoured
# by crawler.middlewares.PoliteRetryMiddleware, which replaces Scrapy's RetryMiddleware.
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
# Retry-After is obeyed up to this many seconds; a longer demand ends the page (recorded as lost).
TENDERS_RETRY_AFTER_MAX = 300.0
# A block page ("访问过于频繁", captcha demand, ggzy code 800/829) pauses the whole spider for
# BACKOFF * 2**n seconds before retry n+1, at most BLOCK_RETRY_TIMES times, then the page is recorded as lost.
TENDERS_BLOCK_BACKOFF = 60.0
TENDERS_BLOCK_RETRY_TIMES = 3

DOWNLOADER_MIDDLEWARES = {
    # The replay site (crawler.middlewares.ReplayRouting) is one server: one download slot for all of it.
    "crawler.middlewares.ReplaySlotMiddleware": 120,
    # Scrapy's own retry is replaced by the one that honours Retry-After (same slot in the chain).
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.PoliteRetryMiddleware": 550,
    # Closer to the downloader than retry so a block page is recognised before anything else looks at it.
    "crawler.middlewares.BlockDetectionMiddleware": 560,
    # A page cut short (no </html>, JSON that does not parse) is retried rather than parsed half.
    "crawler.middlewares.IncompletePageMiddleware": 555,
    # No portal page redirects by <meta http-equiv="refresh"> (docs/portals.md, the saved real pages):
    # the check ran a regex over every page (~2.4 % of the crawl process's CPU, issue 15). A refresh page
    # would reach the parser and be recorded as a parse error, not followed silently.
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    # The same counts as Scrapy's DownloaderStats without serialising each request to measure its bytes.
    "scrapy.downloadermiddlewares.stats.DownloaderStats": None,
    "crawler.middlewares.DownloadCounts": 850,
    # No spider declares allowed_domains (tests/crawler/test_fleet.py checks it), so the offsite check let
    # every request through, twice each (when scheduled and before download): ~2 % of the crawl process.
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
}

SPIDER_MIDDLEWARES = {
    # Request depth is neither limited nor used for priorities here; the middleware only kept a depth
    # statistic, at the price of one more async-generator layer around every callback's output.
    "scrapy.spidermiddlewares.depth.DepthMiddleware": None,
    # Only warns when a callback copies Scrapy's internal keys from response.meta into a new request; our
    # callbacks pass their state in cb_kwargs and never copy meta. Another async-generator layer per output.
    "scrapy.spidermiddlewares.metacopy.MetaCopyDetectionMiddleware": None,
    # Drops requests whose URL exceeds 2,083 characters, silently (a debug line). Our spiders build every
    # URL from a fixed pattern (~400 characters for a ccgp search with a 15-character keyword); a search
    # that long is better sent and, if the portal refuses it, recorded as a lost list page. Another layer.
    "scrapy.spidermiddlewares.urllength.UrlLengthMiddleware": None,
}

# The duplicate filter's fingerprint of the URL as built, without re-canonicalising it (crawler/middlewares.py).
REQUEST_FINGERPRINTER_CLASS = "crawler.middlewares.ExactRequestFingerprinter"

# Scrapy's stats without the per-call shim for a deprecated argument (crawler/stats.py).
STATS_CLASS = "crawler.stats.PlainStatsCollector"

# The replay site (TENDERS_REPLAY_URL) is reached at the download itself, so robots.txt, cookies, retries
# and callbacks all see the real portal URLs; without it these are Scrapy's own HTTP(S) downloads.
DOWNLOAD_HANDLERS = {
    "http": "crawler.middlewares.ReplayRouting",
    "https": "crawler.middlewares.ReplayRouting",
}

EXTENSIONS = {
    # Opens and closes the CrawlRun record, chooses the incremental window, loads the known URLs.
    "crawler.recorder.CrawlRecorder": 10,
}

ITEM_PIPELINES = {
    "crawler.pipelines.NormalisePipeline": 100,
    "crawler.pipelines.ValidatePipeline": 200,
    "crawler.pipelines.StorePipeline": 300,
}

# Database the notices and run records go to; None = TENDERS_DATABASE_URL or the SQLite default.
TENDERS_DATABASE_URL = None
# Base URL of the local replay site; when set, every request goes there instead of the real portal.
TENDERS_REPLAY_URL = None
# "Today" for the default window (ISO date); None = the real date. Tests freeze it here.
TENDERS_TODAY = None
# A first run with no finished run before it looks back this many days.
TENDERS_FIRST_WINDOW_DAYS = 30
# Fetched fewer than this share of the listed notices → the run is "incomplete", not "finished".
TENDERS_COMPLETE_RATIO = 0.95
# Notices are committed in batches (crawler/recorder.py): a transaction per this many notices, or per this
# many seconds of crawl time when fewer arrive. A transaction per notice cost more than the rest of the
# crawl (issue 15); a killed run loses at most one uncommitted batch, which the restarted run fetches again.
TENDERS_STORE_BATCH = 200
TENDERS_STORE_SECONDS = 1.0
# An incremental run reaches back to details the last run lost, up to this many days before its end
# (a page that keeps failing is given up then; it stays on the runs' records).
TENDERS_RETRY_LOST_DAYS = 30

# Portal pages are small HTML/JSON; anything huge is not a notice.
DOWNLOAD_MAXSIZE = 20 * 1024 * 1024
DOWNLOAD_WARNSIZE = 5 * 1024 * 1024

# Cookies on: ccgp and ggzy set session cookies on the first page that later pages expect (docs/portals.md §1.6).
COOKIES_ENABLED = True
# No console into a running crawl: unattended nightly runs expose no port that can run code
# (the telnet console, and the remote-control HTTP server Scrapy 2.19 starts by default).
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
# Scrapy imports every extension its base list names, disabled or not, and the remote-control one imports
# aiohttp's web server: ~0.1 s of every crawl process's start (issue 15). Scrapy's own list without it.
EXTENSIONS_BASE = {
    name: order
    for name, order in default_settings.EXTENSIONS_BASE.items()
    if name != "scrapy.extensions.remote_control.RemoteControl"
}
LOG_LEVEL = "INFO"

# Per-page overheads of the crawl process (issue 15; measured in bench/RESULTS.md, "Crawling the replay site").
# Items of one response go through the pipelines one at a time: ours are synchronous (the store step
# only buffers, see crawler/recorder.py), so Scrapy's default of 100 concurrent items bought nothing and
# cost 100 asyncio tasks per response (~555,000 tasks for the demo's 5,500 pages).
CONCURRENT_ITEMS = 1
# Scrapy re-reads and re-parses a callback's source on every response to warn about a generator callback
# that returns a value (its cache is keyed by the bound method, new on every call): ~880 parses in the
# demo's crawl. tests/crawler/test_callbacks_return_nothing.py makes the same check once per spider method.
WARN_ON_GENERATOR_RETURN_VALUE = False

# From Scrapy's project template.
ADDONS: dict[str, int] = {}
FEED_EXPORT_ENCODING = "utf-8"

"""Scrapy's in-memory stats without its per-call deprecation shim (issue 15: crawl overheads).

Scrapy 2.19's StatsCollector routes every attribute read through a `__getattribute__` that wraps the
stats methods to warn about a deprecated `spider` argument: about 30 reads a page, ~2 % of the crawl
process's CPU. Nothing in this project passes that argument, so the plain attribute lookup is used.
"""

from __future__ import annotations

from scrapy.statscollectors import MemoryStatsCollector


class PlainStatsCollector(MemoryStatsCollector):
    """MemoryStatsCollector (same stats, same methods) with ordinary attribute lookup."""

    __getattribute__ = object.__getattribute__

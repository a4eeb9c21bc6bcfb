"""The offline replay of the portals: a 2025 corpus (crawler.replay.corpus) served by a local site
(crawler.replay.server) under the portals' real paths, with faults on demand (crawler.replay.faults)."""

from crawler.replay.faults import FaultConfig
from crawler.replay.server import HOSTS, ReplaySite

__all__ = ["HOSTS", "FaultConfig", "ReplaySite"]

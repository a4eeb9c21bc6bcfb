"""Scrapy settings for reliability trials: the project's settings plus the JSON object in
RELIABILITY_SCRAPY_OVERRIDES (e.g. {"DOWNLOAD_TIMEOUT": 2}).

`tenders crawl` has no option for Scrapy settings; Scrapy reads its settings module from
SCRAPY_SETTINGS_MODULE (crawler.run only sets it when unset), so a trial points that variable here
to shorten the download timeout for hung responses without touching the crawler.
"""

from __future__ import annotations

import json
import os

from crawler.settings import *  # noqa: F403 (the project's settings, unchanged unless overridden below)

globals().update(json.loads(os.environ.get("RELIABILITY_SCRAPY_OVERRIDES", "{}")))

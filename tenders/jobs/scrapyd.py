"""Crawls on Scrapyd nodes: package the spiders as an egg, deploy it, dispatch nightly crawls.

Scrapyd runs each crawl in its own process on its node; every node writes to the shared PostgreSQL
given as the TENDERS_DATABASE_URL Scrapy setting. The nodes need the `tenders` package installed in
the Python that runs Scrapyd (the egg carries the spiders; their imports of storage/ and tenders/ come
from that install).
"""

from __future__ import annotations

import io
import json
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
import zipfile
from typing import Any

from crawler.run import IMPOLITE_SETTINGS
from domain.paths import REPO_ROOT
from tenders import __version__
from tenders.jobs.config import ScheduleConfig, crawl_window_args

PROJECT = "tenders"
EGG_PACKAGES = ("crawler",)


class ScrapydError(RuntimeError):
    """Scrapyd refused a request or could not be reached; the message names the node."""


def build_egg() -> bytes:
    """The spiders as a Scrapy egg: the crawler package plus the entry point naming its settings module."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as egg:
        for package in EGG_PACKAGES:
            for path in sorted((REPO_ROOT / package).rglob("*")):
                if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                    egg.write(path, path.relative_to(REPO_ROOT).as_posix())
        egg.writestr("EGG-INFO/PKG-INFO", f"Metadata-Version: 2.1\nName: {PROJECT}\nVersion: {__version__}\n")
        egg.writestr("EGG-INFO/entry_points.txt", "[scrapy]\nsettings = crawler.settings\n")
        egg.writestr("EGG-INFO/top_level.txt", "\n".join(EGG_PACKAGES) + "\n")
        # Scrapyd activates the egg as a zip: the spiders read their data files through importlib.resources.
        egg.writestr("EGG-INFO/zip-safe", "")
    return buffer.getvalue()


def _call(url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None) -> dict[str, Any]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            payload = json.loads(response.read().decode("utf-8"))
    except (urllib.error.URLError, TimeoutError, json.JSONDecodeError) as exc:
        raise ScrapydError(f"Scrapyd at {url} did not answer: {exc}") from exc
    if payload.get("status") != "ok":
        raise ScrapydError(f"Scrapyd at {url} refused: {payload.get('message', payload)}")
    return dict(payload)


def deploy(node: str, *, version: str | None = None, egg: bytes | None = None) -> dict[str, Any]:
    """Upload the egg to a node (addversion.json, multipart form as Scrapyd expects)."""
    boundary = uuid.uuid4().hex
    fields = {"project": PROJECT, "version": version or f"{__version__}-{int(time.time())}"}
    body = io.BytesIO()
    for name, value in fields.items():
        body.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    body.write(
        f'--{boundary}\r\nContent-Disposition: form-data; name="egg"; filename="{PROJECT}.egg"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
    )
    body.write(egg if egg is not None else build_egg())
    body.write(f"\r\n--{boundary}--\r\n".encode())
    return _call(
        f"{node.rstrip('/')}/addversion.json",
        data=body.getvalue(),
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )


def schedule(
    node: str,
    spider: str,
    *,
    database_url: str,
    spider_args: dict[str, str] | None = None,
    settings: dict[str, str] | None = None,
) -> str:
    """schedule.json: start one crawl on a node; returns Scrapyd's job id."""
    form: list[tuple[str, str]] = [("project", PROJECT), ("spider", spider)]
    all_settings = {"TENDERS_DATABASE_URL": database_url, **(settings or {})}
    form += [("setting", f"{key}={value}") for key, value in all_settings.items()]
    form += list((spider_args or {}).items())
    payload = _call(f"{node.rstrip('/')}/schedule.json", data=urllib.parse.urlencode(form).encode())
    return str(payload["jobid"])


def job_state(node: str, job_id: str) -> str:
    """pending | running | finished | unknown, from listjobs.json."""
    payload = _call(f"{node.rstrip('/')}/listjobs.json?project={PROJECT}")
    for state in ("pending", "running", "finished"):
        if any(job.get("id") == job_id for job in payload.get(state, [])):
            return state
    return "unknown"


def dispatch_crawl(config: ScheduleConfig, source: str, database_url: str) -> str:
    """Send a source's nightly crawl to a Scrapyd node, chosen by source so a source stays on one node."""
    nodes = list(config.scrapyd_urls)
    node = nodes[sum(source.encode()) % len(nodes)]
    settings: dict[str, str] = {}
    if config.replay_url:
        # The replay site is ours, on loopback: no politeness delays (as `tenders crawl --replay`).
        settings = {key: str(value) for key, value in IMPOLITE_SETTINGS.items()}
        settings["TENDERS_REPLAY_URL"] = config.replay_url
    job = schedule(
        node, source, database_url=database_url, settings=settings, spider_args=crawl_window_args(config)
    )
    return f"{node} job {job}"

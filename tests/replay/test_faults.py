"""Faults on demand: configured, deterministic by seed and attempt, recorded, and always bounded."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from domain.paths import REPO_ROOT
from replay import Corpus, FaultConfig, ReplaySite


def fetch(site: ReplaySite, url: str, timeout: float = 10) -> tuple[int, bytes, dict[str, str]]:
    try:
        with urllib.request.urlopen(site.url_for(url), timeout=timeout) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


@pytest.fixture(scope="module")
def detail_urls(corpus: Corpus) -> list[str]:
    return [n.url for n in corpus.notices if n.source == "ccgp"][:120]


def test_decisions_are_deterministic_by_seed_and_attempt() -> None:
    config = FaultConfig(seed=4, error=0.1)
    keys = [f"GET www.ccgp.gov.cn/{i}" for i in range(2000)]
    chosen = {k for k in keys if config.transient(k, 1) == "error"}
    assert chosen == {k for k in keys if FaultConfig(seed=4, error=0.1).transient(k, 1) == "error"}
    assert 140 <= len(chosen) <= 260
    assert not any(config.transient(k, 2) for k in keys)  # only the first attempt
    other = {k for k in keys if FaultConfig(seed=5, error=0.1).transient(k, 1) == "error"}
    assert other != chosen


def test_first_attempts_fail_and_retries_succeed(corpus: Corpus, detail_urls: list[str]) -> None:
    config = FaultConfig(seed=1, error=0.3)
    with ReplaySite(corpus, config) as site:
        first = {u: fetch(site, u)[0] for u in detail_urls}
        second = {u: fetch(site, u)[0] for u in detail_urls}
        failed = {u for u, status in first.items() if status == 503}
        assert 15 <= len(failed) <= 60
        assert set(second.values()) == {200}
        assert site.fault_counts == {"error": len(failed)}
        assert {e["target"] for e in site.injected} == {u.split("//", 1)[1] for u in failed}
    with ReplaySite(corpus, config) as again:
        assert {u for u in detail_urls if fetch(again, u)[0] == 503} == failed


def test_faulty_attempts_and_volatile_timestamps(corpus: Corpus) -> None:
    with ReplaySite(corpus, FaultConfig(error=1.0, faulty_attempts=2)) as site:
        url = "https://zfcg.czt.zj.gov.cn/portal/category"
        statuses = []
        for stamp in (1, 2, 3):
            body = json.dumps(
                {"pageNo": 1, "pageSize": 15, "categoryCode": "ZcyAnnouncement4", "_t": stamp}
            ).encode()
            request = urllib.request.Request(
                site.url_for(url), data=body, method="POST", headers={"Content-Type": "application/json"}
            )
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    statuses.append(response.status)
            except urllib.error.HTTPError as error:
                statuses.append(error.code)
        assert statuses == [503, 503, 200]  # `_t` changes per attempt but names the same request


def test_throttle_and_block_answers(corpus: Corpus) -> None:
    notice = next(n for n in corpus.notices if n.source == "ccgp")
    with ReplaySite(corpus, FaultConfig(throttle=1.0, retry_after=7)) as site:
        status, _, headers = fetch(site, notice.url)
        assert status == 429 and headers["Retry-After"] == "7"
    with ReplaySite(corpus, FaultConfig(block=1.0)) as site:
        status, body, _ = fetch(site, notice.url)
        assert status == 200 and "访问过于频繁" in body.decode()
        request = urllib.request.Request(
            site.url_for("https://www.ggzy.gov.cn/information/pubTradingInfo/getTradList"),
            data=b"FINDTXT=x",
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert json.loads(response.read())["code"] == 800
        assert site.fault_counts == {"block": 2}


def test_hung_response_ends_and_does_not_block_stop(corpus: Corpus) -> None:
    notice = next(n for n in corpus.notices if n.source == "ccgp")
    site = ReplaySite(corpus, FaultConfig(hang=1.0, hang_seconds=1.0)).start()
    started = time.monotonic()
    # The site ends the hung response itself (a disconnect), long before the client's own timeout.
    with pytest.raises((http.client.RemoteDisconnected, urllib.error.URLError, ConnectionError)) as ended:
        fetch(site, notice.url, timeout=120)
    assert not isinstance(ended.value, TimeoutError)
    assert not isinstance(getattr(ended.value, "reason", None), TimeoutError), ended.value
    assert time.monotonic() - started >= 0.9  # it did hang first
    assert fetch(site, notice.url)[0] == 200  # the retry is answered
    site.stop()
    hanging = ReplaySite(corpus, FaultConfig(hang=1.0, hang_seconds=120)).start()
    connection = http.client.HTTPConnection("127.0.0.1", hanging.port, timeout=300)
    connection.request("GET", "/" + notice.url.split("//", 1)[1])
    # The handler records the hang before it waits: once recorded, it is hanging (no fixed sleep).
    deadline = time.monotonic() + 120  # a guard against hanging, not a time limit
    while not hanging.fault_counts.get("hang") and time.monotonic() < deadline:
        time.sleep(0.01)
    assert hanging.fault_counts == {"hang": 1}
    # A hung handler must not keep the site alive: stop() returns while the handler would still hang
    # for two minutes (the longest hang the site allows). The join's bound tells those apart; it is
    # far above any scheduling delay, not a speed limit.
    stopper = threading.Thread(target=hanging.stop, daemon=True)
    stopper.start()
    stopper.join(timeout=90)
    assert not stopper.is_alive()
    connection.close()


def test_slow_response(corpus: Corpus) -> None:
    notice = next(n for n in corpus.notices if n.source == "ccgp")
    with ReplaySite(corpus, FaultConfig(slow=1.0, slow_seconds=0.5)) as site:
        started = time.monotonic()
        status, _, _ = fetch(site, notice.url)
        assert status == 200 and time.monotonic() - started >= 0.5


def test_truncated_bodies(corpus: Corpus) -> None:
    notice = next(n for n in corpus.notices if n.source == "ccgp")
    with ReplaySite(corpus, FaultConfig(truncate=1.0)) as site:
        with pytest.raises(http.client.IncompleteRead):
            fetch(site, notice.url)
        assert fetch(site, notice.url)[0] == 200
    with ReplaySite(corpus, FaultConfig(truncate=1.0, truncate_mode="short")) as site:
        status, body, _ = fetch(site, notice.url)
        assert status == 200 and b"</html>" not in body
        status, body, _ = fetch(site, notice.url)
        assert b"</html>" in body


def test_gbk_pages_declare_their_charset(corpus: Corpus) -> None:
    notice = next(n for n in corpus.notices if n.source == "ccgp" and n.kind == "award")
    with ReplaySite(corpus, FaultConfig(gbk=1.0)) as site:
        for _ in range(2):  # persistent: every attempt
            status, body, headers = fetch(site, notice.url)
            assert status == 200 and headers["Content-Type"] == "text/html; charset=GBK"
            text = body.decode("gbk")
            assert 'content="text/html; charset=gbk"' in text and notice.title in text.replace("&#", "")
            with pytest.raises(UnicodeDecodeError):
                body.decode("utf-8")


def test_changed_layout(corpus: Corpus) -> None:
    notice = next(n for n in corpus.notices if n.source == "ccgp")
    with ReplaySite(corpus, FaultConfig(layout=1.0)) as site:
        _, body, _ = fetch(site, notice.url)
        html = body.decode()
        assert 'class="vT_detail_main"' in html and "vF_detail_content" not in html
        query = urllib.parse.urlencode(
            {
                "searchtype": "1",
                "kw": "大模型",
                "timeType": "6",
                "start_time": "2025:06:01",
                "end_time": "2025:06:30",
            }
        )
        _, body, _ = fetch(site, f"https://search.ccgp.gov.cn/bxsearch?{query}")
        assert 'ul class="vT-srch-result-list"' in body.decode()


def test_fault_spec_parsing() -> None:
    config = FaultConfig.parse("error=0.1, throttle=0.05,hang=0.01,hang_seconds=5,seed=3,truncate_mode=short")
    assert (
        config.error,
        config.throttle,
        config.hang,
        config.hang_seconds,
        config.seed,
        config.truncate_mode,
    ) == (0.1, 0.05, 0.01, 5.0, 3, "short")
    assert FaultConfig.parse("") == FaultConfig()
    for bad, message in (
        ("oops=1", "bad fault setting"),
        ("error=lots", "bad value"),
        ("error=2", "between 0 and 1"),
        ("hang_seconds=1000", "bounded"),
        ("error=0.6,throttle=0.6", "more than 1"),
        ("error_status=404", "5xx"),
    ):
        with pytest.raises(ValueError, match=message):
            FaultConfig.parse(bad)


def test_served_as_a_separate_process_survives_sigkill_and_keeps_its_log(tmp_path: Path) -> None:
    log = tmp_path / "faults.jsonl"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "replay",
            "serve",
            "--port",
            "0",
            "--faults",
            "error=1,seed=2",
            "--fault-log",
            str(log),
        ],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)", line)
        assert match, line + (process.stderr.read() if process.stderr else "")
        base = match.group(0)
        path = "/search.ccgp.gov.cn/bxsearch?searchtype=1&kw=%E5%A4%A7%E6%A8%A1%E5%9E%8B"
        with pytest.raises(urllib.error.HTTPError) as failure:
            urllib.request.urlopen(base + path, timeout=10)
        assert failure.value.code == 503
        with urllib.request.urlopen(base + path, timeout=10) as response:
            assert response.status == 200
        with urllib.request.urlopen(base + "/__replay__/faults", timeout=10) as response:
            assert json.loads(response.read())["counts"] == {"error": 1}
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    events = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [(e["kind"], e["attempt"]) for e in events] == [("error", 1)]

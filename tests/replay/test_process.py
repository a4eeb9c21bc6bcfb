"""The replay site as a child process (replay/process.py), as `tenders demo` runs it: it answers like
the in-process site, ends with its block, and a site that cannot start says why."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest

from replay import ReplaySite, load_corpus
from replay.process import ReplayChild, ReplayStartError

# One ccgp search page of the bundled corpus: both sites must serve the same bytes.
SEARCH = (
    "https://search.ccgp.gov.cn/bxsearch?searchtype=1&page_index=1&bidSort=0&pinMu=0&bidType=7"
    "&kw=%E5%A4%A7%E6%A8%A1%E5%9E%8B&start_time=2025%3A06%3A01&end_time=2025%3A06%3A30&timeType=6"
)


def fetch(base_url: str, real_url: str) -> bytes:
    local = real_url.replace("https://", f"{base_url}/", 1)
    with urllib.request.urlopen(local, timeout=30) as response:
        return bytes(response.read())


def test_the_child_serves_what_the_thread_serves() -> None:
    with ReplaySite(corpus=load_corpus()) as thread_site:
        expected = fetch(thread_site.base_url, SEARCH)
    with ReplayChild() as child:
        assert child.process is not None and child.process.poll() is None
        served = fetch(child.base_url, SEARCH)
        process = child.process
    assert served == expected and "大模型".encode() in served
    assert process.poll() is not None  # ended with the block


def test_a_missing_corpus_is_one_line_naming_the_file(tmp_path: Path) -> None:
    with pytest.raises(ReplayStartError) as caught, ReplayChild(tmp_path / "nowhere"):
        pass
    message = str(caught.value)
    assert "nowhere/notices.jsonl.gz" in message and "Traceback" not in message, message

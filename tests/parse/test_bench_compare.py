"""The benchmarks' --before mode: a baseline tree and this one run alternately, ratios side by side.

Run here with this tree on both sides and the smallest samples: what is checked is that both trees ran,
every round is reported and the summary has a row per measured figure (speeds are the benches' business).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def replay_detail_pages(folder: Path, count: int = 4) -> Path:
    """A few ccgp and ggzy detail pages as the replay site serves them, saved as files (the bench's real
    pages folder, ../shared/real-pages, may be absent)."""
    sys.path.insert(0, str(REPO / "bench"))
    try:
        from bench_parse import replay_pages
    finally:
        sys.path.remove(str(REPO / "bench"))
    saved = 0
    for source, data, _html, _url in replay_pages(97):
        if source in ("ccgp", "ggzy") and saved < count:
            (folder / f"{source}-{saved}.html").write_bytes(data)
            saved += 1
    assert saved == count
    return folder


def run_bench(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, str(REPO / "bench" / script), *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_bench_parse_alternates_the_trees_and_sums_up_each_row(tmp_path: Path) -> None:
    result = run_bench(
        "bench_parse.py", str(replay_detail_pages(tmp_path)), "--before", str(REPO), "--rounds", "2",
        "--repeat", "1", "--replay-stride", "150", "--replay-repeat", "1",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    runs = re.findall(r"^round (\d) (before|after) ", result.stdout, re.M)
    assert runs == [("1", "before"), ("1", "after"), ("2", "before"), ("2", "after")], result.stdout
    for row in ("real pages", "ccgp", "ggzy", "zcy"):
        assert re.search(
            rf"^{row}.* before \d\.\d\d–\d\.\d\d .* after/before \d\.\d{{3}}$", result.stdout, re.M
        ), (
            row,
            result.stdout,
        )


def test_bench_parse_refuses_a_baseline_without_the_bench(tmp_path: Path) -> None:
    result = run_bench("bench_parse.py", "--before", str(tmp_path))
    assert result.returncode == 2
    assert f"--before {tmp_path}: no bench/bench_parse.py in it" in result.stderr


def test_bench_crawl_alternates_the_trees_and_prints_each_rounds_ratios() -> None:
    result = run_bench(
        "bench_crawl.py", "--before", str(REPO), "--rounds", "2", "--months", "1", "--sources", "zcy"
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    labels = re.findall(r"^(before|after) (\d): crawling", result.stdout, re.M)
    assert labels == [("before", "1"), ("after", "1"), ("before", "2"), ("after", "2")], result.stdout
    rounds = re.findall(
        r"^ +([12]) +\d+ → \d+ +\d\.\d\d +\d+\.\d\d → \d+\.\d\d +\d\.\d\d$", result.stdout, re.M
    )
    assert rounds == ["1", "2"], result.stdout
    assert re.search(r"^throughput × before: .* crawl CPU a page, after/before: ", result.stdout, re.M)
    assert "PROBLEM" not in result.stdout


def test_bench_crawl_refuses_a_baseline_with_a_scaled_corpus() -> None:
    result = run_bench("bench_crawl.py", "--before", str(REPO), "--scale", "2")
    assert result.returncode == 2
    assert "--before compares crawls of the bundled corpus" in result.stderr

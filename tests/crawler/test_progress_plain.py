"""Crawl progress when stderr is not a terminal (a pipe, a log file): plain complete lines, no
terminal control codes, the last line ending in a newline."""

from __future__ import annotations

import re

from crawl_helpers import run_tenders

from replay.server import ReplaySite

LINE = re.compile(r"ccgp: pages \d+, listed \d+, stored \d+ \(new \d+\), parse errors \d+, lost \d+(, done)?")


def test_piped_progress_is_plain_lines(database_url: str) -> None:
    with ReplaySite() as site:
        args = ["crawl", "ccgp", "--from", "2025-06-01", "--until", "2025-06-30", "--keywords", "DeepSeek"]
        args += ["--sample", "3", "--replay", site.base_url]
        done = run_tenders("--db", database_url, *args)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "\x1b" not in done.stderr, "terminal control codes in piped output"
    progress = [line for line in done.stderr.splitlines() if line.startswith("ccgp: ")]
    assert progress and all(LINE.fullmatch(line) for line in progress), progress
    assert progress[-1].endswith(", done")
    assert done.stderr.endswith("\n") and done.stdout.endswith("\n")

"""Crawl progress when stderr is not a terminal (a pipe, a log file): plain complete lines, no
terminal control codes, the last line ending in a newline."""

from __future__ import annotations

import re
import subprocess
import sys

from domain.paths import REPO_ROOT
from replay.server import ReplaySite

LINE = re.compile(r"ccgp: pages \d+, listed \d+, stored \d+ \(new \d+\), parse errors \d+, lost \d+(, done)?")


def test_piped_progress_is_plain_lines(database_url: str) -> None:
    with ReplaySite() as site:
        args = ["crawl", "ccgp", "--from", "2025-06-01", "--until", "2025-06-30", "--keywords", "DeepSeek"]
        args += ["--sample", "3", "--replay", site.base_url]
        done = subprocess.run(
            [sys.executable, "-m", "tenders", "--db", database_url, *args],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=900,  # a guard against a hang, not a time limit (issue 17)
            check=False,
        )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "\x1b" not in done.stderr, "terminal control codes in piped output"
    progress = [line for line in done.stderr.splitlines() if line.startswith("ccgp: ")]
    assert progress and all(LINE.fullmatch(line) for line in progress), progress
    assert progress[-1].endswith(", done")
    assert done.stderr.endswith("\n") and done.stdout.endswith("\n")

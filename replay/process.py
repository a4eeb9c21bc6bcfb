"""The replay site in a child process (`python -m replay serve --port 0`), for callers that crawl it
from the same machine at full speed.

Why a process and not ReplaySite's thread: the crawl is CPU-bound Python too, and in one process the
site's thread and the crawl take turns on one interpreter lock, so a 2-core machine runs them on one
core (docs/architecture.md, "The demo's processes").
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

_READY = "replay site on "


class ReplayStartError(RuntimeError):
    """The child exited or said something else before announcing its URL; the message quotes it."""


class ReplayChild:
    """`with ReplayChild() as site: site.base_url` — the site served by a child process until the block ends.

    `corpus` is a corpus folder (default: the bundled one); `args` more `replay serve` arguments (faults);
    `stderr` where the child's stderr goes (default: a temporary file, quoted when the site does not
    start; a handler's traceback, should one fail, would otherwise land on the demo's terminal).
    """

    def __init__(
        self,
        corpus: Path | None = None,
        *,
        args: Sequence[str] = (),
        stderr: IO[Any] | None = None,
        cwd: Path | None = None,
    ) -> None:
        self.command = [sys.executable, "-m", "replay", "serve", "--port", "0", *args]
        if corpus is not None:
            self.command += ["--corpus", str(corpus)]
        # Closed in __exit__: the file lives as long as the child.
        self.stderr = stderr if stderr is not None else tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        self._own_stderr = stderr is None
        self.cwd = cwd
        self.process: subprocess.Popen[str] | None = None
        self.base_url = ""

    def __enter__(self) -> ReplayChild:
        self.process = subprocess.Popen(
            self.command, stdout=subprocess.PIPE, stderr=self.stderr, text=True, cwd=self.cwd
        )
        assert self.process.stdout is not None
        first = self.process.stdout.readline()  # "replay site on http://127.0.0.1:PORT (faults: …)"
        if _READY not in first:
            try:
                self.process.wait(timeout=10)  # it closed its stdout: it is exiting
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            said = first.strip() or self._stderr_tail() or f"exit code {self.process.returncode}"
            self.__exit__()
            raise ReplayStartError(f"the replay site did not start: {said}")
        self.base_url = first.split(_READY, 1)[1].split()[0]
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()  # SIGTERM: `replay serve` closes its socket and exits
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process is not None and self.process.stdout is not None:
            self.process.stdout.close()
        if self._own_stderr:
            self.stderr.close()

    def _stderr_tail(self) -> str:
        if not self._own_stderr:
            return ""
        self.stderr.seek(0)
        lines = [line.strip() for line in self.stderr.read().splitlines() if line.strip()]
        return lines[-1] if lines else ""

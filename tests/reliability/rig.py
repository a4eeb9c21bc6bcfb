"""Reliability rig: real `tenders` processes against the real replay site, and what the database holds after.

Shared by the CI tests in this folder and the long trials in bench/reliability/. Every crawl is the real
command (`python -m tenders --db URL crawl --replay URL --from D --until D`) in a child process whose
peak memory is read from the kernel (wait4); the replay site runs either in-process (ReplaySite) or as
`python -m replay serve --port 0 --faults SPEC --fault-log FILE`. What a crawl should store is
what the site's own list endpoints list (tests/crawler/replay_harness.py), never a second reading of
the corpus.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import text

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(REPO / "tests" / "crawler"))

from replay_harness import listed_urls  # noqa: E402 (after the harness folder is on the path)

from crawler.spiders.base import default_keywords  # noqa: E402
from replay.faults import TRANSIENT, FaultConfig  # noqa: E402
from replay.process import ReplayChild  # noqa: E402
from replay.server import CCGP_HOST, CCGP_SEARCH_HOST, GGZY_HOST, ZCY_SITE_HOSTS  # noqa: E402
from storage.db import make_engine  # noqa: E402

SOURCES = ("ccgp", "ggzy", "zcy")
PYTHON = sys.executable
Window = tuple[date, date]

# Hung responses are cut by Scrapy's download timeout: short here so a trial does not wait 30 s a hang,
# yet long enough that an ordinary answer from a replay site starved of CPU on a busy machine is not
# cut too (such "spurious" timeouts are retried and accounted for, but four in a row lose a page).
HANG_SECONDS = 8.0
FAST_TIMEOUT = {"DOWNLOAD_TIMEOUT": 4}


def source_of_host(host: str) -> str:
    if host in (CCGP_HOST, CCGP_SEARCH_HOST, "ccgp.gov.cn"):
        return "ccgp"
    if host in (GGZY_HOST, "ggzy.gov.cn"):
        return "ggzy"
    if host in ZCY_SITE_HOSTS:
        return "zcy"
    raise ValueError(f"no source serves host {host!r}")


# -- child processes ----------------------------------------------------------------------------


# Small store batches for trials that act once some notices are stored (a kill, a database cut): with the
# default (200 notices or 1 s) a crawl of a week or two can be stored whole between two polls, all the more
# since the crawl got faster (issue 15); 5 notices a batch keeps most of the crawl after the trigger.
SMALL_STORE_BATCHES: dict[str, Any] = {"TENDERS_STORE_BATCH": 5, "TENDERS_STORE_SECONDS": 0.2}


def trial_env(*, overrides: dict[str, Any] | None = None, today: str | None = None) -> dict[str, str]:
    """The environment of a `tenders` child: Scrapy overrides (scrapy_overrides.py), a frozen "today"."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(HERE), env.get("PYTHONPATH", "")) if p)
    env["SCRAPY_SETTINGS_MODULE"] = "scrapy_overrides"
    env["RELIABILITY_SCRAPY_OVERRIDES"] = json.dumps(overrides or {})
    env["TENDERS_LOG_LEVEL"] = "ERROR"
    env.pop("TENDERS_TODAY", None)
    if today:
        env["TENDERS_TODAY"] = today
    return env


def crawl_command(
    database_url: str,
    replay_url: str,
    window: Window | None,
    *,
    sources: Iterable[str] = (),
    keywords: Iterable[str] | None = None,
) -> list[str]:
    """`tenders crawl` of the replay site; without a window it is incremental, as the nightly job runs it."""
    command = [PYTHON, "-m", "tenders", "--db", database_url, "crawl", *sources, "--replay", replay_url]
    if window is not None:
        command += ["--from", window[0].isoformat(), "--until", window[1].isoformat()]
    command.append("--quiet")
    if keywords is not None:
        command += ["--keywords", ",".join(keywords)]
    return command


def tenders_command(database_url: str, *args: str) -> list[str]:
    return [PYTHON, "-m", "tenders", "--db", database_url, *args]


@dataclass
class Finished:
    """A child process that ended: exit code (negative: killed by that signal), output, time, peak RSS."""

    returncode: int
    stdout: str
    stderr: str
    seconds: float
    max_rss_mb: float
    killed_at: float | None = None

    def describe(self) -> str:
        return f"exit {self.returncode} after {self.seconds:.1f} s\nstdout: {self.stdout[-2000:]}\nstderr: {self.stderr[-3000:]}"


def run_child(
    command: list[str],
    *,
    env: dict[str, str] | None = None,
    timeout: float = 900,  # a guard against a hang, not a time limit (issue 17)
    kill_when: Callable[[float], bool] | None = None,
    on_tick: Callable[[float], None] | None = None,
) -> Finished:
    """Run a command to its end, or SIGKILL it once `kill_when(elapsed seconds)` is true; its own peak
    RSS comes from wait4. `on_tick(elapsed)` is called every 20 ms while it runs (a trial cuts the
    database from there)."""
    start = time.monotonic()
    killed_at = None
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, env=env or trial_env(), cwd=REPO)
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            elapsed = time.monotonic() - start
            if kill_when is not None and killed_at is None and kill_when(elapsed):
                os.kill(process.pid, signal.SIGKILL)
                killed_at = elapsed
            if elapsed > timeout:
                os.kill(process.pid, signal.SIGKILL)
                os.wait4(process.pid, 0)
                process.returncode = -9
                raise TimeoutError(f"{' '.join(command[2:6])}… still running after {timeout} s")
            if on_tick is not None:
                on_tick(elapsed)
            time.sleep(0.02)
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        return Finished(
            returncode=process.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
            seconds=time.monotonic() - start,
            max_rss_mb=usage.ru_maxrss / 1024,  # kilobytes on Linux
            killed_at=killed_at,
        )


class ReplayProcess(ReplayChild):
    """`python -m replay serve --port 0 --faults SPEC --fault-log FILE` as a child process."""

    def __init__(
        self, faults: FaultConfig | None = None, *, folder: Path, corpus: Path | None = None
    ) -> None:
        self.faults = faults or FaultConfig()
        self.fault_log = folder / f"faults-{os.getpid()}-{id(self)}.jsonl"
        # The site's own stderr (a handler's traceback, should a route fail) goes to a file beside the log.
        self.errors = self.fault_log.with_suffix(".stderr").open("w")
        args = ["--faults", fault_spec(self.faults), "--fault-log", str(self.fault_log)]
        super().__init__(corpus, args=args, stderr=self.errors, cwd=REPO)

    def __exit__(self, *exc: object) -> None:
        super().__exit__(*exc)
        self.errors.close()

    def events(self) -> list[dict[str, Any]]:
        if not self.fault_log.exists():
            return []
        return [json.loads(line) for line in self.fault_log.read_text(encoding="utf-8").splitlines()]


def snapshot_corpus(folder: Path) -> Path:
    """A private copy of the bundled replay corpus: a long trial must not see it regenerated halfway
    (the corpus files are rewritten by `python -m authoring.replay_corpus generate`)."""
    from replay.store import CORPUS_DIR

    target = folder / "corpus"
    if not target.exists():
        shutil.copytree(CORPUS_DIR, target)
    return target


def replay_site(corpus: Path, faults: FaultConfig | None = None) -> Any:
    """An in-process ReplaySite on a corpus folder (not started)."""
    from replay.server import ReplaySite
    from replay.store import load_corpus

    return ReplaySite(load_corpus(corpus), faults)


def fault_spec(faults: FaultConfig) -> str:
    """The `--faults` text of a FaultConfig (only what differs from the default; repr keeps floats exact)."""
    default = FaultConfig()
    parts = [
        f"{f.name}={getattr(faults, f.name)!r}".replace("'", "")
        for f in fields(FaultConfig)
        if getattr(faults, f.name) != getattr(default, f.name)
    ]
    return ",".join(parts)


# -- what the site lists and what the database holds --------------------------------------------


def listed(base_url: str, window: Window, keywords: Iterable[str] | None = None) -> dict[str, set[str]]:
    """Per source, the canonical URLs the site's list endpoints show for the window (follow-ups included)."""
    words = list(keywords) if keywords is not None else list(default_keywords())
    return {source: set(listed_urls(base_url, source, window, words)) for source in SOURCES}


def sql(database_url: str, statement: str, **params: Any) -> list[Any]:
    engine = make_engine(database_url, migrate=False)
    try:
        with engine.connect() as connection:
            return list(connection.execute(text(statement), params).all())
    finally:
        engine.dispose()


def stored(database_url: str) -> dict[str, list[str]]:
    """Per source, every stored URL, duplicates kept (the check is that there are none)."""
    out: dict[str, list[str]] = {source: [] for source in SOURCES}
    for source, url in sql(database_url, "SELECT source, url FROM notice"):
        out[source].append(url)
    return out


def content_by_url(database_url: str) -> dict[tuple[str, str], str]:
    """(source, url) → content hash of the parsed fields (two readings of one page hash alike)."""
    rows = sql(database_url, "SELECT source, url, content_hash FROM notice")
    return {(source, url): digest for source, url, digest in rows}


def content_duplicates(database_url: str) -> list[tuple[str, str, int]]:
    """Notices of one source stored twice under different URLs (same parsed content)."""
    return [
        tuple(row)
        for row in sql(
            database_url,
            "SELECT source, content_hash, count(*) FROM notice GROUP BY source, content_hash HAVING count(*) > 1",
        )
    ]


RUN_COLUMNS = (
    "id",
    "source",
    "status",
    "close_reason",
    "from_date",
    "until_date",
    "expected_count",
    "fetched_count",
    "new_items",
    "retries",
    "blocks",
    "parse_errors",
    "stats",
)


def crawl_runs(database_url: str) -> list[dict[str, Any]]:
    rows = sql(database_url, f"SELECT {', '.join(RUN_COLUMNS)} FROM crawl_run ORDER BY id")
    runs = [dict(zip(RUN_COLUMNS, row, strict=True)) for row in rows]
    for run in runs:
        if isinstance(run["stats"], str):
            run["stats"] = json.loads(run["stats"])
    return runs


def linkage_problems(database_url: str) -> dict[str, int]:
    """After `tenders process`: notices without a project, projects without a notice (must both be 0)."""
    [(unlinked,)] = sql(database_url, "SELECT count(*) FROM notice WHERE project_id IS NULL")
    [(empty,)] = sql(
        database_url,
        "SELECT count(*) FROM project p WHERE NOT EXISTS (SELECT 1 FROM notice n WHERE n.project_id = p.id)",
    )
    [(dangling,)] = sql(
        database_url,
        "SELECT count(*) FROM notice n WHERE n.project_id IS NOT NULL "
        "AND NOT EXISTS (SELECT 1 FROM project p WHERE p.id = n.project_id)",
    )
    return {"unlinked_notices": unlinked, "empty_projects": empty, "dangling_links": dangling}


def sqlite_integrity(path: Path) -> str:
    """`PRAGMA integrity_check` of an SQLite file, opened read-only ("ok" when sound)."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return "; ".join(row[0] for row in connection.execute("PRAGMA integrity_check"))
    finally:
        connection.close()


# -- faults --------------------------------------------------------------------------------------


def request_keys(site: Any) -> list[str]:
    """Every distinct request the in-process site answered (its attempt counter's keys)."""
    return sorted(site.log.attempts)


def is_detail(key: str) -> bool:
    """A notice page: ccgp or ggzy HTML detail, 政采云 detail API."""
    method, _, rest = key.partition(" ")
    return method == "GET" and (
        (rest.startswith(f"{CCGP_HOST}/cggg/") and ".htm?" in rest and "/index" not in rest)
        or rest.startswith(f"{GGZY_HOST}/information/deal/html/")
        or "/portal/detail?" in rest
    )


def with_exactly_one(
    base: FaultConfig, keys: list[str], kinds: tuple[str, ...] = ("block", "truncate")
) -> FaultConfig:
    """`base` plus rates for `kinds` that hit exactly one of `keys` each, and a notice page each.

    The site draws one number per request and seed; each transient fault owns an interval of [0, 1) in
    TRANSIENT order. A rate just wide enough to take in the first draw past its interval's start gives
    exactly one request that fault. Seeds are tried from base.seed until every chosen request is a
    notice page. Uses FaultConfig._draw, the site's own draw, so the choice matches what it serves.
    """
    for seed in range(base.seed, base.seed + 1000):
        config = replace(base, seed=seed, **{kind: 0.0 for kind in kinds})
        draws = sorted((config._draw("transient", key), key) for key in keys)
        rates: dict[str, float] = {}
        chosen_ok = True
        for kind in kinds:
            start = 0.0
            for name in TRANSIENT:
                if name == kind:
                    break
                start += rates.get(name, getattr(config, name))
            later = [(d, k) for d, k in draws if d >= start]
            if len(later) < 2 or not is_detail(later[0][1]):
                chosen_ok = False
                break
            rates[kind] = (later[0][0] + later[1][0]) / 2 - start
        if chosen_ok:
            candidate = replace(config, **rates)
            hit = Counter(candidate.transient(key, 1) for key in keys)
            if all(hit[kind] == 1 for kind in kinds):
                return candidate
    raise RuntimeError(f"no seed gives exactly one {', '.join(kinds)} on a notice page")


def faults_by_source(events: list[dict[str, Any]]) -> dict[str, Counter[str]]:
    out: dict[str, Counter[str]] = {source: Counter() for source in SOURCES}
    for event in events:
        host = event["target"].split("/", 1)[0]
        out[source_of_host(host)][event["kind"]] += 1
    return out


# -- a database behind a TCP proxy that can be cut -----------------------------------------------


class CuttableProxy:
    """A TCP proxy on 127.0.0.1 to a database server; `cut()` drops every connection and refuses new
    ones (the server looks gone), `restore()` listens again on the same port. The real server is never
    touched, so other tests using it are not disturbed."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self._listener: socket.socket | None = None
        self._pairs: list[tuple[socket.socket, socket.socket]] = []
        self._lock = threading.Lock()
        self.port = 0
        self.cuts = 0
        self.refused = 0

    def __enter__(self) -> CuttableProxy:
        self.restore()
        return self

    def __exit__(self, *exc: object) -> None:
        self.cut()

    def restore(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        with self._lock:
            listener, self._listener = self._listener, None
            pairs, self._pairs = self._pairs, []
        if listener is not None:
            self.cuts += 1
            _close(listener)
        for client, upstream in pairs:
            _close(client)
            _close(upstream)

    @property
    def live(self) -> bool:
        return self._listener is not None

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # cut
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                _close(client)
                continue
            upstream.settimeout(None)
            with self._lock:
                if self._listener is not listener:  # cut while connecting
                    _close(client)
                    _close(upstream)
                    return
                self._pairs.append((client, upstream))
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=_pump, args=(a, b), daemon=True).start()


def _pump(source: socket.socket, sink: socket.socket) -> None:
    try:
        while chunk := source.recv(65536):
            sink.sendall(chunk)
    except OSError:
        pass
    finally:
        _close(sink)


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already shut by the other side
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()


# -- a small filesystem that can fill up or turn read-only -----------------------------------------


class TinyFilesystem:
    """A tmpfs of `size` mounted on a fresh folder (root only); `read_only()` remounts it read-only."""

    def __init__(self, size: str, parent: Path) -> None:
        self.size = size
        self.path = Path(tempfile.mkdtemp(prefix="tinyfs-", dir=parent))
        self.mounted = False

    def __enter__(self) -> TinyFilesystem:
        result = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={self.size},mode=0755", "tmpfs", str(self.path)],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise PermissionError(f"cannot mount a tmpfs: {result.stderr.strip() or result.returncode}")
        self.mounted = True
        return self

    def read_only(self) -> None:
        subprocess.run(["mount", "-o", "remount,ro", str(self.path)], check=True, capture_output=True)

    def read_write(self) -> None:
        subprocess.run(["mount", "-o", "remount,rw", str(self.path)], check=True, capture_output=True)

    def __exit__(self, *exc: object) -> None:
        if self.mounted:
            subprocess.run(["umount", "-l", str(self.path)], check=False, capture_output=True)
            self.mounted = False
        self.path.rmdir()


def iter_days(first: date, count: int) -> Iterator[date]:
    for offset in range(count):
        yield first + timedelta(days=offset)


class MeasuredSubprocess:
    """Stands in for the `subprocess` module inside tenders.jobs.tasks: the same commands run for real
    (run_child), and each child's peak RSS and duration are kept. subprocess.run cannot report a
    child's own resource use; wait4 can."""

    TimeoutExpired = subprocess.TimeoutExpired
    CompletedProcess = subprocess.CompletedProcess

    def __init__(self) -> None:
        self.children: list[dict[str, Any]] = []

    def run(self, command: list[str], *, timeout: float, env: dict[str, str], **_: Any) -> Any:
        try:
            finished = run_child(command, env=env, timeout=timeout)
        except TimeoutError as exc:
            raise subprocess.TimeoutExpired(command, timeout) from exc
        step = next((part for part in command[3:] if part in ("crawl", "process", "report")), "?")
        self.children.append(
            {
                "step": step,
                "today": env.get("TENDERS_TODAY"),
                "returncode": finished.returncode,
                "seconds": round(finished.seconds, 2),
                "max_rss_mb": round(finished.max_rss_mb, 1),
                "command": command[3:],
            }
        )
        return subprocess.CompletedProcess(command, finished.returncode, finished.stdout, finished.stderr)

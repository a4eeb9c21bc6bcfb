"""The reliability trials (issue 7), each a function that runs it and returns what it saw.

A trial returns a dict of figures plus `problems`: one line per broken promise (a notice lost or
stored twice, a fault missing from the run record, a run left `running`…). The CI tests in this
folder run them small and assert `problems == []`; bench/reliability/ runs them at full size and
prints the figures.
"""

from __future__ import annotations

import random
import sqlite3
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from rig import (
    FAST_TIMEOUT,
    HANG_SECONDS,
    SMALL_STORE_BATCHES,
    SOURCES,
    CuttableProxy,
    MeasuredSubprocess,
    ReplayProcess,
    TinyFilesystem,
    Window,
    content_by_url,
    content_duplicates,
    crawl_command,
    crawl_runs,
    fault_spec,
    faults_by_source,
    is_detail,
    iter_days,
    linkage_problems,
    listed,
    replay_site,
    request_keys,
    run_child,
    snapshot_corpus,
    sql,
    sqlite_integrity,
    stored,
    tenders_command,
    trial_env,
    with_exactly_one,
)

from replay.faults import FaultConfig

# Issue 7: 10 % 5xx, 5 % 429 with Retry-After, 2 % hung responses, GBK pages (30 % of HTML notice pages);
# one block page and one truncated page are added by with_exactly_one().
NIGHTLY_FAULTS = FaultConfig(
    seed=1,
    error=0.10,
    throttle=0.05,
    retry_after=1,
    hang=0.02,
    hang_seconds=HANG_SECONDS,
    truncate_mode="short",
    gbk=0.3,
)


# Makes a fresh database by name and returns its URL; the default is an SQLite file in the trial's folder
# (the CI tests pass one per backend).
NewDatabase = Callable[[str], str]


def sqlite_files(folder: Path) -> NewDatabase:
    return lambda name: f"sqlite:///{folder}/{name}.db"


def store_problems(database_url: str, expected: dict[str, set[str]], label: str) -> list[str]:
    """Every listed notice stored, nothing else, nothing twice (by URL and by parsed content)."""
    problems = []
    for source, urls in stored(database_url).items():
        if len(urls) != len(set(urls)):
            problems.append(f"{label}: {source} has {len(urls) - len(set(urls))} URLs stored twice")
        missing, extra = expected[source] - set(urls), set(urls) - expected[source]
        if missing:
            problems.append(
                f"{label}: {source} lost {len(missing)} listed notices, e.g. {sorted(missing)[0]}"
            )
        if extra:
            problems.append(f"{label}: {source} stored {len(extra)} notices the site does not list")
    duplicates = content_duplicates(database_url)
    if duplicates:
        problems.append(f"{label}: same content stored under two URLs: {duplicates[:3]}")
    return problems


def run_problems(database_url: str, label: str, *, allow: tuple[str, ...] = ("finished",)) -> list[str]:
    return [
        f"{label}: run {run['id']} of {run['source']} is {run['status']} ({run['close_reason']})"
        for run in crawl_runs(database_url)
        if run["status"] not in allow
    ]


# -- 1. faults under crawl --------------------------------------------------------------------------


def fault_trial(
    window: Window,
    folder: Path,
    base: FaultConfig = NIGHTLY_FAULTS,
    *,
    new_database: NewDatabase | None = None,
) -> dict[str, Any]:
    """A fault-free crawl and a crawl under `base` + one block page + one truncated page, of one window.

    The clean crawl runs against an in-process ReplaySite whose request log says which requests a crawl
    of the window makes; that chooses the block and truncate rates. The faulty crawl runs against
    `python -m replay serve --faults …` whose fault log lists every injected fault.
    """
    corpus = snapshot_corpus(folder)
    new_database = new_database or sqlite_files(folder)
    clean_db, faulty_db = new_database("clean"), new_database("faulty")
    env = trial_env(overrides=FAST_TIMEOUT)
    with replay_site(corpus) as site:
        clean = run_child(crawl_command(clean_db, site.base_url, window), env=env)
        keys = request_keys(site)
        expected = listed(site.base_url, window)
    faults = with_exactly_one(base, keys)
    with ReplayProcess(faults, folder=folder, corpus=corpus) as site:
        faulty = run_child(crawl_command(faulty_db, site.base_url, window), env=env)
        events = site.events()
    problems = []
    for label, finished in (("clean crawl", clean), ("faulty crawl", faulty)):
        if finished.returncode != 0:
            problems.append(f"{label}: {finished.describe()}")
    problems += store_problems(clean_db, expected, "clean crawl") + store_problems(
        faulty_db, expected, "faulty crawl"
    )
    problems += run_problems(clean_db, "clean crawl") + run_problems(faulty_db, "faulty crawl")
    clean_content, faulty_content = content_by_url(clean_db), content_by_url(faulty_db)
    differing = [key for key in clean_content if faulty_content.get(key) != clean_content[key]]
    if differing:
        problems.append(f"{len(differing)} notices read differently under faults, e.g. {differing[0]}")

    injected = faults_by_source(events)
    total = sum(injected.values(), Counter())
    for kind, want in (("block", 1), ("truncate", 1)):
        if total[kind] != want:
            problems.append(f"the site injected {total[kind]} {kind} faults, not {want}")
    for kind in ("error", "throttle", "hang"):
        if not total[kind]:
            problems.append(f"the site injected no {kind} fault: the trial proves nothing about it")
    gbk_pages = sum(
        1 for key in keys if is_detail(key) and "/portal/" not in key and faults.persistent(key, "gbk")
    )
    if not gbk_pages:
        problems.append("no notice page was served GBK-encoded")

    runs = {run["source"]: run for run in crawl_runs(faulty_db)}
    figures: dict[str, Any] = {}
    for source in SOURCES:
        seen, run = injected[source], runs[source]
        stats = run["stats"]
        recorded = {
            "retries": run["retries"],
            "blocks": run["blocks"],
            "retry/count": stats.get("retry/count", 0),
            "retry_after_waits": stats.get("tenders/retry_after_waits", 0),
            "incomplete_pages": stats.get("tenders/incomplete_pages", 0),
            "timeouts": stats.get("downloader/request_count", 0) - stats.get("downloader/response_count", 0),
        }
        # Each injected fault costs exactly one retry (faulty_attempts=1) and leaves its own trace. A hung
        # response ends in a download timeout; on a loaded machine a slow ordinary answer can time out
        # too, so retries are accounted against the requests that got no answer, not the hangs alone.
        unanswered = recorded["timeouts"]
        wanted = {
            "retries": seen["error"] + seen["throttle"] + seen["truncate"] + seen["block"] + unanswered,
            "blocks": seen["block"],
            "retry_after_waits": seen["throttle"],
            "incomplete_pages": seen["truncate"],
        }
        for name, value in wanted.items():
            if recorded[name] != value:
                problems.append(
                    f"{source}: run record has {name}={recorded[name]}, the site injected {value}"
                )
        if unanswered < seen["hang"]:
            problems.append(
                f"{source}: {seen['hang']} hung responses but {unanswered} requests without an answer"
            )
        recorded["spurious_timeouts"] = unanswered - seen["hang"]
        figures[source] = {
            "listed": len(expected[source]),
            "stored": len(set(stored(faulty_db)[source])),
            "status": run["status"],
            "injected": dict(seen),
            "recorded": recorded,
            "requests": stats.get("downloader/request_count"),
            "elapsed_s": stats.get("elapsed_time_seconds"),
        }
    return {
        "window": [d.isoformat() for d in window],
        "fault_spec": fault_spec(faults),
        "gbk_notice_pages": gbk_pages,
        "clean_seconds": round(clean.seconds, 1),
        "faulty_seconds": round(faulty.seconds, 1),
        "faulty_max_rss_mb": round(faulty.max_rss_mb, 1),
        "sources": figures,
        "problems": problems,
    }


# -- 2. SIGKILL and restart -------------------------------------------------------------------------


def count_notices(database_url: str) -> int | None:
    """Notices stored so far; None when the kill came before the schema existed.

    An observer only: an SQLite file is opened read-only and never created, so polling it while a
    crawl creates and migrates it does not write to it (no journal-mode change, no empty file)."""
    if database_url.startswith("sqlite:///"):
        path = Path(database_url.removeprefix("sqlite:///"))
        if not path.exists():
            return None
        try:
            connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
            try:
                return int(connection.execute("SELECT count(*) FROM notice").fetchone()[0])
            finally:
                connection.close()
        except sqlite3.Error:  # no table yet: killed before the first migration finished
            return None
    try:
        [(count,)] = sql(database_url, "SELECT count(*) FROM notice")
    except Exception:  # no table yet
        return None
    return int(count)


def error_lines(stderr: str, limit: int = 6) -> str:
    """The log's error lines (not the tracebacks' indented frames), for a problem report."""
    lines = [line[:300] for line in stderr.splitlines() if "Error" in line and not line.startswith(" ")]
    return " | ".join(lines[-limit:])


def sigkill_trials(
    window: Window,
    folder: Path,
    *,
    trials: int,
    seed: int = 20250601,
    first_at_third: bool = False,
    new_database: NewDatabase | None = None,
) -> dict[str, Any]:
    """Kill a crawl with SIGKILL at a seeded random moment, restart it with the same window, check.

    With `first_at_third` the first trial is killed once a third of the notices are stored (CI: at
    least one kill lands mid-storing, whatever the machine's speed); the others at uniform times.
    """
    rng = random.Random(seed)
    new_database = new_database or sqlite_files(folder)
    env = trial_env(overrides=SMALL_STORE_BATCHES)  # killed mid-batch, whatever the machine's speed
    rows: list[dict[str, Any]] = []
    problems: list[str] = []
    with ReplayProcess(folder=folder, corpus=snapshot_corpus(folder)) as site:
        expected = listed(site.base_url, window)
        total = sum(len(urls) for urls in expected.values())
        reference_db = new_database("reference")
        reference = run_child(crawl_command(reference_db, site.base_url, window), env=env)
        problems += store_problems(reference_db, expected, "reference crawl")
        reference_content = content_by_url(reference_db)
        for trial in range(trials):
            database_url = new_database(f"kill-{trial}")
            if trial == 0 and first_at_third:
                planned = None

                def kill_when(elapsed: float, url: str = database_url) -> bool:
                    return (count_notices(url) or 0) >= total // 3
            else:
                planned = rng.uniform(0.2, reference.seconds)

                def kill_when(elapsed: float, at: float = planned) -> bool:  # type: ignore[misc]
                    return elapsed >= at

            killed = run_child(
                crawl_command(database_url, site.base_url, window), env=env, kill_when=kill_when
            )
            before = count_notices(database_url)
            restarted = run_child(crawl_command(database_url, site.base_url, window), env=env)
            after = count_notices(database_url)
            label = f"trial {trial}"
            trial_problems = []
            if restarted.returncode != 0:
                trial_problems.append(
                    f"{label}: restart exited {restarted.returncode}: {error_lines(restarted.stderr)}"
                )
            trial_problems += store_problems(database_url, expected, label)
            content = content_by_url(database_url)
            if content != reference_content:
                trial_problems.append(f"{label}: stored content differs from the uninterrupted crawl")
            runs = crawl_runs(database_url)
            trial_problems += [
                f"{label}: run {r['id']} of {r['source']} left {r['status']}"
                for r in runs
                if r["status"] not in ("finished", "failed")
            ]
            last = {r["source"]: r["status"] for r in runs}
            if set(last.values()) != {"finished"}:
                trial_problems.append(f"{label}: the restarted runs ended {last}")
            interrupted = sum(1 for r in runs if r["close_reason"] == "interrupted")
            problems += trial_problems
            rows.append(
                {
                    "trial": trial,
                    "kill_at_s": round(killed.killed_at, 2) if killed.killed_at is not None else None,
                    "planned_s": round(planned, 2) if planned is not None else "a third stored",
                    "killed": killed.returncode == -9,
                    "notices_before": before,
                    "notices_after": after,
                    "listed": total,
                    "runs_marked_interrupted": interrupted,
                    "restart_s": round(restarted.seconds, 1),
                    "ok": not trial_problems,
                }
            )
    return {
        "window": [d.isoformat() for d in window],
        "reference_seconds": round(reference.seconds, 1),
        "listed": total,
        "trials": rows,
        "problems": problems,
    }


# -- 3. the database unreachable mid-run -------------------------------------------------------------


def through_proxy(database_url: str, port: int) -> str:
    from sqlalchemy.engine import make_url

    return make_url(database_url).set(host="127.0.0.1", port=port).render_as_string(hide_password=False)


def pg_target(database_url: str) -> tuple[str, int]:
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    return (url.host or "127.0.0.1", url.port or 5432)


def outage_trial(
    direct_url: str, window: Window, folder: Path, *, cut_after: int = 30, outage_s: float = 2.0
) -> dict[str, Any]:
    """Cut the database (a TCP proxy in front of PostgreSQL) once `cut_after` notices are stored,
    for `outage_s` seconds; then a second crawl of the window, then `tenders process`, cut once
    linking has committed (during classification), then `tenders process` again."""
    env = trial_env(overrides=SMALL_STORE_BATCHES)  # the cut lands with most of the crawl still to come
    problems: list[str] = []
    folder.mkdir(parents=True, exist_ok=True)
    with (
        ReplayProcess(folder=folder, corpus=snapshot_corpus(folder)) as site,
        CuttableProxy(pg_target(direct_url)) as proxy,
    ):
        via = through_proxy(direct_url, proxy.port)
        expected = listed(site.base_url, window)
        state: dict[str, float | int | None] = {"cut_at": None, "restored_at": None, "stored_at_cut": None}

        def outage(elapsed: float) -> None:
            if state["cut_at"] is None:
                count = count_notices(direct_url) or 0
                if count >= cut_after:
                    proxy.cut()
                    state["cut_at"], state["stored_at_cut"] = round(elapsed, 2), count
            elif state["restored_at"] is None and elapsed - float(state["cut_at"] or 0) >= outage_s:
                proxy.restore()
                state["restored_at"] = round(elapsed, 2)

        during = run_child(crawl_command(via, site.base_url, window), env=env, on_tick=outage, timeout=900)
        if not proxy.live:
            proxy.restore()
        runs_during = crawl_runs(direct_url)
        if state["cut_at"] is None:
            problems.append("the crawl ended before the cut: the trial proves nothing")
        all_finished = during.returncode == 0 and all(r["status"] == "finished" for r in runs_during)
        complete = not store_problems(direct_url, expected, "")
        if all_finished and not complete:
            problems.append("the run under the outage reported success but notices are missing")

        after = run_child(crawl_command(via, site.base_url, window), env=env, timeout=900)
        if after.returncode != 0:
            problems.append(f"the crawl after the outage failed: {after.describe()}")
        problems += store_problems(direct_url, expected, "after the outage")
        runs = crawl_runs(direct_url)
        if any(r["status"] == "running" for r in runs):
            problems.append("a run is still marked running after the next crawl")
        last = {r["source"]: r["status"] for r in runs}
        if set(last.values()) != {"finished"}:
            problems.append(f"the crawl after the outage ended {last}")

        process_state: dict[str, float | None] = {"cut_at": None}

        def cut_while_classifying(elapsed: float) -> None:
            if process_state["cut_at"] is None and sql(direct_url, "SELECT count(*) FROM project")[0][0] > 0:
                proxy.cut()
                process_state["cut_at"] = round(elapsed, 2)

        interrupted = run_child(tenders_command(via, "process"), env=env, on_tick=cut_while_classifying)
        links_after_cut = linkage_problems(direct_url)
        proxy.restore()
        if any(links_after_cut.values()):
            problems.append(f"half-written projects after a process cut: {links_after_cut}")
        processed = run_child(tenders_command(via, "process"), env=env)
        if processed.returncode != 0:
            problems.append(f"process after the outage failed: {processed.describe()}")
        links = linkage_problems(direct_url)
        if any(links.values()):
            problems.append(f"after process: {links}")
        [(projects,)] = sql(direct_url, "SELECT count(*) FROM project")
        [(notices,)] = sql(direct_url, "SELECT count(*) FROM notice")
        [(classified,)] = sql(direct_url, "SELECT count(DISTINCT notice_id) FROM classification")
        if classified != notices:
            problems.append(f"{classified} of {notices} notices classified after process")
    return {
        "window": [d.isoformat() for d in window],
        "outage": state,
        "during": {
            "exit": during.returncode,
            "seconds": round(during.seconds, 1),
            "stderr_lines": len(during.stderr.splitlines()),
            "runs": [(r["source"], r["status"], r["close_reason"], r["new_items"]) for r in runs_during],
        },
        "after": {
            "exit": after.returncode,
            "runs": [(r["source"], r["status"]) for r in runs[len(runs_during) :]],
        },
        "process_cut": {
            "cut_at": process_state["cut_at"],
            "exit": interrupted.returncode,
            "stderr_tail": interrupted.stderr.strip().splitlines()[-1:] if interrupted.stderr.strip() else [],
            "linkage_after_cut": links_after_cut,
        },
        "notices": notices,
        "projects": projects,
        "listed": sum(len(v) for v in expected.values()),
        "problems": problems,
    }


def pg_schema(admin_url: str) -> tuple[str, str]:
    """A fresh schema in the test database and the URL whose search_path points at it."""
    import psycopg

    schema = f"rel_{uuid.uuid4().hex[:12]}"
    plain = admin_url.replace("postgresql+psycopg", "postgresql")
    with psycopg.connect(plain, autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
    return schema, f"{admin_url}?options=-csearch_path%3D{schema}"


def drop_pg_schema(admin_url: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(
        admin_url.replace("postgresql+psycopg", "postgresql"), autocommit=True
    ) as connection:
        connection.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


# -- 4. disk full, read-only file --------------------------------------------------------------------


def disk_trial(first: Window, more: Window, folder: Path, *, size: str = "3m") -> dict[str, Any]:
    """Crawl `first` into an SQLite file on a `size` tmpfs, then `more` until the disk is full, then
    the same on the filesystem remounted read-only; after each: integrity, earlier rows intact.
    Finally the filesystem is given room again and `more` is crawled to the end (the file still works)."""
    env = trial_env()
    problems: list[str] = []
    figures: dict[str, Any] = {}
    with (
        ReplayProcess(folder=folder, corpus=snapshot_corpus(folder)) as site,
        TinyFilesystem(size, folder) as fs,
    ):
        path = fs.path / "tenders.db"
        url = f"sqlite:///{path}"
        expected_first = listed(site.base_url, first)
        expected_more = listed(site.base_url, more)
        fitted = run_child(crawl_command(url, site.base_url, first), env=env)
        if fitted.returncode != 0:
            problems.append(f"the first crawl did not fit in {size}: {fitted.describe()}")
        problems += store_problems(url, expected_first, "first crawl")
        snapshot = set(sql(url, "SELECT source, url, content_hash, title FROM notice"))
        runs_before = len(crawl_runs(url))

        full = run_child(crawl_command(url, site.base_url, more), env=env)
        figures["disk_full"] = outcome(full, url, path, runs_before)
        problems += integrity_problems(path, url, snapshot, "disk full")
        if figures["disk_full"]["new_notices"] >= sum(len(v) for v in expected_more.values()):
            problems.append(f"the disk never filled ({size} was enough): the trial proves nothing")
        processed = run_child(tenders_command(url, "process"), env=env)
        figures["process_disk_full"] = outcome(processed, url, path, None)
        problems += integrity_problems(path, url, snapshot, "process on a full disk")
        snapshot = set(sql(url, "SELECT source, url, content_hash, title FROM notice"))

        fs.read_only()
        runs_before = len(crawl_runs(url))
        read_only = run_child(crawl_command(url, site.base_url, first), env=env)
        figures["read_only"] = outcome(read_only, url, path, runs_before)
        if read_only.returncode == 0:
            problems.append("a crawl into a read-only database file exited 0")
        processed = run_child(tenders_command(url, "process"), env=env)
        figures["process_read_only"] = outcome(processed, url, path, None)
        if processed.returncode == 0:
            problems.append("process on a read-only database file exited 0")
        problems += integrity_problems(path, url, snapshot, "read-only")

        fs.read_write()
        subprocess_run(["mount", "-o", "remount,size=256m", str(fs.path)])
        recovered = run_child(crawl_command(url, site.base_url, more), env=env)
        if recovered.returncode != 0:
            problems.append(f"the crawl after room was made failed: {recovered.describe()}")
        union = {s: expected_first[s] | expected_more[s] for s in SOURCES}
        problems += store_problems(url, union, "after room was made")
        problems += integrity_problems(path, url, snapshot, "after room was made")
        figures["recovered_runs"] = [(r["source"], r["status"]) for r in crawl_runs(url)[-3:]]
    return {
        "first": [d.isoformat() for d in first],
        "more": [d.isoformat() for d in more],
        **figures,
        "problems": problems,
    }


def subprocess_run(command: list[str]) -> None:
    import subprocess

    subprocess.run(command, check=True, capture_output=True)


def outcome(finished: Any, url: str, path: Path, runs_before: int | None) -> dict[str, Any]:
    """What a command on a broken disk did: exit code, its error lines, the runs it recorded."""
    lines = finished.stderr.strip().splitlines()
    result: dict[str, Any] = {
        "exit": finished.returncode,
        "stderr_lines": len(lines),
        "tracebacks": finished.stderr.count("Traceback (most recent call last)"),
        "last_line": lines[-1][:200] if lines else "",
        "integrity": sqlite_integrity(path),
    }
    if runs_before is not None:
        runs = crawl_runs(url)[runs_before:]
        result["runs"] = [(r["source"], r["status"], (r["close_reason"] or "")[:80]) for r in runs]
        result["new_notices"] = sum(r["new_items"] or 0 for r in runs)
    return result


def integrity_problems(path: Path, url: str, snapshot: set[Any], label: str) -> list[str]:
    problems = []
    check = sqlite_integrity(path)
    if check != "ok":
        problems.append(f"{label}: integrity_check says {check}")
    now = set(sql(url, "SELECT source, url, content_hash, title FROM notice"))
    if not snapshot <= now:
        problems.append(f"{label}: {len(snapshot - now)} previously committed notices changed or vanished")
    return problems


# -- 5. soak: the nightly job, night after night ---------------------------------------------------


SOAK_FAULTS = replace(NIGHTLY_FAULTS, seed=5, block=0.01, truncate=0.01)


def soak(
    first_night: date,
    nights: int,
    folder: Path,
    *,
    faults: FaultConfig = SOAK_FAULTS,
    new_database: NewDatabase | None = None,
) -> dict[str, Any]:
    """tenders.jobs.tasks.nightly_crawl for every source, `nights` nights from `first_night`, "today"
    advanced by TENDERS_TODAY each night, against the replay site with faults; then the database is
    compared with what the site lists for the covered days (the first night's window starts the day
    before it: TENDERS_FIRST_WINDOW_DAYS=1)."""
    import os

    from tenders.jobs import tasks

    corpus = snapshot_corpus(folder)
    database_url = (new_database or sqlite_files(folder))("soak")
    config = folder / "tenders.toml"
    measured = MeasuredSubprocess()
    saved_env = dict(os.environ)
    saved_subprocess = tasks.subprocess
    problems: list[str] = []
    outcomes: list[dict[str, Any]] = []
    try:
        with ReplayProcess(faults, folder=folder, corpus=corpus) as site:
            config.write_text(
                f'replay_url = "{site.base_url}"\nsources = ["ccgp", "ggzy", "zcy"]\n', encoding="utf-8"
            )
            tasks.subprocess = measured  # type: ignore[assignment]
            for day in iter_days(first_night, nights):
                os.environ.update(
                    trial_env(
                        overrides={**FAST_TIMEOUT, "TENDERS_FIRST_WINDOW_DAYS": 1}, today=day.isoformat()
                    )
                )
                for source in SOURCES:
                    try:
                        result = tasks.nightly_crawl(source, database_url, str(config))
                    except Exception as exc:  # a failed night is a finding, the soak goes on
                        result = f"error: {exc}"
                        problems.append(f"{day} {source}: {exc}")
                    outcomes.append({"night": day.isoformat(), "source": source, "result": result})
            injected = Counter(event["kind"] for event in site.events())
    finally:
        tasks.subprocess = saved_subprocess  # type: ignore[assignment]
        os.environ.clear()
        os.environ.update(saved_env)

    covered = (first_night - timedelta(days=1), first_night + timedelta(days=nights - 1))
    with replay_site(corpus) as clean:
        expected = listed(clean.base_url, covered)
    problems += store_problems(database_url, expected, "soak")
    runs = crawl_runs(database_url)
    problems += run_problems(database_url, "soak")
    for run in runs:
        until = date.fromisoformat(str(run["until_date"]))
        if date.fromisoformat(str(run["from_date"])) != until - timedelta(days=1):
            problems.append(
                f"run {run['id']} of {run['source']} covered {run['from_date']}…{until}, not one new day"
            )
    if len(runs) != nights * len(SOURCES):
        problems.append(f"{len(runs)} crawl runs recorded for {nights} nights × {len(SOURCES)} sources")
    links = linkage_problems(database_url)
    if any(links.values()):
        problems.append(f"after the last night: {links}")
    [(notices,)] = sql(database_url, "SELECT count(*) FROM notice")
    [(classified,)] = sql(database_url, "SELECT count(DISTINCT notice_id) FROM classification")
    if classified != notices:
        problems.append(f"{classified} of {notices} notices classified")

    per_night = []
    for day in iter_days(first_night, nights):
        children = [c for c in measured.children if c["today"] == day.isoformat()]
        crawls = [c for c in children if c["step"] == "crawl"]
        processes = [c for c in children if c["step"] == "process"]
        per_night.append(
            {
                "night": day.isoformat(),
                "crawl_peak_rss_mb": max((c["max_rss_mb"] for c in crawls), default=None),
                "process_peak_rss_mb": max((c["max_rss_mb"] for c in processes), default=None),
                "crawl_s": round(sum(c["seconds"] for c in crawls), 1),
                "process_s": round(sum(c["seconds"] for c in processes), 1),
                "new_notices": sum(
                    r["new_items"] or 0 for r in runs if str(r["until_date"]) == day.isoformat()
                ),
                "retries": sum(r["retries"] or 0 for r in runs if str(r["until_date"]) == day.isoformat()),
            }
        )
    return {
        "covered": [d.isoformat() for d in covered],
        "fault_spec": fault_spec(faults),
        "injected": dict(injected),
        "nights": per_night,
        "notices": notices,
        "listed": sum(len(v) for v in expected.values()),
        "projects": sql(database_url, "SELECT count(*) FROM project")[0][0],
        "runs": len(runs),
        "failed_nights": [o for o in outcomes if o["result"] != "ok"],
        "problems": problems,
    }

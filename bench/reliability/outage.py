"""The database unavailable mid-run, against the real PostgreSQL (database `test`, a throw-away schema).

Run from the repository root:

    .venv/bin/python bench/reliability/outage.py                 # proxy outage (2 s) + one real stop/start
    .venv/bin/python bench/reliability/outage.py --no-real-stop  # proxy outage only

1. Proxy outage: the crawl reaches PostgreSQL through a TCP proxy on 127.0.0.1 that is cut once 30
   notices are stored and restored 2 s later; then the same crawl again, then `tenders process`, itself
   cut once linking has committed, then `tenders process` again.
2. Real outage (once): the crawl talks to the server directly; once 30 notices are stored the cluster is
   stopped (`pg_ctlcluster --skip-systemctl-redirect VERSION main stop -m fast`) and started again 3 s
   later. The server is ALWAYS started again in a finally block, and the script waits until it answers.
   Other users of the server lose their connections for those seconds: run it when nobody else needs it.
Exit 1 when the next run does not recover every listed notice, or a project is half-written.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import time
from datetime import date
from pathlib import Path
from typing import Any

from _setup import finish, work_folder

ADMIN_URL = os.environ.get("TENDERS_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def cluster_version() -> str:
    versions = sorted(p.name for p in Path("/etc/postgresql").iterdir() if p.name.replace(".", "").isdigit())
    if not versions:
        raise SystemExit("no PostgreSQL cluster under /etc/postgresql")
    return versions[-1]


def pg_ctl(version: str, action: str) -> None:
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action]
    if action == "stop":
        command += ["-m", "fast"]
    subprocess.run(command, check=True, capture_output=True, text=True, timeout=60)


def wait_until_up(seconds: float = 60) -> float:
    import psycopg

    start = time.monotonic()
    while True:
        try:
            with psycopg.connect(ADMIN_URL.replace("postgresql+psycopg", "postgresql"), connect_timeout=2):
                return time.monotonic() - start
        except psycopg.OperationalError:
            if time.monotonic() - start > seconds:
                raise
            time.sleep(0.2)


def real_stop_trial(
    window: tuple[date, date], folder: Path, *, cut_after: int, outage_s: float
) -> dict[str, Any]:
    from rig import (
        ReplayProcess,
        crawl_command,
        crawl_runs,
        linkage_problems,
        listed,
        run_child,
        snapshot_corpus,
        tenders_command,
        trial_env,
    )
    from trials import count_notices, drop_pg_schema, pg_schema, store_problems

    version = cluster_version()
    folder.mkdir(parents=True, exist_ok=True)
    schema, url = pg_schema(ADMIN_URL)
    env = trial_env()
    problems: list[str] = []
    state: dict[str, Any] = {"stopped_at": None, "started_at": None, "stored_at_stop": None}
    try:
        with ReplayProcess(folder=folder, corpus=snapshot_corpus(folder)) as site:
            expected = listed(site.base_url, window)

            def outage(elapsed: float) -> None:
                if state["stopped_at"] is None:
                    count = count_notices(url) or 0
                    if count >= cut_after:
                        pg_ctl(version, "stop")
                        state["stopped_at"], state["stored_at_stop"] = round(elapsed, 2), count
                elif state["started_at"] is None and elapsed - state["stopped_at"] >= outage_s:
                    pg_ctl(version, "start")
                    state["started_at"] = round(elapsed, 2)

            try:
                during = run_child(
                    crawl_command(url, site.base_url, window), env=env, on_tick=outage, timeout=300
                )
            finally:
                if state["stopped_at"] is not None and state["started_at"] is None:
                    pg_ctl(version, "start")
                    state["started_at"] = "after the crawl ended"
                state["back_after_s"] = round(wait_until_up(), 2)
            runs_during = crawl_runs(url)
            after = run_child(crawl_command(url, site.base_url, window), env=env, timeout=300)
            problems += store_problems(url, expected, "after the real outage")
            runs = crawl_runs(url)
            last = {r["source"]: r["status"] for r in runs}
            if set(last.values()) != {"finished"}:
                problems.append(f"the crawl after the real outage ended {last}")
            processed = run_child(tenders_command(url, "process"), env=env)
            links = linkage_problems(url)
            if processed.returncode != 0 or any(links.values()):
                problems.append(f"process after the real outage: exit {processed.returncode}, {links}")
    finally:
        try:
            wait_until_up(5)
        except Exception:  # the server must come back whatever happened above
            pg_ctl(version, "start")
            wait_until_up()
        drop_pg_schema(ADMIN_URL, schema)
    return {
        "version": version,
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
        "linkage": links,
        "listed": sum(len(v) for v in expected.values()),
        "problems": problems,
    }


def show(title: str, result: dict[str, Any]) -> None:
    print(f"== {title}")
    for key, value in result.items():
        if key != "problems":
            print(f"{key}: {value}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="start", type=date.fromisoformat, default=date(2025, 6, 1))
    parser.add_argument("--until", type=date.fromisoformat, default=date(2025, 6, 30))
    parser.add_argument("--outage", type=float, default=2.0, help="seconds the proxy stays cut")
    parser.add_argument("--real-stop", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--keep", help="folder for logs (default: a temporary one)")
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args()

    from trials import drop_pg_schema, outage_trial, pg_schema

    folder = work_folder(args.keep)
    window = (args.start, args.until)
    schema, url = pg_schema(ADMIN_URL)
    try:
        proxy = outage_trial(url, window, folder / "proxy", cut_after=30, outage_s=args.outage)
    finally:
        drop_pg_schema(ADMIN_URL, schema)
    show("proxy outage", proxy)
    result: dict[str, Any] = {"proxy": proxy, "problems": [f"proxy: {p}" for p in proxy["problems"]]}
    if args.real_stop:
        real = real_stop_trial(window, folder / "real", cut_after=30, outage_s=3.0)
        show("real stop/start", real)
        result["real"] = real
        result["problems"] += [f"real: {p}" for p in real["problems"]]
    return finish(result, args.json)


if __name__ == "__main__":
    raise SystemExit(main())

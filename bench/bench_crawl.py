"""Crawl throughput and peak memory against the local replay site, politeness off.

Run from the repository root:

    .venv/bin/python bench/bench_crawl.py                   # the bundled corpus: all sources, 2025, default keywords
    .venv/bin/python bench/bench_crawl.py --notices 10000   # + a generated corpus large enough for 10,000 notices
    .venv/bin/python bench/bench_crawl.py --scale 3         # + the corpus generated at scale 3
    .venv/bin/python bench/bench_crawl.py --sources ccgp --months 3
    .venv/bin/python bench/bench_crawl.py --processes 2   # ccgp in one crawl process, ggzy and 政采云 in another
    git archive f5978ec | tar -x -C /tmp/before            # a baseline tree (here: the code when issue 15 was filed) …
    .venv/bin/python bench/bench_crawl.py --before /tmp/before --rounds 3   # … crawled alternately with this one

Each crawl serves a corpus with `ReplaySite` in this process and runs the real `crawler.run.run_crawl` (as
`tenders crawl --replay` does) in a child process, politeness off, into a fresh SQLite file; it prints
pages fetched, notices stored, pages/s and notices/s, and the crawl process's peak resident memory (its
VmHWM; `ru_maxrss` would not do, Linux carries the parent's resident size into it through fork and exec),
with RSS sampled every 0.25 s for the shape over the run. With `--processes N` the crawl runs in N
grandchildren (`run_crawl(processes=N)`): the CPU is theirs and the child's together, the peak that of the
largest of them (their ru_maxrss), and the RSS shape is the child's alone.

`--before TREE --rounds N` crawls the bundled corpus N times with each tree, alternating (before, this tree,
before, …), from the same replay site (this tree's), and ends with each round's ratios: the machine's load
and state move the seconds by more than most changes, the ratios of neighbouring runs much less
(bench/RESULTS.md). The baseline's crawl runs its own code (`PYTHONPATH=TREE`, in TREE); a tree whose
`run_crawl` has no `processes` argument crawls in one process.

Each tree's modules are byte-compiled before its first crawl (`byte_compile`), as an installed package's
are: where the environment sets PYTHONDONTWRITEBYTECODE (this workplace does), every crawl process would
otherwise compile the project's modules again on start, ~0.3 s of CPU that is not crawling (bench/RESULTS.md).
Likewise the crawl's new SQLite file is created at the tree's newest migration before the crawl starts
(`create_database`), as a backfill or a nightly run finds its database.

The bundled corpus (fixtures/replay2025) holds ~5,200 notices of which the default keywords reach ~3,500.
`--scale K` generates a K-times larger corpus into a temporary folder (`python -m authoring.replay_corpus generate
--scale K`: K copies of the market plan, unique ids and URLs); `--notices N` picks the smallest K whose
keyword-reachable notices are at least N. A scaled run is preceded by the same crawl of the bundled corpus
as the baseline (unless `--no-baseline`), and the memory growth per extra stored notice is printed.

Every crawl is checked against the corpus: the notices the keywords reach are computed with the replay
site's own search index and the spiders' search settings (ccgp full text, ggzy titles, 政采云 Guangxi full
text, each in the window); every one of them must be stored, no corpus notice stored under two URLs, no
stored URL unknown to the corpus, no parse error. Stored notices beyond the reachable ones are the ccgp
spider's project-code follow-ups (compared with its `tenders/followup_details` count).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

if TYPE_CHECKING:
    from replay.model import Corpus
    from replay.site_data import SiteData

CHILD = """
import inspect, json, resource, sys, time
from datetime import date
from crawler.run import run_crawl
job = json.loads(sys.argv[1])
# An older tree (a --before baseline) may have no processes argument: it crawls in one process.
more = {"processes": job["processes"]} if "processes" in inspect.signature(run_crawl).parameters else {}
started = time.perf_counter()
out = run_crawl(job["sources"], database_url=job["db"], from_date=date.fromisoformat(job["from"]),
                until_date=date.fromisoformat(job["until"]), replay_url=job["replay"], polite=False,
                progress=False, keywords=job["keywords"], **more)
seconds = time.perf_counter() - started
# VmHWM, not ru_maxrss: Linux carries the parent's resident size into ru_maxrss through fork and exec.
status = open("/proc/self/status").read().splitlines()
peak_kb = int(next(line for line in status if line.startswith("VmHWM:")).split()[1])
usage = resource.getrusage(resource.RUSAGE_SELF)
children = resource.getrusage(resource.RUSAGE_CHILDREN)  # the crawl processes of --processes N > 1
cpu = usage.ru_utime + usage.ru_stime + children.ru_utime + children.ru_stime
if more.get("processes", 1) > 1:  # the largest crawl process (ru_maxrss: see above; the parent here is small)
    peak_kb = max(peak_kb, children.ru_maxrss)
print("SUMMARIES " + json.dumps({"runs": out, "seconds": seconds, "peak_kb": peak_kb, "cpu": cpu,
                                 "processes": more.get("processes", 1)}, ensure_ascii=False))
"""


def byte_compile(tree: Path) -> None:
    """Write the .pyc files of the tree's own modules (its virtual environment and tests left out), as
    installing a package does: PYTHONDONTWRITEBYTECODE keeps Python from writing them on import, so without
    them each process started from the tree compiles every module it imports. compileall writes them anyway."""
    done = subprocess.run(
        [sys.executable, "-m", "compileall", "-q", "-x", r"(^|/)(\.venv|\.git|tests)/", str(tree)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"byte-compiling {tree} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")


def create_database(url: str, tree: Path, env: dict[str, str] | None) -> None:
    """Create the crawl's database, at the newest migration of the tree's own code, in a process of its
    own before the crawl: a backfill or a nightly run finds its database made, and Alembic's imports and
    the migrations (~0.2 s of CPU once per database) are not crawling."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from storage.db import make_engine; make_engine(sys.argv[1]).dispose()",
            url,
        ],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"creating the database {url} with {tree} failed:\n{done.stderr[-2000:]}")


@dataclass
class Outcome:
    """One crawl: what the corpus offered, what the crawl did and what it cost."""

    label: str
    corpus_notices: int
    reachable: int
    summaries: list[dict[str, Any]]
    seconds: float  # run_crawl inside the child
    wall: float  # child process start to exit
    peak_mb: float
    crawl_cpu: float  # CPU seconds of the crawl process
    site_cpu: float  # CPU seconds of this process (the replay site's threads) during the crawl
    load: tuple[float, float]  # the machine's 1-minute load average before and after the crawl
    rss_mb: list[float]  # sampled RSS of the child over its run
    requests: int
    stored: int
    missing: int
    twice: int
    unknown: int
    extra: int
    followup_details: int
    processes: int = 1
    problems: list[str] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return sum(s.get("pages", 0) for s in self.summaries)

    @property
    def new_items(self) -> int:
        return sum(s.get("new_items", 0) for s in self.summaries)

    @property
    def parse_errors(self) -> int:
        return sum(s.get("parse_errors", 0) for s in self.summaries)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", default="ccgp,ggzy,zcy")
    parser.add_argument("--months", type=int, default=12, help="months of 2025 to crawl, from January")
    parser.add_argument(
        "--keywords", default=None, help="comma-separated (default: crawler/data/keywords.txt)"
    )
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--scale", type=int, default=1, help="also crawl a corpus generated at this scale")
    size.add_argument(
        "--notices", type=int, default=None, help="also crawl a generated corpus reaching at least N notices"
    )
    parser.add_argument(
        "--no-baseline", action="store_true", help="skip the bundled-corpus crawl before a scaled one"
    )
    parser.add_argument(
        "--processes",
        type=int,
        default=1,
        help="crawl processes (run_crawl(processes=N), `tenders crawl --processes N`): ccgp alone in one",
    )
    parser.add_argument(
        "--before",
        type=Path,
        default=None,
        help="a baseline tree (e.g. a git archive export), crawled alternately",
    )
    parser.add_argument("--rounds", type=int, default=1, help="crawls of each tree with --before (default 1)")
    args = parser.parse_args()
    if args.before is not None:
        if not (args.before / "crawler" / "run.py").is_file():
            parser.error(f"--before {args.before}: not a tenders tree (no crawler/run.py)")
        if args.notices is not None or args.scale > 1:
            parser.error("--before compares crawls of the bundled corpus: leave out --scale and --notices")
    if args.rounds < 1:
        parser.error(f"--rounds {args.rounds}: at least 1")

    from authoring.replay_corpus.generate import MAX_SCALE
    from authoring.replay_corpus.write import regenerate
    from crawler.spiders.base import default_keywords
    from replay.store import load_corpus

    sources = args.sources.split(",")
    keywords = args.keywords.split(",") if args.keywords else list(default_keywords())
    until = date(2025, args.months, 28) if args.months < 12 else date(2025, 12, 31)
    window = (date(2025, 1, 1), until)
    scaled = args.notices is not None or args.scale > 1
    outcomes: list[Outcome] = []
    byte_compile(REPO)
    if args.before is not None:
        byte_compile(args.before.resolve())
    with tempfile.TemporaryDirectory(prefix="bench-crawl-") as folder:
        bundled = load_corpus()
        bundled_reach = count_reachable(bundled, sources, keywords, window)
        if args.before is not None:
            before = args.before.resolve()
            for round_ in range(1, args.rounds + 1):
                for label, tree in ((f"before {round_}", before), (f"after {round_}", None)):
                    outcomes.append(
                        crawl(label, bundled, sources, keywords, window, Path(folder), args.processes, tree)
                    )
        elif not scaled or not args.no_baseline:
            outcomes.append(
                crawl("bundled (scale 1)", bundled, sources, keywords, window, Path(folder), args.processes)
            )
        if scaled:
            scale = args.scale
            if args.notices is not None:
                scale = max(2, math.ceil(args.notices / max(bundled_reach, 1)))
            while True:
                if scale > MAX_SCALE:
                    print(f"error: more than scale {MAX_SCALE} needed", file=sys.stderr)
                    return 2
                corpus_dir = Path(folder) / f"corpus-x{scale}"
                started = time.perf_counter()
                regenerate(corpus_dir, scale=scale)
                corpus = load_corpus(corpus_dir)
                print(
                    f"generated scale {scale}: {len(corpus.notices):,} notices, {len(corpus.projects):,} "
                    f"projects in {time.perf_counter() - started:.1f} s"
                )
                reach = count_reachable(corpus, sources, keywords, window)
                if args.notices is None or reach >= args.notices:
                    break
                scale += 1
            outcomes.append(
                crawl(
                    f"generated scale {scale}",
                    corpus,
                    sources,
                    keywords,
                    window,
                    Path(folder),
                    args.processes,
                )
            )
    print(f"\nwindow {window[0]}..{window[1]}; sources {args.sources}; {len(keywords)} keywords")
    for outcome in outcomes:
        report(outcome)
    if args.before is not None:
        compare(outcomes, args.before)
    elif len(outcomes) == 2:
        base, big = outcomes
        growth = (big.peak_mb - base.peak_mb) * 1024 / max(big.stored - base.stored, 1)
        print(
            f"\nmemory growth: peak {base.peak_mb:.0f} MB → {big.peak_mb:.0f} MB for "
            f"{base.stored:,} → {big.stored:,} notices stored: {growth:.1f} KB per extra notice "
            f"({big.peak_mb / base.peak_mb:.2f}× memory for {big.stored / max(base.stored, 1):.2f}× notices)"
        )
        print(
            f"throughput ratio scaled/bundled: pages/s {big.pages / big.seconds / (base.pages / base.seconds):.2f}×"
        )
    return 1 if any(o.problems for o in outcomes) else 0


def reachable_notices(
    data: SiteData, sources: list[str], keywords: list[str], window: tuple[date, date]
) -> set[str]:
    """The nids the spiders' keyword searches list in the window, found with the site's own index.

    Mirrors each spider's search: ccgp full text (searchtype=2, every notice type), ggzy FINDTXT (titles,
    every stage of 政府采购), 政采云 /portal/all full text on the spider's default hosts."""
    from crawler.spiders.zcy import DEFAULT_SITES
    from replay.site_data import in_window

    pools: list[tuple[str, list[Any], bool]] = []
    if "ccgp" in sources:
        pools.append(("ccgp", data.ccgp, True))
    if "ggzy" in sources:
        pools.append(("ggzy", data.ggzy, False))
    if "zcy" in sources:
        pools.extend((f"zcy:{host}", data.zcy.get(host, []), True) for host in DEFAULT_SITES)
    found: set[str] = set()
    for name, pool, full_text in pools:
        for keyword in keywords:
            for index in data.matching(name, pool, keyword, full_text):
                if in_window(pool[index], *window):
                    found.add(pool[index].nid)
    return found


def count_reachable(
    corpus: Corpus, sources: list[str], keywords: list[str], window: tuple[date, date]
) -> int:
    from replay.server import site_data

    return len(reachable_notices(site_data(corpus), sources, keywords, window))


def crawl(
    label: str,
    corpus: Corpus,
    sources: list[str],
    keywords: list[str],
    window: tuple[date, date],
    folder: Path,
    processes: int = 1,
    tree: Path | None = None,
) -> Outcome:
    """One crawl of the corpus in a child process running `tree`'s code (this repository's by default)."""
    from replay.server import ReplaySite

    database = folder / f"{'-'.join(label.split())}-{len(corpus.notices)}.db"
    code = tree or REPO
    env = {**os.environ, "PYTHONPATH": str(code)} if tree is not None else None
    with ReplaySite(corpus) as site:
        # The searches' index is built here (and cached by the site), so the crawl measures crawling.
        expected = reachable_notices(site.data, sources, keywords, window)
        job = {
            "sources": sources,
            "db": f"sqlite:///{database}",
            "from": window[0].isoformat(),
            "until": window[1].isoformat(),
            "replay": site.base_url,
            "keywords": keywords,
            "processes": processes,
        }
        print(
            f"{label}: crawling {len(corpus.notices):,} notices ({len(expected):,} reachable) …", flush=True
        )
        create_database(job["db"], code, env)
        load_before = os.getloadavg()[0]
        started = time.perf_counter()
        site_cpu = time.process_time()
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, json.dumps(job, ensure_ascii=False)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=code,
            env=env,
        )
        samples: list[float] = []
        sampler = threading.Thread(target=_sample_rss, args=(child, samples), daemon=True)
        sampler.start()
        stdout, stderr = child.communicate()
        wall = time.perf_counter() - started
        site_cpu = time.process_time() - site_cpu
        sampler.join()
        requests = site.log.snapshot()["requests"]
    lines = [line for line in stdout.splitlines() if line.startswith("SUMMARIES ")]
    if child.returncode != 0 or not lines:
        print(stderr[-3000:], file=sys.stderr)
        raise SystemExit(f"{label}: the crawl process failed (exit {child.returncode})")
    result = json.loads(lines[0].removeprefix("SUMMARIES "))
    check = verify(database, corpus, expected)
    outcome = Outcome(
        label=label,
        corpus_notices=len(corpus.notices),
        reachable=len(expected),
        summaries=result["runs"],
        seconds=result["seconds"],
        wall=wall,
        peak_mb=result["peak_kb"] / 1024,
        crawl_cpu=result["cpu"],
        site_cpu=site_cpu,
        load=(load_before, os.getloadavg()[0]),
        rss_mb=samples,
        requests=requests,
        stored=check["stored"],
        missing=check["missing"],
        twice=check["twice"],
        unknown=check["unknown"],
        extra=check["extra"],
        followup_details=check["followup_details"],
        processes=result.get("processes", processes),
    )
    if outcome.missing or outcome.twice or outcome.unknown:
        outcome.problems.append("stored notices do not match the reachable ones")
    if outcome.parse_errors:
        outcome.problems.append(f"{outcome.parse_errors} parse errors")
    if outcome.stored != outcome.new_items:
        outcome.problems.append(f"database holds {outcome.stored} notices, runs stored {outcome.new_items}")
    if any(s.get("status") != "finished" for s in outcome.summaries):
        outcome.problems.append("a run did not finish")
    return outcome


def compare(outcomes: list[Outcome], before: Path) -> None:
    """Each round's after/before ratios (throughput, crawl CPU a page), then their range and median."""
    pairs = [(outcomes[i], outcomes[i + 1]) for i in range(0, len(outcomes) - 1, 2)]
    print(f"\nbefore = {before}, after = {REPO}; alternating, same replay site")
    print(
        f"{'round':>5}  {'pages/s before → after':>24} {'×':>6}   {'ms a page before → after':>26} {'after/before':>12}"
    )
    speed, cpu = [], []
    for number, (old, new) in enumerate(pairs, 1):
        old_rate, new_rate = old.pages / old.seconds, new.pages / new.seconds
        old_ms, new_ms = old.crawl_cpu / old.pages * 1000, new.crawl_cpu / new.pages * 1000
        speed.append(new_rate / old_rate)
        cpu.append(new_ms / old_ms)
        print(
            f"{number:>5}  {old_rate:>11.0f} → {new_rate:<10.0f} {speed[-1]:>6.2f}   "
            f"{old_ms:>12.2f} → {new_ms:<11.2f} {cpu[-1]:>12.2f}"
        )
    print(
        f"throughput × before: {min(speed):.2f}–{max(speed):.2f} (median {statistics.median(speed):.2f}); "
        f"crawl CPU a page, after/before: {min(cpu):.2f}–{max(cpu):.2f} (median {statistics.median(cpu):.2f})"
    )


def _sample_rss(child: subprocess.Popen[str], samples: list[float]) -> None:
    status = Path(f"/proc/{child.pid}/status")
    while child.poll() is None:
        try:
            for line in status.read_text().splitlines():
                if line.startswith("VmRSS:"):
                    samples.append(int(line.split()[1]) / 1024)
        except (OSError, ValueError):
            pass
        time.sleep(0.25)


def verify(database: Path, corpus: Corpus, expected: set[str]) -> dict[str, int]:
    """The stored notices against the corpus: by nid, through every URL a notice is known by."""
    from replay.portals import alternate_urls

    by_url = {}
    for notice in corpus.notices:
        for url in (notice.url, *alternate_urls(notice)):
            by_url[url] = notice.nid
    with sqlite3.connect(database) as connection:
        rows = connection.execute("SELECT url FROM notice").fetchall()
        stats = connection.execute("SELECT stats FROM crawl_run").fetchall()
    nids = Counter(by_url.get(url) for (url,) in rows)
    unknown = nids.pop(None, 0)
    stored = set(nids)
    followups = sum(int(json.loads(s or "{}").get("tenders/followup_details", 0)) for (s,) in stats)
    return {
        "stored": len(rows),
        "missing": len(expected - stored),
        "twice": sum(1 for count in nids.values() if count > 1),
        "unknown": unknown,
        "extra": len(stored - expected),
        "followup_details": followups,
    }


def report(o: Outcome) -> None:
    print(f"\n{o.label}: corpus {o.corpus_notices:,} notices, {o.reachable:,} reachable by the keywords")
    for s in o.summaries:
        print(
            f"  {s['source']:5} {s['status']:10} pages {s['pages']:6}  stored {s['new_items']:6}  "
            f"fetched/expected {s['fetched_count']}/{s['expected_count']}  parse errors {s['parse_errors']}"
        )
    print(
        f"  stored {o.stored:,}: reachable missing {o.missing}, stored twice {o.twice}, unknown URLs {o.unknown}, "
        f"beyond the reachable {o.extra} (ccgp follow-up details {o.followup_details})"
    )
    print(f"  pages fetched {o.pages:,}; HTTP requests served {o.requests:,}")
    print(
        f"  crawl {o.seconds:.1f} s (process start to exit {o.wall:.1f} s): {o.pages / o.seconds:.0f} pages/s, "
        f"{o.requests / o.seconds:.0f} requests/s, {o.stored / o.seconds:.0f} notices/s"
    )
    print(
        f"  CPU: crawl process{'es' if o.processes > 1 else ''} {o.crawl_cpu:.1f} s ({o.crawl_cpu / o.pages * 1000:.1f} ms a page), "
        f"replay site {o.site_cpu:.1f} s ({o.site_cpu / o.pages * 1000:.1f} ms a page); "
        f"load average {o.load[0]:.1f} → {o.load[1]:.1f} on {os.cpu_count()} CPUs"
    )
    quarters = (
        [o.rss_mb[min(len(o.rss_mb) - 1, len(o.rss_mb) * q // 4)] for q in (1, 2, 3)] if o.rss_mb else []
    )
    shape = ", ".join(f"{mb:.0f}" for mb in quarters)
    print(f"  peak RSS {o.peak_mb:.0f} MB; RSS at 1/4, 1/2, 3/4 of the run: {shape} MB")
    for problem in o.problems:
        print(f"  PROBLEM: {problem}")


if __name__ == "__main__":
    raise SystemExit(main())

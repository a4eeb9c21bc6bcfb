"""Crawl throughput and peak memory against the local replay site, politeness off.

Run from the repository root:

    .venv/bin/python bench/bench_crawl.py                 # all sources, 2025, default keywords
    .venv/bin/python bench/bench_crawl.py --sources ccgp --months 3

It starts the replay site on the bundled 2025 corpus, crawls into a fresh SQLite file in a child process
(the real `crawler.run.run_crawl`, as `tenders crawl --replay` does) and prints pages/s, notices/s and
the crawl process's peak resident memory. The corpus holds about 5,200 notices, fewer than the 10,000
the brief asks about: the figure is for the largest crawl the corpus allows (every notice the default
keywords find in 2025), and says how many notices that was.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

CHILD = """
import json, sys
from datetime import date
from crawler.run import run_crawl
job = json.loads(sys.argv[1])
out = run_crawl(job["sources"], database_url=job["db"], from_date=date.fromisoformat(job["from"]),
                until_date=date.fromisoformat(job["until"]), replay_url=job["replay"], polite=False,
                progress=False, keywords=job["keywords"])
print("SUMMARIES " + json.dumps(out, ensure_ascii=False))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", default="ccgp,ggzy,zcy")
    parser.add_argument("--months", type=int, default=12, help="months of 2025 to crawl, from January")
    parser.add_argument(
        "--keywords", default=None, help="comma-separated (default: crawler/data/keywords.txt)"
    )
    args = parser.parse_args()

    from crawler.replay.corpus.store import load_corpus
    from crawler.replay.server import ReplaySite

    corpus = load_corpus()
    until = date(2025, args.months, 28) if args.months < 12 else date(2025, 12, 31)
    with tempfile.TemporaryDirectory() as folder, ReplaySite(corpus) as site:
        job = {
            "sources": args.sources.split(","),
            "db": f"sqlite:///{folder}/bench.db",
            "from": "2025-01-01",
            "until": until.isoformat(),
            "replay": site.base_url,
            "keywords": args.keywords.split(",") if args.keywords else None,
        }
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-c", CHILD, json.dumps(job, ensure_ascii=False)],
            capture_output=True,
            text=True,
            cwd=REPO,
            check=False,
        )
        wall = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        requests = site.log.snapshot()["requests"]
    lines = [line for line in result.stdout.splitlines() if line.startswith("SUMMARIES ")]
    if result.returncode != 0 or not lines:
        print(result.stderr[-3000:], file=sys.stderr)
        return 1
    summaries = json.loads(lines[0].removeprefix("SUMMARIES "))
    pages = sum(s["pages"] for s in summaries)
    notices = sum(s["new_items"] for s in summaries)
    print(f"corpus notices: {len(corpus.notices)}; window 2025-01-01..{until}; sources {args.sources}")
    for s in summaries:
        print(
            f"  {s['source']:5} {s['status']:10} pages {s['pages']:6}  stored {s['new_items']:5}  "
            f"fetched/expected {s['fetched_count']}/{s['expected_count']}  parse errors {s['parse_errors']}"
        )
    print(f"HTTP requests served: {requests}")
    print(f"wall time (process start to exit): {wall:.1f} s")
    print(
        f"throughput: {pages / wall:.0f} pages/s, {requests / wall:.0f} requests/s, {notices / wall:.0f} notices/s"
    )
    print(f"peak memory of the crawl process: {peak_mb:.0f} MB for {notices} notices")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

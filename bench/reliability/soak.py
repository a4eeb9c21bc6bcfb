"""Soak: the nightly job for every source, 30 simulated nights in a row, against the replay site with
faults on (10 % 5xx, 5 % 429, 2 % hung, 1 % block pages, 1 % cut pages, 30 % GBK pages).

Run from the repository root:

    .venv/bin/python bench/reliability/soak.py                       # 30 nights from 2025-06-01
    .venv/bin/python bench/reliability/soak.py --nights 60 --first 2025-03-01

Each night sets TENDERS_TODAY to that day and calls tenders.jobs.tasks.nightly_crawl(source, db, config)
for ccgp, ggzy and zcy, which runs `tenders crawl SOURCE --replay URL` (incremental: the new day) and
`tenders process` as child processes; their peak RSS comes from wait4. After the last night the database
must hold exactly what the site lists for the covered days, everything linked and classified. Prints one
line per night and the memory trend.
"""

from __future__ import annotations

import argparse
from datetime import date

from _setup import finish, work_folder


def slope(values: list[float]) -> float:
    """Least-squares MB per night."""
    n = len(values)
    if n < 2:
        return 0.0
    mean_x, mean_y = (n - 1) / 2, sum(values) / n
    num = sum((i - mean_x) * (v - mean_y) for i, v in enumerate(values))
    return num / sum((i - mean_x) ** 2 for i in range(n))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--first", type=date.fromisoformat, default=date(2025, 6, 1), help="first night's date"
    )
    parser.add_argument("--nights", type=int, default=30)
    parser.add_argument("--keep", help="folder for the database and logs (default: a temporary one)")
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args()

    from trials import soak

    result = soak(args.first, args.nights, work_folder(args.keep))
    print(f"covered days {result['covered'][0]} … {result['covered'][1]}; site faults {result['fault_spec']}")
    print(f"injected: {result['injected']}")
    print(
        "night | new notices | retries | crawl peak RSS (MB, max of 3 sources) | process peak RSS (MB) | crawl s | process s"
    )
    for night in result["nights"]:
        print(
            f"{night['night']} | {night['new_notices']} | {night['retries']} | {night['crawl_peak_rss_mb']} | "
            f"{night['process_peak_rss_mb']} | {night['crawl_s']} | {night['process_s']}"
        )
    crawl = [n["crawl_peak_rss_mb"] for n in result["nights"] if n["crawl_peak_rss_mb"]]
    process = [n["process_peak_rss_mb"] for n in result["nights"] if n["process_peak_rss_mb"]]
    if crawl:
        print(f"crawl peak RSS: min {min(crawl)} MB, max {max(crawl)} MB, trend {slope(crawl):+.3f} MB/night")
    if process:
        print(
            f"process peak RSS: min {min(process)} MB, max {max(process)} MB, trend {slope(process):+.3f} MB/night"
        )
    print(
        f"notices stored {result['notices']} = listed {result['listed']}; projects {result['projects']}; "
        f"crawl runs {result['runs']}; failed nights {len(result['failed_nights'])}"
    )
    return finish(result, args.json)


if __name__ == "__main__":
    raise SystemExit(main())

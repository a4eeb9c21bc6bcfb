"""Faults under crawl, full size: a crawl of the replay site under 10 % 5xx, 5 % 429 with Retry-After,
2 % hung responses, one block page, one truncated page and GBK pages, beside a fault-free crawl.

Run from the repository root:

    .venv/bin/python bench/reliability/faults.py                          # June 2025, all sources
    .venv/bin/python bench/reliability/faults.py --from 2025-01-01 --until 2025-03-31 --seed 3

Prints, per source, what was listed and stored, the faults the site injected (its fault log) and what
the crawl-run record holds. Exit 1 when a notice is lost, stored twice or read differently, or a fault
is missing from the record.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from datetime import date

from _setup import finish, work_folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="start", type=date.fromisoformat, default=date(2025, 6, 1))
    parser.add_argument("--until", type=date.fromisoformat, default=date(2025, 6, 30))
    parser.add_argument("--seed", type=int, default=1, help="first fault seed tried")
    parser.add_argument("--keep", help="folder for databases and logs (default: a temporary one)")
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args()

    from trials import NIGHTLY_FAULTS, fault_trial

    result = fault_trial(
        (args.start, args.until), work_folder(args.keep), replace(NIGHTLY_FAULTS, seed=args.seed)
    )
    print(f"window {result['window'][0]} … {result['window'][1]}")
    print(f"site faults: {result['fault_spec']}")
    print(f"notice pages served GBK: {result['gbk_notice_pages']}")
    print(
        f"clean crawl {result['clean_seconds']} s, faulty crawl {result['faulty_seconds']} s, "
        f"faulty crawl peak RSS {result['faulty_max_rss_mb']} MB"
    )
    header = (
        "source",
        "listed",
        "stored",
        "status",
        "5xx",
        "429",
        "hang",
        "block",
        "cut",
        "retries",
        "blocks",
        "retry-after waits",
        "incomplete pages",
        "no answer",
        "spurious timeouts",
    )
    print(" | ".join(header))
    for source, s in result["sources"].items():
        seen, rec = s["injected"], s["recorded"]
        row = (
            source,
            s["listed"],
            s["stored"],
            s["status"],
            seen.get("error", 0),
            seen.get("throttle", 0),
            seen.get("hang", 0),
            seen.get("block", 0),
            seen.get("truncate", 0),
            rec["retries"],
            rec["blocks"],
            rec["retry_after_waits"],
            rec["incomplete_pages"],
            rec["timeouts"],
            rec["spurious_timeouts"],
        )
        print(" | ".join(str(v) for v in row))
    return finish(result, args.json)


if __name__ == "__main__":
    raise SystemExit(main())

"""Disk full and read-only database file: an SQLite database on a small tmpfs (root only).

Run from the repository root, as root:

    .venv/bin/python bench/reliability/disk.py
    .venv/bin/python bench/reliability/disk.py --size 6m --more-from 2025-03-01

Crawls a first window that fits, then a larger one until the disk is full, runs `tenders process` on the
full disk, remounts the filesystem read-only and crawls and processes again, then gives it room and
crawls the larger window to the end. After every step: `PRAGMA integrity_check`, and every notice
committed before is unchanged. Prints what each command said (exit code, error lines, tracebacks).
"""

from __future__ import annotations

import argparse
from datetime import date

from _setup import finish, work_folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="6m", help="tmpfs size (the first window must fit)")
    parser.add_argument("--first-from", type=date.fromisoformat, default=date(2025, 6, 2))
    parser.add_argument("--first-until", type=date.fromisoformat, default=date(2025, 6, 4))
    parser.add_argument("--more-from", type=date.fromisoformat, default=date(2025, 4, 1))
    parser.add_argument("--more-until", type=date.fromisoformat, default=date(2025, 6, 30))
    parser.add_argument("--keep", help="folder for logs (default: a temporary one)")
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args()

    from trials import disk_trial

    result = disk_trial(
        (args.first_from, args.first_until),
        (args.more_from, args.more_until),
        work_folder(args.keep),
        size=args.size,
    )
    for step in ("disk_full", "process_disk_full", "read_only", "process_read_only"):
        print(f"{step}: {result[step]}")
    print(f"after room was made: {result['recovered_runs']}")
    return finish(result, args.json)


if __name__ == "__main__":
    raise SystemExit(main())

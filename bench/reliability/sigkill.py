"""SIGKILL trials: start `tenders crawl --replay`, kill it with SIGKILL at a seeded random moment,
restart it with the same window, and check that nothing was lost and nothing stored twice.

Run from the repository root:

    .venv/bin/python bench/reliability/sigkill.py                     # 20 trials, 2025-06-01 … 14
    .venv/bin/python bench/reliability/sigkill.py --trials 50 --seed 9

Kill times are uniform between 0.2 s and the duration of an uninterrupted crawl of the window, so some
kills land during start-up or the first migration, most while notices are stored, a few after the end.
Prints one line per trial; exit 1 on any lost, doubled or differently-read notice or a run left running.
"""

from __future__ import annotations

import argparse
from datetime import date

from _setup import finish, work_folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--seed", type=int, default=20250601)
    parser.add_argument("--from", dest="start", type=date.fromisoformat, default=date(2025, 6, 1))
    parser.add_argument("--until", type=date.fromisoformat, default=date(2025, 6, 14))
    parser.add_argument("--keep", help="folder for databases and logs (default: a temporary one)")
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args()

    from trials import sigkill_trials

    result = sigkill_trials(
        (args.start, args.until), work_folder(args.keep), trials=args.trials, seed=args.seed
    )
    print(
        f"window {result['window'][0]} … {result['window'][1]}: {result['listed']} notices listed; "
        f"an uninterrupted crawl takes {result['reference_seconds']} s"
    )
    print(
        "trial | kill at (s) | killed | notices before kill | after restart | runs marked interrupted | restart (s) | ok"
    )
    for t in result["trials"]:
        before = "no schema yet" if t["notices_before"] is None else t["notices_before"]
        print(
            f"{t['trial']} | {t['kill_at_s']} | {t['killed']} | {before} | {t['notices_after']} | "
            f"{t['runs_marked_interrupted']} | {t['restart_s']} | {t['ok']}"
        )
    ok = sum(1 for t in result["trials"] if t["ok"])
    print(
        f"{ok}/{len(result['trials'])} trials: every listed notice once, same content as the uninterrupted crawl"
    )
    return finish(result, args.json)


if __name__ == "__main__":
    raise SystemExit(main())

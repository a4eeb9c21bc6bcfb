"""Wall and CPU time of `tenders demo`, by step, against a baseline tree in the same session.

Run from the repository root:

    .venv/bin/python bench/bench_demo.py                              # this tree, 2 runs
    git archive main | tar -x -C /tmp/before                          # a clean export as the baseline …
    .venv/bin/python bench/bench_demo.py --before /tmp/before --rounds 3   # … run alternately with this tree

Each run is a fresh `python -m tenders demo` process (the tree's own code through PYTHONPATH, a new
SQLite file in a temporary folder); the demo serves the replay site from its own threads and crawls in
the same process, so the process's CPU time (user + system, from wait4) is the whole demo's. The step
times come from the demo's own progress lines (`[  6.5s] crawling …`): start-up (imports, database,
models, replay corpus) until the crawl starts, the crawl, linking and classifying, the report. Each tree's
modules are byte-compiled first, as bench_crawl.py does (its `byte_compile`: an installed package's are).

Runs alternate (before, after, before, after, …) so both trees see the same load from other work on
the machine; the summary gives each figure's range over the runs and the ratio of the medians. The
headline table each run prints (the report's figures beside the corpus's truth) must be the same in
every run of both trees, or the benchmark fails.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench_crawl import byte_compile

REPO = Path(__file__).resolve().parent.parent
# "notices → … in scope" ends linking and classifying; the report is built and written until "wrote".
STEP = re.compile(r"\[\s*(\d+\.\d)s\]\s+(starting the replay|crawling|linking|\d+ notices →|wrote|done)")


@dataclass
class Run:
    tree: str
    wall: float
    cpu: float
    steps: dict[str, float]  # start-up, crawl, process, report: seconds
    table: str
    load: float


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--before", type=Path, default=None, help="a baseline tree (e.g. a git archive export)"
    )
    parser.add_argument("--rounds", type=int, default=2, help="runs of each tree (default 2)")
    args = parser.parse_args()
    trees = [("after", REPO)]
    if args.before is not None:
        if not (args.before / "tenders" / "__main__.py").is_file():
            parser.error(f"--before {args.before}: not a tenders tree (no tenders/__main__.py)")
        trees.insert(0, ("before", args.before.resolve()))
    for _, tree in trees:
        byte_compile(tree)
    runs: list[Run] = []
    for round_ in range(args.rounds):
        for label, tree in trees:
            run = demo(label, tree)
            runs.append(run)
            print(
                f"round {round_ + 1} {label:6}: wall {run.wall:5.1f} s, CPU {run.cpu:5.1f} s; "
                + ", ".join(f"{k} {v:.1f} s" for k, v in run.steps.items())
                + f"; load {run.load:.1f}",
                flush=True,
            )
    tables = {run.table for run in runs}
    print()
    summarise(runs, [label for label, _ in trees])
    if len(tables) != 1:
        print("PROBLEM: the headline figures differ between runs", file=sys.stderr)
        for run in runs:
            print(f"--- {run.tree}\n{run.table}", file=sys.stderr)
        return 1
    print("\nheadline figures, identical in every run:\n" + tables.pop())
    return 0


def demo(label: str, tree: Path) -> Run:
    with tempfile.TemporaryDirectory(prefix="bench-demo-") as folder:
        env = {**os.environ, "PYTHONPATH": str(tree)}
        command = [
            sys.executable,
            "-m",
            "tenders",
            "--db",  # the global option: `demo` takes the database every command takes
            f"sqlite:///{Path(folder) / 'demo.db'}",
            "demo",
            "--output-dir",
            str(Path(folder) / "out"),
        ]
        load = os.getloadavg()[0]
        before = os.times()
        started = time.perf_counter()
        result = subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - started
        after = os.times()
    if result.returncode != 0:
        print(result.stderr[-3000:], file=sys.stderr)
        raise SystemExit(f"{label}: tenders demo exited {result.returncode}")
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    marks: dict[str, float] = {}
    for match in STEP.finditer(result.stderr):
        key = "processed" if match.group(2).endswith("→") else match.group(2)
        marks.setdefault(key, float(match.group(1)))
    steps = {
        "start-up": marks["crawling"],
        "crawl": marks["linking"] - marks["crawling"],
        "process": marks["processed"] - marks["linking"],
        "report": marks["wrote"] - marks["processed"],
    }
    # The closing lines name the run's own temporary folder: the figures are what must match.
    table = result.stdout.replace(folder, "<folder>").strip()
    return Run(label, wall, cpu, steps, table, load)


def summarise(runs: list[Run], labels: list[str]) -> None:
    figures = ["wall", "cpu", "start-up", "crawl", "process", "report"]

    def values(label: str, figure: str) -> list[float]:
        chosen = [r for r in runs if r.tree == label]
        return [getattr(r, figure) if figure in ("wall", "cpu") else r.steps[figure] for r in chosen]

    print(
        f"{'figure (s)':12}" + "".join(f"{label + ' range':>18}{label + ' median':>16}" for label in labels)
    )
    for figure in figures:
        cells = []
        for label in labels:
            vals = values(label, figure)
            cells.append(f"{min(vals):8.1f} – {max(vals):5.1f}{statistics.median(vals):16.1f}")
        line = f"{figure:12}" + "".join(f"{c:>34}" for c in cells)
        if len(labels) == 2:
            before = statistics.median(values(labels[0], figure))
            after = statistics.median(values(labels[1], figure))
            line += f"   after/before {after / before:.2f}×" if before else ""
        print(line)


if __name__ == "__main__":
    raise SystemExit(main())

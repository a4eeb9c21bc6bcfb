"""`python -m replay serve` — run the replay site (as `tenders replay serve`, without the CLI's start-up).

python -m replay serve --port 8765 --faults error=0.1,throttle=0.05,seed=3

The corpus files are written by `python -m authoring.replay_corpus generate` (from a checkout).
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
from pathlib import Path

from replay.faults import FaultConfig
from replay.server import ReplaySite
from replay.store import CORPUS_DIR, load_corpus


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m replay", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve the corpus on 127.0.0.1")
    serve.add_argument("--port", type=int, default=8765, help="port on 127.0.0.1 (0 = any free port)")
    serve.add_argument(
        "--faults", default="", help="fault settings, e.g. error=0.1,throttle=0.05,hang=0.01,seed=3"
    )
    serve.add_argument(
        "--fault-log", type=Path, default=None, help="append injected faults to this JSON-lines file"
    )
    serve.add_argument(
        "--corpus", type=Path, default=None, help="corpus directory (default: fixtures/replay2025)"
    )
    serve.add_argument("--verbose", action="store_true", help="log every request to stderr")
    args = parser.parse_args(argv)
    return _serve(args.port, args.faults, args.fault_log, args.corpus, args.verbose)


def _serve(
    port: int, faults_spec: str, fault_log: Path | None, corpus_dir: Path | None, verbose: bool
) -> int:
    try:
        faults = FaultConfig.parse(faults_spec)
    except ValueError as exc:
        print(f"error: --faults: {exc}", file=sys.stderr)
        return 2
    try:
        corpus = load_corpus(corpus_dir or CORPUS_DIR)
    except FileNotFoundError as exc:  # the message names the missing file
        print(f"error: {exc}", file=sys.stderr)
        return 2
    site = ReplaySite(corpus, faults, port, fault_log=fault_log, verbose=verbose)
    signal.signal(signal.SIGTERM, _interrupt)
    site.bind()
    print(f"replay site on {site.base_url} (faults: {faults_spec or 'none'})", flush=True)
    # While the crawler that waited for the line above starts up (a second or more of imports), not
    # during its first searches.
    threading.Thread(target=site.data.warm, name="replay-warm", daemon=True).start()
    with contextlib.suppress(KeyboardInterrupt):
        site.serve_forever()
    return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())

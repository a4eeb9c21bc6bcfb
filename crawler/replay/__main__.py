"""`python -m crawler.replay serve|generate` — run the replay site, or regenerate the corpus files.

python -m crawler.replay generate                 # rewrite fixtures/replay2025/ (deterministic)
python -m crawler.replay generate --scale 3 --out /tmp/replay-x3   # ~3× the notices, for benchmarks
python -m crawler.replay serve --port 8765 --faults error=0.1,throttle=0.05,seed=3
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.replay", description=__doc__.splitlines()[0])
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
    generate = sub.add_parser("generate", help="regenerate the corpus files")
    generate.add_argument(
        "--out", type=Path, default=None, help="output directory (default: fixtures/replay2025)"
    )
    generate.add_argument("--seed", type=int, default=2025)
    generate.add_argument(
        "--scale",
        type=int,
        default=1,
        help="copies of the market plan, ~N× the notices (default 1: the bundled corpus; >1 needs --out)",
    )
    args = parser.parse_args(argv)
    if args.command == "generate":
        if args.scale != 1 and args.out is None:
            # The bundled corpus is the scale-1 one; a scaled one must not overwrite it by accident.
            parser.error("--scale other than 1 needs --out (fixtures/replay2025 is the scale-1 corpus)")
        return _generate(args.out, args.seed, args.scale)
    return _serve(args.port, args.faults, args.fault_log, args.corpus, args.verbose)


def _generate(out: Path | None, seed: int, scale: int) -> int:
    from crawler.replay.corpus.generate import MAX_SCALE
    from crawler.replay.corpus.store import CORPUS_DIR, regenerate

    if not 1 <= scale <= MAX_SCALE:
        print(f"error: --scale must be 1 to {MAX_SCALE}", file=sys.stderr)
        return 2
    paths = regenerate(out or CORPUS_DIR, seed=seed, scale=scale)
    for name, path in paths.items():
        print(f"{name}: {path} ({path.stat().st_size} bytes)")
    return 0


def _serve(
    port: int, faults_spec: str, fault_log: Path | None, corpus_dir: Path | None, verbose: bool
) -> int:
    from crawler.replay.corpus.store import CORPUS_DIR, load_corpus
    from crawler.replay.faults import FaultConfig
    from crawler.replay.server import ReplaySite

    try:
        faults = FaultConfig.parse(faults_spec)
    except ValueError as exc:
        print(f"error: --faults: {exc}", file=sys.stderr)
        return 2
    site = ReplaySite(
        load_corpus(corpus_dir or CORPUS_DIR), faults, port, fault_log=fault_log, verbose=verbose
    )
    signal.signal(signal.SIGTERM, _interrupt)
    site.bind()
    print(f"replay site on {site.base_url} (faults: {faults_spec or 'none'})", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        site.serve_forever()
    return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())

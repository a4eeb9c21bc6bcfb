"""`python -m authoring.replay_corpus generate` — regenerate the replay corpus files (from a checkout).

python -m authoring.replay_corpus generate                  # rewrite fixtures/replay2025/ (deterministic)
python -m authoring.replay_corpus generate --scale 3 --out /tmp/replay-x3   # ~3× the notices, for benchmarks

Serve a corpus with `tenders replay serve [--corpus DIR]`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from authoring.replay_corpus.generate import MAX_SCALE
from authoring.replay_corpus.write import regenerate
from replay.store import CORPUS_DIR


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m authoring.replay_corpus", description=__doc__.splitlines()[0]
    )
    sub = parser.add_subparsers(dest="command", required=True)
    generate = sub.add_parser("generate", help="regenerate the corpus files")
    generate.add_argument(
        "--out", type=Path, default=None, help="output directory (default: fixtures/replay2025)"
    )
    generate.add_argument("--seed", type=int, default=2025)
    generate.add_argument(
        "--scale",
        type=int,
        default=1,
        help=f"copies of the market plan, ~N× the notices (1 to {MAX_SCALE}; default 1: the bundled corpus; "
        ">1 needs --out)",
    )
    args = parser.parse_args(argv)
    if not 1 <= args.scale <= MAX_SCALE:
        parser.error(f"--scale must be 1 to {MAX_SCALE}, not {args.scale}")
    if args.scale != 1 and args.out is None:
        # The bundled corpus is the scale-1 one; a scaled one must not overwrite it by accident.
        parser.error("--scale other than 1 needs --out (fixtures/replay2025 is the scale-1 corpus)")
    out = args.out or CORPUS_DIR
    try:
        paths = regenerate(out, seed=args.seed, scale=args.scale)
    except OSError as exc:
        parser.error(f"--out {out}: {exc.strerror or exc}")
    for name, path in paths.items():
        print(f"{name}: {path} ({path.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

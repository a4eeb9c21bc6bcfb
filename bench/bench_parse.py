"""Parse speed of detail pages against a bare lxml parse of the same bytes.

Run from the repository root:

    .venv/bin/python bench/bench_parse.py                       # the saved real pages
    .venv/bin/python bench/bench_parse.py corpus/pages --repeat 20   # plus every *.htm(l) under a folder

For every HTML detail page (ccgp detail pages, ggzy content pages, 政采云 content fragments; list
pages, project pages and JSON are left out), it times `crawler.parse.parse_document` (detection,
decoding, one lxml parse and every field) and `lxml.html.fromstring` on the same bytes, and prints
pages per second for both and their ratio. The target is a ratio below 3 (issue 3). Timings are CPU
time (time.process_time), best of three rounds of `--repeat` parses each, to damp noise from other
processes on the machine.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import lxml.html

from crawler.parse import PageParseError, detect_kind, parse_document
from crawler.parse.text import decode_page
from tenders.paths import REAL_PAGES_DIR

DETAIL_KINDS = {"ccgp_detail", "ggzy_content_page", "template_fragment"}


def detail_pages(folders: list[Path]) -> list[Path]:
    """HTML files under the folders that are detail pages (by content, not by name)."""
    pages = []
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            is_html = path.suffix.lower() in (".html", ".htm") and path.is_file()
            if is_html and detect_kind(decode_page(path.read_bytes())) in DETAIL_KINDS:
                pages.append(path)
    return pages


def best_time(action: Callable[[], object], repeat: int, rounds: int = 3) -> float:
    """Seconds for `repeat` calls of action, best of `rounds`."""
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        for _ in range(repeat):
            action()
        best = min(best, time.process_time() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("folders", nargs="*", type=Path, help="extra folders of saved pages")
    parser.add_argument("--repeat", type=int, default=50, help="parses per page and round (default 50)")
    args = parser.parse_args(argv)
    folders = ([REAL_PAGES_DIR] if REAL_PAGES_DIR.is_dir() else []) + list(args.folders)
    pages = detail_pages(folders)
    if not pages:
        print("no detail pages found (real pages folder absent and no folder given)", file=sys.stderr)
        return 1

    total_parse = total_lxml = 0.0
    counted = 0
    print(f"{'page':<60} {'KB':>6} {'parse/s':>9} {'lxml/s':>9} {'ratio':>6}")
    for path in pages:
        data = path.read_bytes()
        url = path.resolve().as_uri()
        try:
            parse_document(data, url)
        except PageParseError as exc:
            print(f"{path.name:<60} skipped: {exc.reason}")
            continue
        parse_s = best_time(partial(parse_document, data, url), args.repeat)
        lxml_s = best_time(partial(lxml.html.fromstring, data), args.repeat)
        total_parse += parse_s
        total_lxml += lxml_s
        counted += 1
        print(
            f"{path.name[:60]:<60} {len(data) / 1024:>6.0f} {args.repeat / parse_s:>9.0f} "
            f"{args.repeat / lxml_s:>9.0f} {parse_s / lxml_s:>6.2f}"
        )
    pages_parsed = counted * args.repeat
    print(
        f"\n{counted} detail pages: parse {pages_parsed / total_parse:.0f} pages/s, "
        f"bare lxml {pages_parsed / total_lxml:.0f} pages/s, ratio {total_parse / total_lxml:.2f} (target < 3)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

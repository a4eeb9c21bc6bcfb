"""`tenders parse`: parse saved pages and API responses offline into JSON lines (docs/domain.md §8)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from domain.vocabulary import SOURCES
from tenders.errors import BadInputs


@click.command(
    "parse",
    short_help="Parse saved portal pages offline into JSON lines.",
    epilog="""\b
Examples:
  tenders parse page.html                     # kind detected from the content
  tenders parse saved/*.html --source ccgp    # only accept ccgp pages
  tenders parse getTradList.json | jq .title  # one JSON object per notice
""",
)
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--source",
    type=click.Choice(SOURCES),
    default=None,
    help="Portal the files come from; a file that is recognisably another portal's fails.",
)
def command(files: tuple[Path, ...], source: str | None) -> None:
    """Parse saved portal pages/responses and print one JSON object per notice.

    Accepts ccgp detail pages and result lists, ggzy project (A) and content (B) pages and
    getTradList JSON, 政采云 detail JSON and bare content fragments. Fields follow
    docs/domain.md §2; unknown values are null. A file that cannot be parsed prints one line
    "Error: FILE: reason" on stderr, the other files are still parsed, and the exit code is 2.
    """
    from crawler.parse import PageParseError, parse_file  # lazy: start-up time (lxml)

    bad = BadInputs()
    for path in files:
        try:
            notices = parse_file(path, source)
        except PageParseError as exc:
            bad.report(path, exc.reason)
            continue
        for notice in notices:
            click.echo(json.dumps(notice.to_json(), ensure_ascii=False))
    bad.exit_if_any()

"""`tenders status`: the at-a-glance health of every source."""

from __future__ import annotations

import json
from datetime import date

import click

from tenders.context import open_engine

FORMATS = ("table", "json")


@click.command(name="status", short_help="Per source: last crawl, outcome, counts, errors, freshness.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="table, or json: one JSON object per source, one per line.",
)
# Before --format existed `status` had --json; kept for scripts that use it, out of the help.
@click.option("--json", "as_json", is_flag=True, hidden=True)
@click.pass_context
def command(ctx: click.Context, fmt: str, as_json: bool) -> None:
    """Per source: last run, outcome, fetched vs the portal's count, parse errors and flags, newest notice.

    "flagged" counts the notices of the last run stored with a parse-quality flag (a body in a
    template the parser does not know, an award whose winner or amount could not be read); the
    flags follow the table.

    \b
    Examples:
      tenders status
      tenders status --format json
    """
    from sqlmodel import Session  # lazy: start-up time (SQLAlchemy)

    from tenders.health import source_health  # lazy: start-up time (SQLAlchemy)

    engine = open_engine(ctx)
    with Session(engine) as session:
        rows = source_health(session=session, today=date.today())
    if as_json or fmt == "json":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False, default=str))
        return
    header = f"{'source':<7}{'last run':<18}{'outcome':<12}{'fetched/expected':>18}{'errors':>8}{'flagged':>9}{'newest':>12}{'age':>6}"
    click.echo(header)
    for row in rows:
        fetched = f"{row['fetched']}/{row['expected'] if row['expected'] is not None else '?'}"
        age = f"{row['newest_age_days']}d" if row["newest_age_days"] is not None else "-"
        click.echo(
            f"{row['source']:<7}{row['last_run'] or 'never':<18}{row['outcome'] or '-':<12}{fetched:>18}"
            f"{row['parse_errors']:>8}{row['parse_flagged']:>9}{row['newest_notice'] or '-':>12}{age:>6}"
        )
    for row in rows:
        if row["parse_quality"]:
            flags = ", ".join(f"{flag} {count}" for flag, count in row["parse_quality"].items())
            click.echo(f"{row['source']}: parse quality of the last run: {flags}")
    from crawler.parse.text import compiled_walk_notice  # lazy: lxml

    slow_parsing = compiled_walk_notice()
    if slow_parsing is not None:
        click.echo(f"parsing: {slow_parsing}.")

"""`tenders crawl`: crawl portals into the database (docs/domain.md §8)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import click

from crawler.crawl_options import SettingError, parse_setting_pairs
from tenders.context import database_url
from tenders.errors import EXIT_SOURCE_BUSY

SUMMARY_COLUMNS = (
    ("source", "source"),
    ("window", "window"),
    ("status", "status"),
    ("pages", "pages"),
    ("fetched/expected", "fetched"),
    ("new", "new_items"),
    ("errors", "parse_errors"),
    ("retries", "retries"),
    ("blocks", "blocks"),
)


@click.command(name="crawl", short_help="Crawl the portals (or the replay site) into the database.")
@click.argument("sources", nargs=-1, metavar="[SOURCE]...")
@click.option(
    "--from",
    "from_date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="DATE",
    help="First publication day (YYYY-MM-DD). Default: the end of the last finished run.",
)
@click.option(
    "--until",
    "until_date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="DATE",
    help="Last publication day (YYYY-MM-DD). Default: today.",
)
@click.option(
    "--sample", type=click.IntRange(min=1), metavar="N", help="Stop after N detail pages per source."
)
@click.option(
    "--keywords",
    metavar="K1,K2",
    help="Comma-separated search keywords (default: crawler/data/keywords.txt).",
)
@click.option(
    "--replay", "replay_url", metavar="URL", help="Crawl the local replay site at URL instead of the portals."
)
@click.option(
    "--polite/--no-polite",
    default=None,
    help="Delays and AutoThrottle (default: on, off with --replay). --no-polite needs --replay.",
)
@click.option(
    "--ccgp-mode",
    type=click.Choice(["search", "channel"]),
    default=None,
    help="ccgp: keyword search (default) or the static channel listings (titles only), for when search "
    "is down.",
)
@click.option(
    "--zcy-sites",
    metavar="HOST,HOST",
    help="政采云: the provincial portals to crawl (default: those that accept plain requests).",
)
@click.option(
    "-s",
    "--set",
    "settings",
    multiple=True,
    metavar="NAME=VALUE",
    help="A Scrapy setting for this run (repeatable), e.g. -s LOG_LEVEL=INFO. On the real portals "
    "politeness may only be tightened.",
)
@click.option(
    "--processes",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    metavar="N",
    help="Crawl in N processes at once, ccgp alone in the first, the other portals shared by the rest at a "
    "lower CPU priority: for backfills from the replay site, where the CPU and not the portals' politeness "
    "sets the pace.",
)
@click.option("--quiet", is_flag=True, help="No progress display.")
@click.pass_context
def command(
    ctx: click.Context,
    sources: tuple[str, ...],
    from_date: datetime | None,
    until_date: datetime | None,
    sample: int | None,
    keywords: str | None,
    replay_url: str | None,
    polite: bool | None,
    ccgp_mode: str | None,
    zcy_sites: str | None,
    settings: tuple[str, ...],
    processes: int,
    quiet: bool,
) -> None:
    """Crawl SOURCE... (ccgp, ggzy, zcy; all when none) into the database and record each run.

    Without dates a crawl is incremental: from the end of the source's last finished run to today, and
    notices already stored are not fetched again. Exit code 3 when another process is crawling a source.

    \b
    Examples:
      tenders crawl ccgp --from 2025-09-01 --until 2025-09-30
      tenders crawl --replay http://127.0.0.1:8765 --sample 20
      tenders crawl --replay http://127.0.0.1:8765 --from 2025-01-01 --until 2025-12-31 --processes 2
      tenders crawl ccgp --ccgp-mode channel -s DOWNLOAD_DELAY=5
      tenders crawl zcy --zcy-sites www.ccgp-guangxi.gov.cn,www.ccgp-shanxi.gov.cn
    """
    from crawler.run import CrawlError, run_crawl  # lazy: start-up time (Scrapy, Twisted)
    from storage.db import DatabaseError, check_writable  # lazy: start-up time (SQLAlchemy)

    if replay_url is not None:
        _check_replay_url(replay_url)
    if polite is False and not replay_url:
        raise click.ClickException(
            "--no-polite is only allowed with --replay: the real portals get polite crawls"
        )
    if from_date and until_date and from_date > until_date:
        raise click.ClickException(f"--from {from_date:%Y-%m-%d} is after --until {until_date:%Y-%m-%d}")
    words = None
    if keywords is not None:
        words = [w.strip() for w in keywords.split(",") if w.strip()]
        if not words:
            raise click.ClickException("--keywords: no keyword given (comma-separated list expected)")
    polite_run = polite if polite is not None else not replay_url
    try:
        extra = parse_setting_pairs(settings, polite=not replay_url)
    except SettingError as exc:
        raise click.ClickException(str(exc)) from exc
    source_args = _source_args(sources, ccgp_mode, zcy_sites)
    try:
        # Before any spider starts: a read-only database file is one line, not three failed runs.
        check_writable(database_url(ctx))
    except DatabaseError as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        summaries = run_crawl(
            list(sources),
            database_url=database_url(ctx),
            from_date=from_date.date() if from_date else None,
            until_date=until_date.date() if until_date else None,
            replay_url=replay_url,
            polite=polite_run,
            sample=sample,
            progress=not quiet,
            keywords=words,
            extra_settings=extra,
            source_args=source_args,
            processes=processes,
        )
    except CrawlError as exc:
        raise click.ClickException(str(exc)) from exc
    _print_summary(summaries)
    unreachable = [s for s in summaries if not s.get("pages") and s.get("lost_pages")]
    if unreachable:
        first = unreachable[0]
        raise click.ClickException(
            f"{', '.join(s['source'] for s in unreachable)}: no page could be fetched "
            f"({first['lost_pages']} list pages lost); is the portal or the replay site reachable?"
        )
    statuses = {s["status"] for s in summaries}
    if "failed" in statuses:
        ctx.exit(1)
    if "busy" in statuses:
        for summary in summaries:
            if summary["status"] == "busy":
                click.echo(f"busy: {summary['close_reason']}", err=True)
        ctx.exit(EXIT_SOURCE_BUSY)


def _source_args(
    sources: tuple[str, ...], ccgp_mode: str | None, zcy_sites: str | None
) -> dict[str, dict[str, str]]:
    """Spider arguments of one portal, checked here so a bad value fails before any crawl starts."""
    chosen: dict[str, dict[str, str]] = {}
    for source, option, value in (("ccgp", "--ccgp-mode", ccgp_mode), ("zcy", "--zcy-sites", zcy_sites)):
        if value is None:
            continue
        if sources and source not in sources:
            raise click.ClickException(f"{option} given but {source} is not among the sources crawled")
        chosen[source] = {"mode": value} if source == "ccgp" else {"sites": value}
    if zcy_sites is not None:
        from crawler.spiders.zcy import KNOWN_SITES  # lazy: start-up time (Scrapy)

        hosts = [h.strip() for h in zcy_sites.split(",") if h.strip()]
        unknown = [h for h in hosts if h not in KNOWN_SITES]
        if not hosts or unknown:
            raise click.ClickException(
                f"--zcy-sites: {unknown[0] if unknown else repr(zcy_sites)} is not one of "
                f"{', '.join(KNOWN_SITES)}"
            )
    return chosen


def _check_replay_url(value: str) -> None:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise click.ClickException(
            f"--replay must be an http(s) URL such as http://127.0.0.1:8765, got {value!r}"
        )


def _print_summary(summaries: list[dict[str, Any]]) -> None:
    from rich.console import Console  # lazy: start-up time (rich, ~0.1 s)
    from rich.table import Table  # lazy: start-up time

    table = Table(title="crawl runs", title_justify="left")
    for header, _ in SUMMARY_COLUMNS:
        table.add_column(header, justify="left" if header in ("source", "window", "status") else "right")
    for summary in summaries:
        table.add_row(*(_cell(summary, key) for _, key in SUMMARY_COLUMNS))
    console = Console(width=120)
    console.print(table)
    for summary in summaries:
        if summary.get("close_reason") and summary["close_reason"] != "finished":
            console.print(f"{summary['source']}: {summary['close_reason']}")


def _cell(summary: dict[str, Any], key: str) -> str:
    if key == "window":
        return f"{summary['from_date']} … {summary['until_date']}" if summary.get("from_date") else "-"
    if key == "fetched":
        expected = summary.get("expected_count")
        return f"{summary.get('fetched_count', 0)}/{expected if expected is not None else '?'}"
    value = summary.get(key)
    return "-" if value is None else str(value)

"""`tenders schedule`: run the nightly crawl and the monthly report in the foreground."""

from __future__ import annotations

import os

import click

from tenders.context import database_url, open_engine


@click.command(name="schedule", short_help="Run the nightly crawls and the monthly report (foreground).")
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False),
    help="TOML config (default: $TENDERS_CONFIG or ~/.config/tenders/config.toml).",
)
@click.option("--list", "list_only", is_flag=True, help="Print the jobs and their next run times, then exit.")
@click.pass_context
def command(ctx: click.Context, config_file: str | None, list_only: bool) -> None:
    """Run the nightly crawl (each source in its own process, then link and classify) and, on the report day,
    the previous month's report in every format. Jobs persist in the database: a missed night runs once when
    the scheduler comes back.

    \b
    Examples:
      tenders schedule --list
      tenders schedule --config /etc/tenders.toml
    """
    # lazy: start-up time (APScheduler, SQLAlchemy, zoneinfo, logging)
    import logging

    from apscheduler.events import EVENT_SCHEDULER_STARTED

    from storage.db import resolve_url
    from tenders.jobs.config import ConfigError, load_config
    from tenders.jobs.scheduler import InspectingScheduler, build_scheduler, prune_stale_jobs
    from tenders.jobs.tasks import describe

    try:
        config = load_config(config_file)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    except OSError as exc:  # an unreadable file (permissions, a device, an I/O error)
        raise click.ClickException(
            f"cannot read config file {exc.filename or config_file}: {exc.strerror or exc}"
        ) from exc
    engine = open_engine(ctx)
    url = resolve_url(database_url(ctx))
    # The jobs (and the crawls they start) read the database from the environment, never from stored args.
    os.environ["TENDERS_DATABASE_URL"] = url
    if list_only:
        scheduler = build_scheduler(config, engine=engine, scheduler_cls=InspectingScheduler)
        scheduler.start(paused=True)
        try:
            prune_stale_jobs(scheduler, config)
            for job in sorted(scheduler.get_jobs(), key=lambda j: j.id):
                when = job.next_run_time.isoformat(timespec="minutes") if job.next_run_time else "paused"
                click.echo(f"{job.id:<16} next {when}  {job.name}")
        finally:
            scheduler.shutdown(wait=False)
        return
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    scheduler = build_scheduler(config, engine=engine)
    click.echo(f"scheduler running: {describe(config)}; Ctrl-C stops", err=True)
    # Pruning needs the started store; the listener runs once the blocking loop has begun.
    scheduler.add_listener(lambda _event: prune_stale_jobs(scheduler, config), EVENT_SCHEDULER_STARTED)
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        click.echo("scheduler stopped", err=True)

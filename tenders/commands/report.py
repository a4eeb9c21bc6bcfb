"""`tenders report`: the figures of a period, in md, html, csv, xlsx or json (SPEC §8, §9)."""

from __future__ import annotations

from pathlib import Path

import click

FORMATS = ("md", "html", "csv", "xlsx", "json")


@click.command(name="report")
@click.option("--month", required=True, metavar="YYYY-MM", help="Last month of the period.")
@click.option(
    "--since",
    metavar="YYYY-MM",
    default=None,
    help="First month of the period. Default: January of --month's year.",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="md", show_default=True)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="Write to this file instead of standard output (required for xlsx).",
)
@click.option(
    "--list", "projects_only", is_flag=True, help="Only the awarded projects behind the figures, one per row."
)
@click.pass_context
def command(
    ctx: click.Context, month: str, since: str | None, fmt: str, output: Path | None, projects_only: bool
) -> None:
    """Report awarded medical large-model projects for the months SINCE … MONTH.

    Counts are those of SPEC §3 and §9: projects whose first award notice falls in the period and
    that were not wholly cancelled. Every figure lists the projects behind it (html/json/csv), and
    --list prints just those projects.

    \b
    Examples:
      tenders report --month 2025-09 --since 2025-01
      tenders report --month 2025-09 --format html --output report-2025-09.html
      tenders report --month 2025-09 --list --format csv
    """
    from sqlmodel import Session, func, select

    from reports.aggregates import Period, PeriodError
    from reports.render import render
    from reports.report import build_report
    from storage.models import Notice, Project
    from tenders.context import open_engine

    try:
        period = Period.parse(month, since)
    except PeriodError as exc:
        raise click.ClickException(str(exc)) from exc
    if fmt == "xlsx" and output is None:
        raise click.ClickException("--format xlsx writes a binary file: give --output FILE.xlsx")
    if output is not None:
        _prepare_output(output)
    engine = open_engine(ctx)
    with Session(engine) as session:
        notices = int(session.exec(select(func.count()).select_from(Notice)).one())
        projects = int(session.exec(select(func.count()).select_from(Project)).one())
        report = build_report(period, session=session)
    if notices == 0:
        click.echo(
            "note: the database holds no notices yet; run `tenders crawl` then `tenders process`.", err=True
        )
    elif projects == 0:
        click.echo("note: notices are stored but not linked yet; run `tenders process`.", err=True)
    data = render(report, fmt, projects_only=projects_only)
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
        return
    try:
        output.write_bytes(data)
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from exc
    click.echo(
        f"wrote {output} ({report.in_scope_total} awarded in-scope projects, {period.since} … {period.month})",
        err=True,
    )


def _prepare_output(output: Path) -> None:
    """Create the output's folder before any work, so a path that cannot be written fails first
    and names the reason (a file where a folder should be, a permission)."""
    blocking = next((p for p in output.parents if p.exists() and not p.is_dir()), None)
    if blocking is not None:
        raise click.ClickException(f"cannot write {output}: {blocking} is a file, not a folder")
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from exc

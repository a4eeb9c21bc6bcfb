"""`tenders report`: the figures of a period, in md, html, csv, xlsx or json (docs/domain.md §8, §9)."""

from __future__ import annotations

from pathlib import Path

import click

from domain.vocabulary import INDUSTRIES, PROJECT_TYPES, SCENARIOS

FORMATS = ("md", "html", "csv", "xlsx", "json")


@click.command(name="report", short_help="The figures of a period: md, html, csv, xlsx or json.")
@click.option("--month", required=True, metavar="YYYY-MM", help="Last month of the period.")
@click.option(
    "--since",
    metavar="YYYY-MM",
    default=None,
    help="First month of the period. Default: January of --month's year.",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="md", show_default=True)
@click.option(
    "--lang",
    type=click.Choice(("zh", "en")),
    default="zh",
    show_default=True,
    help="Language of labels and text (csv/json keep their English keys either way).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="Write to this file instead of standard output (required for xlsx).",
)
@click.option(
    "--list",
    "projects_only",
    is_flag=True,
    help="Only the awarded medical large-model projects behind the figures, one per row.",
)
@click.option(
    "--all-industries", is_flag=True, help="With --list: every awarded large-model project, not only medical."
)
@click.option("--province", metavar="TEXT", help="Only projects whose region contains TEXT (e.g. 广东).")
@click.option("--type", "project_type", type=click.Choice(PROJECT_TYPES), help="Only projects of this type.")
@click.option("--industry", type=click.Choice(INDUSTRIES), help="Only projects of this buyer industry.")
@click.option("--scenario", type=click.Choice(SCENARIOS), help="Only projects tagged with this scenario.")
@click.option("--buyer", metavar="TEXT", help="Only projects whose buyer contains TEXT.")
@click.option(
    "--vendor", metavar="TEXT", help="Only projects won by this brand, or a winner whose name contains TEXT."
)
@click.pass_context
def command(
    ctx: click.Context,
    month: str,
    since: str | None,
    fmt: str,
    lang: str,
    output: Path | None,
    projects_only: bool,
    all_industries: bool,
    province: str | None,
    project_type: str | None,
    industry: str | None,
    scenario: str | None,
    buyer: str | None,
    vendor: str | None,
) -> None:
    """Report awarded medical large-model projects for the months SINCE … MONTH.

    Counts are those of docs/domain.md §3 and §9: projects whose first award notice falls in the
    period and that were not wholly cancelled. Every figure lists the projects behind it
    (html/json/csv), and --list prints just those projects. Filters narrow every figure.

    \b
    Examples:
      tenders report --month 2025-09 --since 2025-01
      tenders report --month 2025-09 --format html --output report-2025-09.html
      tenders report --month 2025-09 --lang en --format xlsx -o report.xlsx
      tenders report --month 2025-09 --province 广东 --type compute
      tenders report --month 2025-09 --list --vendor 科大讯飞 --format csv
    """
    from sqlmodel import Session

    from reports.aggregates import Filters, Period, PeriodError, awarded_llm_count, data_dates
    from reports.render import listed_rows, render
    from reports.report import build_report
    from tenders.context import open_engine

    filters = Filters(province, project_type, industry, scenario, buyer, vendor)
    try:
        period = Period.parse(month, since, filters)
    except PeriodError as exc:
        raise click.ClickException(str(exc)) from exc
    if fmt == "xlsx" and output is None:
        raise click.ClickException("--format xlsx writes a binary file: give --output FILE.xlsx")
    if all_industries and not projects_only:
        raise click.ClickException("--all-industries only applies to --list")
    if output is not None:
        _prepare_output(output)
    engine = open_engine(ctx)
    with Session(engine) as session:
        unfiltered = Period(period.since, period.month)
        any_data = awarded_llm_count(unfiltered, session=session)
        first, last = data_dates(session=session)
        if not any_data:
            raise click.ClickException(_no_data(period, first, last))
        report = build_report(period, session=session)
    rows = listed_rows(report, all_industries=all_industries)
    shown = len(rows) if projects_only else report.in_scope_total
    if shown == 0 and filters.active():
        wanted = ", ".join(f"--{k} {v}" for k, v in filters.active().items())
        raise click.ClickException(
            f"no awarded {'large-model' if all_industries else 'medical large-model'} project in "
            f"{period.since} … {period.month} matches {wanted}"
        )
    data = render(report, fmt, projects_only=projects_only, all_industries=all_industries, lang=lang)
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
    else:
        try:
            output.write_bytes(data)
        except OSError as exc:
            raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from exc
    what = (
        f"{shown} awarded {'large-model' if all_industries else 'medical large-model'} projects"
        if projects_only
        else f"{report.in_scope_total} awarded in-scope projects"
    )
    where = f"wrote {output} (" if output is not None else "("
    click.echo(f"{where}{what}, {period.since} … {period.month})", err=True)


def _no_data(period: object, first: str | None, last: str | None) -> str:
    since, month = getattr(period, "since", "?"), getattr(period, "month", "?")
    if first is None:
        return (
            f"no data for {since} … {month}: the database holds no notices yet; run `tenders crawl` then "
            "`tenders process` (or give --db the database `tenders demo` wrote)"
        )
    return (
        f"no awarded large-model project in {since} … {month}: the database's notices run from {first} "
        f"to {last} (is `tenders process` done, or is --db the database you meant?)"
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

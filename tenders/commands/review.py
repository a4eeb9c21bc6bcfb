"""`tenders review`: the period's awarded projects whose labels are least certain (docs/corrections.md)."""

from __future__ import annotations

from pathlib import Path

import click

from tenders.context import open_engine

FORMATS = ("table", "csv", "xlsx", "json")


@click.command(name="review", short_help="The awarded projects whose labels are most doubtful, first.")
@click.option("--month", required=True, metavar="YYYY-MM", help="Last month of the period.")
@click.option(
    "--since", metavar="YYYY-MM", default=None, help="First month. Default: January of --month's year."
)
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, help="How many projects.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="Write to this file instead of standard output (required for xlsx).",
)
@click.pass_context
def command(
    ctx: click.Context, month: str, since: str | None, limit: int, fmt: str, output: Path | None
) -> None:
    """List the awarded projects whose labels are most doubtful, the one that could move the headline
    figures most first: scores near a decision boundary, notices of a project disagreeing, the keyword
    rules disagreeing with the model, a type decided by a narrow margin. Each row shows the labels and
    their source (model or analyst), the classifier's evidence and the notice URLs. The csv, xlsx and
    json forms have empty decision_* columns: fill them in and read the file back with
    `tenders correct --from FILE`.

    \b
    Examples:
      tenders review --month 2025-09 --since 2025-01
      tenders review --month 2025-09 --since 2025-01 --format csv -o review.csv
    """
    from sqlmodel import Session

    from classifier.predict import load_classifier
    from reports.aggregates import Period, PeriodError
    from reports.review import review_queue
    from reports.review_export import to_csv, to_json, to_table, to_xlsx
    from reports.uncertainty import shipped_error_model

    try:
        period = Period.parse(month, since)
    except PeriodError as exc:
        raise click.ClickException(str(exc)) from exc
    if fmt == "xlsx" and output is None:
        raise click.ClickException("--format xlsx writes a binary file: give --output FILE.xlsx")
    engine = open_engine(ctx)
    classifier = load_classifier()
    with Session(engine) as session:
        rows = review_queue(
            period, session=session, error=shipped_error_model(), classifier=classifier, limit=limit
        )
    data = {"table": lambda r: to_table(r).encode("utf-8"), "csv": to_csv, "xlsx": to_xlsx, "json": to_json}[
        fmt
    ](rows)
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
        return
    try:
        output.write_bytes(data)
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from exc
    click.echo(f"wrote {output} ({len(rows)} projects to review, {period.since} … {period.month})", err=True)

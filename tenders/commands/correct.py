"""`tenders correct`: an analyst's correction of a project's labels, or a reviewed file of them."""

from __future__ import annotations

import getpass
from pathlib import Path

import click

from tenders.context import open_engine


def os_user() -> str:
    """The analyst's name when --by is not given: the OS user."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (a container's bare uid)
        return "unknown"


@click.command(name="correct", short_help="Correct a project's labels; a correction is never deleted.")
@click.argument("project_id", required=False)
@click.option(
    "--in-scope", "in_scope", metavar="yes|no", default=None, help="Medical large-model project or not."
)
@click.option("--llm", metavar="yes|no", default=None, help="A large-model purchase or not.")
@click.option("--industry", metavar="X", default=None, help="medical, government, education, finance, …")
@click.option("--type", "type_", metavar="T", default=None, help="compute, model or integrated.")
@click.option(
    "--scenarios",
    metavar="a,b",
    default=None,
    help="clinical,management,patient,research,public_health or none.",
)
@click.option("--note", default=None, help="Why (required): what the notices say.")
@click.option("--by", "by", default=None, help="Who corrects. Default: the OS user.")
@click.option(
    "--from",
    "from_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="A reviewed csv/xlsx/json file from `tenders review` with decision_* columns filled in.",
)
@click.option(
    "--apply-good",
    is_flag=True,
    help="With --from: apply the good rows even when some rows are bad (default: apply none then).",
)
@click.pass_context
def command(
    ctx: click.Context,
    project_id: str | None,
    in_scope: str | None,
    llm: str | None,
    industry: str | None,
    type_: str | None,
    scenarios: str | None,
    note: str | None,
    by: str | None,
    from_file: Path | None,
    apply_good: bool,
) -> None:
    """Correct a project's labels; the correction is kept with the project's notices, so it survives
    re-linking and reclassification, and it is never deleted (undo: `tenders corrections --undo ID`).

    With --from FILE, every row of a reviewed file whose decision_* columns say something is one
    correction; each bad row is reported on its own line and, unless --apply-good, nothing is applied
    when any row is bad. The good rows are applied in one transaction. Exit code 1 when any row failed.

    \b
    Examples:
      tenders correct 3f2a9c1e0b7d4e5f --in-scope no --note "HIS upgrade, no large model" --by alice
      tenders correct 3f2a9c1e0b7d4e5f --type model --note "local deployment on existing servers"
      tenders correct --from review.csv --by alice
    """
    from sqlmodel import Session

    from linking.correction_file import FileError, apply_rows, parse_row, read_rows
    from linking.corrections import (
        CorrectionError,
        CorrectionRequest,
        add_correction,
        parse_industry,
        parse_scenarios,
        parse_type,
        parse_yes_no,
    )
    from tenders.commands._stored_ranges import precompute_default_ranges

    analyst = (by or "").strip() or os_user()
    engine = open_engine(ctx, stores=True)
    if from_file is not None:
        if project_id or any(v is not None for v in (in_scope, llm, industry, type_, scenarios, note)):
            raise click.ClickException("--from FILE takes no PROJECT_ID or label options: the file says them")
        try:
            rows = [
                parse_row(r, default_analyst=analyst, source=str(from_file)) for r in read_rows(from_file)
            ]
        except FileError as exc:
            raise click.ClickException(str(exc)) from exc
        with Session(engine, expire_on_commit=False) as session:
            outcome = apply_rows(rows, session=session)
            commit = not outcome.errors or apply_good
            if commit:
                session.commit()
            else:
                session.rollback()
        for line in outcome.errors:
            click.echo(f"error: {line}", err=True)
        if commit:
            for where, c in outcome.applied:
                click.echo(f"{where}: correction {c.id} on project {c.project_id} by {c.analyst}")
            click.echo(
                f"applied {len(outcome.applied)} corrections from {from_file} in one transaction"
                f" ({outcome.undecided} rows without a decision, {len(outcome.errors)} bad rows)"
            )
            if outcome.applied:
                precompute_default_ranges(engine, say=False)
        else:
            click.echo(
                f"applied none of {len(outcome.applied)} good rows: {len(outcome.errors)} bad rows"
                " (fix them, or re-run with --apply-good to apply the good rows alone)",
                err=True,
            )
        if outcome.errors:
            ctx.exit(1)
        return
    if not project_id:
        raise click.ClickException("give PROJECT_ID and the labels to change, or --from FILE")
    try:
        request = CorrectionRequest(
            project_id=project_id.strip(),
            note=(note or "").strip(),
            analyst=analyst,
            in_scope=parse_yes_no(in_scope, "--in-scope"),
            llm=parse_yes_no(llm, "--llm"),
            industry=parse_industry(industry),
            type=parse_type(type_),
            scenarios=parse_scenarios(scenarios),
        )
        with Session(engine, expire_on_commit=False) as session:
            row = add_correction(request, session=session)
            session.commit()
    except CorrectionError as exc:
        raise click.ClickException(str(exc)) from exc
    from reports.figure_notes import describe_changes

    click.echo(f"correction {row.id} on project {row.project_id}: {describe_changes(row)} (by {row.analyst})")
    # The figures changed: the next report's ranges are worked out now, not when it is asked for.
    precompute_default_ranges(engine, say=False)

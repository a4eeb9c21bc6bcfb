"""`tenders corrections`: list, undo or export the analysts' corrections (docs/corrections.md)."""

from __future__ import annotations

from pathlib import Path

import click

from tenders.commands.correct import os_user
from tenders.context import open_engine

EXPORT_COLUMNS = (
    "id",
    "project_then",
    "projects_now",
    "changes",
    "previous",
    "note",
    "analyst",
    "source",
    "created_at",
    "revoked_at",
    "revoked_by",
    "revoke_note",
)


@click.command(name="corrections")
@click.option("--list", "list_", is_flag=True, help="List the corrections in force (the default).")
@click.option("--all", "all_", is_flag=True, help="With --list: undone corrections too.")
@click.option(
    "--undo",
    "undo",
    type=int,
    default=None,
    metavar="ID",
    help="Undo a correction (it stays in the history).",
)
@click.option("--note", default="", help="With --undo: why.")
@click.option("--by", "by", default=None, help="With --undo: who. Default: the OS user.")
@click.option(
    "--export",
    "export",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the whole history (undone ones too) to FILE.csv or FILE.json.",
)
@click.pass_context
def command(
    ctx: click.Context,
    list_: bool,
    all_: bool,
    undo: int | None,
    note: str,
    by: str | None,
    export: Path | None,
) -> None:
    """Show the analysts' corrections, undo one, or export the history.

    \b
    Examples:
      tenders corrections
      tenders corrections --list --all
      tenders corrections --undo 3 --note "the tender was for a large model after all"
      tenders corrections --export corrections.csv
    """
    import csv
    import io
    import json

    from sqlmodel import Session

    from linking.corrections import CorrectionError, all_corrections, current_projects, revoke_correction
    from reports.figure_notes import describe_changes
    from tenders.commands._stored_ranges import precompute_default_ranges

    if sum(bool(x) for x in (list_, undo is not None, export is not None)) > 1:
        raise click.ClickException("give one of --list, --undo ID, --export FILE")
    engine = open_engine(ctx)
    if undo is not None:
        who = (by or "").strip() or os_user()
        try:
            with Session(engine, expire_on_commit=False) as session:
                row = revoke_correction(undo, session=session, analyst=who, note=note)
                session.commit()
        except CorrectionError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"correction {row.id} undone by {who}; the labels are worked out again without it")
        precompute_default_ranges(engine, say=False)
        return
    with Session(engine) as session:
        rows = all_corrections(session=session)
        now = current_projects([r.id for r in rows if r.id is not None], session=session)
    if export is not None:
        records = [
            {
                "id": r.id,
                "project_then": r.project_id,
                "projects_now": " ".join(now.get(r.id or 0, [])),
                "changes": json.dumps(r.changes, ensure_ascii=False, sort_keys=True),
                "previous": json.dumps(r.previous, ensure_ascii=False, sort_keys=True),
                "note": r.note,
                "analyst": r.analyst,
                "source": r.source,
                "created_at": r.created_at.isoformat(),
                "revoked_at": r.revoked_at.isoformat() if r.revoked_at else "",
                "revoked_by": r.revoked_by or "",
                "revoke_note": r.revoke_note or "",
            }
            for r in rows
        ]
        suffix = export.suffix.lower()
        if suffix == ".json":
            data = json.dumps(records, ensure_ascii=False, indent=2) + "\n"
        elif suffix == ".csv":
            buffer = io.StringIO()
            writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(records)
            data = "\ufeff" + buffer.getvalue()
        else:
            raise click.ClickException(f"{export}: unknown file kind {suffix or '(none)'}; use .csv or .json")
        try:
            export.write_text(data, encoding="utf-8")
        except OSError as exc:
            raise click.ClickException(f"cannot write {export}: {exc.strerror or exc}") from exc
        click.echo(f"wrote {export} ({len(records)} corrections, undone ones included)", err=True)
        return
    shown = [r for r in rows if all_ or r.revoked_at is None]
    if not shown:
        click.echo("no corrections in force" if not all_ else "no corrections")
        return
    for r in shown:
        state = f" [undone {r.revoked_at:%Y-%m-%d} by {r.revoked_by}]" if r.revoked_at else ""
        projects = now.get(r.id or 0, [])
        moved = "" if projects == [r.project_id] else f" (now {', '.join(projects) or 'no project'})"
        click.echo(
            f"{r.id:>4}  {r.created_at:%Y-%m-%d %H:%M}  {r.analyst:<10}  {r.project_id}{moved}  "
            f"{describe_changes(r)}  — {r.note}{state}"
        )

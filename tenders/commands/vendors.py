"""`tenders vendors`: the vendor league, or the winners the vendor mapping does not know yet."""

from __future__ import annotations

import click

from tenders.textwidth import pad


@click.command(name="vendors")
@click.option("--month", metavar="YYYY-MM", default=None, help="Last month of the period. Default: all data.")
@click.option(
    "--since",
    metavar="YYYY-MM",
    default=None,
    help="First month of the period. Default: January of --month's year.",
)
@click.option(
    "--unmapped", is_flag=True, help="List the winners without a brand, by the award value they won."
)
@click.option(
    "--all-industries", is_flag=True, help="Count large-model awards of every industry, not only medical."
)
@click.option("--limit", type=click.IntRange(1, None), default=30, show_default=True, help="Rows to print.")
@click.pass_context
def command(
    ctx: click.Context, month: str | None, since: str | None, unmapped: bool, all_industries: bool, limit: int
) -> None:
    """Show who wins: brands by award value, or (--unmapped) the winners the mapping does not name.

    The stored winners are first re-labelled with the mapping in force: the bundled
    linking/data/brands.json extended by your own file ($TENDERS_BRANDS, else
    ~/.config/tenders/brands.json; see docs/reports.md), so an edit shows at once.

    \b
    Examples:
      tenders vendors
      tenders vendors --unmapped --limit 50
      tenders vendors --month 2025-09 --since 2025-01
    """
    from sqlmodel import Session

    from linking.relabel import relabel_organisations
    from linking.suppliers import BrandFileError, mapping
    from reports.aggregates import OTHER_BRAND, Period, PeriodError, brand_league, totals, unmapped_winners
    from reports.labels import Labels
    from reports.report import wan
    from storage.db import session_scope
    from tenders.context import open_engine

    try:
        rules = mapping()
    except BrandFileError as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        period = Period.parse(month, since) if month else Period("1900-01", "9999-12")
    except PeriodError as exc:
        raise click.ClickException(str(exc)) from exc
    engine = open_engine(ctx)
    with session_scope(engine) as session:
        changed = relabel_organisations(session=session, rules=rules)
    if changed:
        click.echo(
            f"re-labelled {changed} winners with the mapping in force ({', '.join(rules.files)})", err=True
        )
    t = Labels("zh")
    with Session(engine) as session:
        if unmapped:
            rows = unmapped_winners(period, session=session, in_scope_only=not all_industries)
        else:
            rows = brand_league(period, session=session) if not all_industries else []
            if all_industries:
                raise click.ClickException("--all-industries applies to --unmapped only")
        # Shares are of the in-scope disclosed award value (a joint award counts for each winner).
        total = None if all_industries else totals(period, session=session).amount_yuan
    if not rows:
        click.echo(
            "no unmapped winners" if unmapped else "no awarded projects with winners in the period", err=True
        )
        return
    head = "winner" if unmapped else "brand"
    click.echo(f"{pad(head, 44)} {pad('kind', 14)} {'projects':>8} {'万元':>12} {'share':>7}")
    for r in rows[:limit]:
        share = f"{float((r.amount_yuan or 0) / total) * 100:6.1f}%" if total else "      –"
        name = r.name if unmapped else (t.brand(r.name) if r.name == OTHER_BRAND else r.name)
        amount = f"{wan(r.amount_yuan):,}" if r.amount_yuan is not None else "–"
        click.echo(f"{pad(name, 44)} {pad(t.kind(r.kind), 14)} {r.projects:>8} {amount:>12} {share}")
    if len(rows) > limit:
        click.echo(f"… {len(rows) - limit} more (--limit)")

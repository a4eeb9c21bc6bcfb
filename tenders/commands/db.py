"""`tenders db`: create or migrate the database and show what it holds."""

from __future__ import annotations

import click

from tenders.context import open_engine


@click.group(name="db")
def command() -> None:
    """Database set-up and inspection.

    \b
    Examples:
      tenders db upgrade
      tenders --db postgresql+psycopg://postgres@127.0.0.1/test db info
    """


@command.command()
@click.pass_context
def upgrade(ctx: click.Context) -> None:
    """Create the database if needed and apply every migration (first use does this by itself)."""
    engine = open_engine(ctx)
    click.echo(f"database at {engine.url.render_as_string(hide_password=True)} is up to date")


@command.command()
@click.pass_context
def info(ctx: click.Context) -> None:
    """Print the database URL (password hidden), schema revision and row counts per table."""
    from sqlalchemy import func, select, text  # lazy: start-up time (SQLAlchemy)
    from sqlmodel import SQLModel  # lazy: start-up time

    engine = open_engine(ctx)
    click.echo(f"url       {engine.url.render_as_string(hide_password=True)}")
    with engine.connect() as conn:
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        click.echo(f"revision  {revision}")
        for table in SQLModel.metadata.sorted_tables:
            count = conn.execute(select(func.count()).select_from(table)).scalar()
            click.echo(f"{table.name:<17} {count}")

"""What every command needs from the group: the database engine, with failures as one-line errors."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


def database_url(ctx: click.Context) -> str | None:
    """The --db / TENDERS_DATABASE_URL setting given to `tenders`, or None for the default."""
    root = ctx.find_root()
    obj = root.obj if isinstance(root.obj, dict) else {}
    value = obj.get("database_url")
    return str(value) if value else None


def open_engine(ctx: click.Context, url: str | None = None, *, stores: bool = False) -> Engine:
    """The migrated engine for the command's database; a bad URL or file is a one-line error, and so is
    a read-only database file for a command that `stores` results."""
    from storage.db import DatabaseError, check_writable, get_engine  # lazy: start-up time (SQLAlchemy)

    try:
        if stores:
            check_writable(url or database_url(ctx))
        return get_engine(url or database_url(ctx))
    except DatabaseError as exc:
        raise click.ClickException(str(exc)) from exc

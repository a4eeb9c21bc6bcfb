"""The `tenders` command: one entry point, one module per subcommand under tenders/commands/."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import click

from tenders import __version__
from tenders import commands as commands_pkg

EPILOG = """\b
Examples:
  tenders demo                              # whole pipeline offline on the 2025 replay
  tenders parse page.html --source ccgp     # parse saved pages to JSON lines
  tenders report --month 2025-09 --since 2025-01 --format html
"""


class TendersGroup(click.Group):
    """Lists commands in a stable order and turns expected failures into one-line errors."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(self.commands)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # click cuts a one-liner that does not fit the terminal with "..." mid-sentence; here each
        # command's one-liner is whole (its short_help, else its help's first sentence), wrapped if long.
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, one_liner(command)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> object:
        # A database that fails at run time (read-only file, full disk, server gone) is one line naming
        # it, not a SQLAlchemy traceback; anything else still surfaces as it is.
        from sqlalchemy.exc import SQLAlchemyError  # lazy: start-up time (SQLAlchemy)

        from linking.suppliers import BrandFileError  # lazy: start-up time (~15 ms; --help needs none)

        try:
            return super().invoke(ctx)
        except BrandFileError as exc:
            # The user's vendor mapping file (docs/reports.md) is input: one line naming file and entry.
            raise click.ClickException(str(exc)) from exc
        except SQLAlchemyError as exc:
            # lazy: start-up time (storage.db loads SQLModel and Alembic; only a failure needs it)
            from storage.db import one_line, redact_url

            detail = one_line(exc)
            url = ctx.obj.get("database_url") if isinstance(ctx.obj, dict) else None
            where = f" ({redact_url(url)})" if url else ""
            raise click.ClickException(f"database error{where}: {detail}") from exc


@click.group(cls=TendersGroup, epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tenders")
@click.option(
    "--db",
    "database_url",
    envvar="TENDERS_DATABASE_URL",
    default=None,
    metavar="URL",
    help="Database URL (env TENDERS_DATABASE_URL). Default: an SQLite file in ~/.local/share/tenders/. "
    "PostgreSQL: postgresql+psycopg://user@host/dbname.",
)
@click.pass_context
def main(ctx: click.Context, database_url: str | None) -> None:
    """Track Chinese public procurement of medical large-model projects.

    Crawl the portals (ccgp, ggzy, 政采云), classify notices, link them into projects
    and publish monthly reports.
    """
    ctx.ensure_object(dict)
    ctx.obj["database_url"] = database_url


def one_liner(command: click.Command) -> str:
    """What `tenders --help` says of a command: its short_help, or the first sentence of its help."""
    if command.short_help:
        return command.short_help
    first_paragraph = inspect.cleandoc(command.help or "").split("\n\n")[0]
    text = " ".join(first_paragraph.split())
    end = re.search(r"(?<!\.)\.\s", text)  # a full stop, not an ellipsis such as SOURCE...
    return text if end is None else text[: end.start() + 1]


def _register_commands() -> None:
    # Each module in tenders/commands/ exposes `command`; a command exists only once it is real.
    for info in sorted(pkgutil.iter_modules(commands_pkg.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{commands_pkg.__name__}.{info.name}")
        command = getattr(module, "command", None)
        if isinstance(command, click.Command):
            main.add_command(command)


_register_commands()

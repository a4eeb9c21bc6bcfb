"""Exit codes, and how every command words a bad input: one line `Error: <input>: <reason>` on stderr, exit code 2.

Commands that stop at the first bad input raise `BadInput`. Commands that read many inputs and go on
past a bad one (`parse`, `classify`) report each through `BadInputs` and exit 2 at the end when any
was bad; the good inputs' output is still printed. The wording is click's own ("Error: …"), so these
lines look like the usage errors click prints for a bad option.
"""

from __future__ import annotations

import click

# The same code click uses for a usage error: the command was given something it cannot use.
EXIT_BAD_INPUT = 2
# `tenders crawl` when another process holds a source's crawl lock (the scheduler reads it as "skipped").
EXIT_SOURCE_BUSY = 3


class BadInput(click.ClickException):
    """An input (file, line, option value) the command cannot use, named with the reason."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, what: object, reason: str) -> None:
        super().__init__(f"{what}: {reason}")
        self.what = str(what)
        self.reason = reason


class BadInputs:
    """The bad inputs of a command that goes on with the others: each one line now, exit 2 at the end."""

    def __init__(self) -> None:
        self.count = 0

    def report(self, what: object, reason: str) -> None:
        BadInput(what, reason).show()
        self.count += 1

    def exit_if_any(self) -> None:
        """End the command with exit code 2 when an input was bad (after all output is written)."""
        if self.count:
            raise click.exceptions.Exit(EXIT_BAD_INPUT)

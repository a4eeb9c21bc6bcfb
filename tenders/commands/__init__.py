"""Subcommands of `tenders`: each module defines `command`, a click command, and is registered automatically."""

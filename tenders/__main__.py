"""`python -m tenders`: the same as the `tenders` command (the scheduler starts jobs this way)."""

from tenders.cli import main

main()

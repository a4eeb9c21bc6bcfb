"""`--with-corrections` for `tenders train` and `tenders evaluate`: the bundled corpus plus the notices
analysts corrected, as a corpus folder the two commands read like any other (docs/corrections.md)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import click

from tenders.context import open_engine


def corpus_with_corrections(ctx: click.Context, corpus: Path) -> Path:
    """A temporary corpus folder (removed when the command ends): train.jsonl with the corrected
    notices appended in notice order, so the same database gives the same file and model version."""
    from sqlmodel import Session

    from linking.corrections_training import correction_rows, write_corpus_with_corrections

    with Session(open_engine(ctx)) as session:
        rows = correction_rows(session=session)
    folder = Path(tempfile.mkdtemp(prefix="tenders-corpus-"))
    ctx.call_on_close(lambda: shutil.rmtree(folder, ignore_errors=True))
    try:
        write_corpus_with_corrections(corpus, folder, rows)
    except OSError as exc:
        raise click.ClickException(f"cannot read the corpus in {corpus}: {exc.strerror or exc}") from exc
    click.echo(f"training rows: {corpus / 'train.jsonl'} + {len(rows)} corrected notices", err=True)
    return folder

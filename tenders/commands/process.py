"""`tenders process`: link stored notices into projects and classify what is new (after a crawl)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from tenders.context import open_engine

if TYPE_CHECKING:
    from classifier.predict import Classifier


@click.command(name="process", short_help="Link stored notices into projects; classify the new ones.")
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=256,
    show_default=True,
    help="Notices per classifier call.",
)
@click.option("--quiet", is_flag=True, help="Only the summary line.")
@click.pass_context
def command(ctx: click.Context, batch_size: int, quiet: bool) -> None:
    """Link every stored notice into projects, classify notices the current model has not seen, and
    set each project's labels (llm, industry, in scope, type, scenarios) from its notices.

    Linking is recomputed over all notices (a late copy or cancellation can change earlier projects);
    classification only runs on new notices. The nightly schedule runs this after each crawl.
    Then the figures' ranges of the periods the next reports ask for (the previous month and the
    newest award month, year to date) are computed and stored, so those reports need not simulate
    them (docs/corrections.md, "Stored ranges").

    \b
    Example:
      tenders process
    """
    from linking.process import process  # lazy: start-up time (SQLAlchemy, scikit-learn)
    from tenders.commands._stored_ranges import precompute_default_ranges

    engine = open_engine(ctx, stores=True)
    classifier = load_shipped_classifier()

    def progress(done: int, total: int) -> None:
        if not quiet:
            click.echo(f"classified {done}/{total} notices", err=True)

    summary = process(engine, classifier, batch_size=batch_size, progress=progress)
    link, labels = summary.link, summary.classify
    click.echo(
        f"linked {link.notices} notices into {link.projects} projects "
        f"({link.created} new, {link.updated} changed, {link.removed} removed; {link.awarded} awarded); "
        f"classified {labels.classified} notices with {labels.model_version}; "
        f"{labels.llm_projects} large-model projects, {labels.in_scope_projects} in scope"
    )
    precompute_default_ranges(engine, say=not quiet)


def check_shipped_models() -> None:
    """Fail in one line, in milliseconds, when the shipped model files are missing or altered: a long job
    (the demo's crawl) checks this before it starts; loading the models themselves takes seconds."""
    from classifier import model_files  # lazy: read at call time, so a test can point MODEL_DIR elsewhere

    try:
        model_files.checked_metadata(model_files.MODEL_DIR)
    except (model_files.ModelLoadError, OSError) as exc:
        raise _models_error(exc) from exc


def _models_error(exc: Exception) -> click.ClickException:
    return click.ClickException(f"cannot load the classifier models (classifier/models/): {exc}")


def load_shipped_classifier() -> Classifier:
    """The shipped classifier, or a one-line error when its model files are missing or unreadable."""
    from classifier.persist import ModelLoadError  # lazy: start-up time (scikit-learn)

    try:
        # Inside the try: a broken scikit-learn/skops install is a one-line error too.
        from classifier.predict import load_classifier  # lazy: start-up time

        return load_classifier()
    except (ModelLoadError, OSError, ValueError, KeyError, ImportError) as exc:
        # ModelLoadError: an altered file (hash) or a type outside the trusted list (skops).
        raise _models_error(exc) from exc

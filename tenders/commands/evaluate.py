"""`tenders evaluate`: cross-validated and held-out metrics of the models beside the rule baseline."""

from __future__ import annotations

import json
from pathlib import Path

import click

from tenders.commands._corrections_corpus import corpus_with_corrections


@click.command("evaluate")
@click.option(
    "--corpus",
    "corpus_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder with train.jsonl, heldout.jsonl and optionally heldout_pages.jsonl (default: fixtures/classifier/).",
)
@click.option(
    "--folds", type=click.IntRange(2, 20), default=5, show_default=True, help="CV folds on the training part."
)
@click.option(
    "--features", "feature_kind", type=click.Choice(["char", "char+word"]), default="char", show_default=True
)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
@click.option(
    "--with-corrections",
    is_flag=True,
    help="Add the notices analysts corrected (tenders correct) to the training rows.",
)
@click.pass_context
def command(
    ctx: click.Context,
    corpus_dir: Path | None,
    folds: int,
    feature_kind: str,
    as_json: bool,
    with_corrections: bool,
) -> None:
    """Stratified k-fold CV on the training part and scores on the held-out part, models and rules side by side:
    llm P/R/F1, in-scope F1, industry accuracy, type macro-F1 and confusion matrix, scenario micro/macro-F1;
    each on the excerpts and on the same notices page-shaped (whole portal bodies).

    \b
    Example:
      tenders evaluate
      tenders evaluate --folds 5 --features char+word --json
    """
    from classifier.corpus.build import CORPUS_DIR, HELDOUT_FILE, HELDOUT_PAGES_FILE, TRAIN_FILE
    from classifier.evaluation import cross_validate, format_report, heldout
    from classifier.training import CorpusError, read_corpus

    corpus = corpus_dir or CORPUS_DIR
    if with_corrections:  # docs/corrections.md
        corpus = corpus_with_corrections(ctx, corpus)
    try:
        train_rows = read_corpus(corpus / TRAIN_FILE.name)
        heldout_rows = read_corpus(corpus / HELDOUT_FILE.name)
        pages_path = corpus / HELDOUT_PAGES_FILE.name
        page_rows = read_corpus(pages_path) if pages_path.is_file() else None
    except FileNotFoundError as exc:
        raise click.ClickException(f"{exc.filename}: corpus file missing") from None
    except CorpusError as exc:
        raise click.ClickException(str(exc)) from None
    cv = cross_validate(train_rows, folds, feature_kind)
    held = heldout(train_rows, heldout_rows, feature_kind, page_rows)
    if as_json:
        click.echo(
            json.dumps({"cv": cv, "heldout": held, "folds": folds, "features": feature_kind}, indent=2)
        )
        return
    click.echo(
        f"{len(train_rows)} training notices ({folds}-fold stratified CV), {len(heldout_rows)} held-out"
        f" ({'and its page-shaped version' if page_rows is not None else f'no {HELDOUT_PAGES_FILE.name}'});"
        f" features {feature_kind}"
    )
    click.echo(format_report(cv, held))

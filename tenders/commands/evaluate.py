"""`tenders evaluate`: cross-validated, held-out and real-notice figures of the models beside the rules."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import click

from tenders.commands._corrections_corpus import corpus_with_corrections


@click.command("evaluate", short_help="Score the models beside the keyword rules, real notices included.")
@click.option(
    "--corpus",
    "corpus_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder with train.jsonl, heldout.jsonl and optionally heldout_pages.jsonl (default: fixtures/classifier/).",
)
@click.option(
    "--real",
    "real_file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Labelled real notices, JSON lines (default: ../shared/real-notices/dev.jsonl beside the repository).",
)
@click.option(
    "--folds", type=click.IntRange(2, 20), default=5, show_default=True, help="CV folds on the training part."
)
@click.option("--no-cv", is_flag=True, help="Skip cross-validation (held-out and real figures only).")
@click.option(
    "--features", "feature_kind", type=click.Choice(["char", "char+word"]), default="char", show_default=True
)
@click.option("--errors", is_flag=True, help="List every error on the real notices, models and rules.")
@click.option(
    "--with-corrections",
    is_flag=True,
    help="Add the notices analysts corrected (tenders correct) to the training rows.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Tables, or one JSON object with every figure.",
)
@click.pass_context
def command(
    ctx: click.Context,
    corpus_dir: Path | None,
    real_file: Path | None,
    folds: int,
    no_cv: bool,
    feature_kind: str,
    errors: bool,
    with_corrections: bool,
    fmt: str,
) -> None:
    """Models beside the keyword rules: stratified k-fold CV on the training part, the held-out part (as
    written and page-shaped), and real published notices (all rows and the unambiguous ones).

    Figures: llm P/R/F1, in-scope F1, industry accuracy, type macro-F1 and confusion, scenario micro/macro-F1;
    on real notices, false large-model calls, false in-scope calls, llm recall, industry and type accuracy.

    \b
    Example:
      tenders evaluate
      tenders evaluate --no-cv --errors
      tenders evaluate --folds 5 --features char+word --format json
    """
    # Imported here to keep `tenders --help` fast (scikit-learn loads in seconds).
    from classifier.evaluation import (
        REAL_DEV_FILE,
        cross_validate,
        format_real,
        format_report,
        model_outputs,
        real_report,
        scored,
    )
    from classifier.training import (
        CORPUS_DIR,
        HELDOUT_FILE,
        HELDOUT_PAGES_FILE,
        TRAIN_FILE,
        CorpusError,
        read_corpus,
    )

    corpus = corpus_dir or CORPUS_DIR
    if with_corrections:  # docs/corrections.md
        corpus = corpus_with_corrections(ctx, corpus)
    real_path = real_file or REAL_DEV_FILE
    try:
        train_rows = read_corpus(corpus / TRAIN_FILE.name)
        heldout_rows = read_corpus(corpus / HELDOUT_FILE.name)
        pages_path = corpus / HELDOUT_PAGES_FILE.name
        page_rows = read_corpus(pages_path) if pages_path.is_file() else None
        real_rows = read_corpus(real_path) if real_path.is_file() else None
    except FileNotFoundError as exc:
        raise click.ClickException(f"{exc.filename}: corpus file missing") from None
    except CorpusError as exc:
        raise click.ClickException(str(exc)) from None
    if real_file is not None and real_rows is None:
        raise click.ClickException(f"{real_file}: no such file")
    cv = None if no_cv else cross_validate(train_rows, folds, feature_kind)
    outputs = model_outputs(train_rows, feature_kind)
    held = scored(outputs, heldout_rows, page_rows)
    real = real_report(outputs, real_rows) if real_rows is not None else None
    if fmt == "json":
        payload: dict[str, Any] = {
            "cv": cv,
            "heldout": held,
            "real": real,
            "real_file": str(real_path),
            "folds": None if no_cv else folds,
            "features": feature_kind,
        }
        click.echo(json.dumps(_finite(payload), indent=2, ensure_ascii=False))
        return
    click.echo(
        f"{len(train_rows)} training notices ({'no CV' if no_cv else f'{folds}-fold stratified CV'}),"
        f" {len(heldout_rows)} held-out"
        f" ({'and its page-shaped version' if page_rows is not None else f'no {HELDOUT_PAGES_FILE.name}'});"
        f" features {feature_kind}"
    )
    click.echo(format_report(cv, held))
    click.echo("")
    click.echo(format_real(real, str(real_path), errors))


def _finite(value: Any) -> Any:
    """NaN (a figure with no rows to measure, e.g. type accuracy without llm rows) as null in JSON."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value

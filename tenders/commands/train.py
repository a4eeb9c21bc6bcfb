"""`tenders train`: refit the classifier on the bundled corpus and write classifier/models/."""

from __future__ import annotations

from pathlib import Path

import click

from tenders.commands._corrections_corpus import corpus_with_corrections


@click.command("train", short_help="Retrain the classifier reproducibly from the bundled corpus.")
@click.option(
    "--corpus",
    "corpus_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder with train.jsonl and heldout.jsonl (default: fixtures/classifier/).",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Where to write the models (default: classifier/models/, the shipped ones).",
)
@click.option(
    "--features",
    "feature_kind",
    type=click.Choice(["char", "char+word"]),
    default="char",
    show_default=True,
    help="Character n-grams alone, or with jieba word features added.",
)
@click.option(
    "--with-corrections",
    is_flag=True,
    help="Add the notices analysts corrected (tenders correct) to the training rows.",
)
@click.pass_context
def command(
    ctx: click.Context,
    corpus_dir: Path | None,
    out_dir: Path | None,
    feature_kind: str,
    with_corrections: bool,
) -> None:
    """Retrain the classifier reproducibly (same corpus → same models and metrics).

    \b
    Example:
      tenders train
      tenders train --out /tmp/models --features char+word
    """
    from classifier.persist import MODEL_DIR
    from classifier.release import train_release
    from classifier.training import CORPUS_DIR, HELDOUT_FILE, TRAIN_FILE, CorpusError

    corpus = corpus_dir or CORPUS_DIR
    if with_corrections:  # docs/corrections.md
        corpus = corpus_with_corrections(ctx, corpus)
    train_file, heldout_file = corpus / TRAIN_FILE.name, corpus / HELDOUT_FILE.name
    for path in (train_file, heldout_file):
        if not path.is_file():
            raise click.ClickException(
                f"{path}: corpus file missing (write it with `python -m authoring.classifier_corpus.build`)"
            )
    try:
        meta = train_release(train_file, heldout_file, out_dir or MODEL_DIR, feature_kind)
    except CorpusError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"model_version {meta['model_version']} written to {out_dir or MODEL_DIR}")
    # The reports' ranges rest on this measured error; stored so that no report re-measures it.
    from reports.uncertainty import ERROR_FILE, write_error_model  # lazy: start-up time

    error = write_error_model(out_dir or MODEL_DIR)
    measured = ", ".join(f"{name} {n}" for name, n in error.measured_on.items())
    click.echo(f"measured error ({measured} notices) written to {ERROR_FILE}")
    for key, shape in (("heldout_model", "excerpts"), ("heldout_model_page", "page-shaped")):
        held = meta["metrics"].get(key)
        if held:
            click.echo(
                f"held-out {shape}: in-scope F1 {held['in_scope_f1']:.4f}, type macro-F1 "
                f"{held['type_macro_f1']:.4f}, scenario micro-F1 {held['scenario_micro_f1']:.4f}"
            )

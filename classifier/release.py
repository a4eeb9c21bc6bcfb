"""Train the shipped models from the corpus and write them with their metadata (`tenders train`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from classifier.corpus.build import HELDOUT_FILE, TRAIN_FILE
from classifier.evaluation import score
from classifier.persist import MODEL_DIR, save_models
from classifier.predict import Classifier
from classifier.rules import rule_outputs
from classifier.training import file_sha256, fit_models, read_corpus

# Bump when features or model settings change, so stored classifications say which models made them.
MODEL_FAMILY = "2"


def model_version(feature_kind: str, corpus_sha256: str) -> str:
    return f"clf{MODEL_FAMILY}-{feature_kind}-{corpus_sha256[:10]}"


def train_release(
    train_file: Path = TRAIN_FILE,
    heldout_file: Path = HELDOUT_FILE,
    out_dir: Path = MODEL_DIR,
    feature_kind: str = "char",
) -> dict[str, Any]:
    """Fit on the training part, score on the held-out part, save; return the metadata written."""
    train_rows = read_corpus(train_file)
    heldout_rows = read_corpus(heldout_file)
    corpus_sha = file_sha256(train_file)
    version = model_version(feature_kind, corpus_sha)
    models = fit_models(train_rows, feature_kind)
    classifier = Classifier(models, version)
    metrics = {
        "heldout_model": score(heldout_rows, classifier.head_outputs(heldout_rows)),
        "heldout_rules": score(heldout_rows, rule_outputs(heldout_rows)),
    }
    metadata = {
        "model_version": version,
        "corpus": {
            "train": {"file": train_file.name, "sha256": corpus_sha, "notices": len(train_rows)},
            "heldout": {
                "file": heldout_file.name,
                "sha256": file_sha256(heldout_file),
                "notices": len(heldout_rows),
            },
        },
        "metrics": metrics,
    }
    return save_models(models, out_dir, metadata)

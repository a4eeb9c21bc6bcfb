"""The measured error stored beside the shipped models (classifier/models/error.json) is what a fresh
measurement gives, and is used only while it still describes the models and the labelled sets."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from classifier.persist import MODEL_DIR
from classifier.predict import load_classifier
from reports.uncertainty import (
    ERROR_FILE,
    ErrorModel,
    labelled_sets,
    measure_error,
    sets_fingerprint,
    stored_error_model,
)


@pytest.fixture(scope="module")
def measured() -> ErrorModel:
    return measure_error(load_classifier())


def test_the_shipped_error_file_is_a_fresh_measurement(measured: ErrorModel) -> None:
    stored = json.loads((MODEL_DIR / ERROR_FILE).read_text(encoding="utf-8"))
    fresh = measured.to_json()
    # Measured where the real notices may be absent: compare the sets both measured on.
    if stored["sets_sha256"] == sets_fingerprint(labelled_sets()):
        assert {k: stored[k] for k in fresh} == fresh
        assert stored_error_model() is not None and stored_error_model().to_json() == fresh  # type: ignore[union-attr]
    else:
        pytest.skip(f"the labelled sets here differ from those measured on: {sorted(stored['sets_sha256'])}")


def test_a_stale_error_file_is_not_used(tmp_path: Path, measured: ErrorModel) -> None:
    models = tmp_path / "models"
    shutil.copytree(MODEL_DIR, models)
    stored = json.loads((models / ERROR_FILE).read_text(encoding="utf-8"))
    assert stored_error_model(models) is not None or stored["sets_sha256"] != sets_fingerprint(
        labelled_sets()
    )

    other_version = stored | {"model_version": "clf-other"}
    (models / ERROR_FILE).write_text(json.dumps(other_version), encoding="utf-8")
    assert stored_error_model(models) is None

    other_sets = stored | {"sets_sha256": {"heldout": "0" * 64}}
    (models / ERROR_FILE).write_text(json.dumps(other_sets), encoding="utf-8")
    assert stored_error_model(models) is None

    (models / ERROR_FILE).write_text("{not json", encoding="utf-8")
    assert stored_error_model(models) is None
    (models / ERROR_FILE).unlink()
    assert stored_error_model(models) is None


def test_the_error_round_trips_through_json(measured: ErrorModel) -> None:
    assert ErrorModel.from_json(json.loads(json.dumps(measured.to_json()))).to_json() == measured.to_json()

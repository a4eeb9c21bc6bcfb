"""Save and load the shipped models with skops (never pickle) plus a JSON sidecar.

classifier/models/ holds features.skops (the shared feature step), one <head>.skops per head (the
fitted final estimator) and metadata.json: library versions, corpus sha256, metrics, model_version
and the sha256 of every model file. Loading refuses a file whose hash differs from the sidecar (an
altered file) and, through skops, any file that holds a type outside `TRUSTED_TYPES` and skops'
own defaults.
"""

from __future__ import annotations

import json
import zipfile
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any

from sklearn.frozen import FrozenEstimator
from sklearn.pipeline import Pipeline

from classifier.fitted import Models
from classifier.model_files import (
    HEADS,
    METADATA,
    MODEL_DIR,
    PARTS,
    ModelLoadError,
    checked_metadata,
    sha256_of,
)
from domain.vocabulary import SCENARIOS

# Types beyond skops' defaults that our files hold: our own feature transformers (and the tokenizer
# of the optional jieba column) and two private helpers of CalibratedClassifierCV.
TRUSTED_TYPES = [
    "classifier.features.CharNgramCounter",
    "classifier.features.CueFeatures",
    "classifier.features.SignalFeatures",
    "classifier.features.jieba_words",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
]
LIBRARIES = ("scikit-learn", "skops", "numpy", "scipy", "jieba")


def library_versions() -> dict[str, str]:
    out = {}
    for name in LIBRARIES:
        try:
            out[name] = importlib_metadata.version(name)
        except importlib_metadata.PackageNotFoundError:
            out[name] = "absent"
    return out


def save_models(models: Models, out_dir: Path, metadata: dict[str, Any]) -> dict[str, Any]:
    """Write the model files and metadata.json (with the files' hashes); return the metadata written."""
    import skops.io as sio  # lazy: skops is slow to import and only loading or saving models needs it

    out_dir.mkdir(parents=True, exist_ok=True)
    parts: dict[str, Any] = {"features": models.features} | {h: models.heads[h][-1] for h in HEADS}
    files = {}
    for name, obj in parts.items():
        path = out_dir / f"{name}.skops"
        sio.dump(obj, path, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
        files[path.name] = sha256_of(path)
    full = dict(metadata) | {
        "feature_kind": models.feature_kind,
        "scenario_order": list(SCENARIOS),
        "scenario_thresholds": dict(zip(SCENARIOS, models.scenario_thresholds, strict=True)),
        "libraries": library_versions(),
        "files": files,
    }
    (out_dir / METADATA).write_text(json.dumps(full, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return full


def load_skops(path: Path) -> Any:
    """One skops file, with the explicit trusted-type list; anything else is refused with the type named."""
    import skops.io as sio  # lazy: skops is slow to import and only loading or saving models needs it

    try:
        unknown = sorted(set(sio.get_untrusted_types(file=path)) - set(TRUSTED_TYPES))
    except (zipfile.BadZipFile, KeyError, ValueError, json.JSONDecodeError) as exc:
        raise ModelLoadError(f"{path}: not a readable skops file ({exc})") from None
    if unknown:
        raise ModelLoadError(
            f"{path}: refused, it holds types outside the trusted list: {', '.join(unknown)}"
        )
    try:
        return sio.load(path, trusted=TRUSTED_TYPES)
    except Exception as exc:  # skops raises many kinds on a damaged file; all mean "do not use it"
        raise ModelLoadError(f"{path}: could not be loaded ({type(exc).__name__}: {exc})") from None


def load_models(model_dir: Path = MODEL_DIR) -> tuple[Models, dict[str, Any]]:
    """The models and their metadata; raises ModelLoadError naming the file at fault."""
    meta = checked_metadata(model_dir)
    parts = {name: load_skops(model_dir / f"{name}.skops") for name in PARTS}
    frozen = FrozenEstimator(parts["features"])
    heads = {h: Pipeline([("features", frozen), ("model", parts[h])]) for h in HEADS}
    return Models(
        parts["features"], heads, meta.get("feature_kind", "char"), _thresholds(meta, model_dir / METADATA)
    ), meta


def _thresholds(meta: dict[str, Any], meta_path: Path) -> tuple[float, ...]:
    """The per-scenario thresholds of metadata.json, in SCENARIOS order (0 = the SVMs' own decision)."""
    given = meta.get("scenario_thresholds", {})
    try:
        values = tuple(float(given.get(s, 0.0)) for s in SCENARIOS)
    except (TypeError, ValueError, AttributeError):
        raise ModelLoadError(f"{meta_path}: scenario_thresholds must map scenarios to numbers") from None
    if not all(-1.0 <= v <= 1.0 for v in values):
        raise ModelLoadError(f"{meta_path}: a scenario threshold lies outside [-1, 1]; retrain")
    return values

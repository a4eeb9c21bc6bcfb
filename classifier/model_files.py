"""The shipped model folder checked against its metadata.json without loading any model.

Loading the models imports scikit-learn and unpacks every skops file (seconds); reading metadata.json and
hashing the files takes milliseconds, so a long job checks this first and fails before it starts rather
than after (`tenders demo` checks before it crawls). `classifier.persist.load_models` runs the same checks.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from domain.vocabulary import SCENARIOS

MODEL_DIR = Path(__file__).resolve().parent / "models"
METADATA = "metadata.json"
HEADS = ("llm", "industry", "type", "scenarios")
PARTS = ("features", *HEADS)


class ModelLoadError(RuntimeError):
    """The model folder is missing, altered, or holds types we do not trust."""


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def checked_metadata(model_dir: Path = MODEL_DIR) -> dict[str, Any]:
    """metadata.json, once every model file it lists is present with the recorded sha256; raises
    ModelLoadError naming the file at fault."""
    meta_path = model_dir / METADATA
    if not meta_path.is_file():
        raise ModelLoadError(f"{meta_path}: missing; run `tenders train` to build the models")
    try:
        meta: dict[str, Any] = json.loads(meta_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ModelLoadError(f"{meta_path}: not JSON ({exc.msg})") from None
    if not isinstance(meta, dict):
        raise ModelLoadError(f"{meta_path}: not a JSON object")
    if meta.get("scenario_order") != list(SCENARIOS):
        raise ModelLoadError(f"{meta_path}: scenario order differs from domain.vocabulary.SCENARIOS; retrain")
    recorded = meta.get("files", {})
    for name in PARTS:
        path = model_dir / f"{name}.skops"
        if not path.is_file():
            raise ModelLoadError(f"{path}: missing")
        if recorded.get(path.name) != sha256_of(path):
            raise ModelLoadError(f"{path}: sha256 differs from {METADATA}; the file was altered, refusing it")
    return meta

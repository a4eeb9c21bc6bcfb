"""Fit all four heads on a labelled corpus (the procedure `tenders train` and every CV fold run)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.base import clone
from sklearn.frozen import FrozenEstimator
from sklearn.model_selection import GroupKFold

from classifier.features import build_features, to_matrix
from classifier.fitted import Models
from classifier.page_shapes import TRAIN_PAGES, wrap_rows
from classifier.pipelines import BUILDERS
from domain.paths import FIXTURES_DIR
from domain.vocabulary import INDUSTRIES, PROJECT_TYPES, SCENARIOS

# The labelled corpus (written by authoring/classifier_corpus; see fixtures/classifier/DATASHEET.md).
CORPUS_DIR = FIXTURES_DIR / "classifier"
TRAIN_FILE = CORPUS_DIR / "train.jsonl"
HELDOUT_FILE = CORPUS_DIR / "heldout.jsonl"
HELDOUT_PAGES_FILE = CORPUS_DIR / "heldout_pages.jsonl"

LABEL_FIELDS = ("llm", "industry", "type", "scenarios")
# Share of training notices added again page-shaped (classifier.page_shapes, training page vocabulary),
# so the models see what is left of a whole page after classifier.textprep; see classifier/README.md.
PAGE_SHARE = 0.3
PAGE_SEED = 31_2025
# Per-scenario decision thresholds (see `scenario_thresholds`): folds of the inner CV, and the window a
# threshold may take (LinearSVC margins; outside it a threshold would say "always" or "never").
THRESHOLD_FOLDS = 5
THRESHOLD_WINDOW = (-0.5, 0.5)


class CorpusError(ValueError):
    """A corpus line that is not a well-formed labelled notice."""


def read_corpus(path: Path) -> list[dict[str, Any]]:
    """Labelled notices from a JSON-lines file, each checked against docs/domain.md §4–6 label rules."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CorpusError(f"{path}:{number}: not JSON ({exc.msg})") from None
        problem = label_problem(row)
        if problem:
            raise CorpusError(f"{path}:{number}: {problem}")
        rows.append(row)
    return rows


def label_problem(row: dict[str, Any]) -> str | None:
    """Why a labelled notice breaks the label rules, or None when it keeps them."""
    if not isinstance(row.get("title"), str) or not row["title"].strip():
        return "no title"
    missing = [f for f in LABEL_FIELDS if f not in row]
    if missing:
        return f"missing label(s) {', '.join(missing)}"
    if row["industry"] not in INDUSTRIES:
        return f"unknown industry {row['industry']!r}"
    if row["llm"] and row["type"] not in PROJECT_TYPES:
        return f"llm notice with type {row['type']!r}"
    if not row["llm"] and row["type"] is not None:
        return "type set on a notice that is not llm"
    if any(s not in SCENARIOS for s in row["scenarios"]):
        return f"unknown scenario in {row['scenarios']}"
    if row["scenarios"] and not (row["llm"] and row["industry"] == "medical"):
        return "scenarios on a notice that is not in scope"
    return None


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def scenario_matrix(rows: list[dict[str, Any]]) -> np.ndarray:
    """Indicator matrix of scenarios, columns in `SCENARIOS` order."""
    return np.array([[s in r["scenarios"] for s in SCENARIOS] for r in rows], dtype=np.int64)


def with_pages(
    rows: list[dict[str, Any]], share: float = PAGE_SHARE, seed: int = PAGE_SEED
) -> list[dict[str, Any]]:
    """The rows followed by page-shaped copies of a seeded `share` of them (same labels)."""
    return list(rows) + (wrap_rows(list(rows), TRAIN_PAGES, seed, share) if share > 0 else [])


def best_threshold(
    margins: np.ndarray, truth: np.ndarray, window: tuple[float, float] = THRESHOLD_WINDOW
) -> float:
    """The margin cut that maximises F1 of `margins > cut` against `truth` (0/1), within `window`.

    Cuts are taken halfway between neighbouring margins, so a notice never sits on one; ties in F1 go
    to the cut nearest 0 (the SVM's own decision).
    """
    positives = truth.astype(bool)
    if not positives.any():  # F1 is 0 at every cut: keep the SVM's own decision
        return 0.0
    lo, hi = window
    values = np.unique(np.clip(margins, lo, hi))
    cuts = np.concatenate(([lo], (values[:-1] + values[1:]) / 2, [hi]))
    above = margins[None, :] > cuts[:, None]
    tp = (above & positives).sum(axis=1)
    f1 = 2 * tp / np.maximum(above.sum(axis=1) + positives.sum(), 1)
    best = np.flatnonzero(f1 >= f1.max() - 1e-12)
    return float(cuts[best[np.argmin(np.abs(cuts[best]))]])


def scenario_thresholds(
    head: Any, features: np.ndarray | Any, targets: np.ndarray, groups: list[str]
) -> tuple[float, ...]:
    """Per-scenario thresholds from out-of-fold margins of the training part only.

    `head` is the unfitted scenario model, `features` the vectorised in-scope training notices,
    `groups` keeps a notice and its page-shaped copy in the same fold (they share the title). Each
    scenario's threshold maximises its F1 over the out-of-fold margins (`best_threshold`). Why: the
    one-vs-rest SVMs answer at margin 0, but a scenario stated once among several uses, or inside a
    compute purchase, lands just under it; the margin at which F1 peaks is measured, not guessed.
    """
    margins = np.zeros(targets.shape, dtype=np.float64)
    splitter = GroupKFold(n_splits=THRESHOLD_FOLDS, shuffle=True, random_state=0)
    for train_idx, test_idx in splitter.split(features, groups=groups):
        fold = clone(head).fit(features[train_idx], targets[train_idx])
        margins[test_idx] = fold.decision_function(features[test_idx])
    return tuple(best_threshold(margins[:, j], targets[:, j]) for j in range(targets.shape[1]))


def fit_models(
    rows: list[dict[str, Any]], feature_kind: str = "char", page_share: float = PAGE_SHARE
) -> Models:
    """Fit the feature step on all rows (plus their page-shaped share), then each head on its own
    population (docs/domain.md §5, §6), and the scenario thresholds by CV inside these rows only."""
    rows = with_pages(rows, page_share)
    X = to_matrix(rows)
    features = build_features(feature_kind).fit(X)
    frozen = FrozenEstimator(features)
    llm = np.array([bool(r["llm"]) for r in rows])
    in_scope = np.array([bool(r["llm"]) and r["industry"] == "medical" for r in rows])
    scenarios = scenario_matrix(rows)[in_scope]
    heads = {
        "llm": BUILDERS["llm"](frozen).fit(X, llm.astype(np.int64)),
        "industry": BUILDERS["industry"](frozen).fit(X, np.array([r["industry"] for r in rows])),
        "type": BUILDERS["type"](frozen).fit(X[llm], np.array([r["type"] for r in rows])[llm]),
        "scenarios": BUILDERS["scenarios"](frozen).fit(X[in_scope], scenarios),
    }
    thresholds = scenario_thresholds(
        BUILDERS["scenarios"](frozen)[-1],
        features.transform(X[in_scope]),
        scenarios,
        [str(r["title"]) for r, keep in zip(rows, in_scope, strict=True) if keep],
    )
    return Models(features=features, heads=heads, feature_kind=feature_kind, scenario_thresholds=thresholds)

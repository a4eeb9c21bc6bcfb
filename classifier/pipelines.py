"""One `build_*_pipeline()` per head (docs/domain.md §4–6): features → a linear model, fixed random_state.

Each builder takes the feature step to use. Left out, a fresh unfitted `build_features()` is used and
the pipeline fits it, which is how a head is used on its own. `training.fit_models` instead fits the
feature step once on the whole training part and hands every head the same fitted step wrapped in
`FrozenEstimator`, so at inference time the text is vectorised once for all four heads.
"""

from __future__ import annotations

from typing import Any

from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import Pipeline
from sklearn.svm import LinearSVC

from classifier.features import build_features

RANDOM_STATE = 0


def _features(features: Any | None) -> Any:
    return build_features() if features is None else features


def build_llm_pipeline(features: Any | None = None) -> Pipeline:
    """llm yes/no with a calibrated probability (scope_score is built on it, so it must mean a probability)."""
    svm = LinearSVC(C=0.5, class_weight="balanced", random_state=RANDOM_STATE)
    # ensemble=False: one SVM on all data, sigmoid fitted on 5-fold out-of-fold scores; one model to ship.
    model = CalibratedClassifierCV(svm, method="sigmoid", cv=5, ensemble=False)
    return Pipeline([("features", _features(features)), ("model", model)])


def build_industry_pipeline(features: Any | None = None) -> Pipeline:
    """The buyer's industry among the nine of docs/domain.md §4; multinomial logistic regression for P(medical)."""
    model = LogisticRegression(C=20, max_iter=3000, random_state=RANDOM_STATE, class_weight="balanced")
    return Pipeline([("features", _features(features)), ("model", model)])


def build_type_pipeline(features: Any | None = None) -> Pipeline:
    """compute / model / integrated (docs/domain.md §5), trained on llm notices only."""
    model = LinearSVC(C=1.0, class_weight="balanced", random_state=RANDOM_STATE)
    return Pipeline([("features", _features(features)), ("model", model)])


def build_scenario_pipeline(features: Any | None = None) -> Pipeline:
    """The docs/domain.md §6 scenarios as five one-vs-rest yes/no models, trained on in-scope notices only.

    The target is an indicator matrix whose columns follow `domain.vocabulary.SCENARIOS`.
    """
    model = OneVsRestClassifier(LinearSVC(C=1.0, class_weight="balanced", random_state=RANDOM_STATE))
    return Pipeline([("features", _features(features)), ("model", model)])


BUILDERS = {
    "llm": build_llm_pipeline,
    "industry": build_industry_pipeline,
    "type": build_type_pipeline,
    "scenarios": build_scenario_pipeline,
}

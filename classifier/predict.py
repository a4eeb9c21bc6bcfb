"""The inference API other parts call: `load_classifier().classify(records)`.

Records are dicts with `title` and optional `text` and `buyer`. The text is vectorised once and all
four heads read the same matrix. Decisions follow docs/domain.md §4–6: type is None unless llm, scenarios are
empty unless in scope, and in_scope = llm and industry == "medical".
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from classifier.cues import bundle_stated, llm_evidence
from classifier.features import to_matrix
from classifier.fitted import Models
from classifier.outputs import Classification, HeadOutputs
from classifier.persist import MODEL_DIR, load_models
from domain.vocabulary import SCENARIOS

# Features fed to `explain` per decision.
EXPLAIN_TOP = 5


class Classifier:
    """The fitted models behind one `model_version`.

    `precedence` applies the docs/domain.md §5 rule layer over the type head: a notice whose text states that
    hardware comes with a model or an application (`classifier.cues.bundle_stated`) is `integrated`,
    whatever the head says. See classifier/README.md for why it is kept.
    """

    def __init__(self, models: Models, model_version: str, precedence: bool = True):
        self.models = models
        self.model_version = model_version
        self.precedence = precedence
        self._heads = {name: pipe[-1] for name, pipe in models.heads.items()}
        self._thresholds = np.asarray(models.scenario_thresholds, dtype=np.float64)

    def head_outputs(self, records: Sequence[dict[str, Any]]) -> HeadOutputs:
        if not records:
            empty = np.empty(0)
            return HeadOutputs(
                empty.astype(bool), empty, empty.astype(object), empty, empty.astype(object), [], []
            )
        matrix = to_matrix(records)
        # docs/domain.md §4: a large-model project *explicitly* involves large models. The llm head
        # decides only among notices that state a large-model cue; where none is stated, the answer is
        # no whatever the n-grams suggest (智算 works, AI servers, hospital IT read as llm otherwise).
        evidence = llm_evidence([str(t) for t in matrix[:, 3]])
        has_evidence = np.array([e is not None for e in evidence], dtype=bool)
        features = self.models.features.transform(matrix)
        llm_model = self._heads["llm"]
        llm_score = llm_model.predict_proba(features)[:, list(llm_model.classes_).index(1)]
        industry_model = self._heads["industry"]
        industry_proba = industry_model.predict_proba(features)
        classes = np.asarray(industry_model.classes_)
        industry = classes[industry_proba.argmax(axis=1)]
        medical = industry_proba[:, list(classes).index("medical")]
        type_ = self._heads["type"].predict(features)
        if self.precedence:
            type_ = np.where(bundle_stated([str(t) for t in matrix[:, 3]]), "integrated", type_).astype(
                object
            )
        # Per-scenario thresholds chosen by CV on the training part (classifier.training.scenario_thresholds).
        margins = np.asarray(self._heads["scenarios"].decision_function(features)).reshape(-1, len(SCENARIOS))
        indicator = margins > self._thresholds
        scenarios = [[s for s, on in zip(SCENARIOS, row, strict=True) if on] for row in indicator]
        return HeadOutputs(
            (llm_score >= 0.5) & has_evidence, llm_score, industry, medical, type_, scenarios, evidence
        )

    def classify(self, records: Sequence[dict[str, Any]]) -> list[Classification]:
        """Classify a batch; one Classification per record, in order."""
        out = self.head_outputs(records)
        results = []
        for i in range(len(records)):
            llm = bool(out.llm[i])
            industry = str(out.industry[i])
            in_scope = llm and industry == "medical"
            results.append(
                Classification(
                    llm=llm,
                    industry=industry,
                    in_scope=in_scope,
                    # P(llm) × P(medical): both heads are probabilistic; 0–1 by construction. Without a
                    # large-model cue the notice is not llm, so its score is capped below one half.
                    scope_score=round(float(_llm_probability(out, i) * out.medical_score[i]), 4),
                    type=str(out.type[i]) if llm else None,
                    scenarios=list(out.scenarios[i]) if in_scope else [],
                )
            )
        return results

    def explain(self, record: dict[str, Any], result: Classification) -> dict[str, Any]:
        """The evidence for llm (the large-model cue stated, or that none is), then the n-grams that
        pushed each decision most (feature value × weight, largest first)."""
        matrix = to_matrix([record])
        x = self.models.features.transform(matrix)
        names = self._names
        cue = llm_evidence([str(matrix[0, 3])])[0]
        why: dict[str, Any] = {
            "evidence": (
                f"large-model cue stated: {cue}"
                if cue
                else "no large-model cue stated (docs/domain.md §4), so not llm whatever the n-grams say"
            ),
            "llm": _top(x, _coef(self._heads["llm"], 1 if result.llm else 0), names),
            "industry": _top(x, _coef(self._heads["industry"], result.industry), names),
        }
        if result.type is not None:
            why["type"] = _top(x, _coef(self._heads["type"], result.type), names)
        if result.scenarios:
            ovr = self._heads["scenarios"]
            why["scenarios"] = {
                s: _top(x, np.ravel(ovr.estimators_[SCENARIOS.index(s)].coef_), names)
                for s in result.scenarios
            }
        return why

    @functools.cached_property
    def _names(self) -> np.ndarray:
        return np.asarray(self.models.features.get_feature_names_out(), dtype=object)


def _llm_probability(out: HeadOutputs, i: int) -> float:
    """P(llm) as reported: the head's probability, capped below one half where no cue is stated."""
    score = float(out.llm_score[i])
    return score if out.llm[i] or score < 0.5 else min(score, 0.49)


def _coef(model: Any, label: Any) -> np.ndarray:
    """The weight vector that argues for `label` in a fitted linear model."""
    inner = model
    if hasattr(model, "calibrated_classifiers_"):  # CalibratedClassifierCV(ensemble=False): one estimator
        inner = model.calibrated_classifiers_[0].estimator
    coef = np.asarray(inner.coef_)
    classes = list(model.classes_)
    if coef.shape[0] == 1:  # binary: the row argues for classes_[1]
        return coef[0] if label == classes[1] else -coef[0]
    return coef[classes.index(label)]


def _top(x: sp.csr_matrix, coef: np.ndarray, names: np.ndarray) -> list[list[Any]]:
    row = x.tocsr()
    contrib = row.data * coef[row.indices]
    order = np.argsort(-contrib)[:EXPLAIN_TOP]
    return [[str(names[row.indices[i]]), round(float(contrib[i]), 4)] for i in order if contrib[i] > 0]


@functools.cache
def load_classifier(model_dir: str | None = None) -> Classifier:
    """The shipped classifier (classifier/models/), loaded once per process and cached."""
    directory = Path(model_dir) if model_dir else MODEL_DIR
    models, metadata = load_models(directory)
    return Classifier(models, metadata["model_version"])

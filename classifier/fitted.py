"""The fitted models as one value: what training produces, persist stores and predict loads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sklearn.pipeline import Pipeline

from domain.vocabulary import SCENARIOS


@dataclass
class Models:
    """The fitted shared feature step and the four head pipelines built on it."""

    features: Any
    heads: dict[str, Pipeline]
    feature_kind: str = "char"
    # Margin above which each scenario (SCENARIOS order) is answered; zeros = the SVMs' own decision.
    scenario_thresholds: tuple[float, ...] = (0.0,) * len(SCENARIOS)

"""What the classifier answers (docs/domain.md §4–6): per notice, and per head before the gating.

The bottom of the classifier: the rule baseline, the models and evaluation all speak in these.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np


@dataclass
class Classification:
    """One notice's answers (docs/domain.md §4–6)."""

    llm: bool
    industry: str
    in_scope: bool
    scope_score: float
    type: str | None
    scenarios: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class HeadOutputs:
    """Every head's answer for every record, before the docs/domain.md gating (used by evaluation too)."""

    llm: np.ndarray  # bool
    llm_score: np.ndarray  # P(llm)
    industry: np.ndarray  # str
    medical_score: np.ndarray  # P(industry == medical)
    type: np.ndarray  # str, as if the notice were llm
    scenarios: list[list[str]]  # as if the notice were in scope
    # The large-model cue each notice states (docs/domain.md §4), None where it states none; the rule
    # baseline leaves it None for all (its llm answer is the cue itself).
    evidence: list[str | None] = field(default_factory=list)

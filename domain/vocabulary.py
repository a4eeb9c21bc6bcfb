"""The domain's controlled vocabularies (docs/domain.md §2, §4–6): every package speaks these names."""

from __future__ import annotations

SOURCES = ("ccgp", "ggzy", "zcy")

NOTICE_TYPES = ("intention", "tender", "award", "correction", "cancellation", "contract", "other")

INDUSTRIES = (
    "medical",
    "government",
    "education",
    "finance",
    "energy",
    "telecom",
    "transport",
    "manufacturing",
    "other",
)

PROJECT_TYPES = ("compute", "model", "integrated")

SCENARIOS = ("clinical", "management", "patient", "research", "public_health")

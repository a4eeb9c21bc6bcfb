"""The nightly job's second half: link every stored notice into projects, classify what is new and
roll the labels up to the projects. Shared by `tenders process` and `tenders demo`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.engine import Engine

from linking.classify_stored import BATCH_SIZE, ClassifierLike, ClassifySummary, classify_stored
from linking.link_stored import LinkSummary, link_stored
from storage.db import session_scope


@dataclass(frozen=True)
class ProcessSummary:
    link: LinkSummary
    classify: ClassifySummary


def process(
    engine: Engine,
    classifier: ClassifierLike,
    *,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int, int], None] | None = None,
) -> ProcessSummary:
    """Link, then classify and roll up; each step is one transaction, so a failure leaves the last good state."""
    with session_scope(engine) as session:
        linked = link_stored(session=session)
    with session_scope(engine) as session:
        classified = classify_stored(classifier, session=session, batch_size=batch_size, progress=progress)
    return ProcessSummary(linked, classified)

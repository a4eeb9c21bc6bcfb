"""Classify stored notices that have no result for the current model, then roll results up to projects.

Classification is incremental (only notices without a result for this model version are sent to the
classifier, in batches); the roll-up is recomputed for every project, because linking may have moved
notices between projects since the last run. The roll-up rule lives in project_labels.py.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import delete, select
from sqlmodel import Session
from sqlmodel import select as select_models

from linking.corrections import apply_corrections
from linking.project_labels import NoticeLabel, project_labels
from storage.models import Classification, Notice, Project, ScenarioTag, utcnow
from storage.repo import ClassificationResult, store_classifications, unclassified_notice_ids

BATCH_SIZE = 256
N = Notice.__table__.c  # type: ignore[attr-defined]
CLS = Classification.__table__.c  # type: ignore[attr-defined]


class ClassifierLike(Protocol):
    """What this step needs from classifier.predict.Classifier."""

    model_version: str

    def classify(self, records: list[dict[str, Any]]) -> Sequence[Any]: ...


@dataclass(frozen=True)
class ClassifySummary:
    model_version: str
    classified: int
    projects: int
    llm_projects: int
    in_scope_projects: int


def classify_new(
    classifier: ClassifierLike,
    *,
    session: Session,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int, int], None] | None = None,
    limit: int | None = None,
) -> int:
    """Classify the notices without a result for the classifier's model version (at most `limit` of them,
    the oldest first); returns how many."""
    pending = unclassified_notice_ids(classifier.model_version, session=session)[:limit]
    done = 0
    for start in range(0, len(pending), batch_size):
        ids = pending[start : start + batch_size]
        rows = session.execute(
            select(N.id, N.title, N.text, N.buyer).where(N.id.in_(ids)).order_by(N.id)
        ).all()
        records = [{"title": r.title, "text": r.text or "", "buyer": r.buyer or ""} for r in rows]
        results = classifier.classify(records)
        if len(results) != len(rows):
            raise RuntimeError(f"classifier returned {len(results)} results for {len(rows)} notices")
        store_classifications(
            [
                ClassificationResult(
                    notice_id=row.id,
                    llm=bool(result.llm),
                    industry=str(result.industry),
                    in_scope=bool(result.in_scope),
                    scope_score=float(result.scope_score),
                    type=result.type,
                    scenarios=list(result.scenarios),
                )
                for row, result in zip(rows, results, strict=True)
            ],
            session=session,
            model_version=classifier.model_version,
        )
        done += len(rows)
        if progress is not None:
            progress(done, len(pending))
    return done


def notice_labels(
    model_version: str, *, session: Session, project_id: str | None = None
) -> dict[str, list[NoticeLabel]]:
    """The stored classifications of `model_version`, per project (one project when `project_id` is given)."""
    query = (
        select(
            N.project_id,
            N.id,
            N.notice_type,
            N.publish_date,
            CLS.llm,
            CLS.industry,
            CLS.in_scope,
            CLS.type,
            CLS.scenarios,
        )
        .join(Classification.__table__, CLS.notice_id == N.id)  # type: ignore[attr-defined]
        .where(CLS.model_version == model_version, N.project_id.is_not(None))
    )
    if project_id is not None:
        query = query.where(N.project_id == project_id)
    by_project: dict[str, list[NoticeLabel]] = defaultdict(list)
    for row in session.execute(query).all():
        by_project[row.project_id].append(
            NoticeLabel(
                notice_id=row.id,
                notice_type=row.notice_type,
                publish_date=row.publish_date,
                llm=bool(row.llm),
                industry=row.industry,
                in_scope=bool(row.in_scope),
                type=row.type,
                scenarios=tuple(row.scenarios or ()),
            )
        )
    return by_project


def roll_up(model_version: str, *, session: Session) -> ClassifySummary:
    """Set every project's llm/industry/in_scope/type/scenarios from its notices and refresh ScenarioTag."""
    by_project = notice_labels(model_version, session=session)
    tags_now = defaultdict(set)
    for tag in session.exec(select_models(ScenarioTag)).all():
        tags_now[tag.project_id].add(tag.scenario)

    llm_count = in_scope_count = 0
    projects = session.exec(select_models(Project)).all()
    for project in projects:
        labels = project_labels(by_project.get(project.id, []))
        values: dict[str, Any] = (
            {
                "llm": None,
                "industry": None,
                "in_scope": None,
                "type": None,
                "scenarios": [],
                "model_version": None,
            }
            if labels is None
            else {
                "llm": labels.llm,
                "industry": labels.industry,
                "in_scope": labels.in_scope,
                "type": labels.type,
                "scenarios": labels.scenarios,
                "model_version": model_version,
            }
        )
        if any(getattr(project, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(project, key, value)
            project.updated_at = utcnow()
            session.add(project)
        wanted = set(values["scenarios"])
        have = tags_now.get(project.id, set())
        if wanted != have:
            for scenario in have - wanted:
                session.execute(
                    delete(ScenarioTag).where(
                        ScenarioTag.project_id == project.id,  # type: ignore[arg-type]
                        ScenarioTag.scenario == scenario,  # type: ignore[arg-type]
                    )
                )
            for scenario in sorted(wanted - have):
                session.add(ScenarioTag(project_id=project.id, scenario=scenario))
        llm_count += bool(values["llm"])
        in_scope_count += bool(values["in_scope"])
    session.flush()
    # Analysts' corrections lie over the model's labels (linking/corrections.py, docs/corrections.md).
    if apply_corrections(session=session):
        llm_count = sum(bool(p.llm) for p in projects)
        in_scope_count = sum(bool(p.in_scope) for p in projects)
    return ClassifySummary(
        model_version=model_version,
        classified=0,
        projects=len(projects),
        llm_projects=llm_count,
        in_scope_projects=in_scope_count,
    )


def classify_stored(
    classifier: ClassifierLike,
    *,
    session: Session,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int, int], None] | None = None,
) -> ClassifySummary:
    """Classify what is new, then roll up; the summary counts the notices classified now."""
    classified = classify_new(classifier, session=session, batch_size=batch_size, progress=progress)
    summary = roll_up(classifier.model_version, session=session)
    return ClassifySummary(
        model_version=summary.model_version,
        classified=classified,
        projects=summary.projects,
        llm_projects=summary.llm_projects,
        in_scope_projects=summary.in_scope_projects,
    )

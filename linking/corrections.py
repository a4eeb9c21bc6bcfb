"""Analyst corrections of project labels, applied on top of the model's roll-up (docs/corrections.md).

A correction is stored with the notices its project had when it was made. Whatever project those
notices belong to later (after re-linking merged or split it, after a new model reclassified them),
the correction applies to it: the project's labels are the model's roll-up (linking/project_labels.py)
with every correction in force laid over it, oldest first, field by field. An undo revokes a
correction (the row stays), and the labels are worked out again without it.

What an analyst says is resolved into concrete fields when the correction is made, so that it means
the same thing under any later model:

* ``in_scope yes`` is llm and industry medical (docs/domain.md §4); ``in_scope no`` alone, on a project
  that is in scope, says it is not a large-model purchase (llm no): an analyst who means "a large-model
  project of another industry" says ``--industry X`` instead;
* a project made llm needs a type (docs/domain.md §5), unless the model already gave one;
* scenarios are only for in-scope projects (docs/domain.md §6).

Two analysts correcting the same project at once: each correction locks the project rows it touches
(an UPDATE before anything is read, so SQLite takes its write lock and PostgreSQL its row lock first),
then reads, inserts and rewrites the labels; the second waits and then sees the first's correction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import delete, select, update
from sqlmodel import Session
from sqlmodel import select as select_models

from domain.vocabulary import INDUSTRIES, PROJECT_TYPES, SCENARIOS
from linking.project_labels import NoticeLabel, ProjectLabels, project_labels
from storage.models import (
    Classification,
    LabelCorrection,
    LabelCorrectionNotice,
    Notice,
    Project,
    ScenarioTag,
    utcnow,
)
from storage.repo import fit_column

N = Notice.__table__.c  # type: ignore[attr-defined]
CLS = Classification.__table__.c  # type: ignore[attr-defined]
LC = LabelCorrection.__table__.c  # type: ignore[attr-defined]
LCN = LabelCorrectionNotice.__table__.c  # type: ignore[attr-defined]
PROJECT = Project.__table__  # type: ignore[attr-defined]
TAG = ScenarioTag.__table__.c  # type: ignore[attr-defined]

# The fields a correction may set, in the order they are shown.
FIELDS = ("llm", "industry", "type", "scenarios")
YES = {"yes", "y", "true", "1", "是"}
NO = {"no", "n", "false", "0", "否"}


class CorrectionError(ValueError):
    """A correction that cannot be made; the message names the bad input."""


@dataclass(frozen=True)
class CorrectionRequest:
    """What an analyst asked for one project (None: leave that label as it is)."""

    project_id: str
    note: str
    analyst: str
    in_scope: bool | None = None
    llm: bool | None = None
    industry: str | None = None
    type: str | None = None
    scenarios: tuple[str, ...] | None = None
    source: str = "cli"

    def asks_anything(self) -> bool:
        return any(v is not None for v in (self.in_scope, self.llm, self.industry, self.type, self.scenarios))


# --- parsing what analysts type ----------------------------------------------------------------------


def parse_yes_no(value: str | None, name: str) -> bool | None:
    """yes/no (also y/n, true/false, 1/0, 是/否) → bool; blank → None; anything else names the value."""
    if value is None or not str(value).strip():
        return None
    text = str(value).strip().lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise CorrectionError(f"invalid {name} {value!r}: expected yes or no")


def parse_industry(value: str | None) -> str | None:
    if value is None or not str(value).strip():
        return None
    text = str(value).strip().lower()
    if text not in INDUSTRIES:
        raise CorrectionError(f"invalid industry {value!r}: expected one of {', '.join(INDUSTRIES)}")
    return text


def parse_type(value: str | None) -> str | None:
    if value is None or not str(value).strip():
        return None
    text = str(value).strip().lower()
    if text not in PROJECT_TYPES:
        raise CorrectionError(f"invalid type {value!r}: expected one of {', '.join(PROJECT_TYPES)}")
    return text


def parse_scenarios(value: str | None) -> tuple[str, ...] | None:
    """Comma-separated scenario names; `none` for no scenario; blank → None (unchanged)."""
    if value is None or not str(value).strip():
        return None
    text = str(value).strip().lower()
    if text in ("none", "-"):
        return ()
    names = [part.strip() for part in text.replace("，", ",").replace(";", ",").split(",") if part.strip()]
    unknown = [n for n in names if n not in SCENARIOS]
    if unknown:
        raise CorrectionError(
            f"invalid scenario {unknown[0]!r}: expected some of {', '.join(SCENARIOS)} or none"
        )
    return tuple(s for s in SCENARIOS if s in names)


# --- the labels: pure functions ------------------------------------------------------------------------


def normalised(labels: ProjectLabels) -> ProjectLabels:
    """docs/domain.md §4–6: in_scope = llm and medical; no type unless llm; no scenarios unless in scope."""
    in_scope = bool(labels.llm) and labels.industry == "medical"
    return ProjectLabels(
        llm=bool(labels.llm),
        industry=labels.industry,
        in_scope=in_scope,
        type=labels.type if labels.llm else None,
        scenarios=[s for s in SCENARIOS if s in labels.scenarios] if in_scope else [],
    )


NO_LABELS = ProjectLabels(llm=False, industry="other", in_scope=False, type=None, scenarios=[])


def resolve(current: ProjectLabels, request: CorrectionRequest) -> dict[str, Any]:
    """The concrete field values a request sets, given the project's current labels; CorrectionError
    when the request contradicts itself or leaves the project without a label it needs."""
    if not request.note.strip():
        raise CorrectionError(f"project {request.project_id}: a correction needs --note saying why")
    if not request.asks_anything():
        raise CorrectionError(f"project {request.project_id}: nothing to correct (give a label to change)")
    changes: dict[str, Any] = {}
    if request.in_scope is True:
        if request.llm is False or (request.industry not in (None, "medical")):
            raise CorrectionError(
                f"project {request.project_id}: in scope means llm yes and industry medical, "
                "which contradicts the other labels given"
            )
        changes.update(llm=True, industry="medical")
    elif request.in_scope is False and request.llm is None and request.industry is None:
        # Kept concrete even when it confirms the model, so that a later model cannot undo it.
        if current.in_scope or not current.llm:
            changes["llm"] = False
        else:
            changes["industry"] = current.industry
    if request.llm is not None:
        changes["llm"] = request.llm
    if request.industry is not None:
        changes["industry"] = request.industry
    if request.type is not None:
        changes["type"] = request.type
    if request.scenarios is not None:
        unknown = [x for x in request.scenarios if x not in SCENARIOS]
        if unknown:
            raise CorrectionError(f"project {request.project_id}: unknown scenario {unknown[0]!r}")
        changes["scenarios"] = [x for x in SCENARIOS if x in request.scenarios]
    after = normalised(overlay(current, [changes]))
    if request.in_scope is False and after.in_scope:
        raise CorrectionError(f"project {request.project_id}: the labels given keep it in scope")
    if after.llm and after.type is None:
        raise CorrectionError(
            f"project {request.project_id}: a large-model project needs a type: give --type "
            f"({', '.join(PROJECT_TYPES)})"
        )
    if request.type is not None and not after.llm:
        raise CorrectionError(f"project {request.project_id}: --type is only for large-model (llm) projects")
    if request.scenarios and not after.in_scope:
        raise CorrectionError(f"project {request.project_id}: --scenarios is only for in-scope projects")
    return changes


def overlay(base: ProjectLabels, changes: Iterable[dict[str, Any]]) -> ProjectLabels:
    """The base labels with each correction's fields laid over them, in order, then normalised."""
    labels = base
    for change in changes:
        fields = {k: v for k, v in change.items() if k in FIELDS}
        if "scenarios" in fields:
            fields["scenarios"] = list(fields["scenarios"])
        labels = replace(labels, **fields)
    return normalised(labels)


def labels_of(project: Project) -> ProjectLabels:
    """The labels a project row holds now (the model's, or already corrected)."""
    if project.llm is None:
        return NO_LABELS
    return ProjectLabels(
        llm=bool(project.llm),
        industry=project.industry or "other",
        in_scope=bool(project.in_scope),
        type=project.type,
        scenarios=list(project.scenarios or []),
    )


def as_dict(labels: ProjectLabels) -> dict[str, Any]:
    return {
        "in_scope": labels.in_scope,
        "llm": labels.llm,
        "industry": labels.industry,
        "type": labels.type,
        "scenarios": list(labels.scenarios),
    }


# --- the database ----------------------------------------------------------------------------------


def lock_projects(project_ids: Sequence[str], *, session: Session) -> None:
    """Take the write lock on these project rows before reading anything (see the module docstring)."""
    if project_ids:
        session.execute(
            update(PROJECT)
            .where(PROJECT.c.id.in_(sorted(set(project_ids))))
            .values(updated_at=PROJECT.c.updated_at)
        )


def model_labels(project_ids: Sequence[str], *, session: Session) -> dict[str, ProjectLabels | None]:
    """The model's roll-up of each project under the model version it was classified with (None when
    its notices are not classified), worked out by linking/project_labels.py as the roll-up does."""
    versions = dict(
        session.execute(
            select(PROJECT.c.id, PROJECT.c.model_version).where(PROJECT.c.id.in_(project_ids))
        ).all()
    )
    query = (
        select(N.project_id, N.id, N.notice_type, N.publish_date, CLS.model_version, CLS.llm, CLS.industry)
        .add_columns(CLS.in_scope, CLS.type, CLS.scenarios)
        .join(Classification.__table__, CLS.notice_id == N.id)  # type: ignore[attr-defined]
        .where(N.project_id.in_(project_ids))
    )
    by_project: dict[str, list[NoticeLabel]] = defaultdict(list)
    for row in session.execute(query).all():
        if row.model_version != versions.get(row.project_id):
            continue
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
    return {pid: project_labels(by_project.get(pid, [])) for pid in project_ids}


def corrections_by_project(
    *, session: Session, project_ids: Sequence[str] | None = None
) -> dict[str, list[LabelCorrection]]:
    """Corrections in force, per project their notices belong to now, oldest first."""
    query = (
        select(N.project_id, LC.id)
        .select_from(LabelCorrectionNotice.__table__)  # type: ignore[attr-defined]
        .join(Notice.__table__, N.id == LCN.notice_id)  # type: ignore[attr-defined]
        .join(LabelCorrection.__table__, LC.id == LCN.correction_id)  # type: ignore[attr-defined]
        .where(LC.revoked_at.is_(None), N.project_id.is_not(None))
        .distinct()
    )
    if project_ids is not None:
        query = query.where(N.project_id.in_(project_ids))
    pairs = session.execute(query).all()
    ids = sorted({cid for _, cid in pairs})
    rows = {
        c.id: c
        for c in session.exec(select_models(LabelCorrection).where(LabelCorrection.id.in_(ids)))  # type: ignore[union-attr]
    }
    out: dict[str, list[LabelCorrection]] = defaultdict(list)
    for project_id, cid in sorted(pairs, key=lambda p: (p[0], p[1])):
        out[project_id].append(rows[cid])
    return dict(out)


def corrected_project_ids(*, session: Session) -> set[str]:
    """Projects whose labels rest, at least in part, on an analyst's correction in force."""
    return set(corrections_by_project(session=session))


def analyst_fields(corrections: Iterable[LabelCorrection]) -> set[str]:
    """The labels an analyst set (in_scope counts when llm or industry was set)."""
    fields = {k for c in corrections for k in c.changes}
    if fields & {"llm", "industry"}:
        fields.add("in_scope")
    return fields


def write_labels(project: Project, labels: ProjectLabels | None, *, session: Session) -> None:
    """Store the labels on the project row and its scenario tags (what the reports read)."""
    values: dict[str, Any] = (
        {"llm": None, "industry": None, "in_scope": None, "type": None, "scenarios": []}
        if labels is None
        else as_dict(labels)
    )
    if any(getattr(project, k) != v for k, v in values.items()):
        for key, value in values.items():
            setattr(project, key, value)
        project.updated_at = utcnow()
        session.add(project)
    have = set(session.execute(select(TAG.scenario).where(TAG.project_id == project.id)).scalars())
    wanted = set(values["scenarios"])
    if have != wanted:
        session.execute(
            delete(ScenarioTag).where(ScenarioTag.project_id == project.id)  # type: ignore[arg-type]
        )
        session.flush()
        for scenario in sorted(wanted):
            session.add(ScenarioTag(project_id=project.id, scenario=scenario))


def apply_corrections(*, session: Session, project_ids: Sequence[str] | None = None) -> int:
    """Lay the corrections in force over the model's labels of the projects they touch (all of them,
    or only `project_ids`, which are then recomputed even when no correction touches them any more).
    Returns how many projects carry a correction."""
    corrections = corrections_by_project(session=session, project_ids=project_ids)
    targets = sorted(set(project_ids) if project_ids is not None else set(corrections))
    if not targets:
        return 0
    base = model_labels(targets, session=session)
    for project in session.exec(select_models(Project).where(Project.id.in_(targets))):  # type: ignore[attr-defined]
        found = corrections.get(project.id, [])
        model = base.get(project.id)
        if not found:
            write_labels(project, model, session=session)
            continue
        write_labels(project, overlay(model or NO_LABELS, (c.changes for c in found)), session=session)
    session.flush()
    return sum(1 for t in targets if corrections.get(t))


def project_notice_ids(project_id: str, *, session: Session) -> list[int]:
    return sorted(session.execute(select(N.id).where(N.project_id == project_id)).scalars())


def add_correction(request: CorrectionRequest, *, session: Session) -> LabelCorrection:
    """Store one correction against the project's notices and apply it; CorrectionError names bad input."""
    lock_projects([request.project_id], session=session)
    project = session.get(Project, request.project_id)
    if project is None:
        raise CorrectionError(f"unknown project id {request.project_id!r}")
    notice_ids = project_notice_ids(project.id, session=session)
    if not notice_ids:
        raise CorrectionError(f"project {project.id} has no notices to keep the correction on")
    current = labels_of(project)
    changes = resolve(current, request)
    row = LabelCorrection(
        project_id=project.id,
        changes=changes,
        previous={k: v for k, v in as_dict(current).items() if k in changes or k == "in_scope"},
        note=fit_column(LabelCorrection, "note", request.note.strip()),
        analyst=fit_column(LabelCorrection, "analyst", request.analyst),
        source=fit_column(LabelCorrection, "source", request.source),
    )
    session.add(row)
    session.flush()
    assert row.id is not None
    for notice_id in notice_ids:
        session.add(LabelCorrectionNotice(correction_id=row.id, notice_id=notice_id))
    session.flush()
    apply_corrections(session=session, project_ids=[project.id])
    return row


def revoke_correction(
    correction_id: int, *, session: Session, analyst: str, note: str = ""
) -> LabelCorrection:
    """Undo a correction: mark it revoked (history stays) and work the labels out again without it."""
    affected = sorted(
        {
            pid
            for pid in session.execute(
                select(N.project_id)
                .join(LabelCorrectionNotice.__table__, LCN.notice_id == N.id)  # type: ignore[attr-defined]
                .where(LCN.correction_id == correction_id, N.project_id.is_not(None))
            ).scalars()
        }
    )
    lock_projects(affected, session=session)
    row = session.get(LabelCorrection, correction_id)
    if row is None:
        raise CorrectionError(f"unknown correction id {correction_id}")
    if row.revoked_at is not None:
        raise CorrectionError(
            f"correction {correction_id} was already undone by {row.revoked_by} at {row.revoked_at:%Y-%m-%d %H:%M}"
        )
    row.revoked_at = utcnow()
    row.revoked_by = fit_column(LabelCorrection, "revoked_by", analyst)
    row.revoke_note = fit_column(LabelCorrection, "revoke_note", note) or None
    session.add(row)
    session.flush()
    apply_corrections(session=session, project_ids=affected)
    return row


def all_corrections(*, session: Session) -> list[LabelCorrection]:
    """Every correction ever made, revoked ones included, oldest first."""
    return list(session.exec(select_models(LabelCorrection).order_by(LabelCorrection.id)))  # type: ignore[arg-type]


def current_projects(correction_ids: Sequence[int], *, session: Session) -> dict[int, list[str]]:
    """The projects each correction's notices belong to now."""
    out: dict[int, set[str]] = defaultdict(set)
    for cid, pid in session.execute(
        select(LCN.correction_id, N.project_id)
        .join(Notice.__table__, N.id == LCN.notice_id)  # type: ignore[attr-defined]
        .where(LCN.correction_id.in_(correction_ids), N.project_id.is_not(None))
    ).all():
        out[cid].add(pid)
    return {cid: sorted(pids) for cid, pids in out.items()}

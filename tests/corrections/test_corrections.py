"""Corrections on the database: stored with who/when/why/from what, applied over the model's labels,
kept through reclassification and re-linking, undone without losing history (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from linking.classify_stored import roll_up
from linking.corrections import (
    CorrectionError,
    CorrectionRequest,
    add_correction,
    all_corrections,
    apply_corrections,
    corrected_project_ids,
    revoke_correction,
)
from reports.aggregates import Period
from reports.report import build_report
from storage.db import make_engine, session_scope
from storage.models import LabelCorrectionNotice, Notice, Project, ScenarioTag
from storage.repo import store_classification

from .conftest import MODEL, SmallDb

PERIOD = Period.parse("2025-03", "2025-01")


def req(project_id: str, note: str = "checked the award notice", **labels: object) -> CorrectionRequest:
    return CorrectionRequest(project_id=project_id, note=note, analyst="alice", **labels)  # type: ignore[arg-type]


def totals(url: str) -> tuple[int, dict[str, int]]:
    engine = make_engine(url)
    with Session(engine) as session:
        report = build_report(PERIOD, session=session, ranges=False)
    engine.dispose()
    return report.in_scope_total, {s.key: s.projects for s in report.type_totals}


def test_a_correction_is_stored_with_who_when_why_and_from_what(small: SmallDb) -> None:
    p1 = small.project_of["P1"]
    before, _ = totals(small.url)
    engine = make_engine(small.url)
    with session_scope(engine) as session:
        row = add_correction(req(p1, in_scope=False), session=session)
    with Session(engine) as session:
        stored = all_corrections(session=session)
        notices = session.exec(select(LabelCorrectionNotice)).all()
        project = session.get(Project, p1)
        tags = session.exec(select(ScenarioTag).where(ScenarioTag.project_id == p1)).all()
    engine.dispose()
    assert [c.id for c in stored] == [row.id]
    c = stored[0]
    assert (c.project_id, c.analyst, c.note, c.revoked_at) == (p1, "alice", "checked the award notice", None)
    assert c.changes == {"llm": False}
    assert c.previous == {"in_scope": True, "llm": True}
    assert c.created_at is not None
    assert len(notices) == 3  # P1's tender, award and the ggzy copy
    assert project is not None and (project.llm, project.in_scope, project.type, project.scenarios) == (
        False,
        False,
        None,
        [],
    )
    assert tags == []
    assert totals(small.url)[0] == before - 1


def test_type_and_scenarios_move_the_type_shares(small: SmallDb) -> None:
    engine = make_engine(small.url)
    _, types_before = totals(small.url)
    with session_scope(engine) as session:
        add_correction(req(small.project_of["P2"], type="model", scenarios=("management",)), session=session)
    engine.dispose()
    _, types_after = totals(small.url)
    assert types_after["compute"] == types_before["compute"] - 1
    assert types_after["model"] == types_before.get("model", 0) + 1


@pytest.mark.parametrize(
    ("labels", "message"),
    [
        ({"in_scope": True, "llm": False}, "contradicts"),
        ({"llm": True}, None),  # P7 is not llm and has no type: refused below
        ({"scenarios": ("clinical",)}, "only for in-scope projects"),
        ({"type": "model"}, "only for large-model (llm) projects"),
    ],
)
def test_requests_that_contradict_themselves_are_refused(
    small: SmallDb, labels: dict[str, object], message: str | None
) -> None:
    engine = make_engine(small.url)
    with Session(engine) as session, pytest.raises(CorrectionError) as caught:
        add_correction(req(small.project_of["P7"], **labels), session=session)
    engine.dispose()
    assert small.project_of["P7"] in str(caught.value)
    assert (message or "needs a type") in str(caught.value)


def test_unknown_project_and_missing_note(small: SmallDb) -> None:
    engine = make_engine(small.url)
    with Session(engine) as session:
        with pytest.raises(CorrectionError, match="unknown project id 'nope'"):
            add_correction(req("nope", in_scope=False), session=session)
        with pytest.raises(CorrectionError, match="needs --note"):
            add_correction(req(small.project_of["P1"], note=" ", in_scope=False), session=session)
    engine.dispose()


def test_a_correction_survives_a_new_model(small: SmallDb) -> None:
    """Reclassification with a new model version rewrites the model's labels; the correction stays on top."""
    p2 = small.project_of["P2"]
    engine = make_engine(small.url)
    with session_scope(engine) as session:
        add_correction(req(p2, type="model"), session=session)
    with session_scope(engine) as session:
        for notice in session.exec(select(Notice)).all():
            assert notice.id is not None
            store_classification(
                notice.id,
                session=session,
                model_version="test-labels-2",
                llm=True,
                industry="medical",
                in_scope=True,
                scope_score=0.9,
                type="compute",
                scenarios=[],
            )
        roll_up("test-labels-2", session=session)
    with Session(engine) as session:
        p2_row = session.get(Project, p2)
        p4_row = session.get(Project, small.project_of["P4"])
    engine.dispose()
    assert p2_row is not None and p2_row.type == "model" and p2_row.model_version == "test-labels-2"
    assert p4_row is not None and p4_row.type == "compute"  # not corrected: the new model's answer


def test_a_correction_follows_its_notices_when_a_project_splits(small: SmallDb) -> None:
    """P3's two lots corrected together, then re-linked into two projects: both keep the correction."""
    p3 = small.project_of["P3"]
    engine = make_engine(small.url)
    with session_scope(engine) as session:
        add_correction(req(p3, type="integrated"), session=session)
    with session_scope(engine) as session:
        old = session.get(Project, p3)
        assert old is not None
        split = Project(id="split-p3", link_key="split", title=old.title, buyer=old.buyer, status="awarded")
        split.first_award_date, split.award_month = old.first_award_date, old.award_month
        session.add(split)
        session.flush()
        lot2 = session.exec(select(Notice).where(Notice.project_id == p3).order_by(Notice.id.desc())).first()  # type: ignore[union-attr]
        assert lot2 is not None
        lot2.project_id = "split-p3"
        session.add(lot2)
        session.flush()
        roll_up(MODEL, session=session)
    with Session(engine) as session:
        types = {pid: session.get(Project, pid).type for pid in (p3, "split-p3")}  # type: ignore[union-attr]
        assert corrected_project_ids(session=session) == {p3, "split-p3"}
    engine.dispose()
    assert types == {p3: "integrated", "split-p3": "integrated"}


def test_corrections_of_merged_projects_both_apply_latest_first_field_wins(small: SmallDb) -> None:
    p1, p8 = small.project_of["P1"], small.project_of["P8"]
    engine = make_engine(small.url)
    with session_scope(engine) as session:
        add_correction(req(p1, type="model"), session=session)
        add_correction(req(p8, scenarios=("research",)), session=session)
    with session_scope(engine) as session:
        for notice in session.exec(select(Notice).where(Notice.project_id == p8)).all():
            notice.project_id = p1
            session.add(notice)
        session.flush()
        roll_up(MODEL, session=session)
        merged = session.get(Project, p1)
        assert merged is not None
        assert (merged.type, merged.scenarios) == ("model", ["research"])
    engine.dispose()


def test_undo_keeps_the_history_and_restores_the_model_labels(small: SmallDb) -> None:
    p1 = small.project_of["P1"]
    engine = make_engine(small.url)
    with session_scope(engine) as session:
        first = add_correction(req(p1, in_scope=False), session=session)
    with session_scope(engine) as session:
        assert first.id is not None
        revoke_correction(first.id, session=session, analyst="bob", note="wrong project")
    with Session(engine) as session:
        rows = all_corrections(session=session)
        project = session.get(Project, p1)
        tags = sorted(
            t.scenario for t in session.exec(select(ScenarioTag).where(ScenarioTag.project_id == p1))
        )
        assert corrected_project_ids(session=session) == set()
    with session_scope(engine) as session, pytest.raises(CorrectionError, match="already undone by bob"):
        assert first.id is not None
        revoke_correction(first.id, session=session, analyst="bob")
    with session_scope(engine) as session, pytest.raises(CorrectionError, match="unknown correction id 999"):
        revoke_correction(999, session=session, analyst="bob")
    engine.dispose()
    assert len(rows) == 1 and rows[0].revoked_by == "bob" and rows[0].revoke_note == "wrong project"
    assert project is not None and (project.in_scope, project.type) == (True, "integrated")
    assert tags == ["clinical"]


def test_apply_corrections_is_idempotent(small: SmallDb) -> None:
    engine = make_engine(small.url)
    with session_scope(engine) as session:
        add_correction(req(small.project_of["P4"], industry="medical"), session=session)
    with session_scope(engine) as session:
        assert apply_corrections(session=session) == 1
        assert apply_corrections(session=session) == 1
        p4 = session.get(Project, small.project_of["P4"])
        assert p4 is not None and p4.in_scope is True
    engine.dispose()

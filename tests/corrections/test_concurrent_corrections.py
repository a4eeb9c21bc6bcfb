"""Two analysts correcting the same project at once, from two processes with their own connections:
no correction is lost, each one's "from what" is the labels the other left, and the project's stored
labels are those of all corrections applied in order (SQLite and PostgreSQL)."""

from __future__ import annotations

import multiprocessing as mp
from typing import Any

from sqlmodel import Session

from linking.corrections import (
    CorrectionRequest,
    add_correction,
    all_corrections,
    apply_corrections,
    labels_of,
)
from storage.db import make_engine, session_scope
from storage.models import Project

from .conftest import SmallDb

ROUNDS = 6
TYPES = ("model", "compute", "integrated")
SCENARIO_SETS = (("patient",), ("research", "patient"), ("clinical",))


def _analyst(url: str, name: str, project_id: str, barrier: Any) -> None:
    engine = make_engine(url, migrate=False)
    barrier.wait()
    for i in range(ROUNDS):
        labels: dict[str, Any] = (
            {"type": TYPES[i % 3]} if name == "alice" else {"scenarios": SCENARIO_SETS[i % 3]}
        )
        with session_scope(engine) as session:
            add_correction(
                CorrectionRequest(project_id=project_id, note=f"round {i}", analyst=name, **labels),
                session=session,
            )
    engine.dispose()


def test_two_processes_never_lose_an_update(small: SmallDb) -> None:
    p1 = small.project_of["P1"]
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(2)
    workers = [ctx.Process(target=_analyst, args=(small.url, name, p1, barrier)) for name in ("alice", "bob")]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=300)
    assert [w.exitcode for w in workers] == [0, 0]

    engine = make_engine(small.url)
    with Session(engine) as session:
        rows = all_corrections(session=session)
        stored = session.get(Project, p1)
        assert stored is not None
        stored_labels = labels_of(stored)
    assert len(rows) == 2 * ROUNDS
    assert sorted(r.analyst for r in rows) == ["alice"] * ROUNDS + ["bob"] * ROUNDS
    # Replay the corrections in the order they were committed: each one's "from what" is what the one
    # before it left, so no analyst read labels another was changing at that moment.
    current = {"type": "integrated", "scenarios": ["clinical"]}
    for r in rows:
        for key, value in r.changes.items():
            if key in r.previous:
                assert r.previous[key] == current[key], (r.id, key)
            current[key] = value
    assert (stored_labels.type, stored_labels.scenarios) == (current["type"], current["scenarios"])
    with session_scope(engine) as session:
        apply_corrections(session=session)
        again = session.get(Project, p1)
        assert again is not None and labels_of(again) == stored_labels
    engine.dispose()


def _second(url: str, project_id: str) -> None:
    engine = make_engine(url, migrate=False)
    with session_scope(engine) as session:
        add_correction(
            CorrectionRequest(project_id=project_id, note="second", analyst="bob", type="compute"),
            session=session,
        )
    engine.dispose()


def _waiting_or_done(url: str, bob: Any) -> None:
    """On PostgreSQL, return once Bob's session waits on a lock that Alice holds (or Bob has ended).

    This orders the two transactions by what the server reports, not by sleeping: without the lock taken
    before reading, Bob would read Alice's project before she commits and wait only at his own UPDATE,
    storing a stale "from what"; the assertion below then fails.
    """
    if not url.startswith("postgresql"):
        return  # SQLite: a reader whose snapshot went stale cannot write (SQLITE_BUSY_SNAPSHOT), no lost update
    engine = make_engine(url, migrate=False)
    with engine.connect() as conn:
        while bob.is_alive():
            waiting = conn.exec_driver_sql(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'tenders-test-bob' "
                "AND wait_event_type = 'Lock'"
            ).scalar()
            conn.rollback()
            if waiting:
                break
            bob.join(timeout=0.05)
    engine.dispose()


def test_a_correction_waits_for_one_in_progress(small: SmallDb) -> None:
    """Alice's transaction is open while Bob corrects the same project: Bob waits, then keeps her change."""
    p1 = small.project_of["P1"]
    engine = make_engine(small.url)
    ctx = mp.get_context("spawn")
    bob_url = small.url + ("&" if "?" in small.url else "?") + "application_name=tenders-test-bob"
    if not small.url.startswith("postgresql"):
        bob_url = small.url
    with session_scope(engine) as session:
        add_correction(
            CorrectionRequest(project_id=p1, note="first", analyst="alice", type="model"), session=session
        )
        bob = ctx.Process(target=_second, args=(bob_url, p1))
        bob.start()
        _waiting_or_done(small.url, bob)
    bob.join(timeout=300)
    assert bob.exitcode == 0
    with Session(engine) as session:
        rows = all_corrections(session=session)
        project = session.get(Project, p1)
    engine.dispose()
    assert [(r.analyst, r.changes) for r in rows] == [
        ("alice", {"type": "model"}),
        ("bob", {"type": "compute"}),
    ]
    assert rows[1].previous == {"in_scope": True, "type": "model"}  # Alice's, not the model's integrated
    assert project is not None and project.type == "compute"

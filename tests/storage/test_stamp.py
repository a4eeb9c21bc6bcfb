"""Migration 0007: the data stamp's triggers are in place at head on both backends, bump the counter on
every kind of write to each stamped table and on nothing else, and go away and come back with a
downgrade and an upgrade."""

from __future__ import annotations

import itertools

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from storage import stamp
from storage.db import alembic_config, make_engine, table_names
from storage.stamp import STAMPED_TABLES, data_stamp, expected_triggers, present_triggers


def migrate(engine: Engine, revision: str, *, down: bool = False) -> None:
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(cfg, revision)


def current(engine: Engine) -> int | None:
    with Session(engine) as session:
        return data_stamp(session=session)


def test_the_migration_names_the_tables_the_code_expects(database_url: str) -> None:
    engine = make_engine(database_url)
    module = ScriptDirectory.from_config(alembic_config(database_url)).get_revision("0007").module
    assert module.STAMPED_TABLES == STAMPED_TABLES and module.STAMP_NAME == stamp.STAMP_NAME
    with Session(engine) as session:
        assert present_triggers(session=session) == expected_triggers(engine.dialect.name)
    assert current(engine) == 0
    engine.dispose()


def test_every_kind_of_write_to_a_stamped_table_bumps_the_stamp(database_url: str) -> None:
    engine = make_engine(database_url)
    steps = [
        "INSERT INTO project (id, link_key, title, status, suppliers, scenarios, updated_at) "
        "VALUES ('p1', 'k', 't', 'open', '[]', '[]', CURRENT_TIMESTAMP)",
        "INSERT INTO notice (source, url, title, notice_type, suppliers, text, related_urls, parse_quality, "
        "content_hash, project_id, first_seen_at, updated_at) VALUES ('ccgp', 'u', 't', 'award', '[]', '', "
        "'[]', '[]', 'h', 'p1', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
        "INSERT INTO classification (notice_id, model_version, llm, industry, in_scope, scope_score, "
        "scenarios, created_at) SELECT id, 'm', {t}, 'medical', {t}, 0.9, '[]', CURRENT_TIMESTAMP FROM notice",
        "INSERT INTO label_correction (project_id, changes, previous, note, analyst, source, created_at) "
        "VALUES ('p1', '{{}}', '{{}}', 'n', 'a', 'cli', CURRENT_TIMESTAMP)",
        "INSERT INTO label_correction_notice (correction_id, notice_id) "
        "SELECT c.id, n.id FROM label_correction c, notice n",
        "UPDATE classification SET scope_score = 0.5",
        "UPDATE project SET award_month = '2025-03'",
        "UPDATE label_correction SET note = 'm'",
        "DELETE FROM label_correction_notice",
        "DELETE FROM label_correction",
        "DELETE FROM classification",
        "UPDATE notice SET title = 'u'",
        "DELETE FROM notice",
        "DELETE FROM project",
    ]
    t = "1" if engine.dialect.name == "sqlite" else "true"
    seen = [current(engine)]
    for sql in steps:
        with engine.begin() as conn:
            conn.execute(text(sql.format(t=t)))
        seen.append(current(engine))
    assert all(b is not None and a is not None and b > a for a, b in itertools.pairwise(seen)), seen
    # A table the ranges do not read (organisation) leaves the stamp as it is.
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO organisation (name, normalised_name, brand) VALUES ('x', 'x', 'other')")
        )
    assert current(engine) == seen[-1]
    engine.dispose()


def test_a_rolled_back_write_leaves_the_stamp(database_url: str) -> None:
    engine = make_engine(database_url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO project (id, link_key, title, status, suppliers, scenarios, updated_at) "
                "VALUES ('p1', 'k', 't', 'open', '[]', '[]', CURRENT_TIMESTAMP)"
            )
        )
    before = current(engine)
    with engine.connect() as conn:
        conn.execute(text("UPDATE project SET title = 'u'"))
        conn.execute(text("DELETE FROM project"))
        conn.rollback()
    assert before is not None and before > 0 and current(engine) == before
    engine.dispose()


def test_downgrade_removes_the_triggers_and_upgrade_restores_them(database_url: str) -> None:
    engine = make_engine(database_url)
    migrate(engine, "0006", down=True)
    assert {"data_state", "stored_ranges"}.isdisjoint(table_names(engine))
    with Session(engine) as session:
        assert present_triggers(session=session) == set()
    migrate(engine, "head")
    with Session(engine) as session:
        assert present_triggers(session=session) == expected_triggers(engine.dialect.name)
    assert current(engine) == 0
    engine.dispose()

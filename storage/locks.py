"""Named locks in the database: one source is crawled by one process at a time, across machines.

A lock is a row in `job_lock`; inserting it is the acquisition (the primary key makes it exclusive on
SQLite and PostgreSQL alike). Locks expire, so a holder that died without releasing does not block forever.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from storage.models import JobLock, utcnow

DEFAULT_TTL = timedelta(hours=6)


class LockHeld(Exception):
    """Another process holds the lock; the message names it and its holder."""


def default_holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def try_acquire(
    engine: Engine, name: str, *, holder: str | None = None, ttl: timedelta = DEFAULT_TTL
) -> bool:
    """Take the lock if it is free or expired; False when someone else holds it."""
    now = utcnow()
    with Session(engine) as session:
        session.execute(delete(JobLock).where(JobLock.name == name, JobLock.expires_at < now))  # type: ignore[arg-type]
        session.add(
            JobLock(name=name, holder=holder or default_holder(), acquired_at=now, expires_at=now + ttl)
        )
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
            return False
    return True


def release(engine: Engine, name: str, *, holder: str | None = None) -> None:
    with Session(engine) as session:
        session.execute(
            delete(JobLock).where(JobLock.name == name, JobLock.holder == (holder or default_holder()))  # type: ignore[arg-type]
        )
        session.commit()


def current_holder(engine: Engine, name: str) -> str | None:
    with Session(engine) as session:
        lock = session.get(JobLock, name)
        if lock is None or lock.expires_at < utcnow():
            return None
        return lock.holder


@contextmanager
def held(
    engine: Engine, name: str, *, holder: str | None = None, ttl: timedelta = DEFAULT_TTL
) -> Iterator[None]:
    """Hold the lock for a block of work, or raise LockHeld at once (a crawl does not queue behind another)."""
    who = holder or default_holder()
    if not try_acquire(engine, name, holder=who, ttl=ttl):
        raise LockHeld(f"{name} is locked by {current_holder(engine, name) or 'another process'}")
    try:
        yield
    finally:
        release(engine, name, holder=who)

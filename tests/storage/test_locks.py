"""Database locks on both backends: exclusive, released, expiring."""

from __future__ import annotations

from datetime import timedelta

import pytest

from storage.db import make_engine
from storage.locks import LockHeld, current_holder, held, release, try_acquire


def test_lock_is_exclusive_until_released(database_url: str) -> None:
    engine = make_engine(database_url)
    assert try_acquire(engine, "crawl:ccgp", holder="a")
    assert not try_acquire(engine, "crawl:ccgp", holder="b")
    assert try_acquire(engine, "crawl:ggzy", holder="b")
    assert current_holder(engine, "crawl:ccgp") == "a"
    release(engine, "crawl:ccgp", holder="b")  # not the holder: nothing happens
    assert current_holder(engine, "crawl:ccgp") == "a"
    release(engine, "crawl:ccgp", holder="a")
    assert current_holder(engine, "crawl:ccgp") is None
    assert try_acquire(engine, "crawl:ccgp", holder="b")


def test_expired_lock_is_taken_over(database_url: str) -> None:
    engine = make_engine(database_url)
    assert try_acquire(engine, "crawl:zcy", holder="dead", ttl=timedelta(seconds=-1))
    assert current_holder(engine, "crawl:zcy") is None
    assert try_acquire(engine, "crawl:zcy", holder="alive")
    assert current_holder(engine, "crawl:zcy") == "alive"


def test_held_context_raises_naming_the_holder(database_url: str) -> None:
    engine = make_engine(database_url)
    with (
        held(engine, "crawl:ccgp", holder="first"),
        pytest.raises(LockHeld, match="crawl:ccgp is locked by first"),
        held(engine, "crawl:ccgp", holder="second"),
    ):
        pass
    assert current_holder(engine, "crawl:ccgp") is None

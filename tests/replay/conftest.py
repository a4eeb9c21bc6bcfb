"""Shared fixtures: the bundled corpus (loaded once) and a live replay site on it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from replay import Corpus, ReplaySite, TruthRow, load_corpus, read_truth


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return load_corpus()


@pytest.fixture(scope="session")
def truth() -> list[TruthRow]:
    return read_truth()


@pytest.fixture(scope="module")
def site(corpus: Corpus) -> Iterator[ReplaySite]:
    with ReplaySite(corpus) as running:
        yield running

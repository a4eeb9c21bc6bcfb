"""The replay corpus is worded apart from the classifier's training corpus (issue 11).

The replay is the demo's judge of the whole pipeline; if its titles reuse the training corpus's
sentences, a classifier that learnt those sentences looks exact on it whatever it does on real
notices. The measure: the share of the character 5-grams of a set of titles (each distinct title once,
every position counted) that also occur in a training title. The held-out set (fixtures/classifier/
heldout.jsonl) was written apart from training on purpose; the replay must be no closer to training
than the held-out set is.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pytest

from domain.paths import FIXTURES_DIR
from replay import Corpus

N = 5
CLASSIFIER_DIR = FIXTURES_DIR / "classifier"


def grams(text: str, n: int = N) -> list[str]:
    """Every character n-gram of a text, by position."""
    return [text[i : i + n] for i in range(len(text) - n + 1)]


def shared_share(titles: Iterable[str], reference: set[str]) -> float:
    """Share of the n-gram positions of the distinct titles whose n-gram is in `reference`."""
    total = shared = 0
    for title in sorted(set(titles)):
        for gram in grams(title):
            total += 1
            shared += gram in reference
    return shared / total if total else 0.0


def titles_of(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line)["title"] for line in handle if line.strip()]


@pytest.fixture(scope="module")
def training_grams() -> set[str]:
    return {gram for title in titles_of(CLASSIFIER_DIR / "train.jsonl") for gram in grams(title)}


def test_the_measure_counts_shared_grams() -> None:
    reference = set(grams("某市人民医院大模型一体机采购项目"))
    assert shared_share(["某市人民医院大模型一体机采购项目"], reference) == 1.0
    assert shared_share(["甲乙丙丁戊己庚辛"], reference) == 0.0
    # 人民医院大模XYZ: of its five 5-grams, 人民医院大 and 民医院大模 are shared; a repeated title counts once.
    assert shared_share(["人民医院大模XYZ"] * 3, reference) == pytest.approx(2 / 5)


def test_replay_titles_are_no_closer_to_training_than_heldout(
    corpus: Corpus, training_grams: set[str]
) -> None:
    replay = shared_share((n.title for n in corpus.notices), training_grams)
    heldout = shared_share(titles_of(CLASSIFIER_DIR / "heldout.jsonl"), training_grams)
    assert replay <= heldout, (
        f"replay titles share {replay:.1%} of their 5-grams with training titles, held-out {heldout:.1%}: "
        "reword authoring/replay_corpus/data/ apart from the training vocabulary"
    )

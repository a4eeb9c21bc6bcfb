"""The labelled corpus: coverage, label rules, train/held-out separation, and that the script writes it."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections import Counter
from typing import Any

import pytest

from classifier.corpus.build import (
    HELDOUT_FILE,
    HELDOUT_PAGES_FILE,
    HELDOUT_PAGES_SEED,
    HELDOUT_QUOTA,
    HELDOUT_SEED,
    TRAIN_FILE,
    TRAIN_QUOTA,
    TRAIN_SEED,
    compose_file,
)  # fmt: skip
from classifier.corpus.heldout_pages import HELDOUT_PAGES
from classifier.corpus.heldout_vocab import HELDOUT
from classifier.corpus.pages import wrap_rows
from classifier.corpus.train_vocab import TRAIN
from classifier.training import label_problem, read_corpus
from tenders.domain import INDUSTRIES, PROJECT_TYPES, SCENARIOS


@pytest.fixture(scope="module")
def train() -> list[dict[str, Any]]:
    return read_corpus(TRAIN_FILE)


@pytest.fixture(scope="module")
def held() -> list[dict[str, Any]]:
    return read_corpus(HELDOUT_FILE)


def test_training_part_covers_every_label_family(train: list[dict[str, Any]]) -> None:
    llm = [r for r in train if r["llm"]]
    medical = [r for r in llm if r["industry"] == "medical"]
    assert len(train) >= 2000
    assert len(llm) >= 600 and len(medical) >= 300
    assert len(train) - len(llm) >= 1000
    assert {r["industry"] for r in llm} == set(INDUSTRIES)
    assert {r["type"] for r in llm} == set(PROJECT_TYPES)
    assert {r["type"] for r in medical} == set(PROJECT_TYPES)
    per_scenario = Counter(s for r in medical for s in r["scenarios"])
    assert all(per_scenario[s] >= 40 for s in SCENARIOS), per_scenario
    sizes = Counter(len(r["scenarios"]) for r in medical)
    assert sizes[0] >= 40 and sizes[2] >= 40 and sizes[3] >= 1


@pytest.mark.parametrize(
    "near_miss",
    [
        "自助",
        "查询一体机",
        "教学模型",
        "3D打印",
        "数据模型",
        "大数据平台",
        "HIS服务器",
        "CDSS",
        "辅助诊断软件",
        "GPT",
        "智能",
        "CT",
        "智能体测",
        "体检一体机",
        "会议一体机",
        "沙盘模型",
        "人工智能实",
        "智能化改造",
    ],
)
def test_near_miss_negatives_are_present(train: list[dict[str, Any]], near_miss: str) -> None:
    negatives = [r for r in train if not r["llm"] and near_miss in r["title"] + r["text"]]
    assert len(negatives) >= 5, f"too few not-llm notices mentioning {near_miss}"


def test_every_notice_keeps_the_label_rules(train: list[dict[str, Any]], held: list[dict[str, Any]]) -> None:
    for row in train + held:
        assert label_problem(row) is None
        assert (row["type"] is None) == (not row["llm"])
        if row["scenarios"]:
            assert row["llm"] and row["industry"] == "medical"
        assert 1 <= row["text"].count("。") <= 4, row["text"]


def test_label_problem_catches_broken_rows() -> None:
    good = {
        "title": "某医院大模型一体机采购",
        "llm": True,
        "industry": "medical",
        "type": "integrated",
        "scenarios": [],
    }
    assert label_problem(good) is None
    assert label_problem(good | {"type": None}) == "llm notice with type None"
    assert label_problem(good | {"llm": False}) == "type set on a notice that is not llm"
    assert "not in scope" in str(label_problem(good | {"industry": "finance", "scenarios": ["clinical"]}))


def test_no_title_is_shared_between_training_and_held_out(
    train: list[dict[str, Any]], held: list[dict[str, Any]]
) -> None:
    assert len({r["title"] for r in train}) == len(train)
    assert not {r["title"] for r in train} & {r["title"] for r in held}


def _strings(value: object) -> set[str]:
    if isinstance(value, str):
        return {value}
    items = value.values() if isinstance(value, dict) else value
    return set().union(*(_strings(v) for v in items)) if items else set()  # type: ignore[union-attr]


# Fields whose entries are the domain's own fixed words (legal procurement methods, public model
# names from SPEC §4, noise tables) and may coincide; every phrase set proper must not.
SHARED_BY_NATURE = {"name", "methods", "medical_models", "english", "typos"}


def test_held_out_phrase_set_shares_no_entry_with_the_training_one() -> None:
    for f in dataclasses.fields(TRAIN):
        if f.name in SHARED_BY_NATURE:
            continue
        common = _strings(getattr(TRAIN, f.name)) & _strings(getattr(HELDOUT, f.name))
        assert not common, f"{f.name}: {sorted(common)[:5]}"


def test_the_authoring_script_writes_exactly_the_committed_files() -> None:
    train = compose_file(TRAIN, TRAIN_QUOTA, TRAIN_SEED)
    held = compose_file(HELDOUT, HELDOUT_QUOTA, HELDOUT_SEED, frozenset(n["title"] for n in train))
    pages = wrap_rows(held, HELDOUT_PAGES, HELDOUT_PAGES_SEED)
    for rows, path in ((train, TRAIN_FILE), (held, HELDOUT_FILE), (pages, HELDOUT_PAGES_FILE)):
        data = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows).encode("utf-8")
        assert hashlib.sha256(data).hexdigest() == hashlib.sha256(path.read_bytes()).hexdigest(), path


def test_training_part_says_hardware_is_not_bought_where_it_is_not_the_deliverable(
    train: list[dict[str, Any]],
) -> None:
    """SPEC §5: deployment on the buyer's own servers is `model`; the corpus must show hardware words there."""
    from classifier.cues import SIGNAL_NAMES, signal_matrix

    negated = SIGNAL_NAMES.index("hardware_negated_only")
    rows = [r for r in train if r["llm"]]
    signals = signal_matrix(
        [r["buyer"] or "" for r in rows],
        [r["title"] for r in rows],
        [f"{r['title']}。{r['text']}" for r in rows],
    )
    by_type = Counter(r["type"] for r, s in zip(rows, signals, strict=True) if s[negated])
    assert by_type["model"] >= 200 and by_type["integrated"] >= 20, by_type
    assert by_type["compute"] <= by_type["model"] // 10, by_type

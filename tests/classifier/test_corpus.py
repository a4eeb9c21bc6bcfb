"""The labelled corpus: coverage, label rules, train/held-out separation, and that the script writes it."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections import Counter
from typing import Any

import pytest

from authoring.classifier_corpus.build import (
    HELDOUT_PAGES_SEED,
    HELDOUT_QUOTA,
    HELDOUT_SEED,
    TRAIN_QUOTA,
    TRAIN_SEED,
    compose_file,
)  # fmt: skip
from authoring.classifier_corpus.vocabulary import HELDOUT, HELDOUT_PAGES, TRAIN
from classifier.page_shapes import wrap_rows
from classifier.training import HELDOUT_FILE, HELDOUT_PAGES_FILE, TRAIN_FILE, label_problem, read_corpus
from domain.vocabulary import INDUSTRIES, PROJECT_TYPES, SCENARIOS


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
    # Each near-miss entry is drawn ~6 times (800 medical negatives over ~140 entries since clf7 added the
    # real-notice families); 4 keeps the family present without failing on one draw's luck.
    assert len(negatives) >= 4, f"too few not-llm notices mentioning {near_miss}"


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
# names from docs/domain.md §4, noise tables) and may coincide; every phrase set proper must not.
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
    """docs/domain.md §5: deployment on the buyer's own servers is `model`; the corpus must show hardware words there."""
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


@pytest.mark.parametrize("part", ["train", "held"])
def test_both_parts_hold_the_clf5_phenomena(part: str, request: pytest.FixtureRequest) -> None:
    """Stated uses inside compute/一体机 purchases (1–3, docs/domain.md §6), upgrades of LLM applications
    (integrated), knowledge-base platforms (model), compute bought for a named platform (compute)."""
    from classifier.cues import HARDWARE

    rows: list[dict[str, Any]] = request.getfixturevalue(part)
    vocab = TRAIN if part == "train" else HELDOUT
    scale = 1 if part == "train" else 5  # the held-out part is ~5 times smaller
    scoped = [r for r in rows if r["llm"] and r["industry"] == "medical"]
    for shape in ("compute", "integrated"):
        sizes = Counter(len(r["scenarios"]) for r in scoped if r["type"] == shape)
        assert sizes[2] >= 40 // scale and sizes[3] >= 10 // scale, (shape, sizes)
    # A use stated in the same sentence as the hardware or the 一体机 it is bought for.
    apps = {s: vocab.scenario_apps[s] for s in SCENARIOS}
    inline = [
        r
        for r in scoped
        if r["type"] != "model"
        and any(
            (HARDWARE.search(sentence.lower()) or "一体" in sentence)
            and any(app in sentence for s in r["scenarios"] for app in apps[s])
            for sentence in r["text"].split("。")
        )
    ]
    assert len(inline) >= 150 // scale, len(inline)
    upgrades = [
        r
        for r in rows
        if r["type"] == "integrated" and re.search(r"升级|二期|扩容|扩展|拓展|续建|迭代", r["title"])
    ]
    assert len(upgrades) >= 150 // scale
    knowledge = [r for r in rows if r["type"] == "model" and "知识" in r["title"] and "平台" in r["title"]]
    assert len(knowledge) >= 60 // scale
    # Compute for a platform: the title names no hardware, the body buys it.
    platform = [
        r
        for r in rows
        if r["type"] == "compute"
        and "平台" in r["title"] + r["text"]
        and not HARDWARE.search(r["title"].lower())
    ]
    assert len(platform) >= 30 // scale


def test_the_bundle_rule_fires_on_no_notice_of_another_type(
    train: list[dict[str, Any]], held: list[dict[str, Any]]
) -> None:
    """The docs/domain.md §5 rule layer of classifier.predict (`bundle_stated` → integrated) agrees with the labels."""
    from classifier.cues import bundle_stated
    from classifier.textprep import classification_text

    for rows in (train, held):
        fired = bundle_stated([f"{r['title']}。{classification_text(r['text'], r['title'])}" for r in rows])
        assert {r["type"] for r, hit in zip(rows, fired, strict=True) if hit} == {"integrated"}


@pytest.mark.parametrize("part", ["train", "held"])
def test_both_parts_hold_the_clf6_phenomena(part: str, request: pytest.FixtureRequest) -> None:
    """The supplier's 运维 in notices of every type without a management use, platform capabilities
    (纳管/编排) with and without a use after them, manufacturers' 故障诊断 assistants, applications with
    the hardware supplied after them, nursing quality control (clinical) and IT-operations uses (management)."""
    from classifier.cues import bundle_stated

    rows: list[dict[str, Any]] = request.getfixturevalue(part)
    scale = 1 if part == "train" else 5
    scoped = [r for r in rows if r["llm"] and r["industry"] == "medical"]
    for shape in PROJECT_TYPES:
        scope_only = [r for r in scoped if r["type"] == shape and "运维" in r["text"]]
        assert sum("management" not in r["scenarios"] for r in scope_only) >= 40 // scale, shape
        assert sum(not r["scenarios"] for r in scope_only) >= 25 // scale, shape
    platforms = [r for r in scoped if r["type"] == "model" and re.search("纳管|编排", r["text"])]
    assert sum(bool(r["scenarios"]) for r in platforms) >= 40 // scale
    assert sum(not r["scenarios"] for r in platforms) >= 10 // scale
    machines = [
        r for r in rows if r["llm"] and r["industry"] == "manufacturing" and "诊断" in r["title"] + r["text"]
    ]
    assert len(machines) >= 20 // scale
    built = [
        r for r in rows if r["type"] == "integrated" and re.search("开发|构建|搭建|研发|研制", r["text"])
    ]
    assert sum(bundle_stated([r["text"] for r in built])) >= 60 // scale
    assert (
        sum("clinical" in r["scenarios"] and "护理质" in r["title"] + r["text"] for r in scoped) >= 5 // scale
    )
    it_ops = [
        r for r in scoped if "management" in r["scenarios"] and re.search("运维|工单", r["title"] + r["text"])
    ]
    assert len(it_ops) >= 60 // scale

"""The report's ranges are the straightforward simulation's, draw for draw.

`reports.uncertainty.simulate` compares only what each figure needs (type bounds, the llm rate where
a project has llm votes, tags counted where drawn in scope) so that a large period's ranges stay
quick. `reference` below is the simulation written plainly, one array per label, as it was before;
both take the same random numbers in the same order, so their ranges must be equal to the last bit,
on projects of every kind: plain ones, called in or out, with and without type or llm votes, tagged,
analyst-corrected (with and without a type), and in months outside the asked ones.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence

import numpy as np
import pytest

from domain.vocabulary import PROJECT_TYPES, SCENARIOS
from reports.uncertainty import (
    CHUNK,
    LEVEL,
    SCORE_EDGES,
    ErrorModel,
    ProjectEvidence,
    _beta,
    score_band,
    simulate,
)

MONTHS = ["2025-01", "2025-02", "2025-03"]


def reference(
    projects: Sequence[ProjectEvidence], months: Sequence[str], error: ErrorModel, draws: int, seed: int
) -> dict[str, list[float | None]]:
    """Every label of every project drawn as a full array, then each figure summed from them."""
    rng = np.random.default_rng(seed)
    scope_rate = np.stack(
        [np.stack([_beta(rng, cell, draws) for cell in by_band], axis=1) for by_band in error.scope], axis=1
    )
    llm_yes = _beta(rng, error.llm_called, draws)
    llm_no = _beta(rng, error.llm_not_called, draws)
    confusion = np.stack(
        [
            rng.dirichlet([error.type_confusion[c][t] + 0.5 for t in PROJECT_TYPES], size=draws)
            for c in PROJECT_TYPES
        ],
        axis=1,
    )
    tag_yes = np.stack([_beta(rng, error.tag_given[s], draws) for s in SCENARIOS], axis=1)
    tag_no = np.stack([_beta(rng, error.tag_missing[s], draws) for s in SCENARIOS], axis=1)
    tag_base = np.stack([_beta(rng, error.tag_prevalence[s], draws) for s in SCENARIOS], axis=1)
    plain = [
        p.fixed is None
        and score_band(p.score) == 0
        and not p.called
        and p.llm_vote == 0
        and not p.type_votes
        and not p.tags
        for p in projects
    ]
    plain_months = [p.month for p, is_plain in zip(projects, plain, strict=True) if is_plain]
    plain_count = np.array([plain_months.count(m) for m in months], dtype=np.int64)
    plain_other = len(plain_months) - int(plain_count.sum())
    projects = [p for p, is_plain in zip(projects, plain, strict=True) if not is_plain]
    n = len(projects)
    bands = np.array([score_band(p.score) for p in projects], dtype=int)
    called = np.array([p.called for p in projects], dtype=int)
    vote = np.array([p.llm_vote for p in projects], dtype=float)
    votes = np.array(
        [
            [p.type_votes.get(t, 0.0) for t in PROJECT_TYPES] if p.type_votes else [np.nan] * 3
            for p in projects
        ]
    ).reshape(n, 3)
    no_votes = np.isnan(votes[:, 0])
    votes = np.nan_to_num(votes)
    tagged = np.array([[s in p.tags for s in SCENARIOS] for p in projects], dtype=bool).reshape(n, 5)
    month_of = np.array([p.month for p in projects], dtype=object)
    figures: dict[str, list[np.ndarray]] = defaultdict(list)
    for start in range(0, draws, CHUNK):
        d = slice(start, min(start + CHUNK, draws))
        k = d.stop - d.start
        true_mix = confusion[d].sum(axis=1) / confusion[d].sum(axis=(1, 2))[:, None]
        true_mix /= true_mix.sum(axis=1, keepdims=True)
        counts = np.append(plain_count, plain_other)
        extra_in = rng.binomial(counts[None, :], scope_rate[d][:, 0, 0][:, None])
        extra_llm = rng.binomial(counts[None, :] - extra_in, llm_no[d][:, None])
        extra_total = extra_in.sum(axis=1)
        extra_types_in = rng.multinomial(extra_total, true_mix)
        extra_types_llm = extra_types_in + rng.multinomial(extra_llm.sum(axis=1), true_mix)
        extra_tags = rng.binomial(extra_total[:, None], tag_base[d])
        in_scope = rng.random((k, n)) < scope_rate[d][:, called, bands]
        llm = in_scope | (rng.random((k, n)) < vote * llm_yes[d, None] + (1 - vote) * llm_no[d, None])
        p_type = np.einsum("nc,dct->dnt", votes, confusion[d])
        p_type[:, no_votes, :] = true_mix[:, None, :]
        cum = np.cumsum(p_type, axis=2)
        cum[:, :, -1] = 1.0
        ptype = (rng.random((k, n, 1)) > cum).sum(axis=2)
        p_tag = np.where(tagged[None, :, :], tag_yes[d, None, :], tag_no[d, None, :])
        p_tag = np.where(called[None, :, None].astype(bool), p_tag, tag_base[d, None, :])
        tags = rng.random((k, n, 5)) < p_tag
        for j, p in enumerate(projects):
            if p.fixed is None:
                continue
            in_scope[:, j] = bool(p.fixed["in_scope"])
            llm[:, j] = bool(p.fixed["llm"])
            if p.fixed.get("type") in PROJECT_TYPES:
                ptype[:, j] = PROJECT_TYPES.index(p.fixed["type"])
            tags[:, j, :] = [s in p.fixed.get("scenarios", ()) for s in SCENARIOS]
        tags &= in_scope[:, :, None]
        total = (in_scope.sum(axis=1) + extra_total).astype(float)
        figures["total"].append(total)
        for i, m in enumerate(months):
            figures[m].append((in_scope[:, month_of == m].sum(axis=1) + extra_in[:, i]).astype(float))
        with np.errstate(invalid="ignore", divide="ignore"):
            for i, t in enumerate(PROJECT_TYPES):
                of_type = (in_scope & (ptype == i)).sum(axis=1) + extra_types_in[:, i]
                figures[f"type:{t}"].append(of_type / total)
                figures[f"pen:{t}"].append(
                    of_type / ((llm & (ptype == i)).sum(axis=1) + extra_types_llm[:, i])
                )
            for i, s in enumerate(SCENARIOS):
                figures[f"scn:{s}"].append((tags[:, :, i].sum(axis=1) + extra_tags[:, i]) / total)
    out: dict[str, list[float | None]] = {}
    for key, parts in figures.items():
        values = np.concatenate(parts)
        finite = values[np.isfinite(values)]
        lo, hi = (1 - LEVEL) / 2 * 100, (1 + LEVEL) / 2 * 100
        out[key] = (
            [float(np.percentile(finite, lo)), float(np.percentile(finite, hi))]
            if finite.size
            else [None, None]
        )
    return out


def error_model(rng: random.Random) -> ErrorModel:
    error = ErrorModel()
    for called in range(2):
        for band in range(len(SCORE_EDGES)):
            n = rng.randrange(0, 60)
            error.scope[called][band] = [rng.randrange(0, n + 1), n]
    error.llm_called, error.llm_not_called = [90, 100], [7, 300]
    for c in PROJECT_TYPES:
        for t in PROJECT_TYPES:
            error.type_confusion[c][t] = rng.randrange(0, 40 if c == t else 6)
    for s in SCENARIOS:
        error.tag_given[s], error.tag_missing[s], error.tag_prevalence[s] = [30, 40], [5, 80], [20, 100]
    return error


def evidence(rng: random.Random, n: int) -> list[ProjectEvidence]:
    out = []
    for i in range(n):
        month = rng.choice([*MONTHS, "2024-12"])
        if rng.random() < 0.3:  # plain
            out.append(ProjectEvidence(f"p{i:05d}", month, False, rng.random() * 0.02, 0.0, 0.0, {}, (), {}))
            continue
        weights = [rng.choice((0, 0, 1, 2, 3)) for _ in PROJECT_TYPES]
        type_votes = (
            {t: w / sum(weights) for t, w in zip(PROJECT_TYPES, weights, strict=True)} if sum(weights) else {}
        )
        fixed = None
        if rng.random() < 0.08:
            fixed = {
                "llm": rng.random() < 0.7,
                "in_scope": rng.random() < 0.5,
                "type": rng.choice([*PROJECT_TYPES, None]),
                "scenarios": tuple(rng.sample(SCENARIOS, rng.randrange(3))),
            }
        out.append(
            ProjectEvidence(
                f"p{i:05d}",
                month,
                rng.random() < 0.4,
                rng.random(),
                rng.choice((0.0, 1.0, rng.random())),
                0.0,
                type_votes,
                tuple(rng.sample(SCENARIOS, rng.randrange(3))),
                {},
                fixed,
            )
        )
    return out


@pytest.mark.parametrize(
    ("seed", "projects", "draws"), [(1, 0, 150), (2, 1, 120), (3, 60, 250), (4, 400, 300)]
)
def test_ranges_equal_the_plain_simulation(seed: int, projects: int, draws: int) -> None:
    rng = random.Random(seed)
    error = error_model(rng)
    rows = evidence(rng, projects)
    ranges = simulate(rows, MONTHS, error, draws=draws, seed=seed).to_json()
    expected = reference(rows, MONTHS, error, draws, seed)
    got = {"total": ranges["total"]}
    got |= {m: v for m, v in ranges["monthly"].items()}
    got |= {f"type:{k}": v for k, v in ranges["type_shares"].items()}
    got |= {f"pen:{k}": v for k, v in ranges["penetration"].items()}
    got |= {f"scn:{k}": v for k, v in ranges["scenario_shares"].items()}

    def same(a: Sequence[float | None], b: Sequence[float | None]) -> bool:
        return all(
            (x is None and y != y) or x == y or (x != x and y is None) for x, y in zip(a, b, strict=True)
        )

    assert set(got) == set(expected)
    assert {k: v for k, v in got.items() if not same(expected[k], v)} == {}

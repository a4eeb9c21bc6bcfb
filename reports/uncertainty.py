"""Ranges for the headline figures, from the classifier's measured error and per-project scores.

Method (the report's method section and docs/corrections.md say the same):

1. **Measured error.** The classifier is run on labelled notices it was not trained on: the held-out
   corpus (excerpts and page-shaped) and the real notices of the shared development set, when present.
   From them: how often a notice is truly in scope within each band of its score (scope_score =
   P(llm) × P(medical)); how often a notice called llm / not llm truly is llm; the type confusion
   (called t, truly t'); per scenario, how often a tag is right, how often a missing one was due, and
   how common it is among in-scope notices (for projects the model did not call in scope).
   Stored beside the models (error.json, `tenders train`) and used while model and sets still match.
2. **Per-project evidence.** For each awarded project of the period: the weighted mean of its notices'
   scope scores (award and tender notices weigh 2, as in the roll-up), the weighted share of its
   notices called llm, of each type, and its scenario tags.
3. **Simulation.** Each draw first draws every error rate from its Beta (Dirichlet for types)
   posterior given the counts of step 1 (Jeffreys prior), so that a rate measured on few notices is
   uncertain, then draws every project's true labels from them independently, and recomputes each
   figure. The 2.5th and 97.5th percentiles of 2,000 seeded draws are the 95 % range.
4. **Analyst corrections** are taken as true: a corrected project carries no model uncertainty.

The simulation is a pure function of its inputs and a seed (`simulate`), tested against a corpus
with known label noise in tests/corrections/test_uncertainty_coverage.py.
"""

from __future__ import annotations

import functools
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import Text, and_, case, cast, func, select
from sqlmodel import Session

from classifier.persist import METADATA, MODEL_DIR
from classifier.predict import load_classifier
from classifier.rules import rule_outputs
from classifier.training import file_sha256
from domain.paths import FIXTURES_DIR, REPO_ROOT
from domain.vocabulary import PROJECT_TYPES, SCENARIOS
from storage.models import Classification, Notice, Project

N = Notice.__table__.c  # type: ignore[attr-defined]
CLS = Classification.__table__.c  # type: ignore[attr-defined]
P = Project.__table__.c  # type: ignore[attr-defined]

# Score bands (upper edges) for the in-scope calibration: fine at both ends, where most notices are.
SCORE_EDGES = (0.02, 0.1, 0.3, 0.5, 0.7, 0.9, 0.98, 1.0000001)
LEVEL = 0.95
DRAWS = 2000
CHUNK = 100
SEED = 20250930
_WEIGHT = {"award": 2, "tender": 2}
HELDOUT_FILES = (
    FIXTURES_DIR / "classifier" / "heldout.jsonl",
    FIXTURES_DIR / "classifier" / "heldout_pages.jsonl",
)
REAL_NOTICES = REPO_ROOT.parent / "shared" / "real-notices" / "dev.jsonl"
# The measured error of the models in a folder, written beside them (`tenders train`, write_error_model):
# measuring it classifies ~2,400 notices, seconds of CPU that every report would otherwise pay.
ERROR_FILE = "error.json"


# --- measured error -------------------------------------------------------------------------------


@dataclass
class ErrorModel:
    """Counts of right and wrong answers on labelled notices, by what the classifier said."""

    # [called not in scope, called in scope] × score band → [truly in scope, n]
    scope: list[list[list[int]]] = field(
        default_factory=lambda: [[[0, 0] for _ in SCORE_EDGES] for _ in range(2)]
    )
    llm_called: list[int] = field(default_factory=lambda: [0, 0])  # truly llm, n, among called llm
    llm_not_called: list[int] = field(default_factory=lambda: [0, 0])
    type_confusion: dict[str, dict[str, int]] = field(
        default_factory=lambda: {t: dict.fromkeys(PROJECT_TYPES, 0) for t in PROJECT_TYPES}
    )
    tag_given: dict[str, list[int]] = field(default_factory=lambda: {s: [0, 0] for s in SCENARIOS})
    tag_missing: dict[str, list[int]] = field(default_factory=lambda: {s: [0, 0] for s in SCENARIOS})
    # How common each scenario is among truly in-scope notices: for a project the model did not call
    # in scope (it has no tags to judge), drawn in scope.
    tag_prevalence: dict[str, list[int]] = field(default_factory=lambda: {s: [0, 0] for s in SCENARIOS})
    # Where the keyword rules (classifier.rules) disagree with the model: [model wrong, n].
    scope_rules_disagree: list[int] = field(default_factory=lambda: [0, 0])
    type_rules_disagree: list[int] = field(default_factory=lambda: [0, 0])
    measured_on: dict[str, int] = field(default_factory=dict)
    model_version: str | None = None

    def add(self, truth: dict[str, Any], called: dict[str, Any], rules: dict[str, Any] | None = None) -> None:
        """One labelled notice: its true labels, the classifier's answer (Classification.to_json()) and,
        optionally, the keyword rules' answer (in_scope, type)."""
        true_llm = bool(truth["llm"])
        true_scope = true_llm and truth["industry"] == "medical"
        if rules is not None and bool(rules["in_scope"]) != bool(called["in_scope"]):
            self.scope_rules_disagree[0] += bool(called["in_scope"]) != true_scope
            self.scope_rules_disagree[1] += 1
        if rules is not None and true_llm and called["llm"] and rules["type"] != called.get("type"):
            self.type_rules_disagree[0] += called.get("type") != truth.get("type")
            self.type_rules_disagree[1] += 1
        band = score_band(float(called["scope_score"]))
        cell = self.scope[bool(called["in_scope"])][band]
        cell[0] += true_scope
        cell[1] += 1
        counts = self.llm_called if called["llm"] else self.llm_not_called
        counts[0] += true_llm
        counts[1] += 1
        if (
            true_llm
            and called["llm"]
            and called.get("type") in PROJECT_TYPES
            and truth.get("type") in PROJECT_TYPES
        ):
            self.type_confusion[called["type"]][truth["type"]] += 1
        if true_scope:
            for s in SCENARIOS:
                self.tag_prevalence[s][0] += s in (truth.get("scenarios") or [])
                self.tag_prevalence[s][1] += 1
        if true_scope and called["in_scope"]:
            for s in SCENARIOS:
                bucket = self.tag_given if s in called["scenarios"] else self.tag_missing
                bucket[s][0] += s in (truth.get("scenarios") or [])
                bucket[s][1] += 1

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ErrorModel:
        """The inverse of to_json (score bands must be today's)."""
        if data.get("score_edges") != [*SCORE_EDGES[:-1], 1.0]:
            raise ValueError("measured with other score bands")
        names = [f.name for f in cls.__dataclass_fields__.values()]
        return cls(**{name: data[name] for name in names})

    def to_json(self) -> dict[str, Any]:
        return {
            "score_edges": [*SCORE_EDGES[:-1], 1.0],
            "scope": self.scope,
            "llm_called": self.llm_called,
            "llm_not_called": self.llm_not_called,
            "type_confusion": self.type_confusion,
            "tag_given": self.tag_given,
            "tag_missing": self.tag_missing,
            "tag_prevalence": self.tag_prevalence,
            "scope_rules_disagree": self.scope_rules_disagree,
            "type_rules_disagree": self.type_rules_disagree,
            "measured_on": self.measured_on,
            "model_version": self.model_version,
        }


def score_band(score: float) -> int:
    return next(i for i, edge in enumerate(SCORE_EDGES) if score < edge)


def labelled_sets() -> list[tuple[str, Path]]:
    """The labelled notices the error is measured on; the real ones only where the checkout has them."""
    sets = [(path.stem, path) for path in HELDOUT_FILES if path.is_file()]
    if REAL_NOTICES.is_file():
        sets.append(("real notices", REAL_NOTICES))
    return sets


def measure_error(classifier: Any, sets: Sequence[tuple[str, Path]] | None = None) -> ErrorModel:
    """Run the classifier over the labelled sets and count its errors."""
    model = ErrorModel(model_version=getattr(classifier, "model_version", None))
    for name, path in sets if sets is not None else labelled_sets():
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        records = [
            {"title": r["title"], "text": r.get("text") or "", "buyer": r.get("buyer") or ""} for r in rows
        ]
        rules = rule_outputs(records)
        for i, (row, called) in enumerate(zip(rows, classifier.classify(records), strict=True)):
            rule_scope = bool(rules.llm[i]) and rules.industry[i] == "medical"
            model.add(row, called.to_json(), {"in_scope": rule_scope, "type": str(rules.type[i])})
        model.measured_on[name] = len(rows)
    return model


def sets_fingerprint(sets: Sequence[tuple[str, Path]]) -> dict[str, str]:
    """Each labelled set's name and sha256: a stored error holds only for exactly these notices."""
    return {name: file_sha256(path) for name, path in sets}


def write_error_model(model_dir: Path = MODEL_DIR) -> ErrorModel:
    """Measure the error of the models in `model_dir` on today's labelled sets; store it beside them."""
    sets = labelled_sets()
    error = measure_error(load_classifier(str(model_dir)), sets)
    stored = error.to_json() | {"sets_sha256": sets_fingerprint(sets)}
    text = json.dumps(stored, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    (model_dir / ERROR_FILE).write_text(text, encoding="utf-8")
    return error


def stored_error_model(model_dir: Path = MODEL_DIR) -> ErrorModel | None:
    """The error stored beside the models, when it was measured on these very models and labelled sets
    (same model_version, same files byte for byte); otherwise None: it no longer describes them."""
    try:
        stored = json.loads((model_dir / ERROR_FILE).read_text(encoding="utf-8"))
        version = json.loads((model_dir / METADATA).read_text(encoding="utf-8"))["model_version"]
        if stored.get("model_version") != version:
            return None
        if stored.get("sets_sha256") != sets_fingerprint(labelled_sets()):
            return None
        return ErrorModel.from_json(stored)
    except (OSError, ValueError, KeyError, TypeError):  # absent, unreadable or of an older shape
        return None


@functools.cache
def shipped_error_model() -> ErrorModel:
    """The shipped classifier's measured error: the stored one when it still holds, else measured now
    (once per process: it classifies ~2,400 notices)."""
    return stored_error_model() or measure_error(load_classifier())


# --- per-project evidence -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectEvidence:
    """What the simulation knows of one awarded project."""

    id: str
    month: str
    called: bool  # the model's roll-up says in scope
    score: float  # weighted mean scope_score of its notices
    llm_vote: float  # weighted share of its notices called llm
    scope_vote: float  # weighted share of its notices called in scope
    type_votes: dict[str, float]  # weighted share of its llm notices per type
    tags: tuple[str, ...]  # the scenarios the roll-up gave it
    tag_votes: dict[str, float]  # weighted share of its in-scope notices carrying each scenario
    fixed: dict[str, Any] | None = None  # an analyst-corrected project's labels, taken as true


def _awarded_in(since: str, month: str) -> Any:
    return and_(P.status == "awarded", P.award_month >= since, P.award_month <= month)


def _json_text(column: Any) -> Any:
    """A JSON list column as its stored text: most are `[]`, which need no JSON decoding."""
    return cast(column, Text)


def _json_list(text: str | None) -> tuple[str, ...]:
    return () if not text or text == "[]" else tuple(json.loads(text))


def project_evidence(
    since: str, month: str, corrected: set[str], *, session: Session
) -> list[ProjectEvidence]:
    """Evidence of each awarded project of the period from its notices' stored classifications (under
    the model version the roll-up used). Joins on the period, never a list of ids: a year of a large
    history holds more projects than a statement may carry parameters."""
    rows, tag_weight = _evidence_rows(since, month, session=session)
    return sorted((_evidence(r, tag_weight, corrected) for r in rows), key=lambda e: e.id)


def _evidence_rows(
    since: str, month: str, *, session: Session
) -> tuple[Sequence[Any], dict[str, dict[str, int]]]:
    """One row per awarded project of the period: its labels and its notices' weighted votes, summed
    in SQL (the weights are integers, so each vote is the same fraction as summed notice by notice);
    and the weighted scenario tags of its notices called in scope, the only lists read one by one."""
    weight = case(*((N.notice_type == t, w) for t, w in _WEIGHT.items()), else_=1)
    typed = and_(CLS.llm.is_(True), CLS.type.is_not(None), CLS.type != "")

    def weighed(condition: Any) -> Any:
        return func.sum(case((condition, weight), else_=0))

    notices = (
        select(
            N.project_id.label("project_id"),
            func.sum(weight).label("total"),
            func.sum(weight * CLS.scope_score).label("scored"),
            weighed(CLS.llm.is_(True)).label("llm_w"),
            weighed(CLS.in_scope.is_(True)).label("scope_w"),
            weighed(typed).label("typed_w"),
            *(weighed(and_(typed, CLS.type == t)).label(f"type_{i}") for i, t in enumerate(PROJECT_TYPES)),
        )
        .select_from(Notice.__table__)  # type: ignore[attr-defined]
        .join(Classification.__table__, CLS.notice_id == N.id)  # type: ignore[attr-defined]
        .join(Project.__table__, P.id == N.project_id)  # type: ignore[attr-defined]
        .where(_awarded_in(since, month), CLS.model_version == P.model_version)
        .group_by(N.project_id)
        .subquery()
    )
    votes = notices.c
    rows = session.execute(
        select(
            P.id,
            P.award_month,
            P.llm,
            P.industry,
            P.type,
            _json_text(P.scenarios).label("scenarios"),
            P.in_scope,
            votes.total,
            votes.scored,
            votes.llm_w,
            votes.scope_w,
            votes.typed_w,
            *(votes[f"type_{i}"] for i in range(len(PROJECT_TYPES))),
        )
        .select_from(Project.__table__)  # type: ignore[attr-defined]
        .outerjoin(notices, votes.project_id == P.id)
        .where(_awarded_in(since, month))
    ).all()
    tag_weight: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(SCENARIOS, 0))
    for project_id, notice_type, scenarios in session.execute(
        select(N.project_id, N.notice_type, _json_text(CLS.scenarios))
        .join(Classification.__table__, CLS.notice_id == N.id)  # type: ignore[attr-defined]
        .join(Project.__table__, P.id == N.project_id)  # type: ignore[attr-defined]
        .where(_awarded_in(since, month), CLS.model_version == P.model_version, CLS.in_scope.is_(True))
    ).all():
        tags = _json_list(scenarios)
        for s in SCENARIOS:
            if s in tags:
                tag_weight[project_id][s] += _WEIGHT.get(notice_type, 1)
    return rows, tag_weight


def _plain_row(r: Any, corrected: set[str]) -> bool:
    """Whether simulate() would count this project among the plain ones (see there), read from its row
    without building its evidence: most projects of a large period are plain."""
    if r.in_scope or r.llm_w or r.typed_w or r.id in corrected or _json_list(r.scenarios):
        return False
    return not r.total or score_band(float(r.scored) / int(r.total)) == 0


def _evidence(r: Any, tag_weight: dict[str, dict[str, int]], corrected: set[str]) -> ProjectEvidence:
    scenarios = _json_list(r.scenarios)
    total, scope_w, llm_typed = int(r.total or 0), int(r.scope_w or 0), int(r.typed_w or 0)
    score = float(r.scored) / total if total else 0.0
    llm_vote = int(r.llm_w or 0) / total if total else 0.0
    scope_vote = scope_w / total if total else 0.0
    of_type = r[-len(PROJECT_TYPES) :]
    type_votes = (
        {t: int(w or 0) / llm_typed for t, w in zip(PROJECT_TYPES, of_type, strict=True)} if llm_typed else {}
    )
    tags_of = tag_weight.get(r.id, {})
    tag_votes = {s: tags_of.get(s, 0) / scope_w for s in SCENARIOS} if scope_w else {}
    fixed = (
        {
            "llm": bool(r.llm),
            "in_scope": bool(r.llm) and r.industry == "medical",
            "type": r.type,
            "scenarios": scenarios,
        }
        if r.id in corrected
        else None
    )
    return ProjectEvidence(
        r.id,
        r.award_month,
        bool(r.in_scope),
        score,
        llm_vote,
        scope_vote,
        type_votes,
        scenarios,
        tag_votes,
        fixed,
    )


# --- simulation -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Range:
    low: float
    high: float


@dataclass(frozen=True)
class Ranges:
    """95 % ranges of the headline figures (counts as numbers of projects, shares as fractions)."""

    level: float
    draws: int
    monthly: dict[str, Range]
    total: Range
    type_shares: dict[str, Range]
    penetration: dict[str, Range]
    scenario_shares: dict[str, Range]

    def to_json(self) -> dict[str, Any]:
        def r(x: Range) -> list[float]:
            return [x.low, x.high]

        return {
            "level": self.level,
            "draws": self.draws,
            "monthly": {k: r(v) for k, v in self.monthly.items()},
            "total": r(self.total),
            "type_shares": {k: r(v) for k, v in self.type_shares.items()},
            "penetration": {k: r(v) for k, v in self.penetration.items()},
            "scenario_shares": {k: r(v) for k, v in self.scenario_shares.items()},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Ranges:
        """The inverse of to_json (reports/stored_ranges.py keeps that form)."""

        def r(x: list[float]) -> Range:
            return Range(float(x[0]), float(x[1]))

        return cls(
            float(data["level"]),
            int(data["draws"]),
            {k: r(v) for k, v in data["monthly"].items()},
            r(data["total"]),
            {k: r(v) for k, v in data["type_shares"].items()},
            {k: r(v) for k, v in data["penetration"].items()},
            {k: r(v) for k, v in data["scenario_shares"].items()},
        )


def _beta(rng: np.random.Generator, counts: Sequence[int], draws: int) -> np.ndarray:
    """`draws` rates from the Beta posterior of k successes in n (Jeffreys prior)."""
    k, n = counts
    return rng.beta(k + 0.5, n - k + 0.5, size=draws)


def _count(flags: np.ndarray) -> np.ndarray:
    """True values per row of a 2-D boolean array (a byte sum: faster than count_nonzero by row)."""
    return flags.view(np.uint8).sum(axis=1, dtype=np.int64)


def _is_plain(p: ProjectEvidence) -> bool:
    """The model gave no sign of it being in scope or llm: lowest score band, called out, no llm notice,
    no tag, and no analyst's labels."""
    return (
        p.fixed is None
        and score_band(p.score) == 0
        and not p.called
        and p.llm_vote == 0
        and not p.type_votes
        and not p.tags
    )


def simulate(
    projects: Sequence[ProjectEvidence],
    months: Sequence[str],
    error: ErrorModel,
    *,
    draws: int = DRAWS,
    seed: int = SEED,
    level: float = LEVEL,
) -> Ranges:
    """Draw the projects' true labels `draws` times and return each figure's central `level` range."""
    plain = Counter(p.month for p in projects if _is_plain(p))
    rest = [p for p in projects if not _is_plain(p)]
    return _simulate(rest, plain, months, error, draws=draws, seed=seed, level=level)


def _simulate(
    projects: Sequence[ProjectEvidence],
    plain: Counter[str],
    months: Sequence[str],
    error: ErrorModel,
    *,
    draws: int,
    seed: int,
    level: float,
) -> Ranges:
    """simulate() on the projects that are not plain, the plain ones given as counts per month."""
    rng = np.random.default_rng(seed)
    lo_q, hi_q = (1 - level) / 2 * 100, (1 + level) / 2 * 100

    # Error rates, one set per draw: (draws, ·).
    scope_rate = np.stack(
        [np.stack([_beta(rng, cell, draws) for cell in by_band], axis=1) for by_band in error.scope], axis=1
    )  # (draws, called, band)
    llm_yes = _beta(rng, error.llm_called, draws)
    llm_no = _beta(rng, error.llm_not_called, draws)
    confusion = np.stack(
        [
            rng.dirichlet([error.type_confusion[c][t] + 0.5 for t in PROJECT_TYPES], size=draws)
            for c in PROJECT_TYPES
        ],
        axis=1,
    )  # (draws, called, true)
    tag_yes = np.stack([_beta(rng, error.tag_given[s], draws) for s in SCENARIOS], axis=1)
    tag_no = np.stack([_beta(rng, error.tag_missing[s], draws) for s in SCENARIOS], axis=1)
    tag_base = np.stack([_beta(rng, error.tag_prevalence[s], draws) for s in SCENARIOS], axis=1)

    # Projects the model gave no sign of being in scope or llm (_is_plain) are drawn as counts per month
    # (binomial, then multinomial types): a year of a large history holds hundreds of thousands of
    # them, and they differ only in their month.
    plain_count = np.array([plain.get(month, 0) for month in months], dtype=np.int64)
    plain_other = sum(plain.values()) - int(plain_count.sum())  # in the period but outside `months`
    n = len(projects)
    fixed = [j for j, p in enumerate(projects) if p.fixed is not None]

    # Each project's cell of the in-scope rates (called × score band), flattened.
    cell = np.array([int(p.called) * len(SCORE_EDGES) + score_band(p.score) for p in projects], dtype=np.intp)
    vote = np.array([p.llm_vote for p in projects], dtype=float)
    some_llm = np.flatnonzero(vote != 0)
    voted = np.array([j for j, p in enumerate(projects) if p.type_votes], dtype=np.intp)
    votes = np.array(
        [[projects[j].type_votes.get(t, 0.0) for t in PROJECT_TYPES] for j in voted.tolist()], dtype=float
    ).reshape(len(voted), len(PROJECT_TYPES))
    vote_kinds, vote_kind = np.unique(votes, axis=0, return_inverse=True)
    vote_kind = vote_kind.reshape(-1)
    is_called = np.array([p.called for p in projects], dtype=bool)
    tag_is = np.array([[s in p.tags for s in SCENARIOS] for p in projects], dtype=bool).reshape(
        n, len(SCENARIOS)
    )
    # Where each project's tag rates come from, per scenario: 0 the prevalence (not called in scope),
    # 1 a missing tag's rate, 2 a given tag's rate.
    tag_source = np.where(is_called[:, None], 1 + tag_is, 0)
    scenario_at = np.arange(len(SCENARIOS))[None, :]
    fixed_tags = np.array(
        [[s in (projects[j].fixed or {}).get("scenarios", ()) for s in SCENARIOS] for j in fixed], dtype=bool
    ).reshape(len(fixed), len(SCENARIOS))
    # Each project's month as its index in `months` (len(months) when outside them).
    month_index = {m: i for i, m in enumerate(months)}
    month_at = np.array([month_index.get(p.month, len(months)) for p in projects], dtype=np.intp)

    figures: dict[str, list[np.ndarray]] = defaultdict(list)
    # Draws in chunks, so memory stays (chunk × projects) whatever the number of draws. Every chunk
    # takes its random numbers from the generator in one fixed order (counts of the plain projects,
    # then per project: in scope, llm, type, tags), which with the seed fixes the ranges.
    for start in range(0, draws, CHUNK):
        d = slice(start, min(start + CHUNK, draws))
        k = d.stop - d.start
        true_mix = confusion[d].sum(axis=1) / confusion[d].sum(axis=(1, 2))[:, None]
        true_mix /= true_mix.sum(axis=1, keepdims=True)
        # The plain projects, as counts.
        counts = np.append(plain_count, plain_other)
        extra_in = rng.binomial(counts[None, :], scope_rate[d][:, 0, 0][:, None])  # (k, months + 1)
        extra_llm = rng.binomial(counts[None, :] - extra_in, llm_no[d][:, None])
        extra_total = extra_in.sum(axis=1)
        extra_types_in = rng.multinomial(extra_total, true_mix)  # (k, types)
        extra_types_llm = extra_types_in + rng.multinomial(extra_llm.sum(axis=1), true_mix)
        extra_tags = rng.binomial(extra_total[:, None], tag_base[d])  # (k, scenarios)

        in_scope = rng.random((k, n)) < scope_rate[d].reshape(k, -1)[:, cell]
        # Without an llm notice (vote 0) the rate is llm_no itself; the mixed rate only where voted.
        u_llm = rng.random((k, n))
        llm = u_llm < llm_no[d, None]
        if len(some_llm):
            p_llm = vote[some_llm] * llm_yes[d, None] + (1 - vote[some_llm]) * llm_no[d, None]
            llm[:, some_llm] = u_llm[:, some_llm] < p_llm
        llm |= in_scope
        # Type: drawn as the first type whose cumulative probability reaches the draw. Without type
        # votes it is the measured mix of types; with them, the votes through the confusion matrix.
        # Only the two lower cumulative bounds matter (the last is 1): "type ≤ compute", "type ≤ model".
        u_type = rng.random((k, n))
        mix_cum = np.cumsum(true_mix, axis=1)
        upto = [u_type <= mix_cum[:, i, None] for i in range(len(PROJECT_TYPES) - 1)]
        if len(voted):
            # Computed once per distinct vote (projects share a few: one notice, two that agree, …).
            p_type = np.cumsum(np.einsum("nc,dct->dnt", vote_kinds, confusion[d]), axis=2)[:, vote_kind, :]
            for i, bound in enumerate(upto):
                bound[:, voted] = u_type[:, voted] <= p_type[:, :, i]
        u_tags = rng.random((k, n, len(SCENARIOS)))
        # Analysts' labels replace the draws.
        for j in fixed:
            labels = projects[j].fixed or {}
            in_scope[:, j] = bool(labels["in_scope"])
            llm[:, j] = bool(labels["llm"])
            if labels.get("type") in PROJECT_TYPES:
                for i, bound in enumerate(upto):
                    bound[:, j] = PROJECT_TYPES.index(labels["type"]) <= i
        # Tags: a project called out of scope has none to judge, so the prevalence; a called one, its
        # own tags' rates; an analyst's project, its labels.
        rates = np.stack([tag_base[d], tag_no[d], tag_yes[d]], axis=2)  # (k, scenarios, source)
        tags = u_tags < rates[:, scenario_at, tag_source]
        tags[:, fixed, :] = fixed_tags[None, :, :]
        # Tags count only on projects drawn in scope. Counting the positions of the true values (few)
        # is faster than summing along the project axis, and needs no BLAS threads on a busy machine.
        tags &= in_scope[:, :, None]
        where = np.flatnonzero(tags)
        tag_counts = np.bincount(
            where // (n * len(SCENARIOS)) * len(SCENARIOS) + where % len(SCENARIOS),
            minlength=k * len(SCENARIOS),
        ).reshape(k, len(SCENARIOS))
        drawn_in = _count(in_scope)
        total = (drawn_in + extra_total).astype(float)
        figures["total"].append(total)
        where = np.flatnonzero(in_scope)
        monthly = np.bincount(
            where // n * (len(months) + 1) + month_at[where % n], minlength=k * (len(months) + 1)
        ).reshape(k, len(months) + 1)  # (k, months + outside them)
        for i, m in enumerate(months):
            figures[f"month:{m}"].append((monthly[:, i] + extra_in[:, i]).astype(float))
        # Projects of each type: those up to it minus those up to the one before.
        in_upto = [_count(in_scope & b) for b in upto] + [drawn_in]
        llm_upto = [_count(llm & b) for b in upto] + [_count(llm)]
        with np.errstate(invalid="ignore", divide="ignore"):
            for i, t in enumerate(PROJECT_TYPES):
                of_type = in_upto[i] - (in_upto[i - 1] if i else 0) + extra_types_in[:, i]
                llm_of_type = llm_upto[i] - (llm_upto[i - 1] if i else 0) + extra_types_llm[:, i]
                figures[f"type:{t}"].append(of_type / total)
                figures[f"pen:{t}"].append(of_type / llm_of_type)
            for i, s in enumerate(SCENARIOS):
                figures[f"scn:{s}"].append((tag_counts[:, i] + extra_tags[:, i]) / total)

    def rng_of(key: str) -> Range:
        values = np.concatenate(figures[key]) if figures[key] else np.zeros(0)
        finite = values[np.isfinite(values)]
        if finite.size == 0:
            return Range(float("nan"), float("nan"))
        return Range(float(np.percentile(finite, lo_q)), float(np.percentile(finite, hi_q)))

    return Ranges(
        level,
        draws,
        {m: rng_of(f"month:{m}") for m in months},
        rng_of("total"),
        {t: rng_of(f"type:{t}") for t in PROJECT_TYPES},
        {t: rng_of(f"pen:{t}") for t in PROJECT_TYPES},
        {s: rng_of(f"scn:{s}") for s in SCENARIOS},
    )


def simulation_settings() -> dict[str, Any]:
    """What, besides the evidence and the measured error, fixes figure_ranges' result: the settings
    above and numpy's version (its random streams are promised only within a version). Part of the
    key of stored ranges (reports/stored_ranges.py)."""
    return {
        "draws": DRAWS,
        "seed": SEED,
        "level": LEVEL,
        "chunk": CHUNK,
        "score_edges": list(SCORE_EDGES),
        "weights": dict(sorted(_WEIGHT.items())),
        "types": list(PROJECT_TYPES),
        "scenarios": list(SCENARIOS),
        "numpy": np.__version__,
    }


def awarded_ids(since: str, month: str, *, session: Session) -> list[str]:
    """Awarded projects whose award month is in the period (the population every figure counts)."""
    return sorted(
        session.execute(
            select(P.id).where(P.status == "awarded", P.award_month >= since, P.award_month <= month)
        ).scalars()
    )


def figure_ranges(
    since: str,
    month: str,
    months: Iterable[str],
    corrected: set[str],
    *,
    session: Session,
    error: ErrorModel | None = None,
) -> Ranges:
    """The ranges of a period's headline figures on the stored projects."""
    rows, tag_weight = _evidence_rows(since, month, session=session)
    plain: Counter[str] = Counter()
    rest = []
    for r in rows:
        if _plain_row(r, corrected):
            plain[r.award_month] += 1
        else:
            rest.append(_evidence(r, tag_weight, corrected))
    rest.sort(key=lambda e: e.id)
    return _simulate(
        rest, plain, list(months), error or shipped_error_model(), draws=DRAWS, seed=SEED, level=LEVEL
    )

"""Metrics of the models and of the rule baseline: stratified 5-fold CV on the training part, and the held-out part.

Each head is scored on its own population, as it is trained: llm, in-scope and industry on every
notice; type on the notices that truly are llm; scenarios on the notices that truly are in scope.
Every figure exists twice: on the excerpts as written, and on the same notices page-shaped (the
excerpt inside a whole portal body, classifier.page_shapes), which is what the pipeline sends. CV
wraps each test fold with the training page vocabulary; the held-out part has its own page file,
wrapped with the held-out page vocabulary.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support
from sklearn.model_selection import StratifiedKFold

from classifier.outputs import HeadOutputs
from classifier.page_shapes import TRAIN_PAGES, wrap_rows
from classifier.predict import Classifier
from classifier.rules import rule_outputs
from classifier.training import fit_models, scenario_matrix
from domain.paths import REPO_ROOT
from domain.vocabulary import PROJECT_TYPES, SCENARIOS

# Real published notices with labels (kept outside the repository: their text is not ours to ship);
# `tenders evaluate` scores on them where the folder is present.
REAL_DEV_FILE = REPO_ROOT.parent / "shared" / "real-notices" / "dev.jsonl"

Metrics = dict[str, Any]
# Seed of the page-shaped copies of CV test folds (not the one training uses for its own copies).
CV_PAGE_SEED = 7_2025
# The two shapes every figure is reported for.
SHAPES = ("excerpt", "page")
# The figures `tenders evaluate` prints, in order, with their labels.
HEADLINE = (
    ("llm_precision", "llm precision"),
    ("llm_recall", "llm recall"),
    ("llm_f1", "llm F1"),
    ("in_scope_f1", "in-scope F1"),
    ("industry_accuracy", "industry accuracy"),
    ("type_macro_f1", "type macro-F1"),
    ("scenario_micro_f1", "scenario micro-F1"),
    ("scenario_macro_f1", "scenario macro-F1"),
)


def score(rows: Sequence[dict[str, Any]], out: HeadOutputs) -> Metrics:
    """All figures for one set of predictions against the labelled rows."""
    true_llm = np.array([bool(r["llm"]) for r in rows])
    true_industry = np.array([r["industry"] for r in rows], dtype=object)
    true_scope = true_llm & (true_industry == "medical")
    pred_scope = out.llm & (out.industry == "medical")
    p, r, f, _ = precision_recall_fscore_support(true_llm, out.llm, average="binary", zero_division=0)
    sp, sr, sf, _ = precision_recall_fscore_support(true_scope, pred_scope, average="binary", zero_division=0)
    metrics: Metrics = {
        "n": len(rows),
        "llm_precision": p,
        "llm_recall": r,
        "llm_f1": f,
        "in_scope_precision": sp,
        "in_scope_recall": sr,
        "in_scope_f1": sf,
        "industry_accuracy": accuracy_score(true_industry, out.industry),
    }
    types_true = np.array([rows[int(i)]["type"] for i in np.flatnonzero(true_llm)], dtype=object)
    types_pred = out.type[true_llm]
    metrics["type_macro_f1"] = f1_score(types_true, types_pred, labels=list(PROJECT_TYPES), average="macro")
    metrics["type_confusion"] = confusion_matrix(types_true, types_pred, labels=list(PROJECT_TYPES)).tolist()
    scoped = [rows[int(i)] for i in np.flatnonzero(true_scope)]
    y_true = scenario_matrix(scoped)
    y_pred = np.array(
        [[s in out.scenarios[i] for s in SCENARIOS] for i in np.flatnonzero(true_scope)], dtype=np.int64
    ).reshape(len(scoped), len(SCENARIOS))
    metrics["scenario_micro_f1"] = f1_score(y_true, y_pred, average="micro", zero_division=0)
    metrics["scenario_macro_f1"] = f1_score(y_true, y_pred, average="macro", zero_division=0)
    per = f1_score(y_true, y_pred, average=None, zero_division=0)
    metrics["scenario_f1"] = {s: float(v) for s, v in zip(SCENARIOS, per, strict=True)}
    return {k: (float(v) if isinstance(v, np.floating) else v) for k, v in metrics.items()}


def model_outputs(
    train_rows: Sequence[dict[str, Any]], feature_kind: str = "char"
) -> Callable[..., HeadOutputs]:
    """Fit on `train_rows`; return the fitted classifier's head_outputs function."""
    classifier = Classifier(fit_models(list(train_rows), feature_kind), "evaluation")
    return classifier.head_outputs


def stratum(row: dict[str, Any]) -> str:
    """Stratification key for CV: llm × medical × type, so each fold holds every family."""
    return f"{row['llm']}|{row['industry'] == 'medical'}|{row['type']}"


def cross_validate(
    rows: Sequence[dict[str, Any]], folds: int = 5, feature_kind: str = "char"
) -> dict[str, Any]:
    """Stratified k-fold CV (shuffled, random_state 0): mean and std of each figure, models and rules,
    on each test fold as excerpts and page-shaped (keys `model`, `rules`, `model_page`, `rules_page`)."""
    rows = list(rows)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=0)
    per_fold: dict[str, list[Metrics]] = {"model": [], "rules": [], "model_page": [], "rules_page": []}
    for fold, (train_idx, test_idx) in enumerate(
        splitter.split(np.zeros(len(rows)), [stratum(r) for r in rows])
    ):
        train = [rows[i] for i in train_idx]
        test = [rows[i] for i in test_idx]
        pages = wrap_rows(test, TRAIN_PAGES, CV_PAGE_SEED + fold)
        outputs = model_outputs(train, feature_kind)
        per_fold["model"].append(score(test, outputs(test)))
        per_fold["rules"].append(score(test, rule_outputs(test)))
        per_fold["model_page"].append(score(pages, outputs(pages)))
        per_fold["rules_page"].append(score(pages, rule_outputs(pages)))
    summary: dict[str, Any] = {}
    for system, results in per_fold.items():
        summary[system] = {
            key: {
                "mean": float(np.mean([m[key] for m in results])),
                "std": float(np.std([m[key] for m in results])),
            }
            for key, _ in HEADLINE
        }
    return summary


def heldout(
    train_rows: Sequence[dict[str, Any]],
    heldout_rows: Sequence[dict[str, Any]],
    feature_kind: str = "char",
    page_rows: Sequence[dict[str, Any]] | None = None,
) -> dict[str, Metrics]:
    """Models fitted on the whole training part and the rules, both scored on the held-out part
    (keys `model`, `rules`) and, given `page_rows`, on its page-shaped version (`model_page`, `rules_page`)."""
    outputs = model_outputs(train_rows, feature_kind)
    return scored(outputs, heldout_rows, page_rows)


def scored(
    outputs: Callable[..., HeadOutputs],
    heldout_rows: Sequence[dict[str, Any]],
    page_rows: Sequence[dict[str, Any]] | None = None,
) -> dict[str, Metrics]:
    """`outputs` (a classifier's head_outputs) and the rules scored on held-out excerpts and pages."""
    out = {
        "model": score(heldout_rows, outputs(heldout_rows)),
        "rules": score(heldout_rows, rule_outputs(heldout_rows)),
    }
    if page_rows is not None:
        out["model_page"] = score(page_rows, outputs(page_rows))
        out["rules_page"] = score(page_rows, rule_outputs(page_rows))
    return out


def format_report(cv: dict[str, Any] | None, held: dict[str, Metrics] | None) -> str:
    """The side-by-side tables `tenders evaluate` prints: excerpts, then page-shaped notices."""
    lines: list[str] = []
    for shape, suffix in (("excerpts", ""), ("page-shaped", "_page")):
        systems = [f"model{suffix}", f"rules{suffix}"]
        has_cv = bool(cv) and all(s in cv for s in systems)  # type: ignore[operator]
        has_held = bool(held) and all(s in held for s in systems)  # type: ignore[operator]
        if not (has_cv or has_held):
            continue
        if lines:
            lines.append("")
        lines.append(f"== {shape} ==")
        header = f"{'figure':<20}"
        if has_cv:
            header += f"{'CV model':>16}{'CV rules':>16}"
        if has_held:
            header += f"{'held-out model':>16}{'held-out rules':>16}"
        lines.append(header)
        for key, label in HEADLINE:
            line = f"{label:<20}"
            if has_cv:
                for system in systems:
                    m = cv[system][key]  # type: ignore[index]
                    line += f"{m['mean']:>10.4f} ±{m['std']:.3f}"
            if has_held:
                line += f"{held[systems[0]][key]:>16.4f}{held[systems[1]][key]:>16.4f}"  # type: ignore[index]
            lines.append(line)
        if has_held:
            assert held is not None
            for system in systems:
                lines.append("")
                lines.append(f"type confusion on held-out {shape} ({system}; rows true, columns predicted)")
                lines.append(f"{'':<12}" + "".join(f"{t:>12}" for t in PROJECT_TYPES))
                for t, row in zip(PROJECT_TYPES, held[system]["type_confusion"], strict=True):
                    lines.append(f"{t:<12}" + "".join(f"{v:>12}" for v in row))
            lines.append("")
            lines.append(f"per-scenario F1 on held-out {shape} (model / rules)")
            for s in SCENARIOS:
                lines.append(
                    f"  {s:<14}{held[systems[0]]['scenario_f1'][s]:.4f} / {held[systems[1]]['scenario_f1'][s]:.4f}"
                )
    return "\n".join(lines)


def score_real(rows: Sequence[dict[str, Any]], out: HeadOutputs) -> Metrics:
    """Figures for real notices, which are mostly near misses: how many notices that are not large-model
    projects are called llm (count and share), false in-scope calls, llm recall, industry accuracy,
    type accuracy on true llm rows, and in-scope F1 where the set holds in-scope rows."""
    true_llm = np.array([bool(r["llm"]) for r in rows], dtype=bool)
    true_scope = true_llm & np.array([r["industry"] == "medical" for r in rows], dtype=bool)
    pred_scope = out.llm & (out.industry == "medical")
    not_llm = int((~true_llm).sum())
    false_llm = int((out.llm & ~true_llm).sum())
    metrics: Metrics = {
        "n": len(rows),
        "not_llm": not_llm,
        "false_llm": false_llm,
        "false_llm_rate": false_llm / not_llm if not_llm else 0.0,
        "false_in_scope": int((pred_scope & ~true_scope).sum()),
        "llm_recall": float(out.llm[true_llm].mean()) if true_llm.any() else float("nan"),
        "industry_accuracy": float(
            np.mean(out.industry == np.array([r["industry"] for r in rows], dtype=object))
        ),
        "type_accuracy": (
            float(np.mean(out.type[true_llm] == np.array([r["type"] for r in rows], dtype=object)[true_llm]))
            if true_llm.any()
            else float("nan")
        ),
        "in_scope_f1": (
            float(f1_score(true_scope, pred_scope, zero_division=0)) if true_scope.any() else float("nan")
        ),
    }
    return metrics


def real_errors(rows: Sequence[dict[str, Any]], out: HeadOutputs, system: str) -> list[dict[str, Any]]:
    """Every real notice a system answers wrongly on llm, in-scope, industry or type (for `--errors`)."""
    errors = []
    for i, row in enumerate(rows):
        wrong = []
        if bool(out.llm[i]) != bool(row["llm"]):
            wrong.append(f"llm {bool(out.llm[i])} (true {bool(row['llm'])})")
        scope = bool(out.llm[i]) and out.industry[i] == "medical"
        if scope != (bool(row["llm"]) and row["industry"] == "medical"):
            wrong.append(f"in_scope {scope}")
        if out.industry[i] != row["industry"]:
            wrong.append(f"industry {out.industry[i]} (true {row['industry']})")
        if row["llm"] and out.type[i] != row["type"]:
            wrong.append(f"type {out.type[i]} (true {row['type']})")
        if wrong:
            errors.append(
                {
                    "system": system,
                    "id": row.get("id"),
                    "ambiguous": bool(row.get("ambiguous")),
                    "title": row["title"],
                    "wrong": wrong,
                    "evidence": out.evidence[i] if out.evidence else None,
                }
            )
    return errors


def real_report(outputs: Callable[..., HeadOutputs], rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Models and rules on the real set, all rows and unambiguous rows, with every error listed."""
    clear = [r for r in rows if not r.get("ambiguous")]
    result: dict[str, Any] = {"n_all": len(rows), "n_unambiguous": len(clear), "errors": []}
    for system, fn in (("model", outputs), ("rules", rule_outputs)):
        out_all = fn(list(rows))
        result[f"{system}_all"] = score_real(rows, out_all)
        result[f"{system}_unambiguous"] = score_real(clear, fn(clear))
        result["errors"].extend(real_errors(rows, out_all, system))
    return result


REAL_HEADLINE = (
    ("false_llm", "false llm calls"),
    ("false_llm_rate", "false llm share"),
    ("false_in_scope", "false in-scope"),
    ("llm_recall", "llm recall"),
    ("industry_accuracy", "industry accuracy"),
    ("type_accuracy", "type accuracy"),
)


def format_real(real: dict[str, Any] | None, source: str, errors: bool = False) -> str:
    """The real-notice table: models beside rules, all rows and unambiguous rows; errors on request."""
    if real is None:
        return f"== real notices ==\n{source}: absent, no real-notice figures (see docs/domain.md §4)"
    lines = [
        "== real notices ==",
        f"{source}: {real['n_all']} notices, {real['n_unambiguous']} unambiguous",
        f"{'figure':<20}{'model, all':>14}{'rules, all':>14}{'model, unamb.':>15}{'rules, unamb.':>15}",
    ]
    for key, label in REAL_HEADLINE:
        cells = [
            real[f"{system}_{part}"][key] for part in ("all", "unambiguous") for system in ("model", "rules")
        ]
        line = f"{label:<20}"
        for width, value in zip((14, 14, 15, 15), cells, strict=True):
            line += f"{value:>{width}}" if isinstance(value, int) else f"{value:>{width}.4f}"
        lines.append(line)
    if errors:
        lines.append("")
        lines.append("errors on real notices (system, id, ambiguous?, what is wrong, large-model cue, title)")
        for e in real["errors"]:
            flag = "ambiguous" if e["ambiguous"] else "clear"
            lines.append(
                f"  {e['system']:<6}{e['id']!s:<10}{flag:<10}{'; '.join(e['wrong'])}  cue={e['evidence']}  {e['title']}"
            )
    return "\n".join(lines)

"""Corrected notices as training rows (`tenders train --with-corrections`, docs/corrections.md).

Every notice a correction in force was made for becomes a labelled row with the labels of the project
it belongs to now (the model's roll-up with the corrections laid over it). Rows are ordered by notice
id and written after the bundled training rows, so the same database and corpus give the same file,
the same sha256 and so the same model version.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from storage.models import LabelCorrection, LabelCorrectionNotice, Notice, Project

N = Notice.__table__.c  # type: ignore[attr-defined]
P = Project.__table__.c  # type: ignore[attr-defined]
LC = LabelCorrection.__table__.c  # type: ignore[attr-defined]
LCN = LabelCorrectionNotice.__table__.c  # type: ignore[attr-defined]


def correction_rows(*, session: Session) -> list[dict[str, Any]]:
    """One labelled row per corrected notice (corrections in force), in notice id order."""
    query = (
        select(N.id, N.title, N.text, N.buyer, P.llm, P.industry, P.type, P.scenarios)
        .join(Project.__table__, P.id == N.project_id)  # type: ignore[attr-defined]
        .where(
            N.id.in_(
                select(LCN.notice_id)
                .join(LabelCorrection.__table__, LC.id == LCN.correction_id)  # type: ignore[attr-defined]
                .where(LC.revoked_at.is_(None))
            ),
            P.llm.is_not(None),
        )
        .order_by(N.id)
    )
    rows = []
    for r in session.execute(query).all():
        llm = bool(r.llm)
        in_scope = llm and r.industry == "medical"
        rows.append(
            {
                "title": r.title,
                "text": r.text or "",
                "buyer": r.buyer or "",
                "llm": llm,
                "industry": r.industry,
                "in_scope": in_scope,
                "type": r.type if llm else None,
                "scenarios": list(r.scenarios or []) if in_scope else [],
            }
        )
    return rows


def write_corpus_with_corrections(corpus_dir: Path, out_dir: Path, rows: list[dict[str, Any]]) -> Path:
    """A corpus folder for `tenders train/evaluate --corpus`: the bundled training rows followed by the
    corrected ones; the held-out files copied unchanged (corrections never enter the held-out part)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    train = (corpus_dir / "train.jsonl").read_text(encoding="utf-8")
    if train and not train.endswith("\n"):
        train += "\n"
    extra = "".join(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n" for row in rows)
    (out_dir / "train.jsonl").write_text(train + extra, encoding="utf-8")
    for name in ("heldout.jsonl", "heldout_pages.jsonl"):
        if (corpus_dir / name).is_file():
            shutil.copyfile(corpus_dir / name, out_dir / name)
    return out_dir

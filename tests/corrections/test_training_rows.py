"""`--with-corrections`: corrected notices become valid training rows, in a stable order and bytes."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session

from classifier.training import read_corpus
from linking.corrections import CorrectionRequest, add_correction
from linking.corrections_training import correction_rows, write_corpus_with_corrections
from storage.db import make_engine, session_scope

from .conftest import SmallDb


def test_corrected_notices_are_training_rows_reproducibly(small: SmallDb, tmp_path: Path) -> None:
    engine = make_engine(small.url)
    with session_scope(engine) as session:
        add_correction(
            CorrectionRequest(small.project_of["P7"], "运维大模型", "alice", in_scope=True, type="model"),
            session=session,
        )
        add_correction(
            CorrectionRequest(
                small.project_of["P3"], "两包均为区域平台", "alice", scenarios=("public_health",)
            ),
            session=session,
        )
    with Session(engine) as session:
        rows = correction_rows(session=session)
        again = correction_rows(session=session)
    engine.dispose()
    assert rows == again
    assert [(r["llm"], r["in_scope"], r["type"], r["scenarios"]) for r in rows] == [
        (True, True, "model", ["public_health"]),
        (True, True, "model", ["public_health"]),
        (True, True, "model", []),
    ]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "train.jsonl").write_text(
        '{"title": "甲", "text": "", "buyer": "", "llm": false, "industry": "other", "in_scope": false,'
        ' "type": null, "scenarios": []}',
        encoding="utf-8",
    )
    (corpus / "heldout.jsonl").write_text("", encoding="utf-8")
    first = write_corpus_with_corrections(corpus, tmp_path / "a", rows)
    second = write_corpus_with_corrections(corpus, tmp_path / "b", rows)
    assert (first / "train.jsonl").read_bytes() == (second / "train.jsonl").read_bytes()
    combined = read_corpus(first / "train.jsonl")  # every row keeps the label rules
    assert len(combined) == 4 and combined[0]["title"] == "甲"
    assert (first / "heldout.jsonl").is_file()

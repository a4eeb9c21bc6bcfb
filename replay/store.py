"""Reading the corpus files under fixtures/replay2025/ (written by authoring/replay_corpus)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

from domain.paths import FIXTURES_DIR
from replay.model import Corpus, Notice, Project
from replay.truth import TruthRow

CORPUS_DIR = FIXTURES_DIR / "replay2025"
NOTICES_FILE = "notices.jsonl.gz"
PROJECTS_FILE = "truth/projects.jsonl"
FIGURES_FILE = "truth/figures.json"
REGENERATE = "python -m authoring.replay_corpus generate"


def read_notices(path: Path) -> list[Notice]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [Notice.from_json(json.loads(line)) for line in handle if line.strip()]


def read_truth(directory: Path = CORPUS_DIR) -> list[TruthRow]:
    """The stored truth rows (truth/projects.jsonl)."""
    path = directory / PROJECTS_FILE
    with path.open(encoding="utf-8") as handle:
        return [TruthRow.from_json(json.loads(line)) for line in handle if line.strip()]


def read_figures(directory: Path = CORPUS_DIR) -> dict[str, Any]:
    return json.loads((directory / FIGURES_FILE).read_text(encoding="utf-8"))


def load_corpus(directory: Path = CORPUS_DIR) -> Corpus:
    """The bundled corpus: notices from notices.jsonl.gz, projects from the truth file.

    A missing file is an error naming it (regenerate from a checkout with `python -m authoring.replay_corpus generate`)."""
    notices_path = directory / NOTICES_FILE
    projects_path = directory / PROJECTS_FILE
    for path in (notices_path, projects_path):
        if not path.exists():
            raise FileNotFoundError(f"replay corpus file missing: {path} (run `{REGENERATE}` in a checkout)")
    notices = read_notices(notices_path)
    projects = []
    stored_figures = read_figures(directory)
    seed = stored_figures.get("generator_seed", 2025)
    with projects_path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            projects.append(
                Project(
                    key=row["key"],
                    llm=row["llm"],
                    industry=row["industry"],
                    in_scope=row["in_scope"],
                    type=row["type"],
                    scenarios=row["scenarios"],
                    buyer=row["buyer"],
                    region=row["region"],
                    project_code=row["project_code"],
                    name=row["name"],
                    negative_kind=row["negative_kind"],
                    outcome=_outcome(row),
                    notes=row["notes"],
                )
            )
    return Corpus(
        notices=notices, projects=projects, seed=seed, scale=stored_figures.get("generator_scale", 1)
    )


def _outcome(row: dict[str, Any]) -> str:
    if row["awarded"]:
        return "award_revoked" if row["cancelled"] else "awarded"
    return "cancelled" if row["cancelled"] else "open"

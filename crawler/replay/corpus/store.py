"""Reading and writing the corpus files under fixtures/replay2025/ (deterministic bytes)."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path
from typing import Any

from crawler.replay.corpus.generate import Corpus, generate
from crawler.replay.corpus.model import Notice, Project
from crawler.replay.corpus.truth import TruthRow, figures, truth_rows
from domain.paths import FIXTURES_DIR

CORPUS_DIR = FIXTURES_DIR / "replay2025"
NOTICES_FILE = "notices.jsonl.gz"
PROJECTS_FILE = "truth/projects.jsonl"
FIGURES_FILE = "truth/figures.json"
# Windows whose figures are written beside the truth: the report's Jan–Sep, and the whole year.
FIGURE_WINDOWS = (("2025-01", "2025-09"), ("2025-01", "2025-12"))


def _dumps(row: dict[str, Any]) -> str:
    return json.dumps(row, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def write_corpus(corpus: Corpus, directory: Path = CORPUS_DIR) -> dict[str, Path]:
    """Write notices, truth projects and figures; gzip with a zero mtime so reruns give equal bytes."""
    (directory / "truth").mkdir(parents=True, exist_ok=True)
    lines = "".join(_dumps(n.to_json()) + "\n" for n in corpus.notices).encode()
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as gz:
        gz.write(lines)
    paths = {
        "notices": directory / NOTICES_FILE,
        "projects": directory / PROJECTS_FILE,
        "figures": directory / FIGURES_FILE,
    }
    paths["notices"].write_bytes(buffer.getvalue())
    rows = truth_rows(corpus.projects, corpus.notices)
    paths["projects"].write_text("".join(_dumps(r.to_json()) + "\n" for r in rows), encoding="utf-8")
    paths["figures"].write_text(
        json.dumps(
            figures_document(rows, corpus.seed, corpus.scale), ensure_ascii=False, indent=2, sort_keys=True
        )
        + "\n",
        encoding="utf-8",
    )
    return paths


def figures_document(rows: list[TruthRow], seed: int, scale: int = 1) -> dict[str, Any]:
    """What truth/figures.json holds: the figures of each standard window, computed from the rows.

    A scaled corpus also names its scale (absent at 1, so the bundled files keep their bytes)."""
    document: dict[str, Any] = {
        "generator_seed": seed,
        "computed_by": "crawler.replay.corpus.truth.figures",
        "windows": {f"{since}..{until}": figures(rows, since, until) for since, until in FIGURE_WINDOWS},
    }
    if scale != 1:
        document["generator_scale"] = scale
    return document


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

    A missing file is an error naming it (regenerate with `python -m crawler.replay generate`)."""
    notices_path = directory / NOTICES_FILE
    projects_path = directory / PROJECTS_FILE
    for path in (notices_path, projects_path):
        if not path.exists():
            raise FileNotFoundError(
                f"replay corpus file missing: {path} (run `python -m crawler.replay generate`)"
            )
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


def regenerate(directory: Path = CORPUS_DIR, seed: int = 2025, scale: int = 1) -> dict[str, Path]:
    """Generate the default corpus and write it (the documented regeneration command calls this);
    `scale` > 1 writes a larger corpus of that many copies of the plan (see `Knobs.scale`)."""
    from crawler.replay.corpus.generate import Knobs

    return write_corpus(generate(Knobs(seed=seed, scale=scale)), directory)

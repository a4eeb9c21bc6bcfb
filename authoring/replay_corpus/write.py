"""Writing the corpus files under fixtures/replay2025/ (deterministic bytes: same seed, same files)."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path
from typing import Any

from authoring.replay_corpus.generate import Knobs, generate
from replay.model import Corpus
from replay.store import CORPUS_DIR, FIGURES_FILE, NOTICES_FILE, PROJECTS_FILE
from replay.truth import TruthRow, figures, truth_rows

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
        "computed_by": "replay.truth.figures",
        "windows": {f"{since}..{until}": figures(rows, since, until) for since, until in FIGURE_WINDOWS},
    }
    if scale != 1:
        document["generator_scale"] = scale
    return document


def regenerate(directory: Path = CORPUS_DIR, seed: int = 2025, scale: int = 1) -> dict[str, Path]:
    """Generate the corpus and write it (`python -m authoring.replay_corpus generate` calls this);
    `scale` > 1 writes a larger corpus of that many copies of the plan (see `Knobs.scale`)."""
    return write_corpus(generate(Knobs(seed=seed, scale=scale)), directory)

"""The 2025 replay corpus: a reconstruction of the Chinese medical-LLM procurement market as data.

Public API (used by the replay site, the demo and the end-to-end tests):
* `generate(Knobs())` → `Corpus` (notices + projects), deterministic in the knobs;
* `load_corpus()` → the bundled corpus from fixtures/replay2025/;
* `truth_rows(corpus.projects, corpus.notices)` → per-project outcomes; `figures(rows, since, until)`
  → the headline figures; `read_truth()` / `read_figures()` read the stored files;
* `perturb(corpus, ...)` → a derived corpus (a month removed, duplicates added, awards cancelled)
  whose truth is recomputed by the same rules.
"""

from crawler.replay.corpus.generate import Corpus, Knobs, generate
from crawler.replay.corpus.model import Item, Lot, Notice, Project
from crawler.replay.corpus.perturb import perturb
from crawler.replay.corpus.store import (
    CORPUS_DIR,
    load_corpus,
    read_figures,
    read_truth,
    regenerate,
    write_corpus,
)
from crawler.replay.corpus.text import LLM_CUES, SEARCH_KEYWORDS
from crawler.replay.corpus.truth import TruthRow, figures, truth_rows

__all__ = [
    "CORPUS_DIR",
    "LLM_CUES",
    "SEARCH_KEYWORDS",
    "Corpus",
    "Item",
    "Knobs",
    "Lot",
    "Notice",
    "Project",
    "TruthRow",
    "figures",
    "generate",
    "load_corpus",
    "perturb",
    "read_figures",
    "read_truth",
    "regenerate",
    "truth_rows",
    "write_corpus",
]

"""The generator of the 2025 replay corpus (fixtures/replay2025/): a reconstruction of the Chinese
medical-LLM procurement market as data. Runs from a checkout; what it writes is read by the installed
`replay` package.

* `generate(Knobs())` → `Corpus` (notices + projects), deterministic in the knobs;
* `regenerate(directory, seed, scale)` / `write_corpus(corpus, directory)` write the corpus files;
* `perturb(corpus, ...)` → a derived corpus (a month removed, duplicates added, awards cancelled)
  whose truth is recomputed by the same rules (`replay.truth`);
* `python -m authoring.replay_corpus generate [--scale K] [--out DIR]` on the command line.
"""

from authoring.replay_corpus.generate import MAX_SCALE, Knobs, generate
from authoring.replay_corpus.perturb import perturb
from authoring.replay_corpus.text import LLM_CUES, SEARCH_KEYWORDS
from authoring.replay_corpus.write import regenerate, write_corpus

__all__ = [
    "LLM_CUES",
    "MAX_SCALE",
    "SEARCH_KEYWORDS",
    "Knobs",
    "generate",
    "perturb",
    "regenerate",
    "write_corpus",
]

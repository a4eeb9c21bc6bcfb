"""The offline replay of the portals that the demo, the tests and the benchmarks crawl: the 2025 corpus
(fixtures/replay2025/, read by replay.store) served by a local site (replay.server) under the portals'
real paths, with faults on demand (replay.faults).

The corpus itself is written by authoring/replay_corpus (not installed). The crawler never imports
this package: a crawl only knows the site's URL."""

from replay.faults import FaultConfig
from replay.model import Corpus, Item, Lot, Notice, Project
from replay.server import HOSTS, ReplaySite
from replay.store import CORPUS_DIR, load_corpus, read_figures, read_truth
from replay.truth import TruthRow, figures, truth_rows

__all__ = [
    "CORPUS_DIR",
    "HOSTS",
    "Corpus",
    "FaultConfig",
    "Item",
    "Lot",
    "Notice",
    "Project",
    "ReplaySite",
    "TruthRow",
    "figures",
    "load_corpus",
    "read_figures",
    "read_truth",
    "truth_rows",
]

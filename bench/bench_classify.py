"""Classifier throughput: all four heads together versus text vectorisation alone, and peak memory.

Run from the repository root:
    .venv/bin/python bench/bench_classify.py                 # shipped models (char n-grams)
    .venv/bin/python bench/bench_classify.py --features char+word --n 5000

Two input shapes, each repeated to --n: the held-out excerpts (title + 1–4 sentence excerpt + buyer)
and the same notices page-shaped (fixtures/classifier/heldout_pages.jsonl: the excerpt inside a whole
portal body of ~600–1,500 characters, what the pipeline sends). For pages, the body clean-up
(classifier.textprep) is also timed alone. BLAS and OpenMP are held to one thread, so the figure is
one core's. Best of --repeat timings is reported.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import resource  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402
from collections.abc import Callable  # noqa: E402
from functools import partial  # noqa: E402
from typing import Any  # noqa: E402

from classifier.features import to_matrix  # noqa: E402
from classifier.predict import Classifier, load_classifier  # noqa: E402
from classifier.textprep import classification_text  # noqa: E402
from classifier.training import HELDOUT_FILE, HELDOUT_PAGES_FILE, TRAIN_FILE, fit_models, read_corpus  # noqa: E402  # noqa: E402


def best_of(repeat: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def clean_up(records: list[dict[str, Any]]) -> list[str]:
    return [classification_text(r["text"], r["title"]) for r in records]


def vectorised(classifier: Classifier, records: list[dict[str, Any]]) -> object:
    return classifier.models.features.transform(to_matrix(records))


def main() -> None:
    parser = argparse.ArgumentParser(description="classifier throughput benchmark")
    parser.add_argument("--n", type=int, default=5000, help="notices per run")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--features", choices=["char", "char+word"], default="char")
    args = parser.parse_args()

    if args.features == "char":
        classifier = load_classifier()
    else:  # not shipped: fit it here on the training part
        classifier = Classifier(fit_models(read_corpus(TRAIN_FILE), args.features), "bench")
    print(f"model_version        {classifier.model_version} (features {args.features})")
    for shape, path in (("excerpts", HELDOUT_FILE), ("pages", HELDOUT_PAGES_FILE)):
        held = [{k: r[k] for k in ("title", "text", "buyer")} for r in read_corpus(path)]
        records = (held * (args.n // len(held) + 1))[: args.n]
        classifier.classify(records[:100])  # warm-up (jieba dictionary, caches)
        chars = sum(len(r["title"]) + len(r["text"] or "") for r in records) / len(records)
        body = sum(len(r["text"] or "") for r in records) / len(records)
        prep = best_of(args.repeat, partial(clean_up, records))
        vectorise = best_of(args.repeat, partial(vectorised, classifier, records))
        classify = best_of(args.repeat, partial(classifier.classify, records))
        tracemalloc.start()
        classifier.classify(records)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"-- {shape}: {len(records)} notices, mean {chars:.0f} chars (body {body:.0f})")
        print(f"   body clean-up alone  {len(records) / prep:,.0f} notices/s ({prep * 1000:.0f} ms)")
        print(
            f"   vectorisation        {len(records) / vectorise:,.0f} notices/s ({vectorise * 1000:.0f} ms, clean-up included)"
        )
        print(f"   all heads together   {len(records) / classify:,.0f} notices/s ({classify * 1000:.0f} ms)")
        print(f"   peak traced memory   {peak / 1e6:.1f} MB during one classify() of {len(records)} notices")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process max RSS      {rss:.0f} MB")


if __name__ == "__main__":
    main()

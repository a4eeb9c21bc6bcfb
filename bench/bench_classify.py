"""Classifier throughput: all four heads together versus text vectorisation alone, and peak memory.

Run from the repository root:
    .venv/bin/python bench/bench_classify.py                 # shipped models (char n-grams)
    .venv/bin/python bench/bench_classify.py --features char+word --n 5000

Notices are the held-out corpus (title + 1–4 sentence excerpt + buyer) repeated to --n. BLAS and
OpenMP are held to one thread, so the figure is one core's. Best of --repeat timings is reported.
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

from classifier.corpus.build import HELDOUT_FILE, TRAIN_FILE  # noqa: E402
from classifier.features import to_matrix  # noqa: E402
from classifier.predict import Classifier, load_classifier  # noqa: E402
from classifier.training import fit_models, read_corpus  # noqa: E402


def best_of(repeat: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


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
    held = [{k: r[k] for k in ("title", "text", "buyer")} for r in read_corpus(HELDOUT_FILE)]
    records = (held * (args.n // len(held) + 1))[: args.n]
    classifier.classify(records[:100])  # warm-up (jieba dictionary, caches)

    vectorise = best_of(args.repeat, lambda: classifier.models.features.transform(to_matrix(records)))
    classify = best_of(args.repeat, lambda: classifier.classify(records))
    tracemalloc.start()
    classifier.classify(records)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"model_version        {classifier.model_version} (features {args.features})")
    print(
        f"notices              {len(records)} (title + excerpt + buyer; mean {sum(len(r['title']) + len(r['text'] or '') for r in records) / len(records):.0f} chars)"
    )
    print(f"vectorisation alone  {len(records) / vectorise:,.0f} notices/s ({vectorise * 1000:.0f} ms)")
    print(f"all heads together   {len(records) / classify:,.0f} notices/s ({classify * 1000:.0f} ms)")
    print(f"ratio all/vectorise  {classify / vectorise:.2f}x the time of vectorisation alone")
    print(f"peak traced memory   {peak / 1e6:.1f} MB during one classify() of {len(records)} notices")
    print(f"process max RSS      {rss:.0f} MB")


if __name__ == "__main__":
    main()

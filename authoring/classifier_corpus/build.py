"""Write the labelled corpus: `python -m authoring.classifier_corpus.build` (deterministic: same code → same bytes).

fixtures/classifier/train.jsonl is written from `TRAIN` (data/train_vocab.json), heldout.jsonl from
`HELDOUT` (data/heldout_vocab.json), each with its own seed; a held-out notice whose title also occurs in the
training file is rewritten, so the two files share no title. heldout_pages.jsonl holds every held-out
notice again, page-shaped (`classifier.page_shapes.wrap_rows` with `HELDOUT_PAGES`, data/heldout_pages.json): same title, buyer
and labels, the excerpt inside a whole portal body. Training notices are page-shaped at fit time
(`classifier.training.fit_models`), so each CV fold wraps only its own training part.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
from pathlib import Path
from typing import Any

from authoring.classifier_corpus.compose import Composer, Quota, plan
from authoring.classifier_corpus.vocabulary import HELDOUT, HELDOUT_PAGES, TRAIN, Vocabulary
from classifier.page_shapes import wrap_rows
from classifier.training import CORPUS_DIR, HELDOUT_FILE, HELDOUT_PAGES_FILE, TRAIN_FILE

TRAIN_SEED = 20250101
HELDOUT_SEED = 977_2025
HELDOUT_PAGES_SEED = 5_2025
TRAIN_QUOTA = Quota(
    medical_llm=1600, other_llm_each=120, medical_negative=800, other_negative_each=130, medical_use_share=0.2
)
HELDOUT_QUOTA = Quota(medical_llm=320, other_llm_each=28, medical_negative=300, other_negative_each=40)


def compose_file(
    vocab: Vocabulary, quota: Quota, seed: int, avoid_titles: frozenset[str] = frozenset()
) -> list[dict[str, Any]]:
    """All notices of one file; titles are unique within the file and absent from `avoid_titles`."""
    rng = random.Random(seed)
    composer = Composer(vocab, rng, quota.medical_use_share)
    seen = set(avoid_titles)
    out = []
    for spec in plan(quota, rng):
        for _ in range(50):
            notice = composer.notice(spec)
            if notice["title"] not in seen:
                break
        else:  # pragma: no cover - the vocabularies are far larger than the quotas
            raise RuntimeError(f"could not write a fresh title for {spec}")
        seen.add(notice["title"])
        out.append(notice)
    return out


def write_jsonl(rows: list[dict[str, Any]], path: Path) -> str:
    """Write rows as UTF-8 JSON lines; return the file's sha256."""
    data = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return hashlib.sha256(data).hexdigest()


def build(out_dir: Path = CORPUS_DIR) -> dict[str, str]:
    """Write both files; return their sha256 by name."""
    train = compose_file(TRAIN, TRAIN_QUOTA, TRAIN_SEED)
    heldout = compose_file(HELDOUT, HELDOUT_QUOTA, HELDOUT_SEED, frozenset(n["title"] for n in train))
    pages = wrap_rows(heldout, HELDOUT_PAGES, HELDOUT_PAGES_SEED)
    return {
        "train.jsonl": write_jsonl(train, out_dir / TRAIN_FILE.name),
        "heldout.jsonl": write_jsonl(heldout, out_dir / HELDOUT_FILE.name),
        "heldout_pages.jsonl": write_jsonl(pages, out_dir / HELDOUT_PAGES_FILE.name),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=CORPUS_DIR, help="folder to write into")
    args = parser.parse_args()
    for name, digest in build(args.out).items():
        print(f"{name}  sha256 {digest}")


if __name__ == "__main__":
    main()

"""The numpy n-gram counter gives exactly scikit-learn's char-analyzer counts."""

from __future__ import annotations

import random

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer

from classifier.features import CharNgramCounter, build_features, decode_key, to_matrix


def _docs() -> list[str]:
    rng = random.Random(7)
    alphabet = "大模型医院采购服务器算力 部署  ABCdeGPT\n一体机"
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60))) for _ in range(800)]


def test_counts_equal_countvectorizer_char_ngrams() -> None:
    docs = _docs()
    reference = CountVectorizer(analyzer="char", ngram_range=(1, 3), min_df=2).fit(docs)
    ours = CharNgramCounter(ngram_range=(1, 3), min_df=2).fit(docs)
    ref_names = list(reference.get_feature_names_out())
    our_names = list(ours.get_feature_names_out())
    assert sorted(ref_names) == sorted(our_names)
    order = [our_names.index(n) for n in ref_names]
    diff = reference.transform(docs) != ours.transform(docs)[:, order]
    assert diff.nnz == 0


def test_max_features_keeps_the_most_frequent_terms_ties_by_code_point() -> None:
    docs = ["大模型大模型", "大模型", "医院"]
    counter = CharNgramCounter(ngram_range=(1, 1), max_features=2).fit(docs)
    # 大, 模, 型 occur three times each; the tie goes to the lower code points 型 (U+578B) and 大 (U+5927).
    assert list(counter.get_feature_names_out()) == ["型", "大"]


def test_decode_key_round_trips_astral_characters() -> None:
    counter = CharNgramCounter(ngram_range=(3, 3)).fit(["𠀀大模"])
    assert list(counter.get_feature_names_out()) == ["𠀀大模"]
    assert decode_key(int(counter.vocabulary_keys_[0])) == "𠀀大模"


def test_unseen_text_and_empty_fields_give_empty_rows() -> None:
    features = build_features().fit(
        to_matrix([{"title": "大模型一体机", "text": "医院", "buyer": "医院"}] * 3)
    )
    out = features.transform(to_matrix([{"title": "", "text": None, "buyer": None}, {"title": "ABC"}]))
    assert out.shape[0] == 2
    names = list(features.get_feature_names_out())
    row = out[0].toarray().ravel()
    # An empty notice has no n-gram and no cue; the one signal it carries is that the buyer is missing.
    missing = names.index("signals__signal_buyer_missing")
    assert row[missing] > 0
    assert np.allclose(np.delete(row, missing), 0)

"""Text features shared by every head: character n-gram TF-IDF over title, text and buyer.

Chinese has no spaces, so character n-grams (1–3) carry the cues (大模型, 一体机, 卫健委) without a
word segmenter. scikit-learn's own char analyzer builds every n-gram as a Python string and looks it up
in a dict, which caps it at a few thousand notices per second; `CharNgramCounter` computes the same
counts with numpy (code points packed into one int64 per n-gram, vocabulary looked up with
`searchsorted`), an order of magnitude faster, so all four heads can run on ~5,000 notices in about a second.
An optional jieba word column (`kind="char+word"`) was measured against it (see classifier/README.md).
Beside the n-grams sit two blocks of 0/1 features: the docs/domain.md cue lists of `classifier.rules` and the
domain signals of `classifier.cues` (hardware bought vs negated, near misses, buyer kinds).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfTransformer, TfidfVectorizer
from sklearn.pipeline import Pipeline

from classifier.cues import SIGNAL_NAMES, signal_matrix
from classifier.rules import BUYER_CUE_NAMES, TEXT_CUE_NAMES, buyer_cues, text_cues
from classifier.textprep import classification_text

# Column order of the 2-D object array every head receives (see `to_matrix`).
COLUMNS = ("title", "text", "buyer")
FEATURE_KINDS = ("char", "char+word")

# Weights of the 0/1 blocks beside the TF-IDF blocks (each of unit length per field); see classifier/README.md.
CUE_WEIGHT = 0.3
SIGNAL_WEIGHT = 1.0

_BITS = 21  # every Unicode code point fits in 21 bits, so three fit in one int64
_WHITESPACE = re.compile(r"\s\s+")


def _normalise(doc: object) -> str:
    # Same normalisation as scikit-learn's char analyzer: lowercase, whitespace runs → one space.
    text = "" if doc is None else str(doc)
    return _WHITESPACE.sub(" ", text.lower().replace("\x00", " "))


def _ngram_keys(docs: Iterable[object], ngram_range: tuple[int, int]) -> tuple[np.ndarray, np.ndarray, int]:
    """Every character n-gram of every doc as (doc index, int64 key); also the number of docs."""
    texts = [_normalise(d) for d in docs]
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    codes = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    doc_of = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
    all_docs, all_keys = [], []
    lo, hi = ngram_range
    for n in range(lo, hi + 1):
        m = codes.size - n + 1
        if m <= 0:
            continue
        keys = codes[:m].copy()
        for j in range(1, n):
            keys = (keys << _BITS) | codes[j : j + m]
        # An n-gram must not straddle two documents of the concatenation.
        inside = doc_of[:m] == doc_of[n - 1 : n - 1 + m]
        all_docs.append(doc_of[:m][inside])
        all_keys.append(keys[inside])
    if not all_keys:
        return np.empty(0, np.int64), np.empty(0, np.int64), len(texts)
    return np.concatenate(all_docs), np.concatenate(all_keys), len(texts)


def decode_key(key: int) -> str:
    """The n-gram an int64 key stands for (inverse of the packing in `_ngram_keys`)."""
    chars = []
    key = int(key)
    while key:
        chars.append(chr(key & ((1 << _BITS) - 1)))
        key >>= _BITS
    return "".join(reversed(chars))


class CharNgramCounter(TransformerMixin, BaseEstimator):
    """Counts of character n-grams, like CountVectorizer(analyzer="char"), computed with numpy.

    The vocabulary is kept as a sorted int64 array (`vocabulary_keys_`), compact on disk and
    searchable without Python-level lookups. Terms are chosen by document frequency (`min_df`)
    and then by total count (`max_features`), as CountVectorizer does.
    """

    def __init__(
        self, ngram_range: tuple[int, int] = (1, 3), min_df: int = 1, max_features: int | None = None
    ):
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.max_features = max_features

    def fit(self, X: Iterable[object], y: object = None) -> CharNgramCounter:
        lo, hi = self.ngram_range
        if not 1 <= lo <= hi <= 3:
            raise ValueError(f"ngram_range must lie within (1, 3), got {self.ngram_range}")
        docs, keys, _ = _ngram_keys(X, self.ngram_range)
        order = np.lexsort((docs, keys))
        keys_sorted, docs_sorted = keys[order], docs[order]
        first = np.ones(keys_sorted.size, dtype=bool)
        first[1:] = (keys_sorted[1:] != keys_sorted[:-1]) | (docs_sorted[1:] != docs_sorted[:-1])
        terms, doc_freq = np.unique(keys_sorted[first], return_counts=True)
        _, total = np.unique(keys_sorted, return_counts=True)
        keep = doc_freq >= self.min_df
        terms, total = terms[keep], total[keep]
        if self.max_features is not None and terms.size > self.max_features:
            # Highest total count first; ties go to the smaller key so the choice is deterministic.
            top = np.lexsort((terms, -total))[: self.max_features]
            terms = terms[top]
        self.vocabulary_keys_ = np.sort(terms)
        return self

    def transform(self, X: Iterable[object]) -> sp.csr_matrix:
        docs, keys, n_docs = _ngram_keys(X, self.ngram_range)
        vocab = self.vocabulary_keys_
        width = vocab.size
        if width == 0 or keys.size == 0:
            return sp.csr_matrix((n_docs, width), dtype=np.float64)
        idx = np.searchsorted(vocab, keys)
        idx[idx == width] = width - 1
        hit = vocab[idx] == keys
        data = np.ones(int(hit.sum()), dtype=np.float64)
        # COO → CSR sums the duplicate (doc, term) entries into counts.
        matrix = sp.coo_matrix((data, (docs[hit], idx[hit])), shape=(n_docs, width)).tocsr()
        matrix.sum_duplicates()
        return matrix

    def get_feature_names_out(self, input_features: Sequence[str] | None = None) -> np.ndarray:
        return np.array([decode_key(k) for k in self.vocabulary_keys_], dtype=object)


class CueFeatures(TransformerMixin, BaseEstimator):
    """One 0/1 feature per domain cue list of `classifier.rules` (buyer kinds on the buyer; the others on title+text).

    Character n-grams learn which strings went with which label in training; these group the the domain's
    own cue words so that a cue the training notices never combined the same way (出院随访, 规培考核)
    still counts. The models learn the weights; the rule baseline uses the same lists unweighted.
    """

    def fit(self, X: Any, y: object = None) -> CueFeatures:
        self.n_features_ = len(_cue_names())
        return self

    def transform(self, X: Any) -> sp.csr_matrix:
        rows = np.asarray(X, dtype=object).reshape(-1, 2)  # columns: buyer, title+text
        out = np.zeros((rows.shape[0], self.n_features_), dtype=np.float64)
        for i, (buyer, blob) in enumerate(rows):
            out[i] = buyer_cues(buyer or "") + text_cues(blob or "")
        return sp.csr_matrix(out)

    def get_feature_names_out(self, input_features: Sequence[str] | None = None) -> np.ndarray:
        return np.array(_cue_names(), dtype=object)


class SignalFeatures(TransformerMixin, BaseEstimator):
    """The `classifier.cues` signals (hardware bought vs negated, model-service and application nouns,
    near misses, buyer kinds) as 0/1 features; input columns: buyer, title, title+text."""

    def fit(self, X: Any, y: object = None) -> SignalFeatures:
        self.n_features_ = len(SIGNAL_NAMES)
        return self

    def transform(self, X: Any) -> sp.csr_matrix:
        rows = np.asarray(X, dtype=object).reshape(-1, 3)
        buyers, titles, blobs = ([str(v or "") for v in rows[:, j]] for j in range(3))
        return sp.csr_matrix(signal_matrix(buyers, titles, blobs))

    def get_feature_names_out(self, input_features: Sequence[str] | None = None) -> np.ndarray:
        return np.array([f"signal_{n}" for n in SIGNAL_NAMES], dtype=object)


def _cue_names() -> list[str]:
    return [f"buyer_is_{n}" for n in BUYER_CUE_NAMES] + [f"mentions_{n}" for n in TEXT_CUE_NAMES]


def jieba_words(text: str) -> list[str]:
    """jieba's word segmentation without whitespace tokens (for the optional word column)."""
    import jieba  # lazy: only the optional char+word variant needs it, and it is slow to import

    return [w for w in jieba.lcut(text) if w.strip()]


def _char_column(max_features: int) -> Pipeline:
    return Pipeline(
        [
            ("ngrams", CharNgramCounter(ngram_range=(1, 3), min_df=2, max_features=max_features)),
            ("tfidf", TfidfTransformer(sublinear_tf=True)),
        ]
    )


def build_features(kind: str = "char") -> ColumnTransformer:
    """The unfitted feature step: one TF-IDF block per field, so 医院 in the buyer and in the text weigh apart."""
    if kind not in FEATURE_KINDS:
        raise ValueError(f"unknown feature kind {kind!r}; expected one of {', '.join(FEATURE_KINDS)}")
    blocks: list[tuple[str, Any, int | list[int]]] = [
        ("title", _char_column(12_000), 0),
        ("text", _char_column(16_000), 1),
        ("buyer", _char_column(3_000), 2),
        ("cues", CueFeatures(), [2, 3]),
        ("signals", SignalFeatures(), [2, 0, 3]),
    ]
    if kind == "char+word":
        words = TfidfVectorizer(
            tokenizer=jieba_words, token_pattern=None, lowercase=True, min_df=2, sublinear_tf=True
        )
        # One word column over title and text together (the joined field is column 3).
        blocks.append(("words", words, 3))
    # The domain cue lists are weighted down: they should tip close calls, not outvote the n-grams. The
    # signals get the weight of one TF-IDF block: they carry what the n-grams cannot see (a negated
    # 服务器, a 中心 that is not a health body); 0.3–1.5 were compared in classifier/README.md.
    return ColumnTransformer(
        blocks, sparse_threshold=1.0, transformer_weights={"cues": CUE_WEIGHT, "signals": SIGNAL_WEIGHT}
    )


def to_matrix(records: Sequence[dict[str, Any]]) -> np.ndarray:
    """Records → the 2-D object array the feature step expects (title, text, buyer, title+text).

    The text is `classifier.textprep.classification_text` of the body: training and inference both go
    through here, so the models learn from exactly what they will be shown (a whole page's boilerplate
    dropped, an excerpt's substance kept).
    """
    out = np.empty((len(records), 4), dtype=object)
    for i, rec in enumerate(records):
        title = rec.get("title") or ""
        text = classification_text(rec.get("text"), title)
        out[i, 0] = title
        out[i, 1] = text
        out[i, 2] = rec.get("buyer") or ""
        out[i, 3] = f"{title}。{text}"
    return out

"""The fast path: hashed word + character n-gram TF-IDF, plus cue counts, into one logistic regression per label.

Hashing (not a vocabulary) keeps the saved model small and loadable without pickle: only the IDF weights of
features seen in training and the sparse coefficients are stored.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.preprocessing import normalize

from .base import LinearHeadClassifier
from .cues import CueMatcher
from .text_norm import normalise


class TfidfToneClassifier(LinearHeadClassifier):
    """Multi-label tone classifier; `predict_proba(texts)` -> (n, 4) probabilities in LABELS order."""

    kind = "tfidf"

    def __init__(self, word_ngrams: tuple[int, int] = (1, 2), char_ngrams: tuple[int, int] = (2, 5),
                 n_features: int = 2**20, use_cues: bool = True, cue_weight: float = 0.5, C: float = 4.0,
                 class_weight: str | None = "balanced", grammar: bool = False):
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.n_features = n_features
        self.use_cues = use_cues
        self.cue_weight = cue_weight
        self.C = C
        self.class_weight = class_weight
        self.grammar = grammar  # grammar-aware cues (spaCy parse of candidate rows only): grammar.py

    # -- features
    def _hashers(self) -> tuple[HashingVectorizer, HashingVectorizer | None]:
        common = dict(n_features=self.n_features, alternate_sign=False, norm=None, lowercase=True)
        word = HashingVectorizer(analyzer="word", ngram_range=tuple(self.word_ngrams),
                                 token_pattern=r"(?u)\b\w[\w'’.-]*\w\b|\b\w\b", **common)
        char = (HashingVectorizer(analyzer="char_wb", ngram_range=tuple(self.char_ngrams), **common)
                if self.char_ngrams else None)
        return word, char

    def _counts(self, texts: Sequence[str]) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        word, char = self._hashers()
        clean = [normalise(t) for t in texts]
        chars = char.transform(clean).tocsr() if char else sp.csr_matrix((len(clean), self.n_features))
        return word.transform(clean).tocsr(), chars

    def _features(self, texts: Sequence[str], cue_features: sp.csr_matrix | None = None) -> sp.csr_matrix:
        w, c = self._counts(texts)
        w = normalize(_sublinear(w).multiply(self.word_idf_).tocsr())
        c = normalize(_sublinear(c).multiply(self.char_idf_).tocsr())
        blocks = [w, c] if self.char_ngrams else [w]
        if self.use_cues:
            cues = cue_features if cue_features is not None else CueMatcher().features(texts)
            blocks.append(sp.csr_matrix(cues, dtype=np.float64).sign() * self.cue_weight)
            if self.grammar:
                blocks.append(grammar_block(texts, cues) * self.cue_weight)
        return sp.hstack(blocks, format="csr")

    # -- estimator API
    def fit(self, texts: Sequence[str], Y: np.ndarray, mask: np.ndarray | None = None,
            sample_weight: np.ndarray | None = None, cue_features: sp.csr_matrix | None = None):
        w, c = self._counts(texts)
        self.word_idf_ = _idf(w)
        self.char_idf_ = _idf(c)
        return self._fit_head(self._features(texts, cue_features), Y, mask, sample_weight)

    # -- persistence (JSON + npz): IDF weights only for features seen in training
    def save(self, folder: Path) -> None:
        arrays = {}
        for name, idf in (("word", self.word_idf_), ("char", self.char_idf_)):
            nz = np.flatnonzero(idf)
            arrays[f"{name}_idf_index"], arrays[f"{name}_idf_value"] = nz.astype(np.int32), idf[nz].astype(np.float32)
        extra = {}
        if self.grammar:
            from .grammar import GRAMMAR_FEATURES

            extra["grammar_features"] = list(GRAMMAR_FEATURES)
        self._save(folder, arrays, **extra)

    @classmethod
    def load(cls, folder: Path) -> "TfidfToneClassifier":
        model, arrays = cls._load(folder)
        if model.grammar:
            from .grammar import GRAMMAR_FEATURES

            saved = json.loads((folder / "config.json").read_text()).get("grammar_features")
            if saved != list(GRAMMAR_FEATURES):
                raise ValueError(f"{folder}: trained with a different set of grammar features; retrain the model")
        for name in ("word", "char"):
            idf = np.zeros(model.n_features)
            idf[arrays[f"{name}_idf_index"]] = arrays[f"{name}_idf_value"]
            setattr(model, f"{name}_idf_", idf)
        return model


def grammar_block(texts: Sequence[str], cues) -> sp.csr_matrix:
    """Grammar features, parsed only for rows a fast cue or the lexical prefilter makes worth it (grammar.py)."""
    from .grammar import GrammarCues, grammar_candidates, lexical_candidates

    rows = grammar_candidates(sp.csr_matrix(cues)) | lexical_candidates(texts)
    return sp.csr_matrix(GrammarCues().features(texts, rows), dtype=np.float64)


def _sublinear(X: sp.csr_matrix) -> sp.csr_matrix:
    X = X.copy()
    X.data = 1.0 + np.log(X.data)
    return X


def _idf(X: sp.csr_matrix) -> np.ndarray:
    """Smoothed IDF for features that occur; 0 for never-seen hashes so they cannot affect scores."""
    df = np.bincount(X.indices, minlength=X.shape[1])
    n = X.shape[0]
    idf = np.where(df > 0, np.log((1 + n) / (1 + df)) + 1.0, 0.0)
    return idf

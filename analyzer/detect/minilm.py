"""Sentence embeddings (all-MiniLM-L6-v2, mean-pooled) + cue features -> one logistic regression per label.

In our measurements on real dispute letters, embeddings generalise far better than n-grams for `blame`.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted

from .cues import ALL_CUES, CueMatcher
from .encoder import MiniLMEncoder, model_version
from .linear_head import MaskedLinearHead
from .text_norm import normalise


class MiniLMToneClassifier(BaseEstimator):
    kind = "minilm"

    def __init__(self, use_cues: bool = True, cue_weight: float = 0.3, C: float = 2.0,
                 class_weight: str | None = "balanced", batch_size: int = 64, max_length: int = 256):
        self.use_cues = use_cues
        self.cue_weight = cue_weight
        self.C = C
        self.class_weight = class_weight
        self.batch_size = batch_size
        self.max_length = max_length

    @property
    def encoder(self) -> MiniLMEncoder:
        if getattr(self, "_encoder", None) is None:
            self._encoder = MiniLMEncoder(batch_size=self.batch_size, max_length=self.max_length)
        return self._encoder

    def _features(self, texts: Sequence[str], cue_features=None) -> np.ndarray:
        emb = self.encoder.encode([normalise(t) for t in texts])
        if not self.use_cues:
            return emb
        cues = cue_features if cue_features is not None else CueMatcher().features(texts)
        cues = np.asarray(sp.csr_matrix(cues).sign().todense(), dtype=np.float32) * self.cue_weight
        return np.hstack([emb, cues])

    def fit(self, texts, Y, mask=None, sample_weight=None, cue_features=None):
        X = self._features(texts, cue_features)
        self.head_ = MaskedLinearHead(C=self.C, class_weight=self.class_weight).fit(X, Y, mask, sample_weight)
        return self

    def predict_proba(self, texts, cue_features=None) -> np.ndarray:
        check_is_fitted(self, "head_")
        if len(texts) == 0:
            return np.zeros((0, self.head_.coef_.shape[0]))
        return self.head_.predict_proba(self._features(texts, cue_features))

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "config.json").write_text(json.dumps(
            {"kind": self.kind, "params": self.get_params(), "cues": list(ALL_CUES), "encoder": model_version()},
            indent=2))
        np.savez_compressed(folder / "weights.npz", **self.head_.to_arrays())

    @classmethod
    def load(cls, folder: Path) -> "MiniLMToneClassifier":
        cfg = json.loads((folder / "config.json").read_text())
        model = cls(**cfg["params"])
        if model.use_cues and cfg.get("cues") != list(ALL_CUES):
            raise ValueError("model was trained with a different cue set; retrain it")
        with np.load(folder / "weights.npz", allow_pickle=False) as arrays:
            model.head_ = MaskedLinearHead.from_arrays(arrays, {"C": model.C, "class_weight": model.class_weight})
        return model

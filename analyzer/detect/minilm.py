"""Sentence embeddings (all-MiniLM-L6-v2, mean-pooled) + cue features -> one logistic regression per label.

In our measurements on real dispute letters, embeddings generalise far better than n-grams for `blame`.
"""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

import numpy as np
import scipy.sparse as sp

from .base import LinearHeadClassifier
from .cues import CueMatcher
from .encoder import MiniLMEncoder, model_version
from .text_norm import normalise


class MiniLMToneClassifier(LinearHeadClassifier):
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
        return self._fit_head(self._features(texts, cue_features), Y, mask, sample_weight)

    def save(self, folder: Path) -> None:
        self._save(folder, {}, encoder=model_version())

    @classmethod
    def load(cls, folder: Path) -> "MiniLMToneClassifier":
        return cls._load(folder)[0]

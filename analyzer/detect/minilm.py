"""Sentence embeddings (all-MiniLM-L6-v2, mean-pooled) + cue features -> one logistic regression per label.

In our measurements on real dispute letters, embeddings generalise far better than n-grams for `blame`.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Sequence

import numpy as np
import scipy.sparse as sp

from .base import LinearHeadClassifier
from .cues import CueMatcher
from . import onnx_export
from .encoder import MiniLMEncoder, default_backend
from .minilm_weights import model_version
from .text_norm import normalise

log = logging.getLogger(__name__)


class MiniLMToneClassifier(LinearHeadClassifier):
    kind = "minilm"

    def __init__(self, use_cues: bool = True, cue_weight: float = 0.3, C: float = 2.0,
                 class_weight: str | None = "balanced", batch_size: int = 64, max_length: int = 256,
                 backend: str = "auto"):
        self.use_cues = use_cues
        self.cue_weight = cue_weight
        self.C = C
        self.class_weight = class_weight
        self.batch_size = batch_size
        self.max_length = max_length
        self.backend = backend  # "auto" | "torch" | "onnx-int8"; the head is tied to the backend it was fitted on

    @property
    def encoder(self) -> MiniLMEncoder:
        if getattr(self, "_encoder", None) is None:
            if getattr(self, "backend_", None) is None:
                self.backend_ = default_backend() if self.backend == "auto" else self.backend
            self._encoder = MiniLMEncoder(batch_size=self.batch_size, max_length=self.max_length, backend=self.backend_)
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
        self._save(folder, {}, encoder=model_version(), encoder_backend=self.encoder.backend)

    @classmethod
    def load(cls, folder: Path) -> "MiniLMToneClassifier":
        model = cls._load(folder)[0]
        trained_on = json.loads((folder / "config.json").read_text()).get("encoder_backend", "torch")
        model.backend_ = trained_on
        if trained_on == "onnx-int8" and not onnx_export.available():
            # float32 embeddings are within ~0.99 cosine of int8 ones: scores shift slightly, they do not break
            log.warning("%s was trained on int8 ONNX embeddings but onnxruntime is not installed; using PyTorch "
                        "float32 (install the 'minilm' extra for the same scores and ~3x the speed)", folder)
            model.backend_ = "torch"
        return model

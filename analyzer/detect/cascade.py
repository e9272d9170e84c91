"""Cascade: the fast TF-IDF model and the cues screen every segment; the transformer re-scores only candidates.

Most real segments (definitions, logistics, pleasantries) are clear negatives for every label; spending the
transformer on them buys nothing. A candidate is a segment where the fast model's score for any label reaches
`screen` or a cue fires; its final score is a weighted blend of both models.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator

from .cues import ALL_CUES, POSITIVE_CUES, CueMatcher

# Counter-cues (mutual_term, negated, ...) argue against a label: they must not send a segment to the transformer.
_POSITIVE_COLUMNS = np.array([i for i, c in enumerate(ALL_CUES) if c in POSITIVE_CUES])
from .minilm import MiniLMToneClassifier
from .tfidf import TfidfToneClassifier


class CascadeToneClassifier(BaseEstimator):
    kind = "cascade"

    def __init__(self, fast: TfidfToneClassifier | None = None, slow: MiniLMToneClassifier | None = None,
                 screen: float = 0.15, slow_weight: float = 0.6):
        self.fast = fast
        self.slow = slow
        self.screen = screen
        self.slow_weight = slow_weight

    def fit(self, texts, Y, mask=None, sample_weight=None, cue_features=None):
        cue_features = cue_features if cue_features is not None else CueMatcher().features(texts)
        self.fast = (self.fast or TfidfToneClassifier()).fit(texts, Y, mask, sample_weight, cue_features)
        self.slow = (self.slow or MiniLMToneClassifier()).fit(texts, Y, mask, sample_weight, cue_features)
        return self

    def predict_proba(self, texts: Sequence[str], cue_features=None, return_candidates: bool = False):
        cue_features = cue_features if cue_features is not None else CueMatcher().features(texts)
        p = self.fast.predict_proba(texts, cue_features)
        cues_any = np.asarray(sp.csr_matrix(cue_features)[:, _POSITIVE_COLUMNS].sum(axis=1)).ravel() > 0
        cand = np.flatnonzero((p.max(axis=1) >= self.screen) | cues_any)
        if len(cand):
            sub = [texts[i] for i in cand]
            ps = self.slow.predict_proba(sub, sp.csr_matrix(cue_features)[cand])
            p[cand] = (1 - self.slow_weight) * p[cand] + self.slow_weight * ps
        return (p, cand) if return_candidates else p

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.fast.save(folder / "fast")
        self.slow.save(folder / "slow")
        (folder / "config.json").write_text(json.dumps(
            {"kind": self.kind, "params": {"screen": self.screen, "slow_weight": self.slow_weight}}, indent=2))

    @classmethod
    def load(cls, folder: Path) -> "CascadeToneClassifier":
        cfg = json.loads((folder / "config.json").read_text())
        return cls(TfidfToneClassifier.load(folder / "fast"), MiniLMToneClassifier.load(folder / "slow"),
                   **cfg["params"])

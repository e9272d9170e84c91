"""Cascade: the fast TF-IDF model and the cues screen every segment; the transformer re-scores only candidates.

Most real segments (definitions, logistics, pleasantries) are clear negatives for every label; spending the
transformer on them buys nothing. The blend weight of the transformer is per label (`slow_weight`, one value or one per
label in LABELS order) and is chosen in training on cross-fitted dev rows (train.py): where sentence embeddings do not
help on real data (risk_pushing, defensive_detail in our measurements) the weight is 0 and those labels never call the
transformer. A candidate is a segment where the fast score of a blended label reaches `screen` or one of its positive
cues fires; its blended labels get (1 - w) * fast + w * transformer.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator

from ..records import LABELS
from .cues import ALL_CUES, CUE_LABEL, POSITIVE_CUES, CueMatcher
from .evidence_policy import WEAK_CUES
from .minilm import MiniLMToneClassifier
from .tfidf import TfidfToneClassifier

WEIGHT_GRID = (0.0, 0.25, 0.5, 0.75, 1.0)


class CascadeToneClassifier(BaseEstimator):
    kind = "cascade"

    def __init__(self, fast: TfidfToneClassifier | None = None, slow: MiniLMToneClassifier | None = None,
                 screen: float = 0.25, slow_weight: float | Sequence[float] = 0.6):
        self.fast = fast
        self.slow = slow
        self.screen = screen
        self.slow_weight = slow_weight

    @property
    def weights(self) -> np.ndarray:
        return np.broadcast_to(np.asarray(self.slow_weight, dtype=float), (len(LABELS),)).copy()

    def fit(self, texts, Y, mask=None, sample_weight=None, cue_features=None):
        cue_features = cue_features if cue_features is not None else CueMatcher().features(texts)
        self.fast = (self.fast or TfidfToneClassifier()).fit(texts, Y, mask, sample_weight, cue_features)
        self.slow = (self.slow or MiniLMToneClassifier()).fit(texts, Y, mask, sample_weight, cue_features)
        return self

    def components(self, texts: Sequence[str], cue_features=None,
                   weights: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(fast scores, transformer scores (NaN outside candidates), candidate row indices) for `weights`."""
        cue_features = cue_features if cue_features is not None else CueMatcher().features(texts)
        w = self.weights if weights is None else np.asarray(weights, dtype=float)
        fast = self.fast.predict_proba(texts, cue_features)
        slow = np.full_like(fast, np.nan)
        cand = np.flatnonzero(candidates(fast, cue_features, w, self.screen))
        if len(cand):
            slow[cand] = self.slow.predict_proba([texts[i] for i in cand], sp.csr_matrix(cue_features)[cand])
        return fast, slow, cand

    def predict_proba(self, texts: Sequence[str], cue_features=None, return_candidates: bool = False):
        fast, slow, cand = self.components(texts, cue_features)
        p = blend(fast, slow, self.weights)
        return (p, cand) if return_candidates else p

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.fast.save(folder / "fast")
        self.slow.save(folder / "slow")
        weight = self.slow_weight if np.ndim(self.slow_weight) == 0 else [float(w) for w in self.slow_weight]
        (folder / "config.json").write_text(json.dumps(
            {"kind": self.kind, "params": {"screen": self.screen, "slow_weight": weight}}, indent=2))

    @classmethod
    def load(cls, folder: Path) -> "CascadeToneClassifier":
        cfg = json.loads((folder / "config.json").read_text())
        return cls(TfidfToneClassifier.load(folder / "fast"), MiniLMToneClassifier.load(folder / "slow"),
                   **cfg["params"])


def candidates(fast: np.ndarray, cue_features, weights: np.ndarray, screen: float) -> np.ndarray:
    """Rows the transformer must score: a blended label's fast score reaches `screen` or one of its positive cues
    fired. Counter-cues (mutual_term, negated, ...) argue against a label, so they never make a candidate."""
    blended = np.flatnonzero(np.asarray(weights) > 0)
    if not len(blended) or not len(fast):
        return np.zeros(len(fast), dtype=bool)
    # weak cues (evidence_policy.py: under 0.5 precision on real text) fire on much ordinary mail: they do not
    # summon the transformer on their own
    cols = [i for i, c in enumerate(ALL_CUES) if c in POSITIVE_CUES and c not in WEAK_CUES
            and CUE_LABEL[c] in {LABELS[j] for j in blended}]
    cued = (np.asarray(sp.csr_matrix(cue_features)[:, cols].sum(axis=1)).ravel() > 0 if cols
            else np.zeros(len(fast), dtype=bool))
    return (fast[:, blended].max(axis=1) >= screen) | cued


def blend(fast: np.ndarray, slow: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """(1 - w) * fast + w * slow per label where the transformer scored the row; fast alone elsewhere."""
    scored = ~np.isnan(slow)
    w = np.where(scored, np.asarray(weights, dtype=float)[None, :], 0.0)
    return (1 - w) * fast + w * np.nan_to_num(slow)

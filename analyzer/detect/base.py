"""What the linear-head classifiers share: features -> MaskedLinearHead, and JSON + npz persistence."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted

from .cues import ALL_CUES
from .linear_head import MaskedLinearHead


class LinearHeadClassifier(BaseEstimator):
    """Subclasses define `kind`, `_features(texts, cue_features)` and params C, class_weight, use_cues."""

    kind = "abstract"

    def _features(self, texts: Sequence[str], cue_features=None):
        raise NotImplementedError

    def _fit_head(self, X, Y, mask, sample_weight):
        self.head_ = MaskedLinearHead(C=self.C, class_weight=self.class_weight).fit(X, Y, mask, sample_weight)
        return self

    def predict_proba(self, texts: Sequence[str], cue_features=None) -> np.ndarray:
        """(n, 4) probabilities in LABELS order (uncalibrated; ToneModel applies calibration)."""
        check_is_fitted(self, "head_")
        if len(texts) == 0:
            return np.zeros((0, self.head_.coef_.shape[0]))
        return self.head_.predict_proba(self._features(texts, cue_features))

    def _save(self, folder: Path, arrays: dict[str, np.ndarray], **extra) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        params = {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.get_params().items()}
        config = {"kind": self.kind, "params": params, "cues": list(ALL_CUES), **extra}
        (folder / "config.json").write_text(json.dumps(config, indent=2))
        np.savez_compressed(folder / "weights.npz", **self.head_.to_arrays(), **arrays)

    @classmethod
    def _load(cls, folder: Path) -> tuple["LinearHeadClassifier", dict[str, np.ndarray]]:
        """Rebuild from config.json; returns the model (head loaded) and the other arrays of weights.npz."""
        cfg = json.loads((folder / "config.json").read_text())
        model = cls(**{k: (tuple(v) if isinstance(v, list) else v) for k, v in cfg["params"].items()})
        if model.use_cues and cfg.get("cues") != list(ALL_CUES):
            raise ValueError(f"{folder}: trained with a different cue set; retrain the model")
        with np.load(folder / "weights.npz", allow_pickle=False) as npz:
            arrays = {k: npz[k] for k in npz.files}
        model.head_ = MaskedLinearHead.from_arrays(arrays, {"C": model.C, "class_weight": model.class_weight})
        return model, arrays

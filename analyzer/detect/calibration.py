"""Per-label Platt scaling of a classifier's scores, fitted on out-of-fold predictions.

Class-balanced training inflates scores for rare labels; a logistic fit of logit(p) on held-out rows maps scores
back to probabilities that mean what they say on the tuning data. Stored as two floats per label.
"""
from __future__ import annotations

import numpy as np
from sklearn.linear_model import LogisticRegression

from ..records import LABELS


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def fit_platt(P: np.ndarray, Y: np.ndarray, mask: np.ndarray,
              groups: np.ndarray | None = None) -> dict[str, tuple[float, float]]:
    """`groups` (the data source of each row), when given, weights rows so that every source counts equally:
    otherwise the probabilities would mean what they say only on the largest source."""
    out = {}
    for j, label in enumerate(LABELS):
        rows = mask[:, j]
        y = Y[rows, j]
        if rows.sum() < 10 or len(np.unique(y)) < 2:
            out[label] = (1.0, 0.0)
            continue
        weight = None
        if groups is not None:
            g = np.asarray(groups)[rows]
            names, inverse, counts = np.unique(g, return_inverse=True, return_counts=True)
            has_pos = np.array([y[g == n].any() for n in names])
            # all-negative sources (neutral mail) bound the threshold's false alarms; they do not shape calibration
            weight = np.where(has_pos[inverse], (len(g) / max(1, has_pos.sum())) / counts[inverse], 0.0)
        lr = LogisticRegression(C=100.0, max_iter=1000).fit(_logit(P[rows, j])[:, None], y, sample_weight=weight)
        a, b = float(lr.coef_[0, 0]), float(lr.intercept_[0])
        out[label] = (a, b) if a > 0 else (1.0, 0.0)  # never invert the ranking
    return out


def apply_platt(P: np.ndarray, calibration: dict[str, tuple[float, float]] | None) -> np.ndarray:
    if not calibration:
        return P
    out = np.empty_like(P, dtype=np.float64)
    for j, label in enumerate(LABELS):
        a, b = calibration.get(label, (1.0, 0.0))
        out[:, j] = 1.0 / (1.0 + np.exp(-(a * _logit(P[:, j]) + b)))
    return out

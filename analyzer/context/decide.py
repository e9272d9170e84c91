"""The decision in context: a small logistic regression over the sentence score and what the contract says about
the clause (type, direction, qualifiers, mirror), fitted on the rest part of the whole-contract set at its natural
prevalence. Persisted as plain JSON (feature names, weights, threshold) in the model folder: `context.json`.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .clause_types import QUALIFIERS, TYPE_IDS

FEATURES: tuple[str, ...] = ("sentence_score", "sentence_logit", "open_one_way_logit", "typed", "type_confidence", "one_way", "mutual", "unresolved", "mirrored",
                             *[f"q_{q}" for q in QUALIFIERS if q != "mutual"], *[f"type_{t}" for t in TYPE_IDS])
FILE = "context.json"


@dataclass
class ClauseFacts:
    sentence_score: float
    clause_type: str | None = None
    mutual: bool = False
    favours: str | None = None
    mirror: int | None = None
    qualifiers: tuple[str, ...] = ()
    type_confidence: float = 0.0


def feature_row(f: ClauseFacts) -> list[float]:
    typed = f.clause_type is not None
    one_way = typed and not f.mutual and f.favours is not None
    s = min(max(f.sentence_score, 1e-4), 1 - 1e-4)
    logit = math.log(s / (1 - s))
    row = {"sentence_score": f.sentence_score, "sentence_logit": logit,
           # the sentence score counts most where the contract gives the other side nothing back
           "open_one_way_logit": logit if one_way and f.mirror is None else 0.0, "typed": typed,
           "type_confidence": f.type_confidence, "one_way": one_way, "mutual": typed and f.mutual,
           "unresolved": typed and not f.mutual and f.favours is None, "mirrored": f.mirror is not None,
           **{f"q_{q}": q in f.qualifiers for q in QUALIFIERS if q != "mutual"},
           **{f"type_{t}": f.clause_type == t for t in TYPE_IDS}}
    return [float(row[k]) for k in FEATURES]


# The shipped decision reads these few: on the development contracts by contract folds every richer set (types,
# qualifiers, the learned typer) scored within noise of them or worse (F1 0.22-0.29, PR-AUC 0.11-0.16).
SHIPPED = ("sentence_logit", "mutual", "mirrored", "one_way")


class ContextDecider:
    """scikit-learn style: params in __init__, fit(X, y) -> self, predict_proba(X). X holds full `feature_row`s;
    `features` names the columns the model reads (None: all of FEATURES)."""

    def __init__(self, C: float = 1.0, threshold: float = 0.5, features: tuple[str, ...] | None = None):
        self.C = C
        self.threshold = threshold
        self.features = features

    def _cols(self, X) -> np.ndarray:
        X = np.asarray(X, dtype=float)
        return X if self.features is None else X[:, [FEATURES.index(f) for f in self.features]]

    def fit(self, X, y, sample_weight=None) -> "ContextDecider":
        from sklearn.linear_model import LogisticRegression

        lr = LogisticRegression(C=self.C, max_iter=2000).fit(self._cols(X), np.asarray(y), sample_weight=sample_weight)
        self.coef_ = lr.coef_[0].astype(float)
        self.intercept_ = float(lr.intercept_[0])
        return self

    def predict_proba(self, X) -> np.ndarray:
        z = self._cols(X) @ self.coef_ + self.intercept_
        p = 1.0 / (1.0 + np.exp(-z))
        return np.column_stack([1 - p, p])

    def save(self, folder: Path, extra: dict | None = None) -> None:
        (Path(folder) / FILE).write_text(json.dumps(
            {"features": list(self.features or FEATURES), "coef": [round(c, 6) for c in self.coef_],
             "intercept": self.intercept_,
             "C": self.C, "threshold": self.threshold, **(extra or {})}, indent=1) + "\n")

    @classmethod
    def load(cls, folder: Path) -> "ContextDecider | None":
        path = Path(folder) / FILE
        if not path.exists():
            return None
        meta = json.loads(path.read_text())
        unknown = [f for f in meta["features"] if f not in FEATURES]
        if unknown or len(meta["coef"]) != len(meta["features"]):
            raise ValueError(f"{path}: features {unknown} unknown to this version (or weights missing); retrain with "
                             "tools/fit_context.py")
        feats = tuple(meta["features"])
        d = cls(meta.get("C", 1.0), meta["threshold"], None if feats == FEATURES else feats)
        d.coef_ = np.asarray(meta["coef"], dtype=float)
        d.intercept_ = float(meta["intercept"])
        return d

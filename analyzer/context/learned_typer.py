"""A clause-type classifier learned from lawyer-labelled CUAD spans and the team's whole-contract labels.

Word 1-2-grams hashed into `N_FEATURES` columns (no vocabulary to store) and a multinomial logistic regression over
the 15 types plus "none". Saved as JSON + npz with only the weight columns that training touched, so loading needs no
pickle. scikit-learn conventions: params in __init__, fit -> self, predict_proba.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence

import numpy as np

NONE = "none"
N_FEATURES = 2 ** 18
FILES = ("clause_typer.json", "clause_typer.npz")


def _vectorizer():
    from sklearn.feature_extraction.text import HashingVectorizer

    return HashingVectorizer(n_features=N_FEATURES, ngram_range=(1, 2), alternate_sign=False, norm="l2", lowercase=True,
                             token_pattern=r"(?u)\b\w[\w']+\b")


class LearnedClauseTyper:
    def __init__(self, C: float = 4.0):
        self.C = C

    def fit(self, texts: Sequence[str], types: Sequence[str], sample_weight=None) -> "LearnedClauseTyper":
        from sklearn.linear_model import LogisticRegression

        X = _vectorizer().transform(list(texts))
        lr = LogisticRegression(C=self.C, max_iter=3000).fit(X, list(types), sample_weight=sample_weight)
        self.classes_ = [str(c) for c in lr.classes_]
        self.coef_ = lr.coef_.astype(np.float32)
        self.intercept_ = lr.intercept_.astype(np.float32)
        return self

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        X = _vectorizer().transform(list(texts))
        z = np.asarray(X @ self.coef_.T) + self.intercept_
        if len(self.classes_) == 2:  # binary LR keeps one row of weights
            z = np.column_stack([-z[:, 0], z[:, 0]]) / 2
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def best(self, texts: Sequence[str]) -> list[tuple[str | None, float]]:
        """(most probable type other than none, its probability) per text."""
        P = self.predict_proba(texts)
        keep = [j for j, c in enumerate(self.classes_) if c != NONE]
        out = []
        for row in P:
            j = max(keep, key=lambda k: row[k])
            out.append((self.classes_[j], float(row[j])))
        return out

    def save(self, folder: Path) -> None:
        cols = np.flatnonzero(np.abs(self.coef_).sum(axis=0))
        np.savez_compressed(Path(folder) / FILES[1], cols=cols.astype(np.int32), coef=self.coef_[:, cols],
                            intercept=self.intercept_)
        (Path(folder) / FILES[0]).write_text(json.dumps({"classes": self.classes_, "C": self.C,
                                                         "n_features": N_FEATURES}) + "\n")

    @staticmethod
    def files(folder: Path) -> list[Path]:
        return [Path(folder) / f for f in FILES]

    @classmethod
    def load(cls, folder: Path) -> "LearnedClauseTyper | None":
        meta_path, arr_path = (Path(folder) / f for f in FILES)
        if not meta_path.exists() or not arr_path.exists():
            return None
        meta = json.loads(meta_path.read_text())
        arrays = np.load(arr_path, allow_pickle=False)
        t = cls(meta.get("C", 4.0))
        t.classes_ = list(meta["classes"])
        t.coef_ = np.zeros((len(t.classes_) if len(t.classes_) > 2 else 1, meta["n_features"]), dtype=np.float32)
        t.coef_[:, arrays["cols"]] = arrays["coef"]
        t.intercept_ = arrays["intercept"]
        return t

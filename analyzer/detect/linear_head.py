"""One logistic regression per label, trained only on rows whose source annotates that label.
Persisted as plain arrays (no pickle); calibration lives in calibration.py, fitted on out-of-fold scores."""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression


class MaskedLinearHead:
    """`fit(X, Y, mask)`: Y and mask are (n, L); row i teaches label j only where mask[i, j]. `sample_weight` is (n,)
    or (n, L): a source can weigh differently per label (the team's written mail teaches tone less than real disputes
    do, but still anchors the contract labels)."""

    def __init__(self, C: float = 4.0, class_weight: str | None = "balanced", max_iter: int = 2000):
        self.C = C
        self.class_weight = class_weight
        self.max_iter = max_iter

    def fit(self, X, Y: np.ndarray, mask: np.ndarray | None = None, sample_weight: np.ndarray | None = None):
        Y = np.asarray(Y)
        mask = np.ones_like(Y, dtype=bool) if mask is None else np.asarray(mask, dtype=bool)
        n_labels = Y.shape[1]
        self.coef_ = np.zeros((n_labels, X.shape[1]), dtype=np.float64)
        self.intercept_ = np.zeros(n_labels)
        for j in range(n_labels):
            rows = np.flatnonzero(mask[:, j])
            y = Y[rows, j]
            if len(np.unique(y)) < 2:
                self.intercept_[j] = -10.0 if not y.any() else 10.0
                continue
            lr = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=self.max_iter,
                                    solver="liblinear" if sp.issparse(X) else "lbfgs")
            w = None
            if sample_weight is not None:
                w = np.asarray(sample_weight)
                w = w[rows, j] if w.ndim == 2 else w[rows]
            lr.fit(X[rows], y, sample_weight=w)
            self.coef_[j] = lr.coef_[0]
            self.intercept_[j] = lr.intercept_[0]
        return self

    def decision_function(self, X) -> np.ndarray:
        coef_t = self.coef_.T
        if sp.issparse(self.coef_):
            # a sparse coefficient matrix's transpose is CSC; converting it on every batch cost ~20 ms per call
            if getattr(self, "_coef_t_of", None) is not self.coef_:
                self._coef_t, self._coef_t_of = coef_t.tocsr(), self.coef_
            coef_t = self._coef_t
        z = X @ coef_t
        if sp.issparse(z):
            z = z.toarray()
        return np.asarray(z) + self.intercept_

    def predict_proba(self, X) -> np.ndarray:
        return _sigmoid(self.decision_function(X))

    # persistence: plain arrays; the coefficient matrix is stored sparse (most hashed features never occur)
    def to_arrays(self, prefix: str = "head") -> dict[str, np.ndarray]:
        coef = sp.csr_matrix(self.coef_.astype(np.float32))
        return {f"{prefix}_coef_data": coef.data, f"{prefix}_coef_indices": coef.indices,
                f"{prefix}_coef_indptr": coef.indptr, f"{prefix}_coef_shape": np.array(coef.shape),
                f"{prefix}_intercept": self.intercept_}

    @classmethod
    def from_arrays(cls, arrays, params: dict, prefix: str = "head") -> "MaskedLinearHead":
        head = cls(**params)
        shape = tuple(int(v) for v in arrays[f"{prefix}_coef_shape"])
        coef = sp.csr_matrix((arrays[f"{prefix}_coef_data"], arrays[f"{prefix}_coef_indices"],
                              arrays[f"{prefix}_coef_indptr"]), shape=shape)
        head.coef_ = coef.toarray().astype(np.float64) if shape[1] <= 4096 else coef
        head.intercept_ = np.asarray(arrays[f"{prefix}_intercept"], dtype=np.float64)
        return head


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -40, 40)))

"""Metric and calibration maths on small hand-computed cases."""
import numpy as np

from analyzer.detect.calibration import apply_platt, fit_platt
from analyzer.detect.metrics import label_metrics, tune_threshold
from analyzer.records import LABELS


def test_label_metrics_hand_computed():
    y = np.array([1, 1, 0, 0, 1])
    p = np.array([0.9, 0.4, 0.6, 0.1, 0.8])
    m = label_metrics(y, p, 0.5)  # predicted 1,0,1,0,1 -> tp=2 fp=1 fn=1
    assert (m["precision"], m["recall"], m["f1"]) == (0.6667, 0.6667, 0.6667)
    assert m["false_alarm_rate"] == 0.5 and m["support"] == 3
    # ranking: positives at 0.9, 0.8, 0.4; negatives 0.6, 0.1 -> AP = (1 + 1 + 3/4) / 3
    assert abs(m["pr_auc"] - (1 + 1 + 0.75) / 3) < 1e-4


def test_tune_threshold_separates_clean_data():
    y = np.array([0, 0, 0, 1, 1, 1])
    p = np.array([0.1, 0.2, 0.3, 0.6, 0.7, 0.8])
    t = tune_threshold(y, p)
    assert 0.3 < t <= 0.6
    assert label_metrics(y, p, t)["f1"] == 1.0


def test_platt_is_identity_when_empty_and_keeps_ranking():
    P = np.random.default_rng(0).uniform(0.01, 0.99, size=(200, len(LABELS)))
    assert np.allclose(apply_platt(P, {}), P)
    Y = (P > 0.7).astype(int)  # true probability higher than scores suggest below 0.7, lower above
    cal = fit_platt(P, Y, np.ones_like(Y, dtype=bool))
    Q = apply_platt(P, cal)
    for j in range(len(LABELS)):
        order = np.argsort(P[:, j])
        assert (np.diff(Q[order, j]) >= -1e-12).all()

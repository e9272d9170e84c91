"""Metric and calibration maths on small hand-computed cases."""
import numpy as np

from analyzer.detect.calibration import apply_platt, fit_platt
from analyzer.train.metrics import label_metrics, tune_threshold, tune_threshold_across
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


def test_threshold_across_sources_weighs_each_source_equally():
    # "big": 405 rows; 5 of its negatives score 0.31-0.45, its positives 0.5-0.9. "small": 10 rows whose positives
    # score 0.30-0.34. Pooled F1 barely notices "small" and sits at the top of the plateau (~0.5, missing all of it).
    y_big = np.r_[np.zeros(205), np.ones(200)]
    p_big = np.r_[np.linspace(0.05, 0.25, 200), np.linspace(0.31, 0.45, 5), np.linspace(0.5, 0.9, 200)]
    y_small = np.r_[np.zeros(5), np.ones(5)]
    p_small = np.r_[np.linspace(0.05, 0.15, 5), np.linspace(0.30, 0.34, 5)]
    y, p = np.r_[y_big, y_small], np.r_[p_big, p_small]
    groups = np.array(["big"] * len(y_big) + ["small"] * len(y_small))
    t = tune_threshold_across(y, p, groups)
    assert 0.25 < t <= 0.30
    assert label_metrics(y_small, p_small, t)["f1"] == 1.0 and label_metrics(y_big, p_big, t)["f1"] > 0.98
    assert label_metrics(y_small, p_small, tune_threshold(y, p))["f1"] == 0.0


def test_threshold_across_keeps_false_alarms_on_neutral_mail_within_budget():
    rng = np.random.default_rng(1)
    y = np.r_[np.zeros(50), np.ones(50), np.zeros(200)]
    p = np.r_[rng.uniform(0.0, 0.4, 50), rng.uniform(0.3, 1.0, 50), rng.uniform(0.0, 0.6, 200)]
    groups = np.array(["labelled"] * 100 + ["neutral"] * 200)
    free = tune_threshold_across(y, p, groups)
    budget = tune_threshold_across(y, p, groups, neutral=("neutral",), max_false_alarm=0.01)
    assert (p[100:] >= free).mean() > 0.01  # without the budget the neutral mail would be over it
    assert (p[100:] >= budget).mean() <= 0.01 and budget > free


def test_platt_with_groups_weighs_sources_equally_and_ignores_all_negative_ones():
    rng = np.random.default_rng(2)
    P = rng.uniform(0.01, 0.99, size=(400, len(LABELS)))
    Y = (rng.uniform(size=P.shape) < P).astype(int)
    M = np.ones_like(Y, dtype=bool)
    groups = np.array(["a"] * 100 + ["b"] * 100 + ["neutral"] * 200)
    Y[200:] = 0  # the neutral source has no positives
    with_neutral_ignored = fit_platt(P, Y, M, groups)
    labelled_only = fit_platt(P[:200], Y[:200], M[:200], groups[:200])
    for label in LABELS:  # equal up to the solver's tolerance (weights are rescaled, not identical)
        assert np.allclose(with_neutral_ignored[label], labelled_only[label], atol=1e-3)
    assert fit_platt(P, Y, M) != with_neutral_ignored  # unweighted, the 200 negatives drag every score down


def test_cascade_blend_and_candidates_follow_the_per_label_weights():
    import scipy.sparse as sp

    from analyzer.detect.cascade import blend, candidates
    from analyzer.detect.cues import ALL_CUES, CUE_LABEL, POSITIVE_CUES
    from analyzer.detect.evidence_policy import WEAK_CUES

    fast = np.array([[0.9, 0.05, 0.0, 0.05], [0.1, 0.5, 0.1, 0.1], [0.1, 0.1, 0.1, 0.1]])
    cues = np.zeros((3, len(ALL_CUES)))
    collab = [i for i, c in enumerate(ALL_CUES) if c in POSITIVE_CUES and CUE_LABEL[c] == "collaborative"]
    strong = next(i for i in collab if ALL_CUES[i] not in WEAK_CUES)
    weak = next(i for i in collab if ALL_CUES[i] in WEAK_CUES)
    cues[2, strong] = 1
    weights = np.array([0.0, 0.5, 0.0, 0.25])  # risk_pushing never goes to the transformer
    cand = candidates(fast, sp.csr_matrix(cues), weights, screen=0.15)
    assert cand.tolist() == [False, True, True]  # row 0: only its risk score is high; row 2: a collaborative cue
    only_weak = np.zeros_like(cues)
    only_weak[2, weak] = 1  # a cue under 0.5 measured precision does not summon the transformer on its own
    assert candidates(fast, sp.csr_matrix(only_weak), weights, screen=0.15).tolist() == [False, True, False]
    assert not candidates(fast, sp.csr_matrix(cues), np.zeros(4), 0.15).any()
    slow = np.full_like(fast, np.nan)
    slow[cand] = [[0.0, 1.0, 1.0, 1.0], [0.0, 0.0, 0.0, 0.9]]
    p = blend(fast, slow, weights)
    assert np.allclose(p[0], fast[0])  # not a candidate: fast scores unchanged
    assert np.allclose(p[1], [0.1, 0.75, 0.1, 0.325])  # blame 0.5*0.5+0.5*1; collaborative 0.75*0.1+0.25*1
    assert np.allclose(p[2], [0.1, 0.05, 0.1, 0.3])


def test_blend_weights_go_to_the_labels_where_the_transformer_helps():
    from analyzer.train.fit import choose_blend_weights

    rng = np.random.default_rng(3)
    n = 400
    Y = (rng.uniform(size=(n, len(LABELS))) < 0.3).astype(int)
    noise = rng.normal(0, 1, size=(n, len(LABELS)))
    good = 1 / (1 + np.exp(-(4 * (Y - 0.5) + 0.3 * noise)))  # separates the classes well
    poor = 1 / (1 + np.exp(-(0.5 * (Y - 0.5) + 1.5 * noise)))  # barely better than chance
    fast = np.where([True, False, True, False], good, poor)  # fast model good on labels 0 and 2
    slow = np.where([True, False, True, False], poor, good)  # transformer good on labels 1 and 3
    M = np.ones_like(Y, dtype=bool)
    src = np.array(["a", "b"] * (n // 2))
    w = choose_blend_weights(fast, slow, Y, M, src)
    assert w[0] == 0 and w[2] == 0  # the transformer would only add noise there: never called for them
    assert w[1] >= 0.75 and w[3] >= 0.75

"""Per-label metrics and threshold tuning, computed only on rows annotated for the label."""
from __future__ import annotations

import numpy as np
from sklearn.metrics import average_precision_score, precision_recall_curve

from ..records import LABELS


MIN_SUPPORT_FOR_MACRO = 5


def label_metrics(y: np.ndarray, p: np.ndarray, threshold: float) -> dict[str, float]:
    """precision/recall/F1 at `threshold`, PR-AUC, precision at 80% recall, support and false-alarm rate."""
    y = np.asarray(y).astype(bool)
    pred = p >= threshold
    tp = int((pred & y).sum())
    fp = int((pred & ~y).sum())
    fn = int((~pred & y).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    out = {"precision": precision, "recall": recall, "f1": f1, "support": int(y.sum()), "n": int(len(y)),
           "false_alarm_rate": fp / max(1, int((~y).sum())), "threshold": float(threshold)}
    if 0 < y.sum() < len(y):
        out["pr_auc"] = float(average_precision_score(y, p))
        prec, rec, _ = precision_recall_curve(y, p)
        out["precision_at_80_recall"] = float(prec[rec >= 0.8].max()) if (rec >= 0.8).any() else 0.0
    return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in out.items()}


def evaluate(Y: np.ndarray, P: np.ndarray, mask: np.ndarray, thresholds: dict[str, float]) -> dict[str, dict]:
    """Metrics per label over the rows annotated for it; labels with no annotated rows are omitted."""
    result = {}
    for j, label in enumerate(LABELS):
        rows = mask[:, j]
        if rows.sum() == 0:
            continue
        result[label] = label_metrics(Y[rows, j], P[rows, j], thresholds.get(label, 0.5))
    # Macro over labels with enough positives to mean anything (dispute_dev has 1 risk_pushing row in test).
    f1s = [m["f1"] for m in result.values() if m["support"] >= MIN_SUPPORT_FOR_MACRO]
    if f1s:
        result["macro"] = {"f1": round(float(np.mean(f1s)), 4), "labels": len(f1s)}
    return result


def tune_threshold(y: np.ndarray, p: np.ndarray, beta: float = 1.0, floor: float = 0.2, tolerance: float = 0.01) -> float:
    """Threshold for F-beta on held-out rows. F1 is usually flat near its peak; among thresholds within `tolerance`
    of the best score the highest is taken, because running text has far fewer positives than a tuning set and the
    extra precision is what users notice. Never below `floor`, to stay sane on tiny sets."""
    y = np.asarray(y).astype(bool)
    if y.sum() == 0 or y.all():
        return 0.5
    prec, rec, thr = precision_recall_curve(y, p)
    b2 = beta * beta
    f = (1 + b2) * prec[:-1] * rec[:-1] / np.maximum(b2 * prec[:-1] + rec[:-1], 1e-12)
    near = np.flatnonzero(f >= f.max() - tolerance)
    return float(max(floor, min(0.95, thr[near].max())))


def tune_threshold_across(y: np.ndarray, p: np.ndarray, groups: np.ndarray, min_support: int = MIN_SUPPORT_FOR_MACRO,
                          floor: float = 0.2, tolerance: float = 0.01, neutral: tuple[str, ...] = (),
                          max_false_alarm: float = 0.015) -> float:
    """Threshold maximising the mean F1 over `groups` (data sources) that have at least `min_support` positives,
    subject to a false-alarm budget on the `neutral` sources (ordinary real mail, all negatives).

    One pooled F1 is dominated by whichever source has the most rows (our corpus); the product must work on each kind
    of text users bring, so each source counts equally. No threshold may flag more than `max_false_alarm` of a
    neutral source's rows. Like `tune_threshold`, the
    highest threshold within `tolerance` of the best mean is taken."""
    y = np.asarray(y).astype(bool)
    p = np.asarray(p, dtype=float)
    groups = np.asarray(groups)
    names = np.unique(groups)
    keep = [g for g in names if y[groups == g].sum() >= min_support]
    neutral = [g for g in names if g in neutral and (groups == g).any()]
    if not keep:
        return tune_threshold(y, p, floor=floor, tolerance=tolerance)
    grid = np.round(np.arange(floor, 0.951, 0.005), 3)
    score = _mean_f1(y, p, groups, keep, grid)
    for g in neutral:
        alarms = (p[groups == g][None, :] >= grid[:, None]).mean(1)
        score[alarms > max_false_alarm] = -1.0
    if score.max() < 0:  # no threshold meets the budget: the strictest one
        return float(grid[-1])
    return float(grid[np.flatnonzero(score >= score.max() - tolerance).max()])


def mean_f1_over_sources(y: np.ndarray, p: np.ndarray, groups: np.ndarray, threshold: float,
                         min_support: int = MIN_SUPPORT_FOR_MACRO) -> float:
    """Mean F1 at `threshold` over the groups with at least `min_support` positives (0 when none has)."""
    y = np.asarray(y).astype(bool)
    groups = np.asarray(groups)
    keep = [g for g in np.unique(groups) if y[groups == g].sum() >= min_support]
    return float(_mean_f1(y, np.asarray(p, dtype=float), groups, keep, np.array([threshold]))[0]) if keep else 0.0


def _mean_f1(y: np.ndarray, p: np.ndarray, groups: np.ndarray, keep: list, grid: np.ndarray) -> np.ndarray:
    """Mean over the `keep` groups of F1 = 2 TP / (predicted + actual positives), at every threshold of `grid`."""
    score = np.zeros(len(grid))
    for g in keep:
        yg, pg = y[groups == g], p[groups == g]
        pred = pg[None, :] >= grid[:, None]
        score += 2 * (pred & yg).sum(1) / np.maximum(pred.sum(1) + yg.sum(), 1)
    return score / len(keep)

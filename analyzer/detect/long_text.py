"""Scoring texts longer than a segment: in windows of at most MAX_SEGMENT_CHARS, merged back into one result per text.

The pipeline never hands the model a text over MAX_SEGMENT_CHARS (segment/bounds.py), but `predict` is public API
(`analyzer classify`, notebooks): without windows a megabyte text would cost gigabytes in the n-gram hasher and the
transformer's tokenizer. A long text scores the maximum over its windows (it says what its strongest part says),
and its evidence is every window's evidence, with offsets into the whole text.
"""
from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

from ..records import LABELS, Evidence, Prediction
from ..segment.bounds import MAX_SEGMENT_CHARS, bounded_spans


def has_long(texts: Sequence[str]) -> bool:
    return any(len(t) > MAX_SEGMENT_CHARS for t in texts)


def windows(texts: Sequence[str]) -> list[tuple[int, int, int]]:
    """(text index, start, end) of each window; a text of only whitespace keeps one empty window so it is scored."""
    out: list[tuple[int, int, int]] = []
    for i, t in enumerate(texts):
        spans = bounded_spans(t, 0, len(t), MAX_SEGMENT_CHARS) if len(t) > MAX_SEGMENT_CHARS else [(0, len(t))]
        out += [(i, a, b) for a, b in spans or [(0, 0)]]
    return out


def proba_by_window(texts: Sequence[str], proba: Callable[[list[str]], np.ndarray],
                    batch_size: int = 256) -> np.ndarray:
    """(n, len(LABELS)) probabilities: each text's maximum over its windows (scored `batch_size` windows at a time,
    so memory does not grow with the text)."""
    wins = windows(texts)
    out = np.full((len(texts), len(LABELS)), -np.inf)
    for k in range(0, len(wins), batch_size):
        part = wins[k : k + batch_size]
        P = proba([texts[i][a:b] for i, a, b in part])
        np.maximum.at(out, np.array([i for i, _, _ in part], dtype=int), P)
    return out


def predict_by_window(texts: Sequence[str], predict: Callable[[list[str]], list[Prediction]],
                      thresholds: dict[str, float]) -> list[Prediction]:
    """One Prediction per text from the Predictions of its windows (scores: maximum; evidence: all, shifted)."""
    wins = windows(texts)
    preds = predict([texts[i][a:b] for i, a, b in wins])
    merged: list[list[tuple[int, Prediction]]] = [[] for _ in texts]
    for (i, a, _), p in zip(wins, preds):
        merged[i].append((a, p))
    out = []
    for parts in merged:
        scores = {lab: max(p.scores[lab] for _, p in parts) for lab in LABELS}
        labels = [lab for lab in LABELS if scores[lab] >= thresholds[lab]]
        evidence = [Evidence(e.label, e.cue, e.start + a, e.end + a) for a, p in parts for e in p.evidence]
        cues = sorted({c for _, p in parts for c in p.cues})
        out.append(Prediction(scores, labels, evidence, cues))
    return out

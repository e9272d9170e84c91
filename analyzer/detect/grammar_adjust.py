"""Grammar where words mislead: a calibrated score is moved by the grammar-aware cues of its sentence.

N-grams and embeddings see "missed the date" and "put together"; they do not see who missed it or what is put
together. After calibration, for each correspondence label:

- a grammar **counter** (the speaker owns the failure, an outsider caused it, the failure is denied; "put together" a
  document or a meet-up) with no grammar cue for the label halves the score;
- a grammar **cue for the label** (the counterparty is the agent of the failure, motive imputed, joint work, a cure
  period, rights not waived, ...) moves the score halfway to 1.

Only sentences whose score is within reach of a threshold (>= REACH x threshold) are parsed, so ordinary text costs
nothing. Measured on out-of-fold scores of the `rest` disputes with neutral mail (models/MODEL_CHOICE.md): neutral
on aggregate (F1 within 0.005 for every label, PR-AUC up to +0.013 for collaborative) - its value is the hard
negatives the issue names ("we missed the date", "the storm caused the delay", "let's get together after work").
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import scipy.sparse as sp

from ..records import LABELS, Evidence
from .grammar import GRAMMAR_LABEL, GrammarCues, grammar_candidates, lexical_candidates

REACH = 0.5
COUNTERS: dict[str, tuple[str, ...]] = {
    "blame": ("self_ownership_grammar", "outsider_cause", "negated_failure"),
    "collaborative": ("together_object",),
}
ADJUSTED = ("blame", "defensive_detail", "collaborative")


def adjust(texts: Sequence[str], P: np.ndarray, thresholds: dict[str, float], grammar: GrammarCues,
           cue_features=None) -> tuple[np.ndarray, dict[int, list[Evidence]]]:
    """(adjusted copy of P, {row: grammar evidence} for the rows parsed). With `cue_features` (the fast cue layer's
    matrix), only rows that also pass the grammar prefilter are parsed (a fast cue or a grammar-relevant word: on the
    rest data every grammar hit but one fell on such rows); this halves the parsing on tone-dense mail."""
    cols = [LABELS.index(lab) for lab in ADJUSTED]
    reach = np.array([REACH * thresholds.get(lab, 0.5) for lab in ADJUSTED])
    near = (P[:, cols] >= reach).any(axis=1) if len(P) else np.zeros(0, dtype=bool)
    if cue_features is not None and near.any():
        near &= grammar_candidates(sp.csr_matrix(cue_features)) | lexical_candidates(texts)
    rows = np.flatnonzero(near)
    out = P.copy()
    found: dict[int, list[Evidence]] = {}
    if not len(rows):
        return out, found
    for i, ev in zip(rows, grammar.find_many([texts[i] for i in rows])):
        found[int(i)] = ev
        cues = {e.cue for e in ev}
        for lab, j in zip(ADJUSTED, cols):
            if any(GRAMMAR_LABEL[c] == lab for c in cues):
                out[i, j] = out[i, j] + 0.5 * (1.0 - out[i, j])
            elif cues & set(COUNTERS.get(lab, ())):
                out[i, j] = 0.5 * out[i, j]
    return out, found

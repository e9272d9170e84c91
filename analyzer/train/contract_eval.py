"""The whole-contract set through the pipeline: sentence scores, context facts and gold labels per segment.

Used by tools/fit_context.py (rest part: fit and threshold) and tools/evaluate_contracts.py (test part: reported
once). A segment is gold-positive when a labelled risk_pushing span overlaps it.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..extract import Extracted
from ..records import AnalysedDocument, Document
from ..scoring import score_extracted
from ..segment import segment
from .contract_set import ContractLabels, load_contracts, load_labels

CHARS_PER_PAGE = 3_000  # CUAD text has no page breaks; measured on the 20 Hosting PDFs beside it (bench/RESULTS.md)


@dataclass
class ContractRows:
    doc_id: str
    analysed: AnalysedDocument
    gold: np.ndarray  # 1 where a risk_pushing span overlaps the segment
    high: np.ndarray  # 1 where every overlapping labelled span is high confidence
    labels: ContractLabels
    pages: float = 0.0


def _overlaps(a: int, b: int, s: int, e: int) -> bool:
    return a < e and s < b


def analyse_contracts(ids: list[str], model, judge: bool = False) -> list[ContractRows]:
    """Each contract segmented and scored by the sentence model; judged in context only when `judge`."""
    contracts, labels = load_contracts(), load_labels()
    out = []
    for doc_id in ids:
        text = contracts[doc_id].text
        doc = Document(id=doc_id[:32], source=doc_id, kind="contract", text=text)
        ad = score_extracted([Extracted(doc, segment(doc))], model, judge=judge)[0]
        lab = labels.get(doc_id, ContractLabels(doc_id))
        pos = [(s["start"], s["end"], s["confidence"]) for s in lab.spans if s["label"] == "risk_pushing"]
        lows = [(s["start"], s["end"]) for s in lab.spans if s["confidence"] == "low"]
        gold = np.array([any(_overlaps(ss.segment.start, ss.segment.end, a, b) for a, b, _ in pos)
                         for ss in ad.segments], dtype=int)
        high = np.array([not any(_overlaps(ss.segment.start, ss.segment.end, a, b) for a, b in lows)
                         for ss in ad.segments], dtype=int)
        out.append(ContractRows(doc_id, ad, gold, high, lab, len(text) / CHARS_PER_PAGE))
    return out


def best_threshold(y: np.ndarray, p: np.ndarray) -> tuple[float, float]:
    """(threshold, F1) maximising F1 over the distinct scores."""
    from sklearn.metrics import precision_recall_curve

    prec, rec, thr = precision_recall_curve(y, p)
    f1 = 2 * prec * rec / np.maximum(prec + rec, 1e-9)
    k = int(np.nanargmax(f1[:-1])) if len(thr) else 0
    return (float(thr[k]) if len(thr) else 0.5), float(f1[k])


def scores_report(y: np.ndarray, p: np.ndarray, threshold: float, pages: float) -> dict:
    from sklearn.metrics import average_precision_score, f1_score, precision_score, recall_score

    pred = (p >= threshold).astype(int)
    fp = int(((pred == 1) & (y == 0)).sum())
    return {"segments": int(len(y)), "positives": int(y.sum()), "prevalence": round(float(y.mean()), 4),
            "f1": round(f1_score(y, pred, zero_division=0), 3),
            "precision": round(precision_score(y, pred, zero_division=0), 3),
            "recall": round(recall_score(y, pred, zero_division=0), 3),
            "pr_auc": round(float(average_precision_score(y, p)), 3) if y.any() else None,
            "flags": int(pred.sum()), "false_flags": fp, "pages": round(pages, 1),
            "false_flags_per_10_pages": round(10 * fp / pages, 2) if pages else None}

"""Scoring: extracted segments -> model scores, in batches, one document at a time out; a contract's scores are
then judged in context (analyzer/context), so every engine and store sees the same decision.

`score_stream` is the per-document function the local and distributed engines map over.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

from .extract import ExtractStats, Extracted, extract
from .records import AnalysedDocument, Evidence, ReadError, ScoredSegment


def score_extracted(items: list[Extracted], model, judge: bool = True) -> list[AnalysedDocument]:
    """Score the segments of several documents in one batch (the model is fastest on big batches); contracts are
    then judged in context unless `judge` is False (training the judgement reads the sentence scores alone)."""
    texts = [s.text for it in items for s in it.segments]
    preds = model.predict(texts) if texts else []
    out, k = [], 0
    for it in items:
        scored = []
        for seg in it.segments:
            p = preds[k]
            k += 1
            ev = [Evidence(e.label, e.cue, seg.start + e.start, seg.start + e.end) for e in p.evidence]
            scored.append(ScoredSegment(seg, p.scores, p.labels, ev, p.cues))
        ad = AnalysedDocument(it.document, scored)
        if judge and ad.document.kind == "contract":  # judged with the whole contract: parties, types, mirrors
            ad = _judged(ad, model)
        out.append(ad)
    return out


def _judged(ad: AnalysedDocument, model) -> AnalysedDocument:
    """The contract judged in context; if the judgement fails on this document, its sentence-level result stands
    with a warning on the document (a batch never stops for one contract)."""
    from .context.judge import judge_contract

    try:
        return judge_contract(ad, getattr(model, "source_folder", None))
    except Exception as exc:  # noqa: BLE001 - one document's failure is reported, not raised
        ad.document.warnings.append(f"context judgement failed ({type(exc).__name__}); sentence-level "
                                    "risk_pushing kept")
        return ad


def score_stream(items: Iterable[Extracted | ReadError], model, batch_segments: int = 2048
                 ) -> Iterator[AnalysedDocument | ReadError]:
    """Analysed documents and errors in input order; segments are scored in batches of about `batch_segments`."""
    pending: list[Extracted] = []
    size = 0
    for item in items:
        if isinstance(item, ReadError):
            yield from score_extracted(pending, model)
            pending, size = [], 0
            yield item
            continue
        pending.append(item)
        size += len(item.segments)
        if size >= batch_segments:
            yield from score_extracted(pending, model)
            pending, size = [], 0
    yield from score_extracted(pending, model)


def analyze_documents(paths: Iterable[str | Path], model, stats: ExtractStats | None = None,
                      batch_segments: int = 2048) -> Iterator[AnalysedDocument | ReadError]:
    return score_stream(extract(paths, stats), model, batch_segments)

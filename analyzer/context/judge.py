"""One contract, judged in context: parties -> clause types -> direction and qualifiers -> mirrors -> decision.

`judge_contract` takes an AnalysedDocument of kind "contract" with sentence scores and returns it with
`risk_pushing` decided by the contract-level model (decide.py), a ClauseJudgement on every typed or flagged segment,
and the correspondence labels (blame, defensive_detail) removed: contract text carries only contract labels
(corpora/GUIDELINES.md §2 G5). Without a context.json in the model folder the sentence decision stands, and the
judgements are still attached (types, parties, mirrors) for the review.
"""
from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from ..records import MODEL_CUE, AnalysedDocument, ClauseJudgement, Evidence
from .clause_typer import type_segments
from .clause_types import BY_ID
from .decide import ClauseFacts, ContextDecider, feature_row
from .direction import directions
from .learned_typer import LearnedClauseTyper
from .mirrors import TypedClause, find_mirrors
from .parties import Parties, find_parties

RISK = "risk_pushing"
CORRESPONDENCE_ONLY = ("blame", "defensive_detail")


@lru_cache(maxsize=8)
def context_for(folder: str | None) -> tuple[ContextDecider | None, LearnedClauseTyper | None]:
    """The decision and the learned typer saved in a model folder (either may be absent)."""
    if not folder:
        return None, None
    return ContextDecider.load(Path(folder)), LearnedClauseTyper.load(Path(folder))


def facts(ad: AnalysedDocument, typer=None, nlp=None) -> tuple[Parties, list[ClauseFacts], list]:
    """What the contract says about each segment (no decision yet)."""
    segs = ad.segments
    texts = [s.segment.text for s in segs]
    parties = find_parties(ad.document.text)
    types, confidence = type_segments(texts, typer)
    typed = [i for i, t in enumerate(types) if t]
    dirs = directions([texts[i] for i in typed], [types[i] for i in typed], parties, nlp) if typed else []
    by_idx = dict(zip(typed, dirs))
    mirrors = find_mirrors([TypedClause(i, types[i], d.mutual, d.favours, d.bears) for i, d in by_idx.items()],
                           {i: texts[i] for i in by_idx}, [n for p in parties.parties for n in p.names])
    out = []
    for i, s in enumerate(segs):
        d = by_idx.get(i)
        sentence = s.context.sentence_score if s.context is not None else s.scores.get(RISK, 0.0)
        out.append(ClauseFacts(sentence, types[i], bool(d and d.mutual), d.favours if d else None,
                               mirrors.get(i), tuple(d.qualifiers) if d else (), confidence[i]))
    return parties, out, [by_idx.get(i) for i in range(len(segs))]


def _reason(f: ClauseFacts, d, parties: Parties, mirror_clause: str | None, flagged: bool) -> str | None:
    if f.clause_type is None:
        return "flagged by the sentence model; no risk clause type recognised" if flagged else None
    title = BY_ID[f.clause_type].title.lower()
    if f.mutual:
        return f"balanced: {title} binds both parties on its face"
    if f.favours is None:
        return f"{title}: the party it favours was not resolved"
    fav, bear = parties.display(f.favours), parties.display(d.bears)
    if f.mirror is not None:
        where = f"cl. {mirror_clause}" if mirror_clause else f"segment {f.mirror}"
        return f"balanced: {title} in favour of {fav}, mirrored by {where}"
    soft = [q.replace("_", " ") for q in f.qualifiers if q != "mutual"]
    return (f"one-sided: {title} in favour of {fav}; no matching right for {bear}"
            + (f" (qualified: {', '.join(soft)})" if soft else ""))


def judge_contract(ad: AnalysedDocument, folder: str | Path | None = None, nlp=None) -> AnalysedDocument:
    if ad.document.kind != "contract" or not ad.segments:
        return ad
    decider, typer = context_for(str(folder) if folder else None)
    parties, fs, dirs = facts(ad, typer, nlp)
    probs = decider.predict_proba([feature_row(f) for f in fs])[:, 1] if decider is not None else None
    out = []
    for i, (ss, f, d) in enumerate(zip(ad.segments, fs, dirs)):
        scores, labels = dict(ss.scores), [lb for lb in ss.labels if lb not in CORRESPONDENCE_ONLY]
        evidence = [e for e in ss.evidence if e.label not in CORRESPONDENCE_ONLY]
        if probs is not None:
            scores[RISK] = round(float(probs[i]), 4)
            flagged = probs[i] >= decider.threshold
            labels = [lb for lb in labels if lb != RISK] + ([RISK] if flagged else [])
            evidence = [e for e in evidence if e.label != RISK or flagged]
            if flagged and not any(e.label == RISK for e in evidence):
                seg = ss.segment
                evidence.append(Evidence(RISK, MODEL_CUE, seg.start, seg.end))
        else:
            flagged = RISK in labels
        judgement = None
        if f.clause_type is not None or flagged:
            mclause = ad.segments[f.mirror].segment.clause if f.mirror is not None else None
            judgement = ClauseJudgement(
                f.clause_type, round(f.sentence_score, 4),
                None if f.clause_type is None else ("mutual" if f.mutual else "one_way" if f.favours else None),
                parties.display(f.favours) if f.favours else None,
                parties.display(d.bears) if d is not None and d.bears else None,
                list(f.qualifiers), f.mirror, mclause, _reason(f, d, parties, mclause, flagged))
        out.append(replace(ss, scores=scores, labels=labels, evidence=evidence, context=judgement))
    return replace(ad, segments=out)

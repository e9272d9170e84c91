"""Contract risk profile: which clauses push risk, of which type, in whose favour, where, and how one-sided the
contract is overall — read from the judgements in context (analyzer/context).

A segment is *risk-relevant* when it has a clause type or is flagged risk_pushing. Of those, *one-sided* are the
flagged ones, *balanced* the rest (mutual on their face, mirrored elsewhere, or qualified). share_one_sided =
one-sided / risk-relevant. Counts by type and by the party that bears each one-sided clause tell a reviewer where
the contract leans. Frames from before the context stage (no clause_type) fall back to risk cues.
"""
from __future__ import annotations

import pandas as pd

from ..records import MODEL_CUE

BALANCING_CUES = {"mutual_term", "liability_capped", "liability_carve_out", "fault_based"}
REVIEW_COLS = ["doc_id", "source", "idx", "clause", "page", "clause_type", "status", "favours", "bears",
               "mirror_idx", "mirror_clause", "reason", "score_risk_pushing", "text", "start", "end"]


def _risk_cues() -> set[str]:
    from ..detect.cue_patterns import cue_names  # plain data: one source of truth, and no spaCy import here

    return set(cue_names(("risk_pushing",))["risk_pushing"])


def _has_context(frame: pd.DataFrame) -> pd.Series:
    return frame["clause_type"].notna() if "clause_type" in frame.columns else pd.Series(False, index=frame.index)


def risk_clauses(frame: pd.DataFrame) -> pd.DataFrame:
    """Flagged risk_pushing segments with their type, parties, mirror and reason; best first per contract."""
    c = frame[(frame["kind"] == "contract") & frame["is_risk_pushing"]].copy()
    risk = _risk_cues()
    c["cue_types"] = c["cues"].map(lambda cs: sorted(set(cs) & risk) or [MODEL_CUE])
    cols = ["doc_id", "source", "clause", "heading", "page", "score_risk_pushing", "clause_type", "favours", "bears",
            "reason", "cue_types", "text", "idx", "start", "end"]
    return c[cols].sort_values(["doc_id", "score_risk_pushing"], ascending=[True, False]).reset_index(drop=True)


def clause_review(frame: pd.DataFrame) -> pd.DataFrame:
    """Every typed or flagged contract clause, one-sided and balanced side by side: status, type, who it favours,
    who bears it, its mirror (segment index and clause number) and the reason; in document order."""
    c = frame[(frame["kind"] == "contract") & (_has_context(frame) | frame["is_risk_pushing"])].copy()
    c["status"] = c["is_risk_pushing"].map({True: "one-sided", False: "balanced"})
    return c[REVIEW_COLS].sort_values(["doc_id", "idx"]).reset_index(drop=True)


def risk_profile(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per contract: segments, risk-relevant, one-sided, balanced, share_one_sided, one-sided clauses by
    clause type, by cue type and by the party that bears them, mirrored pairs, flagged clause numbers with pages, top evidence."""
    contracts = frame[frame["kind"] == "contract"]
    risk = _risk_cues()
    flagged = risk_clauses(frame)
    rows = []
    for doc_id, d in contracts.groupby("doc_id", sort=False):
        typed = _has_context(d)
        if typed.any():
            relevant = typed | d["is_risk_pushing"]
        else:  # a frame without judgements: risk and balancing cues mark the relevant clauses
            relevant = d["is_risk_pushing"] | d["cues"].map(lambda cs: bool(set(cs) & (risk | BALANCING_CUES)))
        one_sided = int(d["is_risk_pushing"].sum())
        f = flagged[flagged["doc_id"] == doc_id]
        by_type = f["clause_type"].fillna(MODEL_CUE).value_counts().to_dict()
        by_cue: dict[str, int] = {}
        for types in f["cue_types"]:
            for t in types:
                by_cue[t] = by_cue.get(t, 0) + 1
        by_bearer = f["bears"].dropna().value_counts().to_dict()
        top = f.iloc[0] if len(f) else None
        rows.append({
            "doc_id": doc_id, "source": d["source"].iloc[0], "segments": len(d),
            "risk_relevant": int(relevant.sum()), "one_sided": one_sided,
            "balanced": int(relevant.sum()) - one_sided,
            "share_one_sided": one_sided / int(relevant.sum()) if relevant.any() else 0.0,
            "by_type": {str(k): int(v) for k, v in by_type.items()},
            "by_cue_type": dict(sorted(by_cue.items(), key=lambda kv: -kv[1])),
            "by_bearer": {str(k): int(v) for k, v in by_bearer.items()},
            "mirrored": int(d["mirror_idx"].notna().sum()) if "mirror_idx" in d.columns else 0,
            "flagged_clauses": [f"{c or '-'} (p.{int(p)})" if pd.notna(p) else f"{c or '-'}"
                                for c, p in zip(f["clause"], f["page"])],
            "top_evidence": None if top is None else (top["reason"] or f"{top['clause'] or ''} {top['text'][:200]}"
                                                      ).strip(),
        })
    return pd.DataFrame(rows)

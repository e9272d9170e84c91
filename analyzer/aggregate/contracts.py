"""Contract risk profile: which clauses push risk, of which kind, where, and how one-sided the contract is overall.

A segment is *risk-relevant* when the model flags it as risk_pushing or when a risk cue or a balancing counter-cue
(mutual_term, liability_capped, liability_carve_out, fault_based) was found in it. Of the risk-relevant segments,
*one-sided* are those flagged risk_pushing; the rest are *balanced*. share_one_sided = one-sided / risk-relevant.
"""
from __future__ import annotations

import pandas as pd

from ..records import MODEL_CUE

BALANCING_CUES = {"mutual_term", "liability_capped", "liability_carve_out", "fault_based"}


def _risk_cues() -> set[str]:
    from ..detect.cue_patterns import cue_names  # plain data: one source of truth, and no spaCy import here

    CUE_NAMES = cue_names(("risk_pushing",))

    return set(CUE_NAMES["risk_pushing"])


def risk_clauses(frame: pd.DataFrame) -> pd.DataFrame:
    """Flagged risk_pushing segments: doc_id, source, clause, heading, page, score, cue types, text; best first."""
    c = frame[(frame["kind"] == "contract") & frame["is_risk_pushing"]].copy()
    risk = _risk_cues()
    c["cue_types"] = c["cues"].map(lambda cs: sorted(set(cs) & risk) or [MODEL_CUE])
    cols = ["doc_id", "source", "clause", "heading", "page", "score_risk_pushing", "cue_types", "text", "idx", "start",
            "end"]
    return c[cols].sort_values(["doc_id", "score_risk_pushing"], ascending=[True, False]).reset_index(drop=True)


def risk_profile(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per contract: segments, risk-relevant, one-sided, balanced, share_one_sided, counts by cue type,
    flagged clause numbers with pages, and the top evidence text."""
    contracts = frame[frame["kind"] == "contract"]
    risk = _risk_cues()
    flagged = risk_clauses(frame)
    rows = []
    for doc_id, d in contracts.groupby("doc_id", sort=False):
        cues = d["cues"].map(set)
        relevant = d["is_risk_pushing"] | cues.map(lambda cs: bool(cs & (risk | BALANCING_CUES)))
        one_sided = int(d["is_risk_pushing"].sum())
        f = flagged[flagged["doc_id"] == doc_id]
        by_type: dict[str, int] = {}
        for types in f["cue_types"]:
            for t in types:
                by_type[t] = by_type.get(t, 0) + 1
        top = f.iloc[0] if len(f) else None
        rows.append({
            "doc_id": doc_id, "source": d["source"].iloc[0], "segments": len(d),
            "risk_relevant": int(relevant.sum()), "one_sided": one_sided,
            "balanced": int(relevant.sum()) - one_sided,
            "share_one_sided": one_sided / int(relevant.sum()) if relevant.any() else 0.0,
            "by_cue_type": dict(sorted(by_type.items(), key=lambda kv: -kv[1])),
            "flagged_clauses": [f"{c or '-'} (p.{int(p)})" if pd.notna(p) else f"{c or '-'}"
                                for c, p in zip(f["clause"], f["page"])],
            "top_evidence": None if top is None else f"{top['clause'] or ''} {top['text'][:200]}".strip(),
        })
    return pd.DataFrame(rows)

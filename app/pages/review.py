"""Contract review: one contract's text with evidence highlighted per label, a clause navigator, filters by label
and probability, the risk profile, and why each flag was raised."""
import pandas as pd
import streamlit as st

from analyzer.aggregate import clause_review, risk_profile
from analyzer import labels as registry
from app import data, views
from app.highlight import spans_at_threshold, spans_from_findings
from app.uploads import display_name

st.title("Contract review")
docs = data.documents()
contracts = docs[docs["kind"] == "contract"] if len(docs) else docs
if contracts.empty:
    st.info("No contracts in the store yet: upload one on the Analyse page.")
    st.stop()

names = {r.doc_id: f"{display_name(r.source)}" + (f" · {r.pages} pages" if pd.notna(r.pages) else "")
         + f" · {r.doc_id[:8]}" for r in contracts.itertuples()}
doc_id = views.selectbox("Contract", list(names), "review.doc", format_func=names.get)
text, findings = data.document(doc_id)
segs = data.segments()
segs = segs[segs["doc_id"] == doc_id]
thresholds = data.thresholds()
profile = risk_profile(segs)

st.subheader("Risk profile")
views.risk_profile(profile.iloc[0] if len(profile) else None)
st.subheader("One-sided and balanced clauses")
st.caption("Each risk-carrying clause judged with the whole contract: who it favours, whether the other party holds "
           "the same right elsewhere (its mirror), and why.")
views.clause_review(clause_review(segs), key="review.clauses")

left, right = st.columns([1.3, 2.3], gap="large")
with left:
    views.legend()
    labels, threshold = views.label_filter("review", registry.for_kind("contract"), thresholds)
    if threshold is None:
        spans = spans_from_findings(findings, labels)
    else:
        spans = spans_at_threshold(segs, findings, labels, threshold, data.cue_matcher().find_many)

    st.markdown("**Clause navigator**")
    flagged_only = views.checkbox("Flagged clauses only", "review.flagged_only", True)
    clause_of = segs.set_index("idx")["clause"].to_dict()
    best: dict[str, tuple[float, str]] = {}
    for s in spans:
        c = clause_of.get(s.idx)
        if isinstance(c, str) and (s.score or 0) >= best.get(c, (-1.0, ""))[0]:
            best[c] = (s.score or 0.0, s.label)
    clauses = segs[segs["clause"].notna()].groupby("clause", sort=False).agg(
        idx=("idx", "min"), page=("page", "min"), start=("start", "min"), end=("end", "max"),
        heading=("heading_path", lambda hp: hp.iloc[0][0] if len(hp.iloc[0]) else "")).sort_values("idx")
    if flagged_only:
        clauses = clauses[clauses.index.isin(list(best))]

    def clause_label(c: str) -> str:
        if c == "":
            return f"Whole contract ({len(clauses)} clauses listed)"
        r = clauses.loc[c]
        flag = f" · ⚑ {registry.display_name(best[c][1])} {best[c][0]:.2f}" if c in best else ""
        page = f" · p.{int(r['page'])}" if pd.notna(r["page"]) else ""
        return f"{c} · {r['heading'][:38]}{page}{flag}"

    clause = views.selectbox("Jump to clause", [""] + list(clauses.index), "review.clause", "",
                             format_func=clause_label)

with right:
    if clause:
        r = clauses.loc[clause]
        lo, hi = int(r["start"]), int(r["end"])
        shown = [s for s in spans if clause_of.get(s.idx) == clause]
        st.markdown(f"**Clause {views.md_escape(clause)}** — {views.md_escape(r['heading'])}"
                    + (f" (page {int(r['page'])})" if pd.notna(r["page"]) else ""))
        views.highlighted_text(text, spans, lo, hi, height=260)
    else:
        shown = spans
        mode = views.selectbox("Show", ["Whole text", "Flagged passages only"], "review.view")
        if mode == "Whole text":
            views.highlighted_text(text, spans)
        else:
            views.flagged_passages(text, spans, segs)
    st.caption(f"{len({(s.idx, s.label) for s in spans})} flags in this contract with the current filters; "
               "hover a highlight for its label, score and cue.")

st.subheader("Why each flag" + (f" in clause {clause}" if clause else ""))
views.why_table(shown, segs, thresholds, key="review.why")

"""Analyse: upload files, analyse them into the store with a progress bar, show the summary and per-file errors."""
import streamlit as st

from analyzer.ingest.formats import titles, upload_types
from app import config, data, views

st.title("Analyse")
st.caption(f"Contracts ({', '.join(titles('contract'))}) and correspondence ({', '.join(titles('email'))}), or a "
           f"{' or '.join(titles('files'))} of them. Results go to the store and every page reads from there.")

limit = config.max_upload_mb()
files = st.file_uploader("Files to analyse", type=list(upload_types()), accept_multiple_files=True,
                         key="analyse.files", max_upload_size=limit,
                         help=f"Up to {limit} MB per file (TONE_MAX_UPLOAD_MB).")
st.caption(f"Limit {limit} MB per file.")
go = st.button("Analyse", key="analyse.run", type="primary", disabled=not files)

if go and files:
    bar = st.progress(0.0, text="Starting…")
    try:
        with st.spinner("Analysing…"):
            summary = data.analyse_uploads([(f.name, f.getvalue()) for f in files],
                                           lambda p, msg: bar.progress(p, text=msg))
    except Exception as exc:  # e.g. another process holds the store; the message is the useful part
        bar.empty()
        st.error(f"The analysis failed: {type(exc).__name__}: {exc}")
    else:
        bar.progress(1.0, text="Done")
        st.session_state["analyse.last"] = summary
        contracts = data.documents()
        new = contracts[contracts["doc_id"].isin(summary.doc_ids) & (contracts["kind"] == "contract")]
        if len(new):
            views.remember("review.doc", new["doc_id"].iloc[0])

last = st.session_state.get("analyse.last")
if last is not None:
    st.subheader("Last analysis")
    if last.doc_ids or last.skipped:
        st.success(f"Analysed {len(last.doc_ids)} document(s) from {len(last.files)} file(s) in {last.seconds}s. "
                   "See Contract review and Correspondence.")
    views.run_summary(last, key="analyse.summary")

st.subheader("In the store")
views.store_overview(key="analyse.store")
with st.expander("Read errors in the store"):
    views.errors_table(data.tables()["errors"], key="analyse.store_errors")

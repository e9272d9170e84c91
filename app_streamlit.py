"""Tone Analyzer app: `tone-analyzer app` (the Quickstart's store, localhost), or `streamlit run app_streamlit.py`.

Served beyond localhost, every page asks for sign-in first (app/auth.py; README "Explorer"). The plain streamlit
command opens on the bundled examples (analysed into the store on first start); env TONE_DB (store, default
out/app.duckdb), TONE_MAX_UPLOAD_MB (200), TONE_CORRECTIONS (corpora/corrections.jsonl), TONE_MODEL, TONE_MODELS,
TONE_EXAMPLES ("" = start empty).
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from app import auth, data, views  # noqa: E402

st.set_page_config(page_title="Tone Analyzer", page_icon="⚖️", layout="wide")
auth.gate()  # beyond localhost: nothing below (no store opened, no page) runs before sign-in

PAGES = [
    st.Page("app/pages/analyse.py", title="Analyse", icon=":material/upload_file:", url_path="analyse", default=True),
    st.Page("app/pages/review.py", title="Contract review", icon=":material/gavel:", url_path="review"),
    st.Page("app/pages/correspondence.py", title="Correspondence", icon=":material/mail:", url_path="correspondence"),
    st.Page("app/pages/model_lab.py", title="Model lab", icon=":material/science:", url_path="model_lab"),
    st.Page("app/pages/export.py", title="Export", icon=":material/download:", url_path="export"),
]

page = st.navigation(PAGES)
views.sidebar_status()
try:
    data.ensure_bootstrapped()
    data.tables()
except Exception as exc:  # a store another process is writing, a corrupt file, a read-only folder …
    st.error(f"Cannot open the results store {data.config.db_path()}: {type(exc).__name__}: {exc}. "
             "Set TONE_DB to another file, or wait for the other process to finish.")
    st.stop()
page.run()

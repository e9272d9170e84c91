"""Export: the current filter as CSV / JSON / Parquet, and the self-contained HTML report."""
import streamlit as st

from analyzer import labels as registry
from app import data, exporting, views
from app.uploads import display_name

st.title("Export")
segs = data.segments()
if segs.empty:
    st.info("The store is empty.")
    st.stop()

c1, c2 = st.columns(2)
with c1:
    kinds = views.multiselect("Kinds", ["contract", "email"], "export.kinds", ["contract", "email"])
    sources = sorted(segs["source"].unique())
    files = views.multiselect("Files (empty = all)", sources, "export.sources", [], format_func=display_name)
with c2:
    chosen = views.multiselect("Flagged for any of (empty = every segment)", registry.ids(), "export.labels",
                               [], format_func=registry.display_name)
    min_score = views.slider("Minimum probability (0 = the model's thresholds)", "export.min_score", 0.0, 0.95,
                             0.0, 0.05)
table = views.selectbox("Table", exporting.TABLES, "export.table")

frame = exporting.filter_segments(segs, kinds, chosen or None, min_score, files or None)
out = exporting.table_of(frame, table)
st.caption(f"{len(frame)} of {len(segs)} segments match; the {table} table has {len(out)} rows.")
st.dataframe(out.head(200), key="export.preview", hide_index=True, width="stretch")

cols = st.columns(4)
for col, fmt in zip(cols, ("csv", "json", "parquet")):
    col.download_button(f"Download {fmt.upper()}", lambda fmt=fmt: exporting.export_bytes(out, fmt),
                        f"tone-{table}.{fmt}",
                        exporting.MIME[fmt], key=f"export.{fmt}", disabled=out.empty)
errors = data.tables()["errors"]
try:
    import analyzer.report.html  # noqa: F401  (optional module: checked here, used on click)
except ImportError as exc:
    cols[3].button("HTML report", key="export.html", disabled=True, help=f"Report module missing: {exc}")
else:
    cols[3].download_button("Download HTML report", lambda: exporting.html_report(frame, errors).encode("utf-8"),
                            "tone-report.html", "text/html", key="export.html", type="primary")

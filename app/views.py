"""The facade: small reusable Streamlit view functions (spacy-streamlit style). Every widget takes a namespaced key
("review.threshold"); widget values survive page switches through a "_keep.<key>" copy."""
from __future__ import annotations

import re
from typing import Any, Iterable, Sequence

import pandas as pd
import streamlit as st

from analyzer import labels as registry

from . import config
from .highlight import Span, highlight_html, legend_html, text_block
from .uploads import display_name

# ---- sticky widgets --------------------------------------------------------------------------------------------


def _restore(key: str, valid=None) -> bool:
    """Put the remembered value back before the widget is created; True when the state now holds a value."""
    kept = f"_keep.{key}"
    if key not in st.session_state and kept in st.session_state:
        st.session_state[key] = st.session_state[kept]
    if key in st.session_state and valid is not None and not valid(st.session_state[key]):
        del st.session_state[key]
    return key in st.session_state


def _remember(key: str, value: Any) -> Any:
    st.session_state[f"_keep.{key}"] = value
    return value


def selectbox(label: str, options: Sequence, key: str, default=None, **kw):
    options = list(options)
    init = {} if _restore(key, lambda v: v in options) else {
        "index": options.index(default) if default in options else (0 if options else None)}
    return _remember(key, st.selectbox(label, options, key=key, **init, **kw))


def multiselect(label: str, options: Sequence, key: str, default: Sequence = (), **kw):
    options = list(options)
    init = {} if _restore(key, lambda v: all(x in options for x in v)) else {
        "default": [d for d in default if d in options]}
    return _remember(key, st.multiselect(label, options, key=key, **init, **kw))


def slider(label: str, key: str, min_value: float, max_value: float, value: float, step: float, **kw):
    init = {} if _restore(key, lambda v: min_value <= v <= max_value) else {"value": value}
    return _remember(key, st.slider(label, min_value, max_value, key=key, step=step, **init, **kw))


def checkbox(label: str, key: str, value: bool = False, **kw) -> bool:
    init = {} if _restore(key) else {"value": value}
    return _remember(key, st.checkbox(label, key=key, **init, **kw))


def md_escape(text: Any) -> str:
    """Document text inside Streamlit markdown: no formatting, links or $…$ maths from the data."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|$<>~])", r"\\\1", str(text))


def quote(text: str) -> None:
    """A segment's text as an escaped block quote (never markdown)."""
    import html as _html

    st.html('<blockquote style="margin:4px 0 8px;padding:2px 12px;border-left:3px solid #d1d5db;color:#374151;'
            f'white-space:pre-wrap">{_html.escape(text)}</blockquote>')


def remember(key: str, value: Any) -> None:
    """Preselect a widget on another page (e.g. the contract just analysed)."""
    st.session_state[f"_keep.{key}"] = value
    st.session_state.pop(key, None)


# ---- text and evidence -----------------------------------------------------------------------------------------
def legend(labels: Iterable[str] | None = None) -> None:
    st.html(legend_html(labels))


def highlighted_text(text: str, spans: Iterable[Span], lo: int = 0, hi: int | None = None,
                     height: int = 620) -> str:
    body = text_block(highlight_html(text, spans, lo, hi), height)
    st.html(body)
    return body


def flagged_passages(text: str, spans: Sequence[Span], segs: pd.DataFrame, height: int = 620) -> str:
    """Only the flagged segments, each under its clause number, heading and page."""
    import html as _html

    from .highlight import reflow

    by_idx = segs.set_index("idx")
    text = reflow(text)
    parts = []
    for idx in sorted({s.idx for s in spans if s.idx in by_idx.index}):
        seg = by_idx.loc[idx]
        head = " · ".join(str(x) for x in (
            seg["clause"] if isinstance(seg["clause"], str) else f"#{idx}",
            seg["heading_path"][0] if len(seg["heading_path"]) else "",
            f"p.{int(seg['page'])}" if pd.notna(seg["page"]) else "") if x)
        parts.append(f'<div style="margin:0 0 14px"><div style="font:600 12px sans-serif;color:#6b7280">'
                     f'{_html.escape(head)}</div>{highlight_html(text, spans, int(seg["start"]), int(seg["end"]), False)}'
                     "</div>")
    body = text_block("".join(parts) or "Nothing flagged with these filters.", height)
    st.html(body)
    return body


def label_filter(prefix: str, default: Sequence[str] | None = None, thresholds: dict[str, float] | None = None
                 ) -> tuple[list[str], float | None]:
    """Labels to show (offered: every registered label; `default` None: all), and a probability threshold (None =
    the model's own per-label thresholds)."""
    ids = registry.ids()
    labels = multiselect("Labels", ids, f"{prefix}.labels", ids if default is None else default,
                         format_func=registry.display_name)
    use_model = checkbox("Use the model's thresholds", f"{prefix}.use_model", True,
                         help="Show what the model flagged. Untick to pick one probability threshold instead.")
    t = slider("Probability threshold", f"{prefix}.threshold", 0.05, 0.95, 0.5, 0.05, disabled=use_model,
               help="Show every segment whose probability for a chosen label is at least this.")
    if thresholds and use_model:
        st.caption("Model thresholds: " + ", ".join(f"{registry.display_name(lb)} {thresholds[lb]:.2f}"
                                                    for lb in labels if lb in thresholds))
    return labels, None if use_model else float(t)


def why_table(spans: Sequence[Span], segs: pd.DataFrame, thresholds: dict[str, float], key: str) -> pd.DataFrame:
    """One row per flag: where, label, score vs threshold, cues (the "why")."""
    if not spans:
        st.info("Nothing flagged with these filters.")
        return pd.DataFrame()
    by_idx = segs.set_index("idx")
    rows: dict[tuple, dict] = {}
    for s in spans:
        k = (s.idx, s.label)
        seg = by_idx.loc[s.idx] if s.idx in by_idx.index else None
        row = rows.setdefault(k, {
            "where": (seg["clause"] if seg is not None and pd.notna(seg["clause"]) else "") or f"sentence {s.idx}",
            "page": seg["page"] if seg is not None else None, "label": registry.display_name(s.label),
            "score": s.score, "threshold": thresholds.get(s.label), "cues": [],
            "text": (seg["text"][:160] if seg is not None else "")})
        if s.cue not in row["cues"]:
            row["cues"].append(s.cue)
    df = pd.DataFrame(rows.values())
    df["cues"] = df["cues"].map(", ".join)
    if df["page"].isna().all():
        df = df.drop(columns=["page"])
    df = df.sort_values("score", ascending=False, na_position="last")
    st.dataframe(df, key=key, hide_index=True, width="stretch", column_config={
        "score": st.column_config.ProgressColumn("score", min_value=0.0, max_value=1.0, format="%.2f"),
        "threshold": st.column_config.NumberColumn("threshold", format="%.2f"),
        "text": st.column_config.TextColumn("text", width="large")})
    return df


def risk_profile(row: pd.Series | None) -> None:
    if row is None:
        st.info("No risk profile for this document.")
        return
    c = st.columns(4)
    c[0].metric("Risk-relevant clauses", int(row["risk_relevant"]))
    c[1].metric("One-sided", int(row["one_sided"]))
    c[2].metric("Balanced", int(row["balanced"]))
    c[3].metric("Share one-sided", f"{row['share_one_sided']:.0%}")
    for field, title, axis in (("by_type", "One-sided clauses by type", "clause type"),
                               ("by_bearer", "One-sided clauses by the party that carries them", "party")):
        counts = row.get(field) or {}
        if counts:
            with st.expander(f"{title} ({sum(counts.values())})"):
                chart = pd.DataFrame({axis: list(counts), "clauses": list(counts.values())})
                st.bar_chart(chart.set_index(axis), horizontal=True, height=60 + 22 * len(counts),
                             color=registry.colour("risk_pushing"))
                if field == "by_type":
                    st.caption("“model”: flagged by the classifier with no clause type recognised.")


def clause_review(review: pd.DataFrame, key: str) -> None:
    """One-sided and balanced clauses side by side, each with its reason and a link to its mirror."""
    if review.empty:
        st.info("No risk-carrying clauses recognised in this contract.")
        return
    where = review.set_index("idx")["clause"].to_dict()

    def mirror(r) -> str:
        if pd.isna(r["mirror_idx"]):
            return ""
        c = r["mirror_clause"] if isinstance(r["mirror_clause"], str) else where.get(int(r["mirror_idx"]))
        return f"cl. {c}" if isinstance(c, str) and c else f"segment {int(r['mirror_idx'])}"

    cols = st.columns(2, gap="large")
    for col, status in zip(cols, ("one-sided", "balanced")):
        part = review[review["status"] == status]
        with col:
            st.markdown(f"**{status.capitalize()} ({len(part)})**")
            df = pd.DataFrame({
                "clause": part["clause"].fillna("—"), "type": part["clause_type"].fillna("—"),
                "favours": part["favours"].fillna("—"), "mirror": [mirror(r) for _, r in part.iterrows()],
                "why": part["reason"].fillna(""), "text": part["text"].str.slice(0, 240)})
            st.dataframe(df, key=f"{key}.{status}", hide_index=True, width="stretch",
                         column_config={"why": st.column_config.TextColumn("why", width="medium"),
                                        "text": st.column_config.TextColumn("text", width="large")})


# ---- tables and status -----------------------------------------------------------------------------------------
def errors_table(errors: list[dict] | pd.DataFrame, key: str) -> None:
    df = errors if isinstance(errors, pd.DataFrame) else pd.DataFrame(errors)
    if df.empty:
        st.success("No read errors.")
        return
    df = df.copy()
    df["file"] = df["source"].map(display_name)
    cols = [c for c in ("severity", "type", "file", "code", "message") if c in df.columns]
    st.dataframe(df[cols], key=key, hide_index=True, width="stretch")


def run_summary(summary, key: str) -> None:
    """The outcome of one analysis: counts, skipped files, rejected uploads, per-file errors."""
    for _name, message in summary.rejected:
        st.error(message)
    if not summary.files:
        return
    stats = summary.stats or {}
    c = st.columns(4)
    c[0].metric("Files", len(summary.files))
    c[1].metric("Documents analysed", len(summary.doc_ids))
    c[2].metric("Segments", stats.get("segments", "–"))
    c[3].metric("Seconds", summary.seconds)
    if summary.skipped:
        st.caption("Unchanged since the last analysis (skipped): " + ", ".join(map(display_name, summary.skipped)))
    errs = [e for e in summary.errors]
    if errs:
        st.warning(f"{len(errs)} file problem(s):")
    errors_table(errs, key=f"{key}.errors")


def store_overview(key: str) -> None:
    from . import data

    docs = data.documents()
    if docs.empty:
        st.info("The store is empty: upload files above.")
        return
    docs = docs.assign(name=docs["source"].map(display_name))
    files = docs.groupby("file").agg(name=("name", "first"), kind=("kind", "first"), documents=("doc_id", "size"),
                                     segments=("n_segments", "sum"), pages=("pages", "max")).reset_index(drop=True)
    files["name"] = [n.split("#")[0] for n in files["name"]]
    st.dataframe(files, key=key, hide_index=True, width="stretch")


def sidebar_status() -> None:
    from . import data

    with st.sidebar:
        st.caption(f"Store: `{config.db_path()}`")
        st.caption(f"Model: `{data.active_model_path().name}`")

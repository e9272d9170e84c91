"""Model lab: installed models with metrics and cards, live precision/recall per threshold on the dev data,
least-certain segments with one-click label correction, background retraining, Label Studio / JSONL import-export."""
from datetime import date

import altair as alt
import pandas as pd
import streamlit as st

from analyzer import labels as registry
from analyzer.records import LABELS
from app import auth, config, data, lab, labels, views
from app.uploads import display_name

st.title("Model lab")
models = lab.installed_models(config.models_dir())
if not models:
    st.error(f"No models under {config.models_dir()} (each needs a model.json).")
    st.stop()
by_name = {m.name: m for m in models}
name = views.selectbox("Model", list(by_name), "lab.model", data.active_model_path().name)
m = by_name[name]
active = data.active_model_path().resolve() == m.path.resolve()
st.caption(f"`{m.path}` · kind **{m.kind}** · version {m.version}" + (" · used for new analyses" if active else ""))
if not active and st.button("Use this model for new analyses", key="lab.activate"):
    st.session_state["_keep.lab.active_model"] = str(m.path)
    st.rerun()


@st.cache_data(show_spinner="Scoring the evaluation rows…", max_entries=8)
def eval_scores(path: str, stamp: int, split: str):
    return lab.eval_scores(data.model(path), split)


@st.cache_resource
def jobs() -> dict[str, lab.RetrainJob]:
    return {}


t_models, t_thr, t_fix, t_train, t_io = st.tabs(["Metrics & card", "Thresholds", "Least certain",
                                                 "Retrain", "Import / export labels"])

with t_models:
    stat = views.selectbox("Statistic", ["f1", "precision", "recall", "pr_auc", "false_alarm_rate"], "lab.stat")
    table = lab.metrics_table(m.metrics, stat)
    st.dataframe(table, key="lab.metrics", hide_index=True, width="stretch", column_config={
        c: st.column_config.NumberColumn(c, format="%.3f") for c in table.columns if c != "data"})
    st.caption("Held-out test splits (real data split by document); empty cells: the data has no such label.")
    st.dataframe(pd.DataFrame([{"model": x.name, "kind": x.kind, "version": x.version,
                                "corpus macro F1": x.metrics.get("corpus", {}).get("macro", {}).get("f1"),
                                "CUAD risk F1": x.metrics.get("cuad_risk", {}).get("risk_pushing", {}).get("f1"),
                                "disputes macro F1": x.metrics.get("dispute", {}).get("macro", {}).get("f1")}
                               for x in models]), key="lab.all_models", hide_index=True, width="stretch")
    with st.expander("Model card", expanded=False):
        st.markdown(m.card)

with t_thr:
    split = st.radio("Evaluate on", ["dev", "test"], key="lab.eval_split", horizontal=True,
                     format_func={"dev": "dev rows (tuning set; also in the final fit, so optimistic)",
                                  "test": "test rows (held out)"}.get)
    try:
        Y, M, P = eval_scores(str(m.path), data.model_stamp(m.path), split)
    except Exception as exc:  # e.g. the minilm extra is not installed
        st.error(f"Cannot score the dev data with {m.name}: {type(exc).__name__}: {exc}")
        Y = None
    current: dict[str, float] = {}
    for col, lb in zip(st.columns(len(LABELS)), LABELS):
        with col:
            current[lb] = views.slider(registry.display_name(lb), f"lab.t.{m.name}.{lb}", 0.05, 0.95,
                                       round(float(m.thresholds.get(lb, 0.5)), 2), 0.01)
    if Y is not None:
        at_model, at_slider = lab.pr_at(Y, M, P, m.thresholds), lab.pr_at(Y, M, P, current)
        both = at_model[["label", "threshold", "precision", "recall", "f1"]].merge(
            at_slider[["label", "threshold", "precision", "recall", "f1", "flagged", "support", "n"]],
            on="label", suffixes=(" (model)", " (slider)"))
        st.dataframe(both, key="lab.pr_table", hide_index=True, width="stretch", column_config={
            c: st.column_config.NumberColumn(c, format="%.3f") for c in both.columns
            if c.startswith(("precision", "recall", "f1"))})
        st.caption(f"{split} rows of our corpus, cuad_risk_dev and dispute_dev ({len(Y)} rows). "
                   + ("analyzer.train.fit fits the shipped model on train + dev, so dev scores are in-sample "
                      "and near perfect: switch to test rows to see the trade-off." if split == "dev" else ""))
        lb = views.selectbox("Curve for", LABELS, "lab.curve", format_func=registry.display_name)
        curve = lab.pr_curve(Y, M, P, lb)
        here = lab.pr_at(Y, M, P, current)
        here = here[here["label"] == lb]
        chart = alt.Chart(curve).mark_line(color=registry.colour(lb)).encode(
            x=alt.X("recall:Q", scale=alt.Scale(domain=[0, 1])), y=alt.Y("precision:Q", scale=alt.Scale(domain=[0, 1])),
            tooltip=["threshold", alt.Tooltip("precision:Q", format=".2f"), alt.Tooltip("recall:Q", format=".2f")])
        dot = alt.Chart(here).mark_point(size=120, filled=True, color="#111827").encode(x="recall:Q", y="precision:Q")
        st.altair_chart(chart + dot, width="stretch")

corrections = config.corrections_path()


def save_one(row: dict, keys: dict[str, str]) -> None:
    chosen = [lb for lb, k in keys.items() if st.session_state.get(k)]
    labels.save_corrections(corrections, [labels.correction_row(row["text"], chosen, row["kind"],
                                                                f"{row['doc_id']}:{row['idx']}")])
    who = auth.current_user()
    user = "unknown" if who is None else (f"{who.name} <{who.email}>" if who.email else who.name)
    problem = data.record_correction(row["text"], chosen, user, row["kind"], row["doc_id"], int(row["idx"]))
    st.session_state["lab.saved_msg"] = problem or f"Saved {chosen or 'no labels'} for: {row['text'][:70]}…"


with t_fix:
    st.caption(f"Segments in the store closest to the thresholds above. Tick the right labels (an empty set is a "
               f"deliberate negative) and save; corrections go to `{corrections}` in the corpus format.")
    if msg := st.session_state.pop("lab.saved_msg", None):
        st.success(msg)
    n = st.number_input("How many", 1, 50, 8, key="lab.n_uncertain")
    todo = lab.least_certain(data.segments(), current, int(n), labels.corrected_texts(corrections))
    if todo.empty:
        st.info("No segments to review.")
    for row in todo.to_dict("records"):
        ref = f"{row['doc_id'][:12]}.{row['idx']}"
        with st.container(border=True):
            where = row["clause"] if row["kind"] == "contract" and isinstance(row["clause"], str) else row["sender"]
            closest = registry.display_name(row["closest"])
            st.caption(views.md_escape(f"{display_name(row['source'])} · {where or ''} · closest to the "
                                       f"{closest} threshold (margin {row['margin']:.3f})"))
            views.quote(row["text"][:800])
            allowed = registry.for_kind(row["kind"])
            cols = st.columns(len(allowed) + 1)
            keys = {}
            for c, lb in zip(cols, allowed):
                keys[lb] = f"lab.fix.{ref}.{lb}"
                c.checkbox(f"{registry.display_name(lb)} ({row[f'score_{lb}']:.2f})", key=keys[lb],
                           value=bool(row[f"score_{lb}"] >= current[lb]))
            cols[-1].button("Save labels", key=f"lab.save.{ref}", on_click=save_one, args=(row, keys))

with t_train:
    n_corr = len(labels.read_rows(corrections))
    st.write(f"{n_corr} correction(s) in `{corrections}`. Retraining fits a **tfidf** model on all labelled data "
             "plus the corrections (about 2 minutes on 2 cores) and saves it next to the others.")
    new_name = st.text_input("New model name", f"{m.name}-corrected-{date.today():%Y%m%d}", key="lab.new_name")
    def start_job() -> None:
        try:
            job = lab.start_retrain(st.session_state["lab.new_name"].strip(), config.models_dir(), corrections,
                                    m.path)
        except ValueError as exc:
            st.session_state["lab.retrain_error"] = str(exc)
        else:
            jobs()[job.name] = job
            st.session_state["lab.job"] = job.name

    running = [j for j in jobs().values() if j.status in ("queued", "running")]
    st.button("Retrain in the background", key="lab.retrain", disabled=bool(running), on_click=start_job,
              type="primary")
    if err := st.session_state.pop("lab.retrain_error", None):
        st.error(err)
    job = jobs().get(st.session_state.get("lab.job", "")) or (running[0] if running else None)

    def job_panel() -> None:
        st.progress(job.progress, text=f"{job.name}: {job.status}")
        st.code("\n".join(job.log[-8:]) or "starting…", language=None)
        if job.status == "failed":
            st.error(job.error)
        if job.status == "done" and job.metrics:
            base = lab.installed_models(config.models_dir())
            old = next((x.metrics for x in base if x.path.resolve() == job.base.resolve()), {})
            part = views.selectbox("Compare on", list(lab.METRIC_PARTS), "lab.compare_part",
                                   format_func=lab.METRIC_PARTS.get)
            st.markdown(f"**{job.base.name}** (old) vs **{job.name}** (new)")
            st.dataframe(lab.compare_metrics(old, job.metrics, part), key="lab.compare", hide_index=True,
                         width="stretch")
            if data.active_model_path().resolve() != job.folder.resolve() and st.button(
                    f"Use {job.name} for new analyses", key="lab.use_new"):
                st.session_state["_keep.lab.active_model"] = str(job.folder)
                st.rerun(scope="app")

    if job is not None:
        st.fragment(job_panel, run_every=2.0 if job.status in ("queued", "running") else None)()

with t_io:
    rows = labels.read_rows(corrections)
    st.caption(f"{len(rows)} correction(s) in `{corrections}`.")
    c1, c2, c3 = st.columns(3)
    c1.download_button("Export Label Studio JSON", labels.json_bytes(labels.to_label_studio(rows)),
                       "tone-labels.labelstudio.json", "application/json", key="lab.export_ls", disabled=not rows)
    c2.download_button("Export JSONL (corpus format)", labels.to_jsonl(rows), "tone-labels.jsonl",
                       "application/jsonl", key="lab.export_jsonl", disabled=not rows)
    pending = lab.least_certain(data.segments(), current, 200, labels.corrected_texts(corrections))
    c3.download_button(
        "Least-certain segments as Label Studio tasks", labels.json_bytes(labels.to_label_studio(
            [{"text": r["text"], "kind": r["kind"], "ref": f"{r['doc_id']}:{r['idx']}",
              "labels": [lb for lb in LABELS if r[f"score_{lb}"] >= current[lb]]} for r in pending.to_dict("records")],
            predictions=m.name)), "tone-least-certain.labelstudio.json", "application/json", key="lab.export_tasks",
        disabled=pending.empty, help="Up to 200 tasks, pre-annotated with the model's labels; import the annotated "
                                     "export back here.")
    with st.expander("Label Studio labeling config"):
        st.code(labels.label_studio_config(), language="xml")
    up = st.file_uploader("Import labels (Label Studio JSON export or corpus JSONL)", type=["json", "jsonl"],
                          key="lab.import")
    if up is not None and st.button("Import", key="lab.import_go"):
        try:
            new_rows, skipped = labels.parse_import(up.name, up.getvalue())
            n_saved = labels.save_corrections(corrections, new_rows)
            st.success(f"Imported {n_saved} row(s) into {corrections.name}"
                       + (f"; skipped {skipped} task(s) without an annotation." if skipped else "."))
        except (ValueError, KeyError) as exc:
            st.error(f"Could not import {up.name}: {exc}")

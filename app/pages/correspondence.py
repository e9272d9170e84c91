"""Correspondence: counterparty health with trend sparklines and a chart over time, threads with escalation
markers, and one message with its flagged sentences highlighted."""
import altair as alt
import pandas as pd
import streamlit as st

from analyzer import labels as registry
from analyzer.aggregate.health import health_formula, health_of, period_name
from analyzer.report.formatting import period_text
from app import data, views
from app.highlight import sentence_spans

# Counterparty colours stay clear of the four label colours (amber, red, violet, green).
ORG_COLOURS = ["#2563eb", "#0891b2", "#475569", "#db2777", "#4f46e5", "#0d9488", "#a16207", "#9333ea"]

st.title("Correspondence")
freq = views.selectbox("Health per", ["M", "W"], "corr.freq", "M", format_func=period_name)
period = period_name(freq)
agg = data.aggregates(freq)
health, threads, msgs = agg["health"], agg["threads"], agg["messages"]
if msgs.empty:
    st.info("No correspondence in the store yet: upload an .mbox, .eml or .msg on the Analyse page.")
    st.stop()


def when(d) -> str:
    return "no date" if pd.isna(d) else f"{d:%d %b %Y %H:%M}"


def counterparties(h: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for org, g in h.groupby("org", sort=True):
        c, n = int(g["collaborative"].sum()), int(g["negative"].sum())
        trend = g.dropna(subset=["health"])
        overall = health_of(c, n)["health"]
        rows.append({"counterparty": org, "messages": int(g["messages"].sum()), "tonal segments": c + n,
                     "health": None if pd.isna(overall) else overall,
                     "latest": float(trend["health"].iloc[-1]) if len(trend) else None,
                     "trend": [round(float(v), 3) for v in trend["health"]],
                     "periods": f"{period_text(g['period'].min(), freq)} – {period_text(g['period'].max(), freq)}"})
    return pd.DataFrame(rows).sort_values("health", na_position="last")


st.subheader("Counterparties")
st.caption(f"Health = {health_formula()} per {period}, from −1 to +1.")
cp = counterparties(health)
st.dataframe(cp, key="corr.counterparties", hide_index=True, width="stretch", column_config={
    "health": st.column_config.NumberColumn("health (all time)", format="%+.2f"),
    "latest": st.column_config.NumberColumn(f"latest {period}", format="%+.2f"),
    "trend": st.column_config.LineChartColumn("trend", y_min=-1.0, y_max=1.0)})

st.subheader("Health over time")
orgs = list(cp["counterparty"])
chosen = views.multiselect("Counterparties", orgs, "corr.orgs", orgs)
h = health[health["org"].isin(chosen)].dropna(subset=["health"])
if len(h):
    x = (alt.X("yearmonthdate(period):T", title=period, axis=alt.Axis(format="%d %b %Y")) if freq == "W" else
         alt.X("yearmonth(period):T", title=period, axis=alt.Axis(format="%b %Y")))
    base = alt.Chart(h).encode(x=x, color=alt.Color("org:N", title="counterparty", scale=alt.Scale(range=ORG_COLOURS)))
    band = base.mark_area(opacity=0.12).encode(y=alt.Y("health_low:Q", scale=alt.Scale(domain=[-1, 1]),
                                                       title="health"), y2="health_high:Q")
    line = base.mark_line(point=True).encode(y="health:Q", tooltip=[
        "org", alt.Tooltip("period:T", format="%b %Y"), alt.Tooltip("health:Q", format="+.2f"), "messages",
        "collaborative", "negative"])
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color="#9ca3af", strokeDash=[4, 4]).encode(y="y:Q")
    st.altair_chart(band + line + zero, width="stretch")
    st.caption(f"Shaded: 95% interval — wide when a {period} has few tonal sentences.")

st.subheader("Threads")


def marker(r) -> str:
    if not r["escalated"]:
        return "· calm"
    pos = int(r["escalation_position"])
    return f"↺ escalated at #{pos}, recovered" if r["recovered"] else f"⚠ escalated at #{pos}"


threads = threads.assign(status=threads.apply(marker, axis=1))
threads = threads.sort_values(["escalated", "recovered", "last_date"], ascending=[False, True, False])
# label count columns: the tonal labels of the registry, headed by their display names
tone_cols = {f"n_{lb}": registry.display_name(lb) for lb in registry.tonal()}
st.dataframe(threads[["status", "subject", "messages", "first_date", "last_date", *tone_cols]], key="corr.threads",
             hide_index=True, width="stretch", column_config={
                 "first_date": st.column_config.DatetimeColumn("first", format="D MMM YYYY"),
                 "last_date": st.column_config.DatetimeColumn("last", format="D MMM YYYY"), **tone_cols})

tinfo = threads.set_index("thread_id")
thread = views.selectbox("Thread", list(tinfo.index), "corr.thread",
                         format_func=lambda t: f"{tinfo.loc[t, 'status']} — {tinfo.loc[t, 'subject']} "
                                               f"({tinfo.loc[t, 'messages']} messages)")
tm = msgs[msgs["thread_id"] == thread].sort_values("date", kind="stable").reset_index(drop=True)
esc = tinfo.loc[thread, "escalation_message_id"]
tm["#"] = range(1, len(tm) + 1)
tm["flag"] = ["⚠ escalation" if m == esc and esc else "" for m in tm["message_id"]]
st.dataframe(tm[["#", "flag", "date", "sender", "subject", *tone_cols]], key="corr.messages", hide_index=True,
             width="stretch", column_config={
                 "date": st.column_config.DatetimeColumn("date", format="D MMM YYYY, HH:mm"), **tone_cols})

minfo = tm.set_index("doc_id")
doc_id = views.selectbox("Message", list(minfo.index), "corr.message",
                         format_func=lambda d: f"#{minfo.loc[d, '#']} {minfo.loc[d, 'flag']} "
                                               f"{minfo.loc[d, 'sender']} · {when(minfo.loc[d, 'date'])}")
text, _ = data.document(doc_id)
segs = data.segments()
segs = segs[segs["doc_id"] == doc_id]
m = minfo.loc[doc_id]
labels = views.multiselect("Labels", registry.ids(), "corr.labels", registry.ids(), format_func=registry.display_name)
views.legend(labels)
st.markdown(f"**{views.md_escape(m['subject'] or '(no subject)')}**  \nFrom {views.md_escape(m['sender'])} · "
            f"{when(m['date'])}")
spans = sentence_spans(segs, labels)
views.highlighted_text(text, spans, height=360)
views.why_table(spans, segs, data.thresholds(), key="corr.why")

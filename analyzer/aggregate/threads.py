"""Per message and per thread: label counts, max scores, and escalation.

A thread *escalates* at its first message (by date) containing a segment with a negative label (blame or
defensive_detail). It *recovers* when a later message contains a segment with a positive label (collaborative) and no
negative one after it. Polarity is the label registry's (analyzer/labels.py).
"""
from __future__ import annotations

import pandas as pd

from .. import labels


def message_summary(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per email: doc_id, thread_id, message_id, sender, date, subject, n_<label>, max_<label>, segments."""
    mail = frame[frame["kind"] == "email"]
    ids = labels.ids()
    if mail.empty:
        return pd.DataFrame(columns=["doc_id", "thread_id", "message_id", "sender", "date", "subject", "segments"]
                            + [f"n_{lab}" for lab in ids] + [f"max_{lab}" for lab in ids])
    g = mail.groupby("doc_id", sort=False)
    out = g[["thread_id", "message_id", "sender", "date", "subject"]].first()
    out["segments"] = g.size()
    for lab in ids:
        out[f"n_{lab}"] = g[labels.flag_col(lab)].sum().astype(int)
        out[f"max_{lab}"] = g[labels.score_col(lab)].max()
    return out.reset_index().sort_values(["thread_id", "date"], kind="stable").reset_index(drop=True)


def thread_summary(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per thread: messages, first/last date, subject, label counts, escalation and recovery markers."""
    msgs = message_summary(frame)
    ids, negative, positive = labels.ids(), labels.negative(), labels.positive()
    rows = []
    for thread_id, m in msgs.groupby("thread_id", sort=False):
        m = m.sort_values("date", kind="stable").reset_index(drop=True)
        neg = _any_count(m, negative)
        row = {"thread_id": thread_id, "subject": m["subject"].iloc[0], "messages": len(m),
               "first_date": m["date"].min(), "last_date": m["date"].max(),
               "participants": sorted({s for s in m["sender"] if s})}
        for lab in ids:
            row[f"n_{lab}"] = int(m[f"n_{lab}"].sum())
            row[f"max_{lab}"] = float(m[f"max_{lab}"].max())
        if neg.any():
            first = int(neg.idxmax())
            last_neg = int(neg[::-1].idxmax())
            after = m.iloc[last_neg + 1 :]
            row.update(escalated=True, escalation_position=first + 1, escalation_date=m["date"].iloc[first],
                       escalation_message_id=m["message_id"].iloc[first],
                       recovered=bool(_any_count(after, positive).any()))
        else:
            row.update(escalated=False, escalation_position=None, escalation_date=None, escalation_message_id=None,
                       recovered=False)
        rows.append(row)
    return pd.DataFrame(rows)


def _any_count(msgs: pd.DataFrame, ids: tuple[str, ...]) -> pd.Series:
    """Per message: holds a segment with any of the labels `ids`."""
    out = pd.Series(False, index=msgs.index)
    for lab in ids:
        out |= msgs[f"n_{lab}"] > 0
    return out

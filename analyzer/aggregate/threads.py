"""Per message and per thread: label counts, max scores, and escalation.

A thread *escalates* at its first message (by date) containing a blame or defensive_detail segment. It *recovers*
when a later message contains a collaborative segment and no blame or defensive_detail segment after it.
"""
from __future__ import annotations

import pandas as pd

from ..records import LABELS


def message_summary(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per email: doc_id, thread_id, message_id, sender, date, subject, n_<label>, max_<label>, segments."""
    mail = frame[frame["kind"] == "email"]
    if mail.empty:
        return pd.DataFrame(columns=["doc_id", "thread_id", "message_id", "sender", "date", "subject", "segments"]
                            + [f"n_{lab}" for lab in LABELS] + [f"max_{lab}" for lab in LABELS])
    g = mail.groupby("doc_id", sort=False)
    out = g[["thread_id", "message_id", "sender", "date", "subject"]].first()
    out["segments"] = g.size()
    for lab in LABELS:
        out[f"n_{lab}"] = g[f"is_{lab}"].sum().astype(int)
        out[f"max_{lab}"] = g[f"score_{lab}"].max()
    return out.reset_index().sort_values(["thread_id", "date"], kind="stable").reset_index(drop=True)


def thread_summary(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per thread: messages, first/last date, subject, label counts, escalation and recovery markers."""
    msgs = message_summary(frame)
    rows = []
    for thread_id, m in msgs.groupby("thread_id", sort=False):
        m = m.sort_values("date", kind="stable").reset_index(drop=True)
        neg = (m["n_blame"] > 0) | (m["n_defensive_detail"] > 0)
        row = {"thread_id": thread_id, "subject": m["subject"].iloc[0], "messages": len(m),
               "first_date": m["date"].min(), "last_date": m["date"].max(),
               "participants": sorted({s for s in m["sender"] if s})}
        for lab in LABELS:
            row[f"n_{lab}"] = int(m[f"n_{lab}"].sum())
            row[f"max_{lab}"] = float(m[f"max_{lab}"].max())
        if neg.any():
            first = int(neg.idxmax())
            last_neg = int(neg[::-1].idxmax())
            after = m.iloc[last_neg + 1 :]
            row.update(escalated=True, escalation_position=first + 1, escalation_date=m["date"].iloc[first],
                       escalation_message_id=m["message_id"].iloc[first],
                       recovered=bool((after["n_collaborative"] > 0).any()))
        else:
            row.update(escalated=False, escalation_position=None, escalation_date=None, escalation_message_id=None,
                       recovered=False)
        rows.append(row)
    return pd.DataFrame(rows)

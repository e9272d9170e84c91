"""The flat per-segment table every aggregate is computed from."""
from __future__ import annotations

from typing import Iterable

import pandas as pd

from ..records import LABELS, AnalysedDocument

SEGMENT_COLUMNS = (
    ["doc_id", "idx", "text", "start", "end", "kind", "source", "page", "clause", "heading", "message_id",
     "thread_id", "sender", "recipients", "date", "subject"]
    + [f"score_{lab}" for lab in LABELS] + [f"is_{lab}" for lab in LABELS] + ["cues"]
)

# Web-mail domains say nothing about the organisation: the address itself is the counterparty there.
_FREEMAIL = {"gmail.com", "googlemail.com", "yahoo.com", "hotmail.com", "outlook.com", "live.com", "aol.com",
             "icloud.com", "me.com", "proton.me", "protonmail.com", "gmx.com", "gmx.de", "web.de"}


def org_of(address: str | None) -> str | None:
    """Organisation of an email address: its domain, lower-cased (the full address for web-mail)."""
    if not address or "@" not in address:
        return None
    domain = address.rsplit("@", 1)[1].strip(" >").lower()
    return address.lower() if domain in _FREEMAIL else domain


def segments_frame(docs: Iterable[AnalysedDocument]) -> pd.DataFrame:
    rows = []
    for ad in docs:
        for ss in ad.segments:
            s = ss.segment
            row = {"doc_id": s.doc_id, "idx": s.index, "text": s.text, "start": s.start, "end": s.end,
                   "kind": s.kind, "source": s.source, "page": s.page, "clause": s.clause,
                   "heading": " > ".join(s.heading_path) if s.heading_path else None,
                   "message_id": s.message_id, "thread_id": s.thread_id, "sender": s.sender,
                   "recipients": list(s.recipients), "date": s.date, "subject": s.subject, "cues": list(ss.cues)}
            for lab in LABELS:
                row[f"score_{lab}"] = ss.scores.get(lab, 0.0)
                row[f"is_{lab}"] = lab in ss.labels
            rows.append(row)
    frame = pd.DataFrame(rows, columns=SEGMENT_COLUMNS)
    frame["date"] = pd.to_datetime(frame["date"], utc=True, errors="coerce")
    return frame

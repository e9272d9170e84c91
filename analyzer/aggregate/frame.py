"""The flat per-segment table every aggregate is computed from, and every `--out` export writes: one definition.

`segments_frame(docs)` builds it in memory; a store's `segments_frame()` selects the same columns and passes them
through `conform_segments`, so a run with a store and one without give identical columns, dtypes and values.

`cues` holds every named cue found in the segment (its cues and its evidence's, counter-cues such as mutual_term
included), sorted. It never holds the evidence marker "model" (records.MODEL_CUE: a label the classifier set without
a named cue): that is evidence, kept in the store's findings, and the risk profile reports such clauses as cue type
"model" by itself.
"""
from __future__ import annotations

from typing import Iterable

import pandas as pd

from .. import labels
from ..records import MODEL_CUE, AnalysedDocument, ScoredSegment

_STR = pd.Series(["a"]).dtype  # pandas' own string dtype (str on pandas 3, object on pandas 2)
_LIST = "list"  # Python lists in an object column
_BASE: tuple[tuple[str, object], ...] = (
    ("doc_id", _STR), ("idx", "int64"), ("text", _STR), ("start", "int64"), ("end", "int64"), ("kind", _STR),
    ("source", _STR), ("page", "Int64"), ("clause", _STR), ("heading", _STR), ("heading_path", _LIST),
    ("message_id", _STR), ("thread_id", _STR), ("sender", _STR), ("recipients", _LIST),
    ("date", "datetime64[us, UTC]"), ("subject", _STR),
    # contracts: the judgement in context (analyzer/context), empty elsewhere
    ("clause_type", _STR), ("direction", _STR), ("favours", _STR), ("bears", _STR), ("qualifiers", _LIST),
    ("mirror_idx", "Int64"), ("mirror_clause", _STR), ("reason", _STR),
)
CONTEXT_FIELDS = {"clause_type": "clause_type", "direction": "direction", "favours": "favours", "bears": "bears",
                  "qualifiers": "qualifiers", "mirror_idx": "mirror_index", "mirror_clause": "mirror_clause",
                  "reason": "reason"}  # column -> ClauseJudgement field


def segment_dtypes() -> dict[str, object]:
    """Column -> dtype of the segment table, in column order (score and flag columns follow the label registry)."""
    ids = labels.ids()
    return {**dict(_BASE), **{labels.score_col(lb): "float64" for lb in ids},
            **{labels.flag_col(lb): "bool" for lb in ids}, "cues": _LIST}


def segment_columns() -> list[str]:
    return list(segment_dtypes())


SEGMENT_COLUMNS = segment_columns()  # as the registry stood at import; builders call segment_columns()

# Web-mail domains say nothing about the organisation: the address itself is the counterparty there.
_FREEMAIL = {"gmail.com", "googlemail.com", "yahoo.com", "hotmail.com", "outlook.com", "live.com", "aol.com",
             "icloud.com", "me.com", "proton.me", "protonmail.com", "gmx.com", "gmx.de", "web.de"}


def org_of(address: str | None) -> str | None:
    """Organisation of an email address: its domain, lower-cased (the full address for web-mail)."""
    if not address or "@" not in address:
        return None
    domain = address.rsplit("@", 1)[1].strip(" >").lower()
    return address.lower() if domain in _FREEMAIL else domain


def conform_segments(frame: pd.DataFrame) -> pd.DataFrame:
    """The segment table's columns, in order, with its dtypes: missing lists become [], missing flags False, missing
    scores NaN. Columns not in the table are dropped. A `context` column of judgement dicts (a store's JSON) is
    spread into the context columns."""
    if "context" in frame.columns:
        frame = frame.copy()
        for col, fld in CONTEXT_FIELDS.items():
            frame[col] = [c.get(fld) if isinstance(c, dict) else None for c in frame["context"]]
    out = {}
    for name, dtype in segment_dtypes().items():
        col = frame[name] if name in frame.columns else pd.Series([None] * len(frame), index=frame.index,
                                                                  dtype=object)
        if dtype == _LIST:
            col = pd.Series([list(v) if isinstance(v, (list, tuple)) or hasattr(v, "tolist") else []
                             for v in col], index=frame.index, dtype=object)
        elif name == "date":
            col = pd.to_datetime(col, utc=True, errors="coerce").astype(dtype)
        elif dtype == "bool":
            col = col.fillna(False).astype(bool) if col.dtype != bool else col
        else:
            col = col.astype(dtype)
        out[name] = col
    return pd.DataFrame(out, index=frame.index).reset_index(drop=True)


def segment_cues(ss: ScoredSegment) -> list[str]:
    """The `cues` cell of a scored segment (see the module docstring)."""
    return sorted({*ss.cues, *(e.cue for e in ss.evidence)} - {MODEL_CUE})


def segments_frame(docs: Iterable[AnalysedDocument]) -> pd.DataFrame:
    ids = labels.ids()
    rows = []
    for ad in docs:
        for ss in ad.segments:
            s = ss.segment
            row = {"doc_id": s.doc_id, "idx": s.index, "text": s.text, "start": s.start, "end": s.end,
                   "kind": s.kind, "source": s.source, "page": s.page, "clause": s.clause,
                   "heading": " > ".join(s.heading_path) if s.heading_path else None,
                   "heading_path": list(s.heading_path), "message_id": s.message_id, "thread_id": s.thread_id,
                   "sender": s.sender, "recipients": list(s.recipients), "date": s.date, "subject": s.subject,
                   "cues": segment_cues(ss)}
            if ss.context is not None:
                row.update({col: getattr(ss.context, fld) for col, fld in CONTEXT_FIELDS.items()})
            for lab in ids:
                row[labels.score_col(lab)] = ss.scores.get(lab, 0.0)
                row[labels.flag_col(lab)] = lab in ss.labels
            rows.append(row)
    return conform_segments(pd.DataFrame(rows, columns=segment_columns()))

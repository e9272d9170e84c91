"""AnalysedDocuments -> Arrow tables shaped like the store's tables, and Arrow -> pandas for reading back."""
from __future__ import annotations

import functools
import gc
import json
from dataclasses import asdict
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any

import pandas as pd
import pyarrow as pa

from .. import labels as registry
from ..records import AnalysedDocument, ReadError, file_of
from .schema import columns, score_col

_TS = pa.timestamp("us", tz="UTC")
_STR_LIST = pa.list_(pa.string())
_COLUMNS = columns()
DOC_COLS = tuple(c for c, _ in _COLUMNS["documents"])  # the row layouts below follow schema.py
FIND_COLS = tuple(c for c, _ in _COLUMNS["findings"])
ERR_COLS = tuple(c for c, _ in _COLUMNS["errors"])
FILE_COLS = tuple(c for c, _ in _COLUMNS["files"])
_TYPES = {"date": _TS, "at": _TS, "started_at": _TS, "finished_at": _TS, "heading_path": _STR_LIST,
          "labels": _STR_LIST, "cues": _STR_LIST, "idx": pa.int32(), "start": pa.int32(), "end": pa.int32(),
          "page": pa.int32(), "pages": pa.int32(), "n_segments": pa.int32(), "score": pa.float64()}


def seg_cols() -> tuple[str, ...]:
    """Columns of a segments row from document_rows (one score per label registered now)."""
    return tuple(c for c, _ in columns()["segments"])


def now() -> datetime:
    return datetime.now(timezone.utc)


def to_json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, default=str, ensure_ascii=False)


def from_json(value: Any) -> Any:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return json.loads(value) if isinstance(value, str) else value


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@lru_cache(maxsize=8192)
def parse_ts(value: str | None) -> datetime | None:
    """ISO 8601 -> aware UTC datetime; naive times are taken as UTC; unparseable -> None."""
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except (ValueError, TypeError):
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc)


def no_gc(fn):
    """Run fn with the cyclic GC paused: creating ~10^5 small tuples/lists otherwise triggers repeated
    collections of the (large) heap, which made building and reading batches several times slower."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        enabled = gc.isenabled()
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()
    return wrapper


@no_gc
def arrow_frame(tbl: pa.Table) -> pd.DataFrame:
    """Arrow -> pandas with list columns as Python lists, nullable ints as Int64 and timestamps tz-aware."""
    lists = [f.name for f in tbl.schema if pa.types.is_list(f.type)]
    df = tbl.drop_columns(lists).to_pandas(types_mapper={pa.int64(): pd.Int64Dtype(),
                                                         pa.int32(): pd.Int64Dtype()}.get)
    for name in lists:
        df[name] = pd.Series(tbl.column(name).to_pylist(), index=df.index, dtype=object)
    for name in ("idx", "start", "end", "n_segments"):
        if name in df.columns and not df[name].isna().any():
            df[name] = df[name].astype("int64")
    return df[tbl.column_names]


@no_gc
def document_rows(batch: list[tuple[str, AnalysedDocument, str]]) -> tuple[list[tuple], list[tuple], list[tuple]]:
    """(documents, segments, findings) rows of (run_id, document, file) triples."""
    docs, segs, finds = [], [], []
    ids = registry.ids()
    for run_id, ad, file in batch:
        doc, em = ad.document, ad.document.email
        pages = _int(doc.metadata.get("pages")) or len(doc.page_starts) or None
        docs.append((doc.id, file, doc.source, doc.kind, doc.text, to_json(doc.metadata),
                     to_json(list(doc.warnings)), pages,
                     em.message_id if em else None, em.thread_id if em else None, em.sender if em else None,
                     to_json(list(em.recipients)) if em else None, parse_ts(em.date) if em else None,
                     em.subject if em else None, len(ad.segments), run_id))
        for ss in ad.segments:
            sg, sc = ss.segment, ss.scores
            segs.append((file, doc.id, sg.index, sg.text, sg.start, sg.end, sg.kind, sg.source, sg.page, sg.clause,
                         sg.heading_path, sg.message_id, sg.thread_id, sg.sender, sg.recipients,
                         parse_ts(sg.date), sg.subject, ss.labels, ss.cues,
                         to_json(asdict(ss.context)) if ss.context is not None else None,
                         *[sc.get(lb) for lb in ids]))
            for ev in ss.evidence:
                finds.append((file, doc.id, sg.index, ev.label, ev.cue, ev.start, ev.end, sc.get(ev.label)))
    return docs, segs, finds


def error_row(run_id: str, err: ReadError) -> tuple:
    return (run_id, file_of(err.source), err.source, err.code, err.message, err.severity, now())


def arrow_table(columns: tuple[str, ...], names: tuple[str, ...], rows: list[tuple], segments: bool = False
                ) -> pa.Table:
    """Rows -> an Arrow table with exactly `columns` (a table's columns, in its order; for insert_into)."""
    cols = dict(zip(names, zip(*rows))) if rows else {n: () for n in names}
    types = {**_TYPES, "recipients": _STR_LIST} if segments else dict(_TYPES)
    types |= {score_col(lb): pa.float64() for lb in registry.ids()}
    return pa.table({c: pa.array(cols.get(c, [None] * len(rows)), type=types.get(c, pa.string()))
                     for c in columns})

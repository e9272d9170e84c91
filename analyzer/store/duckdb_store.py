"""Embedded DuckDB store for analysis results (`tone-analyzer analyze --db results.duckdb`, report, app).

Writes: a document goes in with its segments and findings in one transaction, replacing any earlier rows with the
same doc_id. `write_document` queues documents and writes them `batch_docs` at a time (one transaction per batch,
so each document is still all-or-nothing); `end_file`, `flush`, every read method and `close` write the queue first.
`begin_file`/`end_file` bracket a file in the `files` history table, so a run killed in between leaves that file
"running" (= not done) and it is analysed again next time; queued documents of a killed run are simply lost.

DuckDB allows one writing process per database file; a read-only Store cannot open while a writer holds it.
"""
from __future__ import annotations

import functools
import gc
import json
import uuid
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import duckdb
import pandas as pd
import pyarrow as pa

from ..extract import file_of
from ..records import LABELS, AnalysedDocument, ReadError
from .schema import SCHEMA_VERSION, add_label_columns, ddl, score_col

_TS = pa.timestamp("us", tz="UTC")
_STR_LIST = pa.list_(pa.string())
_DOC_COLS = ("doc_id", "file", "source", "kind", "text", "metadata", "warnings", "pages", "message_id", "thread_id",
             "sender", "recipients", "date", "subject", "n_segments", "run_id")
_SEG_COLS = ("doc_id", "idx", "text", "start", "end", "kind", "source", "page", "clause", "heading_path",
             "message_id", "thread_id", "sender", "recipients", "date", "subject", "labels", "cues",
             *(score_col(lb) for lb in LABELS))
_FIND_COLS = ("doc_id", "idx", "label", "cue", "start", "end", "score")
_TYPES = {"date": _TS, "heading_path": _STR_LIST, "labels": _STR_LIST, "cues": _STR_LIST, "idx": pa.int32(), "start": pa.int32(),
          "end": pa.int32(), "page": pa.int32(), "pages": pa.int32(), "n_segments": pa.int32(),
          "score": pa.float64(), **{score_col(lb): pa.float64() for lb in LABELS}}
SEGMENT_COLUMNS = ["doc_id", "idx", "text", "start", "end", "kind", "source", "page", "clause", "heading",
                   "message_id", "thread_id", "sender", "recipients", "date", "subject",
                   *(score_col(lb) for lb in LABELS), *(f"is_{lb}" for lb in LABELS), "cues", "labels", "heading_path"]


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, default=str, ensure_ascii=False)


def _unjson(value: Any) -> Any:
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


def _no_gc(fn):
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


@_no_gc
def _arrow_frame(tbl: pa.Table) -> pd.DataFrame:
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


class Store:
    def __init__(self, path: str | Path, read_only: bool = False, batch_docs: int = 500):
        self.path = str(path)
        self.read_only = read_only
        self.batch_docs = max(1, batch_docs)
        self._pending: list[tuple[str, AnalysedDocument, str | None]] = []
        self._pending_segments = 0
        if not read_only and self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self.con = duckdb.connect(self.path, read_only=read_only)
        self.con.execute("SET TimeZone = 'UTC'")
        if not read_only:
            for stmt in ddl():
                self.con.execute(stmt)
            for stmt in add_label_columns():
                self.con.execute(stmt)
            self.con.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
            self._columns = {t: tuple(self.con.table(t).columns) for t in ("documents", "segments", "findings")}

    def close(self) -> None:
        """Write queued documents and close."""
        if self.con is not None:
            try:
                self.flush()
            finally:
                self.con.close()
                self.con = None

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---- transactions ---------------------------------------------------------------------------------------
    def _atomic(self, fn, *args) -> Any:
        self.con.begin()
        try:
            out = fn(*args)
        except BaseException:
            self.con.rollback()
            raise
        self.con.commit()
        return out

    def _one(self, sql: str, params: list | None = None) -> tuple | None:
        rows = self.con.execute(sql, params or []).fetchall()  # fetch to the end: DuckDB 2 keeps unfinished results
        return rows[0] if rows else None

    def _insert_arrow(self, table: str, data: pa.Table) -> None:
        if data.num_rows:
            self.con.from_arrow(data).insert_into(table)

    # ---- runs -----------------------------------------------------------------------------------------------
    def start_run(self, model_name: str, model_version: str, paths: list[str], params: dict) -> str:
        run_id = uuid.uuid4().hex
        self.con.execute("INSERT INTO runs (run_id, started_at, model_name, model_version, paths, params, status) "
                         "VALUES (?, ?, ?, ?, ?, ?, 'running')",
                         [run_id, _now(), model_name, model_version, _json([str(p) for p in paths]), _json(params)])
        return run_id

    def finish_run(self, run_id: str, stats: dict, status: str = "completed") -> None:
        self.con.execute("UPDATE runs SET finished_at = ?, stats = ?, status = ? WHERE run_id = ?",
                         [_now(), _json(stats), status, run_id])

    # ---- files / incremental runs ---------------------------------------------------------------------------
    def _latest(self, file: str, where: str = "") -> tuple | None:
        return self._one(f"SELECT sha256, model_version, status FROM files WHERE file = ? {where} "
                         "ORDER BY seq DESC LIMIT 1", [file])

    def file_status(self, file: str) -> tuple[str, str, str] | None:
        """(sha256, model_version, status) of the last finished ("ok" or "error") analysis of `file`."""
        row = self._latest(file, "AND status IN ('ok', 'error')")
        return tuple(row) if row else None

    def needs_analysis(self, file: str, sha256: str, model_version: str) -> bool:
        row = self._latest(file)
        return not (row and row[2] == "ok" and row[0] == sha256 and row[1] == model_version)

    def begin_file(self, run_id: str, file: str, sha256: str, model_version: str) -> None:
        self.con.execute("INSERT INTO files (file, sha256, run_id, model_version, status, started_at) "
                         "VALUES (?, ?, ?, ?, 'running', ?)", [file, sha256, run_id, model_version, _now()])

    def end_file(self, run_id: str, file: str, status: str = "ok") -> None:
        """Mark the file done. On "ok" the file's documents left over from earlier runs (a changed file yields other
        doc_ids) and its errors from earlier runs are removed."""
        if status not in ("ok", "error"):
            raise ValueError(f"status must be 'ok' or 'error', not {status!r}")
        self.flush()
        self._atomic(self._end_file, run_id, file, status)

    def _end_file(self, run_id: str, file: str, status: str) -> None:
        seq = self._one("SELECT max(seq) FROM files WHERE file = ? AND run_id = ?", [file, run_id])[0]
        if seq is None:
            raise ValueError(f"end_file without begin_file for {file!r} in run {run_id}")
        self.con.execute("UPDATE files SET status = ?, finished_at = ? WHERE seq = ?", [status, _now(), seq])
        if status != "ok":
            return
        stale = "SELECT doc_id FROM documents WHERE file = ? AND run_id <> ?"
        if self._one(stale + " LIMIT 1", [file, run_id]):
            for table in ("findings", "segments", "documents"):
                self.con.execute(f"DELETE FROM {table} WHERE doc_id IN ({stale})", [file, run_id])
        self.con.execute("DELETE FROM errors WHERE (file = ? OR starts_with(file, ? || '!')) AND run_id <> ?",
                         [file, file, run_id])

    def _files_where_latest(self, status: str) -> list[str]:
        return [r[0] for r in self.con.execute(
            "SELECT file FROM files QUALIFY row_number() OVER (PARTITION BY file ORDER BY seq DESC) = 1 "
            "AND status = ? ORDER BY file", [status]).fetchall()]

    def failed_files(self) -> list[str]:
        """Files whose latest analysis ended with status "error"."""
        return self._files_where_latest("error")

    def incomplete_files(self) -> list[str]:
        """Files begun but never ended (the run was interrupted)."""
        return self._files_where_latest("running")

    # ---- documents ------------------------------------------------------------------------------------------
    def write_document(self, run_id: str, ad: AnalysedDocument, file: str) -> None:
        """Queue one document; queued documents are written `batch_docs` at a time, each batch in one transaction
        (so every document lands whole or not at all). end_file, flush, the read methods and close write the
        queue out. With batch_docs=1 every call is its own transaction (slow: 10-50 ms a document)."""
        self._pending.append((run_id, ad, file))
        self._pending_segments += len(ad.segments)
        if len(self._pending) >= self.batch_docs or self._pending_segments >= 50_000:
            self.flush()

    def write_documents(self, run_id: str, ads: Iterable[AnalysedDocument], file: str | None = None) -> int:
        """Write many documents now, in one transaction. `file` None: each document's file_of(source)."""
        self.flush()
        return self._write([(run_id, ad, file) for ad in ads])

    def flush(self) -> int:
        """Write the queued documents (one transaction). On failure the queued batch is dropped and the error
        raised; its files were not ended, so they stay marked not done."""
        batch, self._pending, self._pending_segments = self._pending, [], 0
        return self._write(batch)

    def _write(self, batch: list[tuple[str, AnalysedDocument, str | None]]) -> int:
        latest: dict[str, tuple] = {}
        for item in batch:  # the same doc_id twice: the last one wins, as with separate transactions
            latest.pop(item[1].document.id, None)
            latest[item[1].document.id] = item
        if not latest:
            return 0
        self._atomic(self._replace, *self._tables(list(latest.values())))
        return len(latest)

    def _replace(self, docs: pa.Table, segs: pa.Table, finds: pa.Table) -> None:
        ids = self.con.from_arrow(pa.table({"doc_id": docs.column("doc_id")}))
        if ids.query("_ids", "SELECT 1 FROM documents WHERE doc_id IN (SELECT doc_id FROM _ids) LIMIT 1").fetchall():
            for table in ("findings", "segments", "documents"):
                ids.query("_ids", f"DELETE FROM {table} WHERE doc_id IN (SELECT doc_id FROM _ids)").fetchall()
        self._insert_documents(docs)
        self._insert_segments(segs)
        self._insert_findings(finds)

    def _insert_documents(self, docs: pa.Table) -> None:
        self._insert_arrow("documents", docs)

    def _insert_segments(self, segs: pa.Table) -> None:
        self._insert_arrow("segments", segs)

    def _insert_findings(self, finds: pa.Table) -> None:
        self._insert_arrow("findings", finds)

    @_no_gc
    def _tables(self, batch: list[tuple[str, AnalysedDocument, str | None]]) -> tuple[pa.Table, pa.Table, pa.Table]:
        docs, segs, finds = [], [], []
        for run_id, ad, file in batch:
            doc, em = ad.document, ad.document.email
            pages = _int(doc.metadata.get("pages")) or len(doc.page_starts) or None
            docs.append((doc.id, file or file_of(doc.source), doc.source, doc.kind, doc.text, _json(doc.metadata),
                         _json(list(doc.warnings)), pages,
                         em.message_id if em else None, em.thread_id if em else None, em.sender if em else None,
                         _json(list(em.recipients)) if em else None, parse_ts(em.date) if em else None,
                         em.subject if em else None, len(ad.segments), run_id))
            for ss in ad.segments:
                sg, sc = ss.segment, ss.scores
                segs.append((doc.id, sg.index, sg.text, sg.start, sg.end, sg.kind, sg.source, sg.page, sg.clause,
                             sg.heading_path, sg.message_id, sg.thread_id, sg.sender, sg.recipients,
                             parse_ts(sg.date), sg.subject, ss.labels, ss.cues, *[sc.get(lb) for lb in LABELS]))
                for ev in ss.evidence:
                    finds.append((doc.id, sg.index, ev.label, ev.cue, ev.start, ev.end, sc.get(ev.label)))
        return (self._arrow("documents", _DOC_COLS, docs), self._arrow("segments", _SEG_COLS, segs),
                self._arrow("findings", _FIND_COLS, finds))

    def _arrow(self, table: str, names: tuple[str, ...], rows: list[tuple]) -> pa.Table:
        """Rows -> an Arrow table with exactly the columns of `table`, in its order (for insert_into)."""
        cols = dict(zip(names, zip(*rows))) if rows else {n: () for n in names}
        types = {**_TYPES, "recipients": _STR_LIST} if table == "segments" else _TYPES
        return pa.table({c: pa.array(cols.get(c, [None] * len(rows)), type=types.get(c, pa.string()))
                         for c in self._columns[table]})

    def write_error(self, run_id: str, err: ReadError) -> None:
        self.con.execute('INSERT INTO errors (run_id, file, source, code, message, severity, "at") '
                         "VALUES (?, ?, ?, ?, ?, ?, ?)",
                         [run_id, file_of(err.source), err.source, err.code, err.message, err.severity, _now()])

    # ---- reading --------------------------------------------------------------------------------------------
    def segments_frame(self, kinds: list[str] | None = None) -> pd.DataFrame:
        self.flush()
        scores = ", ".join(f"s.{score_col(lb)}" for lb in LABELS)
        flags = ", ".join(f"coalesce(list_contains(s.labels, '{lb}'), false) AS is_{lb}" for lb in LABELS)
        where, params = "", []
        if kinds is not None:
            where, params = "WHERE s.kind IN (SELECT unnest(?::VARCHAR[]))", [list(kinds)]
        tbl = self.con.sql(f"""
            SELECT s.doc_id, s.idx::BIGINT AS idx, s.text, s.start::BIGINT AS start, s."end"::BIGINT AS "end",
                   s.kind, s.source, s.page::BIGINT AS page, s.clause, nullif(array_to_string(s.heading_path, ' > '), '') AS heading, s.message_id,
                   s.thread_id, s.sender, coalesce(s.recipients, []) AS recipients, s.date, s.subject, {scores},
                   {flags}, list_sort(list_distinct(list_concat(coalesce(s.cues, []::VARCHAR[]), coalesce(c.cues, []::VARCHAR[])))) AS cues, coalesce(s.labels, []) AS labels,
                   coalesce(s.heading_path, []) AS heading_path
            FROM segments s
            LEFT JOIN (SELECT doc_id, idx, list(DISTINCT cue ORDER BY cue) AS cues FROM findings
                       GROUP BY doc_id, idx) c USING (doc_id, idx)
            {where} ORDER BY s.doc_id, s.idx""", params=params).to_arrow_table()
        return _arrow_frame(tbl)

    def _frame(self, sql: str, params: list | None = None, json_cols: tuple[str, ...] = ()) -> pd.DataFrame:
        self.flush()
        df = _arrow_frame(self.con.sql(sql, params=params or None).to_arrow_table())
        for col in json_cols:
            df[col] = [_unjson(v) for v in df[col]]
        return df

    def documents_frame(self) -> pd.DataFrame:
        df = self._frame("SELECT * FROM documents ORDER BY file, doc_id", json_cols=("metadata", "warnings",
                                                                                     "recipients"))
        return df

    def errors_frame(self) -> pd.DataFrame:
        return self._frame('SELECT * FROM errors ORDER BY "at", source')

    def runs_frame(self) -> pd.DataFrame:
        return self._frame("SELECT * FROM runs ORDER BY started_at", json_cols=("paths", "params", "stats"))

    def files_frame(self, latest_only: bool = True) -> pd.DataFrame:
        q = " QUALIFY row_number() OVER (PARTITION BY file ORDER BY seq DESC) = 1" if latest_only else ""
        return self._frame(f"SELECT * FROM files{q} ORDER BY seq")

    def findings_frame(self, doc_id: str | None = None) -> pd.DataFrame:
        where, params = ("WHERE doc_id = ?", [doc_id]) if doc_id is not None else ("", [])
        return self._frame(f'SELECT label, cue, start, "end", doc_id, idx, score FROM findings {where} '
                           'ORDER BY doc_id, idx, start', params)

    def document_text(self, doc_id: str) -> str | None:
        self.flush()
        row = self._one("SELECT text FROM documents WHERE doc_id = ?", [doc_id])
        return row[0] if row else None

    def counts(self) -> dict[str, int]:
        self.flush()
        return {t: self._one(f"SELECT count(*) FROM {t}")[0]
                for t in ("runs", "files", "documents", "segments", "findings", "errors")}

"""Embedded DuckDB store for analysis results (`tone-analyzer analyze --db results.duckdb`, report, app).

Keys: a document is stored per (file, doc_id), so two files with identical bytes each keep their own rows. Batching
and the incremental bookkeeping are shared with the PostgreSQL backend (base.py); this module holds DuckDB's SQL.

One writer at a time: a writer holds an advisory lock (`<store>.lock`, see lock.py) for its whole life, and a second
writer fails at once saying which run holds the store and since when. The DuckDB file itself is opened only while a
batch is written or a read runs, so `report` and the app can read a consistent snapshot while a run writes
(DuckDB lets one process hold a file open for writing and then no one else can open it; both sides retry briefly).
Runs and files a killed writer left "running" are marked "interrupted" when the next writer opens the store.
"""
from __future__ import annotations

import errno
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import duckdb
import pandas as pd
import pyarrow as pa

from .. import labels as registry
from ..aggregate.frame import conform_segments
from ..records import MODEL_CUE
from .base import BatchedStore, DocItem, plan_events
from .errors import StoreBusy, StoreError
from .lock import WriterLock
from .rows import (DOC_COLS, ERR_COLS, FILE_COLS, FIND_COLS, arrow_frame, arrow_table, document_rows,
                   from_json, now, seg_cols, to_json)
from .schema import SCHEMA_VERSION, add_label_columns, ddl, migrate_v1, score_col

__all__ = ["DuckDBStore", "Store"]
_OPEN_RETRY_S = 30.0  # how long to wait for another process to let go of the DuckDB file


class DuckDBStore(BatchedStore):
    _MARK = "?"
    def __init__(self, path: str | Path, read_only: bool = False, batch_docs: int = 2000, flush_seconds: float = 10.0):
        super().__init__(read_only, batch_docs, flush_seconds)
        self.path = str(path)
        self._memory = self.path == ":memory:"
        self._con: duckdb.DuckDBPyConnection | None = None
        self._depth = 0
        self._lock: WriterLock | None = None
        self._columns: dict[str, tuple[str, ...]] = {}
        if read_only:
            with self._session():
                pass  # fail now, with a clear message, if the store cannot be opened
            return
        if not self._memory:
            try:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                self._lock = WriterLock(self.path)
                self._lock.acquire()
            except OSError as exc:
                raise StoreError(f"cannot write the store {self.path}: {exc.strerror or exc}") from None
        try:
            with self._session() as con:
                self._prepare(con)
        except BaseException:
            self._release()
            raise

    # ---- connection ---------------------------------------------------------------------------------------
    @contextmanager
    def _session(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The open connection, opened for this block unless one is open already (or the store is in memory)."""
        if self._con is None:
            self._con = self._connect()
        self._depth += 1
        try:
            yield self._con
        finally:
            self._depth -= 1
            if self._depth == 0 and not self._memory:
                con, self._con = self._con, None
                con.close()

    def _connect(self) -> duckdb.DuckDBPyConnection:
        deadline = time.monotonic() + _OPEN_RETRY_S
        while True:
            try:
                con = duckdb.connect(self.path, read_only=self.read_only)
                con.execute("SET TimeZone = 'UTC'")
                return con
            except duckdb.IOException as exc:
                msg = str(exc)
                if "lock" in msg.lower() and time.monotonic() < deadline:
                    time.sleep(0.1)  # another process is writing a batch or reading; it lets go within seconds
                    continue
                raise _store_error(self.path, exc) from None

    def _prepare(self, con) -> None:
        version = None
        if "meta" in {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}:
            row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
            version = int(row[0][0]) if row else None
        con.begin()
        if version == 1:
            migrate_v1(con)
        for stmt in [*ddl(), *add_label_columns()]:
            con.execute(stmt)
        con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
        # we hold the writer lock, so no other run is alive: whatever says "running" was killed
        con.execute("UPDATE runs SET status = 'interrupted', finished_at = coalesce(finished_at, ?) "
                    "WHERE status = 'running'", [now()])
        con.execute("UPDATE files SET status = 'interrupted' WHERE status = 'running'")
        con.commit()
        self._columns = {t: tuple(con.table(t).columns) for t in ("documents", "segments", "findings", "errors",
                                                                   "files", "corrections")}

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def close(self) -> None:
        """Write queued work and close."""
        try:
            if not self.read_only:
                self.flush()
        finally:
            if self._con is not None:
                self._con.close()
                self._con = None
            self._release()

    def _one(self, sql: str, params: list | None = None) -> tuple | None:
        with self._session() as con:
            rows = con.execute(sql, params or []).fetchall()
        return rows[0] if rows else None

    # ---- runs -----------------------------------------------------------------------------------------------
    def start_run(self, model_name: str, model_version: str, paths: list[str], params: dict) -> str:
        run_id = uuid.uuid4().hex
        with self._session() as con:
            con.execute("INSERT INTO runs (run_id, started_at, model_name, model_version, paths, params, status) "
                        "VALUES (?, ?, ?, ?, ?, ?, 'running')",
                        [run_id, now(), model_name, model_version, to_json([str(p) for p in paths]), to_json(params)])
        if self._lock is not None:
            self._lock.describe(run_id)
        return run_id

    def finish_run(self, run_id: str, stats: dict, status: str = "completed") -> None:
        self.flush()
        self._one("UPDATE runs SET finished_at = ?, stats = ?, status = ? WHERE run_id = ?",
                  [now(), to_json(stats), status, run_id])

    # ---- files / incremental runs ---------------------------------------------------------------------------
    def _load_state(self) -> dict[str, tuple]:
        rows = self._rows("SELECT file, sha256, model_version, status FROM files "
                          "QUALIFY row_number() OVER (PARTITION BY file ORDER BY seq DESC) = 1")
        return {r[0]: tuple(r[1:]) for r in rows}

    def _rows(self, sql: str, params: list | None = None) -> list[tuple]:
        with self._session() as con:
            return con.execute(sql, params or []).fetchall()

    def file_status(self, file: str) -> tuple[str, str, str] | None:
        """(sha256, model_version, status) of the last finished ("ok" or "error") analysis of `file`."""
        self.flush()
        row = self._one("SELECT sha256, model_version, status FROM files WHERE file = ? AND status IN ('ok', 'error') "
                        "ORDER BY seq DESC LIMIT 1", [file])
        return tuple(row) if row else None

    def _files_where_latest(self, *statuses: str) -> list[str]:
        self.flush()
        marks = ", ".join("?" for _ in statuses)
        return [r[0] for r in self._rows(
            "SELECT file FROM files QUALIFY row_number() OVER (PARTITION BY file ORDER BY seq DESC) = 1 "
            f"AND status IN ({marks}) ORDER BY file", list(statuses))]

    # ---- writing --------------------------------------------------------------------------------------------
    def _commit(self, docs: list[DocItem], events: list[tuple], errors: list[tuple]) -> None:
        try:
            with self._session() as con:
                con.begin()
                try:
                    self._write(con, docs, events, errors)
                except BaseException:
                    con.rollback()
                    raise
                con.commit()
        except (duckdb.IOException, OSError) as exc:
            raise _store_error(self.path, exc) from None

    def _write(self, con, docs: list[DocItem], events: list[tuple], errors: list[tuple]
               ) -> None:
        drows, srows, frows = document_rows(docs)
        if drows:
            keys = con.from_arrow(pa.table({"file": [r[1] for r in drows], "doc_id": [r[0] for r in drows]}))
            for table in ("findings", "segments", "documents"):
                keys.query("_keys", f"DELETE FROM {table} WHERE (file, doc_id) IN (SELECT file, doc_id FROM _keys)"
                           ).fetchall()
            self._insert(con, "documents", DOC_COLS, drows)
            self._insert(con, "segments", seg_cols(), srows)
            self._insert_findings(con, self._table("findings", FIND_COLS, frows))
        self._insert(con, "errors", ERR_COLS, errors)
        self._apply_events(con, events)

    def _table(self, name: str, names: tuple[str, ...], rows: list[tuple]) -> pa.Table:
        return arrow_table(self._columns[name], names, rows, segments=name == "segments")

    def _insert(self, con, name: str, names: tuple[str, ...], rows: list[tuple]) -> None:
        if rows:
            con.from_arrow(self._table(name, names, rows)).insert_into(name)

    def _insert_findings(self, con, finds: pa.Table) -> None:
        if finds.num_rows:
            con.from_arrow(finds).insert_into("findings")

    def _apply_events(self, con, events: list[tuple]) -> None:
        """File bookkeeping of a batch, set-based (a zip of 10,000 small files is 20,000 events)."""
        begun, ended_earlier, ok = plan_events(events)
        if begun:  # by name: `seq` comes from its sequence, in row order
            rows = arrow_table(FILE_COLS, FILE_COLS, begun)
            cols = ", ".join(FILE_COLS)
            con.from_arrow(rows).query("_begun", f"INSERT INTO files ({cols}) SELECT {cols} FROM _begun").fetchall()
        for run, file, status, at in ended_earlier:
            con.execute("UPDATE files SET status = ?, finished_at = ? WHERE seq = (SELECT max(seq) FROM files "
                        "WHERE file = ? AND run_id = ?)", [status, at, file, run])
        if not ok:
            return
        done = con.from_arrow(pa.table({"run_id": [r for r, _ in ok], "file": [f for _, f in ok]}))
        stale = ("SELECT d.file, d.doc_id FROM documents d JOIN _done x ON d.file = x.file AND d.run_id <> x.run_id")
        for table in ("findings", "segments", "documents"):
            done.query("_done", f"DELETE FROM {table} WHERE (file, doc_id) IN ({stale})").fetchall()
        done.query("_done", "DELETE FROM errors e WHERE EXISTS (SELECT 1 FROM _done x WHERE e.run_id <> x.run_id AND "
                            "(e.file = x.file OR starts_with(e.file, x.file || '!')))").fetchall()

    # ---- reading --------------------------------------------------------------------------------------------
    def _frame(self, sql: str, params: list | None = None, json_cols: tuple[str, ...] = ()) -> pd.DataFrame:
        if not self.read_only:
            self.flush()
        with self._session() as con:
            df = arrow_frame(con.sql(sql, params=params or None).to_arrow_table())
        for col in json_cols:
            df[col] = [from_json(v) for v in df[col]]
        return df

    def segments_frame(self, kinds: list[str] | None = None) -> pd.DataFrame:
        """The segment table (aggregate/frame.py), exactly as a run without a store builds it."""
        scores = ", ".join(f"s.{score_col(lb)}" for lb in registry.ids())
        flags = ", ".join(f"coalesce(list_contains(s.labels, '{lb}'), false) AS is_{lb}" for lb in registry.ids())
        where, params = "", []
        if kinds is not None:
            where, params = "WHERE s.kind IN (SELECT unnest(?::VARCHAR[]))", [list(kinds)]
        # cues as frame.segment_cues: the segment's and its findings', without the "model" evidence marker
        return conform_segments(self._frame(f"""
            SELECT s.doc_id, s.idx::BIGINT AS idx, s.text, s.start::BIGINT AS start, s."end"::BIGINT AS "end",
                   s.kind, s.source, s.page::BIGINT AS page, s.clause,
                   nullif(array_to_string(s.heading_path, ' > '), '') AS heading, s.heading_path, s.message_id,
                   s.thread_id, s.sender, s.recipients, s.date, s.subject, s.context, {scores}, {flags},
                   list_sort(list_distinct(list_concat(coalesce(s.cues, []::VARCHAR[]),
                                                       coalesce(c.cues, []::VARCHAR[])))) AS cues
            FROM segments s
            LEFT JOIN (SELECT file, doc_id, idx, list(DISTINCT cue ORDER BY cue) AS cues FROM findings
                       WHERE cue <> '{MODEL_CUE}' GROUP BY file, doc_id, idx) c USING (file, doc_id, idx)
            {where} ORDER BY s.doc_id, s.file, s.idx""", params, json_cols=("context",)))

    def files_frame(self, latest_only: bool = True) -> pd.DataFrame:
        q = " QUALIFY row_number() OVER (PARTITION BY file ORDER BY seq DESC) = 1" if latest_only else ""
        return self._frame(f"SELECT * FROM files{q} ORDER BY seq")


    def _has_table(self, name: str) -> bool:
        with self._session() as con:
            return bool(con.execute("SELECT 1 FROM information_schema.tables WHERE table_name = ?", [name]).fetchall())


Store = DuckDBStore  # the name earlier code constructs; new code calls open_store() (factory.py)


def _store_error(path: str, exc: BaseException) -> StoreError:
    msg = str(exc)
    if getattr(exc, "errno", None) == errno.ENOSPC or "No space left" in msg:
        return StoreError(f"the disk holding the store {path} is full; results written so far are kept "
                          "(free space and run again: finished files are skipped)")
    if "lock" in msg.lower():
        return StoreBusy(f"the store {path} is open in another program ({msg.splitlines()[0][:200]})")
    if "read-only" in msg.lower() or "Permission denied" in msg:
        return StoreError(f"cannot write the store {path}: {msg.splitlines()[0][:200]}")
    return StoreError(f"the store {path} could not be used: {msg.splitlines()[0][:300]}")


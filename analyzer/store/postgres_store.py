"""PostgreSQL store for a team (`--db postgresql://user@host/dbname`): the same tables and semantics as the DuckDB
file, with several runs (by several users) writing at once.

Concurrency, decided here rather than with DuckDB's one-writer lock:
- A batch is one transaction (documents, segments, findings, errors and the `files` bookkeeping), so a run killed at
  any point leaves every file either done with all its documents or not done, as with DuckDB.
- A file is written by one run at a time: `begin_file` takes a session advisory lock on the file, held until the
  batch holding the file's end is committed. A second run reaching the same file waits (after committing what it
  has, so it holds no other file's lock while it waits: no lock cycles), then replaces the first run's rows, which
  is what a rerun does. Without this, two runs interleaving batches of one long mailbox would each delete the
  other's documents as stale when they end it.
- Documents are replaced by deleting their (file, doc_id) rows and inserting the new ones in one transaction under
  that lock; primary keys (file, doc_id[, idx]) make any duplicate a failed batch rather than a stored row.
- A run holds an advisory lock named after its run id while it lives; a "running" run whose lock is free belongs to
  a process that is gone (killed, or its connection dropped) and is marked "interrupted" by the next writer to open
  the store. PostgreSQL drops a session's locks when the session ends, so nothing stays locked after a crash.
"""
from __future__ import annotations

import uuid
from typing import Iterable

import pandas as pd
import psycopg
import pyarrow as pa

from .. import labels as registry
from ..aggregate.frame import conform_segments
from ..records import MODEL_CUE
from .base import BatchedStore, DocItem, plan_events
from .errors import StoreError
from .pg_connect import connect, pg_error, redact
from .rows import DOC_COLS, ERR_COLS, FILE_COLS, FIND_COLS, arrow_frame, document_rows, from_json, now, seg_cols, \
    to_json
from .schema import SCHEMA_VERSION, add_label_columns, ddl, quote, score_col

# advisory lock namespaces (the first key of pg_advisory_lock(int, int)); the second key is hashtext(name)
_NS_SCHEMA, _NS_RUN, _NS_FILE = 0x746F6E65, 0x746F6E66, 0x746F6E67  # "tone", +1, +2
_ARROW = {16: pa.bool_(), 20: pa.int64(), 21: pa.int32(), 23: pa.int32(), 700: pa.float64(), 701: pa.float64(),
          1184: pa.timestamp("us", tz="UTC"), 1009: pa.list_(pa.string()), 1015: pa.list_(pa.string())}


class PostgresStore(BatchedStore):
    _MARK = "%s"
    def __init__(self, url: str, read_only: bool = False, batch_docs: int = 2000, flush_seconds: float = 10.0):
        super().__init__(read_only, batch_docs, flush_seconds)
        self.url = url
        self.path = redact(url)  # the store's name in messages (never the password)
        self._file_locks: set[str] = set()  # files begun by this session and not yet committed as ended
        self._runs: set[str] = set()
        self._con: psycopg.Connection | None = connect(url, read_only)
        try:
            if read_only:
                if not self._has_table("segments"):
                    raise StoreError(f"no results store in {self.path} yet; run "
                                     f"`tone-analyzer analyze PATH --db {self.path}` first")
            else:
                self._prepare()
        except psycopg.Error as exc:
            self._con.close()
            raise pg_error(url, exc) from None
        except BaseException:
            self._con.close()
            raise

    # ---- connection -----------------------------------------------------------------------------------------
    def _exec(self, sql: str, params: Iterable | None = None) -> psycopg.Cursor:
        if self._con is None:
            raise StoreError(f"the store {self.path} is closed")
        try:
            return self._con.execute(sql, params)
        except psycopg.Error as exc:
            raise pg_error(self.url, exc) from None

    def _one(self, sql: str, params: Iterable | None = None) -> tuple | None:
        return self._exec(sql, params).fetchone()

    def _rows(self, sql: str, params: Iterable | None = None) -> list[tuple]:
        return self._exec(sql, params).fetchall()

    def _has_table(self, name: str) -> bool:
        return self._one("SELECT to_regclass(%s) IS NOT NULL", [name])[0]

    def _prepare(self) -> None:
        with self._con.transaction():
            # two runs starting at once would race on CREATE TABLE IF NOT EXISTS: one at a time
            self._con.execute("SELECT pg_advisory_xact_lock(%s, 0)", [_NS_SCHEMA])
            for stmt in [*ddl("postgresql"), *add_label_columns("postgresql")]:
                self._con.execute(stmt)
            self._con.execute("INSERT INTO meta VALUES ('schema_version', %s) ON CONFLICT (key) DO UPDATE SET "
                              "value = excluded.value", [str(SCHEMA_VERSION)])
        self._mark_dead_runs()

    def _mark_dead_runs(self) -> None:
        """Runs left "running" whose process is gone (their run lock is free) become "interrupted"."""
        dead = []
        for (run_id,) in self._rows("SELECT run_id FROM runs WHERE status = 'running'"):
            if self._one("SELECT pg_try_advisory_lock(%s, hashtext(%s))", [_NS_RUN, run_id])[0]:
                self._exec("SELECT pg_advisory_unlock(%s, hashtext(%s))", [_NS_RUN, run_id])
                dead.append(run_id)
        if dead:
            with self._con.transaction():
                self._exec("UPDATE runs SET status = 'interrupted', finished_at = coalesce(finished_at, %s) "
                           "WHERE status = 'running' AND run_id = ANY(%s)", [now(), dead])
                self._exec("UPDATE files SET status = 'interrupted' WHERE status = 'running' AND run_id = ANY(%s)",
                           [dead])

    def close(self) -> None:
        """Write queued work and close (the session's locks go with it)."""
        if self._con is None:
            return
        try:
            if not self.read_only:
                self.flush()
        finally:
            con, self._con = self._con, None
            con.close()
            self._file_locks.clear()

    # ---- runs -----------------------------------------------------------------------------------------------
    def start_run(self, model_name: str, model_version: str, paths: list[str], params: dict) -> str:
        run_id = uuid.uuid4().hex
        # the lock first: whoever sees this run "running" also sees it alive
        self._exec("SELECT pg_advisory_lock(%s, hashtext(%s))", [_NS_RUN, run_id])
        self._runs.add(run_id)
        self._exec("INSERT INTO runs (run_id, started_at, model_name, model_version, paths, params, status) "
                   "VALUES (%s, %s, %s, %s, %s, %s, 'running')",
                   [run_id, now(), model_name, model_version, to_json([str(p) for p in paths]), to_json(params)])
        return run_id

    def finish_run(self, run_id: str, stats: dict, status: str = "completed") -> None:
        self.flush()
        self._exec("UPDATE runs SET finished_at = %s, stats = %s, status = %s WHERE run_id = %s",
                   [now(), to_json(stats), status, run_id])
        if run_id in self._runs:
            self._runs.discard(run_id)
            self._exec("SELECT pg_advisory_unlock(%s, hashtext(%s))", [_NS_RUN, run_id])

    # ---- files ----------------------------------------------------------------------------------------------
    def _load_state(self) -> dict[str, tuple]:
        rows = self._rows("SELECT DISTINCT ON (file) file, sha256, model_version, status FROM files "
                          "ORDER BY file, seq DESC")
        return {r[0]: tuple(r[1:]) for r in rows}

    def file_status(self, file: str) -> tuple[str, str, str] | None:
        """(sha256, model_version, status) of the last finished ("ok" or "error") analysis of `file`."""
        self.flush()
        row = self._one("SELECT sha256, model_version, status FROM files WHERE file = %s AND status IN "
                        "('ok', 'error') ORDER BY seq DESC LIMIT 1", [file])
        return tuple(row) if row else None

    def _files_where_latest(self, *statuses: str) -> list[str]:
        self.flush()
        return [r[0] for r in self._rows(
            "SELECT file FROM (SELECT DISTINCT ON (file) file, status FROM files ORDER BY file, seq DESC) x "
            "WHERE status = ANY(%s) ORDER BY file", [list(statuses)])]

    def begin_file(self, run_id: str, file: str, sha256: str, model_version: str) -> None:
        """As in DuckDB, plus: wait until no other run is writing `file` (see the module's notes)."""
        if file not in self._file_locks:
            key = [_NS_FILE, file]
            if not self._one("SELECT pg_try_advisory_lock(%s, hashtext(%s))", key)[0]:
                self.flush()  # commit (and let go of) the files already ended before waiting for this one
                self._exec("SELECT pg_advisory_lock(%s, hashtext(%s))", key)
            self._file_locks.add(file)
        super().begin_file(run_id, file, sha256, model_version)

    # ---- writing --------------------------------------------------------------------------------------------
    def _commit(self, docs: list[DocItem], events: list[tuple], errors: list[tuple]) -> None:
        try:
            with self._con.transaction():
                with self._con.cursor() as cur:
                    self._write(cur, docs, events, errors)
        except psycopg.Error as exc:
            raise pg_error(self.url, exc) from None
        last = {ev[2]: ev[0] for ev in events}  # file -> its last event in the batch
        for file in {f for f, kind in last.items() if kind == "end"} & self._file_locks:  # committed: other runs may write these files now
            self._file_locks.discard(file)
            self._exec("SELECT pg_advisory_unlock(%s, hashtext(%s))", [_NS_FILE, file])

    def _write(self, cur: psycopg.Cursor, docs: list[DocItem], events: list[tuple], errors: list[tuple]) -> None:
        # files this session has not locked (documents written without begin_file): lock them for this
        # transaction, in one order, so two such batches cannot deadlock
        files = {item[2] for item in docs} | {ev[2] for ev in events}
        extra = sorted(files - self._file_locks)
        if extra:
            cur.execute("SELECT pg_advisory_xact_lock(%s, hashtext(f)) FROM unnest(%s::text[]) AS f",
                        [_NS_FILE, extra])
        drows, srows, frows = document_rows(docs)
        if drows:
            keys = [[r[1] for r in drows], [r[0] for r in drows]]
            for table in ("findings", "segments", "documents"):
                cur.execute(f"DELETE FROM {table} t USING unnest(%s::text[], %s::text[]) AS k(file, doc_id) "
                            "WHERE t.file = k.file AND t.doc_id = k.doc_id", keys)
            _copy(cur, "documents", DOC_COLS, drows)
            _copy(cur, "segments", seg_cols(), srows)
            self._insert_findings(cur, frows)
        _copy(cur, "errors", ERR_COLS, errors)
        self._apply_events(cur, events)

    def _insert_findings(self, cur: psycopg.Cursor, rows: list[tuple]) -> None:
        _copy(cur, "findings", FIND_COLS, rows)

    def _apply_events(self, cur: psycopg.Cursor, events: list[tuple]) -> None:
        begun, ended_earlier, ok = plan_events(events)
        _copy(cur, "files", FILE_COLS, begun)  # seq from its sequence, in row order
        if ended_earlier:
            cur.executemany("UPDATE files SET status = %s, finished_at = %s WHERE seq = (SELECT max(seq) FROM files "
                            "WHERE file = %s AND run_id = %s)",
                            [(status, at, file, run) for run, file, status, at in ended_earlier])
        if not ok:
            return
        done = [[r for r, _ in ok], [f for _, f in ok]]
        stale = ("SELECT d.file, d.doc_id FROM documents d JOIN unnest(%s::text[], %s::text[]) AS x(run_id, file) "
                 "ON d.file = x.file AND d.run_id <> x.run_id")
        for table in ("findings", "segments", "documents"):
            cur.execute(f"DELETE FROM {table} t USING ({stale}) s WHERE t.file = s.file AND t.doc_id = s.doc_id",
                        done)
        cur.execute("DELETE FROM errors e USING unnest(%s::text[], %s::text[]) AS x(run_id, file) WHERE "
                    "e.run_id <> x.run_id AND (e.file = x.file OR starts_with(e.file, x.file || '!'))", done)

    # ---- reading --------------------------------------------------------------------------------------------
    def _frame(self, sql: str, params: Iterable | None = None, json_cols: tuple[str, ...] = ()) -> pd.DataFrame:
        if not self.read_only:
            self.flush()
        cur = self._exec(sql, params)
        names = [d.name for d in cur.description]
        types = [_ARROW.get(d.type_code, pa.string()) for d in cur.description]
        rows = cur.fetchall()
        cols = list(zip(*rows)) if rows else [()] * len(names)
        df = arrow_frame(pa.table({n: pa.array(c, type=t) for n, c, t in zip(names, cols, types)}))
        for col in json_cols:
            df[col] = [from_json(v) for v in df[col]]
        return df

    def segments_frame(self, kinds: list[str] | None = None) -> pd.DataFrame:
        """The segment table (aggregate/frame.py), exactly as a run without a store builds it."""
        scores = ", ".join(f"s.{score_col(lb)}" for lb in registry.ids())
        flags = ", ".join(f"coalesce('{lb}' = ANY(s.labels), false) AS is_{lb}" for lb in registry.ids())
        where, params = "", []
        if kinds is not None:
            where, params = "WHERE s.kind = ANY(%s)", [list(kinds)]
        # cues as frame.segment_cues: the segment's and its findings', without the "model" evidence marker
        return conform_segments(self._frame(f"""
            SELECT s.doc_id, s.idx::BIGINT AS idx, s.text, s.start::BIGINT AS start, s."end"::BIGINT AS "end",
                   s.kind, s.source, s.page::BIGINT AS page, s.clause,
                   nullif(array_to_string(s.heading_path, ' > '), '') AS heading, s.heading_path, s.message_id,
                   s.thread_id, s.sender, s.recipients, s.date, s.subject, s.context, {scores}, {flags},
                   ARRAY(SELECT DISTINCT x FROM unnest(coalesce(s.cues, '{{}}') || coalesce(c.cues, '{{}}')) AS x
                         ORDER BY x) AS cues
            FROM segments s
            LEFT JOIN (SELECT file, doc_id, idx, array_agg(DISTINCT cue ORDER BY cue) AS cues FROM findings
                       WHERE cue <> '{MODEL_CUE}' GROUP BY file, doc_id, idx) c USING (file, doc_id, idx)
            {where} ORDER BY s.doc_id, s.file, s.idx""", params, json_cols=("context",)))

    def files_frame(self, latest_only: bool = True) -> pd.DataFrame:
        if latest_only:
            return self._frame("SELECT * FROM (SELECT DISTINCT ON (file) * FROM files ORDER BY file, seq DESC) x "
                               "ORDER BY seq")
        return self._frame("SELECT * FROM files ORDER BY seq")



def _copy(cur: psycopg.Cursor, table: str, names: tuple[str, ...], rows: list[tuple]) -> None:
    if not rows:
        return
    with cur.copy(f"COPY {table} ({', '.join(quote(n) for n in names)}) FROM STDIN") as cp:
        for row in rows:
            cp.write_row(row)

"""What both store backends share: the write queue, its batching rules and the incremental-run bookkeeping.

Writes are queued and written in batches, one transaction each: documents with their segments and findings, the
`files` bookkeeping (begin/end of a file), and errors. A file is marked done in the same transaction as its last
documents, so a run killed at any point leaves every file either done with all its documents or not done (analysed
again next time); at most the queued batch is lost. Batches go out every `batch_docs` documents, every 50,000
segments, every `flush_seconds`, and when the run ends. A backend supplies `_commit` (one batch, one transaction)
and the few queries below marked abstract.
"""
from __future__ import annotations

import time
from abc import ABC, abstractmethod
from typing import Iterable

import pandas as pd

from ..records import AnalysedDocument, ReadError, file_of
from .corrections import CORRECTION_COLS, correction_row
from .errors import StoreError
from .rows import error_row, now

TABLES = ("runs", "files", "documents", "segments", "findings", "errors")

DocItem = tuple[str, AnalysedDocument, str]  # (run_id, document, file)


class BatchedStore(ABC):
    def __init__(self, read_only: bool, batch_docs: int, flush_seconds: float):
        self.read_only = read_only
        self.batch_docs = max(1, batch_docs)
        self.flush_seconds = flush_seconds
        self._docs: list[DocItem] = []
        self._segments = 0
        self._events: list[tuple] = []  # ("begin", run, file, sha, version, at) | ("end", run, file, status, at)
        self._errors: list[tuple] = []
        self._last_flush = time.monotonic()
        self._state: dict[str, tuple] | None = None  # file -> (sha256, model_version, status), loaded on first use

    # ---- backend --------------------------------------------------------------------------------------------
    @abstractmethod
    def _commit(self, docs: list[DocItem], events: list[tuple], errors: list[tuple]) -> None:
        """Write one batch in one transaction (all or nothing)."""

    @abstractmethod
    def _load_state(self) -> dict[str, tuple]:
        """file -> (sha256, model_version, status) of each file's latest `files` row."""

    @abstractmethod
    def _files_where_latest(self, *statuses: str) -> list[str]:
        """Files whose latest `files` row has one of `statuses`, sorted."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---- files / incremental runs ---------------------------------------------------------------------------
    def _latest_state(self) -> dict[str, tuple]:
        if self._state is None:
            self._state = self._load_state()
        return self._state

    def needs_analysis(self, file: str, sha256: str, model_version: str) -> bool:
        row = self._latest_state().get(file)
        return not (row and row[2] == "ok" and row[0] == sha256 and row[1] == model_version)

    def begin_file(self, run_id: str, file: str, sha256: str, model_version: str) -> None:
        self._events.append(("begin", run_id, file, sha256, model_version, now()))
        self._latest_state()[file] = (sha256, model_version, "running")

    def end_file(self, run_id: str, file: str, status: str = "ok") -> None:
        """Mark the file done (in the batch that writes its last documents). On "ok" the file's documents left over
        from earlier runs (a changed file yields other doc_ids) and its errors from earlier runs are removed."""
        if status not in ("ok", "error"):
            raise ValueError(f"status must be 'ok' or 'error', not {status!r}")
        state = self._latest_state().get(file)
        if state is None or state[2] != "running":
            raise ValueError(f"end_file without begin_file for {file!r} in run {run_id}")
        self._events.append(("end", run_id, file, status, now()))
        self._state[file] = (*state[:2], status)
        self._maybe_flush()

    def failed_files(self) -> list[str]:
        """Files whose latest analysis ended with status "error"."""
        return self._files_where_latest("error")

    def incomplete_files(self) -> list[str]:
        """Files begun but never ended (their run was interrupted)."""
        return self._files_where_latest("running", "interrupted")

    # ---- writing --------------------------------------------------------------------------------------------
    def write_document(self, run_id: str, ad: AnalysedDocument, file: str | None = None) -> None:
        """Queue one document of `file` (None: file_of(its source)); it is written with the next batch."""
        self._docs.append((run_id, ad, file or file_of(ad.document.source)))
        self._segments += len(ad.segments)
        self._maybe_flush()

    def write_documents(self, run_id: str, ads: Iterable[AnalysedDocument], file: str | None = None) -> int:
        """Write many documents now, in one transaction. `file` None: each document's file_of(source)."""
        n = 0
        for ad in ads:
            self._docs.append((run_id, ad, file or file_of(ad.document.source)))
            n += 1
        self.flush()
        return n

    def write_error(self, run_id: str, err: ReadError) -> None:
        self._errors.append(error_row(run_id, err))
        self._maybe_flush()

    def _maybe_flush(self) -> None:
        if (len(self._docs) >= self.batch_docs or self._segments >= 50_000 or len(self._events) >= 20_000
                or time.monotonic() - self._last_flush > self.flush_seconds):
            self.flush()

    def flush(self) -> int:
        """Write everything queued in one transaction. On failure nothing of the batch is written and the error is
        raised; the batch's files were not marked done, so they are analysed again next time."""
        docs, events, errors = self._docs, self._events, self._errors
        self._docs, self._events, self._errors, self._segments = [], [], [], 0
        self._last_flush = time.monotonic()
        if not (docs or events or errors):
            return 0
        latest: dict[tuple[str, str], DocItem] = {}
        for item in docs:  # the same document twice: the last one wins, as with separate transactions
            key = (item[2], item[1].document.id)
            latest.pop(key, None)
            latest[key] = item
        try:
            self._commit(list(latest.values()), events, errors)
        except BaseException:
            self._state = None  # what the store holds is the truth again
            raise
        return len(latest)


    # ---- reads both backends phrase alike (only the parameter mark differs: _MARK) ------------------------------
    _MARK = "?"

    @abstractmethod
    def _frame(self, sql: str, params: list | None = None, json_cols: tuple[str, ...] = ()) -> pd.DataFrame: ...

    @abstractmethod
    def _one(self, sql: str, params: list | None = None) -> tuple | None: ...

    @abstractmethod
    def _has_table(self, name: str) -> bool: ...

    def _sql(self, sql: str) -> str:
        return sql.replace("?", self._MARK)

    def documents_frame(self) -> pd.DataFrame:
        return self._frame("SELECT * FROM documents ORDER BY file, doc_id",
                           json_cols=("metadata", "warnings", "recipients"))

    def errors_frame(self) -> pd.DataFrame:
        return self._frame('SELECT * FROM errors ORDER BY "at", source')

    def runs_frame(self) -> pd.DataFrame:
        return self._frame("SELECT * FROM runs ORDER BY started_at", json_cols=("paths", "params", "stats"))

    def findings_frame(self, doc_id: str | None = None) -> pd.DataFrame:
        """Findings of one document (of the first file holding it: files with identical bytes have identical
        findings), or of all."""
        where, params = "", []
        if doc_id is not None:
            where = self._sql("WHERE doc_id = ? AND file = (SELECT min(file) FROM findings WHERE doc_id = ?)")
            params = [doc_id, doc_id]
        return self._frame(f'SELECT label, cue, start, "end", doc_id, idx, score FROM findings {where} '
                           'ORDER BY doc_id, file, idx, start', params)

    def document_text(self, doc_id: str) -> str | None:
        if not self.read_only:
            self.flush()
        row = self._one(self._sql("SELECT text FROM documents WHERE doc_id = ? LIMIT 1"), [doc_id])
        return row[0] if row else None

    def counts(self) -> dict[str, int]:
        if not self.read_only:
            self.flush()
        return {t: self._one(f"SELECT count(*) FROM {t}")[0] for t in TABLES}

    # ---- corrections ----------------------------------------------------------------------------------------
    def add_correction(self, text: str, labels: list[str], user: str, kind: str | None = None,
                       file: str | None = None, doc_id: str | None = None, idx: int | None = None,
                       note: str | None = None) -> int:
        """Record one reviewer's labels for a text (now, not batched); returns the correction's id."""
        if self.read_only:
            raise StoreError(f"the store {self.path} is open read-only; corrections need a writable store")
        row = correction_row(text, labels, user, kind, file, doc_id, idx, note)
        marks = ", ".join(self._MARK for _ in CORRECTION_COLS)
        return self._one(f"INSERT INTO corrections ({', '.join(CORRECTION_COLS)}) VALUES ({marks}) "
                         "RETURNING correction_id", list(row))[0]

    def corrections_frame(self) -> pd.DataFrame:
        """Every correction, oldest first (an empty frame for a store written before corrections existed)."""
        if not self._has_table("corrections"):
            return pd.DataFrame(columns=["correction_id", *CORRECTION_COLS])
        return self._frame("SELECT * FROM corrections ORDER BY created_at, correction_id")


def plan_events(events: list[tuple]) -> tuple[list[tuple], list[tuple], list[tuple[str, str]]]:
    """A batch's file bookkeeping, set-based (a zip of 10,000 small files is 20,000 events):
    (`files` rows to insert in FILE_COLS order, (run, file, status, at) of files begun in an earlier batch (a long
    mailbox) and ended in this one, (run, file) of the files whose last end in this batch is "ok")."""
    begun: dict[tuple[str, str], list] = {}
    ended_earlier: list[tuple] = []
    last_end: dict[str, tuple[str, str]] = {}  # file -> (run, status) of its last end in this batch
    for ev in events:
        if ev[0] == "begin":
            _, run, file, sha, version, at = ev
            begun[(run, file)] = [file, sha, run, version, "running", at, None]
        else:
            _, run, file, status, at = ev
            last_end[file] = (run, status)
            row = begun.get((run, file))
            if row is not None:
                row[4], row[6] = status, at
            else:
                ended_earlier.append((run, file, status, at))
    ok = [(run, file) for file, (run, status) in last_end.items() if status == "ok"]
    return [tuple(r) for r in begun.values()], ended_earlier, ok

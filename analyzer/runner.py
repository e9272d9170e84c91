"""The main job as a Python API: files -> findings -> aggregates, optionally kept in a DuckDB store.

    from analyzer import analyze
    results = analyze(["contracts/", "mail.mbox"], db="results.duckdb")
    results.risk_profile, results.threads, results.health

With a store, each file is analysed once per (bytes, model version): unchanged files are skipped, new or changed
ones analysed, failed ones retried; every document is written atomically and a file is marked done only after its
last document, so an interrupted run resumes cleanly.

Parallelism (`workers=N`, `engine="dask"`): this process stays the driver. It walks the inputs in order, sends whole
files to workers (read + segment + score there) and reads mailboxes itself (threading and duplicate detection need
the messages in order), sending their segment texts out in chunks for scoring. It keeps a few tasks in flight and
writes every result in input order, so records, errors, counts, `on_document` calls and the store are exactly those
of an in-process run. See analyzer.engines.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pandas as pd

from .aggregate import health_index, message_summary, risk_clauses, risk_profile, segments_frame, thread_summary
from .extract import ExtractStats, Extracted, extract_source, file_of
from .ingest.archive import iter_sources
from .ingest.source import Source
from .limits import DEFAULT_LIMITS, Limits
from .records import AnalysedDocument, ReadError


@dataclass
class Results:
    """Per-segment records and aggregate tables of one run (or of the whole store when one was used)."""

    frame: pd.DataFrame
    errors: list[ReadError] = field(default_factory=list)
    stats: ExtractStats = field(default_factory=ExtractStats)
    skipped_files: list[str] = field(default_factory=list)
    run_id: str | None = None
    model_name: str = ""
    freq: str = "M"

    def records(self) -> Iterator[dict]:
        """The per-segment records (extract fields + scores, labels, cues), as plain dicts."""
        return iter(self.frame.to_dict("records"))

    def __iter__(self):
        return self.records()

    def __len__(self) -> int:
        return len(self.frame)

    @cached_property
    def risk_profile(self) -> pd.DataFrame:
        return risk_profile(self.frame)

    @cached_property
    def risk_clauses(self) -> pd.DataFrame:
        return risk_clauses(self.frame)

    @cached_property
    def messages(self) -> pd.DataFrame:
        return message_summary(self.frame)

    @cached_property
    def threads(self) -> pd.DataFrame:
        return thread_summary(self.frame)

    @cached_property
    def health(self) -> pd.DataFrame:
        return health_index(self.frame, self.freq)


def resolve_model(model):
    from .detect.model import ToneModel, load_model

    return model if isinstance(model, ToneModel) else load_model(model)


def _model_and_folder(model):
    """The driver's ToneModel and the folder workers load it from (None for a ToneModel object passed in)."""
    from .detect.model import DEFAULT_MODEL, ToneModel, load_model

    if isinstance(model, ToneModel):
        return model, getattr(model, "folder", None)
    folder = Path(model) if model else DEFAULT_MODEL
    return load_model(folder), str(folder.resolve())


def analyze(paths: Iterable[str | Path], model=None, db: str | Path | None = None, freq: str = "M",
            on_document: Callable[[AnalysedDocument | ReadError], None] | None = None,
            workers: int = 1, engine: str = "local", scheduler: str | None = None,
            out: str | Path | None = None, limits: Limits = DEFAULT_LIMITS) -> Results:
    """Analyse files, folders and zips. `model`: a ToneModel, a model folder, or None for the shipped default.

    `workers` > 1 runs a local process pool; `engine="dask"` a dask.distributed cluster (`scheduler` address, or a
    LocalCluster of `workers` processes). Records, their order, the store and `on_document` calls are the same
    with every engine; parallel engines need a model folder (workers load the model themselves), not a
    ToneModel object.

    `out` (.jsonl/.csv/.parquet) receives one record per segment: streamed as documents finish without a store,
    the whole store's segments at the end with one. Output paths are checked before any work (OutputError), and
    `limits` bound what one file may cost (pages, characters, memory, time)."""
    from .engines import open_engine
    from .store.export import FORMATS, check_writable
    from .store.factory import is_url

    if out is not None and Path(out).suffix.lower() not in FORMATS:
        raise ValueError(f"--out {out}: the file name must end in {', '.join(FORMATS)}")
    for target in (out, db):
        if target is not None and str(target) != ":memory:" and not is_url(target):
            check_writable(target)
    tone, folder = _model_and_folder(model)
    stats = ExtractStats()
    paths = [str(p) for p in paths]
    if db is None:
        from .store.export import RecordWriter

        writer = RecordWriter(out) if out is not None else None
        run = _Run(None, tone, folder, stats, on_document=on_document, writer=writer)
        try:
            with open_engine(engine, workers, scheduler, tone, folder) as run.engine:
                run.execute(iter_sources(paths, limits=limits))
        finally:  # whatever stopped the run, what was analysed is in the file
            if writer is not None:
                run.drain()
                writer.close()
        return Results(segments_frame(run.docs), run.errors, stats, model_name=tone.name, freq=freq)

    from .store import open_store

    with open_store(db) as store:
        version = tone.model_id  # content hash included: a retrained model re-analyses files
        run_id = store.start_run(tone.name, version, paths, {"freq": freq})
        status = "interrupted"
        run = None
        try:
            with open_engine(engine, workers, scheduler, tone, folder) as eng:
                run = _Run(eng, tone, folder, stats, store, run_id, version, on_document)
                run.execute(iter_sources(paths, limits=limits))
            status = "completed"
        finally:
            skipped = run.skipped if run else []
            try:
                store.finish_run(run_id, {**stats.as_row(), "skipped_files": len(skipped)}, status)
            except Exception:  # noqa: BLE001 - the error that stopped the run is the one to report
                if status == "completed":
                    raise
        results = Results(store.segments_frame(), run.errors, stats, run.skipped, run_id, tone.name, freq)
    if out is not None:
        _export(results.frame, out, db)
    return results


def _export(frame: pd.DataFrame, out: str | Path, db: str | Path) -> None:
    from .store import OutputError, describe, export_records

    try:
        export_records(frame, out)
    except OSError as exc:
        raise OutputError(f"cannot write {out}: {exc.strerror or exc}; every result is in the store {describe(db)} "
                          f"(`tone-analyzer report --db {describe(db)}`)") from None


# ---------------------------------------------------------------------------------------------------------------
# the driver: plans tasks in input order, keeps a few in flight, writes results in the same order
# ---------------------------------------------------------------------------------------------------------------
GROUP_FILES = 16  # small files travel (and are scored) together, up to this many (engine.group_files) ...
GROUP_BYTES = 4 * 1024**2  # ... and this many bytes
CHUNK_DOCS = 512  # a mailbox chunk: at most this many messages or BATCH_SEGMENTS segments
WRITE_DOCS = 256  # documents per append to the --out file


@dataclass
class _Entry:
    kind: str  # error | skip | begin | chunk | end | files | recheck
    payload: object = None
    future: object = None


class _Run:
    def __init__(self, engine, tone, folder, stats: ExtractStats, store=None, run_id: str | None = None,
                 version: str | None = None, on_document=None, writer=None):
        self.engine, self.tone, self.folder, self.stats = engine, tone, folder, stats
        self.store, self.run_id, self.version, self.on_document = store, run_id, version, on_document
        self.writer = writer  # streams records to --out as documents finish (runs without a store)
        self._unwritten = 0
        self.errors: list[ReadError] = []
        self.docs: list[AnalysedDocument] = []
        self.skipped: list[str] = []
        self._planned: set[str] = set()
        self._failed = False

    @property
    def group_files(self) -> int:
        # in-process, bigger groups only mean fewer model calls; workers get small ones to share the load
        return getattr(self.engine, "group_files", GROUP_FILES)

    # ---- the loop -----------------------------------------------------------------------------------------
    def execute(self, sources: Iterable[Source | ReadError]) -> None:
        pending: deque[_Entry] = deque()
        for entry in self._plan(sources):
            pending.append(entry)
            while len(pending) > self.engine.window:
                self._consume(pending.popleft())
        while pending:
            self._consume(pending.popleft())

    # ---- planning (producer): decides what runs where, submits tasks ------------------------------------------
    def _plan(self, sources: Iterable[Source | ReadError]) -> Iterator[_Entry]:
        group: list[tuple[Source, str | None, str]] = []  # (source, sha256, file)
        size = 0
        for src in sources:
            if isinstance(src, ReadError):
                if group:
                    yield self._files_entry(group)
                    group, size = [], 0
                yield _Entry("error", src)
                continue
            file = file_of(src.name)
            sha = None
            if self.store is not None:
                try:
                    sha = src.sha256
                except OSError as exc:  # unreadable, or gone since it was listed: this file's problem only
                    if group:
                        yield self._files_entry(group)
                        group, size = [], 0
                    yield _Entry("error", ReadError(src.name, "unreadable", f"cannot read: {exc.strerror or exc}"))
                    continue
                if file in self._planned:  # listed twice: decide once the first one is written
                    if group:
                        yield self._files_entry(group)
                        group, size = [], 0
                    yield _Entry("recheck", (src, sha, file))
                    continue
                if not self.store.needs_analysis(file, sha, self.version):
                    if group:
                        yield self._files_entry(group)
                        group, size = [], 0
                    yield _Entry("skip", file)
                    continue
                self._planned.add(file)
            if _is_mailbox(src):
                if group:
                    yield self._files_entry(group)
                    group, size = [], 0
                yield from self._mailbox_entries(src, sha, file)
                continue
            if group and (len(group) >= self.group_files or size + src.size > GROUP_BYTES):
                yield self._files_entry(group)
                group, size = [], 0
            group.append((src, sha, file))
            size += src.size
        if group:
            yield self._files_entry(group)

    def _files_entry(self, group: list[tuple[Source, str | None, str]]) -> _Entry:
        from .engines.tasks import FilesTask, FileSpec

        task = FilesTask(self.folder, [FileSpec.of(src, self.engine.transport) for src, _, _ in group])
        return _Entry("files", [(sha, file) for _, sha, file in group], self.engine.submit(task))

    def _mailbox_entries(self, src: Source, sha: str | None, file: str) -> Iterator[_Entry]:
        """Read (parse, thread, de-duplicate, segment) here, in order; score elsewhere, chunk by chunk."""
        from .engines.tasks import BATCH_SEGMENTS

        yield _Entry("begin", (sha, file))
        chunk: list[Extracted | ReadError] = []
        nseg = 0
        for item in extract_source(src, self.stats):
            chunk.append(item)
            nseg += len(item.segments) if isinstance(item, Extracted) else 0
            if nseg >= BATCH_SEGMENTS or len(chunk) >= CHUNK_DOCS:
                yield self._chunk_entry(chunk, sha, file)
                chunk, nseg = [], 0
        if chunk:
            yield self._chunk_entry(chunk, sha, file)
        yield _Entry("end", file)

    def _chunk_entry(self, chunk, sha, file) -> _Entry:
        from .engines.tasks import TextsTask, chunk_texts, distinct

        texts, inverse = distinct(chunk_texts(chunk))  # each distinct text travels and is scored once
        future = self.engine.submit(TextsTask(self.folder, texts)) if texts else None
        return _Entry("chunk", (chunk, inverse, sha, file), future)

    # ---- consuming (in order): the only place that writes ----------------------------------------------------
    def _consume(self, entry: _Entry) -> None:
        from .engines.tasks import assemble, expand, merge_stats

        kind = entry.kind
        if kind == "error":
            for err in extract_source(entry.payload, self.stats):  # counts it as the in-process extract does
                self._item(err, None, None)
        elif kind == "skip":
            self.skipped.append(entry.payload)
        elif kind == "begin":
            sha, file = entry.payload
            self._begin(file, sha)
        elif kind == "chunk":
            chunk, inverse, sha, file = entry.payload
            preds = expand(entry.future.result() if entry.future is not None else [], inverse)
            for item in assemble(chunk, preds):
                self._item(item, sha, file)
        elif kind == "end":
            self._end(entry.payload)
        elif kind == "files":
            for (sha, file), res in zip(entry.payload, entry.future.result()):
                merge_stats(self.stats, res.stats)
                self._begin(file, sha)
                for item in res.items:
                    self._item(item, sha, file)
                self._end(file)
        elif kind == "recheck":
            src, sha, file = entry.payload
            if not self.store.needs_analysis(file, sha, self.version):
                self.skipped.append(file)
                return
            from .engines.tasks import FilesTask, FileSpec, run_task

            [res] = run_task(FilesTask(self.folder, [FileSpec.of(src, "object")]), self.tone)
            merge_stats(self.stats, res.stats)
            self._begin(file, sha)
            for item in res.items:
                self._item(item, sha, file)
            self._end(file)
        else:  # pragma: no cover
            raise AssertionError(kind)

    def _begin(self, file: str, sha: str | None) -> None:
        self._failed = False
        if self.store is not None:
            self.store.begin_file(self.run_id, file, sha, self.version)

    def _end(self, file: str) -> None:
        if self.store is not None:
            self.store.end_file(self.run_id, file, "error" if self._failed else "ok")

    def _item(self, item: AnalysedDocument | ReadError, sha: str | None, file: str | None) -> None:
        if isinstance(item, ReadError):
            if self.store is not None:
                self.store.write_error(self.run_id, item)
            self.errors.append(item)
            # Only a failure of the whole file makes it retried on the next run. A bad message in a mailbox or a bad
            # zip member stays recorded as an error, but rereading the same bytes cannot fix it.
            self._failed |= item.severity == "error" and item.source == file
        elif self.store is not None:
            item.file_sha256 = sha
            self.store.write_document(self.run_id, item, file)
        else:
            self.docs.append(item)
            self._unwritten += 1
            if self.writer is not None and self._unwritten >= WRITE_DOCS:
                self.drain()
        if self.on_document:
            self.on_document(item)

    def drain(self) -> None:
        """Write the documents not yet in the --out file (and the file's header when there were none)."""
        if self.writer is None:
            return
        if self._unwritten or not self.writer.rows:
            self.writer.write(segments_frame(self.docs[len(self.docs) - self._unwritten:]))
        self._unwritten = 0


def _is_mailbox(src: Source) -> bool:
    from .ingest.formats import is_container
    from .ingest.sniff import sniff

    try:
        return is_container(sniff(src), "mailbox") and src.size > 0
    except Exception:  # noqa: BLE001 - the reader reports unreadable files; here it only picks the route
        return False


def load_results(db: str | Path, freq: str = "M") -> Results:
    """Everything in a store, as Results (for `report`, the app and notebooks)."""
    from .store import open_store

    with open_store(db, read_only=True) as store:
        errors = [ReadError(r["source"], r["code"], r["message"], r["severity"])
                  for r in store.errors_frame().to_dict("records")]
        return Results(store.segments_frame(), errors, freq=freq)

"""The main job as a Python API: files -> findings -> aggregates, optionally kept in a store (DuckDB or PostgreSQL).

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
of an in-process run. See analyzer.engines.driver.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

import pandas as pd

from .aggregate import segments_frame
from .aggregate.results import Results
from .extract import ExtractStats
from .ingest.archive import iter_sources
from .limits import DEFAULT_LIMITS, Limits
from .records import AnalysedDocument, ReadError


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
    from .engines.driver import RunDriver
    from .store.export import check_writable, export_format
    from .store.factory import is_url

    if out is not None:
        export_format(out)  # a wrong suffix is a usage error, found before any work
    for target in (out, db):
        if target is not None and str(target) != ":memory:" and not is_url(target):
            check_writable(target)
    tone, folder = _model_and_folder(model)
    stats = ExtractStats()
    paths = [str(p) for p in paths]
    if db is None:
        from .store.export import RecordWriter

        writer = RecordWriter(out) if out is not None else None
        run = RunDriver(None, tone, folder, stats, on_document=on_document, writer=writer)
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
                run = RunDriver(eng, tone, folder, stats, store, run_id, version, on_document)
                run.execute(iter_sources(paths, limits=limits))
            status = "completed"
        finally:
            skipped = run.skipped if run else []
            try:
                store.finish_run(run_id, {**stats.as_row(), "skipped_files": len(skipped)}, status)
            except Exception:  # noqa: BLE001 - the error that stopped the run is the one to report
                if status == "completed":
                    raise
        # read lazily (a file or a server outlives this block; an in-memory store does not)
        data = store.segments_frame() if str(db) == ":memory:" else (lambda: _store_frame(db))
        results = Results(data, run.errors, stats, run.skipped, run_id, tone.name, freq)
    if out is not None:
        _export(results.frame, out, db)
    return results


def _store_frame(db: str | Path) -> pd.DataFrame:
    """Every segment in the store (read when first asked for, after the run has let go of the store)."""
    from .store import open_store

    with open_store(db, read_only=True) as store:
        return store.segments_frame()


def _export(frame: pd.DataFrame, out: str | Path, db: str | Path) -> None:
    from .store import OutputError, describe, export_records

    try:
        export_records(frame, out)
    except OSError as exc:
        raise OutputError(f"cannot write {out}: {exc.strerror or exc}; every result is in the store {describe(db)} "
                          f"(`tone-analyzer report --db {describe(db)}`)") from None


def load_results(db: str | Path, freq: str = "M") -> Results:
    """Everything in a store, as Results (for `report`, the app and notebooks)."""
    from .store import open_store

    with open_store(db, read_only=True) as store:
        errors = [ReadError(r["source"], r["code"], r["message"], r["severity"])
                  for r in store.errors_frame().to_dict("records")]
        return Results(store.segments_frame(), errors, freq=freq)

"""The main job as a Python API: files -> findings -> aggregates, optionally kept in a DuckDB store.

    from analyzer import analyze
    results = analyze(["contracts/", "mail.mbox"], db="results.duckdb")
    results.risk_profile, results.threads, results.health

With a store, each file is analysed once per (bytes, model version): unchanged files are skipped, new or changed
ones analysed, failed ones retried; every document is written atomically and a file is marked done only after its
last document, so an interrupted run resumes cleanly.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pandas as pd

from .aggregate import health_index, message_summary, risk_clauses, risk_profile, segments_frame, thread_summary
from .extract import ExtractStats, extract_source, file_of
from .ingest.archive import iter_sources
from .ingest.source import Source
from .records import AnalysedDocument, ReadError
from .scoring import score_stream


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


def analyze(paths: Iterable[str | Path], model=None, db: str | Path | None = None, freq: str = "M",
            on_document: Callable[[AnalysedDocument | ReadError], None] | None = None,
            workers: int = 1) -> Results:
    """Analyse files, folders and zips. `model`: a ToneModel, a model folder, or None for the shipped default."""
    tone = resolve_model(model)
    stats = ExtractStats()
    errors: list[ReadError] = []
    paths = [str(p) for p in paths]
    if db is None:
        docs = []
        for item in score_stream(_extract_all(iter_sources(paths), stats), tone):
            (errors.append if isinstance(item, ReadError) else docs.append)(item)
            if on_document:
                on_document(item)
        return Results(segments_frame(docs), errors, stats, model_name=tone.name, freq=freq)

    from .store import Store

    with Store(db) as store:
        version = f"{tone.name}@{tone.version}"
        run_id = store.start_run(tone.name, version, paths, {"freq": freq})
        skipped: list[str] = []
        status = "interrupted"
        try:
            for src in iter_sources(paths):
                if isinstance(src, ReadError):
                    store.write_error(run_id, src)
                    errors.append(src)
                    continue
                file = file_of(src.name)
                sha = src.sha256
                if not store.needs_analysis(file, sha, version):
                    skipped.append(file)
                    continue
                store.begin_file(run_id, file, sha, version)
                failed = False
                for item in score_stream(extract_source(src, stats), tone):
                    if isinstance(item, ReadError):
                        store.write_error(run_id, item)
                        errors.append(item)
                        failed |= item.severity == "error"
                    else:
                        item.file_sha256 = sha
                        store.write_document(run_id, item, file)
                    if on_document:
                        on_document(item)
                store.end_file(run_id, file, "error" if failed else "ok")
            status = "completed"
        finally:
            store.finish_run(run_id, {**stats.as_row(), "skipped_files": len(skipped)}, status)
        return Results(store.segments_frame(), errors, stats, skipped, run_id, tone.name, freq)


def _extract_all(sources: Iterable[Source | ReadError], stats: ExtractStats):
    for src in sources:
        yield from extract_source(src, stats)


def load_results(db: str | Path, freq: str = "M") -> Results:
    """Everything in a store, as Results (for `report`, the app and notebooks)."""
    from .store import Store

    with Store(db, read_only=True) as store:
        errors = [ReadError(r["source"], r["code"], r["message"], r["severity"])
                  for r in store.errors_frame().to_dict("records")]
        return Results(store.segments_frame(), errors, freq=freq)

"""Cached access to the results store and the model (the only module here that talks to DuckDB).

Reads are cached with st.cache_data keyed on (db path, mtime/size of the file and its WAL), so a finished analysis
(which checkpoints the file) invalidates them by itself. One process-wide lock serialises store access: DuckDB will
not open a read-only and a read-write connection to one file in the same process.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd
import streamlit as st

from . import config

STORE_LOCK = threading.RLock()
_BOOTSTRAPPED: set[str] = set()


def store_key(path: Path) -> tuple[int, ...]:
    out: list[int] = []
    for p in (path, Path(f"{path}.wal")):
        try:
            s = p.stat()
            out += [s.st_mtime_ns, s.st_size]
        except FileNotFoundError:
            out += [0, 0]
    return tuple(out)


def open_store(path: Path, write: bool = False):
    from analyzer.store import is_url
    from analyzer.store import open_store as open_any

    if is_url(path):  # a PostgreSQL store (the read cache below still keys on a file, so it is not refreshed)
        return open_any(path, read_only=not write)
    path.parent.mkdir(parents=True, exist_ok=True)
    return open_any(path, read_only=not write and path.exists())


def record_correction(text: str, labels: list[str], user: str, kind: str | None = None, doc_id: str | None = None,
                      idx: int | None = None) -> str | None:
    """Keep who corrected what, and when, in the store (shared by a team on PostgreSQL). Returns a message when the
    store cannot take it now (another run is writing); the corpus JSONL copy is written by the caller either way."""
    from analyzer.store import StoreError

    try:
        with STORE_LOCK, open_store(config.db_path(), write=True) as store:
            store.add_correction(text, labels, user, kind=kind, doc_id=doc_id, idx=idx)
    except StoreError as exc:
        return f"Saved to the corpus file, but not to the store: {exc}"
    return None


@st.cache_data(show_spinner=False, max_entries=8)
def _tables(path: str, key: tuple) -> dict[str, pd.DataFrame]:
    with STORE_LOCK, open_store(Path(path)) as store:
        docs = store.documents_frame()
        return {"segments": store.segments_frame(), "documents": docs.drop(columns=["text"], errors="ignore"),
                "errors": store.errors_frame(), "runs": store.runs_frame()}


@st.cache_data(show_spinner=False, max_entries=8)
def _aggregates(path: str, key: tuple, freq: str = "M") -> dict[str, pd.DataFrame]:
    from analyzer.aggregate.results import Results

    r = Results(_tables(path, key)["segments"], freq=freq)
    return {"risk_profile": r.risk_profile, "risk_clauses": r.risk_clauses, "clause_review": r.clause_review,
            "messages": r.messages,
            "threads": r.threads, "health": r.health}


@st.cache_data(show_spinner=False, max_entries=128)
def _doc(path: str, key: tuple, doc_id: str) -> tuple[str, pd.DataFrame]:
    with STORE_LOCK, open_store(Path(path)) as store:
        return store.document_text(doc_id) or "", store.findings_frame(doc_id)


def _current() -> tuple[str, tuple]:
    p = config.db_path()
    return str(p), store_key(p)


def tables() -> dict[str, pd.DataFrame]:
    return _tables(*_current())


def segments() -> pd.DataFrame:
    return tables()["segments"]


def documents() -> pd.DataFrame:
    return tables()["documents"]


def aggregates(freq: str = "M") -> dict[str, pd.DataFrame]:
    """Risk profile, clauses, messages, threads and health (per month, or per week with freq "W")."""
    return _aggregates(*_current(), freq)


def document(doc_id: str) -> tuple[str, pd.DataFrame]:
    """(document text, its findings: label, cue, start, end, doc_id, idx, score)."""
    return _doc(*_current(), doc_id)


def refresh() -> None:
    for fn in (_tables, _aggregates, _doc):
        fn.clear()


# ---- model -----------------------------------------------------------------------------------------------------
@st.cache_resource(show_spinner="Loading the tone model…", max_entries=4)
def _model(path: str, stamp: int):
    from analyzer.detect.model import load_model

    return load_model(path)


def model_stamp(path: Path) -> int:
    try:
        return (Path(path) / "model.json").stat().st_mtime_ns
    except FileNotFoundError:
        return 0


def active_model_path() -> Path:
    chosen = st.session_state.get("_keep.lab.active_model")
    return Path(chosen) if chosen else config.default_model_path()


def model(path: Path | str | None = None):
    p = Path(path) if path else active_model_path()
    return _model(str(p), model_stamp(p))


# ---- analysis --------------------------------------------------------------------------------------------------
@dataclass
class RunSummary:
    files: list[str]
    doc_ids: list[str] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    stats: dict = field(default_factory=dict)
    seconds: float = 0.0
    rejected: list[tuple[str, str]] = field(default_factory=list)


def progress_callback(files: list[str], report: Callable[[float, str], None]) -> tuple[Callable, list[str]]:
    """on_document callback for analyze(): progress = share of the input files reached so far."""
    from analyzer.records import file_of
    from analyzer.records import ReadError

    seen: list[str] = []
    names = [str(f) for f in files]

    def on_document(item) -> None:
        source = item.source if isinstance(item, ReadError) else item.document.source
        if not isinstance(item, ReadError):
            seen.append(item.document.id)
        f = file_of(source).split("!", 1)[0]
        pos = next((i for i, n in enumerate(names) if f == n or f.startswith(n.rstrip("/") + "/")), 0)
        report(min(1.0, (pos + 0.5) / max(1, len(names))), f"{len(seen)} documents · {Path(f).name}")

    return on_document, seen


def summarise(files: list[str], results, seen: list[str], seconds: float) -> RunSummary:
    return RunSummary(files=[Path(f).name for f in files], doc_ids=list(dict.fromkeys(seen)),
                      errors=[e.to_dict() for e in results.errors], skipped=list(results.skipped_files),
                      stats=results.stats.as_row(), seconds=round(seconds, 1))


def run_analysis(paths: list[str], report: Callable[[float, str], None] = lambda p, m: None) -> RunSummary:
    import time

    from analyzer.runner import analyze

    tone = model()
    on_document, seen = progress_callback(paths, report)
    t0 = time.time()
    with STORE_LOCK:
        results = analyze(paths, model=tone, db=config.db_path(), on_document=on_document)
    refresh()
    return summarise(paths, results, seen, time.time() - t0)


def analyse_uploads(items: list[tuple[str, bytes]], report: Callable[[float, str], None]) -> RunSummary:
    """Uploaded (name, bytes) pairs -> size check -> temp folder -> analyze into the store."""
    import time

    from analyzer.runner import analyze

    from .uploads import save_uploads

    batch = save_uploads(items, config.max_upload_mb())
    summary = RunSummary(files=[Path(p).name for p in batch.saved], rejected=batch.rejected)
    try:
        if batch.saved:
            tone = model()
            paths = [str(p) for p in batch.saved]
            on_document, seen = progress_callback(paths, report)
            t0 = time.time()
            with STORE_LOCK:
                results = analyze(paths, model=tone, db=config.db_path(), on_document=on_document)
            refresh()
            summary = summarise(paths, results, seen, time.time() - t0)
            summary.rejected = batch.rejected
    finally:
        batch.cleanup()
    return summary


def ensure_bootstrapped() -> None:
    """First start: an empty store is filled from the bundled examples (once per store and process)."""
    path, examples = config.db_path(), config.examples_dir()
    with STORE_LOCK:
        if examples is None or not examples.exists() or str(path) in _BOOTSTRAPPED:
            return
        _BOOTSTRAPPED.add(str(path))
        if len(documents()):
            return
        with st.spinner(f"First start: analysing the bundled examples in {examples.name}/ …"):
            summary = run_analysis([str(examples)])
        st.session_state["analyse.last"] = summary


def thresholds(path: Path | None = None) -> dict[str, float]:
    """Per-label thresholds of the active model, read from model.json (no model load needed); 0.5 for a label the
    model does not know."""
    import json

    from analyzer import labels as registry

    p = Path(path) if path else active_model_path()
    try:
        t = json.loads((p / "model.json").read_text()).get("thresholds", {})
    except (OSError, ValueError):
        t = {}
    return {lb: float(t.get(lb, 0.5)) for lb in registry.ids()}


def cue_matcher():
    """The cue layer of the (cached) active model."""
    return model().cues

"""The work the engines map: picklable task descriptions and the one function that runs them, `run_task`.

Two kinds of task, both ending in the same scoring code (`scoring.score_stream` / `ToneModel.predict`):

- `FilesTask`: whole files (a PDF, a DOCX, a few small e-mails...). The worker reads, segments and scores
  them itself (`extract_source` + `score_stream`, exactly as the in-process run does) and sends back the
  AnalysedDocuments / ReadErrors of each file plus its extraction counts.
- `TextsTask`: the distinct segment texts of a chunk of documents the driver extracted itself (messages of a
  mailbox: thread reconstruction and duplicate detection need them in order, in one process). The worker sends
  back one Prediction per text; the driver puts them on its segments with `score_extracted`.

Either way each distinct text of a batch is scored once (`Deduplicated`): predictions depend on the text only.

Workers never receive a ToneModel (it holds spaCy objects and must not be pickled): they load the model from
its folder once per process (`worker_model`, a cached global), which works the same in a process pool and on
dask workers.
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Union

from ..extract import ExtractStats, Extracted, extract_source
from ..ingest.source import Source, os_error_record
from ..limits import DEFAULT_LIMITS, Limits
from ..records import AnalysedDocument, Prediction, ReadError
from ..scoring import score_extracted, score_stream

BATCH_SEGMENTS = 2048  # segments scored per model call (as scoring.score_stream)

_models: dict[str, object] = {}
_model_lock = threading.Lock()
_run_lock = threading.Lock()


def worker_model(folder: str):
    """The ToneModel of `folder`, loaded once per process (dask threads of one process share it)."""
    with _model_lock:
        tone = _models.get(folder)
        if tone is None:
            from ..detect.model import load_model

            tone = _models[folder] = load_model(folder)
        return tone


def limit_threads(threads: int) -> None:
    """Cap BLAS/OpenMP/torch threads in a worker so that N workers do not oversubscribe the cores."""
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[var] = str(threads)
    import sys

    if "torch" in sys.modules:  # already imported: env vars are read only at import
        sys.modules["torch"].set_num_threads(threads)


@dataclass
class FileSpec:
    """A file for a worker to read: the Source itself (in-process), its path (same machine) or its bytes
    (zip members; remote workers)."""

    name: str  # Source.name, kept verbatim: it becomes Document.source and the store's file key
    path: str | None = None
    data: bytes | None = None
    local: Source | None = None  # in-process only (a Source holds a function and does not pickle)
    limits: Limits = DEFAULT_LIMITS

    @classmethod
    def of(cls, src: Source, transport: str) -> "FileSpec":
        """transport: "object" (same process), "path" (same machine) or "bytes"."""
        if transport == "object":
            return cls(src.name, local=src)
        if transport == "path" and src.path is not None:
            return cls(src.name, path=src.path, limits=src.limits)
        try:
            with src.open() as fh:
                return cls(src.name, data=fh.read(src.limits.max_file_bytes + 1), limits=src.limits)
        except OSError:  # the worker reports it: an unreadable file is that file's error only
            return cls(src.name, path=src.path or src.name, limits=src.limits)

    def source(self) -> Source:
        if self.local is not None:
            return self.local
        if self.data is not None:
            return Source.from_bytes(self.name, self.data, limits=self.limits)
        path = Path(self.path)
        return Source(name=self.name, open=lambda: path.open("rb"), size=path.stat().st_size, limits=self.limits,
                      path=self.path)


@dataclass
class FilesTask:
    model: str  # model folder
    files: list[FileSpec]


@dataclass
class FileResult:
    items: list[Union[AnalysedDocument, ReadError]]
    stats: ExtractStats


@dataclass
class TextsTask:
    model: str
    texts: list[str]


Task = Union[FilesTask, TextsTask]


def run_task(task: Task, model=None):
    """THE function every engine maps. `model`: a ToneModel to use in-process; None = load from task.model."""
    tone = model if model is not None else worker_model(task.model)
    with _run_lock:  # spaCy pipelines are not thread-safe: one task at a time per process (dask threads)
        if isinstance(task, TextsTask):
            return tone.predict(task.texts) if task.texts else []
        return analyse_files(task.files, tone)


def distinct(texts: list[str]) -> tuple[list[str], list[int]]:
    """The distinct texts (first-seen order) and, per input text, its index among them."""
    index: dict[str, int] = {}
    inverse = [index.setdefault(t, len(index)) for t in texts]
    return list(index), inverse


def expand(predictions: list[Prediction], inverse: list[int]) -> list[Prediction]:
    """One prediction per input text again; repeats get their own copies (segments must not share dicts)."""
    if len(inverse) == len(predictions):
        return predictions
    out, used = [], [False] * len(predictions)
    for i in inverse:
        p = predictions[i]
        out.append(Prediction(dict(p.scores), list(p.labels), list(p.evidence), list(p.cues)) if used[i] else p)
        used[i] = True
    return out


class Deduplicated:
    """A model proxy that scores each distinct text once: mail repeats greetings, sign-offs and boilerplate
    (~45% of the segments of the Enron sample). Predictions depend only on the text, so nothing changes."""

    def __init__(self, model):
        self.model = model

    def predict(self, texts):
        texts = list(texts)
        uniq, inverse = distinct(texts)
        return expand(self.model.predict(uniq) if uniq else [], inverse)


def analyse_files(files: list[FileSpec], tone) -> list[FileResult]:
    """Read, segment and score files; one FileResult per file, in order. The files' documents are scored
    together (one model batch of up to BATCH_SEGMENTS segments), which is what makes small files cheap."""
    per_file: list[tuple[list, ExtractStats]] = []
    for spec in files:
        stats = ExtractStats()
        try:
            src: Source | ReadError = spec.source()
        except OSError as exc:  # deleted or unreadable since it was listed
            src = os_error_record(spec.name, exc)
        per_file.append((list(extract_source(src, stats)), stats))
    flat = [it for items, _ in per_file for it in items]
    scored = list(score_stream(flat, Deduplicated(tone), BATCH_SEGMENTS))
    assert len(scored) == len(flat)
    out, k = [], 0
    for items, stats in per_file:
        out.append(FileResult(scored[k : k + len(items)], stats))
        k += len(items)
    return out


class Precomputed:
    """A stand-in model for `score_extracted`: returns predictions computed elsewhere (by a worker)."""

    def __init__(self, predictions: list[Prediction]):
        self.predictions = predictions

    def predict(self, texts):
        if len(texts) != len(self.predictions):
            raise RuntimeError(f"worker returned {len(self.predictions)} predictions for {len(texts)} texts")
        return self.predictions


def chunk_texts(items: list[Union[Extracted, ReadError]]) -> list[str]:
    """The texts `score_extracted` will ask the model for, in the same order (repeats included)."""
    return [s.text for it in items if isinstance(it, Extracted) for s in it.segments]


def assemble(items: list[Union[Extracted, ReadError]], predictions: list[Prediction]
             ) -> list[Union[AnalysedDocument, ReadError]]:
    """Put a worker's predictions on the driver's extracted documents (the same code the in-process run uses)."""
    docs = [it for it in items if isinstance(it, Extracted)]
    scored = iter(score_extracted(docs, Precomputed(predictions)))
    return [it if isinstance(it, ReadError) else next(scored) for it in items]


def merge_stats(into: ExtractStats, other: ExtractStats) -> None:
    for f in fields(ExtractStats):
        a, b = getattr(into, f.name), getattr(other, f.name)
        if isinstance(a, set):
            a |= b
        else:
            setattr(into, f.name, a + b)

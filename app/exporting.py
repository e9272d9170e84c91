"""Export of the current filter as CSV / JSON / Parquet bytes, and the HTML report (no Streamlit here)."""
from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Iterable

import pandas as pd

from analyzer import labels as registry

TABLES = ("segments", "risk_clauses", "clause_review", "risk_profile", "messages", "threads", "health")
MIME = {"csv": "text/csv", "json": "application/json", "parquet": "application/vnd.apache.parquet"}


def filter_segments(segs: pd.DataFrame, kinds: Iterable[str] | None = None, labels: Iterable[str] | None = None,
                    min_score: float = 0.0, sources: Iterable[str] | None = None) -> pd.DataFrame:
    """kinds/sources: keep those (None = all). labels: keep segments flagged for any of them, and when min_score > 0
    only those whose score for one of them is >= min_score (labels None = all labels)."""
    f = segs
    if kinds is not None:
        f = f[f["kind"].isin(list(kinds))]
    if sources is not None:
        f = f[f["source"].isin(list(sources))]
    if labels is not None:
        labels = list(labels)
        keep = pd.Series(False, index=f.index)
        for lb in labels:
            hit = f[registry.flag_col(lb)] if min_score <= 0 else f[registry.score_col(lb)] >= min_score
            keep |= hit
        f = f[keep] if labels else f.iloc[0:0]
    elif min_score > 0:
        f = f[f[[registry.score_col(lb) for lb in registry.ids()]].max(axis=1) >= min_score]
    return f.reset_index(drop=True)


def table_of(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """One of TABLES computed from the filtered segment frame (the same aggregates as the CLI and report)."""
    if name == "segments":
        return frame
    from analyzer.aggregate.results import Results

    return getattr(Results(frame), name)


def export_bytes(df: pd.DataFrame, fmt: str) -> bytes:
    """CSV (lists JSON-encoded), JSON (an array of records) or Parquet, via analyzer.store.export_records."""
    from analyzer.store import export_records

    if fmt not in MIME:
        raise ValueError(f"unknown format {fmt!r}")
    with tempfile.TemporaryDirectory(prefix="tone-export-") as tmp:
        path = Path(tmp) / f"export.{'jsonl' if fmt == 'json' else fmt}"
        export_records(df, path)
        data = path.read_bytes()
    if fmt == "json":
        rows = [json.loads(line) for line in data.decode("utf-8").splitlines() if line.strip()]
        data = json.dumps(rows, ensure_ascii=False, indent=1).encode("utf-8")
    return data


def html_report(frame: pd.DataFrame, errors: pd.DataFrame | None = None, title: str = "Tone Analyzer report") -> str:
    """The self-contained HTML report of analyzer.report.html for the filtered segments (imported lazily: the
    report module is optional)."""
    from analyzer.records import ReadError
    from analyzer.report.html import render_html
    from analyzer.aggregate.results import Results

    errs = [] if errors is None else [ReadError(r["source"], r["code"], r["message"], r["severity"])
                                      for r in errors.to_dict("records")]
    return render_html(Results(frame, errs), title=title)

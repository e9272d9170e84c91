"""Write records (dicts or a DataFrame) as JSON Lines, CSV or Parquet, chosen by the file suffix.

JSON Lines keeps lists/dicts as JSON; CSV JSON-encodes list and dict cells; Parquet keeps lists of scalars as
native list columns and JSON-encodes dicts (and any column pyarrow cannot type). Timestamps become ISO 8601 in
JSON/CSV and timestamp columns in Parquet; NaN/NaT/NA become null.
"""
from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Any, Iterable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

FORMATS = (".jsonl", ".csv", ".parquet")


def export_format(path: str | Path) -> str:
    """The export format of `path`, by its suffix; ValueError when it is not one of FORMATS."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"{Path(path).name!r}: the file name must end in {', '.join(FORMATS)}")
    return suffix


def _clean(v: Any) -> Any:
    """A JSON-safe copy of v."""
    if v is None or isinstance(v, (str, bool, int)):
        return v
    if isinstance(v, float):
        return None if math.isnan(v) or math.isinf(v) else v
    if isinstance(v, dict):
        return {str(k): _clean(x) for k, x in v.items()}
    if isinstance(v, (list, tuple, set, frozenset, np.ndarray)):
        items = sorted(v, key=str) if isinstance(v, (set, frozenset)) else list(v)
        return [_clean(x) for x in items]
    if v is pd.NaT or v is pd.NA:
        return None
    if isinstance(v, (pd.Timestamp, dt.datetime, dt.date, dt.time)):
        return v.isoformat()
    if isinstance(v, np.generic):
        return _clean(v.item())
    if isinstance(v, Path):
        return str(v)
    if hasattr(v, "to_dict"):
        return _clean(v.to_dict())
    return str(v)


def _nested(v: Any) -> bool:
    return isinstance(v, (list, tuple, dict, set, frozenset, np.ndarray))


def _encode_col(col: pd.Series) -> pd.Series:
    return pd.Series([json.dumps(_clean(v), ensure_ascii=False) if _nested(v) else v for v in col],
                     index=col.index, dtype=object)


def _to_frame(rows: Iterable[dict] | pd.DataFrame) -> pd.DataFrame:
    return rows if isinstance(rows, pd.DataFrame) else pd.DataFrame.from_records(list(rows))


def _arrow_table(df: pd.DataFrame) -> pa.Table:
    arrays, names = [], []
    for name in df.columns:
        col = df[name]
        arr = None
        if col.dtype == object:
            values = [None if (not _nested(v) and pd.isna(v)) else v for v in col]
            if any(isinstance(v, dict) or (_nested(v) and any(_nested(x) for x in v)) for v in values):
                values = list(_encode_col(col))
            else:
                values = [list(v) if isinstance(v, (np.ndarray, tuple, set, frozenset)) else v for v in values]
            try:
                arr = pa.array(values, from_pandas=True)
            except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
                arr = pa.array([None if v is None else (json.dumps(_clean(v), ensure_ascii=False)
                                                        if _nested(v) else str(v)) for v in values], pa.string())
        else:
            arr = pa.Array.from_pandas(col)
        arrays.append(arr)
        names.append(str(name))
    return pa.Table.from_arrays(arrays, names=names)


def export_records(rows: Iterable[dict] | pd.DataFrame, path: str | Path) -> int:
    """Write rows to `path` (.jsonl, .csv or .parquet); returns the number of rows written."""
    path = Path(path)
    suffix = export_format(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".jsonl":
        records = rows.to_dict(orient="records") if isinstance(rows, pd.DataFrame) else rows
        n = 0
        with path.open("w", encoding="utf-8") as fh:
            for rec in records:
                fh.write(json.dumps(_clean(rec), ensure_ascii=False))
                fh.write("\n")
                n += 1
        return n
    df = _to_frame(rows)
    if suffix == ".csv":
        out = df.copy()
        for name in out.columns:
            if out[name].dtype == object:
                out[name] = _encode_col(out[name])
        out.to_csv(path, index=False)
        return len(df)
    pq.write_table(_arrow_table(df), path)
    return len(df)


def export_store(store, path: str | Path, table: str = "segments", **kwargs) -> int:
    """Export one table of a Store ("segments", "documents", "findings", "errors", "runs", "files")."""
    frames = {"segments": store.segments_frame, "documents": store.documents_frame, "findings": store.findings_frame,
              "errors": store.errors_frame, "runs": store.runs_frame, "files": store.files_frame}
    if table not in frames:
        raise ValueError(f"unknown table {table!r}; use one of {', '.join(frames)}")
    return export_records(frames[table](**kwargs), path)


MIN_FREE_MB = 50  # refuse to start a run whose output disk is nearly full


def check_writable(path: str | Path, min_free_mb: int = MIN_FREE_MB) -> None:
    """Fail before any work if `path` cannot be written: its folder cannot be made or written to, or the disk is
    (nearly) full. Raises OutputError with a one-line message."""
    import os
    import shutil
    import tempfile

    from .errors import OutputError
    from .factory import is_url

    if is_url(path):
        return  # a database server: opening the store checks it
    path = Path(path)
    if path.is_dir():
        raise OutputError(f"cannot write {path}: it is a folder")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".tone-analyzer-check-"):
            pass
        if path.exists() and not os.access(path, os.W_OK):
            raise PermissionError(13, "Permission denied")
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    free = shutil.disk_usage(path.parent).free // (1024 * 1024)
    if free < min_free_mb:
        raise OutputError(f"cannot write {path}: only {free} MB free on its disk (at least {min_free_mb} MB needed)")


# Arrow types for columns whose first batch may be all-null (so every later batch can be cast to one schema).
# (date and page as the segment table has them: aggregate/frame.py, so a streamed file equals a store's export)
_STREAM_TYPES = {"date": pa.timestamp("us", tz="UTC"), "page": pa.int64(), "recipients": pa.list_(pa.string()),
                 "cues": pa.list_(pa.string()), "labels": pa.list_(pa.string()),
                 "heading_path": pa.list_(pa.string()), "qualifiers": pa.list_(pa.string()),
                 "mirror_idx": pa.int64()}


class RecordWriter:
    """Append batches of records (DataFrames) to a .jsonl, .csv or .parquet file as they are produced, so a late
    failure loses nothing already analysed. Same encoding as `export_records`."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.suffix = export_format(self.path)
        self.rows = 0
        self._fh = None if self.suffix == ".parquet" else self.path.open("w", encoding="utf-8", newline="")
        self._parquet: pq.ParquetWriter | None = None
        self._columns: list[str] | None = None

    def write(self, df: pd.DataFrame) -> None:
        try:
            self._write(df)
        except OSError as exc:
            raise self._error(exc) from None

    def _error(self, exc: OSError):
        from .errors import OutputError

        return OutputError(f"cannot write {self.path}: {exc.strerror or exc} ({self.rows:,} records were written "
                           "before this)")

    def _write(self, df: pd.DataFrame) -> None:
        if self._columns is None:
            self._columns = list(df.columns)
        df = df.reindex(columns=self._columns)
        if self.suffix == ".jsonl":
            for rec in df.to_dict(orient="records"):
                self._fh.write(json.dumps(_clean(rec), ensure_ascii=False))
                self._fh.write("\n")
        elif self.suffix == ".csv":
            out = df.copy()
            for name in out.columns:
                if out[name].dtype == object:
                    out[name] = _encode_col(out[name])
            out.to_csv(self._fh, index=False, header=self.rows == 0)
        elif len(df) or self._parquet is None:
            table = _arrow_table(df)
            if self._parquet is None:
                schema = pa.schema([pa.field(f.name, _STREAM_TYPES.get(f.name, pa.string()))
                                    if pa.types.is_null(f.type) or f.name in _STREAM_TYPES else f
                                    for f in table.schema])
                self._parquet = pq.ParquetWriter(self.path, schema)
            self._parquet.write_table(table.cast(self._parquet.schema))
        self.rows += len(df)
        if self._fh is not None:
            self._fh.flush()

    def close(self) -> None:
        try:
            if self._fh is not None:
                self._fh.close()
            if self._parquet is not None:
                self._parquet.close()
        except OSError as exc:
            raise self._error(exc) from None

    def __enter__(self) -> "RecordWriter":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

"""Embedded DuckDB results store and record exports (optional extra: `pip install tone-analyzer[store]`)."""
from .duckdb_store import Store
from .errors import OutputError, StoreBusy, StoreError
from .export import RecordWriter, check_writable, export_records, export_store

__all__ = ["Store", "StoreBusy", "StoreError", "OutputError", "RecordWriter", "check_writable", "export_records",
           "export_store"]

"""Embedded DuckDB results store and record exports (optional extra: `pip install tone-analyzer[store]`)."""
from .duckdb_store import Store
from .lock import StoreBusy, StoreError
from .export import export_records, export_store

__all__ = ["Store", "StoreBusy", "StoreError", "export_records", "export_store"]

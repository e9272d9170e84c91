"""Results store (DuckDB file or PostgreSQL server, one interface) and record exports
(optional extra: `pip install tone-analyzer[store]`). Open a store with `open_store(url_or_path)`."""
from .duckdb_store import DuckDBStore, Store
from .errors import OutputError, StoreBusy, StoreError
from .export import RecordWriter, check_writable, export_records, export_store
from .factory import describe, is_url, open_store
from .protocol import ResultStore

__all__ = ["ResultStore", "open_store", "is_url", "describe", "DuckDBStore", "Store", "StoreBusy", "StoreError",
           "OutputError", "RecordWriter", "check_writable", "export_records", "export_store"]

"""open_store(): the backend is chosen by what `--db` names: a postgresql:// URL or a DuckDB file path."""
from __future__ import annotations

from pathlib import Path

from .protocol import ResultStore

_SCHEMES = ("postgresql://", "postgres://")


def is_url(target: str | Path | None) -> bool:
    """True for a PostgreSQL URL. (A URL that went through pathlib lost a slash: "postgresql:/u@h/db".)"""
    return target is not None and str(target).lower().startswith(("postgresql:/", "postgres:/"))


def normalise_url(target: str | Path) -> str:
    text = str(target)
    scheme, _, rest = text.partition(":")
    return f"{scheme}://{rest.lstrip('/')}" if not rest.startswith("//") else text


def open_store(url_or_path: str | Path, read_only: bool = False, **kw) -> ResultStore:
    """A store for `url_or_path`: PostgreSQL for postgresql:// (or postgres://) URLs, else a DuckDB file (or
    ":memory:"). Keyword arguments go to the backend (batch_docs, flush_seconds)."""
    if is_url(url_or_path):
        try:
            from .postgres_store import PostgresStore
        except ImportError as exc:
            from .errors import StoreError

            raise StoreError(f"PostgreSQL stores need psycopg ({exc}); pip install 'tone-analyzer[store]'") from None
        return PostgresStore(normalise_url(url_or_path), read_only=read_only, **kw)
    from .duckdb_store import DuckDBStore

    return DuckDBStore(url_or_path, read_only=read_only, **kw)


def describe(url_or_path: str | Path) -> str:
    """The store's name for messages and logs: a URL without its password."""
    if not is_url(url_or_path):
        return str(url_or_path)
    from .pg_connect import redact

    return redact(normalise_url(url_or_path))

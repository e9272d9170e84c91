"""Connecting to PostgreSQL, and its failures as one-line StoreErrors that never show the password."""
from __future__ import annotations

import re

import psycopg
from psycopg.types.string import TextLoader

from .errors import StoreError

CONNECT_TIMEOUT_S = 10


def redact(url: str) -> str:
    """postgresql://user:secret@host/db -> postgresql://user:***@host/db (also a password=... parameter)."""
    url = re.sub(r"(://[^:/@?#]*):[^@/?#]*@", r"\1:***@", url)
    return re.sub(r"(?i)(password=)[^&\s]*", r"\1***", url)


def _password(url: str) -> str | None:
    try:
        return psycopg.conninfo.conninfo_to_dict(url).get("password") or None
    except psycopg.ProgrammingError:
        return None


def connect(url: str, read_only: bool = False) -> psycopg.Connection:
    """An autocommit connection (transactions are explicit) in UTC, JSONB read back as text like DuckDB's JSON."""
    try:
        con = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S,
                              application_name="tone-analyzer" + (" (read)" if read_only else ""))
    except psycopg.Error as exc:
        raise pg_error(url, exc) from None
    con.execute("SET TIME ZONE 'UTC'")
    con.adapters.register_loader("jsonb", TextLoader)
    con.adapters.register_loader("json", TextLoader)
    return con


def pg_error(url: str, exc: BaseException) -> StoreError:
    """A StoreError naming the store (password hidden) and saying what to do."""
    name = redact(url)
    state = getattr(exc, "sqlstate", None) or ""
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    secret = _password(url)
    if secret:
        first = first.replace(secret, "***")
    low = str(exc).lower()
    if isinstance(exc, psycopg.ProgrammingError) and "invalid" in low and ("dsn" in low or "uri" in low):
        return StoreError(f"{name} is not a valid PostgreSQL URL (postgresql://user@host:port/dbname)")
    if state in ("28P01", "28000") or "authentication failed" in low or "no password supplied" in low:
        return StoreError(f"PostgreSQL refused the login to {name}: {first[:200]} (check the user and password; "
                          "a password can come from ~/.pgpass or PGPASSWORD)")
    if state == "3D000" or ("database" in low and "does not exist" in low):
        return StoreError(f"the database of {name} does not exist on that server (create it: createdb, or ask "
                          "the database's administrator)")
    if state.startswith("53") or "no space left" in low:
        return StoreError(f"the PostgreSQL server of {name} is out of resources ({first[:160]}); results written "
                          "so far are kept (fix it and run again: finished files are skipped)")
    if state == "42501":
        return StoreError(f"PostgreSQL user lacks a permission on {name}: {first[:200]}")
    if isinstance(exc, psycopg.OperationalError):
        return StoreError(f"cannot connect to the PostgreSQL store {name}: {first[:240]}")
    return StoreError(f"the PostgreSQL store {name} could not be used: {first[:300]}")

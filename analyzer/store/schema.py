"""The results store's tables, described once and rendered as DDL per backend.

Columns carry a logical type ("text", "int", ...); each backend has its own type names (TYPES below: DuckDB LIST
and JSON, PostgreSQL arrays and JSONB) and that map is the only place their DDL differs. Score columns follow
the label registry (read when called); new labels are added to existing stores on open. The column names are also the row layouts of rows.py.
"""
from __future__ import annotations

from .. import labels as registry

SCHEMA_VERSION = 2  # 2: documents, segments and findings keyed by (file, doc_id): no row shared by two files

TYPES: dict[str, dict[str, str]] = {
    "duckdb": {"text": "VARCHAR", "int": "INTEGER", "bigint": "BIGINT", "double": "DOUBLE", "json": "JSON",
               "text[]": "VARCHAR[]", "timestamptz": "TIMESTAMPTZ"},
    # COLLATE "C": sort and compare by code point, as DuckDB does, so both backends return rows in one order
    "postgresql": {"text": 'TEXT COLLATE "C"', "int": "INTEGER", "bigint": "BIGINT", "double": "DOUBLE PRECISION",
                   "json": "JSONB", "text[]": 'TEXT[] COLLATE "C"', "timestamptz": "TIMESTAMPTZ"},
}


score_col = registry.score_col


def _cols(spec: str) -> list[tuple[str, str]]:
    """'name type, name type' -> [(name, type)]; a trailing ! means NOT NULL."""
    return [tuple(part.split()) for part in spec.split(",")]  # type: ignore[misc]


def columns(labels: tuple[str, ...] | None = None) -> dict[str, list[tuple[str, str]]]:
    """Table -> [(column, logical type)], in row order (rows.py builds rows in exactly this order)."""
    labels = registry.ids() if labels is None else labels
    return {
        "runs": _cols("run_id text!, started_at timestamptz, finished_at timestamptz, model_name text, "
                      "model_version text, paths json, params json, status text, stats json"),
        # History: one row per begin_file; the row with the highest seq is a file's current state.
        "files": _cols("file text!, sha256 text, run_id text, model_version text, status text, "
                       "started_at timestamptz, finished_at timestamptz"),
        "documents": _cols("doc_id text!, file text!, source text, kind text, text text, metadata json, "
                           "warnings json, pages int, message_id text, thread_id text, sender text, recipients json, "
                           "date timestamptz, subject text, n_segments int, run_id text"),
        "segments": _cols("file text!, doc_id text!, idx int!, text text, start int, end int, kind text, "
                          "source text, page int, clause text, heading_path text[], message_id text, "
                          "thread_id text, sender text, recipients text[], date timestamptz, subject text, "
                          "labels text[], cues text[], context json") + [(score_col(lb), "double") for lb in labels],
        "findings": _cols("file text!, doc_id text!, idx int!, label text, cue text, start int, end int, "
                          "score double"),
        "errors": _cols("run_id text, file text, source text, code text, message text, severity text, "
                        "at timestamptz"),
        # Reviewers' label corrections: who said what about which text, and when (append-only history).
        "corrections": _cols("file text, doc_id text, idx int, text text!, kind text, labels text[], "
                             "user_name text!, created_at timestamptz!, note text"),
    }


KEYS = {"runs": ("run_id",), "documents": ("file", "doc_id"), "segments": ("file", "doc_id", "idx")}
SERIAL = {"files": "seq", "corrections": "correction_id"}  # a BIGINT from a sequence, first column
_RESERVED = {"end", "at"}


def quote(name: str) -> str:
    return f'"{name}"' if name in _RESERVED else name


def ddl(backend: str = "duckdb", labels: tuple[str, ...] | None = None) -> list[str]:
    types = TYPES[backend]
    out = ["CREATE TABLE IF NOT EXISTS meta (key {0} PRIMARY KEY, value {0})".format(types["text"])]
    for table, cols in columns(labels).items():
        lines = []
        if table in SERIAL:
            out.append(f"CREATE SEQUENCE IF NOT EXISTS {table}_seq")
            lines.append(f"{SERIAL[table]} BIGINT DEFAULT nextval('{table}_seq')")
        for name, typ in cols:
            lines.append(f"{quote(name)} {types[typ.rstrip('!')]}{' NOT NULL' if typ.endswith('!') else ''}")
        if table in KEYS:
            lines.append(f"PRIMARY KEY ({', '.join(KEYS[table])})")
        out.append(f"CREATE TABLE IF NOT EXISTS {table} (\n    " + ",\n    ".join(lines) + ")")
    return out + [
        "CREATE INDEX IF NOT EXISTS files_file ON files (file)",
        "CREATE INDEX IF NOT EXISTS documents_file ON documents (file)",
        "CREATE INDEX IF NOT EXISTS findings_doc ON findings (file, doc_id)",
    ]


def add_label_columns(backend: str = "duckdb", labels: tuple[str, ...] | None = None) -> list[str]:
    labels = registry.ids() if labels is None else labels
    types = TYPES[backend]
    return [f"ALTER TABLE segments ADD COLUMN IF NOT EXISTS {score_col(lb)} {types['double']}" for lb in labels] + [
        f"ALTER TABLE segments ADD COLUMN IF NOT EXISTS cues {types['text[]']}",
        f"ALTER TABLE segments ADD COLUMN IF NOT EXISTS context {types['json']}"]


def migrate_v1(con) -> None:
    """(DuckDB) Schema 1 keyed documents by doc_id alone, so two files with identical bytes shared one row (and
    editing one deleted the other's). Rebuild the three tables keyed by (file, doc_id); segments and findings take
    the file of their document. (Copied through temporary tables: DuckDB 2.0 mis-binds tables renamed in a
    transaction.)"""
    con.execute("CREATE TEMP TABLE documents_v1 AS SELECT * FROM documents")
    con.execute("CREATE TEMP TABLE segments_v1 AS SELECT d.file, s.* FROM segments s JOIN documents d USING (doc_id)")
    con.execute("CREATE TEMP TABLE findings_v1 AS SELECT d.file, f.* FROM findings f JOIN documents d USING (doc_id)")
    for index in ("documents_file", "findings_doc"):
        con.execute(f"DROP INDEX IF EXISTS {index}")
    for table in ("findings", "segments", "documents"):
        con.execute(f"DROP TABLE {table}")
    for stmt in ddl():
        con.execute(stmt)
    for table in ("documents", "segments", "findings"):
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {table}_v1 WHERE file IS NOT NULL")
        con.execute(f"DROP TABLE {table}_v1")

"""DDL of the results store. Score columns follow the label registry; new labels are added to existing stores on
open."""
from __future__ import annotations

from .. import labels as registry

SCHEMA_VERSION = 2  # 2: documents, segments and findings keyed by (file, doc_id): no row shared by two files


score_col = registry.score_col


def ddl(labels: tuple[str, ...] | None = None) -> list[str]:
    labels = registry.ids() if labels is None else labels
    scores = "".join(f",\n    {score_col(lb)} DOUBLE" for lb in labels)
    return [
        "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
        """CREATE TABLE IF NOT EXISTS runs (
    run_id VARCHAR PRIMARY KEY,
    started_at TIMESTAMPTZ,
    finished_at TIMESTAMPTZ,
    model_name VARCHAR,
    model_version VARCHAR,
    paths JSON,
    params JSON,
    status VARCHAR,
    stats JSON)""",
        "CREATE SEQUENCE IF NOT EXISTS files_seq",
        # History: one row per begin_file; the row with the highest seq is a file's current state.
        """CREATE TABLE IF NOT EXISTS files (
    seq BIGINT DEFAULT nextval('files_seq'),
    file VARCHAR NOT NULL,
    sha256 VARCHAR,
    run_id VARCHAR,
    model_version VARCHAR,
    status VARCHAR,
    started_at TIMESTAMPTZ,
    finished_at TIMESTAMPTZ)""",
        """CREATE TABLE IF NOT EXISTS documents (
    doc_id VARCHAR NOT NULL,
    file VARCHAR NOT NULL,
    source VARCHAR,
    kind VARCHAR,
    text VARCHAR,
    metadata JSON,
    warnings JSON,
    pages INTEGER,
    message_id VARCHAR,
    thread_id VARCHAR,
    sender VARCHAR,
    recipients JSON,
    date TIMESTAMPTZ,
    subject VARCHAR,
    n_segments INTEGER,
    run_id VARCHAR,
    PRIMARY KEY (file, doc_id))""",
        f"""CREATE TABLE IF NOT EXISTS segments (
    file VARCHAR NOT NULL,
    doc_id VARCHAR NOT NULL,
    idx INTEGER NOT NULL,
    text VARCHAR,
    start INTEGER,
    "end" INTEGER,
    kind VARCHAR,
    source VARCHAR,
    page INTEGER,
    clause VARCHAR,
    heading_path VARCHAR[],
    message_id VARCHAR,
    thread_id VARCHAR,
    sender VARCHAR,
    recipients VARCHAR[],
    date TIMESTAMPTZ,
    subject VARCHAR{scores},
    labels VARCHAR[],
    cues VARCHAR[],
    PRIMARY KEY (file, doc_id, idx))""",
        """CREATE TABLE IF NOT EXISTS findings (
    file VARCHAR NOT NULL,
    doc_id VARCHAR NOT NULL,
    idx INTEGER NOT NULL,
    label VARCHAR,
    cue VARCHAR,
    start INTEGER,
    "end" INTEGER,
    score DOUBLE)""",
        """CREATE TABLE IF NOT EXISTS errors (
    run_id VARCHAR,
    file VARCHAR,
    source VARCHAR,
    code VARCHAR,
    message VARCHAR,
    severity VARCHAR,
    "at" TIMESTAMPTZ)""",
        "CREATE INDEX IF NOT EXISTS files_file ON files (file)",
        "CREATE INDEX IF NOT EXISTS documents_file ON documents (file)",
        "CREATE INDEX IF NOT EXISTS findings_doc ON findings (file, doc_id)",
    ]


def add_label_columns(labels: tuple[str, ...] | None = None) -> list[str]:
    labels = registry.ids() if labels is None else labels
    return [f"ALTER TABLE segments ADD COLUMN IF NOT EXISTS {score_col(lb)} DOUBLE" for lb in labels] + [
        "ALTER TABLE segments ADD COLUMN IF NOT EXISTS cues VARCHAR[]"]


def migrate_v1(con) -> None:
    """Schema 1 keyed documents by doc_id alone, so two files with identical bytes shared one row (and editing one
    deleted the other's). Rebuild the three tables keyed by (file, doc_id); segments and findings take the file of
    their document. (Copied through temporary tables: DuckDB 2.0 mis-binds tables renamed in a transaction.)"""
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

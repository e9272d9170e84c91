"""The results store (every test marked `target` runs on DuckDB and on PostgreSQL) and exports, with hand-built
AnalysedDocuments (no model needed). PostgreSQL: $TONE_TEST_POSTGRES_URL or a throwaway cluster (test_store_server)."""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import require

pd = require("pandas", "store")
require("duckdb", "store")
require("pyarrow", "store")

from analyzer.records import (LABELS, AnalysedDocument, Document, EmailMeta, Evidence, ReadError,  # noqa: E402
                              ScoredSegment, Segment)
from analyzer.store import DuckDBStore, export_records, open_store  # noqa: E402
from analyzer.aggregate.frame import SEGMENT_COLUMNS  # noqa: E402
from analyzer.store.export import export_store  # noqa: E402
from test_store_server import pg_server, pg_url  # noqa: E402,F401 - fixtures

SENTENCES = ["You failed to deliver on time.", "We will work together on a fix.", "Supplier bears all risk.",
             "As per section 4.2 we did everything."]


def email_doc(i: int, n: int = 4, source: str = "box.mbox", date: str | None = "2001-05-14T16:39:00-07:00",
              tag: str = "") -> AnalysedDocument:
    parts = [SENTENCES[j % len(SENTENCES)] + tag for j in range(n)]
    text = " ".join(parts)
    em = EmailMeta(message_id=f"<m{i}@x>", sender="a@x.com", recipients=["b@x.com", "c@x.com"], date=date,
                   subject=f"subject {i}", thread_id="t1", position=i)
    doc = Document(id=f"doc{i:06d}", source=f"{source}#{i}", kind="email", text=text, email=em,
                   metadata={"folder": "inbox", "n": i}, warnings=["w1"] if i == 0 else [])
    segs, pos = [], 0
    for j, t in enumerate(parts):
        start = text.index(t, pos)
        pos = start + len(t)
        seg = Segment(doc.id, j, t, start, pos, "email", doc.source, message_id=em.message_id,
                      thread_id=em.thread_id, sender=em.sender, recipients=list(em.recipients), date=date,
                      subject=em.subject)
        scores = {lb: (0.9 if k == j % len(LABELS) else 0.1) for k, lb in enumerate(LABELS)}
        labels = [LABELS[j % len(LABELS)]]
        ev = [Evidence(labels[0], f"cue{j % len(LABELS)}", start, start + 3)] if j % 2 == 0 else []
        segs.append(ScoredSegment(seg, scores, labels, ev))
    return AnalysedDocument(doc, segs, file_sha256="sha-box")


def contract_doc(doc_id: str = "contract1", source: str = "c.pdf") -> AnalysedDocument:
    text = "12 Liability. The Supplier shall bear all risk. 12.3 The Customer is not liable."
    doc = Document(id=doc_id, source=source, kind="contract", text=text, metadata={"pages": 2},
                   page_starts=[0, 40])
    s1 = Segment(doc_id, 0, "The Supplier shall bear all risk.", 14, 47, "contract", source, page=1, clause="12",
                 heading_path=["12 Liability"])
    s2 = Segment(doc_id, 1, "The Customer is not liable.", 53, 80, "contract", source, page=2, clause="12.3",
                 heading_path=["12 Liability", "12.3"])
    sc = {lb: 0.2 for lb in LABELS}
    return AnalysedDocument(doc, [
        ScoredSegment(s1, {**sc, "risk_pushing": 0.95}, ["risk_pushing"],
                      [Evidence("risk_pushing", "bear all risk", 33, 46), Evidence("risk_pushing", "shall", 27, 32)]),
        ScoredSegment(s2, sc, [], [])])


@pytest.fixture(params=["duckdb", "postgresql"])
def target(request, tmp_path) -> str:
    """Where a store lives: a DuckDB file, or a fresh PostgreSQL database."""
    if request.param == "duckdb":
        return str(tmp_path / "r.duckdb")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def store(target):
    with open_store(target) as s:
        yield s


def wait_for_other_sessions(target: str, timeout: float = 10.0) -> None:
    """PostgreSQL: a killed client's server session ends a moment after the client; wait for it."""
    if target.startswith("postgresql"):
        import psycopg

        deadline = time.monotonic() + timeout
        with psycopg.connect(target, autocommit=True) as con:
            while con.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                              "AND pid <> pg_backend_pid()").fetchone()[0] and time.monotonic() < deadline:
                time.sleep(0.05)


def write_file(store, run: str, file: str, sha: str, ads: list[AnalysedDocument], mv: str = "v1",
               status: str = "ok") -> None:
    store.begin_file(run, file, sha, mv)
    for ad in ads:
        store.write_document(run, ad, file)
    store.end_file(run, file, status)


def test_schema_and_runs(store):
    from analyzer.store import ResultStore

    assert isinstance(store, ResultStore)  # every method the runner, report and app use
    run = store.start_run("tfidf", "v1", ["a", "b"], {"threshold": 0.5})
    assert len(run) == 32
    store.finish_run(run, {"documents": 3})
    runs = store.runs_frame()
    assert runs.loc[0, "status"] == "completed" and runs.loc[0, "stats"] == {"documents": 3}
    assert runs.loc[0, "paths"] == ["a", "b"] and runs.loc[0, "params"] == {"threshold": 0.5}
    assert str(runs["started_at"].dt.tz) == "UTC"


def test_rewrite_is_idempotent(store):
    run = store.start_run("m", "v1", ["box.mbox"], {})
    ads = [email_doc(i) for i in range(5)] + [contract_doc()]
    write_file(store, run, "box.mbox", "sha1", ads[:5])
    write_file(store, run, "c.pdf", "shac", ads[5:])
    before = store.counts()
    assert before["documents"] == 6 and before["segments"] == 22 and before["findings"] == 12
    run2 = store.start_run("m", "v1", ["box.mbox"], {})
    write_file(store, run2, "box.mbox", "sha1", [email_doc(i, tag="!") for i in range(5)])
    store.write_documents(run2, [contract_doc(), contract_doc()], "c.pdf")  # same doc twice in one batch
    after = store.counts()
    assert {k: after[k] for k in ("documents", "segments", "findings")} == \
        {k: before[k] for k in ("documents", "segments", "findings")}
    assert store.document_text("doc000001").endswith("!")
    assert set(store.documents_frame()["run_id"]) == {run2}


def test_changed_file_drops_stale_documents(store):
    run = store.start_run("m", "v1", [], {})
    write_file(store, run, "box.mbox", "sha1", [email_doc(i) for i in range(3)])
    run2 = store.start_run("m", "v1", [], {})
    write_file(store, run2, "box.mbox", "sha2", [email_doc(i) for i in range(10, 12)])  # other doc ids
    assert sorted(store.documents_frame()["doc_id"]) == ["doc000010", "doc000011"]
    assert set(store.segments_frame()["doc_id"]) == {"doc000010", "doc000011"}
    assert set(store.findings_frame()["doc_id"]) == {"doc000010", "doc000011"}


def test_incremental_logic(store):
    assert store.needs_analysis("box.mbox", "sha1", "v1")
    assert store.file_status("box.mbox") is None
    run = store.start_run("m", "v1", [], {})
    write_file(store, run, "box.mbox", "sha1", [email_doc(0)])
    write_file(store, run, "bad.pdf", "shab", [], status="error")
    assert store.file_status("box.mbox") == ("sha1", "v1", "ok")
    assert not store.needs_analysis("box.mbox", "sha1", "v1")
    assert store.needs_analysis("box.mbox", "sha2", "v1")  # changed bytes
    assert store.needs_analysis("box.mbox", "sha1", "v2")  # new model version
    assert store.needs_analysis("bad.pdf", "shab", "v1")  # failed before
    assert store.needs_analysis("new.pdf", "x", "v1")
    assert store.failed_files() == ["bad.pdf"]
    run2 = store.start_run("m", "v1", [], {})
    write_file(store, run2, "bad.pdf", "shab", [contract_doc(source="bad.pdf")])
    assert store.failed_files() == [] and not store.needs_analysis("bad.pdf", "shab", "v1")
    write_file(store, run2, "box.mbox", "sha1", [email_doc(0)], status="error")  # latest status wins
    assert store.failed_files() == ["box.mbox"]
    assert store.file_status("box.mbox") == ("sha1", "v1", "error")
    with pytest.raises(ValueError):
        store.end_file(run2, "never-begun.txt")


def test_killed_run_leaves_file_not_done_and_is_marked_interrupted(target):
    path = target
    with open_store(path) as s:
        write_file(s, s.start_run("m", "v1", [], {}), "box.mbox", "sha1", [email_doc(0)])
    # a second run is killed (-9) mid-file: one batch of its documents written, the file never ended
    script = f"""
import os, sys
sys.path.insert(0, {str(Path(__file__).parent)!r})
from test_store import email_doc
from analyzer.store import open_store
s = open_store({str(path)!r})
run = s.start_run("m", "v1", [], {{}})
s.begin_file(run, "box.mbox", "sha1", "v1")
s.write_documents(run, [email_doc(1), email_doc(2)], "box.mbox")
s.write_document(run, email_doc(3), "box.mbox")  # queued, never flushed: lost with the kill
print(run, flush=True)
os.kill(os.getpid(), 9)
"""
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert proc.returncode == -9, proc.stderr
    killed = proc.stdout.strip()
    wait_for_other_sessions(path)
    with open_store(path) as s2:  # the writer's lock went with the process
        assert s2.needs_analysis("box.mbox", "sha1", "v1")
        assert s2.incomplete_files() == ["box.mbox"] and s2.failed_files() == []
        assert s2.file_status("box.mbox") == ("sha1", "v1", "ok")  # last *finished* analysis
        docs = s2.documents_frame()
        assert sorted(docs["doc_id"]) == ["doc000000", "doc000001", "doc000002"]
        segs = s2.segments_frame()
        assert (segs.groupby("doc_id").size() == docs.set_index("doc_id")["n_segments"]).all()
        assert s2.runs_frame().set_index("run_id").loc[killed, "status"] == "interrupted"


@pytest.mark.parametrize("batch_docs", [1, 500])
def test_crash_mid_write_rolls_back(target, monkeypatch, batch_docs):
    s = open_store(target, batch_docs=batch_docs)
    run = s.start_run("m", "v1", [], {})
    s.write_documents(run, [email_doc(0)], "box.mbox")
    before = s.counts()

    def boom(self, con, finds):
        raise RuntimeError("killed after the segments insert")
    monkeypatch.setattr(type(s), "_insert_findings", boom)
    with pytest.raises(RuntimeError):
        s.write_document(run, email_doc(0, tag="?"), "box.mbox")  # replaces doc 0
        s.write_document(run, email_doc(1), "box.mbox")  # new
        s.flush()
    monkeypatch.undo()
    assert s.counts() == before
    assert not s.document_text("doc000000").endswith("?")
    assert s.document_text("doc000001") is None
    s.write_document(run, email_doc(1), "box.mbox")  # the connection is usable afterwards
    assert s.counts()["documents"] == 2
    s.close()


def test_errors_and_clearing(store):
    run = store.start_run("m", "v1", [], {})
    store.begin_file(run, "bad.pdf", "sha1", "v1")
    store.write_error(run, ReadError("bad.pdf", "corrupt", "no xref table"))
    store.end_file(run, "bad.pdf", "error")
    store.begin_file(run, "a.zip", "shaz", "v1")
    store.write_error(run, ReadError("a.zip!x/y.docx", "encrypted", "password", "error"))
    store.end_file(run, "a.zip", "error")
    store.write_error(run, ReadError("other.txt", "empty", "empty file", "warning"))
    errs = store.errors_frame()
    assert len(errs) == 3 and set(errs["code"]) == {"corrupt", "encrypted", "empty"}
    assert set(errs.columns) >= {"run_id", "source", "code", "message", "severity", "at"}
    assert str(errs["at"].dt.tz) == "UTC"
    run2 = store.start_run("m", "v1", [], {})
    store.begin_file(run2, "bad.pdf", "sha2", "v1")
    store.write_error(run2, ReadError("bad.pdf", "no_text_layer", "page 3", "warning"))  # this run's: kept
    store.write_document(run2, contract_doc(source="bad.pdf"), "bad.pdf")
    store.end_file(run2, "bad.pdf", "ok")
    write_file(store, run2, "a.zip", "shaz", [contract_doc("z1", "a.zip!x/y.docx")])
    errs = store.errors_frame()
    assert sorted(errs["code"]) == ["empty", "no_text_layer"]
    assert store.failed_files() == []


def test_segments_frame_columns_and_dtypes(store):
    run = store.start_run("m", "v1", [], {})
    store.write_documents(run, [email_doc(0), email_doc(1, date=None), email_doc(2, date="garbage")], "box.mbox")
    store.write_documents(run, [contract_doc()], "c.pdf")
    df = store.segments_frame()
    assert list(df.columns) == SEGMENT_COLUMNS
    assert len(df) == 14
    for col in ("idx", "start", "end"):
        assert df[col].dtype == "int64"
    assert str(df["page"].dtype) == "Int64"
    assert isinstance(df["date"].dtype, pd.DatetimeTZDtype) and str(df["date"].dt.tz) == "UTC"
    for lb in LABELS:
        assert df[f"score_{lb}"].dtype == "float64" and df[f"is_{lb}"].dtype == bool
    email = df[df["doc_id"] == "doc000000"].iloc[0]
    assert email["date"] == pd.Timestamp("2001-05-14 23:39:00", tz="UTC")
    assert email["recipients"] == ["b@x.com", "c@x.com"] and email["cues"] == ["cue0"]
    assert email["is_risk_pushing"] and not email["is_blame"]
    assert pd.isna(email["page"]) and pd.isna(email["heading"]) and email["heading_path"] == []
    assert df[df["doc_id"] == "doc000001"]["date"].isna().all()
    assert df[df["doc_id"] == "doc000002"]["date"].isna().all()
    c = df[df["doc_id"] == "contract1"].set_index("idx")
    assert c.loc[0, "heading"] == "12 Liability" and c.loc[1, "heading"] == "12 Liability > 12.3"
    assert c.loc[0, "cues"] == ["bear all risk", "shall"] and c.loc[1, "cues"] == []
    assert c.loc[1, "page"] == 2 and c.loc[0, "clause"] == "12"
    assert len(store.segments_frame(kinds=["contract"])) == 2
    assert len(store.segments_frame(kinds=["email"])) == 12
    f = store.findings_frame("contract1")
    assert list(f.columns) == ["label", "cue", "start", "end", "doc_id", "idx", "score"]
    assert f["score"].tolist() == [0.95, 0.95]
    docs = store.documents_frame().set_index("doc_id")
    assert docs.loc["contract1", "pages"] == 2 and docs.loc["contract1", "metadata"] == {"pages": 2}
    assert docs.loc["doc000000", "warnings"] == ["w1"] and docs.loc["doc000000", "recipients"] == ["b@x.com", "c@x.com"]
    assert docs.loc["doc000000", "date"] == pd.Timestamp("2001-05-14 23:39:00", tz="UTC")
    text = store.document_text("contract1")
    for _, row in c.iterrows():
        assert text[row["start"]:row["end"]] == row["text"]


def test_read_only(target):
    with open_store(target) as s:
        s.write_document(s.start_run("m", "v1", [], {}), contract_doc(), "c.pdf")  # flushed by close()
    with open_store(target, read_only=True) as ro:
        assert len(ro.segments_frame()) == 2
        from analyzer.store import StoreError
        with pytest.raises(StoreError, match="read-only"):
            ro.add_correction("x", ["blame"], "alice")


def test_memory_store():
    with open_store(":memory:") as mem:
        assert isinstance(mem, DuckDBStore) and mem.segments_frame().empty


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
def test_export_round_trip(store, tmp_path, suffix):
    run = store.start_run("m", "v1", [], {})
    store.write_documents(run, [email_doc(0), email_doc(1, date=None), contract_doc()])
    df = store.segments_frame()
    path = tmp_path / f"out{suffix}"
    assert export_store(store, path) == len(df)
    if suffix == ".jsonl":
        back = pd.DataFrame([json.loads(line) for line in path.read_text().splitlines()])
    elif suffix == ".csv":
        back = pd.read_csv(path)
        for col in ("recipients", "cues", "heading_path"):
            back[col] = back[col].map(json.loads)
    else:
        back = pd.read_parquet(path)
        for col in ("recipients", "cues", "heading_path"):
            back[col] = back[col].map(list)
    assert list(back.columns) == list(df.columns)
    for col in ("doc_id", "idx", "text", "start", "end", "recipients", "cues", "heading_path",
                *(f"score_{lb}" for lb in LABELS), *(f"is_{lb}" for lb in LABELS)):
        assert back[col].tolist() == df[col].tolist(), col
    assert pd.to_datetime(back["date"], utc=True, format="ISO8601").tolist() == df["date"].tolist()
    assert [None if pd.isna(v) else int(v) for v in back["page"]] == \
        [None if pd.isna(v) else int(v) for v in df["page"]]


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
def test_export_records_from_dicts(tmp_path, suffix):
    rows = [{"a": 1, "tags": ["x", "y"], "meta": {"k": 1}, "when": pd.Timestamp("2020-01-01", tz="UTC")},
            {"a": 2, "tags": [], "meta": {}, "when": None}]
    path = tmp_path / "sub" / f"rows{suffix}"
    assert export_records(iter(rows), path) == 2
    if suffix == ".jsonl":
        back = [json.loads(line) for line in path.read_text().splitlines()]
        assert back[0] == {"a": 1, "tags": ["x", "y"], "meta": {"k": 1}, "when": "2020-01-01T00:00:00+00:00"}
        assert back[1]["when"] is None
    elif suffix == ".csv":
        back = pd.read_csv(path)
        assert back["tags"].map(json.loads).tolist() == [["x", "y"], []]
        assert back["meta"].map(json.loads).tolist() == [{"k": 1}, {}]
    else:
        back = pd.read_parquet(path)
        assert back["a"].tolist() == [1, 2] and [list(t) for t in back["tags"]] == [["x", "y"], []]
        assert back["meta"].map(json.loads).tolist() == [{"k": 1}, {}]
    with pytest.raises(ValueError):
        export_records(rows, tmp_path / "rows.xlsx")


def test_bulk_insert_20k_segments(target):
    ads = [email_doc(i, n=10) for i in range(2000)]
    with open_store(target) as s:
        run = s.start_run("m", "v1", ["big.mbox"], {})
        s.begin_file(run, "big.mbox", "shabig", "v1")
        t0 = time.perf_counter()
        for ad in ads:
            s.write_document(run, ad, "big.mbox")
        s.end_file(run, "big.mbox")
        elapsed = time.perf_counter() - t0
        t1 = time.perf_counter()
        df = s.segments_frame()
        read = time.perf_counter() - t1
        assert len(df) == 20_000 and s.counts()["findings"] == 10_000
    print(f"\n{type(s).__name__} bulk insert: 2,000 documents / 20,000 segments in {elapsed:.2f}s; segments_frame in {read:.2f}s")


def test_store_creates_its_folder(tmp_path):
    db = tmp_path / "not" / "yet" / "there.duckdb"
    with open_store(db) as store:
        assert store.counts()["documents"] == 0
    assert db.exists()


def test_identical_files_keep_their_own_rows_when_one_changes(target):
    """Regression (issue 12 #4): two files with identical bytes shared one row; editing one deleted the other's."""
    with open_store(target) as s:
        run = s.start_run("m", "v1", [], {})
        write_file(s, run, "a.pdf", "same", [contract_doc(source="a.pdf")])
        write_file(s, run, "b.pdf", "same", [contract_doc(source="b.pdf")])
        assert s.counts()["documents"] == 2
        run2 = s.start_run("m", "v1", [], {})
        write_file(s, run2, "a.pdf", "edited", [contract_doc("contract2", source="a.pdf")])
        docs = s.documents_frame()
        assert sorted(zip(docs["file"], docs["doc_id"])) == [("a.pdf", "contract2"), ("b.pdf", "contract1")]
        assert len(s.segments_frame()) == 4 and s.counts()["findings"] == 4
        assert not s.needs_analysis("b.pdf", "same", "v1")


def test_second_writer_is_refused_with_the_run_that_holds_the_store(tmp_path):
    from analyzer.store import StoreBusy

    path = tmp_path / "r.duckdb"
    with DuckDBStore(path) as s:
        run = s.start_run("m", "v1", [], {})
        write_file(s, run, "c.pdf", "x", [contract_doc()])
        s.flush()
        with pytest.raises(StoreBusy, match=f"in use by run {run[:12]} \\(pid \\d+\\) since"):
            DuckDBStore(path)
        # readers are not refused: between batches the writer does not hold the file
        with DuckDBStore(path, read_only=True) as ro:
            assert len(ro.segments_frame()) == 2
        s.write_document(run, contract_doc("contract2", source="d.pdf"))
    with DuckDBStore(path) as again:  # the lock went with the first writer
        assert again.counts()["documents"] == 2


def test_full_disk_is_one_clear_error_and_keeps_what_was_written(tmp_path, monkeypatch):
    import duckdb

    from analyzer.store import StoreError

    path = tmp_path / "r.duckdb"
    s = DuckDBStore(path)
    run = s.start_run("m", "v1", [], {})
    write_file(s, run, "c.pdf", "x", [contract_doc()])
    s.flush()

    def full(*args):
        raise duckdb.IOException("Could not write file: No space left on device")
    monkeypatch.setattr(DuckDBStore, "_write", full)
    write_file(s, run, "d.pdf", "y", [contract_doc("contract2", source="d.pdf")])
    with pytest.raises(StoreError, match="disk .* is full"):
        s.flush()
    monkeypatch.undo()
    s.close()
    with DuckDBStore(path, read_only=True) as ro:
        assert list(ro.documents_frame()["file"]) == ["c.pdf"]
    with DuckDBStore(path) as again:
        assert again.needs_analysis("d.pdf", "y", "v1") and not again.needs_analysis("c.pdf", "x", "v1")


def test_schema_1_store_is_migrated(tmp_path):
    import duckdb

    from analyzer.store.schema import ddl

    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    for stmt in ddl():  # today's tables, reshaped as schema 1 had them: keyed by doc_id, no file on rows
        stmt = (stmt.replace("PRIMARY KEY (file, doc_id, idx)", "PRIMARY KEY (doc_id, idx)")
                .replace("PRIMARY KEY (file, doc_id)", "PRIMARY KEY (doc_id)")
                .replace("ON findings (file, doc_id)", "ON findings (doc_id)"))
        if "TABLE IF NOT EXISTS segments" in stmt or "TABLE IF NOT EXISTS findings" in stmt:
            stmt = stmt.replace("    file VARCHAR NOT NULL,\n", "", 1)
        con.execute(stmt)
    con.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    con.execute("INSERT INTO documents (doc_id, file, source, kind, text, n_segments) "
                "VALUES ('d1', 'a.txt', 'a.txt', 'contract', 'You failed.', 1)")
    con.execute("INSERT INTO segments (doc_id, idx, text, start, \"end\", kind, source) "
                "VALUES ('d1', 0, 'You failed.', 0, 11, 'contract', 'a.txt')")
    con.execute("INSERT INTO findings VALUES ('d1', 0, 'blame', 'cue', 0, 3, 0.9)")
    con.close()
    with DuckDBStore(path) as s:
        assert s._one("SELECT value FROM meta WHERE key = 'schema_version'")[0] == "2"
        assert s._rows("SELECT file, doc_id, idx FROM segments") == [("a.txt", "d1", 0)]
        assert s._rows("SELECT file, cue FROM findings") == [("a.txt", "cue")]
        assert s.segments_frame()["cues"].tolist() == [["cue"]]


def test_corrections_carry_who_and_when(target):
    with open_store(target) as s:
        assert s.corrections_frame().empty
        first = s.add_correction("You failed to deliver on time.", ["blame", "risk_pushing"], "alice",
                                 kind="email", file="box.mbox", doc_id="doc000000", idx=0)
        second = s.add_correction("You failed to deliver on time.", [], "bob", kind="email", note="not blame")
        assert second > first
        with pytest.raises(ValueError, match="unknown labels"):
            s.add_correction("x", ["rude"], "alice")
        with pytest.raises(ValueError, match="user"):
            s.add_correction("x", ["blame"], "")
    with open_store(target, read_only=True) as ro:
        c = ro.corrections_frame()
    assert c["user_name"].tolist() == ["alice", "bob"]
    assert c["labels"].tolist() == [["risk_pushing", "blame"], []]  # in LABELS order
    assert c.loc[0, "doc_id"] == "doc000000" and c.loc[0, "idx"] == 0 and pd.isna(c.loc[1, "idx"])
    assert str(c["created_at"].dt.tz) == "UTC" and c.loc[0, "created_at"] <= c.loc[1, "created_at"]
    assert c.loc[1, "note"] == "not blame"


def test_both_backends_return_the_same_frames(tmp_path, pg_url):
    """The same writes give equal frames on DuckDB and PostgreSQL (values, dtypes and row order)."""
    frames = []
    for target in (str(tmp_path / "r.duckdb"), pg_url):
        with open_store(target) as s:
            run = s.start_run("m", "v1", ["box.mbox"], {"freq": "M"})
            write_file(s, run, "box.mbox", "sha1", [email_doc(i, date=None if i == 2 else "2001-05-14T16:39:00Z")
                                                    for i in range(4)])
            write_file(s, run, "b.pdf", "shab", [contract_doc(source="b.pdf")])
            write_file(s, run, "a.pdf", "shab", [contract_doc(source="a.pdf")])
            s.write_error(run, ReadError("bad.pdf", "corrupt", "no xref table"))
            s.finish_run(run, {"documents": 6})
            frames.append({"segments": s.segments_frame(), "documents": s.documents_frame().drop(columns="run_id"),
                           "findings": s.findings_frame(), "contract": s.findings_frame("contract1"),
                           "errors": s.errors_frame().drop(columns=["run_id", "at"]),
                           "files": s.files_frame().drop(columns=["run_id", "started_at", "finished_at"]),
                           "counts": pd.Series(s.counts())})
    duck, pg = frames
    for name in duck:
        pd.testing.assert_frame_equal(pg[name].reset_index(drop=True), duck[name].reset_index(drop=True),
                                      check_dtype=True, obj=name) if name != "counts" else \
            pd.testing.assert_series_equal(pg[name], duck[name])


def test_postgres_full_disk_is_one_clear_error_and_keeps_what_was_written(pg_url, monkeypatch):
    import psycopg

    from analyzer.store import StoreError
    from analyzer.store.postgres_store import PostgresStore

    s = open_store(pg_url)
    run = s.start_run("m", "v1", [], {})
    write_file(s, run, "c.pdf", "x", [contract_doc()])
    s.flush()

    def full(*args):
        raise psycopg.errors.DiskFull("could not extend file: No space left on device")
    monkeypatch.setattr(PostgresStore, "_insert_findings", full)
    write_file(s, run, "d.pdf", "y", [contract_doc("contract2", source="d.pdf")])
    with pytest.raises(StoreError, match="out of resources"):
        s.flush()
    monkeypatch.undo()
    s.close()
    with open_store(pg_url) as again:
        assert list(again.documents_frame()["file"]) == ["c.pdf"]
        assert again.needs_analysis("d.pdf", "y", "v1") and not again.needs_analysis("c.pdf", "x", "v1")

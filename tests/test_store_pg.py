"""PostgreSQL-only store behaviour: several writers at once, dead runs, and one-line connection errors."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pd = pytest.importorskip("pandas")
pytest.importorskip("psycopg")

from analyzer.store import StoreError, open_store  # noqa: E402
from test_store import contract_doc, email_doc  # noqa: E402
from test_store_server import _free_port, pg_server, pg_url  # noqa: E402,F401 - fixtures

REPO = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-c", "from analyzer.cli import app; app()"]


def test_two_writers_at_once_keep_every_row(pg_url):
    """No single-writer lock: two runs write different files at the same time, both complete."""
    with open_store(pg_url, batch_docs=2) as a, open_store(pg_url, batch_docs=2) as b:
        ra, rb = a.start_run("m", "v1", [], {}), b.start_run("m", "v1", [], {})
        a.begin_file(ra, "a.mbox", "sa", "v1")
        b.begin_file(rb, "b.mbox", "sb", "v1")
        for i in range(6):  # interleaved batches
            a.write_document(ra, email_doc(i, source="a.mbox"), "a.mbox")
            b.write_document(rb, email_doc(i, source="b.mbox"), "b.mbox")
        a.end_file(ra, "a.mbox")
        b.end_file(rb, "b.mbox")
        a.finish_run(ra, {})
        b.finish_run(rb, {})
    with open_store(pg_url, read_only=True) as ro:
        docs = ro.documents_frame()
        assert sorted(docs.groupby("file").size().items()) == [("a.mbox", 6), ("b.mbox", 6)]
        assert ro.counts()["segments"] == 48 and set(ro.runs_frame()["status"]) == {"completed"}


def test_a_file_is_written_by_one_run_at_a_time(pg_url):
    """Run B reaching a file that run A is still writing (a long mailbox over several batches) waits until A's
    last batch of it is committed, then replaces A's rows; neither deletes the other's half as stale."""
    a = open_store(pg_url, batch_docs=2)
    b = open_store(pg_url, batch_docs=2)
    ra, rb = a.start_run("m", "v1", [], {}), b.start_run("m", "v1", [], {})
    a.begin_file(ra, "box.mbox", "s1", "v1")
    for i in range(4):
        a.write_document(ra, email_doc(i), "box.mbox")  # two batches committed, the file not ended
    b.write_document(rb, contract_doc(), "c.pdf")  # B has work queued: it is committed before B waits
    b_began = threading.Event()

    def run_b():
        b.begin_file(rb, "box.mbox", "s1", "v1")
        b_began.set()
        for i in range(4):
            b.write_document(rb, email_doc(i, tag="B"), "box.mbox")
        b.end_file(rb, "box.mbox")
        b.flush()

    t = threading.Thread(target=run_b)
    t.start()
    time.sleep(1.0)
    assert not b_began.is_set()  # waiting for A
    with open_store(pg_url, read_only=True) as ro:
        assert ro.counts()["documents"] == 5  # A's four, and B's contract (committed before B waited)
    for i in range(4, 6):
        a.write_document(ra, email_doc(i), "box.mbox")
    a.end_file(ra, "box.mbox")
    assert not b_began.is_set()  # A's end is queued, not committed: A still holds the file
    a.flush()
    t.join(30)
    assert b_began.is_set() and not t.is_alive()
    a.close()
    b.close()
    with open_store(pg_url, read_only=True) as ro:
        docs = ro.documents_frame().set_index("doc_id")
        box = docs[docs["file"] == "box.mbox"]
        # B ended the file last: its four documents, A's six (including the two B never wrote) gone as stale
        assert sorted(box.index) == [f"doc{i:06d}" for i in range(4)] and set(box["run_id"]) == {rb}
        assert ro.counts()["segments"] == 4 * 4 + 2
        assert ro.file_status("box.mbox") == ("s1", "v1", "ok") and ro.incomplete_files() == []


def test_dead_run_is_interrupted_while_a_live_one_keeps_running(pg_url):
    live = open_store(pg_url)
    live_run = live.start_run("m", "v1", [], {})
    script = f"""
import os
from analyzer.store import open_store
s = open_store({pg_url!r})
run = s.start_run("m", "v1", [], {{}})
s.begin_file(run, "x.pdf", "sx", "v1")
s.flush()
print(run, flush=True)
os.kill(os.getpid(), 9)
"""
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=REPO)
    assert proc.returncode == -9, proc.stderr
    dead = proc.stdout.strip()
    live.close()  # its session ends too, but its run is still "running" in the table (not finished) ...
    live = open_store(pg_url)
    live_run2 = live.start_run("m", "v1", [], {})  # ... so keep one run alive for real
    wait_deadline = time.monotonic() + 10
    while True:
        with open_store(pg_url) as next_writer:
            status = next_writer.runs_frame().set_index("run_id")["status"]
            files = next_writer.files_frame()
        if status[dead] == "interrupted" or time.monotonic() > wait_deadline:
            break
        time.sleep(0.1)
    assert status[dead] == "interrupted" and status[live_run] == "interrupted"  # both sessions are gone
    assert status[live_run2] == "running"
    assert files.set_index("file").loc["x.pdf", "status"] == "interrupted"
    live.finish_run(live_run2, {})
    live.close()


def _cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=600, cwd=REPO,
                          env={**os.environ, **(env or {})})


@pytest.mark.parametrize("case", ["refused", "password", "no_database"])
def test_connection_failures_are_one_line_without_the_password(pg_server, case, tmp_path):
    from psycopg.conninfo import conninfo_to_dict

    secret = "s3cret-Pa55"
    if case == "refused":
        url = f"postgresql://tone:{secret}@127.0.0.1:{_free_port()}/postgres"
        expect = "cannot connect to the PostgreSQL store"
    elif case == "password":
        url = re.sub(r"://([^:@/]+)(:[^@]*)?@", rf"://\1:{secret}@", pg_server.url_for("postgres"), count=1)
        expect = "refused the login"
    else:
        url = pg_server.url_for("no_such_db_here")
        secret = conninfo_to_dict(url).get("password") or secret  # the real password must not show either
        expect = "does not exist"
    with pytest.raises(StoreError, match=expect) as info:
        open_store(url)
    assert secret not in str(info.value) and "\n" not in str(info.value)
    (tmp_path / "a.txt").write_text("You failed to deliver on time.")
    result = _cli("analyze", str(tmp_path / "a.txt"), "--db", url, "-q")
    assert result.returncode != 0
    out = result.stdout + result.stderr
    assert expect in out and secret not in out and "Traceback" not in out, out


@pytest.mark.slow
def test_two_concurrent_analyze_runs_into_one_store(pg_url, tmp_path):
    """Two `analyze --db postgresql://...` processes over overlapping folders at the same time: every document
    and segment once, exactly as one run over the union of the folders gives (in DuckDB)."""
    examples = sorted((REPO / "examples").iterdir())
    folders = {name: tmp_path / name for name in ("shared", "only1", "only2")}
    copies = {"shared": 4, "only1": 2, "only2": 2}
    for name, folder in folders.items():
        folder.mkdir()
        for k in range(copies[name]):
            for src in examples:
                shutil.copy(src, folder / f"{src.stem}_{k}{src.suffix}")
    first = [str(folders["shared"]), str(folders["only1"])]
    second = [str(folders["only2"]), str(folders["shared"])]  # the shared files in the middle of its run
    t0 = time.perf_counter()
    procs = [subprocess.Popen([*CLI, "analyze", *paths, "--db", pg_url, "-q"], cwd=REPO, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for paths in (first, second)]
    outs = [p.communicate(timeout=600) for p in procs]
    both = time.perf_counter() - t0
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, err[-2000:]
    ref = tmp_path / "ref.duckdb"
    result = _cli("analyze", *(str(folders[n]) for n in ("shared", "only1", "only2")), "--db", str(ref), "-q")
    assert result.returncode == 0, result.stderr[-2000:]
    with open_store(pg_url, read_only=True) as pg, open_store(ref, read_only=True) as duck:
        got, want = pg.documents_frame(), duck.documents_frame()
        assert not got.duplicated(["file", "doc_id"]).any()
        assert sorted(zip(got["file"], got["doc_id"])) == sorted(zip(want["file"], want["doc_id"]))
        gs, ws = pg.segments_frame(), duck.segments_frame()
        keys = ["doc_id", "source", "idx"]
        assert not gs.duplicated(keys).any() and len(gs) == len(ws)
        cols = [c for c in ws.columns if c not in ("date",)]
        pd.testing.assert_frame_equal(gs.sort_values(keys)[cols].reset_index(drop=True),
                                      ws.sort_values(keys)[cols].reset_index(drop=True))
        counts, ref_counts = pg.counts(), duck.counts()
        for table in ("documents", "segments", "findings", "errors"):
            assert counts[table] == ref_counts[table], table
        assert pg.incomplete_files() == [] and set(pg.runs_frame()["status"]) == {"completed"}
        n_files = sum(copies.values()) * len(examples)
        assert len(pg.files_frame()) == n_files
    print(f"\nconcurrent analyze: 2 runs, {n_files} files ({copies['shared'] * len(examples)} in both) in "
          f"{both:.1f}s; documents {counts['documents']}/{ref_counts['documents']}, segments "
          f"{counts['segments']}/{ref_counts['segments']}, findings {counts['findings']}/{ref_counts['findings']}")

"""Engines: a local process pool (workers=2) and dask.distributed produce exactly what the in-process run does:
the same per-segment records in the same order, the same errors, counts, on_document calls and store contents;
and a rerun against the store skips unchanged files with every engine."""
from __future__ import annotations

import importlib.util
import shutil
import zipfile

import pandas as pd
import pytest

import analyzer.engines.tasks as tasks
import analyzer.engines.driver as driver
from analyzer.detect.model import load_model
from analyzer.locations import fast_model
from analyzer.runner import analyze
from conftest import EXAMPLES, REPO, require



def _gen_inputs():
    spec = importlib.util.spec_from_file_location("gen_inputs", REPO / "bench" / "gen_inputs.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    """examples/ plus a generated 150-message mailbox (threads, quotes, signatures, one duplicate, one message
    without headers), a zip, an unsupported file, a broken PDF and an empty file."""
    folder = tmp_path_factory.mktemp("engines") / "in"
    shutil.copytree(EXAMPLES, folder)
    messages = _gen_inputs().mbox_messages(150, seed=7)
    messages.insert(40, "From nobody@example Mon Jan  6 09:00:00 2025\n\nno headers at all, only a body\n")
    messages.append(messages[10])  # an exact duplicate: dropped by thread tracking, in order
    (folder / "generated.mbox").write_text("\n".join(messages), encoding="utf-8")
    with zipfile.ZipFile(folder / "bundle.zip", "w") as zf:
        zf.write(EXAMPLES / "services_agreement.docx", "nested/agreement.docx")
        zf.write(EXAMPLES / "outage_escalation.eml", "nested/escalation.eml")
    (folder / "notes.xyz").write_text("not a supported format")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 20)
    (folder / "empty.txt").write_bytes(b"")
    return folder


@pytest.fixture
def small_chunks(monkeypatch):
    """Many mailbox chunks and file groups, so ordering across several in-flight tasks is exercised."""
    monkeypatch.setattr(driver, "CHUNK_DOCS", 16)
    monkeypatch.setattr(driver, "GROUP_FILES", 2)
    monkeypatch.setattr(tasks, "BATCH_SEGMENTS", 64)


# The TF-IDF model: the engines must give identical records, and the default cascade's int8 ONNX encoder quantises
# activations per batch, so its scores move by ~0.01 with how segments are batched (README, Classifiers).
MODEL = fast_model()


def _run(inputs, db=None, **kw):
    seen = []
    kw.setdefault("model", MODEL)
    res = analyze([inputs], db=db, on_document=lambda it: seen.append(_key(it)), **kw)
    return res, seen


def _key(item):
    if hasattr(item, "segments"):
        return ("doc", item.document.source, item.document.id, len(item.segments))
    return ("error", item.source, item.code, item.severity)


@pytest.fixture(scope="module")
def reference(inputs, tmp_path_factory):
    """workers=1, in-process: without a store, then with one (and its rerun)."""
    folder = tmp_path_factory.mktemp("ref")
    db = folder / "ref.duckdb"
    plain = _run(inputs)
    stored = _run(inputs, db)
    shutil.copy(db, folder / "first.duckdb")  # the store after one run (closed: analyze has returned)
    rerun = _run(inputs, db)
    return {"plain": plain, "stored": stored, "rerun": rerun, "db_first": folder / "first.duckdb", "db": db}


def _same_results(a, b) -> None:
    (ra, seen_a), (rb, seen_b) = a, b
    pd.testing.assert_frame_equal(ra.frame, rb.frame)  # per-segment records: same rows, order and scores
    assert seen_a == seen_b  # on_document: same items in the same order
    assert ra.errors == rb.errors
    assert ra.stats == rb.stats
    assert ra.skipped_files == rb.skipped_files


def _store_tables(db) -> dict[str, pd.DataFrame]:
    from analyzer.store import Store

    volatile = ["run_id", "at", "started_at", "finished_at", "seq"]
    with Store(db, read_only=True) as store:
        tables = {"segments": store.segments_frame(), "documents": store.documents_frame(),
                  "findings": store.findings_frame(), "errors": store.errors_frame(),
                  "files": store.files_frame(latest_only=False)}  # in begin order
    out = {}
    for name, t in tables.items():
        t = t.drop(columns=[c for c in volatile if c in t.columns])
        if name in ("findings", "errors"):  # their ORDER BY leaves ties (same span; same timestamp) unordered
            t = t.sort_values(list(t.columns), kind="stable")
        out[name] = t.reset_index(drop=True)
    return out


def _same_store(db_a, db_b) -> None:
    a, b = _store_tables(db_a), _store_tables(db_b)
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], obj=name)


def test_reference_covers_the_interesting_cases(inputs, reference):
    res, _ = reference["plain"]
    assert res.stats.messages == 150 + 41 + 1  # generated (its duplicate dropped) + examples/ + the zipped .eml
    codes = {(e.source.rsplit("/", 1)[-1], e.code) for e in res.errors}
    assert {("broken.pdf", "corrupt"), ("notes.xyz", "skipped"), ("empty.txt", "empty")} <= codes
    assert any(e.source.endswith("generated.mbox#40") for e in res.errors)  # an error in the middle of a mailbox
    assert res.frame["source"].str.contains("bundle.zip!nested/agreement.docx", regex=False).any()
    rerun, _ = reference["rerun"]
    # files that failed as a whole are retried (the broken PDF, the empty file); the mailbox with one corrupt message
    # is not: its error is on record and rereading the same bytes cannot fix it
    assert rerun.stats.failed_files == {str(inputs / n) for n in ("broken.pdf", "empty.txt")}
    assert rerun.stats.files == set() and str(inputs / "generated.mbox") in rerun.skipped_files
    assert len(rerun.skipped_files) == 8


@pytest.mark.slow  # ~30 s on 2 cores: every worker process loads spaCy and the model
def test_process_pool_matches_in_process(inputs, reference, small_chunks, tmp_path):
    _same_results(reference["plain"], _run(inputs, workers=2))
    db = tmp_path / "w2.duckdb"
    _same_results(reference["stored"], _run(inputs, db, workers=2))
    _same_store(reference["db_first"], db)
    _same_results(reference["rerun"], _run(inputs, db, workers=2))  # unchanged files skipped, failed ones retried
    _same_store(reference["db"], db)


@pytest.fixture(scope="module")
def dask_scheduler():
    distributed = require("dask.distributed", "scale")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        yield cluster.scheduler_address


@pytest.mark.slow  # ~8 s: a two-process LocalCluster
def test_dask_matches_in_process(inputs, reference, dask_scheduler, small_chunks, tmp_path):
    db = tmp_path / "dask.duckdb"
    _same_results(reference["stored"], _run(inputs, db, engine="dask", scheduler=dask_scheduler))
    _same_store(reference["db_first"], db)
    _same_results(reference["rerun"], _run(inputs, db, engine="dask", scheduler=dask_scheduler))
    _same_store(reference["db"], db)


@pytest.mark.slow  # ~9 s: starts its own LocalCluster
def test_dask_starts_a_local_cluster_when_given_no_scheduler(inputs):
    require("dask.distributed", "scale")
    files = [inputs / "services_agreement.pdf", inputs / "outage_escalation.eml"]
    expected = analyze(files, model=MODEL)
    got = analyze(files, model=MODEL, engine="dask", workers=1)
    pd.testing.assert_frame_equal(expected.frame, got.frame)


def test_a_file_listed_twice_is_analysed_once(inputs, tmp_path):
    db = tmp_path / "twice.duckdb"
    box = inputs / "supplier_correspondence.mbox"
    pdf = inputs / "services_agreement.pdf"
    one = analyze([box, pdf, box, pdf], model=MODEL, db=db)
    assert one.skipped_files == [str(box), str(pdf)]
    assert one.stats.as_row()["files"] == 2


def test_parallel_engines_need_a_model_folder(inputs):
    with pytest.raises(ValueError, match="model folder"):
        analyze([inputs / "outage_escalation.eml"], model=load_model(), workers=2)
    with pytest.raises(ValueError, match="engine"):
        analyze([inputs / "outage_escalation.eml"], engine="spark")


def test_a_single_file_does_not_start_a_pool(inputs, monkeypatch):
    from analyzer.engines import local

    started = []
    monkeypatch.setattr(local.ProcessEngine, "_start", lambda self: started.append(1) or 1 / 0)
    pdf = inputs / "services_agreement.pdf"
    pd.testing.assert_frame_equal(analyze([pdf], model=MODEL).frame, analyze([pdf], model=MODEL, workers=2).frame)
    assert not started  # one task: run in the driver, no worker start-up to pay for

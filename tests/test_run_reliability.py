"""Issue 12 at the level of a whole run: a bad file, a vanished file, an unwritable output or a busy store is one
clear record or message, and nothing already analysed is lost."""
from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from analyzer.cli import app
from analyzer.ingest.source import Source
from analyzer.runner import analyze
from analyzer.store import OutputError, Store
from conftest import EXAMPLES, example_folder


@pytest.fixture
def inputs(tmp_path):
    folder = example_folder(tmp_path, ("outage_escalation.eml", "services_agreement.docx"))
    (folder / "note.txt").write_text("Your team failed to deliver the migration again.\n")
    return folder


def test_unreadable_file_with_a_store_is_one_record(tmp_path, inputs, model, monkeypatch):
    """Regression (#2): the checksum taken for the store was outside the per-file guard."""
    real = Source.sha256

    def sha(self):
        if self.name.endswith("note.txt"):
            raise PermissionError(13, "Permission denied")
        return real.fget(self)
    monkeypatch.setattr(Source, "sha256", property(sha))
    res = analyze([inputs], model=model, db=tmp_path / "r.duckdb")
    [err] = [e for e in res.errors if e.source.endswith("note.txt")]
    assert err.code == "unreadable" and "Permission denied" in err.message
    assert res.stats.as_row()["files"] == 2


def test_file_deleted_while_the_folder_is_read(tmp_path, inputs, model):
    """Regression (#3): a file listed and then deleted before it was opened killed the run."""
    late = inputs / "zz_late.txt"
    late.write_text("We reserve all our rights under clause 4.\n")
    # a mailbox first: its messages are analysed (and reported) before the later files are opened
    shutil.copy(EXAMPLES / "supplier_correspondence.mbox", inputs / "a_box.mbox")

    def delete_late(item):
        late.unlink(missing_ok=True)
    res = analyze([inputs], model=model, db=tmp_path / "r.duckdb", on_document=delete_late)
    assert any(e.source.endswith("zz_late.txt") for e in res.errors)
    assert res.stats.as_row()["files"] == 4


def test_unwritable_output_fails_before_any_work(tmp_path, inputs, model):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    seen = []
    with pytest.raises(OutputError, match="cannot write"):
        analyze([inputs], model=model, out=blocker / "out.jsonl", on_document=seen.append)
    assert seen == []  # nothing was analysed and then thrown away


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
def test_late_failure_keeps_what_was_analysed_in_the_output(tmp_path, inputs, model, suffix):
    out = tmp_path / f"seg{suffix}"

    def fail_on_third(item, seen=[]):
        seen.append(item)
        if len(seen) == 3:
            raise RuntimeError("disk gone")
    with pytest.raises(RuntimeError):
        analyze([inputs], model=model, out=out, on_document=fail_on_third)
    import pandas as pd

    if suffix == ".jsonl":
        rows = [json.loads(line) for line in out.read_text().splitlines()]
    else:
        rows = (pd.read_csv(out) if suffix == ".csv" else pd.read_parquet(out)).to_dict("records")
    assert len({r["doc_id"] for r in rows}) == 3 and all(r["text"] for r in rows)


def test_streamed_output_equals_the_results(tmp_path, inputs, model):
    out = tmp_path / "seg.jsonl"
    res = analyze([inputs], model=model, out=out)
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["text"] for r in rows] == res.frame["text"].tolist()
    assert [r["score_blame"] for r in rows] == pytest.approx(res.frame["score_blame"].tolist())


def test_busy_store_is_one_line_naming_the_run(tmp_path, inputs):
    db = tmp_path / "r.duckdb"
    with Store(db) as holder:
        run = holder.start_run("m", "v1", [], {})
        result = CliRunner().invoke(app, ["analyze", str(inputs), "--db", str(db), "-q"])
    assert result.exit_code == 3
    assert f"in use by run {run[:12]}" in result.output and "Traceback" not in result.output


def test_a_run_into_a_store_reads_the_segments_back_only_when_asked(tmp_path, inputs, model, monkeypatch):
    """A quiet run of a huge mailbox must not load every stored segment into memory at the end."""
    from analyzer.store.duckdb_store import DuckDBStore

    reads = []
    real = DuckDBStore.segments_frame
    monkeypatch.setattr(DuckDBStore, "segments_frame", lambda self, *a, **k: reads.append(1) or real(self, *a, **k))
    res = analyze([inputs], model=model, db=tmp_path / "r.duckdb")
    assert reads == [] and res.stats.as_row()["files"] == 3
    assert len(res.frame) > 0 and reads == [1]  # read when asked for, once
    assert len(res.threads) >= 1 and reads == [1]

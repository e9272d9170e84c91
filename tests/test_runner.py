"""The main job end to end with the shipped model: store idempotence, incremental runs, interruption, exports,
and the story in the bundled mailbox."""
from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest
from typer.testing import CliRunner

from analyzer.cli import app
from analyzer.runner import analyze, load_results
from conftest import EXAMPLES, example_folder



@pytest.fixture
def inputs(tmp_path):
    folder = example_folder(tmp_path, ("services_agreement.pdf", "supplier_correspondence.mbox", "outage_escalation.eml"))
    return folder


def test_reanalysis_is_idempotent_and_incremental(tmp_path, inputs, model):
    db = tmp_path / "r.duckdb"
    first = analyze([inputs], model=model, db=db)
    assert first.stats.as_row()["files"] == 3 and len(first) > 100
    again = analyze([inputs], model=model, db=db)
    assert again.skipped_files and again.stats.as_row()["files"] == 0
    assert len(again) == len(first)  # nothing duplicated
    shutil.copy(EXAMPLES / "services_agreement.docx", inputs / "new.docx")
    third = analyze([inputs], model=model, db=db)
    assert third.stats.as_row()["files"] == 1 and len(third.skipped_files) == 3
    assert third.frame["doc_id"].nunique() == first.frame["doc_id"].nunique() + 1


def test_failed_files_are_retried_and_errors_recorded(tmp_path, inputs, model):
    db = tmp_path / "r.duckdb"
    (inputs / "broken.pdf").write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 20)
    first = analyze([inputs], model=model, db=db)
    assert any(e.source.endswith("broken.pdf") for e in first.errors)
    assert not load_results(db).frame.empty
    second = analyze([inputs], model=model, db=db)
    assert any(e.source.endswith("broken.pdf") for e in second.errors)  # retried, not skipped
    assert len(second.skipped_files) == 3


def test_interrupted_run_leaves_store_consistent_and_resumes(tmp_path, inputs, model):
    db = tmp_path / "r.duckdb"
    seen = []

    def stop_after_five(item):
        seen.append(item)
        if len(seen) == 5:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        analyze([inputs], model=model, db=db, on_document=stop_after_five)
    partial = load_results(db).frame
    assert partial.groupby("doc_id")["idx"].apply(lambda s: sorted(s) == list(range(len(s)))).all()
    resumed = analyze([inputs], model=model, db=db)
    reference = analyze([inputs], model=model)
    assert len(resumed.frame) == len(reference.frame)
    assert resumed.frame["doc_id"].nunique() == reference.frame["doc_id"].nunique()


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
def test_cli_analyze_exports(tmp_path, inputs, suffix):
    out = tmp_path / f"segments{suffix}"
    result = CliRunner().invoke(app, ["analyze", str(inputs), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    if suffix == ".jsonl":
        rows = [json.loads(line) for line in out.read_text().splitlines()]
        frame = pd.DataFrame(rows)
    elif suffix == ".csv":
        frame = pd.read_csv(out)
    else:
        frame = pd.read_parquet(out)
    assert len(frame) > 100
    assert {"doc_id", "text", "score_blame", "is_risk_pushing", "clause", "thread_id"} <= set(frame.columns)


def test_bundled_mailbox_tells_the_souring_and_recovery_story(model):
    results = analyze([EXAMPLES / "supplier_correspondence.mbox"], model=model)
    h = results.health
    customer = h[h.org == "northwind-retail.example"].dropna(subset=["health"]).sort_values("period")
    values = customer["health"].tolist()
    assert values[0] > 0, values  # starts cordial
    assert min(values) < 0, values  # sours
    low = values.index(min(values))
    assert max(values[low:]) > 0, values  # and recovers
    threads = results.threads
    assert threads["escalated"].sum() >= 3 and threads["recovered"].sum() >= 1
    profile = analyze([EXAMPLES / "services_agreement.pdf"], model=model).risk_profile.iloc[0]
    assert profile.one_sided > 0 and profile.balanced > 0


def test_a_bad_message_is_recorded_once_and_the_mailbox_not_retried(tmp_path, model):
    box = tmp_path / "in" / "mixed.mbox"
    box.parent.mkdir()
    good = ("From a@x.example Mon Mar  2 10:00:00 2026\nFrom: Pádraig Ó Sé <p@x.example>\nTo: b@y.example\n"
            "Subject: Überprüfung\nDate: Mon, 2 Mar 2026 10:00:00 +0000\n\n"
            "Your team failed to deliver the release on time again.\n\n")
    headerless = "From b@y.example Mon Mar  2 11:00:00 2026\n\njust a body without any headers\n\n"
    box.write_bytes((good + headerless).encode("utf-8"))  # raw UTF-8 in headers, as RFC 6532 mail has
    db = tmp_path / "r.duckdb"
    first = analyze([box.parent], model=model, db=db)
    assert [e.code for e in first.errors] == ["corrupt"] and first.errors[0].source.endswith("mixed.mbox#1")
    assert first.frame["subject"].iloc[0] == "Überprüfung"  # decoded, not surrogate escapes that break the store
    second = analyze([box.parent], model=model, db=db)
    assert second.skipped_files == [str(box)] and not second.errors
    stored = load_results(db)
    assert [e.code for e in stored.errors] == ["corrupt"]  # still on record: nothing is lost
    assert stored.frame["subject"].iloc[0] == "Überprüfung"

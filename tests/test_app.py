"""The Streamlit app, driven headless with AppTest against a temporary store filled from examples/."""
from __future__ import annotations

import csv
import io
import json
import sys
import time
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from conftest import require

require("streamlit", "app")
require("duckdb", "store")

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from streamlit.testing.v1 import AppTest  # noqa: E402

from app import exporting, highlight, lab, labels, uploads  # noqa: E402

EXAMPLES = REPO / "examples"
APP = "../app_streamlit.py"  # AppTest resolves relative paths against this file


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A store filled once from examples/, and env pointing the app at it (no bootstrap, tmp corrections)."""
    from analyzer import analyze

    tmp = tmp_path_factory.mktemp("app")
    db = tmp / "app.duckdb"
    analyze([str(EXAMPLES)], db=db)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TONE_DB", str(db))
        mp.setenv("TONE_EXAMPLES", "")
        mp.setenv("TONE_CORRECTIONS", str(tmp / "corrections.jsonl"))
        mp.delenv("TONE_MAX_UPLOAD_MB", raising=False)
        yield db


@pytest.fixture
def corrections(store, tmp_path, monkeypatch) -> Path:
    path = tmp_path / "corrections.jsonl"
    monkeypatch.setenv("TONE_CORRECTIONS", str(path))
    return path


def run(page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120).run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def table(at: AppTest, *columns: str):
    """The first st.dataframe showing these columns (st.dataframe keys only reach AppTest with on_select)."""
    for d in at.dataframe:
        if set(columns) <= set(d.value.columns):
            return d.value
    raise AssertionError(f"no table with columns {columns}")


def marks(at: AppTest) -> int:
    return sum(h.value.count("<mark") for h in at.html)


# ---- pages ---------------------------------------------------------------------------------------------------
def test_opens_on_analyse_and_switches_pages(store):
    at = run()
    assert at.title[0].value == "Analyse"
    assert at.file_uploader(key="analyse.files") is not None
    for path, title in [("app/pages/review.py", "Contract review"), ("app/pages/correspondence.py", "Correspondence"),
                        ("app/pages/model_lab.py", "Model lab"), ("app/pages/export.py", "Export"),
                        ("app/pages/analyse.py", "Analyse")]:
        at.switch_page(path).run()
        assert not at.exception, (path, [e.value for e in at.exception])
        assert at.title[0].value == title


def test_contract_review_threshold_and_clause_navigator(store):
    at = run("app/pages/review.py")
    assert marks(at) > 0, "the model's own flags are highlighted by default"
    at.checkbox(key="review.use_model").uncheck().run()
    at.slider(key="review.threshold").set_value(0.9).run()
    strict = marks(at)
    at.slider(key="review.threshold").set_value(0.3).run()
    loose = marks(at)
    assert not at.exception
    assert 0 < strict <= loose
    body = "".join(h.value for h in at.html)
    assert "<mark" in body and "#b45309" in body and "tone-risk_pushing" in body
    nav = at.selectbox(key="review.clause")
    assert len(nav.options) > 1
    nav.select_index(1).run()
    text_views = [h.value for h in at.html if "tone-text" in h.value]
    assert text_views and "<mark" in text_views[0]
    assert len(text_views[0]) < len(body)
    assert table(at, "where", "label", "score", "cues").shape[0] >= 1


def test_correspondence_has_health_threads_and_highlights(store):
    at = run("app/pages/correspondence.py")
    cp = table(at, "counterparty", "health", "trend")
    assert len(cp) >= 2 and cp["trend"].map(len).max() >= 2
    threads = table(at, "status", "subject")
    assert threads["status"].str.contains("escalated").any()
    assert at.selectbox(key="corr.thread").options


def test_correspondence_health_caption_names_the_period(store):
    at = run("app/pages/correspondence.py")
    assert any("per month" in c.value for c in at.caption)
    at.selectbox(key="corr.freq").set_value("W").run()
    assert not at.exception, [e.value for e in at.exception]
    captions = " ".join(c.value for c in at.caption)
    assert "per week" in captions and "per month" not in captions


# ---- upload --------------------------------------------------------------------------------------------------
def test_upload_analyses_into_store(store):
    at = run()
    data = (EXAMPLES / "outage_escalation.eml").read_bytes()
    at.file_uploader(key="analyse.files").set_value(("outage_escalation.eml", data, "message/rfc822"))
    at.run()
    at.button(key="analyse.run").click().run()
    assert not at.exception, [e.value for e in at.exception]
    summary = at.session_state["analyse.last"]
    assert summary.files == ["outage_escalation.eml"] and summary.doc_ids and not summary.rejected
    assert any("Analysed 1 document" in s.value for s in at.success)


def test_upload_over_size_limit_is_refused_with_a_message(store, monkeypatch):
    monkeypatch.setenv("TONE_MAX_UPLOAD_MB", "1")
    at = run()
    at.file_uploader(key="analyse.files").set_value(("big.txt", b"x" * (1024 * 1024 + 10), "text/plain"))
    at.run()
    at.button(key="analyse.run").click().run()
    assert any("over the upload limit of 1 MB" in e.value and "TONE_MAX_UPLOAD_MB" in e.value for e in at.error)
    assert at.session_state["analyse.last"].doc_ids == []


def test_save_uploads_checks_size_type_and_names(tmp_path):
    batch = uploads.save_uploads([("../../evil.txt", b"hello"), ("big.pdf", b"x" * (2 * uploads.MB)),
                                  ("notes.exe", b"MZ"), ("evil.txt", b"again")], max_mb=1, folder=tmp_path / "up")
    assert [p.name for p in batch.saved] == ["evil.txt", "evil-1.txt"]
    assert all(p.parent == tmp_path / "up" for p in batch.saved)
    assert [n for n, _ in batch.rejected] == ["big.pdf", "notes.exe"]
    assert "2.0 MB, over the upload limit of 1 MB" in batch.rejected[0][1]
    batch.cleanup()
    assert not (tmp_path / "up").exists()


# ---- model lab -----------------------------------------------------------------------------------------------
def test_label_correction_writes_a_corpus_jsonl_line(store, corrections):
    at = run("app/pages/model_lab.py")
    saves = [b for b in at.button if str(b.key).startswith("lab.save.")]
    assert saves, "least-certain segments are listed"
    ref = saves[0].key[len("lab.save."):]
    boxes = [c for c in at.checkbox if str(c.key).startswith(f"lab.fix.{ref}.")]
    for c in boxes:
        c.uncheck()
    boxes[0].check()
    saves[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    rows = [json.loads(line) for line in corrections.read_text().splitlines()]
    assert len(rows) == 1
    row = rows[0]
    assert row["labels"] == [boxes[0].key.rsplit(".", 1)[1]]
    assert row["source"] == "app:correction" and row["split"] == "train"
    assert row["group"] == f"corrections-{date.today().isoformat()}" and row["kind"] in ("contract", "email")
    assert row["text"]
    assert not any(str(b.key) == saves[0].key for b in at.button), "a corrected segment leaves the list"
    # the store keeps who made it and when (shared by the team when the store is PostgreSQL)
    from analyzer.store import open_store

    with open_store(store, read_only=True) as s:
        kept = s.corrections_frame()
    mine = kept[kept["text"] == row["text"]].iloc[-1]
    assert list(mine["labels"]) == row["labels"] and mine["user_name"] and pd.notna(mine["created_at"])
    assert mine["doc_id"] and mine["idx"] is not None


def test_label_studio_round_trip(corrections):
    rows = [labels.correction_row("You failed again.", ["blame"], "email", "d:1"),
            labels.correction_row("Either party may terminate.", [], "contract"),
            labels.correction_row("Let's fix it together.", ["collaborative", "blame"], "email")]
    tasks = json.loads(labels.json_bytes(labels.to_label_studio(rows)))
    assert tasks[0]["data"]["text"] == "You failed again."
    assert tasks[2]["annotations"][0]["result"][0]["value"]["choices"] == ["blame", "collaborative"]
    back, skipped = labels.parse_import("x.json", json.dumps(tasks + [{"data": {"text": "unlabelled"}}]).encode())
    assert back == rows and skipped == 1
    assert labels.parse_import("x.jsonl", labels.to_jsonl(rows)) == (rows, 0)
    with pytest.raises(ValueError):
        labels.from_label_studio([{"data": {"text": "t"}, "annotations": [{"result": [
            {"type": "choices", "value": {"choices": ["rude"]}}]}]}])


def test_label_studio_import_through_the_app(store, corrections):
    tasks = labels.to_label_studio([labels.correction_row("We will absorb the delay cost.", ["collaborative"],
                                                          "email")])
    at = run("app/pages/model_lab.py")
    at.file_uploader(key="lab.import").set_value(("ls.json", json.dumps(tasks).encode(), "application/json"))
    at.run()
    at.button(key="lab.import_go").click().run()
    assert any("Imported 1 row" in s.value for s in at.success)
    assert labels.read_rows(corrections)[0]["labels"] == ["collaborative"]


def test_retrain_job_saves_a_model_and_compares(tmp_path):
    from analyzer.detect.model import DEFAULT_MODEL, load_model

    base_metrics = json.loads((DEFAULT_MODEL / "metrics.json").read_text())

    def fake_train(kind, data, name, log):
        log("fold 1/4 done")
        m = load_model()
        m.name = name
        return m, {**base_metrics, "training_data": {"rows": len(data)}}

    corr = tmp_path / "corr.jsonl"
    labels.save_corrections(corr, [labels.correction_row("Your team caused this.", ["blame"], "email")])
    job = lab.start_retrain("t-new", tmp_path / "models", corr, DEFAULT_MODEL, train_fn=fake_train)
    deadline = time.time() + 120
    while job.status in ("queued", "running") and time.time() < deadline:
        time.sleep(0.2)
    assert job.status == "done", job.error
    assert (tmp_path / "models" / "t-new" / "model.json").exists() and job.corrections == 1
    cmp = lab.compare_metrics(base_metrics, job.metrics)
    assert set(cmp["label"]) == {"risk_pushing", "blame", "defensive_detail", "collaborative"}
    with pytest.raises(ValueError):
        lab.start_retrain("t-new", tmp_path / "models", corr, DEFAULT_MODEL, train_fn=fake_train)


# ---- export --------------------------------------------------------------------------------------------------
def test_export_csv_of_the_current_filter(store):
    from analyzer.store import Store

    with Store(store, read_only=True) as s:
        segs = s.segments_frame()
    frame = exporting.filter_segments(segs, kinds=["contract"], labels=["risk_pushing"])
    assert len(frame) and frame["is_risk_pushing"].all() and (frame["kind"] == "contract").all()
    rows = list(csv.DictReader(io.StringIO(exporting.export_bytes(frame, "csv").decode("utf-8"))))
    assert len(rows) == len(frame)
    assert {"doc_id", "idx", "text", "clause", "page", "score_risk_pushing", "is_risk_pushing", "cues"} <= set(rows[0])
    assert all(isinstance(json.loads(r["cues"]), list) for r in rows)  # JSON lists, not Python reprs
    assert len(json.loads(exporting.export_bytes(frame, "json"))) == len(frame)
    assert exporting.export_bytes(frame, "parquet")[:4] == b"PAR1"
    at = run("app/pages/export.py")
    at.multiselect(key="export.labels").set_value(["risk_pushing"]).run()
    at.multiselect(key="export.kinds").set_value(["contract"]).run()
    assert not at.exception
    assert table(at, "doc_id", "text", "score_risk_pushing").shape[0] == min(200, len(frame))
    assert at.get("download_button") and any(b.key == "export.csv" for b in at.get("download_button"))


# ---- pure helpers and first start ----------------------------------------------------------------------------
def test_highlight_escapes_and_handles_overlaps():
    text = "<b>Supplier</b> shall bear all risk & cost."
    out = highlight.highlight_html(text, [highlight.Span(0, 15, "risk_pushing", "model", 0.9),
                                          highlight.Span(10, 30, "blame", "x", 0.5)])
    assert "<b>" not in out and "&lt;b&gt;" in out and "&amp;" in out
    assert out.count("<mark") == 3 and 'data-labels="blame risk_pushing"' in out


def test_least_certain_prefers_scores_near_the_threshold(store):
    from analyzer.store import Store

    with Store(store, read_only=True) as s:
        segs = s.segments_frame()
    t = {"risk_pushing": 0.4, "blame": 0.4, "defensive_detail": 0.4, "collaborative": 0.4}
    top = lab.least_certain(segs, t, n=5)
    assert len(top) == 5 and top["margin"].is_monotonic_increasing and top["text"].is_unique
    assert not top[top["kind"] == "contract"]["closest"].isin(["blame", "defensive_detail"]).any()


def test_first_start_fills_an_empty_store_from_examples(tmp_path, monkeypatch):
    ex = tmp_path / "ex"
    ex.mkdir()
    (ex / "outage_escalation.eml").write_bytes((EXAMPLES / "outage_escalation.eml").read_bytes())
    monkeypatch.setenv("TONE_DB", str(tmp_path / "fresh.duckdb"))
    monkeypatch.setenv("TONE_EXAMPLES", str(ex))
    at = run()
    docs = table(at, "name", "kind", "documents")
    assert list(docs["name"]) == ["outage_escalation.eml"]

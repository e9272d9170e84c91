"""The label registry is the one place a label is defined: registering a fifth label (monkeypatched, hand-built
records: the shipped model has four outputs) reaches the store, the segment table, the aggregates, both reports and
the app's label helpers with no other edit."""
from __future__ import annotations

import pytest

pd = pytest.importorskip("pandas")
pytest.importorskip("duckdb")

from rich.console import Console  # noqa: E402

from analyzer import labels  # noqa: E402
from analyzer.aggregate import health_index, message_summary, segments_frame, thread_summary  # noqa: E402
from analyzer.records import (LABELS, AnalysedDocument, Document, EmailMeta, Evidence, ScoredSegment,  # noqa: E402
                              Segment)
from analyzer.report import print_results, render_html  # noqa: E402
from analyzer.aggregate.results import Results  # noqa: E402
from analyzer.store import Store  # noqa: E402

FIFTH = labels.Label("stonewalling", "Stonewalling", "stonewall", "#0ea5e9", ("email",), -1,
                     "Refusing to engage: no answer, no date, no owner.")


@pytest.fixture
def fifth(monkeypatch):
    monkeypatch.setattr(labels, "REGISTRY", (*labels.REGISTRY, FIFTH))
    return FIFTH


def message(i: int, texts: list[tuple[str, tuple[str, ...]]], day: int) -> AnalysedDocument:
    """One email of thread t1 from supplier.example; each sentence flagged with the given labels."""
    body = " ".join(t for t, _ in texts)
    em = EmailMeta(message_id=f"<m{i}@x>", sender="kim@supplier.example", recipients=["pat@buyer.example"],
                   date=f"2026-03-{day:02d}T09:00:00+00:00", subject="Outage", thread_id="t1", position=i)
    doc = Document(id=f"m{i}", source=f"box.mbox#{i}", kind="email", text=body, email=em)
    segs, pos = [], 0
    for j, (t, flagged) in enumerate(texts):
        start = body.index(t, pos)
        pos = start + len(t)
        seg = Segment(doc.id, j, t, start, pos, "email", doc.source, message_id=em.message_id, thread_id="t1",
                      sender=em.sender, recipients=list(em.recipients), date=em.date, subject=em.subject)
        scores = {lb: 0.9 if lb in flagged else 0.1 for lb in labels.ids()}
        evidence = [Evidence(lb, "model", start, pos) for lb in flagged]
        segs.append(ScoredSegment(seg, scores, list(flagged), evidence, []))
    return AnalysedDocument(doc, segs)


def thread() -> list[AnalysedDocument]:
    # message 2 holds only the new label: with it negative, the thread escalates there and recovers at message 3
    return [message(1, [("Thanks for the update.", ())], 1),
            message(2, [("We will not discuss this further.", ("stonewalling",))], 2),
            message(3, [("Let us fix this together.", ("collaborative",))], 3)]


def test_the_registry_defines_the_four_shipped_labels():
    assert labels.ids() == LABELS == ("risk_pushing", "blame", "defensive_detail", "collaborative")
    assert labels.negative() == ("blame", "defensive_detail") and labels.positive() == ("collaborative",)
    assert labels.for_kind("contract") == ("risk_pushing", "collaborative")  # GUIDELINES G5
    assert labels.for_kind("email") == LABELS
    assert len(set(labels.colours().values())) == 4


def test_a_fifth_label_reaches_store_frame_and_aggregates(fifth, tmp_path):
    docs = thread()
    frame = segments_frame(docs)
    assert {"score_stonewalling", "is_stonewalling"} <= set(frame.columns)
    with Store(tmp_path / "s.duckdb") as store:
        store.write_documents(store.start_run("m", "v", [], {}), docs, "box.mbox")
        stored = store.segments_frame()
    assert stored["is_stonewalling"].tolist() == [False, True, False]
    pd.testing.assert_frame_equal(stored, frame.sort_values(["doc_id", "idx"]).reset_index(drop=True))

    msgs = message_summary(frame)
    assert msgs["n_stonewalling"].tolist() == [0, 1, 0]
    t = thread_summary(frame).iloc[0]
    assert t["escalated"] and t["escalation_position"] == 2 and t["recovered"]
    h = health_index(frame).iloc[0]
    assert (h["collaborative"], h["negative"], h["health"]) == (1, 1, 0.0)


def test_a_fifth_label_reaches_both_reports(fifth):
    results = Results(segments_frame(thread()))
    console = Console(record=True, width=160)
    print_results(results, console)
    header = next(line for line in console.export_text().splitlines() if line.strip().startswith("subject"))
    assert header.split()[1:6] == ["msgs", "blame", "defensive", "stonewall", "collab."]  # negative, then positive
    html = render_html(results)
    assert "stonewalling" in html and FIFTH.colour in html  # legend swatch and label mix bar
    assert "stonewalling 1" in html  # the thread's label mix


def test_a_fifth_label_reaches_the_app_label_helpers(fifth):
    pytest.importorskip("streamlit")
    from app import exporting, highlight
    from app import labels as corrections

    legend = highlight.legend_html()
    assert "Stonewalling" in legend and FIFTH.colour in legend
    assert "tone-stonewalling" in highlight.highlight_html("No comment.", [highlight.Span(0, 3, "stonewalling")])
    assert corrections.correction_row("No comment.", ["stonewalling"], "email")["labels"] == ["stonewalling"]
    assert '<Choice value="stonewalling"/>' in corrections.label_studio_config()
    frame = segments_frame(thread())
    assert exporting.filter_segments(frame, labels=["stonewalling"])["text"].tolist() == [
        "We will not discuss this further."]


def test_health_formula_and_period_words_come_from_one_place():
    from analyzer.aggregate.health import health_formula, period_name

    negative = "blame/defensive_detail"
    assert health_formula() == f"(collaborative \u2212 {negative}) / (collaborative + {negative})"
    assert (period_name("M"), period_name("W"), period_name("w-mon")) == ("month", "week", "week")

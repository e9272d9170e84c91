from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from rich.console import Console

from analyzer.aggregate.frame import SEGMENT_COLUMNS
from analyzer.records import LABELS, ReadError
from analyzer.report import print_results, render_html, write_html
from analyzer.report.formatting import health_text
from analyzer.aggregate.results import Results

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

NORTHWIND, CONTOSO = "northwind-retail.example", "contoso-ms.example"
DANA, TOM = f"dana@{NORTHWIND}", f"tom@{CONTOSO}"
ESCALATED, CALM = "Wave 2 milestone missed", "Weekly service report"


def seg(doc_id: str, idx: int, text: str, kind: str, source: str, labels: tuple[str, ...] = (),
        **fields) -> dict:
    row = dict.fromkeys(SEGMENT_COLUMNS)
    row.update(doc_id=doc_id, idx=idx, text=text, start=idx * 100, end=idx * 100 + len(text), kind=kind,
               source=source, recipients=[], cues=[])
    for lab in LABELS:
        row[f"score_{lab}"] = 0.9 if lab in labels else 0.05
        row[f"is_{lab}"] = lab in labels
    row.update(fields)
    return row


def mail(doc_id: str, thread: str, subject: str, sender: str, date: str, texts: list[tuple[str, tuple]]) -> list:
    meta = dict(message_id=f"<{doc_id}@x>", thread_id=thread, sender=sender, date=date, subject=subject,
                recipients=[TOM if sender == DANA else DANA])
    return [seg(doc_id, i, t, "email", f"mail/box.mbox#{doc_id}", labs, **meta) for i, (t, labs) in enumerate(texts)]


def hand_made_results() -> Results:
    c = "contracts/msa.pdf"
    rows = [
        seg("c1", 0, "The Supplier shall <b>indemnify</b> the Customer against all losses.", "contract", c,
            ("risk_pushing",), clause="4.2", page=2, heading="4 INDEMNITY > 4.2", score_risk_pushing=0.97,
            cues=["one_way_indemnity"]),
        seg("c1", 1, "The Customer may terminate this Agreement at its sole discretion.", "contract", c,
            ("risk_pushing",), clause="9.1", page=5, heading="9 TERMINATION > 9.1", score_risk_pushing=0.88,
            cues=["sole_discretion", "unilateral_termination"]),
        seg("c1", 2, "Each party's liability is capped at the Charges.", "contract", c, clause="12.1", page=6,
            cues=["mutual_term", "liability_capped"]),
        seg("c1", 3, "In this Agreement the following definitions apply.", "contract", c, clause="1.1", page=1),
    ]
    rows += mail("m1", "t-esc", ESCALATED, DANA, "2026-03-02T09:00:00+00:00",
                 [("Hi Tom, the M3 milestone was missed.", ()), ("Please confirm the new date.", ())])
    rows += mail("m2", "t-esc", f"RE: {ESCALATED}", TOM, "2026-03-03T10:00:00+00:00",
                 [("You failed to provide the access we needed.", ("blame",)),
                  ("Under clause 4.2 this work is out of scope.", ("defensive_detail",)),
                  ("Again your team let us down.", ("blame",))])
    rows += mail("m3", "t-esc", f"Re: {ESCALATED}", DANA, "2026-04-06T08:00:00+00:00",
                 [("Let's work together on a recovery plan.", ("collaborative",)),
                  ("Thanks for the quick call.", ("collaborative",))])
    rows += mail("m4", "t-calm", CALM, TOM, "2026-04-10T16:00:00+00:00",
                 [("Happy to walk you through the figures.", ("collaborative",)), ("Report attached.", ())])
    frame = pd.DataFrame(rows, columns=SEGMENT_COLUMNS)
    frame["date"] = pd.to_datetime(frame["date"], utc=True, errors="coerce")
    frame["page"] = frame["page"].astype(float)
    errors = [ReadError("in/locked.pdf", "encrypted", "PDF is encrypted <img src=http://evil.example/x.png>")]
    errors += [ReadError(f"in/bad{i}.docx", "corrupt", f"not a zip file ({i})") for i in range(22)]
    return Results(frame, errors)


@pytest.fixture(scope="module")
def results() -> Results:
    return hand_made_results()


@pytest.fixture(scope="module")
def html(results) -> str:
    return render_html(results)


def external_refs(html: str) -> list[str]:
    """src=/href=/url() references to other machines, in real tags and the stylesheet (escaped text has no tags)."""
    tags = re.findall(r"<[a-zA-Z][^>]*>", html)
    refs = [t for t in tags if re.search(r"""\b(src|href|xlink:href)\s*=\s*["']?\s*(https?:)?//""", t, re.I)]
    styles = "".join(re.findall(r"<style[^>]*>(.*?)</style>", html, flags=re.S | re.I))
    return refs + re.findall(r"url\(\s*['\"]?\s*(?:https?:)?//[^)]*\)|@import[^;]*", styles, flags=re.I)


def thread_rows(html: str) -> dict[str, str]:
    rows = re.findall(r"<tr class='thread'.*?</tr>", html, flags=re.S)
    return {subject: next(r for r in rows if subject in r) for subject in (ESCALATED, CALM)}


def test_aggregates_of_the_hand_made_frame(results) -> None:
    th = results.threads.set_index("subject")
    assert th.loc[ESCALATED, "escalated"] and th.loc[ESCALATED, "recovered"]
    assert th.loc[ESCALATED, "escalation_position"] == 2
    assert not th.loc[CALM, "escalated"]
    assert set(results.health["org"]) == {NORTHWIND, CONTOSO}
    assert list(results.risk_clauses["clause"]) == ["4.2", "9.1"]


def test_html_is_self_contained(html) -> None:
    assert html.startswith("<!DOCTYPE html>")
    assert external_refs(html) == []
    assert "https://" not in html and html.count("http://") == 1  # only in the escaped error message text
    assert "<svg" in html
    for script in re.findall(r"<script\b[^>]*>", html, flags=re.I):
        assert "src" not in script.lower()


def test_html_shows_orgs_threads_and_contract(html, results) -> None:
    for text in (NORTHWIND, CONTOSO, ESCALATED, CALM, "contracts/msa.pdf", "one_way_indemnity", "sole_discretion",
                 "Counterparty health over time", "Label mix per thread", "Contract risk profile", "How to read this",
                 "health = 2p - 1", "#b45309", "#dc2626", "#7c3aed", "#059669"):
        assert text in html, text
    for _, row in results.health.iterrows():
        assert health_text(row) in html
    assert re.search(r"<b>4\.2</b>.*?<td class='num'>2</td>.*?0\.97", html, flags=re.S)


def test_escalation_marker_only_on_the_escalated_thread(html) -> None:
    rows = thread_rows(html)
    assert "escalation-marker" in rows[ESCALATED] and "message 2 of 3" in rows[ESCALATED]
    assert "recovery-marker" in rows[ESCALATED]
    assert "escalation-marker" not in rows[CALM] and "recovery-marker" not in rows[CALM]
    assert "no escalation" in rows[CALM]


def test_document_text_is_escaped(html) -> None:
    assert "<b>indemnify</b>" not in html
    assert "&lt;b&gt;indemnify&lt;/b&gt;" in html
    assert "<img" not in html and "&lt;img src=http://evil.example/x.png&gt;" in html


def test_terminal_tables(results) -> None:
    console = Console(record=True, width=120)
    print_results(results, console)
    out = console.export_text()
    assert max(len(line) for line in out.splitlines()) <= 120
    for text in ("Contract risk profile", "msa.pdf", "67%", "one_way_indemnity", "4.2", "0.97", "9.1", "0.88",
                 ESCALATED, CALM, "#2 2026-03-03", "yes", NORTHWIND, CONTOSO, "2026-03", "2026-04",
                 "encrypted", "corrupt", "… 3 more"):
        assert text in out, text
    for _, row in results.health.iterrows():
        assert health_text(row) in out
    assert "bad18.docx" in out and "bad19.docx" not in out  # 20 error rows, then the rest counted


def test_empty_sections_are_skipped() -> None:
    empty = Results(pd.DataFrame(columns=SEGMENT_COLUMNS))
    console = Console(record=True, width=120)
    print_results(empty, console)
    assert console.export_text().strip() == ""
    page = render_html(empty)
    assert "Counterparty health over time" not in page and "Contract risk profile" not in page
    assert "How to read this" in page


def test_write_html(tmp_path, results) -> None:
    path = write_html(results, tmp_path / "out" / "report.html")
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_examples_report_with_the_shipped_model() -> None:
    from analyzer.runner import analyze

    res = analyze([str(EXAMPLES)])
    page = render_html(res)
    for org in (NORTHWIND, CONTOSO):
        assert org in page
        negative = res.health[(res.health["org"] == org) & (res.health["health"] < 0)]
        assert len(negative), f"{org} has no negative health period"
        assert any(health_text(row) in page for _, row in negative.iterrows())
    assert "<svg" in page and "escalation-marker" in page
    assert external_refs(page) == []

"""Long texts: no length limit of spaCy is reachable from segmentation or scoring, offsets stay exact, no segment is
absurdly long, and chunking changes no sentence of an ordinary text (issue 12, defect 1)."""
from __future__ import annotations

import random
import time
import tracemalloc

import pytest

import analyzer.segment.sentences as sentences
from analyzer.detect.cues import CueMatcher
from analyzer.records import Document, EmailMeta
from analyzer.segment import segment, split_sentences
from analyzer.segment.bounds import MAX_SEGMENT_CHARS, bounded_spans

SIX_MB = 6_000_000  # over the 5,000,000 of nlp.max_length that segmentation used to set


def _check(text: str, segs) -> None:
    assert segs
    for s in segs:
        assert text[s.start:s.end] == s.text
        assert 0 < len(s.text) <= MAX_SEGMENT_CHARS
        assert s.text == s.text.strip()
    starts = [s.start for s in segs]
    assert starts == sorted(starts) and all(a.end <= b.start for a, b in zip(segs, segs[1:]))


def test_a_6mb_one_line_contract_segments_with_exact_offsets():
    clause = "the Supplier shall indemnify the Customer against all losses however arising, "
    text = "1. Indemnity\n" + (clause * (SIX_MB // len(clause) + 1))[:SIX_MB]
    segs = segment(Document(id="d", source="big.txt", kind="contract", text=text))
    _check(text, segs)
    assert sum(len(s.text) for s in segs) > 0.99 * SIX_MB  # nothing lost but the whitespace at the cuts


def test_a_6mb_email_body_segments_with_exact_offsets():
    line = "your team failed to deliver the release again and we are not happy about it "
    text = "Hi Sam,\n\n" + (line * (SIX_MB // len(line) + 1))[:SIX_MB] + "\n\nThanks, Jo"
    meta = EmailMeta(message_id="<m@x>", sender="jo@x", recipients=["sam@y"], date=None, subject="Late")
    segs = segment(Document(id="d", source="big.eml", kind="email", text=text, email=meta))
    _check(text, segs)
    assert segs[0].text == "Hi Sam," and segs[-1].text == "Thanks, Jo"
    assert all(s.message_id == "<m@x>" for s in segs)


def test_a_huge_unpunctuated_sentence_becomes_bounded_pieces_cut_between_words():
    words = [random.Random(1).choice(["supplier", "shall", "pay", "all", "costs", "of", "the", "customer"])
             for _ in range(12_000)]
    text = "Preamble. " + " ".join(words) + ". Last sentence here."
    spans = split_sentences(text)
    assert text[spans[0][0]:spans[0][1]] == "Preamble."
    assert text[spans[-1][0]:spans[-1][1]] == "Last sentence here."
    middle = spans[1:-1]
    assert len(middle) >= len(text) // MAX_SEGMENT_CHARS
    for a, b in middle:
        assert b - a <= MAX_SEGMENT_CHARS
        assert (a == 0 or text[a - 1].isspace()) and (b == len(text) or not text[b].isalnum() or text[b - 1] == ".")
    assert " ".join(text[a:b] for a, b in middle) == " ".join(words) + "."


def test_a_giant_token_is_hard_split():
    text = "x" * (3 * MAX_SEGMENT_CHARS + 7)
    assert bounded_spans(text, 0, len(text)) == [(0, 5000), (5000, 10000), (10000, 15000), (15000, 15007)]


_PIECES = ["The Supplier shall pay", "see cl. 4.2 and Sch. 2", "e.g. the U.K. office", "Acme Inc. agrees",
           "whether or not", "Is that clear?", "Yes!", "(a) the Charges", "para. B2 applies", "No. 7 Road",
           "2026", "Dr. Smith", "Mr. Jones arrived", "as per s. 12", "at 9 a.m.", "approx. 40%"]
_GLUE = [" ", "  ", ". ", ".  ", ".\n", "\n", "\n\n", "; ", ", ", "? ", " \n ", ".\t"]


@pytest.mark.parametrize("seed", range(6))
def test_chunking_changes_no_sentence(monkeypatch, seed):
    """Chunks of 1,000 characters give exactly the sentences of one pass over the whole text (a chunk is cut short
    only for a sentence over half a chunk: none here)."""
    rng = random.Random(seed)
    text = "".join(rng.choice(_PIECES) + rng.choice(_GLUE) for _ in range(7_000))
    monkeypatch.setattr(sentences, "CHUNK_CHARS", 10**9)
    whole = split_sentences(text)
    assert len(text) > 100_000 and max(b - a for a, b in whole) < 500
    monkeypatch.setattr(sentences, "CHUNK_CHARS", 1_000)
    assert split_sentences(text) == whole


def test_blank_and_digit_only_texts_are_cheap():
    for text in ("\n" * 2_000_000, "7" * 2_000_000, "\n\n7" * 500_000):
        for kind in ("email", "contract"):
            t0 = time.perf_counter()
            assert segment(Document(id="d", source="x", kind=kind, text=text)) == []
            assert time.perf_counter() - t0 < 10, kind


def test_blank_lines_in_an_email_cost_no_memory_per_line():
    """A body of a million blank lines used to become a list of half a million paragraphs (~100 MB here, gigabytes
    for the 20 MB of the issue) before anything was segmented."""
    tracemalloc.start()
    try:
        assert segment(Document(id="d", source="x", kind="email", text="\n" * 1_000_000)) == []
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 10 * 2**20, peak


def test_the_cue_matcher_has_no_length_limit_of_its_own(monkeypatch):
    matcher = CueMatcher()
    monkeypatch.setattr(matcher.nlp, "max_length", 30_000)  # spaCy raises E088 over this
    monkeypatch.setattr("analyzer.detect.cues.MAX_CUE_CHARS", 20_000, raising=False)
    blame = "Your team failed to deliver the release. "
    filler = "The parties met on Tuesday to review the plan. " * 400
    text = filler + blame + filler + blame + filler
    found = [e for e in matcher.find(text) if e.cue == "second_person_failure"]
    assert len(found) == 2
    assert all(text[e.start:e.end] == "Your team failed" for e in found)
    assert matcher.find_many([blame, text])[0] == matcher.find(blame)


def test_a_long_text_is_scored_in_windows_with_evidence_offsets_into_it(monkeypatch):
    """predict() is public API: a text longer than a segment is scored window by window (its score is its strongest
    window's), never handed whole to spaCy or the n-gram hasher."""
    from analyzer.detect.model import load_model

    model = load_model()
    monkeypatch.setattr(model.cues.nlp, "max_length", 2 * MAX_SEGMENT_CHARS)  # spaCy raises E088 over this
    blame = "Your team failed to deliver the release again. "
    text = "Dear Sam, " + blame * 300
    pred = model.predict([text, blame])[0]
    ev = [e for e in pred.evidence if e.cue == "second_person_failure"]
    assert len(ev) == 300 and all(text[e.start:e.end] == "Your team failed" for e in ev)
    assert "blame" in pred.labels
    windows = [text[a:b] for a, b in bounded_spans(text, 0, len(text))]
    assert len(windows) >= 3 and max(map(len, windows)) <= MAX_SEGMENT_CHARS
    assert pred.scores["blame"] == max(p.scores["blame"] for p in model.predict(windows))
    assert model.predict_proba([text])[0] == pytest.approx(model.predict_proba(windows).max(axis=0))

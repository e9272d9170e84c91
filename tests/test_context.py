"""Contracts judged in context: parties, clause types, direction, qualifiers, mirrors and the decision.

The contracts here are written for the tests (short, but shaped like real ones: a preamble with defined names,
numbered clauses). Each test would fail if the piece it names broke.
"""
from __future__ import annotations

import numpy as np
import pytest

from analyzer.context.clause_typer import rule_type, type_segments
from analyzer.context.decide import FEATURES, ClauseFacts, ContextDecider, feature_row
from analyzer.context.direction import directions, qualifiers
from analyzer.context.judge import judge_contract
from analyzer.context.learned_typer import LearnedClauseTyper
from analyzer.context.mirrors import TypedClause, find_mirrors
from analyzer.context.parties import MUTUAL, find_parties
from analyzer.detect.model import DEFAULT_MODEL, load_model
from analyzer.extract import Extracted
from analyzer.records import Document
from analyzer.scoring import score_extracted
from analyzer.segment import segment

PREAMBLE = ('MASTER SERVICES AGREEMENT\n\nThis Master Services Agreement (the "Agreement") is made as of 1 March 2026 '
            'by and between Halvern Systems Inc., a Delaware corporation ("Halvern" or the "Supplier"), and Northgate '
            'Bank plc, a company registered in England (the "Customer"). Supplier and Customer are each a "Party".\n\n')
ONE_WAY_EXIT = "The Customer may terminate this Agreement for convenience at any time on thirty days' written notice."
MIRROR_EXIT = "The Supplier may terminate this Agreement for convenience at any time on ninety days' written notice."
FILLER = ("The Supplier shall provide the Services described in Schedule 1.", "Invoices are payable within 30 days.",
          "The Parties shall meet monthly to review performance.")


def contract(*clauses: str) -> str:
    body = "\n\n".join(f"{i}. {c}" for i, c in enumerate(clauses, 1))
    return PREAMBLE + body + "\n"


def judged(text: str, folder=DEFAULT_MODEL):
    doc = Document(id="c1", source="c1.txt", kind="contract", text=text)
    model = load_model(folder)
    return score_extracted([Extracted(doc, segment(doc))], model)[0]


def seg_with(ad, words: str):
    return next(s for s in ad.segments if words in s.segment.text)


# ---- parties ---------------------------------------------------------------------------------------------------
def test_parties_and_their_names_come_from_the_preamble():
    p = find_parties(contract(*FILLER))
    assert [x.id for x in p.parties] == ["A", "B"]
    assert {"Halvern Systems Inc.", "Halvern", "Supplier"} <= set(p.parties[0].names)
    assert {"Northgate Bank plc", "Customer"} <= set(p.parties[1].names)
    assert p.resolve("the Supplier") == "A" and p.resolve("Northgate Bank") == "B"
    assert p.resolve("either Party") == MUTUAL and p.resolve("the Parties") == MUTUAL
    assert p.other("A") == "B"
    assert "Party" not in p.parties[0].names  # "each a Party" marks both, it names neither


def test_unquoted_role_and_blank_name_still_give_two_parties():
    text = ("This Transportation Service Agreement is entered into by Great Lakes Pipeline Limited Partnership "
            "(Transporter) and ________________, an individual (\"Shipper\").\n\n1. Service.\n")
    names = [p.names for p in find_parties(text).parties]
    assert any("Transporter" in n for n in names) and any("Shipper" in n for n in names)


# ---- types, direction, qualifiers --------------------------------------------------------------------------------
@pytest.mark.parametrize("text,expected", [
    (ONE_WAY_EXIT, "termination_convenience"),
    ("In no event shall the Supplier be liable for any indirect or consequential damages.", "consequential_exclusion"),
    ("The Supplier's aggregate liability shall not exceed the fees paid in the preceding twelve months.",
     "liability_cap"),
    ("The Supplier shall indemnify and hold harmless the Customer from all claims.", "indemnity"),
    ("The Customer may set off any amount owed by the Supplier against any sums due.", "set_off"),
    ("The Supplier shall maintain general liability insurance of not less than $5,000,000.", "insurance"),
    ("Invoices are payable within 30 days.", None),
])
def test_rule_types(text, expected):
    assert rule_type(text) == expected


def test_a_continuation_sentence_takes_the_clause_type_before_it():
    texts = ["The Supplier shall indemnify the Customer against all Losses.",
             "Such Losses include fines imposed by any regulator.", "Invoices are payable within 30 days."]
    types, conf = type_segments(texts)
    assert types == ["indemnity", "indemnity", None] and conf[1] == 1.0


def test_direction_follows_the_grammar_of_each_type():
    p = find_parties(contract(*FILLER))
    texts = [ONE_WAY_EXIT, "The Supplier shall indemnify and hold harmless the Customer from all claims.",
             "Neither Party shall be liable for any indirect or consequential damages.",
             "In no event shall the Supplier be liable for any lost profits."]
    types = ["termination_convenience", "indemnity", "consequential_exclusion", "consequential_exclusion"]
    d = directions(texts, types, p)
    assert (d[0].mutual, d[0].favours, d[0].bears) == (False, "B", "A")  # the Customer holds the exit
    assert (d[1].favours, d[1].bears) == ("B", "A")  # the indemnitor bears it, the indemnitee is favoured
    assert d[2].mutual and d[2].favours is None
    assert (d[3].favours, d[3].bears) == ("A", "B")  # the excluded party is protected


def test_qualifiers():
    assert "compensated" in qualifiers("The Customer may terminate for convenience provided it pays for all work "
                                       "performed up to the date of termination.")
    assert "fault_based" in qualifiers("The Supplier shall indemnify the Customer for losses caused by its own "
                                       "negligence.")
    assert "mutual" in qualifiers("Either Party may terminate on ninety days' notice.")
    assert "own_affairs" in qualifiers("The Supplier may in its sole discretion replace its own subcontractors.")
    assert qualifiers("The Customer may terminate at any time.") == []


# ---- mirrors ------------------------------------------------------------------------------------------------------
def test_mirrors_link_swapped_roles_and_mutual_clauses_of_the_same_type():
    clauses = [TypedClause(2, "termination_convenience", False, "B", "A"),
               TypedClause(9, "termination_convenience", False, "A", "B"),
               TypedClause(4, "liability_cap", False, "A", "B"),
               TypedClause(6, "consequential_exclusion", False, "A", "B"),
               TypedClause(12, "consequential_exclusion", True, None, None),
               TypedClause(14, "audit", False, "B", "A")]
    m = find_mirrors(clauses)
    assert m[2] == 9 and m[9] == 2
    assert 4 not in m  # a cap for one side only: no mirror
    assert m[6] == 12  # a mutual exclusion balances the one-way one
    assert 14 not in m  # an audit right is one-way by nature


def test_judge_links_a_mirrored_exit_and_names_the_missing_right():
    mirrored = judged(contract(ONE_WAY_EXIT, *FILLER, MIRROR_EXIT))
    exit_a = seg_with(mirrored, "The Customer may terminate")
    exit_b = seg_with(mirrored, "The Supplier may terminate")
    assert exit_a.context.mirror_index == exit_b.segment.index
    assert exit_a.context.reason.startswith("balanced") and "mirrored by cl. " in exit_a.context.reason
    alone = judged(contract(ONE_WAY_EXIT, *FILLER))
    j = seg_with(alone, "The Customer may terminate").context
    assert j.mirror_index is None and j.favours == "Customer" and j.bears == "Supplier"
    assert "no matching right for Supplier" in j.reason


def test_decision_in_context_scores_an_unmirrored_clause_above_the_same_clause_mirrored():
    alone = seg_with(judged(contract(ONE_WAY_EXIT, *FILLER)), "The Customer may terminate")
    mirrored = seg_with(judged(contract(ONE_WAY_EXIT, *FILLER, MIRROR_EXIT)), "The Customer may terminate")
    assert alone.context.sentence_score == pytest.approx(mirrored.context.sentence_score)
    assert alone.scores["risk_pushing"] > mirrored.scores["risk_pushing"]


def test_contract_text_carries_no_correspondence_labels():
    ad = judged(contract("We reserve all our rights under clause 4.2 and this letter is without prejudice.",
                         "Your team failed to deliver on time and this is entirely your fault.", *FILLER))
    for s in ad.segments:
        assert not {"blame", "defensive_detail"} & set(s.labels)
        assert not {e.label for e in s.evidence} & {"blame", "defensive_detail"}


# ---- persistence ----------------------------------------------------------------------------------------------
def test_decider_and_typer_round_trip_without_pickle(tmp_path):
    rng = np.random.default_rng(0)
    X = rng.random((60, len(FEATURES)))
    y = (X[:, 0] > 0.5).astype(int)
    d = ContextDecider(1.0, 0.4).fit(X, y)
    d.save(tmp_path)
    back = ContextDecider.load(tmp_path)
    assert back.threshold == 0.4
    np.testing.assert_allclose(back.predict_proba(X), d.predict_proba(X), atol=1e-5)
    texts = ["The Supplier shall indemnify the Customer.", "The Customer may audit the books.",
             "Invoices are payable within 30 days.", "Either party may terminate for convenience."] * 3
    types = ["indemnity", "audit", "none", "termination_convenience"] * 3
    t = LearnedClauseTyper(4.0).fit(texts, types)
    t.save(tmp_path)
    t2 = LearnedClauseTyper.load(tmp_path)
    np.testing.assert_allclose(t2.predict_proba(texts), t.predict_proba(texts), atol=1e-5)
    assert t2.best(["The Customer may audit the books."])[0][0] == "audit"


def test_feature_row_reads_mirror_and_direction():
    open_ = feature_row(ClauseFacts(0.8, "termination_convenience", False, "A", None, (), 1.0))
    closed = feature_row(ClauseFacts(0.8, "termination_convenience", False, "A", 7, (), 1.0))
    i = FEATURES.index("open_one_way_logit")
    assert open_[i] > 0 and closed[i] == 0 and closed[FEATURES.index("mirrored")] == 1


def test_a_failing_judgement_keeps_the_sentence_result_with_a_warning(monkeypatch):
    import analyzer.context.judge as judge

    def broken(*a, **k):
        raise RuntimeError("boom")

    monkeypatch.setattr(judge, "judge_contract", broken)
    ad = judged(contract(ONE_WAY_EXIT, *FILLER))
    assert ad.segments and all(s.context is None for s in ad.segments)
    assert any("context judgement failed" in w for w in ad.document.warnings)

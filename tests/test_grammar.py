"""The grammar cue layer (analyzer/detect/grammar.py): self-written sentences only, no shared data."""
from __future__ import annotations

import time

import numpy as np
import pytest

from analyzer.detect.cues import ALL_CUES, CueMatcher
from analyzer.detect.grammar import (GRAMMAR_DOC, GRAMMAR_FEATURES, GRAMMAR_LABEL, GrammarCues, default_candidates,
                                     grammar_candidates, lexical_candidates)


@pytest.fixture(scope="module")
def g() -> GrammarCues:
    return GrammarCues()


def cues(g: GrammarCues, text: str) -> set[str]:
    return {e.cue for e in g.find(text)}


CASES = [  # text, features that must fire, features that must not
    ("Please put together the report by Friday.", {"together_object"}, {"joint_work_grammar"}),
    ("We missed the date.", {"self_ownership_grammar"}, {"agent_failure_counterparty"}),
    ("Your team missed the date again.", {"agent_failure_counterparty"}, {"self_ownership_grammar"}),
    ("The contractor is not meeting expectations.", {"agent_failure_counterparty"}, {"negated_failure"}),
    ("The delay was caused by the storm.", {"outsider_cause"}, {"agent_failure_counterparty", "due_to_party"}),
    ("This is all about avoiding payment.", {"motive_imputing"}, set()),
    ("They had 30 days to cure the breaches.", {"cure_period"}, set()),
    ("We have not given up any right under the agreement.", {"rights_not_waived"}, set()),
    ("Only the Attorney General has authority to negotiate.", {"authority_limit"}, set()),
    ("Testing was the responsibility of the vendor.", {"responsibility_assignment"}, set()),
    ("All parties will work closely on the transition.", {"joint_work_grammar"}, set()),
    ("We are committed to our role in delivering this.", {"relationship_commitment"}, set()),
    ("Let's get together after work.", {"together_object"}, {"joint_work_grammar"}),
    ("Our team failed to deliver the release.", {"self_ownership_grammar"}, {"agent_failure_counterparty"}),
    ("The project slipped because of the vendor's delays.", {"due_to_party"}, {"outsider_cause"}),
    ("The supplier did not fail to deliver the units.", {"negated_failure"}, {"agent_failure_counterparty"}),
    ("There was no delay on our side.", {"negated_failure"}, set()),
    ("If the vendor fails to deliver, we will terminate.", {"conditional_failure"}, {"agent_failure_counterparty"}),
    ("The integrator deliberately delayed the works.", {"motive_imputing", "agent_failure_counterparty"}, set()),
    ("We reserve all our rights under the contract.", {"rights_not_waived"}, set()),
    ("We are not authorised to agree to this change.", {"authority_limit"}, set()),
    ("We take full responsibility for the outage.", {"self_ownership_grammar"}, {"responsibility_assignment"}),
    ("The backlog was due to the pandemic.", {"outsider_cause"}, {"due_to_party"}),
    ("We will work closely with your team on the fix.", {"joint_work_grammar"}, set()),
    ("We value our partnership with you.", {"relationship_commitment"}, set()),
    ("Can you pull the numbers together?", {"together_object"}, set()),
    ("Let's get together for lunch next week.", {"together_object"}, set()),
]


@pytest.mark.parametrize("text,fire,quiet", CASES, ids=[c[0][:40] for c in CASES])
def test_feature_cases(g, text, fire, quiet):
    got = cues(g, text)
    assert fire <= got, (text, got)
    assert not (quiet & got), (text, got)


def test_put_together_is_no_collaborative_feature(g):
    ev = g.find("Please put together the report by Friday.")
    assert not [e for e in ev if e.label == "collaborative"]
    fast = {e.cue for e in CueMatcher().find("Please put together the report by Friday.")}
    assert "joint_action" not in fast  # the fast layer no longer reads a chore as joint work
    assert "joint_action" in {e.cue for e in CueMatcher().find("Let's work together on the fix.")}
    assert "joint_action" not in {e.cue for e in CueMatcher().find("Interest is payable together with the fee.")}


def test_tables_are_consistent():
    assert len(set(GRAMMAR_FEATURES)) == len(GRAMMAR_FEATURES)
    assert set(GRAMMAR_LABEL) == set(GRAMMAR_FEATURES) == set(GRAMMAR_DOC)
    assert set(GRAMMAR_LABEL.values()) <= {"blame", "defensive_detail", "collaborative", "none"}
    assert not set(GRAMMAR_FEATURES) & set(ALL_CUES)  # no clash with fast cue names in a joint feature space


def test_find_offsets_slice_the_matched_words(g):
    text = "Thanks for the call. Your team missed the date again."
    ev = [e for e in g.find(text) if e.cue == "agent_failure_counterparty"]
    assert [text[e.start:e.end] for e in ev] == ["Your team missed"]
    assert ev[0].label == "blame"
    for t, _, _ in CASES:
        for e in g.find(t):
            span = t[e.start:e.end]
            assert span and span == span.strip() and span[-1] not in ".,;", (t, e)
            assert e.label == GRAMMAR_LABEL[e.cue]
    assert g.find_many(["", "We missed the date."])[0] == []


def test_candidates_leave_other_rows_zero_and_unparsed(g):
    texts = ["Your team missed the date again.", "Our contractor missed the date again.", "Lunch is at noon."]
    fresh = GrammarCues()
    X = fresh.features(texts, np.array([False, True, False]))
    assert X.shape == (3, len(GRAMMAR_FEATURES)) and X.dtype == np.float32
    assert X[0].nnz == 0 and X[2].nnz == 0
    assert texts[0] not in fresh._memo and texts[2] not in fresh._memo
    assert X[1, GRAMMAR_FEATURES.index("self_ownership_grammar")] == 1.0
    assert set(np.unique(X.data)) <= {1.0}
    with pytest.raises(ValueError):
        fresh.features(texts, np.array([True]))


def test_candidate_masks():
    texts = ["Your team failed to deliver the release.", "Lunch is at noon.", "The delay was caused by the storm.",
             "Please send me the file.", "We reserve our rights.", "Let's work together."]
    lex = lexical_candidates(texts)
    assert lex.dtype == bool and lex.tolist() == [True, False, True, False, True, True]
    F = CueMatcher().features(texts)
    cand = grammar_candidates(F)
    assert cand.tolist() == (np.asarray(F.getnnz(axis=1)) > 0).tolist()
    flagged = grammar_candidates(F, np.array([False, True, False, False, False, False]))
    assert flagged[1] and flagged.sum() == cand.sum() + (not cand[1])
    assert default_candidates(texts).tolist() == (lex | cand).tolist()


def test_features_are_memoised(g):
    texts = [f"The vendor failed to deliver batch {i} on time." for i in range(40)]
    mask = np.ones(len(texts), dtype=bool)
    t0 = time.perf_counter()
    A = g.features(texts, mask)
    first = time.perf_counter() - t0
    t0 = time.perf_counter()
    B = g.features(texts, mask)
    second = time.perf_counter() - t0
    assert (A != B).nnz == 0
    assert A[:, GRAMMAR_FEATURES.index("agent_failure_counterparty")].sum() == len(texts)
    assert second < first / 3 + 0.01


def test_memo_is_bounded():
    small = GrammarCues(memo_size=3)
    small.features([f"We missed deadline {i}." for i in range(5)], np.ones(5, dtype=bool))
    assert len(small._memo) == 3


def test_default_candidates_and_pickle(g):
    import pickle

    X = g.features(["Lunch is at noon.", "We missed the date."])
    assert X[0].nnz == 0 and X[1, GRAMMAR_FEATURES.index("self_ownership_grammar")] == 1.0
    clone = pickle.loads(pickle.dumps(g))
    assert isinstance(clone, GrammarCues) and clone._memo == {} and clone.batch_size == g.batch_size

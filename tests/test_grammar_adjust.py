"""The grammar adjustment on the shipped default: hard negatives the words alone get wrong (issue 15)."""
from __future__ import annotations

import numpy as np
import pytest

from analyzer.detect.grammar import GrammarCues
from analyzer.detect.grammar_adjust import adjust
from analyzer.detect.model import ToneModel, load_model
from analyzer.records import LABELS


@pytest.fixture(scope="module")
def model() -> ToneModel:
    return load_model()


def _labels(model: ToneModel, text: str) -> list[str]:
    return model.predict([text])[0].labels


@pytest.mark.parametrize("text", ["Please put together the report by Friday.", "Let's get together after work.",
                                  "Could you pull together the numbers for the board pack?"])
def test_putting_things_together_is_not_collaboration(model, text) -> None:
    assert "collaborative" not in _labels(model, text)


@pytest.mark.parametrize("text", ["We missed the date.", "We missed the deadline and we take full responsibility for it.",
                                  "The delay was caused by the storm."])
def test_owning_a_failure_or_an_outside_cause_is_not_blame(model, text) -> None:
    assert "blame" not in _labels(model, text)


def test_the_counterparty_missing_it_again_is_blame(model) -> None:
    assert "blame" in _labels(model, "Your team missed the date again.")


def test_joint_work_is_collaborative_with_the_grammar_as_its_reason(model) -> None:
    pred = model.predict(["All parties will work closely on the transition."])[0]
    assert "collaborative" in pred.labels
    assert "joint_work_grammar" in {e.cue for e in pred.evidence}


def test_the_adjustment_is_what_keeps_a_meetup_from_being_collaboration(model) -> None:
    text = "Let's get together after work."
    j = LABELS.index("collaborative")
    with_grammar = model.predict_proba([text])[0, j]
    plain = load_model()
    plain.grammar_adjust = False
    assert with_grammar < plain.predict_proba([text])[0, j]


def test_rows_out_of_reach_are_not_parsed_and_not_moved() -> None:
    texts = ["Your team missed the date again.", "Let's get together after work.", "The weather was nice."]
    thresholds = {lab: 0.5 for lab in LABELS}
    P = np.zeros((3, len(LABELS)))
    b, c = LABELS.index("blame"), LABELS.index("collaborative")
    P[0, b], P[1, c], P[2, b] = 0.4, 0.6, 0.1  # row 2 is below REACH * threshold
    g = GrammarCues()
    out, found = adjust(texts, P, thresholds, g)
    assert out[0, b] == pytest.approx(0.4 + 0.5 * 0.6)  # the counterparty as agent of the failure: boosted
    assert out[1, c] == pytest.approx(0.3)  # a meet-up: halved
    assert out[2, b] == 0.1 and 2 not in found and texts[2] not in g._memo

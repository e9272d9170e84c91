"""Cues below 0.5 measured precision are features, never the reason shown for a flag."""
from __future__ import annotations

import re
from pathlib import Path

from analyzer.detect.evidence_policy import WEAK_CUES, shown
from analyzer.detect.model import load_model
from analyzer.records import Evidence

TABLE = Path(__file__).resolve().parents[1] / "corpora" / "protocol" / "CUE_PRECISION.md"
ROW = re.compile(r"^\| (\w+)(?: ⚠)? \| (\w+) \| (\d+) \| (\d+) \| ([\d.]+|–) \|")


def _weak_in_table() -> set[str]:
    weak = set()
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        m = ROW.match(line)
        if m and m[2] in ("blame", "defensive_detail", "collaborative") and int(m[3]) >= 5 and m[5] != "–" \
                and float(m[5]) < 0.5:
            weak.add(m[1])
    return weak


def test_weak_cue_list_matches_the_measured_table() -> None:
    assert _weak_in_table() == set(WEAK_CUES)


def test_weak_cues_are_not_shown() -> None:
    ev = [Evidence("collaborative", "offer_of_help", 0, 5), Evidence("collaborative", "commitment_to_resolve", 6, 9)]
    assert [e.cue for e in shown(ev)] == ["commitment_to_resolve"]


def test_a_flag_never_cites_a_weak_cue() -> None:
    model = load_model()
    texts = ["Happy to help if you need anything, let me know.", "Your team failed to deliver the release again.",
             "We will work together with your team to fix the root cause and keep you informed."]
    for pred in model.predict(texts):
        assert not {e.cue for e in pred.evidence} & WEAK_CUES
        assert all(e.label in pred.labels for e in pred.evidence)

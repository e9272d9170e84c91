"""The whole-contract set: its locked test part still matches the shared data, and its labels are sound pointers."""
from __future__ import annotations

import json

import pytest

from analyzer import locations
from analyzer.context.clause_types import QUALIFIERS, TYPE_IDS
from analyzer.train.contract_set import LABELS_DIR, LOCK, LOCK_V2, load_contracts, load_labels, locked_contracts, \
    locked_contracts_v2

pytestmark = pytest.mark.skipif(not (locations.shared_data() / "cuad" / "full_contracts.jsonl.gz").exists(),
                                reason="../shared/data/cuad is not beside the checkout")


def test_lock_holds_and_test_contracts_are_disjoint_from_rest():
    rest, test = locked_contracts()
    lock = json.loads(LOCK.read_text())
    assert len(test) == len(lock["test_contracts"]) == 12 and len(rest) == len(lock["picked"]) - 12
    assert not set(rest) & set(test)
    dev, test2 = locked_contracts_v2()
    assert set(dev) == set(lock["picked"]) and len(test2) == 15 and not set(dev) & set(test2)


def test_every_picked_contract_is_labelled_with_pointers_inside_its_text():
    contracts, labels = load_contracts(), load_labels()
    lock = json.loads(LOCK.read_text())
    assert set(labels) == set(lock["picked"]) | set(json.loads(LOCK_V2.read_text())["test_contracts"])
    for doc_id, lab in labels.items():
        text = contracts[doc_id].text
        assert len(lab.parties) >= 1
        for s in lab.spans:
            assert 0 <= s["start"] < s["end"] <= len(text)
            assert s["clause_type"] in TYPE_IDS and set(s["qualifiers"]) <= set(QUALIFIERS)
            assert s["label"] in (None, "risk_pushing") and s["confidence"] in ("high", "low")
            if s["mirror_of"]:
                a, b = s["mirror_of"]
                assert 0 <= a < b <= len(text)


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def test_label_files_hold_no_contract_text():
    """Pointers and names only: no field long enough to carry a clause."""
    for path in LABELS_DIR.glob("*.jsonl"):
        for line in path.open():
            row = json.loads(line)
            assert "text" not in row and all(len(s) < 200 for s in _strings(row))

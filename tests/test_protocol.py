"""The locked dispute test part (analyzer/train/protocol.py): deterministic, grouped, and verified against its lock."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from analyzer.train import protocol
from analyzer.train.protocol import DisputeRow

SHARED = protocol.locations.shared_data()


def _rows(n_disputes: int) -> list[DisputeRow]:
    labs = [("blame",), ("defensive_detail",), ("collaborative",), ()]
    return [DisputeRow(f"r{d}-{k}", f"made-up sentence {d} {k}", frozenset(labs[d % 4]), f"dispute {d}", "high", "x")
            for d in range(n_disputes) for k in range(3)]


def test_rule_is_stratified_and_grouped_without_shared_data() -> None:
    rows = _rows(200)
    split = protocol.compute_split(rows)
    test = {r.dispute for r in split.test}
    assert test == {r.dispute for r in protocol.compute_split(list(reversed(rows))).test}  # order does not matter
    assert not test & {r.dispute for r in split.rest}
    for label in ("blame", "defensive_detail", "collaborative", None):  # each stratum of 50 gives round(0.22*50)=11
        members = {f"dispute {d}" for d in range(200) if (d % 4 == 3) == (label is None)
                   and (label is None or protocol.TONAL.index(label) == d % 4)}
        assert len(members & test) == 11, label
    edited = [split.test[0].__class__(**{**split.test[0].__dict__, "text": "edited"})] + split.test[1:]
    assert protocol.part_hash(edited) != protocol.part_hash(split.test)  # one changed text changes the hash


def _need_shared() -> None:
    if not all((SHARED / a / b).exists() for a, b in protocol.FILES):
        pytest.skip(f"{SHARED} has no dispute_train/dispute_dev (../shared/data beside the checkout is absent)")


def test_locked_split_matches_the_recorded_lock() -> None:
    _need_shared()
    split = protocol.locked_split()
    lock = json.loads(protocol.LOCK.read_text(encoding="utf-8"))
    test, rest = {r.dispute for r in split.test}, {r.dispute for r in split.rest}
    assert not test & rest
    assert sorted(test) == lock["test_disputes"] and len(split.test) == lock["test_rows"]
    assert protocol.part_hash(split.test) == lock["test_hash"]
    assert protocol.make_lock(protocol.compute_split(protocol.load_dispute_rows())) == lock  # deterministic
    for label in protocol.TONAL:  # enough positives on both sides to score and to tune
        assert lock["summary"]["test"][f"{label}_high"] >= 30 and lock["summary"]["rest"][f"{label}_high"] >= 100


def test_lock_text_free() -> None:
    _need_shared()
    body = protocol.LOCK.read_text(encoding="utf-8")
    assert not any(r.text in body for r in protocol.load_dispute_rows())


def test_changed_data_is_refused(tmp_path: Path) -> None:
    _need_shared()
    lock = json.loads(protocol.LOCK.read_text(encoding="utf-8"))
    lock["test_hash"] = "0" * 64
    bad = tmp_path / "lock.json"
    bad.write_text(json.dumps(lock), encoding="utf-8")
    with pytest.raises(protocol.LockMismatch, match="rows changed"):
        protocol.locked_split(path=bad)
    lock["test_disputes"] = lock["test_disputes"][1:]
    bad.write_text(json.dumps(lock), encoding="utf-8")
    with pytest.raises(protocol.LockMismatch, match="test disputes changed"):
        protocol.locked_split(path=bad)
    with pytest.raises(FileExistsError):
        protocol.write_lock()

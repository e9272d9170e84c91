"""Neutral Enron mail kept as pointers (analyzer/train/neutral_mail.py): resolve, hash-check, labelled sample."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from analyzer.train import neutral_mail as nm

ENRON = nm.locations.shared_data() / nm.ENRON


def _need_shared() -> None:
    if not ENRON.exists():
        pytest.skip(f"{ENRON} is not present (../shared/data beside the checkout is absent)")


def test_pointer_files_hold_no_text() -> None:
    for name in ("segments.jsonl", "labels.jsonl", "second_pass.jsonl"):
        for ptr, rest in nm.read_pointers(nm.FOLDER / name)[:200]:
            assert len(ptr.sha) == 64 and set(rest) <= {"labels", "confidence"}, name


def test_pointers_round_trip_and_detect_a_changed_hash(tmp_path: Path) -> None:
    _need_shared()
    pointers = [p for p, _ in nm.read_pointers(nm.FOLDER / "labels.jsonl")][:25]
    texts = nm.resolve(pointers)
    assert [nm.sha(t) for t in texts] == [p.sha for p in pointers]
    path = tmp_path / "p.jsonl"
    nm.write_pointers(pointers, path, {pointers[0].key(): {"labels": ["blame"], "confidence": "low"}})
    back = nm.read_pointers(path)
    assert [p for p, _ in back] == pointers and back[0][1] == {"labels": ["blame"], "confidence": "low"}
    bad = [dataclasses.replace(pointers[3], sha="f" * 64)] + pointers[:3]
    with pytest.raises(nm.PointerMismatch, match="has changed"):
        nm.resolve(bad)
    with pytest.raises(nm.PointerMismatch, match="no segment"):
        nm.resolve([dataclasses.replace(pointers[0], seg=10_000)])


def test_labelled_sample_loads() -> None:
    _need_shared()
    sample = nm.load_labelled()
    assert len(sample) >= 600 and len({s.pointer.key() for s in sample}) == len(sample)
    assert sum(not s.labels for s in sample) / len(sample) > 0.9  # ordinary mail: nearly all none
    assert all(s.confidence in ("high", "low") and s.text.strip() for s in sample)

"""The evaluation protocol for real dispute language: a test part of whole disputes, locked before any tuning.

dispute_train + dispute_dev (../shared/data) are pooled and grouped by their `dispute` field. The test part is chosen
by a fixed rule, so anyone can recompute it:

1. each dispute gets a stratum: the tonal label with most positive rows in it (ties in the order blame,
   defensive_detail, collaborative), or `none` when it has no tonal positive;
2. within each stratum, disputes are ordered by sha256("tone-dispute-test-v1:" + dispute) and the first
   round(TEST_SHARE * n) of them are the test part.

Stratifying keeps enough positives of each label on both sides. corpora/protocol/dispute_test_lock.json records the
test disputes and a sha256 over the sorted (dispute, sha256(text)) pairs of the test rows (hashes and ids only, never
text). `locked_split()` recomputes both and raises `LockMismatch` when the shared data changed, so numbers are never
reported silently on a different test part. Tune cues, thresholds and weights only on the `rest` rows.
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .. import locations
from ..records import LABELS

SALT = "tone-dispute-test-v1"
TEST_SHARE = 0.22
TONAL = ("blame", "defensive_detail", "collaborative")
FILES = (("dispute_train", "rows.jsonl"), ("dispute_dev", "sentences.jsonl"))
LOCK = Path(__file__).resolve().parents[2] / "corpora" / "protocol" / "dispute_test_lock.json"


REPORTS = LOCK.parent / "test_reports.jsonl"  # one line per model (fingerprint) and locked part it was reported on


def reported(fingerprint: str, part: str = "dispute_test") -> bool:
    """Has the model with this fingerprint met this locked part already? (Lines without a part are dispute reports.)"""
    if not REPORTS.exists():
        return False
    rows = [json.loads(line) for line in REPORTS.open(encoding="utf-8") if line.strip()]
    return any(r["fingerprint"] == fingerprint and r.get("part", "dispute_test") == part for r in rows)


class LockMismatch(RuntimeError):
    """The shared dispute data no longer yields the recorded test part."""


@dataclass(frozen=True)
class DisputeRow:
    id: str
    text: str
    labels: frozenset[str]
    dispute: str
    confidence: str
    origin: str  # dispute_train | dispute_dev


@dataclass
class DisputeSplit:
    test: list[DisputeRow]
    rest: list[DisputeRow]

    def summary(self) -> dict[str, dict]:
        out = {}
        for side, rows in (("test", self.test), ("rest", self.rest)):
            out[side] = {"disputes": len({r.dispute for r in rows}), "rows": len(rows),
                         "high_rows": sum(r.confidence == "high" for r in rows),
                         **{lab: sum(lab in r.labels for r in rows) for lab in TONAL},
                         **{f"{lab}_high": sum(lab in r.labels and r.confidence == "high" for r in rows)
                            for lab in TONAL}}
        return out


def text_sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_dispute_rows(root: Path | None = None) -> list[DisputeRow]:
    """All rows of dispute_train and dispute_dev; raises FileNotFoundError when either file is missing."""
    root = root or locations.shared_data()
    rows = []
    for folder, name in FILES:
        path = root / folder / name
        if not path.exists():
            raise FileNotFoundError(f"{path} is not present (../shared/data beside the checkout)")
        for line in path.open(encoding="utf-8"):
            if line.strip():
                r = json.loads(line)
                rows.append(DisputeRow(r["id"], r["text"], frozenset(r["labels"]) & set(LABELS), r["dispute"],
                                       r.get("confidence", "high"), folder))
    return rows


def _rank(dispute: str) -> str:
    return hashlib.sha256(f"{SALT}:{dispute}".encode("utf-8")).hexdigest()


def stratum(rows: list[DisputeRow]) -> str:
    counts = Counter(lab for r in rows for lab in r.labels if lab in TONAL)
    if not counts:
        return "none"
    return max(TONAL, key=lambda lab: (counts[lab], -TONAL.index(lab)))


def test_disputes(rows: list[DisputeRow], share: float = TEST_SHARE) -> list[str]:
    """The rule in the module docstring: per stratum, the round(share * n) disputes with the lowest salted hash."""
    by_dispute: dict[str, list[DisputeRow]] = {}
    for r in rows:
        by_dispute.setdefault(r.dispute, []).append(r)
    strata: dict[str, list[str]] = {}
    for d, rs in by_dispute.items():
        strata.setdefault(stratum(rs), []).append(d)
    chosen = []
    for members in strata.values():
        members.sort(key=_rank)
        chosen += members[:round(share * len(members))]
    return sorted(chosen)


def part_hash(rows: list[DisputeRow]) -> str:
    """sha256 over the sorted (dispute, sha256(text)) pairs, one per line."""
    pairs = sorted(f"{r.dispute}\t{text_sha(r.text)}" for r in rows)
    return hashlib.sha256("\n".join(pairs).encode("utf-8")).hexdigest()


def compute_split(rows: list[DisputeRow]) -> DisputeSplit:
    test = set(test_disputes(rows))
    return DisputeSplit([r for r in rows if r.dispute in test], [r for r in rows if r.dispute not in test])


def make_lock(split: DisputeSplit) -> dict:
    return {"rule": f"per stratum (dominant tonal label or none), round({TEST_SHARE} * n) disputes with the lowest "
                    f"sha256('{SALT}:' + dispute); see analyzer/train/protocol.py",
            "salt": SALT, "test_share": TEST_SHARE, "sources": [f"{a}/{b}" for a, b in FILES],
            "test_disputes": sorted({r.dispute for r in split.test}),
            "test_rows": len(split.test), "test_hash": part_hash(split.test), "summary": split.summary()}


def write_lock(root: Path | None = None, path: Path = LOCK) -> dict:
    """Record the lock once; refuses to overwrite an existing lock (a new lock is a new protocol version)."""
    if path.exists():
        raise FileExistsError(f"{path} exists: the test part is locked; bump SALT for a new protocol version")
    lock = make_lock(compute_split(load_dispute_rows(root)))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(lock, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return lock


def locked_split(root: Path | None = None, path: Path = LOCK) -> DisputeSplit:
    """The split, verified against the recorded lock; LockMismatch explains what differs."""
    lock = json.loads(path.read_text(encoding="utf-8"))
    split = compute_split(load_dispute_rows(root))
    disputes = sorted({r.dispute for r in split.test})
    if disputes != lock["test_disputes"]:
        gone = sorted(set(lock["test_disputes"]) - set(disputes))
        new = sorted(set(disputes) - set(lock["test_disputes"]))
        raise LockMismatch(f"the test disputes changed (missing {gone[:5]}, new {new[:5]}): the shared dispute data "
                           f"differs from the one locked in {path.name}")
    got = part_hash(split.test)
    if got != lock["test_hash"]:
        raise LockMismatch(f"the test part's rows changed (hash {got[:12]}… != locked {lock['test_hash'][:12]}…, "
                           f"{len(split.test)} rows vs {lock['test_rows']}): the shared dispute data was edited")
    return split


if __name__ == "__main__":  # python -m analyzer.train.protocol: write the lock (only once)
    print(json.dumps(write_lock()["summary"], indent=1))
